import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspace, createMdsCoreServices, fileFacts, type FileFacts, type Locale, type SourceFile } from '@mds/language';
import { NodeFileSystem } from 'langium/node';
import { writeFileAtomically } from '../io/atomic-output.js';
import { documentRows, sortRows, type DiagnosticRow } from '../report/diagnostic-rows.js';
import { VERSION } from '../version.js';

/**
 * `mds check --cache <dir>`: diagnostics kept per file, keyed by the file's content, and thrown
 * away whole when the tool (its bundle, so its grammar and rules), the locale or the set of files
 * changes. An edit re-checks the edited files and the files that depend on their namespaces
 * (through imports and references, transitively), each against a workspace of just what it
 * needs; anything a partial check cannot decide alone (a file's interface changed, a reference
 * does not resolve, an import names no namespace) falls back to checking everything.
 */
const FORMAT = 'mds-check-cache/1';
const FILE = 'check-cache.json';

type Row = Omit<DiagnosticRow, 'file'>;

interface Entry {
    hash: string;
    facts: FileFacts;
    rows: Row[];
}

interface CacheData {
    format: typeof FORMAT;
    key: string;
    files: Record<string, Entry>;
}

export interface CachedCheck {
    rows: DiagnosticRow[];
    /** Files checked anew in this run (0: everything came from the cache). */
    rechecked: number;
    /** Why the cache could not be written (the check itself is complete). */
    warning?: string;
}

/** Diagnostics whose words depend on names anywhere in the workspace (a hint where a missing name is declared). */
const GLOBAL_CODES = new Set(['mds/unresolved-reference', 'mds/ambiguous-reference', 'mds/unknown-import']);

export async function checkWithCache(files: SourceFile[], dir: string, locale: Locale, cwd: string): Promise<CachedCheck> {
    const key = cacheKey(locale);
    const hashes = new Map(files.map(f => [f.path, createHash('sha256').update(f.text).digest('base64')]));
    const cache = readCache(dir, key);
    const display = (path: string) => relative(cwd, path);
    const sameFiles = cache && Object.keys(cache.files).length === files.length && files.every(f => cache.files[f.path]);
    if (cache && sameFiles) {
        const changed = files.filter(f => cache.files[f.path].hash !== hashes.get(f.path)).map(f => f.path);
        if (changed.length === 0) return { rows: sortRows(files.flatMap(f => withFile(cache.files[f.path].rows, display(f.path)))), rechecked: 0 };
        const plan = planPartial(cache, changed);
        if (plan.affected.size < files.length) {
            const partial = await checkPartially(files.filter(f => plan.load.has(f.path)), plan.affected, cache, changed, locale, hashes);
            if (partial) {
                const warning = writeCache(dir, { format: FORMAT, key, files: { ...cache.files, ...partial } }, locale);
                const rows = files.flatMap(f => withFile((partial[f.path] ?? cache.files[f.path]).rows, display(f.path)));
                return { rows: sortRows(rows), rechecked: plan.affected.size, ...(warning ? { warning } : {}) };
            }
        }
    }
    const entries = await checkAll(files, locale, hashes);
    const warning = writeCache(dir, { format: FORMAT, key, files: entries }, locale);
    return { rows: sortRows(files.flatMap(f => withFile(entries[f.path].rows, display(f.path)))), rechecked: files.length, ...(warning ? { warning } : {}) };
}

/** The tool (the running bundle: its grammar, rules and messages), its version and the message language. */
function cacheKey(locale: Locale): string {
    const hash = createHash('sha256').update(VERSION).update(locale);
    try {
        hash.update(readFileSync(fileURLToPath(import.meta.url)));
    } catch {
        hash.update(String(Date.now())); // cannot identify the tool: never reuse
    }
    return hash.digest('base64');
}

function readCache(dir: string, key: string): CacheData | undefined {
    try {
        const data = JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as CacheData;
        return data.format === FORMAT && data.key === key && data.files && typeof data.files === 'object' ? data : undefined;
    } catch {
        return undefined; // missing, unreadable or not ours: check everything
    }
}

/** Writes the cache; a failure is a warning (the results are complete without it), returned as one line. */
function writeCache(dir: string, data: CacheData, locale: Locale): string | undefined {
    try {
        mkdirSync(dir, { recursive: true });
        writeFileAtomically(join(dir, FILE), JSON.stringify(data), join(dir, FILE), locale);
        return undefined;
    } catch (e) {
        const why = e instanceof Error && !(e as NodeJS.ErrnoException).code ? e.message : `${join(dir, FILE)} (${(e as NodeJS.ErrnoException).code ?? e})`;
        return locale === 'en' ? `warning: the check cache was not written: ${why}` : `警告：未能写入检查缓存：${why}`;
    }
}

