import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { QName, RecordModel, SemanticModel, Update } from '@mds/language';
import { fieldPaths, loadValidators, validatorSources, type FieldPath } from '@mds/generators';
import { RowChecker, type CheckerState, type CheckSetup, type RowResult, type TableShape } from './checker.js';
import { formatOf, headerAfterTitles, isUtf8, openInput, textInput } from './inputs.js';
import { ResultMerger } from './merge.js';
import { checkFileInWorkers, startWorkersEarly, WorkerPool, workerScript, youngGenerationMb } from './parallel.js';
import { EncodingMismatch, type Encoding } from './readers/text.js';
import { InputError, type Input } from './readers/types.js';
import { resolveColumns } from './shape.js';
import { FieldStats } from './stats.js';
import { ALLOWED_AGE_HOURS, TimelinessCounter, type Timeliness } from './timeliness.js';

export type { RowError, RowResult } from './checker.js';

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
    /** Worker threads for large CSV and JSONL files: by default one per core for files of 4 MB and more; 0 keeps every file in-process; a number forces that many for every CSV and JSONL file. */
    workers?: number;
    /** Bytes per chunk handed to a worker (default 2 MB; tests make it small). */
    chunkBytes?: number;
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
    /**
     * Cells of this text or code field that were numbers of 16 digits or more, or text in
     * scientific notation (1.10105E+17): Excel keeps 15 significant digits, so their last digits
     * may be lost. Only when there are any (table inputs read by MDS itself).
     */
    lossyNumbers?: number;
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
    /** Title rows above a sheet's header, skipped (headerAfterTitles): where, and their text. */
    titleRows?: Array<{ file?: string; line: number; text: string }>;
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

/**
 * Measures data files against one record of the standards, streaming: every row through the
 * generated runtime validator (the same code as the npm packages), key uniqueness over all the
 * files, per-field completeness, validity, distinct values and frequent invalid values, and
 * timeliness against the record's update cycle. Unusable input throws InputError.
 */
export function validateFiles(options: ValidateOptions): Promise<ValidationReport> {
    const { encoding, sheet } = options;
    return validateSources(options, options.files.map(file => ({ name: file, path: file, open: () => openInput(file, { encoding, sheet }) })));
}

/**
 * Starts, ahead of `validateFiles` with the same files and options, the worker threads it will
 * check them in (when it will: CSV or JSONL of 4 MB or more), so that their start overlaps the
 * caller's own work before it (the CLI loads the standards meanwhile).
 */
export function startWorkersFor(files: string[], options: Pick<ValidateOptions, 'workers' | 'sample'> = {}): void {
    try {
        const plan = files.map(path => parallelPlan({ path }, options)).find(p => p !== undefined);
        if (plan) startWorkersEarly(plan.script, options.workers || availableParallelism(), youngGenerationMb(inputBytes(files)));
    } catch {
        // validateFiles reports it
    }
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
    /** A file on disk, which worker threads may read. */
    path?: string;
}

/** Files at least this large are checked in worker threads (when the worker script is there). */
const PARALLEL_BYTES = 4 << 20;
const CHUNK_BYTES = 512 << 10;

/**
 * How much of a large CSV file is looked at for its encoding before it goes to the workers (see
 * NotUtf8): a GB18030 file has Chinese in its first lines, almost always.
 */
const ENCODING_HEAD_BYTES = 1 << 20;

/**
 * A large CSV file taken for UTF-8 from its first megabyte (ENCODING_HEAD_BYTES) turned out not to
 * be: the run starts again, reading that file as GB18030 — what reading the whole file first to
 * decide would have decided, without that extra pass over every file that is UTF-8 (on a 1 GB
 * file, a second read of a gigabyte when it is not in the page cache).
 */
class NotUtf8 extends Error {
    constructor(readonly index: number) {
        super(`file ${index} is not UTF-8`);
    }
}

async function validateSources(options: Omit<ValidateOptions, 'files'>, sources: DataSource[]): Promise<ValidationReport> {
    const notUtf8 = new Set<number>();
    for (;;) {
        try {
            return await validateSourcesOnce(options, sources, notUtf8);
        } catch (e) {
            if (!(e instanceof NotUtf8)) throw e;
            notUtf8.add(e.index);
        }
    }
}

