// Bundles the CLI into one CommonJS file: module loading drops from ~300 ms to ~40 ms per run, and
// a script (unlike an ES module on Node 20) can be compiled from V8's code cache, which this build
// writes next to it (see bin/bundle-script.js).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { langiumParserPatch } from '../../scripts/langium-parser-patch.mjs';
import { writeCodeCache } from './code-cache.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', plugins: [langiumParserPatch] };
// Strict, as the ES modules it is made of: the directive must come first, before the banner's code.
const BUILD_LINE = `'use strict'; // mds build ${'0'.repeat(16)}\n`;
const bundle = join(here, 'dist/mds.cjs');
await build({
    ...common,
    format: 'cjs',
    entryPoints: [join(here, 'src/bin.ts')],
    outfile: bundle,
    sourcemap: true,
    // Native engines load at run time, only when --engine asks for them;
    // pinyin-pro (a 600 kB dictionary) only when mds import names something from Chinese;
    // node-sql-parser (a grammar of several MB per dialect) only when mds import reads SQL.
    external: ['@duckdb/*', 'pg', 'pg-native', 'pinyin-pro', 'node-sql-parser'],
    define: { 'import.meta.url': '__mdsBundleUrl' },
    banner: { js: `${BUILD_LINE}const __mdsBundleUrl = require('node:url').pathToFileURL(__filename).href;` }
});
// The first line names the build by its content (same length as the placeholder: the source map
// stays right); a code cache is used only with the build it was made for (bin/bundle-script.js).
const text = readFileSync(bundle, 'utf8');
writeFileSync(bundle, `'use strict'; // mds build ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n` + text.slice(BUILD_LINE.length));
// The worker threads of `mds validate` (large files), next to the bundle where @mds/validate looks for them.
await build({ ...common, format: 'esm', entryPoints: [join(here, '../validate/src/validate-worker.ts')], outfile: join(here, 'dist/validate-worker.js') });
await writeCodeCache(here);
