import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './cli-error.js';

/** Written last into every MDS output folder; its presence is what allows a later build to replace the folder. */
export const MARKER = '.mds-build.json';

export interface GuardTexts {
    outIsFile(p: string): string;
    outHoldsSources(p: string): string;
    outNotOurs(p: string): string;
}

/**
 * Refuses output folders a build must never replace: a file, a folder that holds (or is) the
 * standards being built, or an existing non-empty folder without the MDS marker.
 */
export function guardOutput(out: string, inputs: string[], display: string, t: GuardTexts): void {
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(t.outIsFile(display));
    for (const input of inputs) {
        const rel = relative(out, input);
        if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel))) {
            throw new UsageError(t.outHoldsSources(display));
        }
    }
    if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER))) {
        throw new UsageError(t.outNotOurs(display));
    }
}

/**
 * Writes a complete output folder beside the target and swaps it in, so the target is either
 * the old output or the new one, never a mix. Leftovers of an interrupted build are removed.
 */
export function writeAtomically(out: string, files: Array<{ path: string; content: string | Uint8Array }>, marker: object): void {
    const parent = dirname(out);
    mkdirSync(parent, { recursive: true });
    const stem = basename(out);
    for (const entry of readdirSync(parent)) {
        if (entry.startsWith(`${stem}.mds-tmp-`) || entry.startsWith(`${stem}.mds-old-`)) rmSync(join(parent, entry), { recursive: true, force: true });
    }
    const suffix = `${process.pid}-${Date.now().toString(36)}`;
    const tmp = join(parent, `${stem}.mds-tmp-${suffix}`);
    const old = join(parent, `${stem}.mds-old-${suffix}`);
    const cleanup = () => rmSync(tmp, { recursive: true, force: true });
    process.once('SIGINT', cleanup);
    try {
        mkdirSync(tmp);
        for (const f of files) {
            const target = resolve(tmp, f.path);
            if (!target.startsWith(tmp + sep)) throw new Error(`generated path escapes the output folder: ${f.path}`);
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, f.content);
        }
        writeFileSync(join(tmp, MARKER), JSON.stringify(marker, null, 2) + '\n');
        if (existsSync(out)) {
            renameSync(out, old);
            try {
                renameSync(tmp, out);
            } catch (e) {
                renameSync(old, out);
                throw e;
            }
            removeInBackground(old);
        } else {
            renameSync(tmp, out);
        }
    } catch (e) {
        cleanup();
        throw e;
    } finally {
        process.removeListener('SIGINT', cleanup);
    }
}

/**
 * Deletes the replaced output in a detached process, so a large site does not hold up the
 * command. The folder is already out of the way (renamed); if the deletion is interrupted,
 * the next build removes the leftover.
 */
function removeInBackground(dir: string): void {
    try {
        const child = spawn(process.execPath, ['-e', 'require("fs").rmSync(process.argv[1], { recursive: true, force: true })', dir],
            { detached: true, stdio: 'ignore' });
        child.on('error', () => rmSync(dir, { recursive: true, force: true }));
        child.unref();
    } catch {
        rmSync(dir, { recursive: true, force: true });
    }
}
