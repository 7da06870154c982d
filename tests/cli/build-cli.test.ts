import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MDS_BIN, mds, workspace } from './helpers.js';

const good = {
    'std/mds.config.json': JSON.stringify({ scope: '@city', schemaBaseUri: 'https://s.test/schema' }),
    'std/a.mds': 'namespace t.a\nversion "3.2.1"\nelement Name "姓名" : string { length 1..5 }\nrecord Person "人" { key name: Name }\n'
};

/** The folder's entries once the replaced output, deleted in the background, is gone (polls up to 10 s). */
async function settledEntries(dir: string, keep: string[] = []): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
        const entries = readdirSync(dir).sort();
        if (!entries.some(e => e.includes('.mds-old-') && !keep.includes(e))) return entries;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return readdirSync(dir).sort();
}

/** A hash of every file under a folder (names and contents), to prove a folder did not change. */
function treeHash(dir: string): string {
    const h = createHash('sha256');
    const walk = (d: string) => {
        for (const e of readdirSync(d).sort()) {
            const p = join(d, e);
            h.update(p.slice(dir.length));
            if (statSync(p).isDirectory()) walk(p); else h.update(readFileSync(p));
        }
    };
    walk(dir);
    return h.digest('hex');
}

describe('mds build', () => {
    // On a disk the output is written with many writes in flight, on tmpfs one file at a time: the same files either way.
    test.runIf(existsSync('/dev/shm') && statfsSync('/dev/shm').type === 0x01021994)('writes the same output on tmpfs as on a disk', () => {
        const ws = workspace(good);
        const shm = mkdtempSync('/dev/shm/mds-build-');
        try {
            expect(mds(['build', 'std', '--out', 'disk'], ws).code).toBe(0);
            expect(mds(['build', 'std', '--out', join(shm, 'out')], ws).code).toBe(0);
            const marker = (dir: string) => { const m = JSON.parse(readFileSync(join(dir, '.mds-build.json'), 'utf8')); return [m.files, m.count]; };
            expect(marker(join(shm, 'out'))).toEqual(marker(join(ws, 'disk')));
            expect(treeHash(join(shm, 'out'))).toBe(treeHash(join(ws, 'disk')));
        } finally {
            rmSync(shm, { recursive: true, force: true });
        }
    });

    test('writes schemas and packages, using mds.config.json', () => {
        const ws = workspace(good);
        const r = mds(['build', 'std', '--out', 'out', '--locale', 'en'], ws);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('checked 1 file: 0 errors, 0 warnings');
        expect(r.stdout).toContain('built 1 namespace into out');
        const schema = JSON.parse(readFileSync(join(ws, 'out/schema/t.a/Person.schema.json'), 'utf8'));
        expect(schema.$id).toBe('https://s.test/schema/t.a/Person.schema.json');
        const manifest = JSON.parse(readFileSync(join(ws, 'out/packages/t.a/package.json'), 'utf8'));
        expect([manifest.name, manifest.version]).toEqual(['@city/t-a', '3.2.1']);
        expect(existsSync(join(ws, 'out/.mds-build.json'))).toBe(true);
        expect(readdirSync(ws).sort()).toEqual(['out', 'std']);
    });

    test('mds docs and mds catalog write their one target at the root of --out; mds build keeps one folder per target', () => {
        const ws = workspace(good);
        expect(mds(['docs', 'std', '--out', 'site'], ws).code).toBe(0);
        expect(existsSync(join(ws, 'site/index.html'))).toBe(true);
        expect(existsSync(join(ws, 'site/docs'))).toBe(false);
        expect(mds(['catalog', 'std', '--out', 'cat'], ws).code).toBe(0);
        expect(readdirSync(join(ws, 'cat')).filter(f => !f.startsWith('.')).sort()).toEqual(['catalog.xlsx', 'code-lists.csv', 'data-elements.csv', 'data-items.csv', 'model.json', 'resources.csv']);
        expect(mds(['build', 'std', '--out', 'dist', '--targets', 'docs,catalog'], ws).code).toBe(0);
        expect(existsSync(join(ws, 'dist/docs/index.html')) && existsSync(join(ws, 'dist/catalog/catalog.xlsx'))).toBe(true);
    });

    test('a second build replaces the previous output completely', async () => {
        const ws = workspace(good);
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        writeFileSync(join(ws, 'std/a.mds'), 'namespace t.b\nelement N "n" : string\nrecord R { key n: N }\n');
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        expect(readdirSync(join(ws, 'out/schema'))).toEqual(['t.b']);
        expect(await settledEntries(ws)).toEqual(['out', 'std']);
    });

    test('the site lists what changed since the previous build (from its model.json)', () => {
        const ws = workspace(good);
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        writeFileSync(join(ws, 'std/a.mds'), good['std/a.mds'].replace('length 1..5', 'length 1..9') + 'element Extra "新增项" : string\n');
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        const home = readFileSync(join(ws, 'out/docs/index.html'), 'utf8');
        expect(home).toContain('与上一版本相比的变化（2）');
        expect(home).toMatch(/修改<\/td><td><a href="element\/t\.a\.Name\.html">姓名/);
        expect(home).toMatch(/新增<\/td><td><a href="element\/t\.a\.Extra\.html">新增项/);
        expect(JSON.parse(readFileSync(join(ws, 'out/model.json'), 'utf8')).format).toBe('mds-model/1');
    });

    test('a failing build prints the diagnostics, exits 1 and leaves the output untouched', () => {
        const ws = workspace(good);
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        const before = treeHash(join(ws, 'out'));
        writeFileSync(join(ws, 'std/a.mds'), 'namespace t.a\nrecord Person "人" { key name: Missing }\n');
        const r = mds(['build', 'std', '--out', 'out', '--locale', 'en'], ws);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('std/a.mds:2:31 - error mds/unresolved-reference');
        expect(r.stderr).toContain('nothing was built and out is unchanged');
        expect(treeHash(join(ws, 'out'))).toBe(before);
        expect(readdirSync(ws).sort()).toEqual(['out', 'std']);
    });

    test('refuses output folders it must not replace, with exit 2 and nothing written', () => {
        const ws = workspace({ ...good, 'notes/todo.txt': 'mine', 'file.txt': 'x' });
        const cases: Array<[string[], RegExp]> = [
            [['--out', 'file.txt'], /--out file\.txt is a file/],
            [['--out', 'std'], /--out std holds the standards being built/],
            [['--out', '.'], /--out \. holds the standards being built/],
            [['--out', 'notes'], /--out notes is neither empty nor a previous MDS output/]
        ];
        const before = treeHash(ws);
        for (const [args, message] of cases) {
            const r = mds(['build', 'std', ...args, '--locale', 'en'], ws);
            expect(r.code, args.join(' ')).toBe(2);
            expect(r.stderr).toMatch(message);
        }
        expect(treeHash(ws)).toBe(before);
    });

    test('an empty existing folder is accepted; leftovers of an interrupted build are cleaned, look-alikes kept', async () => {
        const ws = workspace(good);
        mkdirSync(join(ws, 'out'));
        mkdirSync(join(ws, 'out.mds-tmp-123-abc'));
        writeFileSync(join(ws, 'out.mds-tmp-123-abc/.mds-build.json'), JSON.stringify({ generator: 'mds', partial: true, pid: 123 }));
        writeFileSync(join(ws, 'out.mds-tmp-123-abc/half.json'), '{');
        mkdirSync(join(ws, 'out.mds-old-mine'));
        writeFileSync(join(ws, 'out.mds-old-mine/notes.txt'), 'a user folder that only looks like a leftover');
        expect(mds(['build', 'std', '--out', 'out'], ws).code).toBe(0);
        expect(await settledEntries(ws, ['out.mds-old-mine'])).toEqual(['out', 'out.mds-old-mine', 'std']);
    });

    test('bad mds.config.json is a usage error naming the file', () => {
        const ws = workspace({ ...good, 'std/mds.config.json': '{ "scope": 42 }' });
        const r = mds(['build', 'std', '--out', 'out'], ws);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('std/mds.config.json:1:1 - "scope" 应为非空字符串 / "scope" must be a non-empty string');
        // Broken JSON: the line and column it stopped at.
        const broken = workspace({ ...good, 'std/mds.config.json': '{\n  "scope": "@a",\n}\n' });
        const b = mds(['build', 'std', '--out', 'out'], broken);
        expect(b.code).toBe(2);
        expect(b.stderr).toMatch(/^mds: std\/mds\.config\.json:3:1 - 不是有效的 JSON \/ not valid JSON: /);
    });
});

