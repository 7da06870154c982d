#!/usr/bin/env node
// Times `mds build` (process start included) on synthetic corpora and reports the split between
// checking and each generator (from `--timings`). Budgets at N=10,000: schemas and packages < 5 s;
// docs and catalog < 10 s. Then the write phase of `--targets schema,packages` against the disk's floor:
// a minimal script writing the same files (same bytes) on the same disk; target within 1.5×.
// Usage: node bench/build-bench.mjs [N ...]   (default: 1000 10000 50000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateCorpus } from './generate-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const sizes = process.argv.slice(2).map(Number);

const floors = [];
console.log('| N elements | targets | files written | wall s (median of 3) | check | semantic model | schema | packages | docs | catalog | write |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const configs = [['all targets', []], ['schema,packages', ['--targets', 'schema,packages']], ['docs,catalog', ['--targets', 'docs,catalog']]];
for (const n of sizes.length ? sizes : [1000, 10000, 50000]) for (const [name, extra] of configs) {
    const dir = join(root, 'bench/.corpus', `n${n}`);
    const out = join(root, 'bench/.corpus', `n${n}-out`);
    generateCorpus(n, dir);
    const runs = [];
    for (let i = 0; i < 3; i++) {
        // A fresh output each time, as for the floor below (a replaced output is deleted in the background, which would compete).
        rmSync(out, { recursive: true, force: true });
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
    if (name === 'schema,packages') floors.push({ n, mds: m.phases.write ?? 0, ...await writeFloor(out, join(root, 'bench/.corpus', `n${n}-floor`)) });
}

// The write phase against the disk's floor (issue 15): a minimal script writes the same files, with the
// same bytes, into a fresh folder on the same disk, synchronously and with 64 writes in flight.
console.log('\n| N elements | files | MB | mds build write phase s | floor: writeFileSync s | floor: 64 async writes s | write ÷ floor |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const f of floors) {
    const floor = Math.min(f.sync, f.pooled);
    console.log(`| ${f.n} | ${f.files} | ${(f.bytes / 1e6).toFixed(1)} | ${f.mds.toFixed(2)} | ${f.sync.toFixed(2)} | ${f.pooled.toFixed(2)} | ${(f.mds / floor).toFixed(2)}× |`);
}

/** The files of a build output (its marker left out), read into memory; then the median of 3 timed writes of each kind. */
async function writeFloor(out, target) {
    const files = [];
    const walk = (dir, rel) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
            if (e.name === '.mds-build.json') continue;
            if (e.isDirectory()) walk(join(dir, e.name), join(rel, e.name));
            else files.push({ path: join(rel, e.name), content: readFileSync(join(dir, e.name)) });
        }
    };
    walk(out, '');
    const dirs = [...new Set(files.map(f => dirname(f.path)))];
    const timed = async (write) => {
        const times = [];
        for (let i = 0; i < 3; i++) {
            rmSync(target, { recursive: true, force: true });
            const start = process.hrtime.bigint();
            for (const d of dirs) mkdirSync(join(target, d), { recursive: true });
            await write();
            times.push(Number(process.hrtime.bigint() - start) / 1e9);
        }
        rmSync(target, { recursive: true, force: true });
        return times.sort((a, b) => a - b)[1];
    };
    const sync = await timed(async () => { for (const f of files) writeFileSync(join(target, f.path), f.content); });
    const pooled = await timed(async () => {
        let next = 0;
        await Promise.all(Array.from({ length: 64 }, async () => { while (next < files.length) { const f = files[next++]; await writeFile(join(target, f.path), f.content); } }));
    });
    return { files: files.length, bytes: files.reduce((s, f) => s + f.content.length, 0), sync, pooled };
}
