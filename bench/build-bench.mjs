#!/usr/bin/env node
// Times `mds build` (process start included) on synthetic corpora and reports the split between
// checking and each generator (from `--timings`). Budgets at N=10,000: schemas and packages < 5 s;
// docs and catalog < 10 s.
// Usage: node bench/build-bench.mjs [N ...]   (default: 1000 10000 50000)
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from './generate-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);

console.log('| N elements | targets | files written | wall s (median of 3) | check | semantic model | schema | packages | docs | catalog | write |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const configs = [['all targets', []], ['schema,packages', ['--targets', 'schema,packages']], ['docs,catalog', ['--targets', 'docs,catalog']]];
for (const n of sizes.length ? sizes : [1000, 10000, 50000]) for (const [name, extra] of configs) {
    const dir = join(root, 'bench/.corpus', `n${n}`);
    const out = join(root, 'bench/.corpus', `n${n}-out`);
    generateCorpus(n, dir);
    rmSync(out, { recursive: true, force: true });
    const runs = [];
    for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        const r = spawnSync(process.execPath, [bin, 'build', dir, '--out', out, '--timings', '--quiet', ...extra], { encoding: 'utf8' });
        const wall = Number(process.hrtime.bigint() - start) / 1e9;
        if (r.status !== 0) throw new Error(`mds build failed on N=${n}:\n${r.stdout}\n${r.stderr}`);
        const phases = Object.fromEntries([...r.stderr.matchAll(/(\w+) ([\d.]+) s/g)].map(m => [m[1], Number(m[2])]));
        runs.push({ wall, phases, stdout: r.stdout });
    }
    runs.sort((a, b) => a.wall - b.wall);
    const m = runs[1];
    const written = [...m.stdout.matchAll(/(\d+) (?:个文件|files)/g)].reduce((s, x) => s + Number(x[1]), 0);
    const p = k => (m.phases[k] ?? 0).toFixed(2);
    console.log(`| ${n} | ${name} | ${written} | ${m.wall.toFixed(2)} | ${p('check')} | ${p('semantic')} | ${p('schema')} | ${p('packages')} | ${p('docs')} | ${p('catalog')} | ${p('write')} |`);
}
