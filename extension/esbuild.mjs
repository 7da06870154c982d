// Bundles the extension client and the language server into one self-contained file each.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { langiumParserPatch } from '../scripts/langium-parser-patch.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const minify = process.argv.includes('--minify');
const common = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
    outExtension: { '.js': '.cjs' }, sourcemap: !minify, minify, logLevel: 'warning', plugins: [langiumParserPatch],
    // Langium is ESM; the CommonJS bundle has no import.meta.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" }
};
await build({ ...common, entryPoints: { extension: join(here, 'src/extension.ts') }, outdir: join(here, 'out') });
await build({ ...common, entryPoints: { server: join(here, 'src/server/main.ts') }, outdir: join(here, 'out') });
