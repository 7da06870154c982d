import type { QName, RecordModel, SemanticModel } from '@mds/language';
import { anyFlag, columnValue, dupsQuery, failingFromFlags, fieldPaths, flagsQuery, flatColumns, invalidValue, isNested, keyExpression, nestedColumns, overFlagsQuery, SqlExpressions, sqlRules, statsItems, topInvalidQuery, withFlags, type Dialect, type FieldPath, type FlagsSpec, type JsonPaths } from '@mds/generators';
import { InputError } from '../readers/types.js';
import { EXACT_DISTINCT } from '../stats.js';
import { ALLOWED_AGE_HOURS, type Timeliness } from '../timeliness.js';
import type { FieldReport, RowResult, ValidationReport } from '../validate.js';

/** Runs SQL and returns rows as plain objects (numbers as numbers or numeric strings). */
export interface SqlRunner {
    dialect: Dialect;
    all(sql: string): Promise<Array<Record<string, unknown>>>;
    /**
     * Runs `statements` (each a function of a relation name) over the rows of `query`, computed
     * once: a temporary table where the engine allows one, else one statement with a materialized
     * CTE. Returns each statement's rows.
     */
    overRelation(query: string, statements: Array<(relation: string) => string>): Promise<Array<Array<Record<string, unknown>>>>;
    /**
     * Engines that compute the whole report in one scan of the data (DuckDB): the first failing
     * rows as one aggregate, distinct values estimated (and counted exactly where few), repeated
     * keys in a temporary table first.
     */
    onePass?: OnePass;
}

export interface OnePass {
    /** The most rows `firstRows` returns; more failing rows asked for: the rows go through a temporary table. */
    maxRows: number;
    /** An aggregate: the list of up to `n` rows of `relation` (as objects) with the least `order`, of those where `where` holds. */
    firstRows(relation: string, order: string, n: number, where: string): string;
    /** An aggregate: an estimate of the distinct values of `x`. */
    approxDistinct(x: string): string;
    /** An aggregate: a list of the (about) `k` most frequent values of `x` where `where` holds; all of them when there are at most `k`. */
    frequent(x: string, k: number, where: string): string;
    /** Creates a temporary table of the rows of `query` and returns its name. */
    temporary(name: string, query: string): Promise<string>;
    drop(name: string): Promise<void>;
}

export interface SqlValidateOptions {
    model: SemanticModel;
    record: QName;
    runner: SqlRunner;
    /** A query giving the flat relation: one text column per field path, `__row` the data row number. */
    source: string;
    /** What the report names as the input (files, or schema.table). */
    input: string | string[];
    format: string;
    /** Physical line of data row 1 (files with a header row: 2); absent for tables. */
    firstLine?: number;
    maxErrors?: number;
    asOf?: Date;
    timestampField?: string;
    /** Paths the source gives as JSON values, with their JSON types beside them (a JSONL file: all; PostgreSQL jsonb columns: theirs; see JsonPaths). */
    jsonTypes?: JsonPaths;
    /** Rows the source could not read, and each file's rows (see SourceRows): `__row` then numbers the rows it read. */
    rows?: SourceRows;
}

/**
 * What a source of files says about its rows beyond the relation: those it could not read (a CSV
 * row with too few or too many cells, a quote never closed) — each an invalid row of its own, as
 * the streaming validator reports it, numbered among all rows — and how many rows (read or not)
 * each file has, for every row's file and line.
 */
export interface SourceRows {
    unread: Array<{ row: number; code: string; message: string }>;
    /**
     * Per file: its rows and, where a row is not on the line `firstLine - 1 + row` (blank lines, line
     * breaks inside quoted cells before it), from which row on which line (`[row, line]`, ascending).
     */
    files: Array<{ file: string; rows: number; lines?: Array<[number, number]> }>;
    /** `__row` counts the unread rows already (they hold their numbers in the source, left out of the relation). */
    counted?: boolean;
}

