import { isUtf8 as isUtf8Bytes } from 'node:buffer';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { csvBatches, type CsvRecord } from './readers/csv.js';
import { jsonFile, jsonLineBatches } from './readers/json-lines.js';
import { readText, type Encoding } from './readers/text.js';
import { batched, InputError, type Input, type RawRow, type TableInput } from './readers/types.js';
import { openXlsx } from './readers/xlsx.js';

export type Format = Input['format'];

export function formatOf(path: string): Format {
    const ext = extname(path).toLowerCase();
    if (ext === '.csv' || ext === '.txt') return 'csv';
    if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx'; // .xlsm: the same format, with macros (not run)
    if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
    if (ext === '.json') return 'json';
    // Old Excel, WPS and OpenDocument sheets: binary formats of their own, saved again in a moment.
    if (ext === '.xls' || ext === '.et' || ext === '.ods' || ext === '.xlsb') {
        throw new InputError(`不支持 ${ext} 格式：请在 Excel 或 WPS 中“另存为” .xlsx（Excel 工作簿）或 CSV UTF-8 后再校验 / ${ext} is not supported; save it as .xlsx or CSV UTF-8`);
    }
    throw new InputError(`不支持的文件类型 ${ext || '（无扩展名）'}：支持 .csv、.xlsx、.jsonl、.json / unsupported file type; use .csv, .xlsx, .jsonl or .json`);
}

/**
 * Whether a file is valid UTF-8 throughout (one streaming pass, native validation: no text is
 * made). A file that is not is read as GB18030 — what Excel and most Chinese Windows tools write.
 * With `limit`, only about its first `limit` bytes are looked at (a character cut there is not held against it).
 */
export async function isUtf8(path: string, limit = Infinity): Promise<boolean> {
    const handle = await open(path, 'r');
    try {
        const buffer = Buffer.allocUnsafe(1 << 20); // one buffer, reused: no garbage per megabyte
        let carried = 0, position = 0;
        for (;;) {
            const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, position);
            position += bytesRead;
            let end = carried + bytesRead;
            if (bytesRead === 0) return isUtf8Bytes(buffer.subarray(0, end));
            if (position >= limit) return isUtf8Bytes(buffer.subarray(0, trimPartial(buffer, end)));
            // A character may go on into the next read: validate up to its first byte, carry the rest.
            const full = end;
            end = trimPartial(buffer, end);
            if (!isUtf8Bytes(buffer.subarray(0, end))) return false;
            buffer.copy(buffer, 0, end, full);
            carried = full - end;
        }
    } finally {
        await handle.close();
    }
}

/** Where buffer[0..end) ends without its last character when that may go on past `end` (a lead byte and up to three continuation bytes). */
function trimPartial(buffer: Buffer, end: number): number {
    for (let back = 0; back < 3 && end > 0 && (buffer[end - 1] & 0xc0) === 0x80; back++) end--;
    return end > 0 && buffer[end - 1] >= 0xc0 ? end - 1 : end;
}

/** A data file that is not there or not a file is unusable input (one line naming it, exit 2). */
export function mustBeFile(path: string): void {
    try {
        if (!statSync(path).isFile()) throw new InputError(`${path} 不是文件 / is not a file`);
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`无法读取 ${path}（${(e as NodeJS.ErrnoException).code ?? e}）/ cannot read it`);
    }
}

/** Opens a data file: its format, its encoding (detected or forced), its header and rows, streamed. */
export async function openInput(path: string, options: { encoding?: Encoding; sheet?: string }): Promise<Input> {
    mustBeFile(path);
    const format = formatOf(path);
    if (format === 'xlsx') {
        const book = await openXlsx(path, options.sheet);
        const it = book.rows[Symbol.asyncIterator]();
        let first = await it.next();
        while (!first.done && first.value.cells.every(c => c === undefined || c === '')) first = await it.next();
        if (first.done) throw new InputError(`工作表“${book.sheet}”是空的 / the sheet is empty`);
        const header = trimTrailingEmpty(first.value.cells.map(c => c === undefined ? '' : String(c)));
        async function* rows(): AsyncGenerator<RawRow> {
            let row = 0;
            for (let r = await it.next(); !r.done; r = await it.next()) {
                if (r.value.cells.every(c => c === undefined || c === '')) continue;
                yield { line: r.value.line, row: ++row, cells: r.value.cells };
            }
        }
        return { kind: 'table', format, header, headerLine: first.value.line, batches: batched(rows()), progress: book.progress };
    }
    const encoding: Encoding = options.encoding ?? (format === 'csv' && !(await isUtf8(path)) ? 'gb18030' : 'utf-8');
    const text = readText(path, encoding);
    if (format === 'jsonl') return { kind: 'objects', format, encoding, batches: jsonLineBatches(text.chunks), progress: text.progress };
    if (format === 'json') return { kind: 'objects', format, encoding, batches: jsonFile(text.chunks), progress: text.progress };
    return csvInput(text.chunks, encoding, text.progress);
}

/** Rows above the header a sheet (or its CSV export) may start with: a title (闵行区人口信息表), a line of who filled it in and when. */
const MAX_TITLE_ROWS = 3;

