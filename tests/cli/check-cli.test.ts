import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MDS_BIN, mds, workspace } from './helpers.js';

const clean = {
    'std/base.mds': 'namespace t.base\ndepartment D "区局" { level district }\nelement Name "姓名" : string { length 1..50 }\n',
    'std/people.mds': 'namespace t.people\nimport t.base\nrecord Person "人" { name: Name }\n'
};
const broken = {
    'std/a.mds': 'namespace t.a\nelement X "某数据元" : string { length 5..1 }\nrecord R { x: X  y: Missing }\n',
    'std/b.mds': 'namespace t.a\nelement E "e" : string { status deprecated }\n'
};

describe('mds check', () => {
    test('a clean workspace exits 0 and says so', () => {
        const r = mds(['check', 'std', '--locale', 'en'], workspace(clean));
        expect(r.code).toBe(0);
        expect(r.stdout.trim()).toBe('checked 2 files: 0 errors, 0 warnings');
        expect(r.stderr).toBe('');
    });

    test('errors: exit 1, tsc-style lines with relative paths, excerpt with caret, summary', () => {
        const r = mds(['check', '--locale', 'en'], workspace(broken));
        expect(r.code).toBe(1);
        const lines = r.stdout.split('\n');
        expect(lines).toContain('std/a.mds:2:36 - error mds/invalid-range: invalid range: lower bound 5 is greater than upper bound 1');
        expect(lines).toContain('std/a.mds:3:21 - error mds/unresolved-reference: cannot find `Missing` in namespace `t.a` or its imports');
        expect(lines).toContain('std/b.mds:2:33 - warning mds/missing-replacement: `E` is deprecated; name what replaces it with replacedBy');
        // The excerpt shows the line and a caret under the range, CJK counted as two columns.
        const at = lines.indexOf('std/a.mds:2:36 - error mds/invalid-range: invalid range: lower bound 5 is greater than upper bound 1');
        expect(lines[at + 1]).toBe('2 | element X "某数据元" : string { length 5..1 }');
        expect(lines[at + 2]).toBe('  | ' + ' '.repeat(35 + 4) + '~~~~');
        expect(lines.at(-2)).toBe('checked 2 files: 2 errors, 1 warning');
    });

    test('--format json prints only a JSON array of 1-based diagnostics', () => {
        const r = mds(['check', 'std', '--format', 'json'], workspace(broken));
        expect(r.code).toBe(1);
        const rows = JSON.parse(r.stdout);
        expect(rows).toContainEqual({
            file: 'std/a.mds', line: 3, column: 21, endLine: 3, endColumn: 28,
            severity: 'error', code: 'mds/unresolved-reference', message: expect.stringContaining('Missing')
        });
        expect(rows.map((d: { severity: string }) => d.severity).sort()).toEqual(['error', 'error', 'warning']);
    });

    test('messages follow --locale, then LANG; Chinese by default', () => {
        const ws = workspace(broken);
        expect(mds(['check'], ws).stdout).toContain('检查了 2 个文件：2 个错误，1 个警告');
        expect(mds(['check'], ws, { LANG: 'en_US.UTF-8' }).stdout).toContain('checked 2 files');
        expect(mds(['check', '--locale', 'zh'], ws, { LANG: 'en_US.UTF-8' }).stdout).toContain('范围无效');
    });

    test('--quiet hides warnings; --max-warnings fails on too many', () => {
        const ws = workspace({ 'a.mds': 'namespace t.a\nelement E "e" : string { status deprecated }\n' });
        const quiet = mds(['check', '--quiet', '--locale', 'en'], ws);
        expect(quiet.code).toBe(0);
        expect(quiet.stdout).not.toContain('warning mds/');
        expect(mds(['check', '--max-warnings', '1'], ws).code).toBe(0);
        const strict = mds(['check', '--max-warnings', '0', '--locale', 'en'], ws);
        expect(strict.code).toBe(1);
        expect(strict.stderr).toContain('1 warnings exceed --max-warnings 0');
    });

    test('bad input exits 2 with one clear line and no stack trace', () => {
        const ws = workspace({
            'empty/readme.txt': 'no standards here',
            'latin1.mds': Buffer.concat([Buffer.from('namespace t.a\nelement X "'), Buffer.from([0xc4, 0xe3]), Buffer.from('" : string\n')])
        });
        const cases: Array<[string[], RegExp]> = [
            [['check', 'nowhere'], /^mds: no such file or folder: nowhere\n$/],
            [['check', 'empty'], /^mds: no \.mds files in folder empty\n$/],
            // A file named on the command line that is no standards file (it ended with an internal error); `import` of a folder.
            [['check', 'empty/readme.txt'], /^mds: empty\/readme\.txt is not a \.mds file \(standards files end in \.mds\)\n$/],
            [['format', 'empty/readme.txt'], /^mds: empty\/readme\.txt is not a \.mds file/],
            [['import', 'empty', '-n', 't.x', '-o', 'x.mds'], /^mds: empty is a folder; give the file to import\n$/],
            [['check', 'latin1.mds'], /^mds: latin1\.mds:2:12 - the file is not valid UTF-8; save it as UTF-8\n$/],
            [['check', '--format', 'xml'], /argument 'xml' is invalid/],
            [['check', '--max-warnings', 'many'], /non-negative integer/],
            [['chek'], /unknown command 'chek'/]
        ];
        for (const [args, stderr] of cases) {
            const r = mds([...args, '--locale', 'en'], ws);
            expect(r.code, args.join(' ')).toBe(2);
            expect(r.stderr).toMatch(stderr);
            expect(r.stderr).not.toMatch(/\n\s+at /);
        }
    });

    test('--version and --help exit 0', () => {
        const ws = workspace(clean);
        expect(mds(['--version'], ws)).toMatchObject({ code: 0, stdout: '0.1.0\n' });
        const help = mds(['check', '--help'], ws);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain('--format <format>');
    });
});