/** How many of the ascending `xs` are at most `x`. */
function upperBound(xs: number[], x: number): number {
    let lo = 0, hi = xs.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (xs[mid] <= x) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/**
 * The last of the ascending breakpoints whose side `by` (0: row, 1: line) is at most x, by a binary
 * search: a file with a line break in a quoted cell of every row has a breakpoint a row.
 */
function breakpointAt(lines: Array<[number, number]> | undefined, by: 0 | 1, x: number): [number, number] | undefined {
    let lo = 0, hi = lines?.length ?? 0;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (lines![mid][by] <= x) lo = mid + 1; else hi = mid;
    }
    return lo ? lines![lo - 1] : undefined;
}

/** The line of a file's row, from its breakpoints (SourceRows.files). */
export function lineOfRow(lines: Array<[number, number]> | undefined, row: number, firstLine: number): number {
    const at = breakpointAt(lines, 0, row);
    return at ? at[1] + (row - at[0]) : row + firstLine - 1;
}

/** The row on a file's line (the inverse of lineOfRow). */
export function rowOfLine(lines: Array<[number, number]> | undefined, line: number, firstLine: number): number {
    const at = breakpointAt(lines, 1, line);
    return at ? at[0] + (line - at[1]) : line - firstLine + 1;
}

/**
 * Where the relation's rows are: the number of its k-th row among all rows of all files (the
 * unread ones take their places), and for such a number the row's file (with several), its
 * physical line and its row in that file (as the streaming validator numbers them: per file).
 */
function rowPlaces(o: SqlValidateOptions): { row(k: number): number; at(row: number): { file?: string; line: number; row: number } } {
    const unread = (o.rows?.unread ?? []).map(u => u.row).sort((a, b) => a - b);
    const files = o.rows?.files ?? [];
    const first = o.firstLine ?? 1;
    return {
        row(k) {
            if (o.rows?.counted) return k;
            // The k-th number not taken by an unread row: k plus the unread rows at or before it (a fixed point, found in a few steps).
            for (let before = 0; ;) {
                const taken = upperBound(unread, k + before);
                if (taken === before) return k + before;
                before = taken;
            }
        },
        at(row) {
            let before = 0;
            for (const f of files) {
                if (row <= before + f.rows) return { ...(files.length > 1 ? { file: f.file } : {}), line: lineOfRow(f.lines, row - before, first), row: row - before };
                before += f.rows;
            }
            return { line: o.firstLine !== undefined ? row + first - 1 : row, row };
        }
    };
}

const MESSAGES: Record<string, string> = {
    required: '缺少必填字段', type: '类型不符', minLength: '长度小于下限', maxLength: '长度超过上限', pattern: '不符合格式',
    format: '格式或校验码错误', minimum: '小于下限', maximum: '大于上限', scale: '小数位数超过上限', enum: '不是代码表中的代码',
    minItems: '列表项数少于下限', maxItems: '列表项数多于上限', 'duplicate-key': '主键重复', additionalProperties: '有未定义的字段'
};

const num = (v: unknown) => v === null || v === undefined ? 0 : Number(v);

/**
 * The checks pushed down into an engine as aggregate queries (the way Soda and dbt tests run):
 * per-rule violations in one scan, row totals and per-field figures in another, and the first
 * failing rows; the same report shape as the streaming validator.
 */
