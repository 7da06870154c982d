#!/usr/bin/env node
// Times `mds import --from data` end to end (process start included) on the generated department
// data of the validate bench (12 columns: citizen ID, credit code, phone, dates, decimals, codes …,
// 5 % broken rows): infers a record from N rows of CSV and JSONL. Reports rows/s and peak RSS.
// Usage: node bench/import-bench.mjs [N ...]   (default: 100000 1000000)
// Target (issue 13): 1,000,000 rows in under 10 s.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);
const dir = join(root, 'bench/.corpus/validate');
console.log('| rows | format | MB | wall s | rows/s | peak RSS MB |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const n of sizes.length ? sizes : [100000, 1000000]) {
    if (!existsSync(join(dir, `rows-${n}.csv`))) await writeData(n, dir, { xlsx: false });
    for (const format of ['csv', 'jsonl']) {
        const file = join(dir, `rows-${n}.${format}`);
        const out = join(mkdtempSync(join(tmpdir(), 'mds-import-bench-')), 'inferred.mds');
        const start = process.hrtime.bigint();
        const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'import', file, '--from', 'data', '-n', 'bench.inferred', '-o', out, '--record', 'Subject'], { encoding: 'utf8' });
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (r.status !== 0) throw new Error(`mds import exited ${r.status}: ${r.stderr}`);
        const rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
        console.log(`| ${n.toLocaleString('en')} | ${format} | ${(statSync(file).size / 1e6).toFixed(0)} | ${seconds.toFixed(2)} | ${Math.round(n / seconds).toLocaleString('en')} | ${rss.toFixed(0)} |`);
    }
}
