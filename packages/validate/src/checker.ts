import type { Update } from '@mds/language';
import { valueAt, type RecordCheck, type RuleError } from '@mds/generators/runtime';
import type { RawRow } from './readers/types.js';
import { rowBuilder, type Column, type RowBuilder } from './cells.js';
import { compileMeasurer, covers, display, jsonText, type Measurer } from './measure.js';
import { hashInto, lastHash } from './hash.js';
import { detached, FieldStats, type FieldStatsState } from './stats.js';
import { TimelinessCounter, type TimelinessState } from './timeliness.js';

export interface RowError extends RuleError {
    /** The offending value as written (absent for a missing value). */
    value?: string;
}

export interface RowResult {
    file?: string;
    line: number;
    row: number;
    valid: boolean;
    errors: RowError[];
}

/** What a row checker needs besides the record's check: plain data, so a worker thread can be sent it. */
export interface CheckSetup {
    /** The field paths measured (completeness, validity, distinct values). */
    paths: Array<{ names: string[]; path: string }>;
    /** The record's key fields (top level), empty without a key. */
    keys: string[];
    timeliness?: { field: string; cycle: Update; hours: number; asOf: number; names: string[] };
    /** List every row, valid ones too. */
    allRows: boolean;
}

/** How table rows become records: the columns, and whether the input is CSV (where a short row is an error). */
export interface TableShape {
    columns: Column[];
    csv: boolean;
}

/**
 * The keys of a batch's rows, for the one key index that sees every row in order (the main
 * thread): hash halves, line and row, and flags — 1: the row has other errors, 2: the key field
 * already counts as invalid in this row.
 */
export interface KeyBatch {
    count: number;
    hashes: Uint32Array;
    lines: Uint32Array;
    rows: Uint32Array;
    flags: Uint8Array;
    /** Where each key's text ends in `chars`. */
    ends: Uint32Array;
    /**
     * The keys' texts, joined, as UTF-16 code units in the batch's one buffer: nothing of a batch
     * lands on the main thread's heap (with a string of texts a chunk and oversized arrays, that
     * heap peaked at 75 MB at 8 M rows; like this, 34 MB). Read with keyText — only for repeated keys.
     */
    chars: Uint16Array;
}

/** The text of a batch's i-th key. */
export function keyText(k: KeyBatch, i: number): string {
    const units = k.chars.subarray(i ? k.ends[i - 1] : 0, k.ends[i]);
    let s = '';
    for (let j = 0; j < units.length; j += 4096) s += String.fromCharCode(...units.subarray(j, j + 4096));
    return s;
}

/** One batch checked: line and row numbers as the reader gave them (the caller adds its offsets). */
export interface BatchResult {
    rows: number;
    valid: number;
    /** The first `budget` invalid rows (with allRows, every row), in order. */
    listed: RowResult[];
    keys?: KeyBatch;
}

/** A checker's totals, structured-clonable, merged across worker threads. */
export interface CheckerState {
    readable: number;
    byRule: Record<string, { violations: number; rows: number }>;
    fields: FieldStatsState[];
    timeliness?: TimelinessState;
}

/** Rows a batch checks together (RowBatch, RowChecker.checkRows). */
const RUN = 128;

/** The errors of a valid row (never pushed to). */
const NO_ERRORS: RowError[] = [];

/** A row of too few or too many cells (also what the DuckDB source reports for the rows it rejects so). */
export function rowShapeProblem(cells: number, columns: number): { code: string; message: string } {
    return { code: 'row-shape', message: `有 ${cells} 个单元格，而表头有 ${columns} 列 / ${cells} cells, the header has ${columns} columns` };
}

function rowShapeError(raw: RawRow, table: TableShape): RowError {
    return { path: '', ...rowShapeProblem((raw.cells ?? []).length, table.columns.length) };
}

