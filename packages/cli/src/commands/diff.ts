import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, formatMessage, modelFromJson, modelToJson, qualifiedCode, type Locale, type SemanticModel, type SourceFile } from '@mds/language';
import { allowancesFromSources, BaselineError, baselineFindings, diffMarkdown, diffModels, diffText, gitSources, type Allowance, type DiffResult } from '@mds/diff';
import { EmptyFileSystem } from 'langium';
import { UsageError } from '../io/cli-error.js';
import { findSources, readSources } from '../io/load-sources.js';
import { texts } from '../report/texts.js';
import type { Output } from '../output.js';
import { reportDiagnostics } from './check.js';

export interface DiffFlags {
    format: 'text' | 'json' | 'markdown';
    check: boolean;
    locale: Locale;
    color: boolean;
}

/** One side of a comparison: its model, and (for sources) their texts by URI. */
interface Side {
    model: SemanticModel;
    sources: Map<string, string>;
    /** Where each namespace declares `version` (for errors at that line). */
    versions: Map<string, { file: string; line: number; column: number }>;
}

/**
 * Reads a side: a folder (or file) of `.mds`, `git:<rev>[:<path>]` read with `git ls-tree` and
 * `git show` (never checked out), or a `model.json` of `mds build`. Sources with errors are shown
 * as `mds check` shows them, and the command exits 2.
 */
async function loadSide(spec: string, other: string | undefined, out: Output, locale: Locale): Promise<Side> {
    const t = texts(locale);
    let files: SourceFile[];
    let display: (path: string) => string = p => relative(out.cwd, p);
    if (spec.startsWith('git:')) {
        try {
            files = gitSources(spec, out.cwd, other && !other.startsWith('git:') ? other : undefined);
        } catch (e) {
            if (e instanceof BaselineError) throw new UsageError(e.message);
            throw e;
        }
        display = p => `${decodeURIComponent(p.replace(/^file:\/\/\/git\/([^/]+)\/(.*)$/, '$1:$2'))}`;
    } else if (spec.endsWith('.json') && existsSync(resolve(out.cwd, spec)) && statSync(resolve(out.cwd, spec)).isFile()) {
        const model = modelFromJson(readFileSync(resolve(out.cwd, spec), 'utf8'));
        if (!model) throw new UsageError(locale === 'en' ? `${spec} is not a model.json written by mds build` : `${spec} 不是 mds build 写出的 model.json`);
        return { model, sources: new Map(), versions: new Map() };
    } else {
        files = readSources(findSources([spec], out.cwd, t), out.cwd, t);
    }
    const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
    Mds.options.Settings.locale = locale;
    const workspace = await buildWorkspace(Mds, files.map(f => ({ path: f.path, text: f.text })));
    const sources = new Map(workspace.documents.map(d => [d.uri.toString(), d.textDocument.getText()]));
    if (workspace.errorCount) {
        const byDisplay = new Map(workspace.documents.map(d => [display(d.uri.scheme === 'file' && !d.uri.path.startsWith('/git/') ? d.uri.fsPath : d.uri.toString()), d.textDocument.getText()]));
        reportDiagnostics({ services: Mds, workspace, sources: byDisplay, fileCount: files.length }, { format: 'text', quiet: true, locale, color: false }, { ...out, stdout: out.stderr });
        throw new UsageError(locale === 'en' ? `${spec} has errors; a comparison needs two valid sides` : `${spec} 有错误，比较需要两个都没有错误的版本`);
    }
    const model = buildSemanticModel(Mds, workspace.documents);
    const versions = new Map<string, { file: string; line: number; column: number }>();
    for (const doc of workspace.documents) {
        const text = doc.textDocument.getText();
        const m = /^\s*namespace\s+([a-z][a-z0-9_.]*)/m.exec(text);
        const v = /^(\s*)version\s+"/m.exec(text);
        if (m && v) {
            const line = text.slice(0, v.index + v[1].length).split('\n').length;
            const file = doc.uri.path.startsWith('/git/') ? display(doc.uri.toString()) : relative(out.cwd, doc.uri.fsPath);
            versions.set(m[1], { file, line, column: v[1].length - (v[1].lastIndexOf('\n') + 1) + 1 });
        }
    }
    return { model, sources, versions };
}

