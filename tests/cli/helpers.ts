import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the built `mds` bin as a process, as a user would. */
export const MDS_BIN = join(import.meta.dirname, '../../packages/cli/bin/mds.js');

export function mds(args: string[], cwd: string, env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [MDS_BIN, ...args], {
        cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 256 * 1024 * 1024
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function workspace(files: Record<string, string | Buffer>): string {
    const dir = mkdtempSync(join(tmpdir(), 'mds-cli-'));
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
    }
    return dir;
}

