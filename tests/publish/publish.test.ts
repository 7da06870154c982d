import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MDS_BIN } from '../cli/helpers.js';
import { VALID_ID } from '../generators/helpers.js';
import { startRegistry, type TestRegistry } from '../verdaccio.js';

/** `mds publish` against a real Verdaccio on 127.0.0.1; a consumer installs from it and type-checks. */
const STANDARDS = join(import.meta.dirname, '../../standards');
const TSC = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc');

describe('mds publish to a private npm registry', () => {
    let registry: TestRegistry;
    let dir: string;
    const run = (args: string[]) => {
        const r = spawnSync(process.execPath, [MDS_BIN, 'publish', 'standards', '--registry', registry.url, '--locale', 'en', ...args], {
            cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, NPM_CONFIG_USERCONFIG: registry.npmrc, npm_config_cache: join(dir, '.npm') }
        });
        expect(r.stdout + r.stderr).not.toContain(registry.token);
        return r;
    };
    beforeAll(async () => {
        registry = await startRegistry();
        dir = mkdtempSync(join(tmpdir(), 'mds-publish-'));
        cpSync(STANDARDS, join(dir, 'standards'), { recursive: true });
    }, 60_000);
    afterAll(() => registry?.stop());

    test('a registry nothing answers at: one clear line per package tried, in seconds (npm\'s default retries took 72 s)', async () => {
        const port = await new Promise<number>(resolve => { const server = createServer(); server.listen(0, '127.0.0.1', () => { const { port } = server.address() as AddressInfo; server.close(() => resolve(port)); }); });
        const started = Date.now();
        const r = spawnSync(process.execPath, [MDS_BIN, 'publish', 'standards', '--registry', `http://127.0.0.1:${port}/`], {
            cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, npm_config_cache: join(dir, '.npm') }
        });
        expect(r.status).toBe(1);
        expect(r.stdout).toContain(`失败：无法连接 npm 仓库 http://127.0.0.1:${port}/（ECONNREFUSED），请检查 --registry 与网络`);
        expect(r.stdout).toMatch(/发布 0 个，待发布 0 个，未变 0 个，未发布 10 个/);
        expect(Date.now() - started).toBeLessThan(30_000);
    }, 60_000);

    test('--dry-run lists name, version, size and integrity and publishes nothing', async () => {
        const r = run(['--dry-run']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/@minhang-standards\/minhang-common@1\.0\.0 [\d.]+ kB sha512-\S+ — would publish/);
        expect(r.stdout).toContain('dry run: 0 published, 10 to publish');
        const status = await new Promise<number>(resolve => get(`${registry.url}@minhang-standards%2Fminhang-common`, { agent: false }, res => { res.resume(); resolve(res.statusCode ?? 0); }));
        expect(status).toBe(404);
    }, 120_000);

    test('publishes every package, dependencies first; a second run skips identical versions', async () => {
        const r = run([]);
        expect(r.status, r.stderr).toBe(0);
        const lines = r.stdout.split('\n').filter(l => l.includes(' — published'));
        expect(lines).toHaveLength(10);
        const order = lines.map(l => l.split('@1.0.0')[0]);
        expect(order.indexOf('@minhang-standards/minhang-common')).toBeLessThan(order.indexOf('@minhang-standards/minhang-population'));
        const again = run([]);
        expect(again.status).toBe(0);
        expect(again.stdout).toContain('0 published, 0 to publish, 10 unchanged, 0 not published');
    }, 180_000);

    test('a version already published with other content is refused, naming it; after a version bump a re-run completes', () => {
        const file = join(dir, 'standards/population.mds');
        writeFileSync(file, readFileSync(file, 'utf8').replace('  alive: IsAlive\n', '  alive: IsAlive\n  nickname?: PersonName\n'));
        const r = run([]);
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/@minhang-standards\/minhang-population@1\.0\.0 .* REFUSED: this version is already published with different content; bump the namespace version/);
        expect(r.stdout).toMatch(/1 not published \(run again after fixing/);
        writeFileSync(file, readFileSync(file, 'utf8').replace('version "1.0.0"', 'version "1.1.0"'));
        const fixed = run([]);
        expect(fixed.status).toBe(0);
        expect(fixed.stdout).toContain('@minhang-standards/minhang-population@1.1.0');
        expect(fixed.stdout).toContain('1 published');
    }, 180_000);

    test('a consumer project installs the packages from the registry and type-checks against them', () => {
        const consumer = join(dir, 'consumer');
        mkdirSync(consumer);
        writeFileSync(join(consumer, '.npmrc'), `registry=${registry.url}\n`);
        writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
        execFileSync('npm', ['install', '@minhang-standards/minhang-population@1.1.0', '--no-audit', '--no-fund', '--loglevel=error'], {
            cwd: consumer, env: { ...process.env, npm_config_cache: join(dir, '.npm'), npm_config_userconfig: join(consumer, '.npmrc') }
        });
        writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] }, include: ['*.ts'] }));
        writeFileSync(join(consumer, 'use.ts'), `
import { validateNaturalPerson, type NaturalPerson } from '@minhang-standards/minhang-population';
const p: NaturalPerson = { citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true, nickname: '小张' };
// @ts-expect-error gender codes are a union
const wrong: NaturalPerson = { ...p, gender: '7' };
console.log(validateNaturalPerson(p).valid, wrong);
`);
        const tsc = spawnSync(process.execPath, [TSC, '-p', consumer], { encoding: 'utf8' });
        expect(tsc.stdout + tsc.stderr).toBe('');
        expect(tsc.status).toBe(0);
    }, 180_000);
});