export async function validateWithSql(o: SqlValidateOptions): Promise<ValidationReport> {
    const record = o.model.declarations.get(o.record) as RecordModel | undefined;
    if (!record || record.kind !== 'record') throw new InputError(`unknown record ${o.record}`);
    const d = o.runner.dialect;
    const rules = sqlRules(o.model, record, d, { jsonTypes: o.jsonTypes });
    const key = keyExpression(record, d, o.jsonTypes);
    // The flat columns, and nested records measured as fields (columnValue).
    const columns = [...flatColumns(o.model, record), ...nestedColumns(o.model, record)];
    // The rules are evaluated once per row (flags); every figure, timeliness too, is read from them: one scan of the data.
    const fresh = timelinessPlan(o, record);
    const spec: FlagsSpec = { rules, key, columns, d, source: o.source, jsonTypes: o.jsonTypes ?? false, ...('ts' in fresh ? { extra: [['__ts', fresh.ts]] as const } : {}) };
    const limit = o.maxErrors ?? 1000;
    const { summary, failingRows, distinctEstimated, topInvalid } = o.runner.onePass
        ? await onePass(o.runner, o.runner.onePass, spec, limit, 'ts' in fresh ? fresh.items : [])
        : await overRelation(o.runner, spec, limit, 'ts' in fresh ? fresh.items : []);
    const failing = [...failingRows].sort((a, b) => num(a.__row) - num(b.__row));
    // `total` counts the rows read (the figures' base, as the streaming validator's readable rows); the unread are invalid rows too.
    const unread = o.rows?.unread ?? [];
    const total = num(summary.total), invalid = num(summary.invalid) + unread.length;
    const byRule: ValidationReport['summary']['byRule'] = {};
    for (const u of unread) {
        const entry = byRule[u.code] ??= { violations: 0, rows: 0 };
        entry.violations++;
        entry.rows++;
    }
    rules.forEach((r, i) => {
        const violations = num(summary[`v${i}`]);
        if (!violations) return;
        const entry = byRule[r.code] ??= { violations: 0, rows: num(summary[`rows:${r.code}`]) };
        entry.violations += violations;
    });
    const places = rowPlaces(o);
    const read = failing.map(f => {
        const firstLine = f.__first !== null && f.__first !== undefined ? places.at(places.row(num(f.__first))).line : undefined;
        const errors = rules.map((r, i) => [r, num(f[`f${i}`])] as const).filter(([, n]) => n > 0).map(([r]) => ({
            path: r.path, code: r.code,
            message: r.code === 'duplicate-key' && firstLine !== undefined
                ? `主键与第 ${firstLine} 行重复 / the key repeats the row on line ${firstLine}`
                : `${MESSAGES[r.code] ?? r.code} / breaks ${r.code}`
        }));
        return { at: places.row(num(f.__row)), valid: false, errors };
    });
    // In row order over all files, then numbered per file.
    const listed = [...read, ...unread.map(u => ({ at: u.row, valid: false, errors: [{ path: '', code: u.code, message: u.message }] }))].sort((a, b) => a.at - b.at).slice(0, limit);
    const rows: RowResult[] = listed.map(({ at, ...r }) => ({ ...places.at(at), ...r }));
    const fields: Record<string, FieldReport> = {};
    for (const p of fieldPaths(o.model, record)) {
        if (!columns.some(c => c.path === p.path)) continue;
        const present = num(summary[`present:${p.path}`]), bad = num(summary[`invalid:${p.path}`]);
        fields[p.path] = {
            label: p.labels.join('.'), completeness: total ? present / total : 0, validity: present ? (present - bad) / present : 1,
            present, invalid: bad, distinct: num(summary[`distinct:${p.path}`]), distinctEstimated: distinctEstimated.has(p.path), topInvalid: topInvalid.get(p.path) ?? []
        };
    }
    const all = total + unread.length;
    return {
        record: record.qualifiedName, ...(record.label ? { recordLabel: record.label } : {}), input: o.input, format: o.format, rows,
        summary: { rows: all, valid: all - invalid, invalid, validity: all ? (all - invalid) / all : 1, listed: rows.length, byRule },
        fields,
        timeliness: 'ts' in fresh ? fresh.result(summary) : fresh
    };
}

/**
 * Timeliness over the flags relation (its columns are the field paths, empty values as NULL): the
 * timestamp as an expression of them (the relation's column `__ts`), the aggregate items over it,
 * and how their values become the report's figures; or why it cannot be assessed.
 */