const NOT_PRESENT = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Checks rows against one record, a batch at a time and synchronously: the generated runtime
 * check (the npm packages' code), per-field statistics and timeliness. Key uniqueness needs
 * every row in order, so a batch hands its keys on (`KeyBatch`) to the caller's KeyIndex.
 * One checker runs in-process for small inputs and one in each worker thread for large ones.
 */
export class RowChecker {
    readable = 0;
    readonly byRule: Record<string, { violations: number; rows: number }> = {};
    readonly stats: FieldStats[];
    readonly timeliness?: TimelinessCounter;
    private readonly measure: Measurer;
    private readonly keyField: string | undefined;
    /** Whether the record has a key (batches collect their keys). */
    readonly keyed: boolean;
    readonly allRows: boolean;
    /** The check's errors of the current row (reused: most rows have none). */
    private readonly found: RuleError[] = [];
    /** The row builder of the last table's columns (one header per file). */
    private builtColumns: Column[] | undefined;
    private build: RowBuilder | undefined;
    private collector: KeyCollector | undefined;

    constructor(private readonly check: RecordCheck, private readonly setup: CheckSetup) {
        this.stats = setup.paths.map(() => new FieldStats());
        this.measure = compileMeasurer(setup.paths, this.stats);
        const t = setup.timeliness;
        if (t) this.timeliness = new TimelinessCounter(t.field, t.cycle, t.hours, new Date(t.asOf));
        this.keyField = setup.keys.length === 1 ? setup.keys[0] : undefined;
        this.keyed = setup.keys.length > 0;
        this.allRows = setup.allRows;
    }

    checkBatch(raws: RawRow[], table: TableShape | undefined, budget: number): BatchResult {
        const batch = this.batch(table, budget, raws.length);
        for (let r = 0; r < raws.length; r++) batch.push(raws[r]);
        return batch.result();
    }

    /**
     * A batch checked row by row as a reader pushes its rows, so a chunk's rows are never all
     * alive at once (they die young; a worker keeps a small young generation). `expected` sizes
     * the key arrays (they grow past it).
     */
    batch(table: TableShape | undefined, budget: number, expected: number): RowBatch {
        return new RowBatch(this, table, budget, expected);
    }

    /** The key collector of the next batch: one, emptied and reused (a checker's batches run one after another). */
    keyCollector(expected: number): KeyCollector {
        if (!this.collector) this.collector = new KeyCollector(expected);
        this.collector.reset();
        return this.collector;
    }

    /** The record values of the rows being checked (reused; emptied after each run). */
    private readonly values: unknown[] = [];

    /**
     * Rows raws[0..n): each row's errors into `out` (NO_ERRORS when valid); statistics, keys and
     * timeliness recorded. A phase at a time over the rows — values, checks, statistics, keys,
     * timeliness — so each phase's code and tables stay in the processor's caches (the bench
     * record in one thread: 3.63–3.68 µs a row when each row ran through all of them, 2.92–3.26
     * in runs of 128; runs of 32 or 512 measured the same as 128).
     */
    checkRows(raws: RawRow[], n: number, table: TableShape | undefined, keys: KeyCollector | undefined, out: RowError[][]): void {
        const values = this.values;
        for (let i = 0; i < n; i++) {
            const raw = raws[i];
            let errors: RowError[] = NO_ERRORS;
            let value: unknown;
            if (raw.problem) {
                errors = [{ path: '', code: raw.problem.code, message: raw.problem.message }];
            } else if (table) {
                value = this.shape(raw, table);
                if (value === undefined) errors = [rowShapeError(raw, table)];
            } else {
                value = raw.value;
            }
            values[i] = value;
            out[i] = errors;
        }
        const found = this.found;
        for (let i = 0; i < n; i++) {
            const value = values[i];
            if (value === undefined) continue;
            this.readable++;
            if (found.length) found.length = 0; // setting the length is a call into the runtime: only when there is something to clear
            this.check(value, '', found);
            if (found.length) {
                const errors: RowError[] = [];
                for (let j = 0; j < found.length; j++) {
                    const e = found[j];
                    const v = valueAt(value, e.path);
                    // A literal, not a spread of e: copying an object by spread cost ~1 % of a worker's time at 5 % invalid rows.
                    errors.push(v === undefined ? e : { path: e.path, code: e.code, message: e.message, value: detached(display(v)) });
                }
                out[i] = errors;
            }
        }
        for (let i = 0; i < n; i++) if (values[i] !== undefined) this.measure(values[i], out[i]);
        if (keys) {
            const keyField = this.keyField;
            for (let i = 0; i < n; i++) {
                const value = values[i];
                if (value === undefined) continue;
                const key = keyOf(this.setup.keys, value);
                if (key === undefined) continue;
                const errors = out[i];
                keys.add(key, raws[i], (errors.length ? 1 : 0) | (keyField !== undefined && errors.some(e => covers(e.path, keyField)) ? 2 : 0));
            }
        }
        if (this.timeliness) {
            const names = this.setup.timeliness!.names;
            for (let i = 0; i < n; i++) if (values[i] !== undefined) this.timeliness.add(valueAtNamesOf(values[i], names));
        }
        values.fill(undefined, 0, n);
    }

    /** A table row as the record value, or undefined when its cells do not fit the header. */
    private shape(raw: RawRow, table: TableShape): unknown {
        const cells = raw.cells ?? [];
        const { columns } = table;
        if (table.csv && cells.length < columns.length) return undefined;
        for (let c = columns.length; c < cells.length; c++) if (cells[c] !== undefined && cells[c] !== '') return undefined;
        if (columns !== this.builtColumns) {
            this.builtColumns = columns;
            const stats = columns.map(c => this.stats[this.setup.paths.findIndex(p => p.path === c.target.path)]);
            this.build = rowBuilder(columns, i => { if (stats[i]) stats[i].lossyNumbers++; });
        }
        return this.build!(cells);
    }

    count(errors: RowError[]): void {
        for (let i = 0; i < errors.length; i++) {
            const code = errors[i].code;
            const r = this.byRule[code] ??= { violations: 0, rows: 0 };
            r.violations++;
            let first = true;
            for (let j = 0; j < i; j++) if (errors[j].code === code) { first = false; break; }
            if (first) r.rows++;
        }
    }

    state(): CheckerState {
        return { readable: this.readable, byRule: this.byRule, fields: this.stats.map(s => s.state()), ...(this.timeliness ? { timeliness: this.timeliness.state() } : {}) };
    }
}

const hasOwn = Object.prototype.hasOwnProperty;

function ownValue(value: unknown, name: string): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return hasOwn.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

function valueAtNamesOf(value: unknown, names: string[]): unknown {
    let v = value;
    for (let i = 0; i < names.length; i++) v = ownValue(v, names[i]);
    return v;
}

/** The key of a row (its key fields' values), when the record has a key and the row has all of it. */
function keyOf(keys: string[], value: unknown): string | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    if (keys.length === 1) {
        const v = (value as Record<string, unknown>)[keys[0]];
        return NOT_PRESENT(v) ? undefined : display(v);
    }
    const parts = keys.map(k => (value as Record<string, unknown>)[k]);
    if (parts.some(NOT_PRESENT)) return undefined;
    return jsonText(parts);
}

