import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { mds } from '../cli/helpers.js';
import { launch } from '../docs/browser.js';
import { startPostgres, type TestPostgres } from '../postgres.js';

/** `mds validate --history` keeps each run; `mds docs --quality-history` shows the trend (数据质量). */
const STANDARDS = `namespace t.q

department QGAJ "区公安分局" { level district }

element Code "编号" : string { length 1..4 }
element Age "年龄" : integer { range 0..150 }
element Updated "更新时间" : datetime

record Person "人员" {
  steward QGAJ
  update daily
  key id: Code
  age?: Age
  updated?: Updated
}
`;
const GOOD = 'id,age,updated\nA1,30,2026-11-29T08:00:00+08:00\nA2,40,2026-11-29T09:00:00+08:00\nA3,,2026-11-20T09:00:00+08:00\n';
const BAD = 'id,age,updated\nB1,200,2026-11-29T08:00:00+08:00\nTOOLONG,40,2026-11-29T09:00:00+08:00\nB1,41,2026-11-29T09:00:00+08:00\nB4,42,2026-11-29T10:00:00+08:00\n';
// A hostile file name: it is shown on the page, as text.
const BAD_NAME = 'bad<em>x.csv';

interface Summary { rows: number; valid: number; invalid: number; validity: number; byRule: Record<string, { violations: number; rows: number }> }

