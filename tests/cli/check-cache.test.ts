import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../packages/cli/src/main.js';
import { seededRandom } from '../helpers.js';

const STANDARDS = join(import.meta.dirname, '../../standards');

async function check(dir: string, args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const code = await main(['check', ...args, '.'], { cwd: dir, env: {}, isTTY: false, stdout: s => { stdout += s; }, stderr: s => { stdout += s; } });
    return { code, stdout };
}

/** Edits of the kinds a committee makes: constraints, labels, governance, references, declarations, imports, files, typos. */
const EDITS: Array<{ name: string; apply: (text: string, pick: <T>(xs: T[]) => T) => string | undefined }> = [
    { name: 'narrow a length', apply: t => t.replace(/length (\d+)\.\.(\d+)/, (_m, a, b) => `length ${a}..${Math.max(Number(a), Number(b) - 1)}`) },
    { name: 'edit a label', apply: t => t.replace(/ "([^"\n]{2,})" \{/, ' "$1（修订）" {') },
    { name: 'share none', apply: t => t.replace('share conditional', 'share none') },
    { name: 'grade up', apply: t => t.replace(/grade (general|important)/, 'grade core') },
    { name: 'break a reference', apply: t => t.replace(/(\n\s+(?:key )?\w+\??: )([A-Z]\w*)/, '$1$2Missing') },
    { name: 'add a declaration', apply: t => t + `\nelement Added${t.length} "新增数据元" : string { length 1..10 }\n` },
    { name: 'drop an import', apply: t => t.replace(/\nimport [\w.]+/, '') },
    { name: 'syntax error', apply: t => t.replace(/\}\s*$/, '') + '\nrecord {' },
    { name: 'comment only', apply: t => t + '\n// 注释\n' }
];