/** A batch in progress (see RowChecker.batch). */
export class RowBatch {
    private readonly listed: RowResult[] = [];
    private readonly keys: KeyCollector | undefined;
    private rows = 0;
    private valid = 0;
    private invalidListed = 0;

    constructor(private readonly checker: RowChecker, private readonly table: TableShape | undefined, private readonly budget: number, expected: number) {
        if (checker.keyed) this.keys = checker.keyCollector(expected);
    }

    /** Rows waiting to be checked, a run at a time (see RowChecker.checkRows), and their errors. */
    private readonly pending: RawRow[] = [];
    private readonly errors: RowError[][] = [];

    /** Takes one row (an array's push, so a reader can push rows straight in); rows are checked in runs of RUN. */
    push(raw: RawRow): void {
        if (this.pending.push(raw) === RUN) this.flush();
    }

    private flush(): void {
        const pending = this.pending, n = pending.length, all = this.errors;
        if (n === 0) return;
        this.checker.checkRows(pending, n, this.table, this.keys, all);
        for (let i = 0; i < n; i++) {
            const raw = pending[i], errors = all[i];
            this.rows++;
            const ok = errors.length === 0;
            if (ok) this.valid++;
            else this.checker.count(errors);
            if (ok ? this.checker.allRows : this.invalidListed < this.budget) {
                if (!ok) this.invalidListed++;
                this.listed.push({ line: raw.line, row: raw.row, valid: ok, errors: ok ? [] : errors });
            }
        }
        pending.length = 0;
        all.length = 0;
    }

