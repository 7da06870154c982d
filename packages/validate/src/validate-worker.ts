// A worker thread of `mds validate`: decodes, parses and checks the chunks of a large CSV or JSONL
// file that the main thread cuts at record boundaries, and hands back each chunk's result and, at
// the end, its totals. It loads the generated validators from their text, not the model.
import { parentPort } from 'node:worker_threads';
import { recordCheckFromSources } from '@mds/generators/runtime';
import { RowChecker } from './checker.js';
import { CsvParser } from './readers/csv.js';
import { JsonLinesParser } from './readers/json-lines.js';
import { firstBadOffset } from './readers/text.js';
import type { ChunkReply, ToWorker } from './worker-protocol.js';

const port = parentPort!;
let checker: RowChecker | undefined;
let budget = 0;
const files = new Map<number, Extract<ToWorker, { type: 'file' }>>();

port.on('message', (m: ToWorker) => {
    if (m.type === 'init') {
        const check = recordCheckFromSources(m.sources);
        if (!check) throw new Error(`no generated check for ${m.sources.module} ${m.sources.name}`);
        checker = new RowChecker(check, m.setup);
        budget = m.budget;
    } else if (m.type === 'file') {
        files.set(m.id, m);
    } else if (m.type === 'chunk') {
        port.postMessage(...checkChunk(m));
    } else {
        port.postMessage({ type: 'state', state: checker!.state() });
    }
});

/**
 * Bytes decoded at a time: pieces of text stay small (young, and freed by the next scavenge),
 * where one decoded 2 MB chunk is a 4 MB string that waits for a full collection. At least four
 * pieces a chunk, so the tests' tiny chunks cut records and characters between pieces too.
 */
const PIECE_BYTES = 32 << 10;

function checkChunk(m: Extract<ToWorker, { type: 'chunk' }>): [ChunkReply, ArrayBuffer[]] {
    const file = files.get(m.file)!;
    const bytes = new Uint8Array(m.buffer, 0, m.length);
    const decoder = new TextDecoder(file.encoding, { fatal: true, ignoreBOM: !m.first });
    // Rows go straight from the parser into the check: a chunk's rows are never all alive at once.
    const batch = checker!.batch(file.table, budget, Math.ceil(m.length / 64));
    const parser = file.format === 'csv' ? new CsvParser(1) : new JsonLinesParser();
    const pieceBytes = Math.max(16, Math.min(PIECE_BYTES, m.length >> 2));
    let rest = '';
    let wanted = 0; // a record longer than the text so far: decode on until the text doubles
    for (let at = 0; at < m.length;) {
        const end = Math.min(m.length, at + pieceBytes);
        let piece: string;
        try {
            piece = decoder.decode(bytes.subarray(at, end), { stream: end < m.length });
        } catch {
            return [{ type: 'chunk', seq: m.seq, badByte: firstBadOffset(Buffer.from(bytes.buffer, 0, m.length), file.encoding) }, []];
        }
        at = end;
        const text = rest + piece;
        if (text.length < wanted && at < m.length) { rest = text; continue; }
        const used = parser.parse(text, at === m.length, batch);
        rest = text.slice(used);
        wanted = used === 0 ? text.length * 2 : 0;
    }
    const lines = parser instanceof CsvParser ? parser.line - 1 : parser.line;
    // The chunk is read through: its buffer takes the keys (when they fit) and goes back to be read into again.
    const result = batch.result(m.buffer);
    const k = result.keys;
    return [{ type: 'chunk', seq: m.seq, result, lines, buffer: m.buffer }, k && k.hashes.buffer !== m.buffer ? [m.buffer, k.hashes.buffer as ArrayBuffer] : [m.buffer]];
}
