#!/usr/bin/env node
// Times the SQL engines of `mds validate` on the bench record (see validate-data.mjs), process
// start included: DuckDB over CSV and Parquet, and PostgreSQL over a loaded table (a throw-away
// cluster of Debian's postgresql, or MDS_BENCH_PG_URL). Prints rows/s and the number of rules the
// one-scan aggregate query computes.
// Usage: node bench/sql-bench.mjs [N ...]   (default: 1000000; PostgreSQL only up to 1,000,000)
//        node bench/sql-bench.mjs --rules [N]  (in process: the one-scan query of DuckDB over N Parquet
//        rows, default 1,000,000, with the first k rules of the record for growing k; the plan's
//        Parquet scans counted: one, whatever k)
// Target (issue 10): DuckDB ≥ 2 M rows/s from Parquet at 10 M rows.
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const dir = join(root, 'bench/.corpus/validate');
const byRules = process.argv[2] === '--rules';
const sizes = process.argv.slice(byRules ? 3 : 2).map(Number);

function time(args) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'validate', ...args, '--record', 'bench.quality.Subject', '--standards', join(dir, 'std'), '--format', 'json', '--max-errors', '10', '--as-of', '2026-11-29'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 1) throw new Error(`mds validate exited ${r.status}: ${r.stderr}`);
    return { seconds, report: JSON.parse(r.stdout) };
}

async function startCluster() {
    if (process.env.MDS_BENCH_PG_URL) return { url: process.env.MDS_BENCH_PG_URL, stop() {} };
    const base = '/usr/lib/postgresql';
    const version = readdirSync(base).sort((a, b) => b - a)[0];
    const pgbin = join(base, version, 'bin');
    const data = mkdtempSync(join(tmpdir(), 'mds-pgbench-'));
    chmodSync(data, 0o700);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(data, uid, gid);
    const run = (cmd, args) => execFileSync(join(pgbin, cmd), args, { uid, gid, cwd: data, stdio: 'pipe' });
    run('initdb', ['-D', join(data, 'd'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const port = 20000 + Math.floor(Math.random() * 20000);
    run('pg_ctl', ['-D', join(data, 'd'), '-l', join(data, 'log'), '-w', '-o', `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop() { try { run('pg_ctl', ['-D', join(data, 'd'), '-m', 'immediate', 'stop']); } catch { /* down */ } rmSync(data, { recursive: true, force: true }); } };
}

if (byRules) {
    await rulesScaling(sizes[0] || 1000000);
    process.exit(0);
}

/** The one-scan DuckDB query with the first k rules: time and CPU per k, and the Parquet scans in its plan. */
async function rulesScaling(n) {
    await import('../scripts/node20-polyfill.mjs');
    const { buildWorkspace, buildSemanticModel, createMdsCoreServices } = await import('../packages/language/out/index.js');
    const { DIALECT, flatColumns, keyExpression, overFlagsQuery, sqlRules, statsItems } = await import('../packages/generators/out/index.js');
    const { EmptyFileSystem } = await import('langium');
    const parquet = join(dir, `rows-${n}.parquet`);
    if (!existsSync(parquet)) throw new Error(`run node bench/sql-bench.mjs ${n} first (it writes ${parquet})`);
    const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
    const std = join(dir, 'std');
    const files = readdirSync(std).filter(f => f.endsWith('.mds')).map(f => ({ path: `file://${join(std, f)}`, text: readFileSync(join(std, f), 'utf8') }));
    const model = buildSemanticModel(Mds, (await buildWorkspace(Mds, files)).documents);
    const record = model.declarations.get('bench.quality.Subject');
    const d = DIALECT.duckdb, all = sqlRules(model, record, d), columns = flatColumns(model, record);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const source = `SELECT *, file_row_number + 1 AS __row FROM read_parquet('${parquet}', file_row_number = true)`;
    await c.run(`CREATE TEMP TABLE dups AS SELECT NULL::VARCHAR AS __key, NULL::BIGINT AS __first WHERE false`);
    console.log(`| rules | wall s | CPU s | Parquet scans in the plan |`);
    console.log('|---:|---:|---:|---:|');
    for (const k of [0, 1, 5, 10, 20, all.length]) {
        const rules = all.slice(0, k);
        const sql = overFlagsQuery({ rules, key: keyExpression(record, d), columns, d, source, dups: 'dups' }, statsItems(rules, columns, d));
        const plan = (await c.runAndReadAll(`EXPLAIN (FORMAT json) ${sql}`)).getRows().map(r => r.join('\n')).join('\n');
        let best = Infinity, cpu = Infinity;
        for (let i = 0; i < 3; i++) {
            const s = process.hrtime.bigint(), u = process.cpuUsage();
            await c.run(sql);
            const used = process.cpuUsage(u);
            best = Math.min(best, Number(process.hrtime.bigint() - s) / 1e9);
            cpu = Math.min(cpu, (used.user + used.system) / 1e6);
        }
        console.log(`| ${k} | ${best.toFixed(2)} | ${cpu.toFixed(2)} | ${(plan.match(/"name": "READ_PARQUET"/g) ?? []).length} |`);
    }
    c.closeSync();
    db.closeSync();
}

console.log('| rows | engine | input | wall s | rows/s | rules | invalid |');
console.log('|---:|---|---|---:|---:|---:|---:|');
for (const n of sizes.length ? sizes : [1000000]) {
    const csv = join(dir, `rows-${n}.csv`), parquet = join(dir, `rows-${n}.parquet`);
    if (!existsSync(csv)) await writeData(n, dir);
    if (!existsSync(parquet)) {
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        await c.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
        c.closeSync();
        db.closeSync();
    }
    for (const [input, file] of [['csv', csv], ['parquet', parquet]]) {
        const { seconds, report } = time([file, '--engine', 'duckdb']);
        const rules = Object.keys(report.fields).length;
        console.log(`| ${n.toLocaleString('en')} | duckdb | ${input} (${(statSync(file).size / 1e6).toFixed(0)} MB) | ${seconds.toFixed(2)} | ${Math.round(n / seconds).toLocaleString('en')} | ${rules} fields | ${report.summary.invalid} |`);
    }
    if (n <= 1000000) {
        const server = await startCluster();
        try {
            const client = new pg.Client({ connectionString: server.url });
            await client.connect();
            await client.query('DROP TABLE IF EXISTS subject');
            await client.query(`CREATE TABLE subject (id text, name text, sex text, birth text, credit text, phone text, income text, score text, state text, updated text, "address.division" text, "address.detail" text)`);
            const load = process.hrtime.bigint();
            await client.query(`COPY subject FROM '${csv}' WITH (FORMAT csv, HEADER true)`);
            await client.query('ANALYZE subject');
            await client.end();
            const loadSeconds = Number(process.hrtime.bigint() - load) / 1e9;
            const { seconds, report } = time(['--engine', 'postgres', '--url', server.url, '--table', 'public.subject']);
            console.log(`| ${n.toLocaleString('en')} | postgres | table (loaded in ${loadSeconds.toFixed(1)} s) | ${seconds.toFixed(2)} | ${Math.round(n / seconds).toLocaleString('en')} | — | ${report.summary.invalid} |`);
        } finally {
            server.stop();
        }
    }
}
