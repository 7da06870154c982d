#!/usr/bin/env node
// `mds check --cache` (issue 15): a cold run that writes the cache, a second run of the unchanged
// workspace (budget: < 0.5 s at 10,000 elements, process start included), and a run after an edit of
// one file, which re-checks only the files that depend on it (the count is printed by the CLI).
// Corpora: the synthetic corpus (bench/generate-corpus.mjs) and the issue-15 shape (bench/shape-corpus.mjs,
// where every file imports most others, so one edit concerns nearly all of them).
// Usage: node bench/cache-bench.mjs [N]   (default 10000)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './generate-corpus.mjs';
import { writeShape } from './shape-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const n = Number(process.argv[2] ?? 10000);

function run(dir, cache) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'check', dir, '--cache', cache], { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    return { seconds, note: r.stdout.trim().split('\n').pop() };
}

console.log('| corpus | files | cold (writes the cache) s | unchanged s | one file edited s | re-checked |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [name, dir] of [
    [`synthetic N=${n}`, join(root, 'bench/.corpus', `n${n}`)],
    [`issue-15 shape N=${n}`, join(root, 'bench/.corpus', `shape-${n}`, 'mds')]
]) {
    if (name.startsWith('synthetic')) generateCorpus(n, dir); else writeShape(n, join(root, 'bench/.corpus', `shape-${n}`));
    const cache = mkdtempSync(join(tmpdir(), 'mds-cache-bench-'));
    const files = readdirSync(dir).filter(f => f.endsWith('.mds')).sort();
    // The edited file: the last numbered one (in the synthetic corpus, of the last namespace of an import chain: nothing imports it).
    const edited = join(dir, files.filter(f => /\d/.test(f)).pop());
    const original = readFileSync(edited, 'utf8');
    try {
        const cold = run(dir, cache);
        const unchanged = [run(dir, cache), run(dir, cache), run(dir, cache)].sort((a, b) => a.seconds - b.seconds)[1];
        writeFileSync(edited, original.replace(/"([^"\n]+)" \{/, '"$1（修订）" {'));
        const edit = run(dir, cache);
        console.log(`| ${name} | ${files.length} | ${cold.seconds.toFixed(2)} | ${unchanged.seconds.toFixed(2)} | ${edit.seconds.toFixed(2)} | ${edit.note} |`);
    } finally {
        writeFileSync(edited, original);
        rmSync(cache, { recursive: true, force: true });
    }
}