/** Allowances of `mds.config.json` (`"allow": [{ "path", "category", "reason" }]`) in the new side's folder. */
function configAllowances(spec: string, cwd: string): Allowance[] {
    if (spec.startsWith('git:') || spec.endsWith('.json')) return [];
    const dir = resolve(cwd, spec);
    const file = [resolve(dir, 'mds.config.json'), resolve(cwd, 'mds.config.json')].find(f => existsSync(f));
    if (!file) return [];
    try {
        const raw = JSON.parse(readFileSync(file, 'utf8')) as { allow?: unknown };
        return Array.isArray(raw.allow) ? raw.allow.filter((a): a is Allowance => typeof a?.path === 'string' && ['data', 'json', 'types'].includes(a?.category) && typeof a?.reason === 'string') : [];
    } catch {
        return [];
    }
}

export async function compareSides(oldSpec: string, newSpec: string, out: Output, locale: Locale): Promise<{ result: DiffResult; newer: Side }> {
    // The two sides are checked at once: the old one in a worker thread, the new one here.
    const olderPromise = sideInWorker(oldSpec, newSpec, out, locale) ?? loadSide(oldSpec, newSpec, out, locale);
    const newer = await loadSide(newSpec, oldSpec, out, locale).catch(async e => { await olderPromise.catch(() => undefined); throw e; });
    const older = await olderPromise;
    const allowances = [...allowancesFromSources(newer.model, newer.sources), ...configAllowances(newSpec, out.cwd)];
    return { result: diffModels(older.model, newer.model, allowances), newer };
}

/** The version errors of a comparison, as `mds check` lines (the message of the diagnostics table, as the editor shows it). */
export function versionErrors(result: DiffResult, newer: Side, locale: Locale): string[] {
    return baselineFindings(result).filter(f => f.code === 'version-bump').map(f => {
        const at = newer.versions.get(f.at);
        return `${at ? `${at.file}:${at.line}:${at.column}` : f.at} - error ${qualifiedCode('version-bump')}: ${formatMessage('version-bump', f.args, locale)}`;
    });
}

/** `mds diff <old> <new>`: 0 without violations, 1 when --check finds a version that does not cover its changes, 2 for bad input. */
export async function runDiff(oldSpec: string, newSpec: string, flags: DiffFlags, out: Output): Promise<number> {
    const { result, newer } = await compareSides(oldSpec, newSpec, out, flags.locale);
    if (flags.format === 'json') out.stdout(JSON.stringify(result, null, 2) + '\n');
    else if (flags.format === 'markdown') out.stdout(diffMarkdown(result));
    else out.stdout(diffText(result, flags.locale === 'en' ? 'en' : 'zh'));
    if (!flags.check) return 0;
    const errors = versionErrors(result, newer, flags.locale);
    for (const e of errors) out.stderr(e + '\n');
    return errors.length ? 1 : 0;
}

/** What a side-loading worker sends back. */
interface SideMessage {
    model?: string;
    sources?: Array<[string, string]>;
    versions?: Array<[string, { file: string; line: number; column: number }]>;
    stderr: string;
    error?: string;
}

/**
 * Loads a side in a worker thread of the bundled CLI (two cores: both sides are checked at once).
 * Undefined where no worker can run this module (tests that import the sources).
 */
function sideInWorker(spec: string, other: string, out: Output, locale: Locale): Promise<Side> | undefined {
    if (!import.meta.url.endsWith('/dist/mds.cjs')) return undefined;
    return new Promise((resolveSide, reject) => {
        // A larger young generation: parsing allocates many short-lived objects (measured ~15 % faster).
        const worker = new Worker(new URL(import.meta.url), { workerData: { task: 'mds-load-side', spec, other, cwd: out.cwd, locale }, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
        worker.once('message', (m: SideMessage) => {
            if (m.stderr) out.stderr(m.stderr);
            if (m.error !== undefined) return reject(new UsageError(m.error));
            resolveSide({ model: modelFromJson(m.model!)!, sources: new Map(m.sources), versions: new Map(m.versions) });
        });
        worker.once('error', reject);
    });
}

/** The worker's side of sideInWorker (started by bin.ts). */
export async function loadSideTask(data: { spec: string; other: string; cwd: string; locale: Locale }, post: (m: SideMessage) => void): Promise<void> {
    let stderr = '';
    const out: Output = { cwd: data.cwd, env: process.env, isTTY: false, stdout: s => { stderr += s; }, stderr: s => { stderr += s; } };
    try {
        const side = await loadSide(data.spec, data.other, out, data.locale);
        // The old side's model only (its sources and versions are never read): one line of JSON, the fastest to write and read.
        post({ model: modelToJson(side.model, 0), sources: [], versions: [], stderr });
    } catch (e) {
        post({ stderr, error: e instanceof UsageError ? e.message : String((e as Error).stack ?? e) });
    }
}
