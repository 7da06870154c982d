import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers.js';

/**
 * A real npm registry for tests: Verdaccio (npm package, 6.8.0) on 127.0.0.1 and a free port, with a
 * throw-away storage folder and a test user whose token is written to an .npmrc of its own.
 */
export interface TestRegistry {
    url: string;
    /** An npm user config with the test user's token (for NPM_CONFIG_USERCONFIG). */
    npmrc: string;
    token: string;
    stop(): void;
}


export async function startRegistry(): Promise<TestRegistry> {
    const dir = mkdtempSync(join(tmpdir(), 'mds-verdaccio-'));
    const port = await freePort();
    writeFileSync(join(dir, 'config.yaml'), [
        `storage: ${join(dir, 'storage')}`,
        'auth:', '  htpasswd:', `    file: ${join(dir, 'htpasswd')}`, '    max_users: 10',
        'uplinks: {}',
        'packages:', "  '@*/*':", '    access: $all', '    publish: $authenticated', "  '**':", '    access: $all', '    publish: $authenticated',
        'log: { type: stdout, format: pretty, level: error }', ''
    ].join('\n'));
    const bin = join(import.meta.dirname, '../node_modules/verdaccio/bin/verdaccio');
    const child: ChildProcess = spawn(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; ; i++) {
        try {
            if ((await fetch(url + '-/ping')).ok) break;
        } catch { /* not up yet */ }
        if (i > 100) { child.kill(); throw new Error('Verdaccio did not start'); }
        await new Promise(r => setTimeout(r, 100));
    }
    const res = await fetch(`${url}-/user/org.couchdb.user:mds-test`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'mds-test', password: 'not-a-real-secret-9' })
    });
    const { token } = await res.json() as { token: string };
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, npmrc, token, stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
}
