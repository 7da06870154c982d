import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ambiguous, defaultNamespace, importArgs } from '../../extension/src/import-args.js';
import { MDS_BIN, workspace } from '../cli/helpers.js';
import { expectClean } from './helpers.js';

/**
 * "MDS: Import…" in VS Code runs `npx --no-install mds import …` in the workspace. Here the very
 * arguments the command builds run through npx against a workspace whose node_modules holds the
 * built CLI, as a standards repository's does; the command is declared in the extension manifest.
 */
const EXTENSION = join(import.meta.dirname, '../../extension');

function npx(args: string[], cwd: string) {
    const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'false' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function standardsRepo(): string {
    const dir = workspace({
        'standards/org.mds': 'namespace t.org\ndepartment QGAJ "闵行区公安分局" { level district }\n',
        'tables/person.sql': `CREATE TABLE t_person (\n  id_card_no varchar(18) NOT NULL PRIMARY KEY,\n  person_name varchar(50) NOT NULL\n);\nCOMMENT ON TABLE t_person IS '自然人。数源部门：闵行区公安分局；分级：重要数据；共享属性：有条件共享；开放属性：非开放';\nCOMMENT ON COLUMN t_person.id_card_no IS '公民身份号码';\n`
    });
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(MDS_BIN, join(dir, 'node_modules/.bin/mds'));
    return dir;
}

describe('MDS: Import… (VS Code)', () => {
    test('the command line it runs imports the chosen file into the standards folder', async () => {
        const dir = standardsRepo();
        const args = importArgs({ source: 'tables/person.sql', sampleData: false, namespace: defaultNamespace('tables/person.sql'), out: 'standards/person.mds', standards: 'standards', overwrite: false });
        expect(args.slice(0, 3)).toEqual(['--no-install', 'mds', 'import']);
        const r = npx(args, dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('已写入 standards/person.mds');
        const text = expectClean(join(dir, 'standards'), 'person.mds');
        expect(text).toContain('namespace minhang.person');
        expect(text).toContain('steward t.org.QGAJ');
        // A second run without the user's consent to overwrite fails and keeps the file.
        const again = npx(args, dir);
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('已存在');
        expect(readFileSync(join(dir, 'standards/person.mds'), 'utf8')).toBe(text);
        expect(npx(importArgs({ source: 'tables/person.sql', sampleData: false, namespace: 'minhang.person', out: 'standards/person.mds', standards: 'standards', overwrite: true }), dir).code).toBe(0);
    });

    test('sample data is imported with --from data; a failure reports the CLI message', () => {
        const dir = standardsRepo();
        writeFileSync(join(dir, 'tables/sample.csv'), 'id,name\n1,甲\n2,乙\n');
        expect(ambiguous('tables/sample.csv')).toBe(true);
        const r = npx(importArgs({ source: 'tables/sample.csv', sampleData: true, namespace: 'minhang.sample', out: 'standards/sample.mds', standards: 'standards', overwrite: false }), dir);
        expect(r.code).toBe(0);
        expect(readFileSync(join(dir, 'standards/sample.mds'), 'utf8')).toMatch(/^record Sample /m);
        writeFileSync(join(dir, 'tables/bad.sql'), 'CREATE TABLE x (a int,,);\n');
        const bad = npx(importArgs({ source: 'tables/bad.sql', sampleData: false, namespace: 'minhang.bad', out: 'standards/bad.mds', overwrite: false }), dir);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/^mds: bad\.sql:1:\d+: 无法解析 CREATE TABLE/);
    });

    test('the extension declares and registers the command', () => {
        const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string; title: string }> } };
        expect(manifest.contributes.commands.find(c => c.command === 'mds.import')?.title).toMatch(/^MDS: Import…/);
        expect(readFileSync(join(EXTENSION, 'out/extension.cjs'), 'utf8')).toContain('"mds.import"');
        expect(defaultNamespace('/x/数据元目录.xlsx')).toBe('minhang.imported');
        expect(defaultNamespace('C:\\data\\Housing-Units.csv')).toBe('minhang.housing_units');
    });
});
