import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ValidatorSources } from '@mds/generators/runtime';
import type { CheckerState, CheckSetup, TableShape } from './checker.js';
import type { ResultMerger } from './merge.js';
import { lastCsvBoundary, lastJsonLineBoundary, nextCsvBoundary } from './readers/boundaries.js';
import { CsvParser, type CsvRecord } from './readers/csv.js';
import { headerBelowTitles, trimTrailingEmpty, type TitleRow } from './inputs.js';
import { EncodingMismatch, type Encoding } from './readers/text.js';
import { InputError } from './readers/types.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/**
 * The worker script next to this module (the compiled package, or the CLI bundle's copy); from
 * the TypeScript sources (tests), the compiled twin. Undefined: validation stays in-process.
 */
export function workerScript(): URL | undefined {
    for (const candidate of ['./validate-worker.js', '../out/validate-worker.js']) {
        const url = new URL(candidate, import.meta.url);
        if (existsSync(fileURLToPath(url))) return url;
    }
    return undefined;
}

/**
 * The young generation of a worker, by the size of the input: rows die young, so a small one
 * keeps the heap small, but it is collected more often. Measured on 1 M CSV rows (128 MB),
 * alternating: 8 MB takes ~10 % less CPU than 2 MB (user 3.9–4.0 against 4.2–4.5 s in the quiet
 * runs) for ~10 MB more memory; at 8 M rows (1.02 GB), where the key index holds 100 MB, 8 MB
 * raised the peak from 274–275 to 287 MB — too near a 300 MB budget. So 8 MB up to 512 MB of
 * input, 2 MB above.
 */
export function youngGenerationMb(inputBytes: number): number {
    return inputBytes <= 512 << 20 ? 8 : 2;
}

let pretenuringOff = false;

/** A worker thread of `validate-worker.js`, with this young generation (youngGenerationMb). */
function spawnWorker(script: URL, youngMb: number): Worker {
    // V8 allocates the objects of a site directly in the old generation once it has seen most of
    // them survive a scavenge — with a small young generation and rows checked in runs, it decided
    // so in one worker or another in 5 of 6 runs of 1 M CSV rows, which then ran a full collection
    // every ~90 ms (GC 0.7–1.0 s instead of ~0.3 s; the run 3.3–4.1 s instead of 2.5–2.9 s). Rows
    // do die young here, so that guess is turned off (a process-wide V8 flag, read at each GC).
    if (!pretenuringOff) setFlagsFromString('--no-allocation-site-pretenuring');
    pretenuringOff = true;
    const start = () => new Worker(script, { execArgv: workerExecArgv(process.execArgv).filter(a => !refusedByWorkers.has(a)), resourceLimits: { maxYoungGenerationSizeMb: youngMb } });
    try {
        return start();
    } catch (e) {
        // V8's and process-wide options (`node --max-old-space-size=4096 mds validate …`, --stack-size,
        // --title): Node refuses them in a worker's execArgv (V8's apply to every isolate anyway), and the
        // run ended with an internal error. Node names the refused ones; they are left out from then on.
        if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
        const named = /flags: (.*)$/.exec((e as Error).message)?.[1].split(', ') ?? [];
        for (const a of named.length ? named : workerExecArgv(process.execArgv)) refusedByWorkers.add(a);
        try {
            return start();
        } catch {
            for (const a of workerExecArgv(process.execArgv)) refusedByWorkers.add(a);
            return start();
        }
    }
}

/** Options of this process that Node refused in a worker's execArgv (see spawnWorker). */
const refusedByWorkers = new Set<string>();

/**
 * The process's Node options for a worker, without those about the main script's own input
 * (`--input-type`, `--eval`, `--print` and their values): a worker runs a file, and with an
 * inherited `--input-type` Node refuses to load it (`node --input-type=module -e …` calling
 * validateFiles failed with ERR_INPUT_TYPE_NOT_ALLOWED).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
    const kept: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (/^(--input-type|--eval|--print|-[ep]|-pe|-ep)$/.test(a)) i++; // the value follows
        else if (!/^(--input-type|--eval|--print)=/.test(a)) kept.push(a);
    }
    return kept;
}

/** Workers started ahead (startWorkersEarly), not yet taken by a pool; those that failed or exited are dropped. */
const early: Array<{ script: string; youngMb: number; worker: Worker; broken: boolean; onEnd(): void }> = [];

/**
 * Starts `size` worker threads now, before they are needed: Node takes ~0.1 s of a core to start
 * one, which then overlaps the caller loading the standards (a pool takes them; `init` follows).
 * Until taken they do not keep the process alive.
 */
export function startWorkersEarly(script: URL, size: number, youngMb: number): void {
    for (let i = 0; i < size; i++) {
        const entry = { script: script.href, youngMb, worker: spawnWorker(script, youngMb), broken: false, onEnd: () => { entry.broken = true; } };
        entry.worker.unref();
        entry.worker.on('error', entry.onEnd);
        entry.worker.on('exit', entry.onEnd);
        early.push(entry);
    }
}

/** How many workers started ahead wait to be taken (for tests). */
export function earlyWorkerCount(): number {
    return early.length;
}

function takeWorker(script: URL, youngMb: number): Worker {
    for (;;) {
        const i = early.findIndex(e => e.script === script.href && e.youngMb === youngMb);
        if (i === -1) return spawnWorker(script, youngMb);
        const [entry] = early.splice(i, 1);
        if (entry.broken) {
            void entry.worker.terminate();
            continue;
        }
        entry.worker.off('error', entry.onEnd);
        entry.worker.off('exit', entry.onEnd);
        entry.worker.ref();
        return entry.worker;
    }
}

/** Worker threads that check chunks; the results come back in any order and are merged in input order. */
export class WorkerPool {
    private readonly workers: Worker[];
    private readonly pending = new Map<number, { resolve(m: FromWorker): void; reject(e: unknown): void }>();
    /** Per worker, who waits for its totals (each worker's own: they are merged in worker order, so reports do not depend on which answers first). */
    private readonly states: Array<((s: CheckerState) => void) | undefined> = [];
    private failure: unknown;
    private next = 0;
    private closing = false;

    constructor(script: URL, size: number, init: { sources: ValidatorSources; setup: CheckSetup; budget: number }, youngMb = 2) {
        this.workers = Array.from({ length: size }, (_, index) => {
            const w = takeWorker(script, youngMb);
            w.on('message', (m: FromWorker) => {
                if (m.type === 'state') this.states[index]?.(m.state);
                else {
                    const p = this.pending.get(m.seq);
                    this.pending.delete(m.seq);
                    p?.resolve(m);
                }
            });
            w.on('error', e => this.fail(e));
            // A worker ends only when the pool closes: any other exit, even with code 0, fails the chunks in flight (they would wait for ever).
            w.on('exit', code => { if (!this.closing) this.fail(new Error(`validate worker exited with code ${code}`)); });
            w.postMessage({ type: 'init', ...init } satisfies ToWorker);
            return w;
        });
    }

    get size(): number {
        return this.workers.length;
    }

    private fail(e: unknown): void {
        this.failure ??= e;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
    }

    /** Tells every worker about a file its chunks will come from. */
    file(message: Extract<ToWorker, { type: 'file' }>): void {
        for (const w of this.workers) w.postMessage(message);
    }

    /** Sends a chunk (its buffer is transferred) to the next worker; resolves with the reply. */
    chunk(message: Extract<ToWorker, { type: 'chunk' }>): Promise<FromWorker> {
        if (this.failure) return Promise.reject(this.failure);
        const w = this.workers[this.next++ % this.workers.length];
        const reply = new Promise<FromWorker>((resolve, reject) => {
            this.pending.set(message.seq, { resolve, reject });
            w.postMessage(message, [message.buffer]);
        });
        // A failing worker rejects every chunk in flight; the caller awaits them one at a time and
        // stops at the first, so the others must not end the process as unhandled rejections.
        reply.catch(() => undefined);
        return reply;
    }

    /** The totals of every worker (each has seen its own share of the chunks). */
    async finish(): Promise<CheckerState[]> {
        const states = this.workers.map((w, index) => new Promise<CheckerState>((resolve, reject) => {
            this.states[index] = resolve;
            w.once('error', reject);
            w.postMessage({ type: 'finish' } satisfies ToWorker);
        }));
        return Promise.all(states);
    }

    async close(): Promise<void> {
        this.closing = true;
        await Promise.all(this.workers.map(w => w.terminate()));
    }
}

export interface ParallelFile {
    path: string;
    /** An id for the workers (files are sent one after another). */
    id: number;
    format: 'csv' | 'jsonl';
    encoding: Encoding;
    size: number;
    chunkBytes: number;
    merger: ResultMerger;
    /** The file's name in the listed rows (several files). */
    listedAs?: string;
    /** CSV: resolves the header to columns (throws InputError for a bad header). */
    columns?(header: string[]): TableShape;
    /** CSV: the title rows above the header, skipped (headerBelowTitles). */
    onTitles?(titles: TitleRow[]): void;
    onProgress?(read: number): void;
}

/**
 * Checks one large CSV or JSONL file in the worker pool: the main thread reads the header, cuts
 * the rest into chunks at record boundaries, keeps a few chunks in flight per worker (memory
 * stays bounded), and merges the results in order (line numbers, key uniqueness, listed rows).
 */
export async function checkFileInWorkers(pool: WorkerPool, f: ParallelFile): Promise<void> {
    const handle = await open(f.path, 'r');
    try {
        let offset = 0, line = 0;
        let table: TableShape | undefined;
        if (f.format === 'csv') {
            const first = await readHeader(handle, f, 0, 0);
            if (!first) throw new InputError('文件是空的，没有表头 / the file is empty: no header row');
            // Title rows above the header (a sheet's CSV export): as the in-process reader skips them.
            const found = await headerBelowTitles(first, h => readHeader(handle, f, h.offset, h.line), f.columns!);
            ({ offset, line } = found.head);
            table = found.resolved;
            if (found.titles.length) f.onTitles?.(found.titles);
        }
        pool.file({ type: 'file', id: f.id, format: f.format, encoding: f.encoding, ...(table ? { table } : {}) });
        let seq = 0, row = 0;
        const inFlight: Array<{ reply: Promise<FromWorker>; start: number; end: number }> = [];
        const drain = async () => {
            const chunk = inFlight.shift()!;
            const reply = await chunk.reply;
            if (reply.type !== 'chunk') return;
            if ('badByte' in reply) throw new EncodingMismatch(f.encoding, chunk.start + reply.badByte);
            // After the first chunk: its rows per byte estimate the file's rows, and the key index is sized once.
            if (row === 0 && reply.result.rows > 0) f.merger.expectRows(Math.ceil(reply.result.rows * (f.size - offset) / (chunk.end - offset) * 1.02));
            f.merger.add(reply.result, { line, row, ...(f.listedAs !== undefined ? { file: f.listedAs } : {}) });
            free.push(reply.buffer); // after the merge: the chunk's keys are in it
            line += reply.lines;
            row += reply.result.rows;
            f.onProgress?.(chunk.end);
        };
        let carry = new Uint8Array(0);
        let position = offset;
        // Buffers the workers handed back: read into again rather than allocated per chunk (each new
        // one was mapped, zeroed and unmapped: at 8 M rows the kernel's time went from 3.2–4.1 to 1.9–2.2 s).
        const free: ArrayBuffer[] = [];
        for (;;) {
            const size = carry.length + f.chunkBytes;
            const reused = free.pop();
            const buffer = reused && reused.byteLength >= size ? new Uint8Array(reused, 0, size) : new Uint8Array(new ArrayBuffer(size + (64 << 10)), 0, size);
            buffer.set(carry);
            const { bytesRead } = await handle.read(buffer, carry.length, f.chunkBytes, position);
            position += bytesRead;
            const end = carry.length + bytesRead;
            const last = bytesRead === 0 || position >= f.size;
            const cut = last ? end : f.format === 'csv' ? lastCsvBoundary(buffer, end) : lastJsonLineBoundary(buffer, end);
            if (cut <= 0) {
                if (last) break;
                carry = buffer.subarray(0, end); // one record longer than a chunk: read on
                continue;
            }
            const start = position - end;
            carry = buffer.slice(cut, end);
            inFlight.push({ reply: pool.chunk({ type: 'chunk', seq: seq++, file: f.id, buffer: buffer.buffer, length: cut, first: start === 0 }), start, end: start + cut });
            while (inFlight.length >= pool.size * 2) await drain();
            if (last) break;
        }
        while (inFlight.length) await drain();
    } finally {
        await handle.close();
    }
}

/**
 * The first record of a CSV file from byte `start` (blank lines before it skipped; `linesBefore`
 * lines precede that byte): its cells, its line, where the next record starts and the lines up
 * to there. Undefined when no record follows.
 */
async function readHeader(h: FileHandle, file: ParallelFile, start: number, linesBefore: number): Promise<{ header: string[]; headerLine: number; offset: number; line: number } | undefined> {
    for (let size = 1 << 16; ; size *= 4) {
        const buffer = new Uint8Array(Math.max(0, Math.min(size, file.size - start)));
        const { bytesRead } = await h.read(buffer, 0, buffer.length, start);
        const all = start + bytesRead >= file.size;
        let from = start === 0 && file.encoding === 'utf-8' && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
        const parser = new CsvParser(linesBefore + 1);
        for (;;) {
            let end = nextCsvBoundary(buffer, from, bytesRead);
            if (end === -1) {
                if (!all) break; // the record goes on past what was read: read more
                end = bytesRead;
            }
            let text: string;
            try {
                text = new TextDecoder(file.encoding, { fatal: true, ignoreBOM: true }).decode(buffer.subarray(from, end));
            } catch {
                throw new EncodingMismatch(file.encoding, start + from);
            }
            const records: CsvRecord[] = [];
            parser.parse(text, true, records);
            from = end;
            if (!records.length) {
                if (end < bytesRead) continue;
                if (all) return undefined;
                break; // only blank lines so far: read more
            }
            const head = records[0];
            if ('problem' in head) throw new InputError(`第 ${head.line} 行：表头中的引号没有闭合 / unbalanced quote in the header`);
            return { header: trimTrailingEmpty(head.cells), headerLine: head.line, offset: start + end, line: parser.line - 1 };
        }
    }
}
