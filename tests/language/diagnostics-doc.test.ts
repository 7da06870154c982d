import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { renderDiagnosticReference } from '@mds/language';

test('docs/diagnostics.md is current with the diagnostics table (npm run docs:diagnostics)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../docs/diagnostics.md'), 'utf8');
    expect(committed).toBe(renderDiagnosticReference());
});
