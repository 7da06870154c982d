import { batched, type RawRow, type RecordSink } from './types.js';

/**
 * JSONL: one JSON value a line (blank lines skipped). A line that is not JSON is a problem row
 * with JSON.parse's reason, and reading goes on. `parse` reads the whole lines of a text
 * synchronously, so one parser serves a stream and a worker handed a chunk cut at a line end.
 */
export class JsonLinesParser {
    constructor(public line = 0, public row = 0) {}

    /** Appends the rows of the whole lines of `text` (with `final`, the last line too); returns where the unread rest begins. */
    parse(text: string, final: boolean, out: RecordSink<RawRow>): number {
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
            this.emit(text, start, nl, out);
            start = nl + 1;
        }
        if (final && start < text.length) {
            this.emit(text, start, text.length, out);
            start = text.length;
        }
        return start;
    }

    private emit(text: string, start: number, end: number, out: RecordSink<RawRow>): void {
        this.line++;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        const t = text.slice(start, end);
        if (!t.trim()) return;
        const row = ++this.row;
        try {
            out.push({ line: this.line, row, value: JSON.parse(t) });
        } catch (e) {
            out.push({ line: this.line, row, problem: notJson(e, '这一行', 'the line') });
        }
    }
}

/** The rows of a JSONL text stream, a batch per chunk. */
export async function* jsonLineBatches(chunks: AsyncIterable<string>): AsyncGenerator<RawRow[]> {
    const parser = new JsonLinesParser();
    let rest = '';
    for await (const chunk of chunks) {
        const text = rest + chunk;
        const out: RawRow[] = [];
        rest = text.slice(parser.parse(text, false, out));
        if (out.length) yield out;
    }
    const out: RawRow[] = [];
    parser.parse(rest, true, out);
    if (out.length) yield out;
}

/** The problem of a text JSON.parse refused: Chinese first, then the parser's reason. */
function notJson(e: unknown, zh: string, en: string): { code: string; message: string } {
    return { code: 'json-syntax', message: `${zh}不是 JSON / ${en} is not JSON (${(e as Error).message})` };
}

/**
 * A `.json` file: an array of objects (jsonArray) or, as many tools write `.json`, objects one
 * after another — JSON Lines when the first one is on one line, else pretty-printed objects
 * (jsonArray's sequence mode). The same three shapes an HTTP body may have (textInput).
 */
export async function* jsonFile(chunks: AsyncIterable<string>): AsyncGenerator<RawRow[]> {
    const it = chunks[Symbol.asyncIterator]();
    let text = '', first = '';
    let start = -1, end = -1; // the first character not white space; for an object, the end of its line
    // Only each new chunk is searched: a long first line (a minified object) read in many chunks was searched again at each.
    while (start < 0 || (first === '{' && end < 0)) {
        const next = await it.next();
        if (next.done) break;
        const chunk = next.value, from = text.length;
        text += chunk;
        if (start < 0) {
            const at = chunk.search(/\S/);
            if (at >= 0) { start = from + at; first = chunk[at]; }
        }
        if (start >= 0 && end < 0) {
            const nl = chunk.indexOf('\n', Math.max(0, start - from));
            if (nl >= 0) end = from + nl;
        }
    }
    async function* all(): AsyncGenerator<string> {
        if (text) yield text;
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    }
    if (first === '{') {
        if (parses(text.slice(start, end === -1 ? undefined : end))) yield* jsonLineBatches(all());
        else yield* batched(jsonArray(all(), true));
        return;
    }
    yield* batched(jsonArray(all(), start < 0));
}

function parses(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

/**
 * A JSON array file (`[ {…}, {…} ]`), streamed: each top-level element is cut out by tracking
 * strings and nesting, then parsed on its own, with the line it starts on. An element that is
 * not JSON is a problem row; a file that is not an array at all is one problem. With `sequence`,
 * the values follow one another without brackets or commas (pretty-printed objects): each ends
 * where its brackets close, or — a bare or broken value — at the end of its line.
 */
export async function* jsonArray(chunks: AsyncIterable<string>, sequence = false): AsyncGenerator<RawRow> {
    let state: 'before' | 'between' | 'element' | 'after' = sequence ? 'between' : 'before';
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
            return { line: elementLine, row, problem: notJson(e, '这个值', 'the value') };
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
                    if (depth === 0 && !sequence) { yield finish(); state = 'after'; continue; }
                    if (--depth === 0 && sequence) { element += c; yield finish(); state = 'between'; continue; }
                } else if (c === ',' && depth === 0 && !sequence) { yield finish(); state = 'between'; continue; }
                else if (c === '\n' && depth <= 0 && sequence) { yield finish(); state = 'between'; continue; }
                element += c;
                continue;
            }
            if (/\s/.test(c)) continue;
            if (state === 'before') {
                if (c !== '[') { yield { line, row: 1, problem: { code: 'json-syntax', message: '文件不是 JSON 数组，也不是一个个 JSON 对象 / the file is neither a JSON array nor JSON objects' } }; return; }
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
            yield { line, row: row + 1, problem: { code: 'json-syntax', message: `数组结束后还有内容 ${JSON.stringify(c)} / unexpected ${JSON.stringify(c)} after the end of the array` } };
            return;
        }
    }
    if (state === 'element' && element.trim()) yield finish();
    if (!sequence && (state === 'element' || state === 'between' || state === 'before')) {
        yield { line, row: row + 1, problem: { code: 'json-syntax', message: 'JSON 数组没有闭合（缺少 ]）/ the JSON array is not closed (missing ])' } };
    }
}
