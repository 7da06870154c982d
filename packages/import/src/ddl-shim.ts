/**
 * Spark SQL and Trino DDL (as `mds sql --dialect spark|trino` writes it) in a form node-sql-parser's
 * MySQL grammar reads, every character kept in its place (so error positions stay true):
 * `"name"` → `` `name` ``; `STRING` and bare `VARCHAR` → TEXT; `TIMESTAMP(3) WITH TIME ZONE` →
 * DATETIME; `STRUCT<…>`, `ROW(…)` and `MAP<…>` → JSON; `ARRAY<T>`/`ARRAY(T)` → T, the column
 * remembered as a list. Undefined when the text has none of these.
 */
export function sparkTrinoAsMysql(src: string): { text: string; lists: Set<string> } | undefined {
    const out = src.split('');
    const lists = new Set<string>();
    let changed = false, depth = 0, expectName = false, column = '';
    const blank = (from: number, to: number) => { for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '; };
    const write = (at: number, text: string, length: number) => { blank(at, at + length); for (let k = 0; k < text.length; k++) out[at + k] = text[k]; };
    const closing = (open: number) => closingBracket(src, open);
    const nextChar = (k: number) => { while (k < src.length && /\s/.test(src[k])) k++; return k; };
    for (let i = 0; i < src.length;) {
        const c = src[i];
        if (c === '\'') {
            let j = i + 1;
            while (j < src.length && !(src[j] === '\'' && src[j + 1] !== '\'')) j += src[j] === '\'' ? 2 : 1;
            i = j + 1;
            continue;
        }
        if (c === '"' || c === '`') {
            const end = src.indexOf(c, i + 1);
            if (end < 0) break;
            if (c === '"') { out[i] = '`'; out[end] = '`'; changed = true; }
            if (expectName) { column = src.slice(i + 1, end); expectName = false; }
            i = end + 1;
            continue;
        }
        if (c === '(') { depth++; if (depth === 1) expectName = true; i++; continue; }
        if (c === ')') { depth--; i++; continue; }
        if (c === ',' && depth === 1) { expectName = true; i++; continue; }
        if (!/[A-Za-z_]/.test(c)) { i++; continue; }
        let j = i;
        while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
        const word = src.slice(i, j), upper = word.toUpperCase();
        if (expectName) { column = word; expectName = false; i = j; continue; }
        const after = nextChar(j);
        if ((upper === 'STRUCT' || upper === 'MAP' || upper === 'ROW') && (src[after] === '<' || src[after] === '(')) {
            const end = closing(after);
            write(i, 'JSON', end - i);
            changed = true;
            i = end;
            continue;
        }
        if (upper === 'ARRAY' && (src[after] === '<' || src[after] === '(')) {
            const end = closing(after);
            blank(i, after + 1);
            blank(end - 1, end);
            lists.add(column);
            changed = true;
            i = after + 1;
            continue;
        }
        const zone = /^\s*(\(\s*\d+\s*\))?\s+WITH\s+TIME\s+ZONE\b/i.exec(src.slice(j, j + 40));
        if ((upper === 'TIMESTAMP' || upper === 'TIME') && zone) {
            write(i, upper === 'TIME' ? 'TIME' : 'DATETIME', j + zone[0].length - i);
            changed = true;
            i = j + zone[0].length;
            continue;
        }
        if (upper === 'STRING' || (upper === 'VARCHAR' && src[after] !== '(')) {
            write(i, 'TEXT', j - i);
            changed = true;
        }
        i = j;
    }
    return changed ? { text: out.join(''), lists } : undefined;
}

/**
 * The index just past the bracket that closes the one at `open`; quoted text is skipped. Angle
 * brackets count only inside an angle bracket (`ARRAY<STRUCT<…>>`): elsewhere `<` is a comparison.
 */
export function closingBracket(src: string, open: number): number {
    const pair: Record<string, string> = { '<': '>', '(': ')' };
    const angles = src[open] === '<';
    const stack: string[] = [];
    for (let k = open; k < src.length; k++) {
        const c = src[k];
        if (c === '\'' || c === '"' || c === '`') { const end = src.indexOf(c, k + 1); k = end < 0 ? src.length : end; continue; }
        if (c === '(' || (c === '<' && angles)) stack.push(pair[c]);
        else if (c === stack[stack.length - 1]) { stack.pop(); if (!stack.length) return k + 1; }
    }
    return src.length;
}

/** Spaces for every character but line ends: text removed without moving what follows. */
export const blankKeepingLines = (s: string) => s.replace(/[^\n]/g, ' ');
