import type { QName, RecordModel, SemanticModel, Update } from '@mds/language';
import { loadValidators, type RuleError } from '@mds/generators';
import { fieldPaths, valueAt, valueAtNames, type FieldPath } from '@mds/generators';
import { openInput, textInput } from './inputs.js';
import { EncodingMismatch, type Encoding } from './readers/text.js';
import { InputError, type Input } from './readers/types.js';
import { resolveColumns, rowObject, type Column } from './shape.js';
import { FieldStats, KeyIndex } from './stats.js';
import { ALLOWED_AGE_HOURS, TimelinessCounter, type Timeliness } from './timeliness.js';

export interface ValidateOptions {
    model: SemanticModel;
    record: QName;
    files: string[];
    encoding?: Encoding;
    sheet?: string;
    /** Invalid rows listed in the report (all are counted); default 1,000. */
    maxErrors?: number;
    /** List valid rows too. */
    allRows?: boolean;
    /** Validate only the first N data rows of each file. */
    sample?: number;
    asOf?: Date;
    timestampField?: string;
    onProgress?(p: { rows: number; read: number; total: number; file: string }): void;
}

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

export interface FieldReport {
    label: string;
    /** Share of readable rows (not ragged, not broken JSON) with a value. */
    completeness: number;
    /** Share of present values that satisfy every rule. */
    validity: number;
    present: number;
    invalid: number;
    distinct: number;
    distinctEstimated: boolean;
    topInvalid: Array<{ value: string; count: number }>;
}

export interface ValidationReport {
    record: QName;
    /** Where the checks ran, for --engine duckdb|postgres (absent: streamed in this process). */
    engine?: 'duckdb' | 'postgres';
    recordLabel?: string;
    input: string | string[];
    format: string | string[];
    encoding?: Encoding | Array<Encoding | undefined>;
    sheet?: string;
    sampled?: number;
    rows: RowResult[];
    summary: {
        rows: number;
        valid: number;
        invalid: number;
        /** Share of valid rows. */
        validity: number;
        /** Rows listed in `rows` (at most --max-errors invalid ones). */
        listed: number;
        /** Violations per rule code, and the rows that have each. */
        byRule: Record<string, { violations: number; rows: number }>;
    };
    fields: Record<string, FieldReport>;
    timeliness: Timeliness | { assessed: false; reason: string };
}

const NOT_PRESENT = (v: unknown) => v === undefined || v === null || v === '';

function display(v: unknown): string {
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? String(v);
}

/**
 * Measures data files against one record of the standards, streaming: every row through the
 * generated runtime validator (the same code as the npm packages), key uniqueness over all the
 * files, per-field completeness, validity, distinct values and frequent invalid values, and
 * timeliness against the record's update cycle. Unusable input throws InputError.
 */
export function validateFiles(options: ValidateOptions): Promise<ValidationReport> {
    const { encoding, sheet } = options;
    return validateSources(options, options.files.map(file => ({ name: file, open: () => openInput(file, { encoding, sheet }) })));
}

/**
 * Measures data already in memory (an HTTP request body) as `validateFiles` measures a file:
 * the same report, with `input` the given name.
 */
export function validateText(options: Omit<ValidateOptions, 'files' | 'encoding' | 'sheet'>, text: string, format: 'csv' | 'json' | 'jsonl', name = 'body'): Promise<ValidationReport> {
    return validateSources(options, [{ name, open: () => textInput(text, format) }]);
}

/** Something to read rows from: a file, or text in memory. */
interface DataSource {
    /** The file path, or the name the report gives the text. */
    name: string;
    open(): Promise<Input>;
}