describe('mds check at the edges: pipes, links, size, duplicates', () => {
    test('a reader that closes the pipe early (| head -1): no stack trace, the exit code of the check', () => {
        const ws = workspace({ 'a.mds': 'namespace t.a\n' + 'element X "x" : string\n'.repeat(3000) });
        const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${MDS_BIN}" check . | head -1`], { cwd: ws, encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
        expect(r.status).toBe(1);
    });

    test('symbolic links to files and folders are followed; loops and dangling links are skipped', () => {
        const ws = workspace({ 'real/a.mds': 'namespace t.a\nelement X "x" : string\n', 'std/b.mds': 'namespace t.b\nimport t.a\nrecord R { key x: X }\n' });
        symlinkSync('../real/a.mds', join(ws, 'std/a-link.mds'));
        mkdirSync(join(ws, 'links'));
        symlinkSync('../std', join(ws, 'links/std'));
        symlinkSync('../links', join(ws, 'links/loop'));
        symlinkSync('nowhere.mds', join(ws, 'links/dangling.mds'));
        expect(mds(['check', 'links', '--locale', 'en'], ws)).toMatchObject({ code: 0, stdout: 'checked 2 files: 0 errors, 0 warnings\n', stderr: '' });
    });

    test('a file over the size limit is refused with one line (exit 2)', () => {
        const ws = workspace({});
        writeFileSync(join(ws, 'big.mds'), 'namespace t.a\n' + '// ' + 'x'.repeat(9 * 1024 * 1024) + '\n');
        const r = mds(['check', '--locale', 'en'], ws);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^mds: big\.mds is too large \(9\.0 M characters\): a \.mds file may hold at most 4 M characters; split it into several files\n$/);
    });

    test('8,000 copies of one declaration: one error each, naming the first (output linear in the copies)', () => {
        const ws = workspace({ 'a.mds': 'namespace t.a\n' + 'element X "x" : string\n'.repeat(8000) });
        const r = mds(['check', '--format', 'json'], ws);
        expect(r.code).toBe(1);
        const rows = JSON.parse(r.stdout) as Array<{ code: string; message: string }>;
        expect(rows).toHaveLength(8000);
        expect(rows.every(x => x.code === 'mds/duplicate-name')).toBe(true);
        expect(rows[1].message).toContain('a.mds:2:9）');
        expect(r.stdout.length).toBeLessThan(8000 * 400);
    });
});

describe('mds format', () => {
    test('--check reports files not in canonical layout; format rewrites them; broken files are left alone', () => {
        const ws = workspace({
            'a.mds': 'namespace   t.a\nelement X "x":string{length  1 .. 5}\n',
            'ok.mds': 'namespace t.b\n\nelement Y "y" : string\n',
            'bad.mds': 'namespace t.c\nelement {\n'
        });
        const check = mds(['format', '--check', '--locale', 'en'], ws);
        expect(check.code).toBe(1);
        expect(check.stdout).toBe('a.mds: not in canonical layout\n3 files, 1 to format\n');
        expect(check.stderr).toBe('bad.mds: syntax errors, not formatted (run mds check)\n');
        expect(mds(['format', 'a.mds', 'ok.mds', '--locale', 'en'], ws)).toMatchObject({ code: 0, stdout: 'a.mds: formatted\n2 files, 1 formatted\n' });
        expect(readFileSync(join(ws, 'a.mds'), 'utf8')).toBe('namespace t.a\n\nelement X "x" : string { length 1..5 }\n');
        expect(readFileSync(join(ws, 'bad.mds'), 'utf8')).toBe('namespace t.c\nelement {\n');
        expect(mds(['format', '--check', 'a.mds', 'ok.mds'], ws).code).toBe(0);
    });

    test('the bundled standards are in canonical layout', () => {
        expect(mds(['format', '--check', join(import.meta.dirname, '../../standards')], workspace({})).code).toBe(0);
    });
});
