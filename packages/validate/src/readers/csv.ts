import type { RawRow, RecordSink } from './types.js';

/** A CSV record as a row: the physical line it starts on, its number, its cells — or an unbalanced quote at the end of the input. */
export type CsvRecord =
    | { line: number; row: number; cells: string[]; problem?: undefined }
    | { line: number; row: number; problem: NonNullable<RawRow['problem']>; cells?: undefined };

/** The problem of a quoted cell never closed (also what the DuckDB source reports for the rows it rejects so). */
export const UNBALANCED = { code: 'unbalanced-quote', message: '引号没有闭合：从这一行开始的带引号单元格一直到文件末尾都没有结束 / a quoted cell starting on this line is never closed' };

/**
 * RFC 4180 CSV, parsed a text at a time: quoted cells with commas, doubled quotes and line breaks
 * (a quote inside an unquoted cell is an ordinary character, as Excel reads it); CRLF, LF or CR
 * line ends; the physical line number of every record. A line without quotes takes a fast path
 * (split on commas). Blank lines are skipped. An unbalanced quote at the end of the input is
 * reported with the line where the quoted cell began.
 *
 * `parse` is synchronous and reads only whole records, so one parser serves a stream (the caller
 * keeps the unread tail and appends the next chunk) and a worker that is handed a chunk cut at a
 * record boundary (`final`).
 */
export class CsvParser {
    /** The physical line the next record starts on. */
    line: number;
    /** Records read so far (the header counts: a caller that reads one subtracts it). */
    row = 0;

    constructor(firstLine = 1) {
        this.line = firstLine;
    }

    /**
     * Appends the records of `text` to `out` and returns where the unread rest begins: a record
     * is read only when its end is in view (with `final`, the end of the text is its end).
     */
    parse(text: string, final: boolean, out: RecordSink<CsvRecord>): number {
        let pos = 0;
        const length = text.length;
        let nl = -2; // the next LF at or after pos (-1: none left)
        while (pos < length) {
            if (nl !== -1 && nl < pos) nl = text.indexOf('\n', pos);
            if (nl !== -1) {
                let end = nl;
                if (end > pos && text.charCodeAt(end - 1) === 13) end--; // CRLF
                const line = text.slice(pos, end);
                // Fast path: a line without quotes or a lone CR. (Searched for line by line: a
                // search for them over the whole text made V8 run this loop ~20 times slower, measured.)
                if (line.indexOf('"') === -1 && line.indexOf('\r') === -1) {
                    const start = this.line++;
                    if (end > pos) out.push({ line: start, row: ++this.row, cells: line.split(',') });
                    pos = nl + 1;
                    continue;
                }
            } else if (!final && text.indexOf('\r', pos) === -1) {
                return pos; // the record's end is not in view (without a LF, it may still end at a lone CR: old Mac files)
            }
            const next = this.quoted(text, pos, final, out);
            if (next === -1) return pos;
            pos = next;
        }
        return pos;
    }

    /** A record with quotes, possibly over several lines: where the next record starts, or -1 when its end is not in view. */
    private quoted(text: string, pos: number, final: boolean, out: RecordSink<CsvRecord>): number {
        const length = text.length;
        let line = this.line;
        const start = line;
        const cells: string[] = [];
        let cell = '';
        let quoted = false;
        let atStart = true; // a quote opens a quoted cell only as the cell's first character
        let quoteLine = line;
        for (let i = pos; ;) {
            if (!final && i + 1 >= length) return -1;
            if (i >= length) {
                this.line = line;
                if (quoted) out.push({ line: quoteLine, row: ++this.row, problem: UNBALANCED });
                else { cells.push(cell); out.push({ line: start, row: ++this.row, cells }); }
                return length;
            }
            const c = text.charCodeAt(i);
            if (quoted) {
                if (c === 34) {
                    if (text.charCodeAt(i + 1) === 34) { cell += '"'; i += 2; continue; }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
                // Copy the run up to the next quote in one slice.
                let j = text.indexOf('"', i + 1);
                if (j === -1) j = length;
                for (let k = i + 1; k < j; k++) {
                    const d = text.charCodeAt(k);
                    if (d === 10 || (d === 13 && text.charCodeAt(k + 1) !== 10)) line++;
                }
                cell += text.slice(i, j);
                i = j;
                continue;
            }
            if (c === 34 && atStart) { quoted = true; atStart = false; quoteLine = line; i++; continue; }
            if (c === 44) { cells.push(cell); cell = ''; atStart = true; i++; continue; }
            atStart = false;
            if (c === 10 || c === 13) {
                cells.push(cell);
                this.line = line + 1;
                out.push({ line: start, row: ++this.row, cells });
                return i + (c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1);
            }
            cell += text[i];
            i++;
        }
    }
}

/** The records of a CSV text stream, a batch per chunk (the records whose end the chunk brings). */
export async function* csvBatches(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
    const parser = new CsvParser();
    let rest = '';
    let wanted = 0; // a record longer than the text so far: read on until the text doubles
    for await (const chunk of chunks) {
        rest += chunk;
        if (rest.length < wanted) continue;
        const out: CsvRecord[] = [];
        const used = parser.parse(rest, false, out);
        rest = rest.slice(used);
        wanted = out.length ? 0 : rest.length * 2;
        if (out.length) yield out;
    }
    const out: CsvRecord[] = [];
    parser.parse(rest, true, out);
    if (out.length) yield out;
}

/** The records of a CSV text stream, one at a time. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
    for await (const batch of csvBatches(chunks)) yield* batch;
}