async function validateSources(options: Omit<ValidateOptions, 'files'>, sources: DataSource[]): Promise<ValidationReport> {
    const { model } = options;
    const record = model.declarations.get(options.record);
    if (!record || record.kind !== 'record') throw new InputError(`unknown record ${options.record}`);
    const check = loadValidators(model).record(record.qualifiedName)!;
    const paths = fieldPaths(model, record);
    const stats = new Map<string, FieldStats>(paths.map(p => [p.path, new FieldStats()]));
    const measured = paths.map(p => ({ names: p.names, path: p.path, stats: stats.get(p.path)! }));
    const keys = new KeyIndex();
    const timeliness = timelinessFor(record, paths, options);
    const maxErrors = options.maxErrors ?? 1000;
    const rows: RowResult[] = [];
    const byRule: Record<string, { violations: number; rows: number }> = {};
    let total = 0, valid = 0, readable = 0, listedInvalid = 0;
    const multi = sources.length > 1;
    const formats: string[] = [], encodings: Array<Encoding | undefined> = [];
    let sheet: string | undefined;

    for (const { name: file, open } of sources) {
        let input;
        try {
            input = await open();
        } catch (e) {
            throw asInputError(e, file);
        }
        formats.push(input.format);
        encodings.push(input.encoding);
        if (input.format === 'xlsx') sheet = options.sheet;
        const columns: Column[] | undefined = input.kind === 'table' ? resolveColumns(model, record, input.header) : undefined;
        let fileRows = 0;
        try {
            for await (const raw of input.rows) {
                if (options.sample !== undefined && fileRows >= options.sample) break;
                fileRows++;
                total++;
                const errors: RowError[] = [];
                let value: unknown;
                if (raw.problem) {
                    errors.push({ path: '', code: raw.problem.code, message: raw.problem.message });
                } else if (columns) {
                    const cells = raw.cells ?? [];
                    let extra = false;
                    for (let c = columns.length; c < cells.length; c++) if (cells[c] !== undefined && cells[c] !== '') { extra = true; break; }
                    if ((input.format === 'csv' && cells.length < columns.length) || extra) {
                        errors.push({ path: '', code: 'row-shape', message: `有 ${cells.length} 个单元格，而表头有 ${columns.length} 列 / ${cells.length} cells, the header has ${columns.length} columns` });
                    } else {
                        value = rowObject(columns, cells);
                    }
                } else {
                    value = raw.value;
                }
                if (value !== undefined) {
                    readable++;
                    const found: RuleError[] = [];
                    check(value, '', found);
                    for (const e of found) {
                        const v = valueAt(value, e.path);
                        errors.push(v === undefined ? e : { ...e, value: display(v) });
                    }
                    const duplicate = keyOf(record, value);
                    if (duplicate !== undefined) {
                        const first = keys.add(duplicate, raw.line);
                        if (first !== undefined) {
                            errors.push({ path: record.keys.join('+'), code: 'duplicate-key', message: `主键与第 ${first} 行重复 / the key repeats the row on line ${first}`, value: duplicate });
                        }
                    }
                    measure(value, errors, measured);
                    timeliness.counter?.add(valueAtNames(value, timeliness.names!));
                }
                const ok = errors.length === 0;
                if (ok) valid++;
                const seen = new Set<string>();
                for (const e of errors) {
                    const r = byRule[e.code] ??= { violations: 0, rows: 0 };
                    r.violations++;
                    if (!seen.has(e.code)) { seen.add(e.code); r.rows++; }
                }
                if ((!ok && listedInvalid < maxErrors) || (ok && options.allRows)) {
                    if (!ok) listedInvalid++;
                    rows.push({ ...(multi ? { file } : {}), line: raw.line, row: raw.row, valid: ok, errors });
                }
                if (options.onProgress && (total & 4095) === 0) options.onProgress({ rows: total, file, ...input.progress() });
            }
        } catch (e) {
            throw asInputError(e, file);
        }
    }
    const invalid = total - valid;
    const fields: Record<string, FieldReport> = {};
    for (const p of paths) {
        const s = stats.get(p.path)!;
        const d = s.distinct.result();
        fields[p.path] = {
            label: p.labels.join('.'), completeness: readable ? s.present / readable : 0, validity: s.present ? (s.present - s.invalid) / s.present : 1,
            present: s.present, invalid: s.invalid, distinct: d.distinct, distinctEstimated: d.estimated, topInvalid: s.topInvalid()
        };
    }
    return {
        record: record.qualifiedName, ...(record.label ? { recordLabel: record.label } : {}),
        input: multi ? sources.map(s => s.name) : sources[0].name, format: multi ? formats : formats[0],
        ...(encodings.some(e => e) ? { encoding: multi ? encodings : encodings[0] } : {}),
        ...(sheet !== undefined ? { sheet } : {}),
        ...(options.sample !== undefined ? { sampled: options.sample } : {}),
        rows,
        summary: { rows: total, valid, invalid, validity: total ? valid / total : 1, listed: rows.length, byRule },
        fields,
        timeliness: timeliness.counter ? timeliness.counter.result() : { assessed: false, reason: timeliness.reason! }
    };
}

