// Writes docs/diagnostics.md from the diagnostics table (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderDiagnosticReference } from '@mds/language';

writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), renderDiagnosticReference());
console.log('wrote docs/diagnostics.md');
