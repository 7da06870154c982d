import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { MAX_SOURCE_CHARS, type SourceFile } from '@mds/language';
import { UsageError } from './cli-error.js';
import { firstInvalidUtf8, lineColumnAt } from './utf8.js';
import type { Texts } from '../report/texts.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Every `.mds` file under the given files and folders (default: the current folder), sorted. */
export function findSources(paths: string[], cwd: string, t: Texts): string[] {
    const roots = paths.length ? paths : ['.'];
    const found = new Set<string>();
    for (const p of roots) {
        const abs = resolve(cwd, p);
        let stat;
        try {
            stat = statSync(abs);
        } catch {
            throw new UsageError(t.missingPath(p));
        }
        if (stat.isDirectory()) {
            const before = found.size;
            walk(abs, found, new Set([realpathSync(abs)]), t, cwd);
            if (found.size === before) throw new UsageError(t.noSources(p));
        } else if (stat.isFile()) {
            // A file named on the command line is a standards file: the parser has nothing for `data.csv` (it ended with an internal error).
            if (!abs.endsWith('.mds')) throw new UsageError(t.notMds(p));
            found.add(abs);
        } else {
            throw new UsageError(t.missingPath(p));
        }
    }
    return [...found].sort();
}

/**
 * Every `.mds` file below `dir`. Symbolic links are followed (a link to a folder already being
 * walked — a loop — is skipped, as is a dangling link); a folder that cannot be read is an error.
 */
function walk(dir: string, out: Set<string>, visiting: Set<string>, t?: Texts, cwd?: string): void {
    let entries;
    try {
        entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        throw new UsageError(t ? t.unreadable(relative(cwd ?? '.', dir) || dir, (e as NodeJS.ErrnoException).code ?? String(e)) : String(e));
    }
    for (const entry of entries) {
        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
        const full = join(dir, entry.name);
        let isDir = entry.isDirectory(), isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
            try {
                const target = statSync(full);
                isDir = target.isDirectory();
                isFile = target.isFile();
            } catch {
                continue; // a dangling link
            }
        }
        if (isDir) {
            const real = realpathSync(full);
            if (visiting.has(real)) continue; // a loop of links
            visiting.add(real);
            walk(full, out, visiting, t, cwd);
            visiting.delete(real);
        } else if (isFile && entry.name.endsWith('.mds')) {
            out.add(full);
        }
    }
}

/** Reads files as strict UTF-8 (a leading BOM is dropped). A bad byte is reported with its line and column. */
export function readSources(files: string[], cwd: string, t: Texts): SourceFile[] {
    return files.map(path => {
        let bytes: Uint8Array;
        try {
            const size = statSync(path).size;
            // At least one byte per character: a file this large cannot be within the limit.
            if (size > MAX_SOURCE_CHARS * 4) throw new UsageError(t.tooLarge(relative(cwd, path) || path, size / 1048576, MAX_SOURCE_CHARS / 1048576));
            bytes = readFileSync(path);
        } catch (e) {
            if (e instanceof UsageError) throw e;
            throw new UsageError(t.unreadable(relative(cwd, path) || path, (e as NodeJS.ErrnoException).code ?? String(e)));
        }
        const bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            const { line, column } = lineColumnAt(bytes, bad);
            throw new UsageError(t.notUtf8(`${relative(cwd, path)}:${line}:${column}`));
        }
        // TextDecoder drops a leading byte-order mark.
        const text = new TextDecoder('utf-8').decode(bytes);
        if (text.length > MAX_SOURCE_CHARS) throw new UsageError(t.tooLarge(relative(cwd, path) || path, text.length / 1048576, MAX_SOURCE_CHARS / 1048576));
        return { path, text };
    });
}
