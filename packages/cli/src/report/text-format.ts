import type { DiagnosticRow } from './diagnostic-rows.js';

export interface TextFormatOptions {
    color: boolean;
    /** Source text by file, for excerpts. */
    sources: Map<string, string>;
}

const paint = (on: boolean, code: string) => (s: string) => on ? `\x1b[${code}m${s}\x1b[0m` : s;

/** `path:line:col - error mds/code: message`, then the source line with a caret under the range. */
export function formatText(rows: DiagnosticRow[], options: TextFormatOptions): string {
    const red = paint(options.color, '31'), yellow = paint(options.color, '33'), cyan = paint(options.color, '36');
    const gray = paint(options.color, '90');
    const lines = new Map<string, string[]>();
    const out: string[] = [];
    for (const r of rows) {
        const sev = r.severity === 'error' ? red(r.severity) : r.severity === 'warning' ? yellow(r.severity) : cyan(r.severity);
        out.push(`${cyan(r.file)}:${yellow(String(r.line))}:${yellow(String(r.column))} - ${sev} ${gray(r.code)}: ${r.message}`);
        let fileLines = lines.get(r.file);
        if (!fileLines) {
            fileLines = options.sources.get(r.file)?.split(/\r\n|\r|\n/) ?? [];
            lines.set(r.file, fileLines);
        }
        const text = fileLines[r.line - 1];
        if (text === undefined) continue;
        const gutter = String(r.line);
        const start = r.column - 1;
        const end = r.endLine === r.line ? Math.max(r.endColumn - 1, start + 1) : Math.max(text.length, start + 1);
        const caretPad = displayWidth(text.slice(0, start));
        const caretLen = Math.max(1, displayWidth(text.slice(start, end)));
        out.push(`${gray(gutter + ' |')} ${text.replace(/\t/g, '    ')}`);
        out.push(`${gray(' '.repeat(gutter.length) + ' |')} ${' '.repeat(caretPad)}${red('~'.repeat(caretLen))}`);
        out.push('');
    }
    return out.join('\n');
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
    let w = 0;
    for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        w += ch === '\t' ? 4 : isWide(cp) ? 2 : 1;
    }
    return w;
}

function isWide(cp: number): boolean {
    return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
        || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
        || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}
