import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import yaml from 'js-yaml';
import { pathToFileURL } from 'node:url';
import { DIALECT } from '../../packages/generators/src/sql/dialect.js';
import { SqlExpressions } from '../../packages/generators/src/sql/checks.js';
import { RUNTIME_SOURCE } from '../../packages/generators/src/typescript/runtime-source.js';
import { mds } from '../cli/helpers.js';
import { FIXTURES, VALID_ID } from '../generators/helpers.js';
import { startPostgres, type TestPostgres } from '../postgres.js';

/**
 * `mds sql` / `mds build --targets sql`: the scripts run in real DuckDB and PostgreSQL (DDL, then
 * the checks over a table); the Spark and Trino scripts are parsed by ANTLR grammars of those
 * dialects (dt-sql-parser) and line up statement by statement with the DuckDB script; hostile text
 * from the standards cannot break any of them.
 */
const EVIL = [
    'namespace t.evil',
    'department D "部门 \'*/ ; DROP TABLE x; --" { level district }',
    'element Name "名称\'); DROP TABLE x; -- */" : string { length 1..5  definition "含 \' 与 */ 与 \\\\ 的定义" }',
    'element Code "代码" : string { pattern "[A-Z]\'{2}"  length 3 }',
    'record Evil "恶意\' */ 标签" { steward D  key name: Name  code?: Code }', ''
].join('\n');

const statements = (sql: string) => sql.split(/;\n/).map(s => s.trim()).filter(s => s.replace(/^(--[^\n]*\n?)+/, '').trim());
const commentLines = (sql: string) => sql.split('\n').filter(l => l.startsWith('-- ') && !l.startsWith('-- Generated'));

let parsers: { SparkSQL: new () => { validate(s: string): unknown[] }; TrinoSQL: new () => { validate(s: string): unknown[] } };

