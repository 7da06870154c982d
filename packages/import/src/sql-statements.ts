/** One statement of a SQL script, with where it starts (1-based line and column). */
export interface Statement {
    text: string;
    line: number;
    column: number;
}

/**
 * Cuts a script into statements at the `;` that are outside string literals, quoted
 * identifiers, comments and PostgreSQL dollar-quoted bodies — a lexer, not a parser: each
 * statement is then parsed on its own, so one statement the parser does not know (a `SET`, a
 * function body) costs only itself. Also says whether the script looks like MySQL.
 */
export function splitStatements(text: string): { statements: Statement[]; mysql: boolean } {
    const statements: Statement[] = [];
    let start = 0, line = 1, lineStart = 0;
    // MySQL quotes names with backticks and escapes quotes in strings with a backslash.
    const mysql = text.includes('`') || /\bENGINE\s*=/i.test(text);
    let startLine = 1, startColumn = 1, blank = true;
    const push = (end: number) => {
        if (!blank) statements.push({ text: text.slice(start, end), line: startLine, column: startColumn });
    };
    // A statement starts at its first token: the parser's line and column then count from there.
    const begin = (i: number) => {
        if (blank) { start = i; startLine = line; startColumn = i - lineStart + 1; blank = false; }
    };
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n') { line++; lineStart = i + 1; continue; }
        if (c === ' ' || c === '\t' || c === '\r') continue;
        if (c === '-' && text[i + 1] === '-') {
            const end = text.indexOf('\n', i);
            i = (end < 0 ? text.length : end) - 1;
            continue;
        }
        if (c === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            const stop = end < 0 ? text.length : end + 2;
            for (let j = i; j < stop; j++) if (text[j] === '\n') { line++; lineStart = j + 1; }
            i = stop - 1;
            continue;
        }
        if (c === ';') {
            push(i);
            blank = true;
            continue;
        }
        begin(i);
        let close: string | undefined;
        if (c === '\'' || c === '"' || c === '`') close = c;
        if (c === '$') {
            const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
            if (tag) {
                const end = text.indexOf(tag[0], i + tag[0].length);
                const stop = end < 0 ? text.length : end + tag[0].length;
                for (let j = i; j < stop; j++) if (text[j] === '\n') { line++; lineStart = j + 1; }
                i = stop - 1;
                continue;
            }
        }
        if (!close) continue;
        // A quoted span: a doubled quote (and, in MySQL strings, a backslash) escapes.
        let j = i + 1;
        for (; j < text.length; j++) {
            const d = text[j];
            if (d === '\n') { line++; lineStart = j + 1; }
            if (d === '\\' && close === '\'' && mysql) { j++; continue; }
            if (d === close) {
                if (text[j + 1] === close) { j++; continue; }
                break;
            }
        }
        i = j;
    }
    push(text.length);
    return { statements, mysql };
}
