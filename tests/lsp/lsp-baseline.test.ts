import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';

/** `mds.baseline` in the editor: the version errors of `mds check --baseline`, and warnings at breaking changes, while editing. */
const KITCHEN = join(import.meta.dirname, '../fixtures/kitchen');

describe('the language server with a baseline', () => {
    let root: string;
    let client: LspClient;
    beforeAll(async () => {
        root = mkdtempSync(join(tmpdir(), 'mds-lsp-baseline-'));
        cpSync(KITCHEN, join(root, 'old'), { recursive: true });
        cpSync(KITCHEN, join(root, 'std'), { recursive: true });
        const app = join(root, 'std/app.mds');
        writeFileSync(app, readFileSync(app, 'utf8').replace('  age?: Age\n', '  age: Age\n'));
        client = new LspClient(root);
        await client.initialize('en', { standardsFolders: ['std'], baseline: 'old' });
    }, 60_000);
    afterAll(async () => { await client.close(); });

    test('a breaking change without a major version: an error at version, a warning at the declaration; a bump clears the error', async () => {
        const diagnostics = await client.waitForDiagnostics('std/app.mds', d => d.some(x => x.code === 'mds/version-bump'), 30_000);
        const version = diagnostics.find(d => d.code === 'mds/version-bump')!;
        expect(version.range.start.line).toBe(1);
        expect(version.message).toContain('needs a major version bump from 1.0.0');
        expect(version.message).toContain('kitchen.app.Person.age');
        const warning = diagnostics.find(d => d.code === 'mds/breaking-change')!;
        expect(warning.severity).toBe(2);
        expect(warning.message).toContain('age');
        const text = readFileSync(join(root, 'std/app.mds'), 'utf8');
        await client.open('std/app.mds', text);
        await client.change('std/app.mds', text.replace('version "1.0.0"', 'version "2.0.0"'));
        const after = await client.waitForDiagnostics('std/app.mds', d => !d.some(x => x.code === 'mds/version-bump'), 30_000);
        expect(after.some(d => d.code === 'mds/breaking-change')).toBe(true);
        expect(client.exited).toBe(false);
    }, 60_000);

    test('a baseline that cannot be read is logged, not fatal', async () => {
        const other = new LspClient(root);
        await other.initialize('en', { standardsFolders: ['std'], baseline: 'git:nope' });
        await other.waitForDiagnostics('std/app.mds', () => true, 30_000);
        await new Promise(r => setTimeout(r, 300));
        expect(other.log.join('\n')).toMatch(/cannot read the baseline git:nope/);
        expect(other.exited).toBe(false);
        await other.close();
    }, 60_000);
});