/**
 * Which files an edit of `changed` can concern: those whose namespaces reach a changed file's
 * namespace through dependencies (`affected`), and what a workspace needs to check them
 * (`load`: every file of every namespace they reach; with rule 7, every file whose systems store records).
 */
function planPartial(cache: CacheData, changed: string[]): { affected: Set<string>; load: Set<string> } {
    const entries = Object.entries(cache.files);
    const depsOf = new Map<string, Set<string>>();
    const filesOf = new Map<string, string[]>();
    for (const [path, e] of entries) {
        const deps = depsOf.get(e.facts.namespace) ?? new Set<string>();
        for (const d of e.facts.deps) deps.add(d);
        depsOf.set(e.facts.namespace, deps);
        const list = filesOf.get(e.facts.namespace);
        if (list) list.push(path); else filesOf.set(e.facts.namespace, [path]);
    }
    // Namespaces that reach a changed one: a walk backwards from the changed namespaces.
    const users = new Map<string, string[]>();
    for (const [ns, deps] of depsOf) {
        for (const d of deps) {
            const list = users.get(d);
            if (list) list.push(ns); else users.set(d, [ns]);
        }
    }
    const reaching = new Set(changed.map(p => cache.files[p].facts.namespace));
    for (const queue = [...reaching]; queue.length;) {
        for (const u of users.get(queue.pop()!) ?? []) if (!reaching.has(u)) { reaching.add(u); queue.push(u); }
    }
    const edited = new Set(changed);
    const affected = new Set(entries.filter(([path, e]) => edited.has(path) || e.facts.deps.some(d => reaching.has(d))).map(([path]) => path));
    // What they need: everything their namespaces reach.
    const needed = new Set<string>();
    const need = (start: string) => {
        for (const queue = [start]; queue.length;) {
            const ns = queue.pop()!;
            if (needed.has(ns)) continue;
            needed.add(ns);
            queue.push(...depsOf.get(ns) ?? []);
        }
    };
    for (const path of affected) for (const d of cache.files[path].facts.deps) need(d);
    const load = new Set<string>();
    for (const ns of needed) for (const path of filesOf.get(ns) ?? []) load.add(path);
    if ([...load].some(p => cache.files[p].facts.stores)) {
        for (const [path, e] of entries) if (e.facts.stores) { for (const d of e.facts.deps) need(d); load.add(path); }
        for (const ns of needed) for (const path of filesOf.get(ns) ?? []) load.add(path);
    }
    for (const path of affected) load.add(path);
    return { affected, load };
}

/** Checks `load`, keeps the affected files' results; undefined when a partial check cannot decide. */
async function checkPartially(load: SourceFile[], affected: Set<string>, cache: CacheData, changed: string[], locale: Locale,
    hashes: Map<string, string>): Promise<Record<string, Entry> | undefined> {
    const checked = await checkAll(load, locale, hashes, affected);
    for (const path of changed) {
        if (checked[path].facts.signature !== cache.files[path].facts.signature) return undefined;
    }
    const out: Record<string, Entry> = {};
    for (const path of affected) {
        // With every interface unchanged, the names of the whole workspace are those of the last
        // run: a global diagnostic seen then, word for word, is still right; a new one is undecided.
        const before = new Set(cache.files[path].rows.filter(r => GLOBAL_CODES.has(r.code)).map(r => JSON.stringify(r)));
        if (checked[path].rows.some(r => GLOBAL_CODES.has(r.code) && !before.has(JSON.stringify(r)))) return undefined;
        out[path] = checked[path];
    }
    return out;
}

/** Checks files as one workspace; with `only`, validates just those (the others are parsed and linked for them). */
async function checkAll(files: SourceFile[], locale: Locale, hashes: Map<string, string>, only?: Set<string>): Promise<Record<string, Entry>> {
    const { Mds } = createMdsCoreServices(NodeFileSystem, { batch: true });
    Mds.options.Settings.locale = locale;
    const workspace = await buildWorkspace(Mds, files, only ? { validate: f => only.has(f.path) } : {});
    const entries: Record<string, Entry> = {};
    workspace.documents.forEach((doc, i) => {
        const path = files[i].path;
        if (only && !only.has(path)) return;
        const rows = documentRows(workspace.diagnostics.get(doc) ?? [], '').map(({ file: _file, ...row }) => row);
        entries[path] = { hash: hashes.get(path)!, facts: fileFacts(doc), rows };
    });
    return entries;
}

function withFile(rows: Row[], file: string): DiagnosticRow[] {
    return rows.map(r => ({ file, ...r }));
}
