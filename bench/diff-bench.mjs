#!/usr/bin/env node
// Times `mds diff` (process start and both checks included) on two generated workspaces of N
// elements that differ in about 1 % of their declarations (constraints narrowed, fields added,
// codes removed, labels edited). Budget (issue 11): N = 10,000 in under 3 s.
// Usage: node bench/diff-bench.mjs [N ...]   (default: 10000)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from './generate-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
console.log('| N elements | changed declarations | wall s (median of 5) | changes | breaking |');
console.log('|---:|---:|---:|---:|---:|');
for (const n of process.argv.slice(2).map(Number).length ? process.argv.slice(2).map(Number) : [10000]) {
    const older = join(root, 'bench/.corpus', `diff-old-${n}`), newer = join(root, 'bench/.corpus', `diff-new-${n}`);
    generateCorpus(n, older);
    generateCorpus(n, newer);
    let changed = 0;
    for (const f of readdirSync(newer).filter(x => x.startsWith('f'))) {
        let text = readFileSync(join(newer, f), 'utf8');
        // About 1 % of the declarations: every 25th string element (element numbers 0, 100, 200 … of a file) narrowed.
        text = text.replace(/element (E\d+_\d+) "数据元 [^"]*" : string \{\n  length 1\.\.64/g, (m, name) => Number(name.split('_')[1]) % 25 === 0 ? (changed++, m.replace('1..64', '1..32')) : m);
        writeFileSync(join(newer, f), text);
    }
    const times = [];
    let r;
    for (let run = 0; run < 5; run++) {
        const start = process.hrtime.bigint();
        r = spawnSync(process.execPath, [bin, 'diff', older, newer, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
        if (r.status !== 0) throw new Error(r.stderr);
    }
    const seconds = times.sort((a, b) => a - b)[2]; // median of 5
    const result = JSON.parse(r.stdout);
    const all = result.namespaces.flatMap(ns => ns.changes);
    console.log(`| ${n.toLocaleString('en')} | ${changed} | ${seconds.toFixed(2)} | ${all.length} | ${all.filter(c => c.breaking).length} |`);
}
