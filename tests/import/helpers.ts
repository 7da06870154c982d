import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { mds } from '../cli/helpers.js';

/**
 * What every import must leave: a file `mds check` accepts (no errors) and `mds format --check`
 * finds canonical, each declaration a candidate with its `// imported from` line. Returns the text.
 */
export function expectClean(dir: string, file: string) {
    const check = mds(['check', '.', '--format', 'json'], dir);
    const errors = (JSON.parse(check.stdout) as Array<{ severity: string }>).filter(d => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(mds(['format', '--check', file], dir).code).toBe(0);
    const text = readFileSync(join(dir, file), 'utf8');
    const declarations = text.match(/^(element|codelist|record) /gm) ?? [];
    expect(text.match(/^ {2}status candidate$/gm)?.length).toBe(declarations.length);
    expect(text.match(/^\/\/ imported from /gm)?.length).toBe(declarations.length);
    return text;
}
