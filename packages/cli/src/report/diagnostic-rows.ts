import { relative } from 'node:path';
import type { BuiltWorkspace } from '@mds/language';

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

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' } as const;

export function diagnosticRows(ws: BuiltWorkspace, cwd: string): DiagnosticRow[] {
    const rows: DiagnosticRow[] = [];
    for (const [doc, list] of ws.diagnostics) {
        const file = doc.uri.scheme === 'file' ? relative(cwd, doc.uri.fsPath) : doc.uri.toString();
        for (const d of list) {
            rows.push({
                file,
                line: d.range.start.line + 1,
                column: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
                severity: SEVERITY[d.severity ?? 1],
                code: String(d.code ?? ''),
                message: String(d.message)
            });
        }
    }
    return rows.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column);
}
