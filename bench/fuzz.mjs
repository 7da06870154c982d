#!/usr/bin/env node
// Nightly fuzzing of the checker (and formatter) with mutants of standards/: longer than the fuzz
// test in the suite. Prints each failure with its seed and mutant text, and exits 1 if any.
// Usage: node --import ./scripts/node20-polyfill.mjs bench/fuzz.mjs [count=50000] [seed=random]
// Needs `npm run build` first (it uses packages/language/out).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { buildWorkspace, createMdsCoreServices } from '../packages/language/out/index.js';
import { mutate, rng } from './fuzz-mutate.mjs';

const root = join(import.meta.dirname, '..');
const count = Number(process.argv[2] ?? 50000);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
const dir = join(root, 'standards');
const files = readdirSync(dir).filter(f => f.endsWith('.mds')).sort().map(name => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const donors = files.map(f => f.text);
const r = rng(seed);
let failures = 0;
const started = Date.now();
console.log(`fuzz: ${count} mutants, seed ${seed}`);
for (let k = 0; k < count; k++) {
    const target = files[r.int(files.length)];
    const text = mutate(target.text, r, donors);
    const whole = r.int(10) === 0;
    const input = whole ? files.map(f => ({ path: `file:///fuzz/${f.name}`, text: f === target ? text : f.text })) : [{ path: `file:///fuzz/${target.name}`, text }];
    let problem;
    try {
        const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
        const ws = await buildWorkspace(Mds, input);
        for (const doc of ws.documents) {
            const lines = doc.textDocument.getText().split(/\r?\n|\r/);
            for (const d of ws.diagnostics.get(doc) ?? []) {
                const bad = typeof d.code !== 'string' || !d.code.startsWith('mds/') || /\bundefined\b|\bNaN\b|error occurred/i.test(d.message)
                    || [d.range.start, d.range.end].some(p => p.line < 0 || p.line >= lines.length || p.character > lines[p.line].length);
                if (bad) { problem = `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`; break; }
            }
            if (problem) break;
        }
    } catch (e) {
        problem = e.stack;
    }
    if (problem) {
        failures++;
        mkdirSync(join(root, 'bench/.fuzz'), { recursive: true });
        const file = join(root, 'bench/.fuzz', `seed${seed}-mutant${k}-${target.name}`);
        writeFileSync(file, text);
        console.log(`FAIL mutant ${k} (${target.name}${whole ? ', whole workspace' : ''}): ${problem}\n  saved to ${file}`);
    }
    if ((k + 1) % 1000 === 0) console.log(`${k + 1} mutants, ${failures} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`done: ${count} mutants, ${failures} failures, seed ${seed}`);
process.exitCode = failures ? 1 : 0;
