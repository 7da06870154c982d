import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSemanticModel, modelFromJson } from '@mds/language';
import { DEFAULT_TARGETS, generateAll, resolveOptions, type DialectName, type GeneratorOptions, type QualityRun, type Target } from '@mds/generators';
import { InputError, readHistoryDuckDb } from '@mds/validate';
import { UsageError } from '../io/cli-error.js';
import { loadConfig } from '../config.js';
import { guardOutput, lockOutput, recoverOutput, resolveOutput, writeAtomically } from '../io/atomic-output.js';
import { texts } from '../report/texts.js';
import { loadWorkspace } from '../workspace.js';
import type { Output } from '../output.js';
import { reportDiagnostics, type CheckOptions } from './check.js';
import { VERSION } from '../version.js';
import { namespaceChangelog } from '@mds/diff';
import { compareSides } from './diff.js';

export interface BuildOptions extends CheckOptions {
    out: string;
    scope?: string;
    baseUri?: string;
    timings: boolean;
    /** `mds docs` / `mds catalog` / `mds sql`: the one target at the root of `--out`. */
    flat?: boolean;
    /** SQL dialects of the sql target. */
    dialects?: DialectName[];
    /** `--changelog-from <old>`: the version to write changelogs against. */
    changelogFrom?: string;
    /** `--quality-history <file.duckdb>`: runs of mds validate --history for the site's 数据质量 page. */
    qualityHistory?: string;
}

/**
 * `mds build` (every target), `mds docs` and `mds catalog`: check, then generate into `--out`
 * atomically. With any error the diagnostics are printed as `mds check` prints them and the
 * output folder is left untouched. The previous output's `model.json` tells the docs what changed.
 */
export async function runBuild(paths: string[], options: BuildOptions, out: Output, targets: readonly Target[] = DEFAULT_TARGETS): Promise<number> {
    const t = texts(options.locale);
    const outDir = resolveOutput(resolve(out.cwd, options.out), options.out, t);
    const inputs = (paths.length ? paths : ['.']).map(p => resolve(out.cwd, p));
    guardOutput(outDir, inputs, options.out, t);
    const release = await lockOutput(outDir, options.out, t);
    try {
        recoverOutput(outDir);
        guardOutput(outDir, inputs, options.out, t);
        return await buildLocked(paths, options, out, targets, outDir);
    } finally {
        release();
    }
}

async function buildLocked(paths: string[], options: BuildOptions, out: Output, targets: readonly Target[], outDir: string): Promise<number> {
    const t = texts(options.locale);
    const config = loadConfig(paths, out.cwd);
    const generatorOptions: GeneratorOptions = resolveOptions({ ...config.options, scope: options.scope ?? config.options.scope, schemaBaseUri: options.baseUri ?? config.options.schemaBaseUri });

    const start = performance.now();
    const loaded = await loadWorkspace(paths, out.cwd, options.locale, t);
    const checkMs = performance.now() - start;
    const ws = loaded.workspace;
    if (ws.errorCount > 0 || (options.maxWarnings !== undefined && ws.warningCount > options.maxWarnings)) {
        reportDiagnostics(loaded, options, out);
        out.stderr(t.buildRefused(options.out) + '\n');
        return 1;
    }
    const modelStart = performance.now();
    const model = buildSemanticModel(loaded.services, loaded.workspace.documents);
    const modelMs = performance.now() - modelStart;
    const previousFile = join(outDir, 'model.json');
    // The previous build's model is read only for the site, whose home page lists what changed.
    const previous = targets.includes('docs') && existsSync(previousFile) ? modelFromJson(readFileSync(previousFile, 'utf8')) : undefined;
    let changelogs: Record<string, string> | undefined;
    if (options.changelogFrom) {
        const { result } = await compareSides(options.changelogFrom, paths[0] ?? '.', out, options.locale);
        changelogs = Object.fromEntries(result.namespaces.map(ns => [ns.name, namespaceChangelog(ns)]));
    }
    let quality: QualityRun[] | undefined;
    if (options.qualityHistory && targets.includes('docs')) {
        try {
            quality = await readHistoryDuckDb(resolve(out.cwd, options.qualityHistory));
        } catch (e) {
            if (e instanceof InputError) throw new UsageError(e.message.split(resolve(out.cwd) + '/').join(''));
            throw e;
        }
    }
    const results = generateAll(model, { ...generatorOptions, previous, changelogs, quality, flat: options.flat && targets.length === 1, dialects: options.dialects }, targets);
    const writeStart = performance.now();
    const files = results.flatMap(r => r.files);
    await writeAtomically(outDir, files, {
        generator: 'mds', version: VERSION, namespaces: model.namespaces.map(n => ({ name: n.name, version: n.version })),
        scope: generatorOptions.scope, schemaBaseUri: generatorOptions.schemaBaseUri
    }, options.out, t);
    const writeMs = performance.now() - writeStart;
    reportDiagnostics(loaded, options, out);
    const summary = t.built(options.out, model.namespaces.length, results.map(r => [r.target, r.files.length] as [string, number])) + '\n';
    if (options.format === 'json') out.stderr(summary); else out.stdout(summary);
    if (options.timings) {
        const parts = [['check', checkMs], ['semantic', modelMs], ...results.map(r => [r.target, r.ms] as [string, number]), ['write', writeMs]];
        out.stderr('timings: ' + parts.map(([k, ms]) => `${k} ${(Number(ms) / 1000).toFixed(3)} s`).join(', ') + '\n');
    }
    return 0;
}
