import { relative } from 'node:path';
import type { BuiltWorkspace } from '@mds/language';
import type { URI } from 'langium';

/** A diagnostic as the CLI prints it: 1-based positions, a path relative to the current folder. */
export interface DiagnosticRow {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning' | 'info';
    code: string;
    message: string;
}

/** An LSP diagnostic, as the language reports it. */
type Diagnostic = BuiltWorkspace['diagnostics'] extends Map<unknown, Array<infer D>> ? D : never;

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' } as const;

export function diagnosticRows(ws: BuiltWorkspace, cwd: string): DiagnosticRow[] {
    const rows: DiagnosticRow[] = [];
    for (const [doc, list] of ws.diagnostics) rows.push(...documentRows(list, fileOf(doc.uri, cwd)));
    return sortRows(rows);
}

/** How a document's path is printed: relative to the current folder. */
export function fileOf(uri: URI, cwd: string): string {
    return uri.scheme === 'file' ? relative(cwd, uri.fsPath) : uri.toString();
}

/** One document's diagnostics as rows, in their order. */
export function documentRows(list: Diagnostic[], file: string): DiagnosticRow[] {
    return list.map(d => ({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? 1],
        code: String(d.code ?? ''),
        message: String(d.message)
    }));
}

/** By file, then position. */
export function sortRows(rows: DiagnosticRow[]): DiagnosticRow[] {
    return rows.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column);
}
