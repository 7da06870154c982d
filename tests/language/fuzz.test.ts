import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, createMdsCoreServices, type SourceFile } from '@mds/language';
import type { Diagnostic } from 'vscode-languageserver-types';
import { main } from '../../packages/cli/src/main.js';
import { mutate, rng } from '../../bench/fuzz-mutate.mjs';

/**
 * Seeded fuzzing of the checker with mutants of standards/: every mutant must check without an
 * exception, every diagnostic must have an MDS code, a position inside the file and a message
 * without `undefined`. A sample also goes through `mds check --format json` in process.
 * The longer run for nightly use is bench/fuzz.mjs.
 */
const STANDARDS = join(import.meta.dirname, '../../standards');
const FILES = readdirSync(STANDARDS).filter(f => f.endsWith('.mds')).sort()
    .map(name => ({ name, text: readFileSync(join(STANDARDS, name), 'utf8') }));
const DONORS = FILES.map(f => f.text);

export function problemsOf(text: string, diagnostics: Diagnostic[]): string[] {
    const lines = text.split(/\r?\n|\r/);
    const problems: string[] = [];
    for (const d of diagnostics) {
        const where = `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`;
        if (typeof d.code !== 'string' || !d.code.startsWith('mds/')) problems.push(`no MDS code: ${where}`);
        if (/\bundefined\b|\bNaN\b|\[object |error occurred/i.test(d.message)) problems.push(`bad message: ${where}`);
        for (const p of [d.range.start, d.range.end]) {
            if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line].length) problems.push(`position outside the file: ${where}`);
        }
    }
    return problems;
}

async function check(files: SourceFile[]) {
    const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
    return buildWorkspace(Mds, files);
}

describe('fuzz: mutants of standards/ never crash the checker', () => {
    test('1,900 single-file mutants and 100 whole-workspace mutants', async () => {
        const r = rng(20261129);
        const failures: string[] = [];
        for (let k = 0; k < 2000; k++) {
            const target = FILES[r.int(FILES.length)];
            const text = mutate(target.text, r, DONORS);
            const whole = k >= 1900;
            const files = whole
                ? FILES.map(f => ({ path: `file:///fuzz/${f.name}`, text: f === target ? text : f.text }))
                : [{ path: `file:///fuzz/${target.name}`, text }];
            try {
                const ws = await check(files);
                for (const doc of ws.documents) {
                    const problems = problemsOf(doc.textDocument.getText(), ws.diagnostics.get(doc) ?? []);
                    if (problems.length) failures.push(`mutant ${k} of ${target.name}: ${problems[0]}\n${text}`);
                }
            } catch (e) {
                failures.push(`mutant ${k} of ${target.name}: ${(e as Error).stack}\n${text}`);
            }
            if (failures.length) break;
        }
        expect(failures.slice(0, 1)).toEqual([]);
    }, 120_000);

    test('mds check --format json on mutants: exit 0 or 1, one JSON document, positions inside the file', async () => {
        const r = rng(7);
        const dir = mkdtempSync(join(tmpdir(), 'mds-fuzz-cli-'));
        for (let k = 0; k < 25; k++) {
            const target = FILES[r.int(FILES.length)];
            const text = mutate(target.text, r, DONORS);
            writeFileSync(join(dir, 'mutant.mds'), text);
            let stdout = '', stderr = '';
            const code = await main(['check', '--format', 'json', dir], {
                cwd: dir, env: {}, isTTY: false, stdout: s => { stdout += s; }, stderr: s => { stderr += s; }
            });
            expect([0, 1], `${stderr}\n${text}`).toContain(code);
            expect(stderr).not.toMatch(/internal error/);
            const rows = JSON.parse(stdout) as Array<{ line: number; column: number; code: string }>;
            const lines = text.split(/\r?\n|\r/);
            for (const row of rows) {
                expect(row.line, JSON.stringify(row)).toBeGreaterThanOrEqual(1);
                expect(row.line, JSON.stringify(row)).toBeLessThanOrEqual(lines.length);
                expect(row.code).toMatch(/^mds\//);
            }
        }
    }, 60_000);

    test('regressions found by fuzzing and by hand', async () => {
        const cases = [
            'namespace a.b\nflow X { from to S2 carries R }\nsystem S2 "s" {}\nrecord R "r" { }',
            'namespace a.b\ndepartment X { level city parent }',
            'namespace a.b\ndepartment D "d" { level city }\ndomain X { owner D parent }',
            'namespace a.b\nelement X : string { length }',
            'namespace a.b\nelement X : integer { range }',
            'namespace a.b\nelement X : string { since format }',
            'namespace a.b\nelement X : integer { range 0..1e999 }',
            'namespace a.b\nelement X : decimal { scale 1e999 }',
            'namespace a.b\n' + 'record R {'.repeat(2000),
            'namespace a.b\nrecord R {\n' + 'a: '.repeat(10_000)
        ];
        for (const text of cases) {
            const ws = await check([{ path: 'file:///case.mds', text }]);
            const diagnostics = ws.diagnostics.get(ws.documents[0]) ?? [];
            expect(problemsOf(text, diagnostics), text.slice(0, 80)).toEqual([]);
            expect(ws.errorCount, text.slice(0, 80)).toBeGreaterThan(0);
        }
    });
});
