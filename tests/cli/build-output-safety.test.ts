import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus.mjs';
import { isMdsOutput } from '../../packages/cli/src/io/atomic-output.js';
import { MDS_BIN, mds, workspace } from './helpers.js';

/** `mds build --out` never deletes what it did not write, and never reports success for a partial output. */
const good = { 'std/a.mds': 'namespace t.a\nversion "1.0.0"\nelement Name "姓名" : string { length 1..5 }\nrecord Person "人" { key name: Name }\n' };

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise(resolve => {
        const child = spawn(process.execPath, [MDS_BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', d => { stderr += String(d); });
        child.on('exit', code => resolve({ code, stderr }));
    });
}

describe('mds build --out: safe by construction', () => {
    test('two builds to one output at once: both succeed, one after the other, and the output is complete', async () => {
        const ws = workspace({});
        generateCorpus(1500, join(ws, 'std'));
        for (const delay of [0, 150]) {
            const first = run(['build', 'std', '--out', 'out', '--targets', 'schema,packages'], ws);
            await new Promise(r => setTimeout(r, delay));
            const second = run(['build', 'std', '--out', 'out', '--targets', 'schema,packages'], ws);
            const results = await Promise.all([first, second]);
            expect(results.map(r => r.code), results.map(r => r.stderr).join('\n')).toEqual([0, 0]);
            expect(isMdsOutput(join(ws, 'out'))).toBe(true);
            expect(readdirSync(join(ws, 'out/schema')).length).toBe(4);
            expect(existsSync(join(ws, 'out.mds-lock'))).toBe(false);
        }
    }, 60_000);

    test('a build killed between its two renames: the old output is recovered, and "unchanged" is then true', () => {
        const ws = workspace(good);
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        const before = readFileSync(join(ws, 'out/schema/t.a/Person.schema.json'), 'utf8');
        renameSync(join(ws, 'out'), join(ws, 'out.mds-old-999-kill'));  // the state a kill leaves
        writeFileSync(join(ws, 'std/a.mds'), 'namespace t.a\nrecord Person "人" { key name: Missing }\n');
        const r = mds(['build', 'std', '--out', 'out', '--locale', 'en'], ws);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('out is unchanged');
        expect(readFileSync(join(ws, 'out/schema/t.a/Person.schema.json'), 'utf8')).toBe(before);
        expect(readdirSync(ws).sort()).toEqual(['out', 'std']);
    });

    test('a marker does not make a folder MDS output: user files beside an (empty or copied) marker are never replaced', () => {
        const ws = workspace({ ...good, 'mine/.mds-build.json': '', 'mine/thesis.docx': 'precious' });
        const r = mds(['build', 'std', '--out', 'mine', '--locale', 'en'], ws);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--out mine is neither empty nor a previous MDS output/);
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        writeFileSync(join(ws, 'out/thesis.docx'), 'added by the user after the build');
        const again = mds(['build', 'std', '--out', 'out', '--locale', 'en'], ws);
        expect(again.code).toBe(2);
        expect(readFileSync(join(ws, 'out/thesis.docx'), 'utf8')).toBe('added by the user after the build');
    });

    test('sources in a folder whose name starts with two dots, inside --out, are protected', () => {
        const ws = workspace({ 'out/..std/a.mds': good['std/a.mds'] });
        const r = mds(['build', 'out/..std', '--out', 'out', '--locale', 'en'], ws);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/holds the standards being built/);
        expect(existsSync(join(ws, 'out/..std/a.mds'))).toBe(true);
    });

    test('a symbolic link as --out is followed: the build writes where it points, the link stays', () => {
        const ws = workspace(good);
        mkdirSync(join(ws, 'real'));
        symlinkSync('real', join(ws, 'link'));
        expect(mds(['build', 'std', '--out', 'link'], ws).code).toBe(0);
        expect(existsSync(join(ws, 'real/schema/t.a/Person.schema.json'))).toBe(true);
        expect(mds(['build', 'std', '--out', 'link'], ws).code).toBe(0);
        expect(readdirSync(ws).filter(e => !e.includes('.mds-old-')).sort()).toEqual(['link', 'real', 'std']);
        symlinkSync('nowhere', join(ws, 'dangling'));
        expect(mds(['build', 'std', '--out', 'dangling', '--locale', 'en'], ws)).toMatchObject({ code: 2, stderr: 'mds: --out dangling is a symbolic link to nothing\n' });
    });

    test('--out under a file: one clear line, exit 2, no stack trace', () => {
        const ws = workspace({ ...good, 'afile': 'x' });
        const r = mds(['build', 'std', '--out', 'afile/sub', '--locale', 'en'], ws);
        expect(r).toMatchObject({ code: 2, stderr: 'mds: --out afile/sub is a file; give a folder\n' });
    });
});
