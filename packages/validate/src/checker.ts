import type { Update } from '@mds/language';
import { valueAt, type RecordCheck, type RuleError } from '@mds/generators/runtime';
import type { RawRow } from './readers/types.js';
import { rowObject, type Column } from './cells.js';
import { detached, FieldStats, hashInto, lastHash, type FieldStatsState } from './stats.js';
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
    texts: string[];
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

/** The errors of a valid row (never pushed to). */
const NO_ERRORS: RowError[] = [];

function rowShapeError(raw: RawRow, table: TableShape): RowError {
    const cells = raw.cells ?? [], columns = table.columns.length;
    return { path: '', code: 'row-shape', message: `有 ${cells.length} 个单元格，而表头有 ${columns} 列 / ${cells.length} cells, the header has ${columns} columns` };
}

const NOT_PRESENT = (v: unknown) => v === undefined || v === null || v === '';

export function display(v: unknown): string {
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? String(v);
}

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
    private readonly measured: Array<{ names: string[]; single: string | undefined; path: string; dot: string; bracket: string; stats: FieldStats }>;
    private readonly keyField: string | undefined;

    constructor(private readonly check: RecordCheck, private readonly setup: CheckSetup) {
        this.stats = setup.paths.map(() => new FieldStats());
        this.measured = setup.paths.map((p, i) => ({ names: p.names, single: p.names.length === 1 ? p.names[0] : undefined, path: p.path, dot: p.path + '.', bracket: p.path + '[', stats: this.stats[i] }));
        const t = setup.timeliness;
        if (t) this.timeliness = new TimelinessCounter(t.field, t.cycle, t.hours, new Date(t.asOf));
        this.keyField = setup.keys.length === 1 ? setup.keys[0] : undefined;
    }

    checkBatch(raws: RawRow[], table: TableShape | undefined, budget: number): BatchResult {
        const { allRows, keys } = this.setup;
        const listed: RowResult[] = [];
        let valid = 0, invalidListed = 0;
        const keyed = keys.length > 0;
        const n = raws.length;
        const kb: KeyBatch | undefined = keyed
            ? { count: 0, hashes: new Uint32Array(n * 2), lines: new Uint32Array(n), rows: new Uint32Array(n), flags: new Uint8Array(n), texts: [] }
            : undefined;
        const found: RuleError[] = []; // reused: most rows have no errors
        for (let r = 0; r < n; r++) {
            const raw = raws[r];
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
            if (value !== undefined) {
                this.readable++;
                found.length = 0;
                this.check(value, '', found);
                if (found.length) {
                    errors = [];
                    for (let i = 0; i < found.length; i++) {
                        const e = found[i];
                        const v = valueAt(value, e.path);
                        errors.push(v === undefined ? e : { ...e, value: detached(display(v)) });
                    }
                }
                this.measure(value, errors);
                if (kb) {
                    const key = keyOf(keys, value);
                    if (key !== undefined) {
                        const k = kb.count++;
                        hashInto(key);
                        kb.hashes[k * 2] = lastHash.a;
                        kb.hashes[k * 2 + 1] = lastHash.b;
                        kb.lines[k] = raw.line;
                        kb.rows[k] = raw.row;
                        kb.flags[k] = (errors.length ? 1 : 0) | (this.keyField !== undefined && errors.some(e => covers(e.path, this.keyField!)) ? 2 : 0);
                        kb.texts.push(key);
                    }
                }
                if (this.timeliness) this.timeliness.add(valueAtNamesOf(value, this.setup.timeliness!.names));
            }
            const ok = errors.length === 0;
            if (ok) valid++;
            else this.count(errors);
            if ((!ok && invalidListed < budget) || (ok && allRows)) {
                if (!ok) invalidListed++;
                listed.push({ line: raw.line, row: raw.row, valid: ok, errors: ok ? [] : errors });
            }
        }
        return { rows: n, valid, listed, ...(kb ? { keys: kb } : {}) };
    }

    /** A table row as the record value, or undefined when its cells do not fit the header. */
    private shape(raw: RawRow, table: TableShape): unknown {
        const cells = raw.cells ?? [];
        const { columns } = table;
        if (table.csv && cells.length < columns.length) return undefined;
        for (let c = columns.length; c < cells.length; c++) if (cells[c] !== undefined && cells[c] !== '') return undefined;
        return rowObject(columns, cells);
    }

    private count(errors: RowError[]): void {
        for (let i = 0; i < errors.length; i++) {
            const code = errors[i].code;
            const r = this.byRule[code] ??= { violations: 0, rows: 0 };
            r.violations++;
            let first = true;
            for (let j = 0; j < i; j++) if (errors[j].code === code) { first = false; break; }
            if (first) r.rows++;
        }
    }

    private measure(value: unknown, errors: RowError[]): void {
        const paths = this.measured;
        for (let i = 0; i < paths.length; i++) {
            const p = paths[i];
            const v = p.single !== undefined ? ownValue(value, p.single) : valueAtNamesOf(value, p.names);
            if (v === undefined || v === null || v === '') continue;
            const s = p.stats;
            s.present++;
            if (typeof v === 'string') s.distinct.add(v);
            else if (typeof v === 'number') s.distinct.addNumber(v);
            else s.distinct.addValue(v);
            if (errors.length === 0) continue;
            for (let j = 0; j < errors.length; j++) {
                const e = errors[j].path;
                if (e === p.path || e.startsWith(p.dot) || e.startsWith(p.bracket)) { s.addInvalid(display(v)); break; }
            }
        }
    }

    state(): CheckerState {
        return { readable: this.readable, byRule: this.byRule, fields: this.stats.map(s => s.state()), ...(this.timeliness ? { timeliness: this.timeliness.state() } : {}) };
    }
}

/** Whether an error at `path` is about the field `field` (or something inside it). */
export function covers(path: string, field: string): boolean {
    return path === field || path.startsWith(field + '.') || path.startsWith(field + '[');
}

function ownValue(value: unknown, name: string): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
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
    return JSON.stringify(parts);
}