/**
 * The header of a table that starts with title rows: while the header does not `resolve` (throws
 * InputError) and has at most two cells with text — a title, 填报单位 and 日期 — the next row is
 * tried as the header, up to MAX_TITLE_ROWS. The skipped rows are returned (for the report);
 * rows are numbered from the header found. When no row resolves, the error is that of the row
 * with the most cells.
 */
export async function headerAfterTitles<I extends TableInput, T>(input: I, resolve: (header: string[]) => T): Promise<{ input: I; resolved: T; titles: TitleRow[] }> {
    const found = await headerBelowTitles(input, nextHeader, resolve);
    return { input: found.head, resolved: found.resolved, titles: found.titles };
}

export interface TitleRow { line: number; text: string }

/** headerAfterTitles over any reader of header candidates: `next` gives the record after one (undefined: none). */
export async function headerBelowTitles<H extends { header: string[]; headerLine: number }, T>(first: H, next: (h: H) => Promise<H | undefined>, resolve: (header: string[]) => T): Promise<{ head: H; resolved: T; titles: TitleRow[] }> {
    // The error to give when no row resolves: the one of the row with the most cells (the header with a mistake, not the title above it).
    let error: { e: InputError; cells: number; line: number } | undefined;
    const fail = () => error!.line === first.headerLine ? error!.e : new InputError(`第 ${error!.line} 行（表头）/ line ${error!.line} (the header): ${error!.e.message}`);
    const titles: TitleRow[] = [];
    let current = first;
    for (;;) {
        try {
            return { head: current, resolved: resolve(current.header), titles };
        } catch (e) {
            if (!(e instanceof InputError)) throw e;
            const text = current.header.filter(c => c.trim() !== '');
            if (!error || text.length > error.cells) error = { e, cells: text.length, line: current.headerLine };
            if (text.length > 2 || titles.length === MAX_TITLE_ROWS) throw fail();
            const following = await next(current);
            if (!following) throw fail();
            titles.push({ line: current.headerLine, text: text.join(' ') });
            current = following;
        }
    }
}

/** The table input whose header is the first row of `input`'s rows (undefined: no rows). */
async function nextHeader<I extends TableInput>(input: I): Promise<I | undefined> {
    const it = input.batches[Symbol.asyncIterator]();
    let batch: RawRow[] = [];
    while (!batch.length) {
        const next = await it.next();
        if (next.done) return undefined;
        batch = next.value;
    }
    const [first, ...rest] = batch;
    if (!first.cells) return undefined;
    async function* rows(): AsyncGenerator<RawRow[]> {
        const renumber = (b: RawRow[]) => { for (const r of b) r.row--; return b; };
        if (rest.length) yield renumber(rest);
        for (let next = await it.next(); !next.done; next = await it.next()) yield renumber(next.value);
    }
    return { ...input, header: trimTrailingEmpty(first.cells.map(c => c === undefined ? '' : String(c))), headerLine: first.line, batches: rows() };
}

/** A CSV text as a table input: the first record is the header. */
async function csvInput(chunks: AsyncIterable<string>, encoding: Encoding, progress: Input['progress']): Promise<Input> {
    const records = csvBatches(chunks);
    let first: CsvRecord[] = [];
    while (!first.length) {
        const next = await records.next();
        if (next.done) throw new InputError('文件是空的，没有表头 / the file is empty: no header row');
        first = next.value;
    }
    const head = first[0];
    if ('problem' in head) throw new InputError(`第 ${head.line} 行：表头中的引号没有闭合 / unbalanced quote in the header`);
    const header = trimTrailingEmpty(head.cells);
    async function* batches(): AsyncGenerator<RawRow[]> {
        // Data rows count from 1: the header was record 1.
        const shape = (batch: CsvRecord[]) => { for (const r of batch) r.row--; return batch; };
        if (first.length > 1) yield shape(first.slice(1));
        for await (const batch of records) yield shape(batch);
    }
    return { kind: 'table', format: 'csv', encoding, header, headerLine: head.line, batches: batches(), progress };
}

/**
 * Data already in memory (an HTTP request body): `csv`, `jsonl`, or `json` — an array of
 * objects, one object, objects one after another or JSON Lines, told apart by the text itself
 * (as in a `.json` file: jsonFile).
 */
export async function textInput(text: string, format: 'csv' | 'json' | 'jsonl'): Promise<Input> {
    const total = Buffer.byteLength(text);
    const progress = () => ({ read: total, total });
    async function* chunks() { yield text; }
    if (format === 'csv') return csvInput(chunks(), 'utf-8', progress);
    if (format === 'jsonl') return { kind: 'objects', format: 'jsonl', encoding: 'utf-8', batches: jsonLineBatches(chunks()), progress };
    return { kind: 'objects', format: 'json', encoding: 'utf-8', batches: jsonFile(chunks()), progress };
}

/** Spreadsheet exports often end the header with empty cells (`a,b,,`): those are no columns. */
export function trimTrailingEmpty(header: string[]): string[] {
    let n = header.length;
    while (n > 0 && header[n - 1].trim() === '') n--;
    return header.slice(0, n);
}
