#!/usr/bin/env node
// Load on `mds serve` (the built CLI as a child process) with autocannon, on the bundled standards
// plus the 12-field bench record of validate-bench: GET a record schema and GET /api/search at 50
// connections, POST /api/validate with 1,000-row JSONL bodies; the server's RSS sampled each second
// over the whole run.
// Usage: node bench/serve-bench.mjs [seconds per phase, default 20]
// Targets (issue 12): p99 < 50 ms for schema and search at 50 connections, no errors, RSS flat.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const seconds = Number(process.argv[2] ?? 20);
const dir = join(tmpdir(), `mds-serve-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
cpSync(join(root, 'standards'), join(dir, 'std'), { recursive: true });
await writeData(1000, join(dir, 'data'));
cpSync(join(dir, 'data/std/bench.mds'), join(dir, 'std/bench.mds'));
const body = readFileSync(join(dir, 'data/rows-1000.jsonl'));

const child = spawn(process.execPath, [join(root, 'packages/cli/bin/mds.js'), 'serve', 'std', '--port', '0', '--no-watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => { out += d; const m = /(http:\/\/\S+)/.exec(out); if (m) resolve(m[1]); });
    child.on('exit', code => reject(new Error(`mds serve exited ${code}`)));
});
const rss = [];
const sampler = setInterval(() => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (m) rss.push(Number(m[1]) / 1024);
}, 1000);

const schema = '/schema/minhang.population/NaturalPerson.schema.json';
const queries = ['身份证', '企业', 'name', '学校', '地址', '统一社会信用代码', 'Person', '更新'];
const phases = [
    { name: 'GET schema', connections: 50, requests: [{ method: 'GET', path: schema }] },
    { name: 'GET /api/search', connections: 50, requests: queries.map(q => ({ method: 'GET', path: '/api/search?q=' + encodeURIComponent(q) })) },
    { name: 'POST /api/validate (1,000-row JSONL)', connections: 4, rows: 1000, requests: [{ method: 'POST', path: '/api/validate/bench.quality.Subject', headers: { 'content-type': 'application/x-ndjson' }, body }] }
];
console.log(`mds serve at ${url}, ${seconds} s per phase\n`);
console.log('| phase | connections | req/s | rows/s | p50 ms | p99 ms | max ms | errors | non-2xx | RSS MB, 2nd s → last s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const p of phases) {
    const from = rss.length;
    const r = await autocannon({ url, connections: p.connections, duration: seconds, requests: p.requests });
    const during = rss.slice(from);
    console.log(`| ${p.name} | ${p.connections} | ${Math.round(r.requests.average).toLocaleString('en')} | ${p.rows ? Math.round(r.requests.average * p.rows).toLocaleString('en') : ''} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.errors + r.timeouts} | ${r.non2xx} | ${during[1]?.toFixed(0)} → ${during.at(-1)?.toFixed(0)} |`);
}
clearInterval(sampler);
child.kill('SIGTERM');
await new Promise(resolve => child.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });
const third = Math.max(1, Math.floor(rss.length / 3));
const avg = a => a.reduce((s, x) => s + x, 0) / a.length;
console.log(`\nserver RSS over ${rss.length} s: first third ${avg(rss.slice(0, third)).toFixed(0)} MB, last third ${avg(rss.slice(-third)).toFixed(0)} MB, max ${Math.max(...rss).toFixed(0)} MB`);
