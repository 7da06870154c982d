import type { RawRow } from './types.js';

/**
 * JSONL: one JSON value a line (blank lines skipped). A line that is not JSON is a problem row
 * with JSON.parse's reason, and reading goes on.
 */
export async function* jsonLines(chunks: AsyncIterable<string>): AsyncGenerator<RawRow> {
    let rest = '';
    let line = 0, row = 0;
    const emit = (text: string): RawRow | undefined => {
        line++;
        const t = text.endsWith('\r') ? text.slice(0, -1) : text;
        if (!t.trim()) return undefined;
        row++;
        try {
            return { line, row, value: JSON.parse(t) };
        } catch (e) {
            return { line, row, problem: { code: 'json-syntax', message: (e as Error).message } };
        }
    };
    for await (const chunk of chunks) {
        const text = rest + chunk;
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
            const r = emit(text.slice(start, nl));
            if (r) yield r;
            start = nl + 1;
        }
        rest = text.slice(start);
    }
    if (rest) {
        const r = emit(rest);
        if (r) yield r;
    }
}

/**
 * A JSON array file (`[ {…}, {…} ]`), streamed: each top-level element is cut out by tracking
 * strings and nesting, then parsed on its own, with the line it starts on. An element that is
 * not JSON is a problem row; a file that is not an array at all is one problem.
 */
export async function* jsonArray(chunks: AsyncIterable<string>): AsyncGenerator<RawRow> {
    let state: 'before' | 'between' | 'element' | 'after' = 'before';
    let element = '';
    let depth = 0, inString = false, escaped = false;
    let line = 1, elementLine = 1, row = 0;
    const finish = (): RawRow => {
        row++;
        const text = element.trim();
        element = '';
        try {
            return { line: elementLine, row, value: JSON.parse(text) };
        } catch (e) {
            return { line: elementLine, row, problem: { code: 'json-syntax', message: (e as Error).message } };
        }
    };
    for await (const chunk of chunks) {
        for (let i = 0; i < chunk.length; i++) {
            const c = chunk[i];
            if (c === '\n') line++;
            if (state === 'element') {
                if (inString) {
                    if (escaped) escaped = false;
                    else if (c === '\\') escaped = true;
                    else if (c === '"') inString = false;
                    element += c;
                    continue;
                }
                if (c === '"') inString = true;
                else if (c === '{' || c === '[') depth++;
                else if (c === '}' || c === ']') {
                    if (depth === 0) { yield finish(); state = 'after'; continue; }
                    depth--;
                } else if (c === ',' && depth === 0) { yield finish(); state = 'between'; continue; }
                element += c;
                continue;
            }
            if (/\s/.test(c)) continue;
            if (state === 'before') {
                if (c !== '[') { yield { line, row: 1, problem: { code: 'json-syntax', message: 'the file is not a JSON array (it must start with [)' } }; return; }
                state = 'between';
                continue;
            }
            if (state === 'between') {
                if (c === ']' && row === 0) { state = 'after'; continue; }
                state = 'element';
                elementLine = line;
                depth = 0;
                element = '';
                i--; // re-read this character as part of the element
                if (c === '\n') line--;
                continue;
            }
            // after the closing bracket: only white space may follow
            yield { line, row: row + 1, problem: { code: 'json-syntax', message: `unexpected ${JSON.stringify(c)} after the end of the array` } };
            return;
        }
    }
    if (state === 'element' || state === 'between' || state === 'before') {
        if (state === 'element' && element.trim()) yield finish();
        yield { line, row: row + 1, problem: { code: 'json-syntax', message: 'the JSON array is not closed (missing ])' } };
    }
}