function timelinessPlan(o: SqlValidateOptions, record: RecordModel):
    { ts: string; items: string[]; result: (row: Record<string, unknown>) => Timeliness } | { assessed: false; reason: string } {
    const paths = fieldPaths(o.model, record);
    const field = o.timestampField ?? (() => {
        const c = paths.filter(p => !p.list && 'primitive' in p.type && p.type.primitive === 'datetime');
        return c.length === 1 ? c[0].path : undefined;
    })();
    const cycle = record.governance.update;
    if (!field) return { assessed: false, reason: '没有唯一的日期时间字段，可用 --timestamp-field 指定 / no single datetime field' };
    if (!cycle || ALLOWED_AGE_HOURS[cycle] === undefined) return { assessed: false, reason: '没有可评估的更新周期 / no assessable update cycle' };
    const hours = ALLOWED_AGE_HOURS[cycle]!;
    const asOf = o.asOf ?? new Date();
    const limit = new Date(asOf.getTime() - hours * 3600_000).toISOString();
    const d = o.runner.dialect;
    // A valid RFC 3339 datetime is read with its separator made a T (the checks take any white space there, the
    // engines' casts do not). PostgreSQL's cast raises on what it cannot read (2026-02-30, 25:00, a leap second):
    // there only such datetimes are cast; DuckDB's TRY_CAST reads other text as it can.
    const v = d.id(field);
    const valid = `${v} <> '' AND ${new SqlExpressions(d).isDateTime(v)}`, normal = `substr(${v}, 1, 10) || 'T' || substr(${v}, 12)`;
    const ts = d.name === 'postgres'
        ? `CASE WHEN ${valid} AND substr(${v}, 18, 2) <> '60' THEN CAST(${normal} AS timestamptz) END`
        : `TRY_CAST(CASE WHEN ${valid} THEN ${normal} ELSE ${v} END AS TIMESTAMPTZ)`;
    // The oldest and newest readable timestamps as epoch milliseconds (no engine-specific text to parse).
    const ms = (x: string) => d.name === 'postgres' ? `floor(extract(epoch FROM ${x}) * 1000)` : `epoch_ms(${x})`;
    return {
        ts,
        items: [`count(__ts) AS ${d.id('ts:checked')}`, `sum(CASE WHEN __ts < CAST(${d.str(limit)} AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS ${d.id('ts:stale')}`,
            `count(*) - count(__ts) AS ${d.id('ts:unreadable')}`, `${ms('min(__ts)')} AS ${d.id('ts:oldest')}`, `${ms('max(__ts)')} AS ${d.id('ts:newest')}`],
        result: row => {
            const checked = num(row['ts:checked']), stale = num(row['ts:stale']);
            return {
                field, cycle, allowedAgeHours: hours, asOf: asOf.toISOString(), checked, stale, staleShare: checked ? stale / checked : 0, unreadable: num(row['ts:unreadable']),
                ...(checked ? { oldest: new Date(num(row['ts:oldest'])).toISOString(), newest: new Date(num(row['ts:newest'])).toISOString() } : {})
            };
        }
    };
}

interface Scanned {
    summary: Record<string, unknown>;
    failingRows: Array<Record<string, unknown>>;
    /** Field paths whose distinct count is an estimate. */
    distinctEstimated: Set<string>;
    /** Per field path, its most frequent invalid values. */
    topInvalid: Map<string, Array<{ value: string; count: number }>>;
}

/** Rows `path, value, n` of topInvalidQuery as the report's lists: by count, then value (as the streaming validator sorts). */
function topLists(rows: Array<Record<string, unknown>>, n = 5): Map<string, Array<{ value: string; count: number }>> {
    const out = new Map<string, Array<{ value: string; count: number }>>();
    for (const r of rows) {
        const list = out.get(String(r.path)) ?? [];
        list.push({ value: String(r.value), count: num(r.n) });
        out.set(String(r.path), list);
    }
    for (const [k, list] of out) out.set(k, list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, n));
    return out;
}

/** The flags relation computed once (a temporary table or a materialized CTE), the figures and the failing rows read from it. */
async function overRelation(runner: SqlRunner, spec: FlagsSpec, limit: number, extra: string[], distinct?: (x: string) => string): Promise<Scanned> {
    const [[summary], failingRows, top] = await runner.overRelation(flagsQuery(spec), [
        flags => `SELECT ${[...statsItems(spec.rules, spec.columns, spec.d, distinct), ...extra].join(',\n    ')}\nFROM ${flags} AS flags`,
        flags => failingFromFlags(spec.rules, flags, limit),
        flags => topInvalidQuery(spec.rules, leaves(spec.columns), spec.d, flags)
    ]);
    return { summary, failingRows, distinctEstimated: new Set(), topInvalid: topLists(top) };
}

/**
 * One scan of the data computes every figure and the first failing rows (DuckDB: ~30 % less
 * than a table of the flags and scans of it). Repeated keys first, into a temporary table (a
 * grouping of the key column only). Distinct values are estimated in the scan; fields with at
 * most about EXACT_DISTINCT are counted again exactly, over their columns only.
 */