describe('quality over time', () => {
    let dir: string;
    let browser: Browser;
    let server: TestPostgres;
    const reports: Summary[] = [];
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'mds-history-'));
        mkdirSync(join(dir, 'std'));
        writeFileSync(join(dir, 'std', 'q.mds'), STANDARDS);
        writeFileSync(join(dir, 'good.csv'), GOOD);
        writeFileSync(join(dir, BAD_NAME), BAD);
        browser = await launch();
        server = await startPostgres();
    }, 120_000);
    afterAll(async () => { await browser?.close(); server?.stop(); });

    test('each run appends its summary and rule counts to a DuckDB file', async () => {
        for (const [file, engine, code] of [['good.csv', 'stream', 0], [BAD_NAME, 'stream', 1], [BAD_NAME, 'duckdb', 1]] as const) {
            const r = mds(['validate', file, '--standards', 'std', '--record', 'Person', '--engine', engine, '--format', 'json', '--as-of', '2026-11-30', '--history', 'q.duckdb'], dir);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(code);
            reports.push(JSON.parse(r.stdout).summary);
        }
        const db = await DuckDBInstance.create(join(dir, 'q.duckdb'), { access_mode: 'READ_ONLY' });
        const c = await db.connect();
        const runs = (await c.runAndReadAll('SELECT run_id, record, record_label, department, department_label, input, engine, row_count, valid_rows, invalid_rows, validity, stale_share FROM mds_quality ORDER BY run_at')).getRowObjectsJson();
        const rules = (await c.runAndReadAll('SELECT run_id, rule_code, violations, violating_rows FROM mds_quality_rules')).getRowObjectsJson();
        c.closeSync();
        db.closeSync();
        expect(runs.map(r => [r.input, r.engine])).toEqual([['good.csv', 'stream'], [BAD_NAME, 'stream'], [BAD_NAME, 'duckdb']]);
        runs.forEach((run, i) => {
            expect(run).toMatchObject({ record: 't.q.Person', record_label: '人员', department: 't.q.QGAJ', department_label: '区公安分局' });
            expect([Number(run.row_count), Number(run.valid_rows), Number(run.invalid_rows), run.validity]).toEqual([reports[i].rows, reports[i].valid, reports[i].invalid, reports[i].validity]);
            const own = Object.fromEntries(rules.filter(r => r.run_id === run.run_id).map(r => [r.rule_code, { violations: Number(r.violations), rows: Number(r.violating_rows) }]));
            expect(own).toEqual(reports[i].byRule);
        });
        expect(Number(runs[0].stale_share)).toBeCloseTo(1 / 3);
        expect(Object.keys(reports[1].byRule).sort()).toEqual(['duplicate-key', 'maxLength', 'maximum']);
    }, 60_000);

    test('the site shows the trend per 数源部门 and record, in Chromium, with names as text', async () => {
        const r = mds(['docs', 'std', '--out', 'site', '--quality-history', 'q.duckdb'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(dir, 'site', 'quality.html')).href);
        expect(await page.title()).toContain('数据质量');
        const text = await page.locator('main').textContent() ?? await page.locator('body').textContent();
        expect(text).toContain('区公安分局');
        expect(text).toContain('人员');
        expect(text).toContain('共 3 次校验、1 个数据集');
        for (const report of reports) expect(text).toContain(`${(report.validity * 100).toFixed(1)}%`);
        expect(reports.map(x => x.validity)).toEqual([1, 0.25, 0.25]);
        expect(text).toContain(BAD_NAME);
        expect(await page.locator('em').count()).toBe(0);
        expect(await page.locator('svg.spark polyline').getAttribute('points')).toMatch(/^\S+ \S+ \S+$/);
        await page.goto(pathToFileURL(join(dir, 'site', 'record', 't.q.Person.html')).href);
        expect(await page.locator('body').textContent()).toContain('最近一次校验');
        await page.locator('a[href$="quality.html#t.q.Person"]').click();
        expect(page.url()).toContain('quality.html#t.q.Person');
        // Without the option there is no such page; a missing history file is one line, exit 2.
        expect(mds(['docs', 'std', '--out', 'site2'], dir).code).toBe(0);
        const missing = mds(['docs', 'std', '--out', 'site3', '--quality-history', 'none.duckdb'], dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr.trim().split('\n')).toHaveLength(1);
        expect(mds(['validate', 'good.csv', '--standards', 'std', '--record', 'Person', '--history'], dir).code).toBe(2);
        // A DuckDB file whose mds_quality is something else: the report, then one line, exit 2; the file keeps no half run.
        const other = await DuckDBInstance.create(join(dir, 'other.duckdb'));
        const oc = await other.connect();
        await oc.run('CREATE TABLE mds_quality (x INTEGER)');
        oc.closeSync();
        other.closeSync();
        const clash = mds(['validate', 'good.csv', '--standards', 'std', '--record', 'Person', '--format', 'json', '--history', 'other.duckdb'], dir);
        expect(JSON.parse(clash.stdout).summary.rows).toBe(3);
        expect(clash.code).toBe(2);
        expect(clash.stderr.trim().split('\n')).toHaveLength(1);
        expect(clash.stderr).toContain('mds_quality');
        const back = await DuckDBInstance.create(join(dir, 'other.duckdb'), { access_mode: 'READ_ONLY' });
        const bc = await back.connect();
        expect((await bc.runAndReadAll("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'mds_quality_rules'")).getRowObjectsJson()[0].n).toBe('0');
        bc.closeSync();
        back.closeSync();
        // A file that is no DuckDB database — the data file itself, by a slip — is refused and left as it was (DuckDB opened
        // an existing .csv without a word and kept nothing); --quality-history too. A history in a folder not there yet is made.
        for (const args of [['validate', 'good.csv', '--standards', 'std', '--record', 'Person', '--history', 'good.csv'], ['docs', 'std', '--out', 'site4', '--quality-history', 'good.csv']]) {
            const refused = mds(args, dir);
            expect(refused.code, args.join(' ')).toBe(2);
            expect(refused.stderr).toMatch(/^mds: --(quality-)?history good\.csv：文件已存在且不是 DuckDB 数据库/);
            expect(readFileSync(join(dir, 'good.csv'), 'utf8')).toBe(GOOD);
        }
        expect(mds(['validate', 'good.csv', '--standards', 'std', '--record', 'Person', '--history', 'runs/2026/q.duckdb'], dir).code).toBe(0);
    }, 60_000);

    test('--engine postgres --history keeps runs in the checked database; a read-only role gets its report and one clear line', async () => {
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        // Names of their own, so the test also runs against a shared server (MDS_TEST_PG_URL).
        const role = `quality_viewer_${process.pid}`, table = `quality_person_${process.pid}`;
        try {
            await admin.query(`CREATE TABLE ${table} (mds_row integer, id text, age integer, updated timestamptz)`);
            await admin.query(`INSERT INTO ${table} VALUES (1, 'P1', 30, '2026-11-29T08:00:00+08:00'), (2, 'P2', 300, '2026-11-29T08:00:00+08:00')`);
            await admin.query(`CREATE ROLE ${role} LOGIN; GRANT SELECT ON ${table} TO ${role}`);
            const run = mds(['validate', '--engine', 'postgres', '--url', server.url, '--table', `public.${table}`, '--standards', 'std', '--record', 'Person', '--format', 'json', '--history'], dir);
            expect(run.stderr).toBe('');
            expect(run.code).toBe(1);
            const kept = (await admin.query('SELECT r.input, r.engine, r.row_count, r.invalid_rows, q.rule_code, q.violations FROM mds_quality r JOIN mds_quality_rules q USING (run_id) WHERE r.input = $1', [`public.${table}`])).rows;
            expect(kept).toEqual([{ input: `public.${table}`, engine: 'postgres', row_count: '2', invalid_rows: '1', rule_code: 'maximum', violations: '1' }]);
            const viewer = mds(['validate', '--engine', 'postgres', '--url', server.urlFor(role), '--table', `public.${table}`, '--standards', 'std', '--record', 'Person', '--format', 'json', '--history'], dir);
            expect(JSON.parse(viewer.stdout).summary.invalid).toBe(1);
            expect(viewer.code).toBe(2);
            expect(viewer.stderr.trim().split('\n')).toHaveLength(1);
            expect(viewer.stderr).toContain('mds_quality');
            expect((await admin.query('SELECT count(*) AS n FROM mds_quality WHERE input = $1', [`public.${table}`])).rows[0].n).toBe('1');
        } finally {
            await admin.end();
        }
    }, 60_000);
});
