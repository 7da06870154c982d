import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bundleScript } from '../../packages/cli/bin/bundle-script.js';
import { workspace } from './helpers.js';

// The CLI runs from V8's code cache of its bundle, written by the build. The cache must fit the
// bundle (V8 takes it), and a cache that does not — another build's, a damaged one, none — must
// change nothing but the time the CLI takes to start.
const cli = join(import.meta.dirname, '../../packages/cli');
const bundle = join(cli, 'dist/mds.cjs');

describe('the code cache of the CLI bundle', () => {
    const copies: string[] = [];
    afterAll(() => { for (const dir of copies) rmSync(dir, { recursive: true, force: true }); });

    test('the build writes one that V8 takes for this bundle', () => {
        const header = readFileSync(bundle, 'utf8').split('\n', 1)[0];
        expect(header).toMatch(/^'use strict'; \/\/ mds build [0-9a-f]{16}$/);
        expect(readFileSync(`${bundle}.cache`).subarray(0, header.length).toString('latin1')).toBe(header);
        expect(bundleScript(bundle).cached).toBe(true);
    });

    test('with another build\'s cache, a damaged one or none, the CLI does the same', () => {
        const dir = workspace({
            'std/a.mds': 'namespace t.cache\nversion "1.0.0"\n\ndepartment D "部门" { level district }\n\nelement Name "名称" : string { length 1..4 }\n\nrecord R "记录" {\n  name: Name\n}\n',
            'rows.csv': 'name\n张三\n这个名字太长了\n',
        });
        copies.push(dir);
        const run = (copy: string) => spawnSync(process.execPath, [join(copy, 'bin/mds.js'), 'validate', 'rows.csv', '--record', 't.cache.R', '--standards', 'std', '--format', 'json'],
            { cwd: dir, encoding: 'utf8' });
        const expected = run(cli);
        expect(expected.status).toBe(1);
        const cache = readFileSync(`${bundle}.cache`);
        const body = cache.subarray(cache.indexOf(10) + 1);
        const variants: Record<string, Buffer | undefined> = {
            'another build': Buffer.concat([Buffer.from("'use strict'; // mds build 0123456789abcdef\n"), body]),
            damaged: Buffer.concat([cache.subarray(0, cache.indexOf(10) + 1), Buffer.alloc(body.length, 7)]),
            none: undefined,
        };
        for (const [name, content] of Object.entries(variants)) {
            const copy = mkdtempSync(join(tmpdir(), 'mds-bin-'));
            copies.push(copy);
            cpSync(join(cli, 'bin'), join(copy, 'bin'), { recursive: true });
            cpSync(bundle, join(copy, 'dist/mds.cjs'));
            if (content) writeFileSync(join(copy, 'dist/mds.cjs.cache'), content);
            if (name === 'damaged') expect(bundleScript(join(copy, 'dist/mds.cjs')).cached, name).toBe(false);
            const r = run(copy);
            expect([r.status, r.stderr, JSON.parse(r.stdout).summary], name).toEqual([expected.status, expected.stderr, JSON.parse(expected.stdout).summary]);
        }
    });

    test('a rebuilt bundle of the same length does not run the old build\'s cache', () => {
        // V8 checks a cache against its source's length only: a rebuild that changed a name, but not
        // the length, would run the old code. The build line tells them apart.
        const dir = workspace({
            'std/a.mds': 'namespace t.cache\nversion "1.0.0"\n\ndepartment D "部门" { level district }\n\nelement Name "名称" : string\n\nrecord R "记录" {\n  name: Name\n}\n',
            'rows.csv': 'name\n张三\n',
        });
        const copy = mkdtempSync(join(tmpdir(), 'mds-bin-'));
        copies.push(dir, copy);
        cpSync(join(cli, 'bin'), join(copy, 'bin'), { recursive: true });
        const text = readFileSync(bundle, 'utf8');
        const rebuilt = text.replace(/mds build [0-9a-f]{16}/, 'mds build 0123456789abcdef').replaceAll('recordLabel', 'recordTitle');
        expect(rebuilt.length).toBe(text.length);
        mkdirSync(join(copy, 'dist'));
        writeFileSync(join(copy, 'dist/mds.cjs'), rebuilt);
        cpSync(`${bundle}.cache`, join(copy, 'dist/mds.cjs.cache'));
        const r = spawnSync(process.execPath, [join(copy, 'bin/mds.js'), 'validate', 'rows.csv', '--record', 't.cache.R', '--standards', 'std', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout)).toHaveProperty('recordTitle', '记录');
    });
});
