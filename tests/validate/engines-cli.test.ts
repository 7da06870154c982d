import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { mds } from '../cli/helpers.js';
import { FIXTURES, VALID_ID } from '../generators/helpers.js';
import { citizenId } from '../generators/model-arbitraries.js';
import { startPostgres, type TestPostgres } from '../postgres.js';
import { TextEncoderGb } from './gb18030.js';

/** `mds validate --engine duckdb|postgres` from the command line: same report shape, same exit codes. */
const KITCHEN = join(FIXTURES, 'kitchen');
const id = (n: number) => citizenId(110105, '1949-12-31', n);
const ROWS = [
    { id: VALID_ID, name: '张三', age: '30', colors: '01;02' },
    { id: id(11), name: '李四李四李四', age: '151', colors: '04' },
    { id: VALID_ID, name: '重复', age: '', colors: '' }
];

describe('mds validate --engine', () => {
    let dir: string;
    let server: TestPostgres;
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'mds-engine-'));
        writeFileSync(join(dir, 'p.csv'), 'id,name,age,colors\n' + ROWS.map(r => `${r.id},${r.name},${r.age},${r.colors}`).join('\n') + '\n');
        writeFileSync(join(dir, 'p.jsonl'), ROWS.map(r => JSON.stringify({ id: r.id, name: r.name, ...(r.age ? { age: Number(r.age) } : {}), ...(r.colors ? { colors: r.colors.split(';') } : {}) })).join('\n') + '\n');
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        await c.run(`COPY (SELECT * FROM read_csv('${join(dir, 'p.csv')}', all_varchar = true)) TO '${join(dir, 'p.parquet')}' (FORMAT parquet)`);
        c.closeSync();
        db.closeSync();
        server = await startPostgres();
    }, 120_000);
    afterAll(() => server?.stop());

    const expected = ['3: age maximum', '3: colors enum', '3: name maxLength', '4: id duplicate-key'];

    for (const file of ['p.csv', 'p.jsonl', 'p.parquet']) {
        test(`duckdb over ${file}: the findings of the streaming validator, exit 1`, () => {
            const r = mds(['validate', file, '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb', '--format', 'json'], dir);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(1);
            const report = JSON.parse(r.stdout);
            const found = report.rows.flatMap((x: { row: number; errors: Array<{ path: string; code: string }> }) => x.errors.map(e => `${x.row + 1}: ${e.path} ${e.code}`)).sort();
            expect(found).toEqual(expected);
            expect(report.summary).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
            if (file !== 'p.parquet') {
                const stream = JSON.parse(mds(['validate', file, '--standards', KITCHEN, '--record', 'Person', '--format', 'json'], dir).stdout);
                expect(Object.fromEntries(Object.entries(report.summary.byRule).map(([k, v]) => [k, (v as { violations: number }).violations])))
                    .toEqual(Object.fromEntries(Object.entries(stream.summary.byRule).map(([k, v]) => [k, (v as { violations: number }).violations])));
            }
        });
    }

    test('duckdb over a GB18030 CSV (Chinese labels in the header): transcoded first, the encoding said', () => {
        writeFileSync(join(dir, 'gb.csv'), Buffer.from(new TextEncoderGb().encode(`公民身份号码,名称\n${VALID_ID},张三\n${id(12)},张三张三张三\n`)));
        const r = mds(['validate', 'gb.csv', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb', '--format', 'json'], dir);
        expect(r.stderr).toBe('');
        const report = JSON.parse(r.stdout);
        expect(report.encoding).toBe('gb18030');
        expect(report.rows.map((x: { line: number; errors: Array<{ path: string; code: string }> }) => `${x.line} ${x.errors.map(e => e.path + ' ' + e.code).join(',')}`)).toEqual(['3 name maxLength']);
    });

    test('duckdb and postgres: a number too large for a double (1e999) breaks the type, as in the streaming validator', async () => {
        const rows = [[VALID_ID, '张三', '1e999'], [id(21), '李四', '-1e999'], [id(22), '王五', '1e-400'], [id(23), '赵六', '1' + '0'.repeat(400)]];
        writeFileSync(join(dir, 'big.csv'), 'id,name,age\n' + rows.map(r => r.join(',')).join('\n') + '\n');
        const args = ['validate', '--standards', KITCHEN, '--record', 'Person', '--format', 'json'];
        const findings = (stdout: string) => JSON.parse(stdout).rows.flatMap((x: { row: number; errors: Array<{ path: string; code: string }> }) => x.errors.map(e => `${x.row}: ${e.path} ${e.code}`));
        const stream = mds([...args, 'big.csv'], dir), duck = mds([...args, 'big.csv', '--engine', 'duckdb'], dir);
        expect(findings(stream.stdout)).toEqual(['1: age type', '2: age type', '4: age type']);
        expect(findings(duck.stdout)).toEqual(findings(stream.stdout));
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query('CREATE TABLE public.big (mds_row integer, id text, name text, age text)');
        for (const [i, r] of rows.entries()) await admin.query('INSERT INTO public.big VALUES ($1, $2, $3, $4)', [i + 1, ...r]);
        await admin.end();
        const viaPg = mds([...args, '--engine', 'postgres', '--url', server.url, '--table', 'public.big'], dir);
        expect(viaPg.stderr).toBe('');
        expect(findings(viaPg.stdout)).toEqual(findings(stream.stdout));
    }, 60_000);

    test('duckdb --memory-limit: the same report; the folder DuckDB may spill to is removed; a size without a unit is refused', () => {
        const temp = mkdtempSync(join(tmpdir(), 'mds-spill-'));
        const args = ['validate', 'p.csv', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb', '--format', 'json', '--as-of', '2026-01-01'];
        const plain = mds(args, dir, { TMPDIR: temp });
        const limited = mds([...args, '--memory-limit', '256MB'], dir, { TMPDIR: temp });
        expect(limited.stderr).toBe('');
        expect(limited.code).toBe(1);
        expect(limited.stdout).toBe(plain.stdout);
        expect(readdirSync(temp)).toEqual([]);
        // The limit reaches DuckDB: far too little memory is one line, exit 2, and the folder is still removed.
        const starved = mds([...args, '--memory-limit', '1MB'], dir, { TMPDIR: temp });
        expect(starved.code).toBe(2);
        expect(starved.stderr.trim().split('\n')).toHaveLength(1);
        expect(starved.stderr).toMatch(/Out of Memory/);
        expect(readdirSync(temp)).toEqual([]);
        const bad = mds([...args, '--memory-limit', '256'], dir, { TMPDIR: temp });
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/--memory-limit.*512MB or 2GB/);
    });

    test('duckdb over several Parquet files: rows numbered on across the files, a repeated key names its first row; many distinct values estimated, few counted; the most frequent invalid values', async () => {
        // 130,000 rows in a first file (every name distinct, 100 ages); in a second, 3 rows that repeat the key of row 6
        // among others, then 2,000 rows of one invalid ID.
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        await c.run(`COPY (SELECT 'k' || range AS id, 'n' || range AS name, CAST(range % 100 AS VARCHAR) AS age FROM range(130000) ORDER BY range) TO '${join(dir, 'many-1.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 20000)`);
        await c.run(`COPY (SELECT * FROM (VALUES (0, 'z1', 'a', '1'), (1, 'k5', 'b', '2'), (2, 'z2', 'c', '3')) AS t(i, id, name, age) UNION ALL SELECT 3 + range, 'bad', 'x', '1' FROM range(2000) ORDER BY 1) TO '${join(dir, 'many-2.parquet')}' (FORMAT parquet)`);
        c.closeSync();
        db.closeSync();
        const args = ['validate', 'many-1.parquet', 'many-2.parquet', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb', '--format', 'json'];
        const r = mds([...args, '--max-errors', '5'], dir);
        expect(r.stderr).toBe('');
        const report = JSON.parse(r.stdout);
        expect(report.summary).toMatchObject({ rows: 132003, invalid: 132003, listed: 5 });
        expect(report.summary.byRule['duplicate-key']).toEqual({ violations: 2000, rows: 2000 });
        expect(report.rows.map((x: { row: number }) => x.row)).toEqual([1, 2, 3, 4, 5]);
        const none = mds([...args, '--max-errors', '0'], dir);
        expect(none.stderr).toBe('');
        expect(none.code).toBe(1);
        expect(JSON.parse(none.stdout)).toMatchObject({ rows: [], summary: { invalid: 132003, listed: 0 } });
        // More failing rows than one scan returns: through a table of the flags, every figure the same.
        const more = JSON.parse(mds([...args, '--max-errors', '200000'], dir).stdout);
        expect(more.rows).toHaveLength(132003);
        expect(more.rows.find((x: { row: number }) => x.row === 130002).errors.find((e: { code: string }) => e.code === 'duplicate-key').message).toMatch(/第 6 行/);
        expect(more.rows.find((x: { row: number }) => x.row === 132003).errors.find((e: { code: string }) => e.code === 'duplicate-key').message).toMatch(/第 130004 行/);
        expect(more.fields.id.topInvalid.slice(0, 2)).toEqual([{ value: 'bad', count: 2000 }, { value: 'k5', count: 2 }]);
        for (const rep of [report, more]) {
            expect(rep.fields.name.distinctEstimated).toBe(true);
            expect(Math.abs(rep.fields.name.distinct - 130004) / 130004).toBeLessThan(0.02);
            expect(rep.fields.age).toMatchObject({ distinct: 100, distinctEstimated: false });
            expect(rep.fields.id.topInvalid[0]).toEqual({ value: 'bad', count: 2000 });
            expect(rep.fields.id.topInvalid).toHaveLength(5);
        }
    }, 60_000);

    test('duckdb: a column that matches no field is refused naming the file and the near field, as in the streaming reader', async () => {
        writeFileSync(join(dir, 'typo.csv'), `id,nmae\n${VALID_ID},张三\n`);
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        await c.run(`COPY (SELECT '${VALID_ID}' AS id, '张三' AS nmae) TO '${join(dir, 'typo.parquet')}' (FORMAT parquet)`);
        c.closeSync();
        db.closeSync();
        for (const [file, engine] of [['typo.csv', []], ['typo.csv', ['--engine', 'duckdb']], ['typo.parquet', ['--engine', 'duckdb']]] as const) {
            const r = mds(['validate', file, '--standards', KITCHEN, '--record', 'Person', ...engine], dir);
            expect(r.code, `${file} ${engine}`).toBe(2);
            expect(r.stderr, `${file} ${engine}`).toMatch(new RegExp(`^mds: ${file.replace('.', '\\.')}: .*“nmae”.*是否指“name”？`));
            expect(r.stderr.trim().split('\n')).toHaveLength(1);
        }
    });

    test('duckdb: title rows above the header are refused with what to do; a missing file is one line (it was an internal error)', () => {
        writeFileSync(join(dir, 'titled.csv'), `人员信息表,,\nid,name,age\n${VALID_ID},张三,30\n`);
        const titled = mds(['validate', 'titled.csv', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb'], dir);
        expect(titled.code).toBe(2);
        expect(titled.stderr).toMatch(/^mds: titled\.csv: 第 1 行像是标题行：--engine duckdb 要求表头在第一行；.*不加 --engine duckdb/);
        expect(mds(['validate', 'titled.csv', '--standards', KITCHEN, '--record', 'Person'], dir).code).toBe(0);
        const missing = mds(['validate', 'missing.csv', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb'], dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toBe('mds: 无法读取 missing.csv（ENOENT）/ cannot read it\n');
    });

    test('duckdb: trailing empty header cells (as Excel writes them) are no columns, as in the streaming reader', () => {
        writeFileSync(join(dir, 'trailing.csv'), `id,name,,\n${VALID_ID},张三,,\n`);
        const r = mds(['validate', 'trailing.csv', '--standards', KITCHEN, '--record', 'Person', '--engine', 'duckdb'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
    });

    test('duckdb over CSVs with rows of too few or too many cells, a quote never closed, blank lines, a cell over two lines, two files: the streaming validator\'s rows, lines, files and rule counts', () => {
        const header = 'id,name,age,colors';
        const good = (n: number) => `${id(100 + n)},名${n},${20 + n},01`;
        // A ragged row used to make DuckDB's sniffer take the whole header for one column: "column 1 … matches no field", exit 2.
        // Blank lines and a quoted cell with line breaks: rows that are not one line each (their lines were counted as if they were).
        writeFileSync(join(dir, 'ragged-a.csv'), [header, good(1), `${id(2)},短`, '', good(3), `${id(4)},长,30,01,多余,更多`, `${id(5)};分号;1;01`, `${id(12)},"两行\n的名字",7,01`, '', good(6), `${VALID_ID},重复,151,04`, `${VALID_ID},重复,40,01`].join('\n') + '\n');
        writeFileSync(join(dir, 'ragged-b.csv'), [header, good(7), `${id(8)},"a,b",3`, good(9), `${id(10)},"未闭合,1,01`, good(11)].join('\n') + '\n');
        // A list's item is named by the list in SQL (colors, not colors[0]).
        const run = (engine: string[], files: string[]) => {
            const r = mds(['validate', ...files, '--standards', KITCHEN, '--record', 'Person', '--format', 'json', '--as-of', '2026-11-29', ...engine], dir);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(1);
            const report = JSON.parse(r.stdout);
            return { summary: report.summary, rows: report.rows.map((x: { file?: string; line: number; row: number; errors: Array<{ path: string; code: string; message: string }> }) =>
                [x.file, x.line, x.row, x.errors.map(e => `${e.path.replace(/\[\d+\]/g, '')} ${e.code}${e.code === 'row-shape' || e.code === 'duplicate-key' ? ` ${e.message}` : ''}`).sort()]) };
        };
        for (const files of [['ragged-a.csv'], ['ragged-a.csv', 'ragged-b.csv']]) {
            const stream = run([], files);
            expect(stream.summary.byRule['row-shape'].violations).toBe(files.length === 1 ? 3 : 4);
            if (files.length > 1) expect(stream.summary.byRule['unbalanced-quote'].violations).toBe(1);
            expect(stream.summary.byRule['duplicate-key'].violations).toBe(1);
            expect(run(['--engine', 'duckdb'], files)).toEqual(stream);
        }
    });

    test('duckdb over two JSONL files with lines that are not JSON and blank lines: json-syntax rows, the run goes on; rows numbered per file with their file and line', () => {
        const line = (n: number, age: number) => JSON.stringify({ id: id(200 + n), name: `名${n}`, age });
        // Blank and white-space lines, skipped by both readers: the lines after them (counted as rows) were wrong in DuckDB.
        writeFileSync(join(dir, 'j-a.jsonl'), ['', line(1, 30), '{"id": ', '   ', line(2, 151), '', 'not json', line(3, 40)].join('\n') + '\n');
        writeFileSync(join(dir, 'j-b.jsonl'), [line(4, 200), '{"a":1}}', line(5, 20)].join('\n') + '\n');
        const run = (engine: string[]) => {
            const r = mds(['validate', 'j-a.jsonl', 'j-b.jsonl', '--standards', KITCHEN, '--record', 'Person', '--format', 'json', ...engine], dir);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(1);
            const report = JSON.parse(r.stdout);
            return [report.summary.rows, report.summary.invalid, report.rows.map((x: { file?: string; line: number; row: number; errors: Array<{ path: string; code: string }> }) => `${x.file}:${x.line}#${x.row}: ${x.errors.map(e => `${e.path} ${e.code}`).sort().join(', ')}`)];
        };
        const stream = run([]);
        expect(stream[2]).toEqual(['j-a.jsonl:3#2:  json-syntax', 'j-a.jsonl:5#3: age maximum', 'j-a.jsonl:7#4:  json-syntax', 'j-b.jsonl:1#1: age maximum', 'j-b.jsonl:2#2:  json-syntax']);
        expect(run(['--engine', 'duckdb'])).toEqual(stream);
    });

    test('timeliness (更新及时性) in DuckDB and PostgreSQL, read from the same scan as the rules: the streaming figures', async () => {
        const std = join(dir, 'fresh-std');
        mkdirSync(std, { recursive: true });
        writeFileSync(join(std, 'f.mds'), 'namespace t.fresh\nelement Code "编号" : string\nelement Stamp "更新时间" : datetime\nrecord Item { update daily  key code: Code  stamp?: Stamp }\n');
        const stamps = ['2026-11-29T08:00:00+08:00', '2026-11-20T08:00:00Z', '2026-11-28 23:00:00+08:00', 'yesterday', '', '2026-11-29T01:00:00Z'];
        writeFileSync(join(dir, 'fresh.csv'), 'code,stamp\n' + stamps.map((s, i) => `c${i},${s}`).join('\n') + '\n');
        const run = (engine: string[], input: string[]) => {
            const r = mds(['validate', ...input, '--standards', std, '--record', 't.fresh.Item', '--as-of', '2026-11-29T12:00:00Z', '--format', 'json', ...engine], dir);
            expect(r.stderr).toBe('');
            return JSON.parse(r.stdout).timeliness;
        };
        const stream = run([], ['fresh.csv']);
        expect(stream).toMatchObject({ field: 'stamp', cycle: 'daily', checked: 4, stale: 1, unreadable: 2 });
        expect(run(['--engine', 'duckdb'], ['fresh.csv'])).toEqual(stream);
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query('CREATE TABLE public.item (code text, stamp text)');
        for (const [i, s] of stamps.entries()) await admin.query('INSERT INTO public.item VALUES ($1, $2)', [`c${i}`, s || null]);
        await admin.end();
        expect(run(['--engine', 'postgres', '--url', server.url, '--table', 'public.item'], [])).toEqual(stream);
        // Text PostgreSQL's cast refuses (a day the month lacks, hour 25, a leap second, a tab or an ideographic space
        // before the time) is no error: the same figures as DuckDB's.
        const odd = ['2026-02-30T08:00:00Z', '2026-11-29T25:00:00Z', '2026-11-29T23:59:60Z', '2026-11-29\t08:00:00Z', '2026-11-29\u300008:00:00Z', '2026-11-29T11:00:00+08:00'];
        writeFileSync(join(dir, 'odd.csv'), 'code,stamp\n' + odd.map((s, i) => `c${i},"${s}"`).join('\n') + '\n');
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        await client.query('CREATE TABLE public.odd (code text, stamp text)');
        for (const [i, s] of odd.entries()) await client.query('INSERT INTO public.odd VALUES ($1, $2)', [`c${i}`, s]);
        await client.end();
        const viaPg = run(['--engine', 'postgres', '--url', server.url, '--table', 'public.odd'], []);
        expect(viaPg).toEqual(run(['--engine', 'duckdb'], ['odd.csv']));
        expect(viaPg.checked).toBeGreaterThan(0);
    }, 60_000);

    test('postgres: a live table checked read-only by a SELECT-only role; bad connection or table: one line, exit 2', async () => {
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query('CREATE SCHEMA dept');
        await admin.query('CREATE TABLE dept.person (mds_row integer, id text, name text, age integer, colors jsonb)');
        for (const [i, r] of ROWS.entries()) await admin.query('INSERT INTO dept.person VALUES ($1, $2, $3, $4, $5)', [i + 1, r.id, r.name, r.age ? Number(r.age) : null, r.colors ? JSON.stringify(r.colors.split(';')) : null]);
        await admin.query("CREATE ROLE viewer LOGIN; GRANT USAGE ON SCHEMA dept TO viewer; GRANT SELECT ON dept.person TO viewer");
        await admin.end();
        const r = mds(['validate', '--engine', 'postgres', '--url', server.urlFor('viewer'), '--table', 'dept.person', '--standards', KITCHEN, '--record', 'Person', '--format', 'json'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout);
        expect(report.input).toBe('dept.person');
        expect(report.rows.flatMap((x: { row: number; errors: Array<{ path: string; code: string }> }) => x.errors.map(e => `${x.row + 1}: ${e.path} ${e.code}`)).sort()).toEqual(expected);
        const noTable = mds(['validate', '--engine', 'postgres', '--url', server.urlFor('viewer'), '--table', 'dept.nothing', '--standards', KITCHEN, '--record', 'Person'], dir);
        expect(noTable.code).toBe(2);
        expect(noTable.stderr).toMatch(/no table dept\.nothing/);
        const noServer = mds(['validate', '--engine', 'postgres', '--url', 'postgresql://x@127.0.0.1:1/db', '--table', 'dept.person', '--standards', KITCHEN, '--record', 'Person'], dir);
        expect(noServer.code).toBe(2);
        expect(noServer.stderr.trim().split('\n')).toHaveLength(1);
    }, 60_000);
});
