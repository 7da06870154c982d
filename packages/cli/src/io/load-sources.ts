import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { SourceFile } from '@mds/language';
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
            walk(abs, found);
            if (found.size === before) throw new UsageError(t.noSources(p));
        } else if (stat.isFile()) {
            found.add(abs);
        } else {
            throw new UsageError(t.missingPath(p));
        }
    }
    return [...found].sort();
}

function walk(dir: string, out: Set<string>): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full, out);
        else if (entry.isFile() && entry.name.endsWith('.mds')) out.add(full);
    }
}

/** Reads files as strict UTF-8 (a leading BOM is dropped). A bad byte is reported with its line and column. */
export function readSources(files: string[], cwd: string, t: Texts): SourceFile[] {
    return files.map(path => {
        let bytes: Uint8Array;
        try {
            bytes = readFileSync(path);
        } catch (e) {
            throw new UsageError(t.unreadable(relative(cwd, path) || path, (e as NodeJS.ErrnoException).code ?? String(e)));
        }
        const bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            const { line, column } = lineColumnAt(bytes, bad);
            throw new UsageError(t.notUtf8(`${relative(cwd, path)}:${line}:${column}`));
        }
        // TextDecoder drops a leading byte-order mark.
        return { path, text: new TextDecoder('utf-8').decode(bytes) };
    });
}
