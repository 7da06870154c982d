#!/usr/bin/env node
// Times `mds check` (process start included) on synthetic corpora; reports wall time and peak RSS.
// Usage: node bench/check-bench.mjs [N ...]   (default: 1000 10000 50000). Budget: N=10,000 < 2 s, < 400 MB.
// Prints the growth exponent of time and memory between successive sizes (1 = linear).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from './generate-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);
const runs = 3;
const hasTime = existsSync('/usr/bin/time');

const results = [];
console.log('| N elements | records | files | MB | wall s (median of 3) | peak RSS MB |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of sizes.length ? sizes : [1000, 10000, 50000]) {
    const dir = join(root, 'bench/.corpus', `n${n}`);
    const { files, bytes } = generateCorpus(n, dir);
    const times = [], rss = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        const r = hasTime
            ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'check', dir, '--quiet'], { encoding: 'utf8' })
            : spawnSync(process.execPath, [bin, 'check', dir, '--quiet'], { encoding: 'utf8' });
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
        if (r.status !== 0) throw new Error(`mds check failed on N=${n}:\n${r.stdout}\n${r.stderr}`);
        if (hasTime) rss.push(Number(r.stderr.trim().split('\n').pop()) / 1024);
    }
    const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    console.log(`| ${n} | ${n / 5} | ${files} | ${(bytes / 1e6).toFixed(1)} | ${median(times).toFixed(2)} | ${hasTime ? Math.max(...rss).toFixed(0) : 'n/a'} |`);
    results.push({ n, seconds: median(times), rss: hasTime ? Math.max(...rss) : NaN });
}
// How time and memory grow (issue 15: linear): the exponent k of t ∝ N^k between successive sizes.
for (let i = 1; i < results.length; i++) {
    const a = results[i - 1], b = results[i];
    const k = (x, y) => (Math.log(y / x) / Math.log(b.n / a.n)).toFixed(2);
    console.log(`N ${a.n} → ${b.n}: time ∝ N^${k(a.seconds, b.seconds)}, peak RSS ∝ N^${k(a.rss, b.rss)}`);
}
