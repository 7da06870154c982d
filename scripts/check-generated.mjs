// Fails when the committed Langium output (parser, AST, TextMate grammar) is not what the
// grammar generates: regenerate, then ask git whether anything changed.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = ['packages/language/src/generated', 'extension/syntaxes'];
execFileSync(process.execPath, ['--import', './scripts/node20-polyfill.mjs', 'node_modules/langium-cli/bin/langium.js',
    'generate', '--file', 'packages/language/langium-config.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const status = execFileSync('git', ['status', '--porcelain', '--', ...generated], { cwd: root, encoding: 'utf8' });
if (status.trim()) {
    console.error('Generated Langium sources are stale or uncommitted. Run `npm run langium:generate` and commit:\n' + status);
    process.exit(1);
}
console.log('generated Langium sources are current');