describe('mds check --cache', () => {
    test('gives exactly the diagnostics of a full check through a seeded series of edits, re-checking only what an edit concerns', { timeout: 240_000 }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-cache-'));
        const cacheDir = mkdtempSync(join(tmpdir(), 'mds-cache-dir-'));
        cpSync(STANDARDS, dir, { recursive: true });
        const originals = new Map(readdirSync(dir).filter(f => f.endsWith('.mds')).map(f => [f, readFileSync(join(dir, f), 'utf8')]));
        const next = seededRandom(20261130);
        const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
        const notes: string[] = [];
        const kinds = new Set<string>();
        try {
            for (let step = 0; step < 30; step++) {
                const files = readdirSync(dir).filter(f => f.endsWith('.mds'));
                const roll = next();
                if (roll < 0.1) {
                    // Nothing changes.
                } else if (roll < 0.2) {
                    const file = pick(files);
                    writeFileSync(join(dir, file), originals.get(file) ?? readFileSync(join(dir, file), 'utf8'));
                } else if (roll < 0.25) {
                    writeFileSync(join(dir, `extra-${step}.mds`), `namespace minhang.extra${step}\nimport minhang.common\n\nrecord Extra${step} "附加" {\n  key id: CitizenId\n}\n`);
                } else if (roll < 0.28 && files.some(f => f.startsWith('extra-'))) {
                    rmSync(join(dir, files.find(f => f.startsWith('extra-'))!));
                } else {
                    const file = pick(files), edit = pick(EDITS);
                    const text = readFileSync(join(dir, file), 'utf8');
                    const edited = edit.apply(text, pick);
                    if (edited !== undefined && edited !== text) {
                        writeFileSync(join(dir, file), edited);
                        kinds.add(edit.name);
                    }
                }
                const full = await check(dir, []);
                const cached = await check(dir, ['--cache', cacheDir]);
                const lines = cached.stdout.trimEnd().split('\n');
                notes.push(lines.pop()!);
                expect({ code: cached.code, stdout: lines.join('\n') + '\n' }, `step ${step}`).toEqual(full);
                if (step % 5 === 0) {
                    expect((await check(dir, ['--cache', cacheDir, '--format', 'json'])).stdout).toBe((await check(dir, ['--format', 'json'])).stdout);
                }
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
            rmSync(cacheDir, { recursive: true, force: true });
        }
        // Every path was taken: from the cache alone, partial re-checks, and full ones.
        expect(notes.some(n => n.includes('均未改动'))).toBe(true);
        const partial = notes.map(n => /重新检查了 (\d+) \/ (\d+)/.exec(n)).filter(m => m && Number(m[1]) < Number(m[2]));
        expect(partial.length).toBeGreaterThan(2);
        expect(kinds.size).toBeGreaterThan(5);
    });

    test('an edit re-checks the files that depend on it, and a hint that needs the whole workspace is not taken from a part of it', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-cache-'));
        const cacheDir = mkdtempSync(join(tmpdir(), 'mds-cache-dir-'));
        const files: Record<string, string> = {
            'a.mds': 'namespace t.a\n\nelement Id "标识" : string { share conditional }\n',
            'b.mds': 'namespace t.b\nimport t.a\n\nrecord R "甲" {\n  share conditional\n  key id: Id\n}\n',
            'c.mds': 'namespace t.c\n\nelement Other "其他" : string\n',
            'd.mds': 'namespace t.d\nimport t.c\n\nrecord Q "乙" {\n  key x: Other\n  y: Foo\n}\n',
            'e.mds': 'namespace t.e\n\nelement Foo "丙" : string\n'
        };
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
        const same = async () => {
            const full = await check(dir, []);
            const cached = await check(dir, ['--cache', cacheDir]);
            const lines = cached.stdout.trimEnd().split('\n');
            const note = lines.pop()!;
            expect({ code: cached.code, stdout: lines.join('\n') + '\n' }).toEqual(full);
            return { note, stdout: full.stdout };
        };
        try {
            expect((await same()).note).toContain('重新检查了 5 / 5');
            // Rule 5 in b.mds follows an edit of a.mds; c, d and e are not concerned.
            writeFileSync(join(dir, 'a.mds'), files['a.mds'].replace('share conditional', 'share none'));
            const edited = await same();
            expect(edited.note).toContain('重新检查了 2 / 5');
            expect(edited.stdout).toContain('mds/record-more-shared');
            writeFileSync(join(dir, 'a.mds'), files['a.mds']);
            expect((await same()).stdout).not.toContain('mds/record-more-shared');
            // d.mds cannot resolve Foo; where Foo is declared (t.e) is a hint only the whole workspace knows.
            writeFileSync(join(dir, 'c.mds'), files['c.mds'].replace('"其他"', '"其他（修订）"'));
            const hint = await same();
            expect(hint.stdout).toContain('mds/unresolved-reference');
            expect(hint.stdout).toContain('t.e');
        } finally {
            rmSync(dir, { recursive: true, force: true });
            rmSync(cacheDir, { recursive: true, force: true });
        }
    });

    test('a cache of another tool, locale or a damaged file is not used', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-cache-'));
        const cacheDir = mkdtempSync(join(tmpdir(), 'mds-cache-dir-'));
        cpSync(STANDARDS, dir, { recursive: true });
        try {
            const count = readdirSync(dir).filter(f => f.endsWith('.mds')).length;
            expect((await check(dir, ['--cache', cacheDir])).stdout).toContain(`重新检查了 ${count} / ${count}`);
            expect((await check(dir, ['--cache', cacheDir])).stdout).toContain('均未改动');
            // Another locale: messages differ, so the cache is not reused.
            expect((await check(dir, ['--cache', cacheDir, '--locale', 'en'])).stdout).toContain(`re-checked ${count} of ${count}`);
            // Another tool: the key differs.
            const file = join(cacheDir, 'check-cache.json');
            const data = JSON.parse(readFileSync(file, 'utf8'));
            writeFileSync(file, JSON.stringify({ ...data, key: 'another build' }));
            expect((await check(dir, ['--cache', cacheDir, '--locale', 'en'])).stdout).toContain(`re-checked ${count} of ${count}`);
            // A damaged cache file: checked in full, and written anew.
            writeFileSync(file, '{"format": "mds-check-cache/1", "files": ');
            const r = await check(dir, ['--cache', cacheDir]);
            expect(r.code).toBe((await check(dir, [])).code);
            expect(r.stdout).toContain(`重新检查了 ${count} / ${count}`);
            expect((await check(dir, ['--cache', cacheDir])).stdout).toContain('均未改动');
            // A cache that cannot be written (here a file where the folder should be): the full report, one warning, the check's exit code.
            writeFileSync(join(dir, 'not-a-folder'), '');
            let stdout = '', stderr = '';
            const code = await main(['check', '--cache', 'not-a-folder/cache', '.'], { cwd: dir, env: {}, isTTY: false, stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
            expect(code).toBe((await check(dir, [])).code);
            expect(stdout).toContain(`重新检查了 ${count} / ${count}`);
            expect(stderr.trim().split('\n')).toHaveLength(1);
            expect(stderr).toContain('未能写入检查缓存');
        } finally {
            rmSync(dir, { recursive: true, force: true });
            rmSync(cacheDir, { recursive: true, force: true });
        }
    });
});