describe('generated SQL', () => {
    let dir: string;
    let server: TestPostgres;
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'mds-sql-'));
        mkdirSync(join(dir, 'std'));
        for (const f of readdirSync(join(FIXTURES, 'kitchen'))) writeFileSync(join(dir, 'std', f), readFileSync(join(FIXTURES, 'kitchen', f)));
        writeFileSync(join(dir, 'std/evil.mds'), EVIL);
        const r = mds(['sql', 'std', '--out', 'sql'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        // dt-sql-parser ships extensionless ESM; bundle it once for this test.
        const out = join(dir, 'dt-sql-parser.cjs');
        await build({ entryPoints: [createRequire(import.meta.url).resolve('dt-sql-parser')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
        parsers = createRequire(import.meta.url)(out);
        server = await startPostgres();
    }, 180_000);
    afterAll(() => server?.stop());

    const read = (dialect: string, file: string) => readFileSync(join(dir, 'sql', dialect, file), 'utf8');

    test('one DDL and one checks script per dialect and namespace', () => {
        for (const d of ['duckdb', 'postgres', 'spark', 'trino']) {
            expect(readdirSync(join(dir, 'sql', d)).sort()).toEqual(['kitchen.app.checks.sql', 'kitchen.app.sql', 't.evil.checks.sql', 't.evil.sql']);
        }
        const ddl = read('duckdb', 'kitchen.app.sql');
        expect(ddl).toContain('PRIMARY KEY ("id")');
        expect(ddl).toMatch(/"name" VARCHAR NOT NULL CHECK \(length\("name"\) >= 1 AND length\("name"\) <= 5\)/);
        expect(ddl).toMatch(/"colors" VARCHAR\[\]/);
        expect(read('postgres', 'kitchen.app.sql')).toMatch(/"friends" jsonb/);
        expect(read('spark', 'kitchen.app.sql')).toMatch(/`colors` ARRAY<STRING>/);
        expect(read('trino', 'kitchen.app.sql')).toMatch(/"colors" ARRAY\(VARCHAR\)/);
    });

    test('DuckDB: the DDL creates the tables (hostile labels kept as text), the checks find what the constraints let through', async () => {
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        for (const ns of ['kitchen.app', 't.evil']) await c.run(read('duckdb', `${ns}.sql`));
        const comment = (await c.runAndReadAll(`SELECT comment FROM duckdb_tables() WHERE table_name = 'Evil'`)).getRowObjectsJson()[0].comment;
        expect(comment).toContain("恶意' */ 标签");
        expect((await c.runAndReadAll(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'x'`)).getRowObjectsJson()[0].n).toBe('0');
        // A citizen ID with a wrong check digit passes the length and pattern constraints; the checks find it.
        await c.run(`INSERT INTO "kitchen_app"."Person" ("id", "name") VALUES ('${VALID_ID}', '张三'), ('${VALID_ID.slice(0, 17)}0', '李四')`);
        const checks = statements(read('duckdb', 'kitchen.app.checks.sql'));
        const personChecks = checks.find(s => s.includes('-- checks of kitchen.app.Person'))!;
        const rows = (await c.runAndReadAll(personChecks)).getRowObjectsJson();
        expect(rows.find(r => r.rule_code === 'format' && r.field_path === 'id')).toMatchObject({ violations: '1', total: '2' });
        expect(rows.filter(r => r.violations !== '0')).toHaveLength(1);
        const failing = (await c.runAndReadAll(checks.find(s => s.includes('-- failing rows of kitchen.app.Person'))!)).getRowObjectsJson();
        expect(failing.map(r => r.__row)).toEqual(['2']);
        for (const s of statements(read('duckdb', 't.evil.checks.sql'))) await c.runAndReadAll(s);
        c.closeSync();
        db.closeSync();
    });

    test('PostgreSQL: the same, in a throw-away cluster', async () => {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
            for (const ns of ['kitchen.app', 't.evil']) await client.query(read('postgres', `${ns}.sql`));
            const comment = (await client.query(`SELECT obj_description('"t_evil"."Evil"'::regclass) AS c`)).rows[0].c;
            expect(comment).toContain("恶意' */ 标签");
            await client.query(`INSERT INTO "kitchen_app"."Person" ("id", "name", "colors") VALUES ($1, '张三', '["01","02"]'), ($2, '李四', '["01","04"]')`, [VALID_ID, VALID_ID.slice(0, 17) + '0']);
            const checks = statements(read('postgres', 'kitchen.app.checks.sql'));
            const rows = (await client.query(checks.find(s => s.includes('-- checks of kitchen.app.Person'))!)).rows;
            expect(rows.filter(r => Number(r.violations) > 0).map(r => `${r.rule_code} ${r.field_path} ${r.violations}/${r.total}`).sort())
                .toEqual(['enum colors 1/2', 'format id 1/2']);
            const failing = (await client.query(checks.find(s => s.includes('-- failing rows of kitchen.app.Person'))!)).rows;
            expect(failing.map(r => Number(r.__row))).toEqual([2]);
            for (const s of statements(read('postgres', 't.evil.checks.sql'))) await client.query(s);
        } finally {
            await client.end();
        }
    }, 60_000);

    test('dbt: sources with the tables of mds sql, and per record a singular test that returns the failing rows, run in DuckDB and PostgreSQL', async () => {
        // A code that would end a Jinja raw block, if it were copied as it is.
        mkdirSync(join(dir, 'std2'));
        for (const f of readdirSync(join(dir, 'std'))) writeFileSync(join(dir, 'std2', f), readFileSync(join(dir, 'std', f)));
        writeFileSync(join(dir, 'std2/weird.mds'), 'namespace t.weird\n\ncodelist Odd "怪" {\n  "{% endraw %}" "怪值"\n  "ok" "正常"\n}\nelement Kind "类" : Odd\nrecord W "怪表" {\n  key kind: Kind\n  note?: Kind\n}\n');
        for (const args of [['sql', 'std2', '--out', 'sql2'], ['build', 'std2', '--targets', 'dbt', '--out', 'dbt2']]) {
            const r = mds(args, dir);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(0);
        }
        const dbt = (dialect: string, file: string) => readFileSync(join(dir, 'dbt2', 'dbt', dialect, file), 'utf8');
        const project = yaml.load(dbt('duckdb', 'dbt_project.yml')) as Record<string, unknown>;
        expect(project).toMatchObject({ name: 'mds_standards', 'config-version': 2, 'test-paths': ['tests'] });
        type Column = { name: string; description: string; data_tests?: string[] };
        const sources = (yaml.load(dbt('postgres', 'models/kitchen.app.yml')) as { sources: Array<{ name: string; schema: string; tables: Array<{ name: string; columns: Column[] }> }> }).sources;
        expect(sources.map(x => [x.name, x.schema])).toEqual([['kitchen_app', 'kitchen_app']]);
        const person = sources[0].tables.find(t => t.name === 'Person')!;
        expect(person.columns.find(c => c.name === 'id')!.data_tests).toEqual(['not_null', 'unique']);
        expect(person.columns.find(c => c.name === 'name')!.data_tests).toEqual(['not_null']);
        expect(person.columns.find(c => c.name === 'age')!.data_tests).toBeUndefined();
        const evil = (yaml.load(dbt('duckdb', 'models/t.evil.yml')) as { sources: Array<{ tables: Array<{ description: string }> }> }).sources[0].tables[0];
        expect(evil.description).toBe("恶意' */ 标签");
        // What dbt compiles: the raw blocks as they are, source() as the quoted table.
        const compile = (text: string) => text.replace(/\{% (end)?raw %\}/g, '').replace(/\{\{ source\('([^']+)', '([^']+)'\) \}\}/g, '"$1"."$2"');
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        for (const ns of ['kitchen.app', 't.weird']) await c.run(readFileSync(join(dir, 'sql2', 'duckdb', `${ns}.sql`), 'utf8'));
        await c.run(`INSERT INTO "kitchen_app"."Person" ("id", "name", "age") VALUES ('${VALID_ID}', '张三', 30), ('${VALID_ID.slice(0, 17)}0', '李四', 31)`);
        // The DDL lets no invalid code in; the valid one that looks like a Jinja tag must not be reported.
        await c.run(`INSERT INTO "t_weird"."W" ("kind", "note") VALUES ('{% endraw %}', 'ok'), ('ok', '{% endraw %}')`);
        const failing = (await c.runAndReadAll(compile(dbt('duckdb', 'tests/kitchen_app__Person.sql')))).getRowObjectsJson();
        expect(failing.map(r => [r.__row, r.id])).toEqual([['2', VALID_ID.slice(0, 17) + '0']]);
        const weird = (await c.runAndReadAll(compile(dbt('duckdb', 'tests/t_weird__W.sql')))).getRowObjectsJson();
        expect(weird).toEqual([]);
        c.closeSync();
        db.closeSync();
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
            await client.query('CREATE SCHEMA dbt_check; SET search_path TO dbt_check');
            for (const ns of ['kitchen.app', 't.weird']) await client.query(readFileSync(join(dir, 'sql2', 'postgres', `${ns}.sql`), 'utf8').replace(/"(kitchen_app|t_weird)"/g, '"dbt_$1"'));
            await client.query(`INSERT INTO "dbt_kitchen_app"."Person" ("id", "name", "age") VALUES ($1, '张三', 30), ($2, '李四', 31)`, [VALID_ID, VALID_ID.slice(0, 17) + '0']);
            await client.query(`INSERT INTO "dbt_t_weird"."W" ("kind", "note") VALUES ('{% endraw %}', 'ok'), ('ok', '{% endraw %}')`);
            const pgCompile = (text: string) => compile(text).replace(/"(kitchen_app|t_weird)"\./g, '"dbt_$1".');
            expect((await client.query(pgCompile(dbt('postgres', 'tests/kitchen_app__Person.sql')))).rows.map(r => r.id)).toEqual([VALID_ID.slice(0, 17) + '0']);
            expect((await client.query(pgCompile(dbt('postgres', 'tests/t_weird__W.sql')))).rows).toEqual([]);
        } finally {
            await client.end();
        }
    }, 120_000);

    test('dates, times, datetimes and check characters in SQL (DuckDB, PostgreSQL) judge as the generated validators do', async () => {
        // The validators' helpers, loaded from the text every package ships.
        const file = join(dir, 'mds-runtime.mjs');
        writeFileSync(file, RUNTIME_SOURCE);
        const runtime = await import(pathToFileURL(file).href) as Record<'isDate' | 'isTime' | 'isDateTime' | 'isCitizenId' | 'isUscc', (s: string) => boolean>;
        const dates: string[] = [];
        for (const y of ['0000', '0001', '0004', '0100', '1600', '1900', '2000', '2023', '2024', '9999']) {
            for (let m = 0; m <= 13; m++) for (const d of [0, 1, 28, 29, 30, 31, 32]) dates.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
        }
        dates.push('2024-2-29', '2024-02-029', 'abcd-01-01', '');
        const times = ['00:00:00Z', '23:59:60z', '24:00:00Z', '12:60:00Z', '12:00:61Z', '12:00:00.5+08:00', '12:00:00.+08:00', '12:00:00+24:00', '12:00:00-23:59', '12:00:00+08:60', '12:00:00', '1:00:00Z'];
        // Citizen IDs around calendar edges, each with every check character; credit codes with every check character.
        const ids = dates.filter(d => /^(18|19|20)/.test(d)).flatMap(d => '0123456789X'.split('').map(c => `310112${d.replaceAll('-', '')}123${c}`));
        const credits = '0123456789ABCDEFGHJKLMNPQRTUWXYZ'.split('').map(c => `91310112MA1FL0XX3${c}`).concat(['91310112MA1FL0XX3', '9131O112MA1FL0XX3X']);
        const values = [...dates.map(d => ['date', d]), ...times.map(t => ['time', t]),
            ...dates.filter((_, i) => i % 7 === 0).flatMap(d => times.map(t => ['datetime', `${d}T${t}`])), ['datetime', '2024-02-29 12:00:00Z'], ['datetime', '2024-02-29t12:00:00Z'],
            // Any white space of ECMAScript's \s between date and time, as the validators take it; not other characters.
            ...['\t', '\n', '\u000b', '\u00a0', '\u2003', '\u3000', '\ufeff', '_', '\u200b', 'x'].map(sep => ['datetime', `2024-02-29${sep}12:00:00Z`]),
            ...ids.map(v => ['gb11643', v]), ...ids.map(v => ['gb11643n', v]), ...['31011219491231123', '0101121949123112X', '3101121949123112 ', '+10112194912311234'].map(v => ['gb11643n', v]),
            ...credits.map(v => ['uscc', v]), ...credits.map(v => ['usccn', v]), ...['9131011', '91310112MA1FL0XX3X9', '9131011２MA1FL0XX3X'].map(v => ['usccn', v]),
            // Numbers at the edges of a double: ECMAScript reads 1e999 as Infinity (not a number of the type), 1e-400 as 0.
            ...['1e999', '-1e999', '1e-400', '1e-99999', '0e99999', '1e99999', '1e308', '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308',
                '2.4703282292062328e-324', '2.4703282292062327e-324', '4.9e-324', '1' + '0'.repeat(400), '0.' + '0'.repeat(500) + '1', '12', '-0', '.5', '5.', '+3e2', '-.0e5',
                '1e-1000', '0.5e1000', '9'.repeat(250), '9'.repeat(251), '9'.repeat(309), '9'.repeat(308), '0.' + '0'.repeat(249) + '5', '-0.' + '0'.repeat(320) + '5', 'abc', '1e', '--1', '.'].flatMap(v => [['number', v], ['positive', v]])];
        const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
        const number = (v: string) => NUMBER.test(v) && Number.isFinite(Number(v));
        const judge: Record<string, (s: string) => boolean> = { number, positive: v => number(v) && Number(v) > 0, date: runtime.isDate, time: runtime.isTime, datetime: runtime.isDateTime, gb11643: runtime.isCitizenId, gb11643n: runtime.isCitizenId, uscc: runtime.isUscc, usccn: runtime.isUscc };
        const expected = values.map(([kind, v]) => judge[kind](v));
        expect(expected.filter((ok, i) => ok && values[i][0] === 'gb11643').length).toBeGreaterThan(50);
        expect(expected.filter((ok, i) => ok && values[i][0] === 'uscc').length).toBe(1);
        expect(expected.filter(Boolean).length).toBeGreaterThan(100);
        for (const d of [DIALECT.duckdb, DIALECT.postgres]) {
            const x = new SqlExpressions(d);
            // One expression per kind over a column, as the checks use them (constants would be folded away).
            const v = d.id('v');
            const sql = `SELECT i, CASE WHEN kind = 'date' AND ${x.isDate(v)} THEN 1 WHEN kind = 'time' AND ${x.isTime(v)} THEN 1 WHEN kind = 'datetime' AND ${x.isDateTime(v)} THEN 1 `
                + `WHEN kind = 'gb11643' AND ${x.format(v, 'gb11643')} THEN 1 WHEN kind = 'uscc' AND ${x.format(v, 'uscc')} THEN 1 `
                // The form of a record's field: a citizen ID's digits as an integer, a credit code's characters as a list, computed once per row.
                + `WHEN kind = 'gb11643n' AND ${x.format(v, 'gb11643', 'n')} THEN 1 WHEN kind = 'usccn' AND ${x.format(v, 'uscc', x.formatColumn(v, 'uscc') && 'l')} THEN 1 `
                + `WHEN kind = 'number' AND ${x.isNumber(v)} AND ${d.finite!(d.toNumber(v))} THEN 1 `
                + `WHEN kind = 'positive' AND ${x.isNumber(v)} AND ${d.finite!(d.toNumber(v))} AND ${d.toNumber(v)} > 0 THEN 1 ELSE 0 END AS ok `
                + `FROM (SELECT t.*, ${x.formatColumn(v, 'gb11643')} AS n, ${x.formatColumn(v, 'uscc') ?? 'NULL'} AS l FROM (VALUES ${values.map(([kind, value], i) => `(${i}, ${d.str(kind)}, ${d.str(value)})`).join(', ')}) AS t(i, kind, ${v})) AS t ORDER BY i`;
            let got: number[];
            if (d.name === 'duckdb') {
                const c = await (await DuckDBInstance.create(':memory:')).connect();
                got = ((await c.runAndReadAll(sql)).getRowObjectsJson() as Array<{ ok: number }>).map(r => Number(r.ok));
            } else {
                const client = new pg.Client({ connectionString: server.url });
                await client.connect();
                try {
                    got = (await client.query(sql)).rows.map(r => Number(r.ok));
                } finally {
                    await client.end();
                }
            }
            values.forEach(([kind, v], i) => expect(got[i] === 1, `${d.name} ${kind} ${JSON.stringify(v)}`).toBe(expected[i]));
        }
    }, 60_000);

    test('Spark SQL and Trino scripts parse in their dialects and line up with the DuckDB script statement by statement', () => {
        for (const ns of ['kitchen.app', 't.evil']) {
            for (const kind of ['.sql', '.checks.sql']) {
                const duck = read('duckdb', ns + kind);
                for (const [dialect, Parser] of [['spark', parsers.SparkSQL], ['trino', parsers.TrinoSQL]] as const) {
                    const text = read(dialect, ns + kind);
                    const errors = new Parser().validate(text);
                    expect(errors, `${dialect} ${ns}${kind}`).toEqual([]);
                    // Same statements in the same order, introduced by the same comment lines.
                    expect(commentLines(text)).toEqual(commentLines(duck));
                    const kinds = (s: string) => statements(s).map(x => x.replace(/^(--[^\n]*\n)+/, '').split(/\s+/).slice(0, 2).join(' ')).filter(k => !k.startsWith('COMMENT ON'));
                    expect(kinds(text)).toEqual(kinds(duck));
                }
            }
        }
    }, 120_000);
});