async function validateSourcesOnce(options: Omit<ValidateOptions, 'files'>, sources: DataSource[], notUtf8: ReadonlySet<number>): Promise<ValidationReport> {
    const { model } = options;
    const record = model.declarations.get(options.record);
    if (!record || record.kind !== 'record') throw new InputError(`unknown record ${options.record}`);
    const check = loadValidators(model).record(record.qualifiedName)!;
    const paths = fieldPaths(model, record);
    const timeliness = timelinessFor(record, paths, options);
    const maxErrors = options.maxErrors ?? 1000;
    const setup: CheckSetup = {
        paths: paths.map(p => ({ names: p.names, path: p.path })), keys: record.keys, allRows: options.allRows ?? false,
        ...(timeliness.setup ? { timeliness: timeliness.setup } : {})
    };
    const checker = new RowChecker(check, setup);
    const merger = new ResultMerger(maxErrors, setup.allRows, record.keys.join('+'), record.keys.length === 1 ? record.keys[0] : undefined);
    const multi = sources.length > 1;
    const read = { formats: [] as string[], encodings: [] as Array<Encoding | undefined>, sheet: undefined as string | undefined, titles: [] as NonNullable<ValidationReport['titleRows']> };
    let pool: WorkerPool | undefined;
    const states: CheckerState[] = [];
    try {
        for (const [index, source] of sources.entries()) {
            const file = source.name;
            const progress = (bytes: number, total: number) => options.onProgress?.({ rows: merger.total, read: bytes, total, file });
            try {
                const parallel = parallelPlan(source, options);
                if (parallel) {
                    pool ??= new WorkerPool(parallel.script, options.workers || availableParallelism(), { sources: validatorSources(model, record.qualifiedName), setup, budget: maxErrors },
                        youngGenerationMb(inputBytes(sources.flatMap(s => s.path ?? []))));
                    // A CSV file's encoding: UTF-8 when its first megabyte is, until a worker finds otherwise (NotUtf8).
                    const assumed = options.encoding === undefined && parallel.format === 'csv' && !notUtf8.has(index) && await isUtf8(parallel.path, ENCODING_HEAD_BYTES);
                    const encoding: Encoding = options.encoding ?? (parallel.format === 'csv' && !assumed ? 'gb18030' : 'utf-8');
                    read.formats.push(parallel.format);
                    read.encodings.push(encoding);
                    try {
                        await checkFileInWorkers(pool, {
                            path: parallel.path, id: index, format: parallel.format, encoding, size: parallel.size, chunkBytes: options.chunkBytes ?? CHUNK_BYTES, merger,
                            ...(multi ? { listedAs: file } : {}),
                            columns: header => ({ columns: resolveColumns(model, record, header), csv: true }),
                            onTitles: titles => read.titles.push(...titles.map(t => ({ ...(multi ? { file } : {}), ...t }))),
                            onProgress: bytes => progress(bytes, parallel.size)
                        });
                    } catch (e) {
                        if (assumed && e instanceof EncodingMismatch) throw new NotUtf8(index);
                        throw e;
                    }
                    continue;
                }
                let input = await source.open();
                read.formats.push(input.format);
                read.encodings.push(input.encoding);
                let table: TableShape | undefined;
                if (input.kind === 'table') {
                    if (input.format === 'xlsx') read.sheet = options.sheet;
                    // A sheet, or its CSV export, may start with a title row or two above its header.
                    const found = await headerAfterTitles(input, header => resolveColumns(model, record, header));
                    input = found.input;
                    table = { columns: found.resolved, csv: input.format === 'csv' };
                    read.titles.push(...found.titles.map(t => ({ ...(multi ? { file } : {}), ...t })));
                }
                let fileRows = 0;
                for await (let batch of input.batches) {
                    if (options.sample !== undefined) {
                        if (fileRows >= options.sample) break;
                        if (fileRows + batch.length > options.sample) batch = batch.slice(0, options.sample - fileRows);
                    }
                    fileRows += batch.length;
                    merger.add(checker.checkBatch(batch, table, merger.budget()), { line: 0, row: 0, ...(multi ? { file } : {}) });
                    const p = input.progress();
                    progress(p.read, p.total);
                }
            } catch (e) {
                throw asInputError(e, file);
            }
        }
        if (pool) states.push(...await pool.finish());
    } finally {
        await pool?.close();
    }
    states.push(checker.state());
    const counter = timeliness.setup ? new TimelinessCounter(timeliness.setup.field, timeliness.setup.cycle, timeliness.setup.hours, new Date(timeliness.setup.asOf)) : undefined;
    return {
        record: record.qualifiedName, ...(record.label ? { recordLabel: record.label } : {}),
        input: multi ? sources.map(s => s.name) : sources[0].name, format: multi ? read.formats : read.formats[0],
        ...(read.encodings.some(e => e) ? { encoding: multi ? read.encodings : read.encodings[0] } : {}),
        ...(read.sheet !== undefined ? { sheet: read.sheet } : {}),
        ...(read.titles.length ? { titleRows: read.titles } : {}),
        ...(options.sample !== undefined ? { sampled: options.sample } : {}),
        ...merged(record, paths, merger, states, counter),
        timeliness: counter ? counter.result() : { assessed: false, reason: timeliness.reason! }
    };
}

