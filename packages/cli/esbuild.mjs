// Bundles the CLI into one ESM file: module loading drops from ~300 ms to ~40 ms per run.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { langiumParserPatch } from '../../scripts/langium-parser-patch.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', plugins: [langiumParserPatch] };
await build({
    ...common,
    entryPoints: [join(here, 'src/bin.ts')],
    outfile: join(here, 'dist/mds.mjs'),
    sourcemap: true,
    // Native engines load at run time, only when --engine asks for them;
    // pinyin-pro (a 600 kB dictionary) only when mds import names something from Chinese;
    // node-sql-parser (a grammar of several MB per dialect) only when mds import reads SQL.
    external: ['@duckdb/*', 'pg', 'pg-native', 'pinyin-pro', 'node-sql-parser'],
    // CommonJS dependencies bundled into ESM may call require() for Node built-ins.
    banner: { js: "import { createRequire as __mdsCreateRequire } from 'node:module'; const require = __mdsCreateRequire(import.meta.url);" }
});
// The worker threads of `mds validate` (large files), next to the bundle where @mds/validate looks for them.
await build({ ...common, entryPoints: [join(here, '../validate/src/validate-worker.ts')], outfile: join(here, 'dist/validate-worker.js') });