/** The key of a row (its key fields' values), when the record has a key and the row has all of it. */
function keyOf(record: RecordModel, value: unknown): string | undefined {
    if (!record.keys.length || value === null || typeof value !== 'object') return undefined;
    const parts = record.keys.map(k => (value as Record<string, unknown>)[k]);
    if (parts.some(NOT_PRESENT)) return undefined;
    return parts.length === 1 ? display(parts[0]) : JSON.stringify(parts);
}

function measure(value: unknown, errors: RowError[], paths: Array<{ names: string[]; path: string; stats: FieldStats }>): void {
    for (let i = 0; i < paths.length; i++) {
        const p = paths[i];
        const v = valueAtNames(value, p.names);
        if (v === undefined || v === null || v === '') continue;
        const s = p.stats;
        s.present++;
        const text = display(v);
        s.distinct.add(text);
        if (errors.length === 0) continue;
        const prefix = p.path;
        if (errors.some(e => e.path === prefix || e.path.startsWith(prefix + '.') || e.path.startsWith(prefix + '['))) s.addInvalid(text);
    }
}

function timelinessFor(record: RecordModel, paths: FieldPath[], options: Pick<ValidateOptions, 'timestampField' | 'asOf'>): { counter?: TimelinessCounter; names?: string[]; reason?: string } {
    const cycle: Update | undefined = record.governance.update;
    let field = options.timestampField;
    if (field !== undefined) {
        const p = paths.find(x => x.path === field);
        if (!p) throw new InputError(`--timestamp-field ${field}：不是 ${record.qualifiedName} 的字段 / not a field of the record`);
        if (!('primitive' in p.type) || (p.type.primitive !== 'datetime' && p.type.primitive !== 'date')) throw new InputError(`--timestamp-field ${field}：不是日期或日期时间字段 / not a date or datetime field`);
    } else {
        const candidates = paths.filter(p => !p.list && 'primitive' in p.type && p.type.primitive === 'datetime');
        if (candidates.length !== 1) {
            return { reason: candidates.length ? `有多个日期时间字段（${candidates.map(c => c.path).join('、')}），请用 --timestamp-field 指定 / several datetime fields: choose one with --timestamp-field` : '没有日期时间字段，可用 --timestamp-field 指定 / no datetime field; name one with --timestamp-field' };
        }
        field = candidates[0].path;
    }
    if (!cycle) return { reason: `${record.qualifiedName} 没有声明更新周期（update）/ the record declares no update cycle` };
    const hours = ALLOWED_AGE_HOURS[cycle];
    if (hours === undefined) return { reason: '更新周期为“不定期”，不评估及时性 / the update cycle is irregular: timeliness is not assessed' };
    return { counter: new TimelinessCounter(field, cycle, hours, options.asOf ?? new Date()), names: paths.find(p => p.path === field)!.names };
}

function asInputError(e: unknown, file: string): unknown {
    if (e instanceof EncodingMismatch) {
        return new InputError(`${file}：在字节 ${e.byteOffset} 附近不是有效的 ${e.encoding === 'utf-8' ? 'UTF-8' : 'GB18030'} 编码（也不符合另一种编码），无法读取；请另存为 UTF-8 / not valid ${e.encoding} near byte ${e.byteOffset}; save it as UTF-8`);
    }
    if (e instanceof InputError) return new InputError(`${file}: ${e.message}`);
    return e;
}
