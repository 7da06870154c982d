/** A CSV record with the physical line it starts on, or an unbalanced quote at the end of the input. */
export type CsvRecord = { line: number; cells: string[] } | { line: number; problem: 'unbalanced-quote' };

/**
 * RFC 4180 CSV, streamed: quoted cells with commas, doubled quotes and line breaks (a quote
 * inside an unquoted cell is an ordinary character, as Excel reads it); CRLF, LF or
 * CR line ends; the physical line number of every record. A line without quotes takes a fast
 * path (split on commas). Blank lines are skipped. An unbalanced quote at the end of the input is
 * reported with the line where the quoted cell began.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
    const it = chunks[Symbol.asyncIterator]();
    let buf = '';
    let pos = 0;
    let done = false;
    let line = 1;
    /** Appends the next chunk (dropping what is consumed); false at the end of the input. */
    // The next CR at or after a position: most files have none, so remember "none in this buffer".
    let cr = -2;
    const more = async (): Promise<boolean> => {
        if (done) return false;
        const next = await it.next();
        if (next.done) { done = true; return false; }
        buf = buf.slice(pos) + next.value;
        pos = 0;
        cr = -2;
        return true;
    };
    const newline = (from: number) => {
        const n = buf.indexOf('\n', from);
        if (cr !== -1 && cr < from) cr = buf.indexOf('\r', from);
        return cr !== -1 && (n === -1 || cr < n) ? cr : n;
    };
    for (;;) {
        let nl = newline(pos);
        // A record must end inside the buffer, with its CR's possible LF in view.
        if ((nl === -1 || nl + 1 >= buf.length) && !done) {
            if (await more()) continue;
            nl = newline(pos);
        }
        if (pos >= buf.length) return;
        const end = nl === -1 ? buf.length : nl;
        const text = buf.slice(pos, end);
        if (text.indexOf('"') === -1) {
            const start = line;
            pos = nl === -1 ? buf.length : nl + (buf[nl] === '\r' && buf[nl + 1] === '\n' ? 2 : 1);
            line++;
            if (text.length) yield { line: start, cells: text.split(',') };
            continue;
        }
        // A record with quotes, possibly over several lines and chunks.
        const start = line;
        const cells: string[] = [];
        let cell = '';
        let i = pos;
        let quoted = false;
        let atStart = true; // a quote opens a quoted cell only as the cell's first character
        let quoteLine = line;
        for (;;) {
            if (i + 1 >= buf.length && !done) {
                const offset = i - pos;
                if (await more()) { i = pos + offset; continue; }
            }
            if (i >= buf.length) {
                pos = i;
                if (quoted) { yield { line: quoteLine, problem: 'unbalanced-quote' }; return; }
                cells.push(cell);
                yield { line: start, cells };
                return;
            }
            const c = buf[i];
            if (quoted) {
                if (c === '"') {
                    if (buf[i + 1] === '"') { cell += '"'; i += 2; continue; }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c === '\n' || (c === '\r' && buf[i + 1] !== '\n')) line++;
                cell += c;
                i++;
                continue;
            }
            if (c === '"' && atStart) { quoted = true; atStart = false; quoteLine = line; i++; continue; }
            if (c === ',') { cells.push(cell); cell = ''; atStart = true; i++; continue; }
            atStart = false;
            if (c === '\n' || c === '\r') {
                cells.push(cell);
                pos = i + (c === '\r' && buf[i + 1] === '\n' ? 2 : 1);
                line++;
                yield { line: start, cells };
                break;
            }
            cell += c;
            i++;
        }
    }
}
