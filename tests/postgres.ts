import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers.js';

/**
 * A throw-away PostgreSQL cluster for tests: Debian's `postgresql` package (installed by
 * scripts/ensure-test-deps.mjs when missing), `initdb` into a temp folder as the unprivileged
 * `postgres` user, `pg_ctl start` on 127.0.0.1 and a free port, stopped by `stop()`.
 * With MDS_TEST_PG_URL set, that server is used instead (a superuser URL) and nothing is started.
 */
export interface TestPostgres {
    /** A superuser connection URL. */
    url: string;
    /** The URL of another role on the same server. */
    urlFor(user: string, password?: string): string;
    stop(): void;
}

function binDir(): string {
    const base = '/usr/lib/postgresql';
    const versions = existsSync(base) ? readdirSync(base).filter(v => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
    if (!versions.length) throw new Error('PostgreSQL is not installed: apt-get install postgresql (npm test does it as root), or set MDS_TEST_PG_URL');
    return join(base, versions[0], 'bin');
}


export async function startPostgres(): Promise<TestPostgres> {
    const external = process.env.MDS_TEST_PG_URL;
    if (external) {
        return { url: external, urlFor: (user, password) => { const x = new URL(external); x.username = user; x.password = password ?? ''; return x.toString(); }, stop: () => undefined };
    }
    const bin = binDir();
    const dir = mkdtempSync(join(tmpdir(), 'mds-pg-'));
    chmodSync(dir, 0o700);
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : undefined;
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const run = (cmd: string, args: string[]) => {
        const r = spawnSync(join(bin, cmd), args, { encoding: 'utf8', ...(ids ? { uid: ids.uid, gid: ids.gid } : {}), cwd: dir, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' } });
        if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    };
    const data = join(dir, 'data');
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const port = await freePort();
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`, 'start']);
    const urlFor = (user: string, password?: string) => `postgresql://${encodeURIComponent(user)}${password ? ':' + encodeURIComponent(password) : ''}@127.0.0.1:${port}/postgres`;
    return {
        url: urlFor('postgres'),
        urlFor,
        stop() {
            try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
            rmSync(dir, { recursive: true, force: true });
        }
    };
}
