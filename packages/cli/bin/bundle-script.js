// How bin/mds.js runs the CLI bundle (dist/mds.cjs, made by `npm run build`): as a script compiled
// from V8's code cache (dist/mds.cjs.cache, written by the build: see code-cache.mjs), so its 2.3 MB
// are not parsed and compiled again on every run (`mds check standards` 0.52 → 0.31–0.43 s on a
// slow machine). A cache made for another build is not used, nor one V8 refuses (another Node,
// other V8 options, damaged): the bundle then compiles as it would anyway.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** The bundle as a script: `cached` tells whether V8 took the code cache. */
export function bundleScript(file) {
    const source = readFileSync(file, 'utf8');
    const build = source.slice(0, source.indexOf('\n') + 1); // "'use strict'; // mds build <hash of the bundle>"
    let cachedData;
    try {
        const cache = readFileSync(`${file}.cache`);
        if (cache.subarray(0, build.length).toString('latin1') === build) cachedData = cache.subarray(build.length);
    } catch {
        // no cache
    }
    // The CommonJS wrapper on the bundle's first line: line numbers stay the bundle's.
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    return { script, build, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** Runs the bundle; with `writeCacheTo`, writes its code cache there as the process exits (what ran is then compiled). */
export function runBundle(file, writeCacheTo) {
    const { script, build } = bundleScript(file);
    if (writeCacheTo) {
        process.once('exit', () => {
            try {
                writeFileSync(`${writeCacheTo}.tmp`, Buffer.concat([Buffer.from(build, 'latin1'), script.createCachedData()]));
                renameSync(`${writeCacheTo}.tmp`, writeCacheTo);
            } catch (e) {
                process.stderr.write(`mds: the code cache was not written to ${writeCacheTo}: ${e.message}\n`);
                process.exitCode = 2;
            }
        });
    }
    const module = { exports: {} };
    script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}
