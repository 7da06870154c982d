#!/usr/bin/env node
// Times the SQL engines of `mds validate` on the bench record (see validate-data.mjs), process
// start included: DuckDB over CSV and Parquet, and PostgreSQL over a loaded table (a throw-away
// cluster of Debian's postgresql, or MDS_BENCH_PG_URL). Prints rows/s and the number of rules the
// one-scan aggregate query computes.
// Usage: node bench/sql-bench.mjs [N ...]   (default: 1000000; PostgreSQL only up to 1,000,000)
// Target (issue 10): DuckDB ≥ 2 M rows/s from Parquet at 10 M rows.
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const dir = join(root, 'bench/.corpus/validate');
const sizes = process.argv.slice(2).map(Number);

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
