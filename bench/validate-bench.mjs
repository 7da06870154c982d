#!/usr/bin/env node
// Times `mds validate` end to end (process start included) on generated department data: a 12-field
// record with a citizen ID, a credit code, a phone, dates, decimals, codes and a nested record, 5 %
// invalid rows. Reports rows/s and peak RSS per format and size.
// Usage: node bench/validate-bench.mjs [N ...]   (default: 100000 1000000; xlsx up to 1,000,000 rows)
//        MDS_BENCH_FORMATS=csv,jsonl limits the formats.
// Targets (issue 9): CSV ≥ 400k rows/s, JSONL ≥ 250k rows/s, xlsx ≥ 50k rows/s, peak RSS < 300 MB —
// on the machine where reading + JSON.parse + ajv ran ~181k JSONL records/s. Each size first times
// that yardstick here (validate-yardstick.mjs) and scales the targets by it — at 1M rows and more
// (the targets' size; smaller runs are mostly start-up): this machine's speed swings 2× between
// days. MDS_BENCH_YARDSTICK=0 leaves it out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeData } from './validate-data.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);
const dir = join(root, 'bench/.corpus/validate');
const TARGETS = { csv: 400000, jsonl: 250000, xlsx: 50000 };
const YARDSTICK_THERE = 181000;
const yardstick = process.env.MDS_BENCH_YARDSTICK !== '0' && (sizes.length ? sizes : [1000000]).some(n => n >= 1000000) && yardstickBuild();
console.log('| rows | format | MB | wall s | rows/s | peak RSS MB | invalid | target here (scaled) |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
try {
    for (const n of sizes.length ? sizes : [100000, 1000000]) {
        const xlsx = n <= 1000000;
        if (!existsSync(join(dir, `rows-${n}.csv`)) || (xlsx && !existsSync(join(dir, `rows-${n}.xlsx`)))) await writeData(n, dir, { xlsx });
        const scale = yardstick && n >= 1000000 ? timeYardstick(n) / YARDSTICK_THERE : undefined;
        const only = process.env.MDS_BENCH_FORMATS?.split(',');
        for (const format of ['csv', 'jsonl', ...(xlsx ? ['xlsx'] : [])].filter(f => !only || only.includes(f))) {
            const file = join(dir, `rows-${n}.${format}`);
            const { seconds, stdout, stderr } = timed(['/usr/bin/time', '-f', '%M', process.execPath, bin, 'validate', file, '--record', 'bench.quality.Subject',
                '--standards', join(dir, 'std'), '--format', 'json', '--max-errors', '10', '--as-of', '2026-11-29'], 1);
            const report = JSON.parse(stdout);
            const rss = Number(stderr.trim().split('\n').pop()) / 1024;
            const target = scale === undefined ? '—' : `${Math.round(TARGETS[format] * scale).toLocaleString('en')} ${n / seconds >= TARGETS[format] * scale ? 'met' : 'not met'}`;
            console.log(`| ${n.toLocaleString('en')} | ${format} | ${(statSync(file).size / 1e6).toFixed(0)} | ${seconds.toFixed(2)} | ${Math.round(n / seconds).toLocaleString('en')} | ${rss.toFixed(0)} | ${report.summary.invalid} | ${target} |`);
        }
    }
} finally {
    if (yardstick) rmSync(yardstick.out, { recursive: true, force: true });
}

/** Runs a command to its end; its wall time in seconds and its output (it must exit with `status`). */
function timed(command, status) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== status) throw new Error(`${command.slice(2, 4).join(' ')} exited ${r.status}: ${r.stderr}`);
    return { seconds, stdout: r.stdout, stderr: r.stderr };
}

/** The bench standard's JSON Schemas and package, built for the yardstick. */
function yardstickBuild() {
    const out = mkdtempSync(join(tmpdir(), 'mds-yardstick-'));
    timed([process.execPath, bin, 'build', join(dir, 'std'), '-o', join(out, 'dist'), '--targets', 'schema,packages', '-q'], 0);
    const schemaDir = join(out, 'dist/schema/bench.quality');
    const id = JSON.parse(readFileSync(join(schemaDir, 'Subject.schema.json'), 'utf8')).$id;
    return { out, schemaDir, id, index: pathToFileURL(join(out, 'dist/packages/bench.quality/index.js')).href };
}

/** The yardstick's rows/s on the JSONL file of n rows, printed as a row of the table. */
function timeYardstick(n) {
    const file = join(dir, `rows-${n}.jsonl`);
    const { seconds, stdout } = timed([process.execPath, join(import.meta.dirname, 'validate-yardstick.mjs'), yardstick.schemaDir, yardstick.index, yardstick.id, file], 0);
    const rate = n / seconds;
    console.log(`| ${n.toLocaleString('en')} | yardstick: JSONL read + JSON.parse + ajv | ${(statSync(file).size / 1e6).toFixed(0)} | ${seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | — | ${JSON.parse(stdout).invalid} | ${YARDSTICK_THERE.toLocaleString('en')} there → ×${(rate / YARDSTICK_THERE).toFixed(2)} |`);
    return rate;
}