    /** The batch's rows; its keys written into `into` when they fit (see KeyCollector.batch). */
    result(into?: ArrayBuffer): BatchResult {
        this.flush();
        return { rows: this.rows, valid: this.valid, listed: this.listed, ...(this.keys ? { keys: this.keys.batch(into) } : {}) };
    }
}

/** A batch's keys as they are found (a KeyBatch in the making): typed arrays that double when full, kept for the next batch. */
export class KeyCollector {
    private count = 0;
    private hashes: Uint32Array;
    private lines: Uint32Array;
    private rows: Uint32Array;
    private flags: Uint8Array;
    private ends: Uint32Array;
    /** The keys' texts so far, as code units (not the strings: they are slices of the chunk's text and would keep it alive). */
    private chars: Uint16Array;

    constructor(expected: number) {
        const n = Math.max(16, expected);
        this.hashes = new Uint32Array(n * 2);
        this.lines = new Uint32Array(n);
        this.rows = new Uint32Array(n);
        this.flags = new Uint8Array(n);
        this.ends = new Uint32Array(n);
        this.chars = new Uint16Array(n * 20);
    }

    reset(): void {
        this.count = 0;
    }

    add(key: string, raw: RawRow, flags: number): void {
        const k = this.count++;
        if (k === this.lines.length) {
            this.hashes = grown(this.hashes, k * 4);
            this.lines = grown(this.lines, k * 2);
            this.rows = grown(this.rows, k * 2);
            this.flags = grown(this.flags, k * 2);
            this.ends = grown(this.ends, k * 2);
        }
        hashInto(key);
        this.hashes[k * 2] = lastHash.a;
        this.hashes[k * 2 + 1] = lastHash.b;
        this.lines[k] = raw.line;
        this.rows[k] = raw.row;
        this.flags[k] = flags;
        const start = k ? this.ends[k - 1] : 0, end = start + key.length;
        if (end > this.chars.length) this.chars = grown(this.chars, Math.max(end, this.chars.length * 2));
        for (let j = 0; j < key.length; j++) this.chars[start + j] = key.charCodeAt(j);
        this.ends[k] = end;
    }

    /**
     * The batch's keys, copied into one buffer of their exact size: one transfer to the main thread
     * per chunk, and no spare capacity kept alive there until its next full collection (the
     * collector's arrays are sized for the shortest rows, several times too large). With `into`
     * (a worker's chunk buffer, read through and going back to the main thread anyway) the keys
     * are written there when they fit: the main thread then gets no new buffer a chunk, whose
     * memory it held until a full collection (at 8 M rows its peak RSS rose by ~50 MB between two).
     */
    batch(into?: ArrayBuffer): KeyBatch {
        const n = this.count, length = n ? this.ends[n - 1] : 0;
        const size = n * 20 + length * 2 + n;
        const buffer = into && into.byteLength >= size ? into : new ArrayBuffer(size);
        const hashes = new Uint32Array(buffer, 0, n * 2), lines = new Uint32Array(buffer, n * 8, n), rows = new Uint32Array(buffer, n * 12, n);
        const ends = new Uint32Array(buffer, n * 16, n), chars = new Uint16Array(buffer, n * 20, length), flags = new Uint8Array(buffer, n * 20 + length * 2, n);
        hashes.set(this.hashes.subarray(0, n * 2));
        lines.set(this.lines.subarray(0, n));
        rows.set(this.rows.subarray(0, n));
        ends.set(this.ends.subarray(0, n));
        flags.set(this.flags.subarray(0, n));
        chars.set(this.chars.subarray(0, length));
        return { count: n, hashes, lines, rows, flags, ends, chars };
    }
}

/** A copy of a typed array in a larger one. */
function grown<T extends Uint32Array | Uint16Array | Uint8Array>(a: T, size: number): T {
    const b = new (a.constructor as new (n: number) => T)(size);
    b.set(a);
    return b;
}