/** Whether a source goes to the worker threads: a large CSV or JSONL file (not sampled), with the worker script in place. */
function parallelPlan(source: Pick<DataSource, 'path'>, options: Pick<ValidateOptions, 'workers' | 'sample'>): { script: URL; path: string; format: 'csv' | 'jsonl'; size: number } | undefined {
    if (!source.path || options.workers === 0 || options.sample !== undefined) return undefined;
    let format: string, size: number;
    try {
        format = formatOf(source.path);
        size = statSync(source.path).size;
    } catch {
        return undefined; // the in-process path reports it
    }
    if ((format !== 'csv' && format !== 'jsonl') || (options.workers === undefined && size < PARALLEL_BYTES)) return undefined;
    const script = workerScript();
    // Asked for by number, workers are a promise: without the script, say so rather than run without them.
    if (!script && options.workers !== undefined) throw new Error('validate-worker.js is missing: build the package (npm run build)');
    return script ? { script, path: source.path, format, size } : undefined;
}

/** The size of these files together (one that cannot be read counts 0: reading it reports that). */
function inputBytes(paths: string[]): number {
    let bytes = 0;
    for (const path of paths) {
        try {
            bytes += statSync(path).size;
        } catch {
            // reported where it is read
        }
    }
    return bytes;
}

/** Rows, summary and fields from the merged batches and every checker's totals (timeliness counts go into `counter`). */
function merged(record: RecordModel, paths: FieldPath[], merger: ResultMerger, states: CheckerState[], counter: TimelinessCounter | undefined): Pick<ValidationReport, 'rows' | 'summary' | 'fields'> {
    const stats = paths.map(() => new FieldStats());
    const byRule: Record<string, { violations: number; rows: number }> = {};
    let readable = 0;
    for (const state of states) {
        readable += state.readable;
        state.fields.forEach((f, i) => stats[i].merge(f));
        for (const [code, r] of Object.entries(state.byRule)) {
            const sum = byRule[code] ??= { violations: 0, rows: 0 };
            sum.violations += r.violations;
            sum.rows += r.rows;
        }
        if (state.timeliness) counter?.merge(state.timeliness);
    }
    if (merger.duplicates.violations) byRule['duplicate-key'] = { ...merger.duplicates };
    if (record.keys.length === 1) stats[paths.findIndex(p => p.path === record.keys[0])]?.merge(merger.keyFieldStats.state());
    const fields: Record<string, FieldReport> = {};
    paths.forEach((p, i) => {
        const s = stats[i];
        const d = s.distinct.result();
        fields[p.path] = {
            label: p.labels.join('.'), completeness: readable ? s.present / readable : 0, validity: s.present ? (s.present - s.invalid) / s.present : 1,
            present: s.present, invalid: s.invalid, distinct: d.distinct, distinctEstimated: d.estimated, topInvalid: s.topInvalid(),
            ...(s.lossyNumbers ? { lossyNumbers: s.lossyNumbers } : {})
        };
    });
    const { total, valid } = merger;
    return { rows: merger.rows, summary: { rows: total, valid, invalid: total - valid, validity: total ? valid / total : 1, listed: merger.rows.length, byRule }, fields };
}

function timelinessFor(record: RecordModel, paths: FieldPath[], options: Pick<ValidateOptions, 'timestampField' | 'asOf'>): { setup?: NonNullable<CheckSetup['timeliness']>; reason?: string } {
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
    return { setup: { field, cycle, hours, asOf: (options.asOf ?? new Date()).getTime(), names: paths.find(p => p.path === field)!.names } };
}

function asInputError(e: unknown, file: string): unknown {
    if (e instanceof EncodingMismatch) {
        return new InputError(`${file}：在字节 ${e.byteOffset} 附近不是有效的 ${e.encoding === 'utf-8' ? 'UTF-8' : 'GB18030'} 编码（也不符合另一种编码），无法读取；请另存为 UTF-8 / not valid ${e.encoding} near byte ${e.byteOffset}; save it as UTF-8`);
    }
    if (e instanceof InputError) return new InputError(`${file}: ${e.message}`);
    return e;
}
