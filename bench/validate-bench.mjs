#!/usr/bin/env node
// Times `mds validate` end to end (process start included) on generated department data: a 12-field
// record with a citizen ID, a credit code, a phone, dates, decimals, codes and a nested record, 5 %
// invalid rows. Reports rows/s and peak RSS per format and size.
// Usage: node bench/validate-bench.mjs [N ...]   (default: 100000 1000000; xlsx up to 1,000,000 rows)
//        MDS_BENCH_FORMATS=csv,jsonl limits the formats.
// Targets (issue 9): CSV ≥ 400k rows/s, JSONL ≥ 250k rows/s, xlsx ≥ 50k rows/s, peak RSS < 300 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);
const dir = join(root, 'bench/.corpus/validate');
console.log('| rows | format | MB | wall s | rows/s | peak RSS MB | invalid |');
console.log('|---:|---|---:|---:|---:|---:|---:|');
for (const n of sizes.length ? sizes : [100000, 1000000]) {
    const xlsx = n <= 1000000;
    if (!existsSync(join(dir, `rows-${n}.csv`)) || (xlsx && !existsSync(join(dir, `rows-${n}.xlsx`)))) await writeData(n, dir, { xlsx });
    const only = process.env.MDS_BENCH_FORMATS?.split(',');
    for (const format of ['csv', 'jsonl', ...(xlsx ? ['xlsx'] : [])].filter(f => !only || only.includes(f))) {
        const file = join(dir, `rows-${n}.${format}`);
        const start = process.hrtime.bigint();
        const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'validate', file, '--record', 'bench.quality.Subject',
            '--standards', join(dir, 'std'), '--format', 'json', '--max-errors', '10', '--as-of', '2026-11-29'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (r.status !== 1) throw new Error(`mds validate exited ${r.status}: ${r.stderr}`);
        const report = JSON.parse(r.stdout);
        const rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
        console.log(`| ${n.toLocaleString('en')} | ${format} | ${(statSync(file).size / 1e6).toFixed(0)} | ${seconds.toFixed(2)} | ${Math.round(n / seconds).toLocaleString('en')} | ${rss.toFixed(0)} | ${report.summary.invalid} |`);
    }
}
