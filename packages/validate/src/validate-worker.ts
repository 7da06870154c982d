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

function checkChunk(m: Extract<ToWorker, { type: 'chunk' }>): [ChunkReply, ArrayBuffer[]] {
    const file = files.get(m.file)!;
    const bytes = new Uint8Array(m.buffer, 0, m.length);
    let text: string;
    try {
        text = new TextDecoder(file.encoding, { fatal: true, ignoreBOM: !m.first }).decode(bytes);
    } catch {
        return [{ type: 'chunk', seq: m.seq, badByte: firstBadOffset(Buffer.from(bytes.buffer, 0, m.length), file.encoding) }, []];
    }
    // Rows go straight from the parser into the check: a chunk's rows are never all alive at once.
    const batch = checker!.batch(file.table, budget, Math.ceil(m.length / 64));
    let lines: number;
    if (file.format === 'csv') {
        const parser = new CsvParser(1);
        parser.parse(text, true, batch);
        lines = parser.line - 1;
    } else {
        const parser = new JsonLinesParser();
        parser.parse(text, true, batch);
        lines = parser.line;
    }
    const result = batch.result();
    const k = result.keys;
    return [{ type: 'chunk', seq: m.seq, result, lines }, k ? [k.hashes.buffer, k.lines.buffer, k.rows.buffer, k.flags.buffer] as ArrayBuffer[] : []];
}