describe('mds build --watch', () => {
    test('rebuilds when a .mds file changes, and stops cleanly on SIGTERM', async () => {
        const ws = workspace(good);
        const child = spawn(process.execPath, [MDS_BIN, 'build', 'std', '--out', 'out', '--watch', '--locale', 'en'], { cwd: ws, env: { PATH: process.env.PATH ?? '' } });
        let stderr = '', stdout = '';
        child.stderr.on('data', d => { stderr += String(d); });
        child.stdout.on('data', d => { stdout += String(d); });
        const until = async (test: () => boolean) => {
            for (let i = 0; i < 200 && !test(); i++) await new Promise(r => setTimeout(r, 50));
            expect(test()).toBe(true);
        };
        await until(() => stderr.includes('watching for changes'));
        expect(existsSync(join(ws, 'out/schema/t.a/Person.schema.json'))).toBe(true);
        writeFileSync(join(ws, 'std/b.mds'), 'namespace t.a\nrecord Extra "额外" { key n: Name }\n');
        await until(() => (stdout.match(/built 1 namespace/g)?.length ?? 0) === 2);
        expect(existsSync(join(ws, 'out/schema/t.a/Extra.schema.json'))).toBe(true);
        expect(stderr).toContain('change in b.mds; rebuilding');
        child.kill('SIGTERM');
        const code = await new Promise(resolve => child.on('exit', resolve));
        expect(code).toBe(0);
    });
});
