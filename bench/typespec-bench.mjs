#!/usr/bin/env node
// MDS against TypeSpec on the same model (issue 15), side by side in one run: the model of
// bench/shape-corpus.mjs written as .mds and as TypeSpec, checked (`mds check --format json` vs
// `tsp compile --no-emit`) at 1,000 and 5,000 records, and compiled to JSON Schema (`mds build
// --targets schema,packages` vs `tsp compile --emit @typespec/json-schema`) on tmpfs. Median of 3.
// TypeSpec 1.17 is installed into bench/.typespec on first use. It asks for Node 22 only for
// `fs/promises.glob` (its formatter); on Node 20 a loader hook gives it a stub, and the checker's
// recursion needs a larger stack at 5,000 records (`--stack-size`).
// Usage: node bench/typespec-bench.mjs [records ...]   (default: 1000 5000)
// Targets: check ≥ 5× TypeSpec at 5,000 records and ≥ 3× at 1,000; JSON Schema ≥ 5×.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeShape } from './shape-corpus.mjs';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/mds.js');
const tspDir = join(root, 'bench/.typespec');
const tmpfs = existsSync('/dev/shm') ? '/dev/shm' : join(root, 'bench/.corpus');

if (!existsSync(join(tspDir, 'node_modules/@typespec/json-schema'))) {
    mkdirSync(tspDir, { recursive: true });
    writeFileSync(join(tspDir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    console.error('installing TypeSpec 1.17 into bench/.typespec …');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false', '@typespec/compiler@1.17.0', '@typespec/json-schema@1.17.0'], { cwd: tspDir, stdio: 'inherit' });
}
writeFileSync(join(tspDir, 'shim-fs.mjs'), "export * from 'node:fs/promises';\nexport async function* glob() { throw new Error('fs.glob needs Node 22'); }\n");
writeFileSync(join(tspDir, 'hooks.mjs'), `const shim = new URL('./shim-fs.mjs', import.meta.url).href;
export async function resolve(specifier, context, next) {
    if ((specifier === 'fs/promises' || specifier === 'node:fs/promises') && context.parentURL?.includes('/@typespec/')) return { url: shim, shortCircuit: true };
    return next(specifier, context);
}
`);
writeFileSync(join(tspDir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
const tsp = join(tspDir, 'node_modules/@typespec/compiler/cmd/tsp.js');

function median(run) {
    const times = [];
    for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        run();
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return times.sort((a, b) => a - b)[1];
}

function ok(r, what) {
    if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
}

const startup = median(() => ok(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }), 'mds --version'));
console.log(`start-up (mds --version): ${startup.toFixed(2)} s\n`);
console.log('| records | work | TypeSpec 1.17 s | MDS s | ratio | files |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const n of process.argv.slice(2).map(Number).length ? process.argv.slice(2).map(Number) : [1000, 5000]) {
    const dir = join(tspDir, `shape-${n}`); // inside bench/.typespec: the .tsp files resolve @typespec/json-schema from there
    const { mds, tsp: tspFiles } = writeShape(n, dir);
    const tspArgs = ['--stack-size=7000', '--import', join(tspDir, 'register.mjs'), tsp, 'compile', join(tspFiles, 'main.tsp')];
    const tCheck = median(() => ok(spawnSync(process.execPath, [...tspArgs, '--no-emit'], { encoding: 'utf8' }), 'tsp compile'));
    const mCheck = median(() => {
        const r = spawnSync(process.execPath, [bin, 'check', mds, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        if (r.status !== 0 || JSON.parse(r.stdout).some(d => d.severity === 'error')) throw new Error(`mds check: ${r.stderr}`);
    });
    console.log(`| ${n.toLocaleString('en')} | check | ${tCheck.toFixed(2)} | ${mCheck.toFixed(2)} | ${(tCheck / mCheck).toFixed(1)}× | ${readdirSync(mds).length} |`);
    const tOut = join(tmpfs, 'mds-tsp-out'), mOut = join(tmpfs, 'mds-mds-out');
    const tEmit = median(() => { rmSync(tOut, { recursive: true, force: true }); ok(spawnSync(process.execPath, [...tspArgs, '--emit', '@typespec/json-schema', '--output-dir', tOut], { encoding: 'utf8' }), 'tsp emit'); });
    const mEmit = median(() => { rmSync(mOut, { recursive: true, force: true }); ok(spawnSync(process.execPath, [bin, 'build', mds, '--targets', 'schema,packages', '--out', mOut], { encoding: 'utf8' }), 'mds build'); });
    console.log(`| ${n.toLocaleString('en')} | JSON Schema on tmpfs (TypeSpec: json-schema; MDS: schema,packages) | ${tEmit.toFixed(2)} | ${mEmit.toFixed(2)} | ${(tEmit / mEmit).toFixed(1)}× | |`);
    rmSync(tOut, { recursive: true, force: true });
    rmSync(mOut, { recursive: true, force: true });
}
