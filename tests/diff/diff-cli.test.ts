import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mds } from '../cli/helpers.js';

/** `mds diff` and `mds check --baseline` on the bundled standards, a modified copy, git revisions and model.json. */
const STANDARDS = join(import.meta.dirname, '../../standards');

function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mds-diff-git-'));
    cpSync(STANDARDS, join(dir, 'standards'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'v1');
    git('tag', 'v1.0.0');
    return dir;
}

const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(from)) throw new Error(`no ${from} in ${file}`);
    writeFileSync(file, text.replace(from, to));
};

describe('mds diff', () => {
    test('the standards against a modified copy: classified changes, required bump, --check at the version line', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-diff-'));
        cpSync(STANDARDS, join(dir, 'old'), { recursive: true });
        cpSync(STANDARDS, join(dir, 'new'), { recursive: true });
        edit(join(dir, 'new/population.mds'), '  mobile?: MobilePhone\n', '  mobile: MobilePhone\n');
        edit(join(dir, 'new/population.mds'), '  alive: IsAlive\n', '  alive: IsAlive\n  nickname?: PersonName\n');
        const json = mds(['diff', 'old', 'new', '--format', 'json'], dir);
        expect(json.code).toBe(0);
        const result = JSON.parse(json.stdout);
        const ns = result.namespaces.find((n: { name: string }) => n.name === 'minhang.population');
        expect(ns).toMatchObject({ oldVersion: '1.0.0', newVersion: '1.0.0', requiredBump: 'major', declaredBump: 'none', ok: false });
        expect(ns.changes).toEqual(expect.arrayContaining([
            expect.objectContaining({ path: 'minhang.population.NaturalPerson.mobile', kind: 'changed', categories: ['data', 'json', 'types'], breaking: true, before: '可选', after: '必填' }),
            expect.objectContaining({ path: 'minhang.population.NaturalPerson.nickname', kind: 'added', categories: [], breaking: false })
        ]));
        expect(result.namespaces.filter((n: { changes: unknown[] }) => n.changes.length)).toHaveLength(1);
        const check = mds(['diff', 'old', 'new', '--check', '--locale', 'en'], dir);
        expect(check.code).toBe(1);
        expect(check.stderr).toMatch(/^new\/population\.mds:3:1 - error mds\/version-bump: namespace minhang\.population needs a major version bump from 1\.0\.0 but declares 1\.0\.0/);
        edit(join(dir, 'new/population.mds'), 'version "1.0.0"', 'version "2.0.0"');
        expect(mds(['diff', 'old', 'new', '--check'], dir).code).toBe(0);
        const md = mds(['diff', 'old', 'new', '--format', 'markdown'], dir).stdout;
        expect(md).toContain('## minhang.population 1.0.0 → 2.0.0');
        expect(md).toContain('### 不兼容变更');
        expect(md).toContain('### 新增');
    });

    test('git revisions are read with git show, never checked out; mds check --baseline runs the same comparison', () => {
        const dir = repo();
        edit(join(dir, 'standards/common-codes.mds'), '  "9" "未说明的性别"\n', '');
        const r = mds(['diff', 'git:v1.0.0', 'standards', '--format', 'json'], dir);
        expect(r.stderr).toBe('');
        const common = JSON.parse(r.stdout).namespaces.find((n: { name: string }) => n.name === 'minhang.common');
        expect(common.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`)).toContain('removed minhang.common.Gender.9');
        expect(common.requiredBump).toBe('major');
        // The work tree is untouched by reading the old revision.
        expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('M standards/common-codes.mds');
        const base = mds(['check', 'standards', '--baseline', 'git:HEAD', '--locale', 'en'], dir);
        expect(base.code).toBe(1);
        expect(base.stderr).toMatch(/mds\/version-bump: namespace minhang\.common needs a major version bump/);
        expect(mds(['diff', 'git:HEAD:standards', 'git:v1.0.0:standards'], dir).code).toBe(0);
    });

    test('a model.json of mds build is a side too', () => {
        const dir = repo();
        expect(mds(['build', 'standards', '--out', 'dist', '--targets', 'schema'], dir).code).toBe(0);
        edit(join(dir, 'standards/population.mds'), '  alive: IsAlive\n', '  alive: IsAlive\n  nickname?: PersonName\n');
        const r = mds(['diff', 'dist/model.json', 'standards', '--format', 'json'], dir);
        expect(r.code).toBe(0);
        const ns = JSON.parse(r.stdout).namespaces.find((n: { name: string }) => n.name === 'minhang.population');
        expect(ns).toMatchObject({ requiredBump: 'minor', ok: false });
    });

    test('bad input: unknown revision, a side with errors, not a model — one clear line, exit 2', () => {
        const dir = repo();
        const unknown = mds(['diff', 'git:no-such-rev', 'standards'], dir);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(/找不到 git 版本 no-such-rev/);
        writeFileSync(join(dir, 'broken.mds'), 'namespace t.x\nrecord R { key x: Missing }\n');
        const broken = mds(['diff', 'standards', 'broken.mds', '--locale', 'en'], dir);
        expect(broken.code).toBe(2);
        expect(broken.stderr).toContain('broken.mds:2:19 - error mds/unresolved-reference');
        writeFileSync(join(dir, 'x.json'), '{"a":1}');
        expect(mds(['diff', 'x.json', 'standards'], dir)).toMatchObject({ code: 2 });
    });

    test('mds build --changelog-from: CHANGELOG.md in each package, a 变更记录 page per namespace (text escaped)', () => {
        const dir = repo();
        edit(join(dir, 'standards/population.mds'), '  alive: IsAlive\n', '  alive: IsAlive\n  nickname?: PersonName "昵称<script>"\n');
        const r = mds(['build', 'standards', '--out', 'dist', '--targets', 'packages,docs', '--changelog-from', 'git:v1.0.0'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const changelog = readFileSync(join(dir, 'dist/packages/minhang.population/CHANGELOG.md'), 'utf8');
        expect(changelog).toContain('# @minhang-standards/minhang-population 变更记录');
        expect(changelog).toContain('新增可选字段 nickname');
        expect(JSON.parse(readFileSync(join(dir, 'dist/packages/minhang.population/package.json'), 'utf8')).files).toContain('CHANGELOG.md');
        const page = readFileSync(join(dir, 'dist/docs/changes/minhang.population.html'), 'utf8');
        expect(page).toContain('<h3>新增</h3>');
        expect(page).not.toContain('<script>"');
        expect(readFileSync(join(dir, 'dist/docs/namespace/minhang.population.html'), 'utf8')).toContain('href="../changes/minhang.population.html"');
    });
});