async function onePass(runner: SqlRunner, p: OnePass, spec: FlagsSpec, limit: number, extra: string[]): Promise<Scanned> {
    const dups = spec.key ? await p.temporary('mds_dups', dupsQuery(spec.key, spec.source)) : undefined;
    try {
        const s: FlagsSpec = { ...spec, ...(dups ? { dups } : {}) };
        const items = [...statsItems(s.rules, s.columns, s.d, p.approxDistinct), ...extra];
        let summary: Record<string, unknown>, failingRows: Array<Record<string, unknown>>, topInvalid: Scanned['topInvalid'];
        if (limit < p.maxRows) {
            const first = limit > 0 ? [`${p.firstRows('flags', '__row', limit, anyFlag(s.rules))} AS __failing`] : [];
            // The candidates for each field's most frequent invalid values, counted exactly below.
            const frequent = leaves(s.columns).map(c => `${p.frequent(s.d.id(c.path), TOP_CANDIDATES, invalidValue(s.rules, c, s.d))} AS ${s.d.id('frequent:' + c.path)}`);
            [summary] = await runner.all(overFlagsQuery(s, [...items, ...first, ...frequent]));
            failingRows = (summary.__failing ?? []) as Array<Record<string, unknown>>;
            topInvalid = await countInvalidValues(runner, s, summary);
        } else {
            ({ summary, failingRows, topInvalid } = await overRelation(runner, s, limit, extra, p.approxDistinct));
        }
        const few = exactDistinctCandidates(s.columns, summary);
        if (few.length) {
            const [exact] = await runner.all(`SELECT ${few.map(c => `count(DISTINCT ${columnValue(c, s.columns, s.d, s.jsonTypes)}) AS ${s.d.id(c.path)}`).join(', ')} FROM (${s.source}) AS src`);
            for (const c of few) summary[`distinct:${c.path}`] = exact[c.path];
        }
        const counted = new Set(few.map(c => c.path));
        return { summary, failingRows, distinctEstimated: new Set(s.columns.map(c => c.path).filter(c => !counted.has(c))), topInvalid };
    } finally {
        if (dups) await p.drop(dups);
    }
}

/**
 * Candidates for a field's five most frequent invalid values. With at most this many distinct
 * invalid values they are all of them and the lists exact; beyond, the sketch's most frequent (the
 * streaming validator keeps the first 1,000). 1,000 candidates made the scan 35 % slower in DuckDB, 100 about 6 %.
 */
const TOP_CANDIDATES = 100;

/**
 * The invalid values of each field among its candidates (`frequent:<path>` of the scan), counted
 * exactly: the rules evaluated again on the rows holding a candidate only.
 */
async function countInvalidValues(runner: SqlRunner, s: FlagsSpec, summary: Record<string, unknown>): Promise<Scanned['topInvalid']> {
    const d = s.d;
    const candidates = leaves(s.columns).map(c => [c, ((summary[`frequent:${c.path}`] ?? []) as unknown[]).map(String)] as const).filter(([, values]) => values.length);
    if (!candidates.length) return new Map();
    const where = candidates.map(([c, values]) => `${d.id(c.path)} IN (${values.map(v => d.str(v)).join(', ')})`).join(' OR ');
    const source = `SELECT * FROM (${s.source}) AS candidates WHERE ${where}`;
    const columns = candidates.map(([c]) => c);
    return topLists(await runner.all(withFlags({ ...s, source }, flags => topInvalidQuery(s.rules, columns, d, flags))));
}

/**
 * Leaves and lists, whose invalid values are listed (a nested record's joined text is not what
 * the streaming validator shows, its JSON: no list for those).
 */
const leaves = (columns: FieldPath[]) => columns.filter(c => !isNested(c));

/** Columns whose estimated distinct count may be at most EXACT_DISTINCT (an estimate errs by a few per cent). */
function exactDistinctCandidates(columns: FieldPath[], summary: Record<string, unknown>): FieldPath[] {
    return columns.filter(c => num(summary[`distinct:${c.path}`]) <= EXACT_DISTINCT * 1.25);
}
