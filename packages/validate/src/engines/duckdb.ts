import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { headerBelowTitles, isUtf8, mustBeFile, trimTrailingEmpty } from '../inputs.js';
import { csvBatches, CsvParser, csvRecords, UNBALANCED, type CsvRecord } from '../readers/csv.js';
import { EncodingMismatch, readText, type Encoding } from '../readers/text.js';
import type { RecordModel, SemanticModel } from '@mds/language';
import { cellAsRead, DIALECT, extraKeysColumn, fieldPaths, flatColumns, isNested, jsonTypeColumn, jsonTypesOf, type FieldPath } from '@mds/generators';
import { InputError } from '../readers/types.js';
import { resolveColumns, unknownColumn, type Column } from '../shape.js';
import { rowShapeProblem } from '../checker.js';
import { rowOfLine, type SourceRows, type SqlRunner } from './sql-engine.js';
import { duckDbClient } from './clients.js';

/**
 * An embedded DuckDB (in process) as a SqlRunner. It gets a temporary folder to spill to, so an
 * input larger than its memory limit (`memoryLimit`, e.g. `2GB`; DuckDB's default is 80 % of the
 * RAM) is worked through on disk instead of failing; the folder is removed on close.
 */
export async function openDuckDb(options: { memoryLimit?: string } = {}): Promise<SqlRunner & { close(): void }> {
    const { DuckDBInstance } = duckDbClient();
    const spill = mkdtempSync(join(tmpdir(), 'mds-duckdb-'));
    let instance, connection;
    try {
        instance = await DuckDBInstance.create(':memory:', {
            preserve_insertion_order: 'true', temp_directory: spill, ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {})
        });
        connection = await instance.connect();
    } catch (e) {
        instance?.closeSync();
        rmSync(spill, { recursive: true, force: true });
        throw new InputError(`DuckDB: ${(e as Error).message.split('\n')[0]}`);
    }
    return {
        dialect: DIALECT.duckdb,
        async all(sql) {
            const reader = await connection.runAndReadAll(sql);
            return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
        },
        async overRelation(query, statements) {
            await connection.run(`CREATE OR REPLACE TEMP TABLE mds_flags AS ${query}`);
            try {
                const out: Array<Array<Record<string, unknown>>> = [];
                for (const s of statements) out.push((await connection.runAndReadAll(s('mds_flags'))).getRowObjectsJson() as Array<Record<string, unknown>>);
                return out;
            } finally {
                await connection.run('DROP TABLE IF EXISTS mds_flags');
            }
        },
        onePass: {
            // DuckDB's limit for `min_by(…, n)` is n < 1,000,000.
            maxRows: 100_000,
            firstRows: (relation, order, n, where) => `min_by(${relation}, ${order}, ${n}) FILTER (WHERE ${where})`,
            // Distinct values among those whose hash falls in 1/16 of the range, times 16 (≈ 0.2 % off at a million
            // values; DuckDB's approx_count_distinct was up to 16 % off on the bench data).
            approxDistinct: x => `16 * count(DISTINCT hash(${x})) FILTER (WHERE ${x} IS NOT NULL AND hash(${x}) % 16 = 0)`,
            frequent: (x, k, where) => `approx_top_k(${x}, ${k}) FILTER (WHERE ${where})`,
            async temporary(name, query) {
                await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${query}`);
                return name;
            },
            async drop(name) {
                await connection.run(`DROP TABLE IF EXISTS ${name}`);
            }
        },
        close() {
            connection.closeSync();
            instance.closeSync();
            rmSync(spill, { recursive: true, force: true });
        }
    };
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** A cell's text as the streaming validator reads it for its field (numbers, dates… trimmed). */
const cell = (expr: string, p: FieldPath) => cellAsRead(DIALECT.duckdb, expr, p);
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** One column of a relation as the text the checks read (lists and structs as JSON, times in RFC 3339). */
function asText(expr: string, type: string): string {
    const t = type.toUpperCase();
    if (t === 'VARCHAR') return expr;
    if (t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP') || t === 'JSON') return `CAST(to_json(${expr}) AS VARCHAR)`;
    if (t === 'TIMESTAMP WITH TIME ZONE') return `strftime(${expr} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') || 'Z'`;
    if (t.startsWith('TIMESTAMP')) return `strftime(${expr}, '%Y-%m-%dT%H:%M:%S')`;
    return `CAST(${expr} AS VARCHAR)`;
}

/**
 * The flat text relation of data files for the checks: CSV read as text (every column VARCHAR, so
 * a value that is not a number is a type violation, not a load error), JSONL and Parquet with
 * their columns as text; header names or Chinese labels mapped to field paths as in the streaming
 * validator (an unknown column is an InputError); nested records of JSONL/Parquet read from their
 * object or struct column. `__row` numbers the rows in file order.
 *
 * CSV and JSONL are parsed on every read, and the checks read the data more than once: they are
 * read once, in parallel, into a temporary table (DuckDB keeps the order of insertion, so `rowid`
 * numbers the rows; no window over the input). Parquet is read as it is, rows numbered by the files.
 */
export async function duckDbSource(runner: SqlRunner, files: string[], model: SemanticModel, record: RecordModel, shownAs: string[] = files):
    Promise<{ source: string; format: string; firstLine?: number; jsonTypes?: boolean; rows?: SourceRows }> {
    const ext = new Set(files.map(f => extname(f).toLowerCase()));
    if (ext.size !== 1) throw new InputError('--engine duckdb：所有文件须为同一种（.csv、.jsonl 或 .parquet）/ all files must be of one kind (.csv, .jsonl or .parquet)');
    const list = `[${files.map(lit).join(', ')}]`;
    const kind = [...ext][0];
    if (kind === '.csv') return csvSource(runner, files, shownAs, model, record);
    if (kind === '.jsonl' || kind === '.ndjson') {
        // Each line as raw JSON, values read by path as written (no type guessing of dates or numbers, no trimming:
        // JSON values are typed) — as text, arrays and objects as JSON text, null as `null` — with their JSON
        // types beside them (jsonTypeColumn); all paths in one call of each kind (each parses the line once).
        const paths = [...flatColumns(model, record), ...fieldPaths(model, record).filter(isNested)];
        const path = (p: FieldPath) => lit('$.' + p.names.map(n => `"${n}"`).join('.'));
        const among = (xs: string[]) => xs.map(lit).join(', ');
        const values = paths.flatMap((p, i) => {
            const t = `t[${i + 1}]`;
            return [
                `CASE WHEN ${t} = 'NULL' THEN 'null' WHEN ${t} = 'OBJECT' AND ${isNested(p)} THEN NULL ELSE s[${i + 1}] END AS ${q(p.path)}`,
                `CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} = 'NULL' THEN 2 WHEN ${t} IN (${among(jsonTypesOf(p))}) THEN 0 ELSE 1 END AS ${q(jsonTypeColumn(p.path))}`
            ];
        });
        // Per object (the row's, each nested record's): how many of its keys name no field of its record.
        const fields = fieldPaths(model, record);
        const objects = [undefined, ...fields.filter(isNested)];
        const extras = objects.map((o, i) => {
            const names = fields.filter(f => f.names.length === (o ? o.names.length + 1 : 1) && (!o || f.path.startsWith(o.path + '.'))).map(f => f.names[f.names.length - 1]);
            const keys = o ? `json_keys(json, ${path(o)})` : 'json_keys(json)';
            return { inner: `len(list_filter(${keys}, k -> NOT list_contains([${among(names)}], k))) AS e${i}`, outer: `e${i} AS ${q(extraKeysColumn(o?.path ?? ''))}` };
        });
        values.push(...extras.map(e => e.outer));
        const calls = `json_type(json, [${paths.map(path).join(', ')}]) AS t, json_extract_string(json, [${paths.map(path).join(', ')}]) AS s, ${extras.map(e => e.inner).join(', ')}, json IS NULL AS __bad`;
        // A line that is not JSON is a row of its own (NULL, with ignore_errors: blank lines are skipped, as in the
        // streaming reader), reported as the streaming validator reports it; without, one such line ended the run.
        // Several files: each row's file, so rows are numbered per file with their file, as the streaming validator numbers them.
        const several = files.length > 1;
        const name = await stagedTable(runner, `SELECT ${values.join(', ')}, __bad${several ? ', filename AS __file' : ''} `
            + `FROM (SELECT ${calls}${several ? ', filename' : ''} FROM read_ndjson_objects(${list}, ignore_errors = true${several ? ', filename = true' : ''}))`);
        const bad = await runner.all(`SELECT rowid + 1 AS row FROM ${name} WHERE __bad ORDER BY row`);
        const unread = bad.map(b => ({ row: Number(b.row), ...NOT_JSON }));
        const counts = several
            ? new Map((await runner.all(`SELECT __file, count(*) AS n FROM ${name} GROUP BY __file`)).map(r => [String(r.__file), Number(r.n)]))
            : new Map([[files[0], Number((await runner.all(`SELECT count(*) AS n FROM ${name}`))[0].n)]]);
        const perFile: SourceRows['files'] = [];
        for (const [i, f] of files.entries()) {
            const lines = await jsonLineBreakpoints(f);
            perFile.push({ file: shownAs[i], rows: counts.get(f) ?? 0, ...(lines.length ? { lines } : {}) });
        }
        return {
            source: `SELECT * EXCLUDE (__bad${several ? ', __file' : ''}), rowid + 1 AS __row FROM ${name} WHERE NOT __bad`,
            format: 'jsonl', firstLine: 1, jsonTypes: true, rows: { unread, files: perFile, counted: true }
        };
    }
    if (kind !== '.parquet') throw new InputError(`--engine duckdb 只读取 .csv、.jsonl 与 .parquet 文件，不读 ${kind} / --engine duckdb reads .csv, .jsonl and .parquet files, not ${kind}`);
    const raw = `read_parquet(${list})`;
    let described: Array<Record<string, unknown>>;
    try {
        described = await runner.all(`DESCRIBE SELECT * FROM ${raw}`);
    } catch (e) {
        throw new InputError(`DuckDB 无法读取 / cannot read ${files.join(', ')}: ${(e as Error).message.split('\n')[0]}`);
    }
    const types = new Map(described.map(r => [String(r.column_name), String(r.column_type)]));
    const projection: string[] = [];
    for (const p of flatColumns(model, record)) {
        if (types.has(p.path) && p.names.length > 1) {
            // A flat column named by the path (`address.division`), as a CSV export has it.
            projection.push(`${cell(asText(q(p.path), types.get(p.path)!), p)} AS ${q(p.path)}`);
            continue;
        }
        const type = types.get(p.names[0]);
        if (type === undefined) continue;
        const top = q(p.names[0]);
        if (p.names.length === 1) projection.push(`${cell(asText(top, type), p)} AS ${q(p.path)}`);
        else if (type.toUpperCase().startsWith('STRUCT')) projection.push(`${cell(asText(`${top}.${p.names.slice(1).map(q).join('.')}`, 'VARCHAR?'), p)} AS ${q(p.path)}`);
        else projection.push(`${cell(`json_extract_string(CAST(to_json(${top}) AS VARCHAR), ${lit('$.' + p.names.slice(1).join('.'))})`, p)} AS ${q(p.path)}`);
    }
    const fields = new Set(flatColumns(model, record).flatMap(p => [p.names[0], p.path]));
    const unknown = [...types.keys()].filter(k => !fields.has(k) && !record.fields.some(f => f.name === k));
    if (unknown.length) throw new InputError(`${shownAs.join('、')}: 列“${unknown[0]}”/ column "${unknown[0]}"：${unknownColumn(model, record, unknown[0])}`);
    absentAsNull(projection, model, record);
    // Row numbers from the files themselves: no window over the whole input, and the scan may run out of order.
    const { rowNumber, from } = await parquetRows(runner, files, list);
    return { source: `SELECT ${projection.join(', ')}, ${rowNumber} AS __row FROM ${from}`, format: 'parquet' };
}

/** Field paths the file does not have: absent values (a projection item each, after those it has). */
function absentAsNull(projection: string[], model: SemanticModel, record: RecordModel): void {
    const have = new Set(projection.map(p => p.slice(p.lastIndexOf(' AS ') + 4)));
    for (const p of flatColumns(model, record)) if (!have.has(q(p.path))) projection.push(`CAST(NULL AS VARCHAR) AS ${q(p.path)}`);
}

/**
 * CSV files read as the streaming reader reads them: RFC 4180 with a comma and double quotes
 * (DuckDB's sniffer is not asked: one ragged row made it take the whole header for one column,
 * and the run ended with "column 1 … matches no field"), each file by its own header (read by
 * our CsvParser; trailing empty header cells are no columns), every cell as text. A row DuckDB
 * cannot read — too few or too many cells, a quote never closed — is kept out of the table
 * (`store_rejects`) and reported as the streaming validator reports it (`row-shape`,
 * `unbalanced-quote`), numbered among the rows; `rows` says so and how many rows each file has.
 */
async function csvSource(runner: SqlRunner, files: string[], shownAs: string[], model: SemanticModel, record: RecordModel):
    Promise<{ source: string; format: string; firstLine: number; rows: SourceRows }> {
    const name = `mds_src_${++tables}`;
    const rows: SourceRows = { unread: [], files: [] };
    let before = 0, read = 0;
    for (const [i, f] of files.entries()) {
        const parsed = csvRecords(readText(f, 'utf-8').chunks);
        const first = await parsed.next();
        const written = (!first.done && first.value.cells) || [];
        if (!written.length) {
            await parsed.return(undefined); // closes the file
            throw new InputError(`${shownAs[i]}：没有表头 / no header row`);
        }
        const header = trimTrailingEmpty(written.map(h => h.trim() === '' ? '' : h));
        let resolved: Column[];
        try {
            // Title rows above the header: the streaming validator skips them; DuckDB reads from the first line, so they are refused.
            const nextRecord = async () => {
                const next = await parsed.next();
                return next.done || !next.value.cells ? undefined : { header: trimTrailingEmpty(next.value.cells), headerLine: next.value.line };
            };
            const found = await headerBelowTitles({ header, headerLine: first.value!.line }, nextRecord, h => resolveColumns(model, record, h));
            if (found.titles.length) {
                const line = found.titles[0].line;
                throw new InputError(`第 ${line} 行像是标题行：--engine duckdb 要求表头在第一行；请删去表头之上的标题行，或不加 --engine duckdb 校验（流式校验会跳过标题行）/ line ${line} looks like a title: --engine duckdb needs the header first; remove the title rows, or validate without --engine duckdb (it skips them)`);
            }
            resolved = found.resolved;
        } catch (e) {
            throw e instanceof InputError ? new InputError(`${shownAs[i]}: ${e.message}`) : e;
        } finally {
            await parsed.return(undefined); // closes the file
        }
        const projection = resolved.map((c, k) => `${cell(q(`c${k}`), c.target)} AS ${q(c.target.path)}`);
        absentAsNull(projection, model, record);
        const rejects = `${name}_rejects_${i}`, scans = `${name}_scans_${i}`;
        const columns = `{${written.map((_, k) => `${lit(`c${k}`)}: 'VARCHAR'`).join(', ')}}`;
        const from = `read_csv(${lit(f)}, header = true, auto_detect = false, columns = ${columns}, delim = ',', quote = '"', escape = '"', `
            + `store_rejects = true, rejects_table = ${lit(rejects)}, rejects_scan = ${lit(scans)})`;
        try {
            await runner.all(i === 0 ? `CREATE TEMP TABLE ${name} AS SELECT ${projection.join(', ')} FROM ${from}` : `INSERT INTO ${name} SELECT ${projection.join(', ')} FROM ${from}`);
        } catch (e) {
            const message = (e as Error).message.split('\n')[0];
            // DuckDB reads one kind of line end a file: a lone CR among LFs (which the streaming reader takes for a line end) stops it.
            const hint = /state machine/.test(message) ? '（可能混用了换行符，如 LF 中夹着单独的 CR；不加 --engine duckdb 的流式校验可以读取 / mixed line ends? the streaming validator, without --engine duckdb, reads them）' : '';
            throw new InputError(`DuckDB 无法读取 / cannot read ${shownAs[i]}: ${message}${hint}`);
        }
        const [count] = await runner.all(`SELECT count(*) AS n FROM ${name}`);
        const bad = await runner.all(`SELECT line, list(DISTINCT error_type) AS types, any_value(csv_line) AS text FROM ${rejects} GROUP BY line ORDER BY line`);
        await runner.all(`DROP TABLE ${rejects}`);
        await runner.all(`DROP TABLE ${scans}`);
        const here = Number(count.n) - read;
        const lines = await lineBreakpoints(f);
        read += here;
        for (const b of bad) {
            const line = Number(b.line), types = (b.types as string[]).map(String);
            const shape = types.includes('MISSING COLUMNS') || types.includes('TOO MANY COLUMNS');
            if (!shape && !types.includes('UNQUOTED VALUE')) throw new InputError(`${shownAs[i]}:${line}: DuckDB 无法读取这一行 / DuckDB cannot read this row (${types.join(', ')})`);
            // A row of DuckDB's rejects carries its line only: its row from the file's lines.
            rows.unread.push({ row: before + rowOfLine(lines, line, 2), ...(shape ? rowShape(String(b.text ?? ''), header.length) : UNBALANCED) });
        }
        before += here + bad.length;
        rows.files.push({ file: shownAs[i], rows: here + bad.length, ...(lines.length ? { lines } : {}) });
    }
    return { source: `SELECT *, rowid + 1 AS __row FROM ${name}`, format: 'csv', firstLine: 2, rows };
}

/**
 * Where a CSV file's rows are not one line each — after a blank line (skipped) or a quoted cell
 * with line breaks — as lineOfRow's breakpoints: `[row, line]` wherever the line of a row stops
 * being the previous breakpoint's plus one a row. Such a file is read through our CsvParser (the
 * streaming validator's own numbering); one without quotes or blank lines is only searched for them.
 */
async function lineBreakpoints(file: string): Promise<Array<[number, number]>> {
    if (!(await contains(file, [34, '\n\n', '\n\r\n']))) return [];
    const points: Array<[number, number]> = [];
    let shift = 0; // line - (data row + 1): 0 while every row is one line
    for await (const batch of csvBatches(readText(file, 'utf-8').chunks)) {
        for (const r of batch) {
            const row = r.row - 1; // the parser counts the header as row 1
            if (row >= 1 && r.line - row - 1 !== shift) {
                shift = r.line - row - 1;
                points.push([row, r.line]);
            }
        }
    }
    return points;
}

/**
 * The JSONL counterpart of lineBreakpoints: where rows and lines part after blank (or white-space)
 * lines, which both readers skip. Only a file with a line that is empty or starts with white space
 * is read through (lines counted, no JSON parsed).
 */
async function jsonLineBreakpoints(file: string): Promise<Array<[number, number]>> {
    if (!(await contains(file, ['\n\n', '\n\r', '\n ', '\n\t']))) return [];
    const points: Array<[number, number]> = [];
    let line = 0, row = 0, shift = 0, rest = '';
    const see = (text: string) => {
        line++;
        if (!text.trim()) return; // skipped, as JsonLinesParser skips it
        row++;
        if (line - row !== shift) {
            shift = line - row;
            points.push([row, line]);
        }
    };
    for await (const chunk of readText(file, 'utf-8').chunks) {
        const text = rest + chunk;
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
            see(text.slice(start, nl));
            start = nl + 1;
        }
        rest = text.slice(start);
    }
    if (rest) see(rest);
    return points;
}

/**
 * Whether a file holds any of these bytes or byte strings (the start of the file counts as after a
 * line end): memchr-speed searches in one reused buffer, no decoding.
 */
async function contains(file: string, needles: Array<number | string>): Promise<boolean> {
    const handle = await open(file, 'r');
    try {
        const buffer = Buffer.alloc(1 << 20);
        buffer[0] = 10;
        let kept = 1; // the previous read's last bytes, moved to the front: a needle across two reads
        for (;;) {
            const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept);
            if (bytesRead === 0) return false;
            const view = buffer.subarray(0, kept + bytesRead);
            if (needles.some(n => view.indexOf(n) !== -1)) return true;
            kept = Math.min(2, view.length);
            view.copy(buffer, 0, view.length - kept);
        }
    } finally {
        await handle.close();
    }
}

/** A row of too few or too many cells, in the streaming validator's words. */
function rowShape(text: string, columns: number): { code: string; message: string } {
    const out: CsvRecord[] = [];
    new CsvParser().parse(text, true, out);
    return rowShapeProblem(out[0]?.cells?.length ?? 0, columns);
}

let tables = 0;

/** The rows of `query` in a temporary table of their own (gone when the connection closes; `rowid` numbers them in their order): its name. */
async function stagedTable(runner: SqlRunner, query: string): Promise<string> {
    const name = `mds_src_${++tables}`;
    await runner.all(`CREATE TEMP TABLE ${name} AS ${query}`);
    return name;
}

/** A JSONL line that is not JSON (DuckDB does not say why; the streaming validator gives JSON.parse's reason). */
const NOT_JSON = { code: 'json-syntax', message: '这一行不是 JSON / the line is not JSON' };

/**
 * The data row number of Parquet files (1-based, counted on over the files in their order) from
 * each file's own row number and the rows of the files before it (their metadata).
 */
async function parquetRows(runner: SqlRunner, files: string[], list: string): Promise<{ rowNumber: string; from: string }> {
    if (files.length === 1) return { rowNumber: 'file_row_number + 1', from: `read_parquet(${list}, file_row_number = true)` };
    const counts = await runner.all(`SELECT file_name, sum(num_rows) AS n FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows AS num_rows FROM parquet_metadata(${list})) GROUP BY file_name`);
    const rows = new Map(counts.map(r => [String(r.file_name), Number(r.n)]));
    let offset = 0;
    const cases: string[] = [];
    for (const f of files) {
        cases.push(`WHEN ${lit(f)} THEN ${offset}`);
        offset += rows.get(f) ?? 0;
    }
    return { rowNumber: `file_row_number + 1 + CASE filename ${cases.join(' ')} END`, from: `read_parquet(${list}, file_row_number = true, filename = true)` };
}

/**
 * DuckDB reads UTF-8 only (GB18030 would need an extension it downloads): a CSV in GB18030 is
 * transcoded, streaming, to a temporary UTF-8 file first. Returns the files to read, the encoding
 * of each, and a function that removes the temporary files.
 */
export async function utf8Inputs(files: string[], encoding?: Encoding): Promise<{ files: string[]; encodings: Encoding[]; cleanup(): void }> {
    const temp: string[] = [];
    const out: string[] = [], encodings: Encoding[] = [];
    for (const f of files) {
        mustBeFile(f); // a missing file ended in an internal error from the encoding check
        const isCsv = extname(f).toLowerCase() === '.csv';
        const enc: Encoding = encoding ?? (isCsv && !(await isUtf8(f)) ? 'gb18030' : 'utf-8');
        encodings.push(enc);
        if (enc === 'utf-8') { out.push(f); continue; }
        const dir = mkdtempSync(join(tmpdir(), 'mds-utf8-'));
        const target = join(dir, basename(f));
        temp.push(dir);
        const sink = createWriteStream(target);
        try {
            for await (const chunk of readText(f, enc).chunks) if (!sink.write(chunk)) await once(sink, 'drain');
        } catch (e) {
            sink.destroy();
            rmSync(dir, { recursive: true, force: true });
            if (e instanceof EncodingMismatch) throw new InputError(`${f}：在字节 ${e.byteOffset} 附近既不是有效的 UTF-8 也不是 GB18030 编码 / neither UTF-8 nor GB18030 near byte ${e.byteOffset}`);
            throw e;
        }
        sink.end();
        await once(sink, 'finish');
        out.push(target);
    }
    return { files: out, encodings, cleanup: () => temp.forEach(d => rmSync(d, { recursive: true, force: true })) };
}
