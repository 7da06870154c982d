import { relative, resolve } from 'node:path';
import type { Locale } from '@mds/language';
import { diagnosticRows, type DiagnosticRow } from '../report/diagnostic-rows.js';
import { formatText } from '../report/text-format.js';
import { texts } from '../report/texts.js';
import { findSources, readSources } from '../io/load-sources.js';
import { loadWorkspace, type LoadedWorkspace } from '../workspace.js';
import { checkWithCache } from './check-cache.js';
import type { Output } from '../output.js';

export interface CheckOptions {
    format: 'text' | 'json';
    locale: Locale;
    quiet: boolean;
    maxWarnings?: number;
    color: boolean;
    /** A folder for `--cache`: results per file, reused while the file, the tool and the file set stay the same. */
    cache?: string;
}

/** `mds check`: returns the exit code (0 clean or warnings only, 1 errors or too many warnings). */
export async function runCheck(paths: string[], options: CheckOptions, out: Output): Promise<number> {
    const t = texts(options.locale);
    if (options.cache) {
        const files = readSources(findSources(paths, out.cwd, t), out.cwd, t);
        const { rows, rechecked, warning } = await checkWithCache(files, resolve(out.cwd, options.cache), options.locale, out.cwd);
        if (warning) out.stderr(warning + '\n');
        const sources = new Map(files.map(f => [relative(out.cwd, f.path), f.text]));
        const code = reportRows(rows, sources, files.length, options, out);
        if (options.format === 'text') out.stdout(t.cacheNote(rechecked, files.length) + '\n');
        return code;
    }
    const loaded = await loadWorkspace(paths, out.cwd, options.locale, t);
    return reportDiagnostics(loaded, options, out);
}

/** Prints a workspace's diagnostics as `mds check` does; shared by every command that checks first. */
export function reportDiagnostics(loaded: LoadedWorkspace, options: CheckOptions, out: Output): number {
    return reportRows(diagnosticRows(loaded.workspace, out.cwd), loaded.sources, loaded.fileCount, options, out);
}

function reportRows(all: DiagnosticRow[], sources: Map<string, string>, fileCount: number, options: CheckOptions, out: Output): number {
    const t = texts(options.locale);
    const rows = options.quiet ? all.filter(r => r.severity === 'error') : all;
    const errors = count(all, 'error'), warnings = count(all, 'warning');
    if (options.format === 'json') {
        out.stdout(JSON.stringify(rows, null, 2) + '\n');
    } else {
        const body = formatText(rows, { color: options.color, sources });
        if (body) out.stdout(body + '\n');
        out.stdout(t.summary(fileCount, errors, warnings) + '\n');
    }
    if (errors > 0) return 1;
    if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
        out.stderr(t.tooManyWarnings(warnings, options.maxWarnings) + '\n');
        return 1;
    }
    return 0;
}

function count(rows: DiagnosticRow[], severity: DiagnosticRow['severity']): number {
    return rows.reduce((n, r) => n + (r.severity === severity ? 1 : 0), 0);
}
