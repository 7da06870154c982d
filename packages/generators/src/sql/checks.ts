import type { CodeListModel, ElementModel, RecordModel, SemanticModel } from '@mds/language';
import { fieldPaths, type FieldPath } from '../fields.js';
import { WHITE_SPACE, type Dialect } from './dialect.js';

/**
 * The rules of a record as SQL over a flat relation `src`: one text column per field path
 * (`"address.division"`, NULL or '' for an absent value) and a row number `__row`. Each rule is a
 * per-row count of violations, under the codes the streaming validator and the generated packages
 * use, so counts can be compared rule by rule. (How a typed table becomes `src`: projection.ts.)
 */
export interface SqlRule {
    code: string;
    path: string;
    /** Violations in one row (0 or 1, or the invalid items of a list). */
    count: string;
    /**
     * Columns the count reads besides `src`'s, as `[name, expression]`, computed once per row
     * instead of in every rule that needs them: whether a nested record is present (any field
     * below it has a value), and what several rules of one field test (a number of its type; a
     * date, with a range). The queries add them beside `src.*`.
     */
    columns?: ReadonlyArray<readonly [string, string]>;
}

/** The number syntax the streaming validator accepts in a cell (and JSON numbers). */
const NUMBER = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?';
const DATE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
/** RFC 3339 full-time with offset, its ranges in the pattern: hours ≤ 23, minutes ≤ 59, seconds ≤ 60 (as the generated validators). */
const TIME = '(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])';
/** Between date and time: T, t or white space as ECMAScript's `\s` (spelled out: each engine's own `\s` differs). */
const DATE_TIME_SEPARATOR = `[Tt${WHITE_SPACE}]`;
const EMAIL = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
const URI = '[a-z][a-z0-9+.-]*:[^\\s]*';
const PHONE = '1[3-9][0-9]{9}';
const CITIZEN = '[1-9][0-9]{5}(?:18|19|20)[0-9]{9}[0-9X]';
const USCC = '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}';
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const TRUE_FALSE = ['true', 'false', '是', '否', '1', '0', 'y', 'yes', 'n', 'no'];

/** Rule expressions of one dialect. `v` is a text expression known to be NOT NULL where a rule applies. */
export class SqlExpressions {
    constructor(readonly d: Dialect) {}

    private sub(v: string, from: number, length: number): string {
        return `substr(${v}, ${from}, ${length})`;
    }

    /** A valid calendar date from `yyyy`, `mm`, `dd` digit expressions. */
    private calendar(y: string, m: string, day: string): string {
        return this.calendarOf(this.d.toInt(y), this.d.toInt(m), this.d.toInt(day));
    }
    /** A valid calendar date from integer expressions of year, month and day. */
    private calendarOf(Y: string, M: string, D: string): string {
        const leap = `((${Y} % 4 = 0 AND ${Y} % 100 <> 0) OR ${Y} % 400 = 0)`;
        const days = `CASE WHEN ${M} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${M} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
        return `(${M} BETWEEN 1 AND 12 AND ${D} BETWEEN 1 AND ${days})`;
    }

    isNumber(v: string): string { return this.d.matches(v, NUMBER); }
    isDate(v: string): string {
        return `(${this.d.matches(v, DATE)} AND ${this.dateOf(v)})`;
    }
    /** Whether text already matching DATE is a calendar date. */
    private dateOf(t: string): string {
        return this.d.calendarDate ? this.d.calendarDate(t) : this.calendar(this.sub(t, 1, 4), this.sub(t, 6, 2), this.sub(t, 9, 2));
    }
    isTime(v: string): string { return this.d.matches(v, TIME); }
    isDateTime(v: string): string {
        // The pattern holds the date's and the time's own patterns and the time's ranges: only the calendar is left to check.
        return `(${this.d.matches(v, `${DATE}${DATE_TIME_SEPARATOR}${TIME}`)} AND ${this.dateOf(this.sub(v, 1, 10))})`;
    }
    /**
     * GB 11643: pattern, birth date, MOD 11-2 check character. With `digits`, an expression of the
     * first 17 characters as an integer (`Dialect.toBigint`, computed once per row), the birth date
     * and the weighted sum come from it by integer division (17 divisions instead of 17 substrings:
     * the check 2.5× faster in DuckDB); without, from the text.
     */
    isCitizenId(v: string, digits?: string): string {
        let birth: string, index: string;
        if (digits) {
            // The birth date: digits 7–14 of the 17 (yyyymmdd), by arithmetic too (no text to cast).
            const ymd = `(${this.d.intDiv(digits, '1000')} % 100000000)`;
            birth = this.calendarOf(this.d.intDiv(ymd, '10000'), `(${this.d.intDiv(ymd, '100')} % 100)`, `(${ymd} % 100)`);
            // Σ wᵢ·dᵢ = Σ wᵢ·(pᵢ − 10·pᵢ₋₁) = Σ pᵢ·(wᵢ − 10·wᵢ₊₁), pᵢ the number of the first i digits; |Σ| < 1.4·10¹⁸ fits a BIGINT.
            const terms = ID_WEIGHTS.map((w, i) => {
                const c = w - 10 * (ID_WEIGHTS[i + 1] ?? 0);
                const prefix = i === 16 ? digits : this.d.intDiv(digits, `${10n ** BigInt(16 - i)}`);
                return `${prefix} * ${c < 0 ? `(${c})` : c}`;
            });
            index = `CAST(((${terms.join(' + ')}) % 11 + 11) % 11 AS INTEGER)`;
        } else {
            birth = this.d.calendarDate
                ? this.d.calendarDate(`${this.sub(v, 7, 4)} || '-' || ${this.sub(v, 11, 2)} || '-' || ${this.sub(v, 13, 2)}`)
                : this.calendar(this.sub(v, 7, 4), this.sub(v, 11, 2), this.sub(v, 13, 2));
            index = `(${ID_WEIGHTS.map((w, i) => `${this.d.digit(this.sub(v, i + 1, 1))} * ${w}`).join(' + ')}) % 11`;
        }
        return `(${this.d.matches(v, CITIZEN)} AND ${birth} AND substr('10X98765432', ${index} + 1, 1) = ${this.sub(v, 18, 1)})`;
    }
    /** What `format` reads of a field's value from a column computed once per row: a citizen ID's digits, a credit code's characters. */
    formatColumn(v: string, format: string): string | undefined {
        if (format === 'gb11643') return this.d.toBigint(this.sub(v, 1, 17));
        if (format === 'uscc' && this.d.characters) return this.d.characters(v);
        return undefined;
    }
    /**
     * GB 32100: pattern and MOD 31 check character. With `characters`, an expression of the
     * characters as a list (`Dialect.characters`, computed once per row), each is an item instead
     * of a substring (a fifth faster in DuckDB).
     */
    isUscc(v: string, characters?: string): string {
        const chars = this.d.str(USCC_CHARS);
        const at = (i: number) => characters && this.d.item ? this.d.item(characters, i) : this.sub(v, i, 1);
        const sum = USCC_WEIGHTS.map((w, i) => `(${this.d.position(chars, at(i + 1))} - 1) * ${w}`).join(' + ');
        return `(${this.d.matches(v, USCC)} AND substr(${chars}, ((31 - ((${sum}) % 31)) % 31) + 1, 1) = ${this.sub(v, 18, 1)})`;
    }
    /**
     * Whether `v` has the format; `shared`: the column of `formatColumn(v, format)`, computed once
     * per row, where there is one.
     */
    format(v: string, format: string, shared?: string): string {
        switch (format) {
            case 'gb11643': return this.isCitizenId(v, shared);
            case 'uscc': return this.isUscc(v, shared);
            case 'phone-cn': return this.d.matches(v, PHONE);
            case 'email': return this.d.matches(v, EMAIL, true);
            default: return this.d.matches(v, URI, true);
        }
    }
    /**
     * Whether the number `v` (text of the number syntax; `n` its value, `toNumber`) has at most
     * `scale` decimal places, as the generated validators count them on the value: 87.30 has one.
     */
    withinScale(v: string, scale: number, n: string): string {
        // Without an exponent: the digits after the point, trailing zeros not counted (a pattern). With one, the decimal
        // places of the value: those written, less the exponent and the trailing zeros of all digits (1.5e2 has none,
        // 150e-2 one); a value of 0 (0e5, 1e-400) has none, as Number.isInteger says.
        const d = this.d;
        const at = d.position(`lower(${v})`, "'e'");
        const mantissa = `substr(${v}, 1, ${at} - 1)`, exponent = `substr(${v}, ${at} + 1)`;
        const dot = d.position(mantissa, "'.'");
        const fraction = `CASE WHEN ${dot} = 0 THEN '' ELSE substr(${mantissa}, ${dot} + 1) END`;
        const digits = `replace(replace(replace(${mantissa}, '.', ''), '-', ''), '+', '')`;
        const zeros = `(${d.length(digits)} - ${d.length(`rtrim(${digits}, '0')`)})`;
        const power = `CASE WHEN ${d.length(exponent)} <= 6 THEN CAST(${exponent} AS INTEGER) ELSE 0 END`;
        return `(CASE WHEN ${at} = 0 THEN ${d.matches(v, `[^.]*(?:\\..{0,${scale}}0*)?`)} WHEN ${n} = 0 THEN TRUE `
            + `ELSE ${d.length(fraction)} - ${power} - ${zeros} <= ${scale} END)`;
    }
}

const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/**
 * With JSON types (a JSONL source), the column beside a field path's value that tells its JSON
 * type: NULL where the path is absent, 0 where the value has the field's JSON type (a string for
 * text, codes, dates and times; a number; a boolean; an array for a list; an object for a nested
 * record), 1 where it has another, 2 where it is JSON null — a value of another type for the
 * checks, no value for the figures (as the streaming validator counts them). The value column
 * holds the value's text (JSON text for arrays and objects; `null`), for a nested record only when
 * it is not an object.
 */
export function jsonTypeColumn(path: string): string {
    return `${path}#json`;
}

/**
 * With JSON types, the column that counts the keys of the object at `path` ('' the row's object)
 * naming no field of its record: the generated validators report each as `additionalProperties`.
 */
export function extraKeysColumn(path: string): string {
    return `${path}#extra`;
}

/**
 * Which field paths hold JSON values, with jsonTypeColumn beside them in the source: every path
 * (`true`: a JSONL file, the row an object), none, or those in a set (a PostgreSQL table's jsonb
 * columns; the row itself is not a JSON object then, its other columns are text).
 */
export type JsonPaths = boolean | ReadonlySet<string>;

/** Whether the value at `path` is a JSON value (see JsonPaths). */
export function holdsJson(paths: JsonPaths | undefined, path: string): boolean {
    return paths === true || (typeof paths === 'object' && paths.has(path));
}

/** The JSON type a field's values have: DuckDB's json_type names (a number: any of three). */
export function jsonTypesOf(p: FieldPath): string[] {
    if (p.list) return ['ARRAY'];
    if ('record' in p.type) return ['OBJECT'];
    if ('codeList' in p.type) return ['VARCHAR'];
    switch (p.type.primitive) {
        case 'integer': case 'decimal': return ['BIGINT', 'UBIGINT', 'DOUBLE'];
        case 'boolean': return ['BOOLEAN'];
        default: return ['VARCHAR'];
    }
}

/** The rule a value of another JSON type breaks, as the generated validators report it. */
function jsonTypeCode(p: FieldPath): string {
    if (p.list || 'record' in p.type) return 'type';
    if ('codeList' in p.type) return 'enum';
    return ['date', 'datetime', 'time'].includes(p.type.primitive) ? 'format' : 'type';
}

/** Whether the streaming validator reads a column's cells trimmed: numbers, booleans, dates and times (not lists, not text). */
function readsTrimmed(p: FieldPath): boolean {
    return !p.list && 'primitive' in p.type && p.type.primitive !== 'string';
}

/** A source's cell (text) as the streaming validator reads it for field `p`: trimmed where it trims, in dialects that read sources (Dialect.trimCell). */
export function cellAsRead(d: Dialect, expr: string, p: FieldPath): string {
    return readsTrimmed(p) && d.trimCell ? d.trimCell(expr) : expr;
}

/** The flat text columns of a record (leaves and lists; a nested record by its own fields). */
export function flatColumns(model: SemanticModel, record: RecordModel): FieldPath[] {
    return fieldPaths(model, record).filter(p => !isNested(p));
}

/**
 * Every rule of a record over `src`, in a fixed order (fields in declaration order, then the key):
 * required, type, length, pattern, format, range, scale, code list, list bounds, duplicate key.
 */
export function sqlRules(model: SemanticModel, record: RecordModel, d: Dialect, options: { jsonTypes?: JsonPaths } = {}): SqlRule[] {
    const x = new SqlExpressions(d);
    const all = fieldPaths(model, record);
    const json = (p: FieldPath) => holdsJson(options.jsonTypes, p.path);
    // JSON values: absent is NULL, "" is a string like any other (a CSV cell that is empty is no value).
    const col = (p: FieldPath) => json(p) ? d.id(p.path) : `NULLIF(${d.id(p.path)}, '')`;
    /** With JSON types: the value at `p` is there but of another JSON type than the field's (see jsonTypeColumn). */
    const wrong = (p: FieldPath) => `${d.id(jsonTypeColumn(p.path))} >= 1`;
    const rules: SqlRule[] = [];
    // One presence column per nested record, shared by every rule that needs it (see SqlRule.columns).
    const columns: Array<readonly [string, string]> = [];
    const presence = new Map<string, string>();
    /** A field path counts as present when it, or for a record any field below it, has a value. */
    const present = (p: FieldPath): string => {
        if (!('record' in p.type) || p.list) return `${col(p)} IS NOT NULL`;
        // A JSON object, or any other JSON value (that one is a type violation): there, whatever is below.
        if (json(p)) return `${d.id(jsonTypeColumn(p.path))} IS NOT NULL`;
        let name = presence.get(p.path);
        if (name === undefined) {
            const below = all.filter(q => q.names.length > p.names.length && q.path.startsWith(p.path + '.') && (!('record' in q.type) || q.list));
            presence.set(p.path, name = `__present_${presence.size}`);
            columns.push([name, below.length ? `CASE WHEN ${below.map(q => `${col(q)} IS NOT NULL`).join(' OR ')} THEN 1 ELSE 0 END` : '0']);
        }
        return `${d.id(name)} = 1`;
    };
    /** A column computed once per row for several rules of one field; returns its quoted name. */
    const share = (expr: string): string => {
        const name = `__ok_${columns.length}`;
        columns.push([name, expr]);
        return d.id(name);
    };
    /** Whether the record holding `p` is there to be checked (with JSON types: an object, not a value of another type). */
    const parentPresent = (p: FieldPath): string => {
        if (p.names.length === 1) return 'TRUE';
        const parent = all.find(q => q.path === p.names.slice(0, -1).join('.'))!;
        return json(parent) ? `${d.id(jsonTypeColumn(parent.path))} = 0 AND ${parentPresent(parent)}` : present(parent);
    };
    // With JSON types, the keys of an object that name no field of its record (the source counts them, extraKeysColumn).
    const extra = (path: string) => `coalesce(${d.id(extraKeysColumn(path))}, 0)`;
    if (options.jsonTypes === true) rules.push({ code: 'additionalProperties', path: '', count: extra('') });
    for (const p of all) {
        if ('record' in p.type && !p.list) {
            if (!p.field.optional) rules.push({ code: 'required', path: p.path, count: flag(`${parentPresent(p)} AND NOT ${present(p)}`) });
            if (json(p)) {
                rules.push({ code: 'type', path: p.path, count: flag(`${parentPresent(p)} AND ${wrong(p)}`) });
                rules.push({ code: 'additionalProperties', path: p.path, count: `CASE WHEN ${parentPresent(p)} AND ${d.id(jsonTypeColumn(p.path))} = 0 THEN ${extra(p.path)} ELSE 0 END` });
            }
            continue;
        }
        const v = col(p);
        if (!p.field.optional) rules.push({ code: 'required', path: p.path, count: flag(`${parentPresent(p)} AND ${v} IS NULL`) });
        const own = p.list ? [] : valueRules(model, p, x, { v, share });
        // With JSON types, a value of another JSON type breaks one rule, as in the generated validators (a code
        // list: enum; a date or time: format; else type), and the field's other rules skip it.
        const mismatch = json(p) ? jsonTypeCode(p) : undefined;
        if (mismatch) rules.push({ code: mismatch, path: p.path, count: flag(`${v} IS NOT NULL AND (${wrong(p)}${own.filter(r => r.code === mismatch).map(r => ` OR ${r.violated(v)}`).join('')})`) });
        const usable = json(p) ? `${v} IS NOT NULL AND NOT ${wrong(p)}` : `${v} IS NOT NULL`;
        if (p.list) {
            const items = d.listItems(v);
            const min = p.field.list?.min, max = p.field.list?.max;
            if (!('record' in p.type)) {
                // A JSON null item is not a value of the item's type: a type (or, for codes, enum) violation.
                const item = valueRules(model, p, x).map(rule => ({
                    code: rule.code,
                    violated: rule.code === 'type' || rule.code === 'enum' ? (i: string) => `(${i} IS NULL OR ${rule.violated(i)})` : (i: string) => `(${i} IS NOT NULL AND ${rule.violated(i)})`
                }));
                if (!item.some(r => r.code === 'type' || r.code === 'enum')) item.unshift({ code: 'type', violated: (i: string) => `${i} IS NULL` });
                const skipped = json(p) ? `${v} IS NULL OR ${wrong(p)}` : `${v} IS NULL`;
                for (const rule of item) rules.push({ code: rule.code, path: p.path, count: `CASE WHEN ${skipped} THEN 0 ELSE ${d.listCount(items, rule.violated)} END` });
            }
            if (min !== undefined) rules.push({ code: 'minItems', path: p.path, count: flag(`${usable} AND ${d.listSize(items)} < ${min}`) });
            if (max !== undefined) rules.push({ code: 'maxItems', path: p.path, count: flag(`${usable} AND ${d.listSize(items)} > ${max}`) });
            continue;
        }
        for (const rule of own) if (rule.code !== mismatch) rules.push({ code: rule.code, path: p.path, count: flag(`${usable} AND ${rule.violated(v)}`) });
    }
    if (record.keys.length) {
        rules.push({ code: 'duplicate-key', path: record.keys.join('+'), count: '__duplicate' });
    }
    if (columns.length) for (const r of rules) r.columns = columns;
    return rules;
}

/** The extra columns the rules read, as select items (`, expr AS name` each), or ''. */
function ruleColumns(rules: SqlRule[], d: Dialect): string {
    const seen = new Map<string, string>();
    for (const r of rules) for (const [name, expr] of r.columns ?? []) seen.set(name, expr);
    return [...seen].map(([name, expr]) => `, ${expr} AS ${d.id(name)}`).join('');
}

/** The key of a row as one expression (NULL when any part is absent). */
export function keyExpression(record: RecordModel, d: Dialect, jsonTypes: JsonPaths = false): string | undefined {
    if (!record.keys.length) return undefined;
    // A key part that is absent, '' or (JSON) null: no key, as in the streaming validator.
    const parts = record.keys.map(k => holdsJson(jsonTypes, k) ? `CASE WHEN ${d.id(jsonTypeColumn(k))} = 2 THEN NULL ELSE NULLIF(${d.id(k)}, '') END` : `NULLIF(${d.id(k)}, '')`);
    return parts.length === 1 ? parts[0] : `CASE WHEN ${parts.map(p => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE concat(${parts.join(", '\u001f', ")}) END`;
}

/** A leaf's value (not a list item): `v` its expression, `share` adds a column computed once per row and returns its name. */
interface Leaf {
    v: string;
    share(expr: string): string;
}

/**
 * The rules on one present value of a leaf, as predicates that hold when the value breaks the rule.
 * For a leaf (not a list item), what several rules test (is it a number, a date) is one shared column.
 */
function valueRules(model: SemanticModel, p: FieldPath, x: SqlExpressions, leaf?: Leaf): Array<{ code: string; violated: (v: string) => string }> {
    const d = x.d;
    if ('record' in p.type) return [];
    if ('codeList' in p.type) {
        const list = model.declarations.get(p.type.codeList) as CodeListModel | undefined;
        const codes = (list?.entries ?? []).map(e => d.str(e.code));
        return [{ code: 'enum', violated: v => codes.length ? `${v} NOT IN (${codes.join(', ')})` : 'TRUE' }];
    }
    const element = 'element' in p.field.type ? model.declarations.get(p.field.type.element) as ElementModel | undefined : undefined;
    const c = element?.constraints ?? {};
    const out: Array<{ code: string; violated: (v: string) => string }> = [];
    switch (p.type.primitive) {
        case 'string':
            if (c.length?.min !== undefined) out.push({ code: 'minLength', violated: v => `${d.length(v)} < ${c.length!.min}` });
            if (c.length?.max !== undefined) out.push({ code: 'maxLength', violated: v => `${d.length(v)} > ${c.length!.max}` });
            if (c.pattern !== undefined) out.push({ code: 'pattern', violated: v => `NOT ${d.matches(v, c.pattern!)}` });
            if (c.format) {
                // What the check reads of a leaf's value, once per row (see SqlExpressions.isCitizenId, isUscc).
                const column = leaf && x.formatColumn(leaf.v, c.format);
                const shared = column ? leaf!.share(column) : undefined;
                out.push({ code: 'format', violated: v => `NOT ${x.format(v, c.format!, shared)}` });
            }
            break;
        case 'integer':
        case 'decimal': {
            const integer = p.type.primitive === 'integer';
            const num = (v: string) => d.toNumber(v);
            // A number of the type: the number syntax, finite where the engine's cast can overflow, and whole for integers.
            const finite = (v: string) => d.finite ? ` AND ${d.finite(num(v))}` : '';
            const checked = (v: string) => `(${x.isNumber(v)}${finite(v)}${integer ? ` AND ${num(v)} = floor(${num(v)})` : ''})`;
            // A field's value: whether it is a number of its type, computed once per row for all its rules.
            const ok = leaf && leaf.share(`CAST(${checked(leaf.v)} AS INTEGER)`);
            const isType = ok ? () => `${ok} = 1` : checked;
            out.push({ code: 'type', violated: ok ? () => `${ok} = 0` : v => `NOT ${checked(v)}` });
            if (typeof c.range?.min === 'number') out.push({ code: 'minimum', violated: v => `${isType(v)} AND ${num(v)} < ${c.range!.min}` });
            if (typeof c.range?.max === 'number') out.push({ code: 'maximum', violated: v => `${isType(v)} AND ${num(v)} > ${c.range!.max}` });
            if (!integer && c.scale !== undefined) out.push({ code: 'scale', violated: v => `${isType(v)} AND NOT ${x.withinScale(v, c.scale!, num(v))}` });
            break;
        }
        case 'boolean':
            out.push({ code: 'type', violated: v => `lower(trim(${v})) NOT IN (${TRUE_FALSE.map(b => d.str(b)).join(', ')})` });
            break;
        case 'date': {
            // With a range, whether the value is a date is computed once per row for the three rules.
            const ranged = typeof c.range?.min === 'string' || typeof c.range?.max === 'string';
            const ok = leaf && ranged ? leaf.share(`CAST(${x.isDate(leaf.v)} AS INTEGER)`) : undefined;
            const isDate = ok ? () => `${ok} = 1` : (v: string) => x.isDate(v);
            out.push({ code: 'format', violated: ok ? () => `${ok} = 0` : v => `NOT ${x.isDate(v)}` });
            if (typeof c.range?.min === 'string') out.push({ code: 'minimum', violated: v => `${isDate(v)} AND ${v} < ${d.str(c.range!.min as string)}` });
            if (typeof c.range?.max === 'string') out.push({ code: 'maximum', violated: v => `${isDate(v)} AND ${v} > ${d.str(c.range!.max as string)}` });
            break;
        }
        case 'datetime':
            out.push({ code: 'format', violated: v => `NOT ${x.isDateTime(v)}` });
            break;
        case 'time':
            out.push({ code: 'format', violated: v => `NOT ${x.isTime(v)}` });
            break;
    }
    return out;
}

/**
 * The aggregate check query: one scan of `src` computes every rule's violations, then one row per
 * rule — `rule_code, field_path, violations, total` — in the rules' order.
 */
export function checkQuery(rules: SqlRule[], key: string | undefined, d: Dialect, source: string): string {
    const dup = key ? `${key} AS __key` : 'NULL AS __key';
    const lines = [
        `WITH src AS (${source}),`,
        `counts AS ${d.materialized}(`,
        '    SELECT',
        '        count(*) AS total,',
        ...rules.map((r, i) => `        sum(${r.code === 'duplicate-key' ? '0' : r.count}) AS c${i}${i < rules.length - 1 ? ',' : ''}`),
        `    FROM (SELECT src.*, ${dup}${ruleColumns(rules, d)} FROM src${d.fence ? ' ' + d.fence : ''}) AS rows`,
        ')',
        rules.map((r, i) => r.code === 'duplicate-key'
            ? `SELECT ${d.str(r.code)} AS rule_code, ${d.str(r.path)} AS field_path, (SELECT count(__key) - count(DISTINCT __key) FROM (SELECT ${dup} FROM src) AS k) AS violations, total FROM counts`
            : `SELECT ${d.str(r.code)} AS rule_code, ${d.str(r.path)} AS field_path, coalesce(c${i}, 0) AS violations, total FROM counts`).join('\nUNION ALL\n')
    ];
    return lines.join('\n');
}

/**
 * The failing rows: `__row`, `__first`, the given flat columns and one column per rule (its
 * violations in that row), for up to `limit` rows that break any rule (all without a limit); a
 * repeated key counts from its second row on.
 */
export function failingRowsQuery(rules: SqlRule[], key: string | undefined, d: Dialect, source: string, limit?: number, columns: FieldPath[] = []): string {
    return withFlags({ rules, key, columns, d, source }, flags => failingFromFlags(rules, flags, limit));
}

/** What the flags relation is computed from. */
export interface FlagsSpec {
    rules: SqlRule[];
    key: string | undefined;
    /** The flat columns the relation carries (NULL for absent). */
    columns: FieldPath[];
    d: Dialect;
    source: string;
    /** A relation of `dupsQuery` computed before (a temporary table), instead of a CTE over `source`. */
    dups?: string;
    /** More columns of the relation, as `[name, expression over the flat columns]`. */
    extra?: ReadonlyArray<readonly [string, string]>;
    /** The paths whose source has JSON type columns (jsonTypeColumn): their values are measured as JSON values. */
    jsonTypes?: JsonPaths;
}

/**
 * Per row: `__row`, `__first` (for a repeated key its first row, else NULL), each flat column
 * (NULL for absent) and `fN`, the violations of rule N. Engines compute this once and derive
 * every figure from it.
 */
export function flagsQuery(spec: FlagsSpec): string {
    return withFlags(spec, flags => `SELECT * FROM ${flags}`);
}

/** `select` items computed in one scan over the flags relation (named `flags`). */
export function overFlagsQuery(spec: FlagsSpec, items: string[]): string {
    return withFlags(spec, flags => `SELECT ${items.join(',\n    ')}\nFROM ${flags}`);
}

/** Each key of more than one row, `__key`, with its first row, `__first`. */
export function dupsQuery(key: string, source: string): string {
    return repeatedKeys(key, `(${source}) AS src`);
}

const repeatedKeys = (key: string, from: string) => `SELECT ${key} AS __key, min(__row) AS __first FROM ${from} WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING count(*) > 1`;

/**
 * The common table expressions `src`, `dups` (see `dupsQuery`), `marked` (with `__duplicate`,
 * `__first`) and `flags`. Repeated keys by a grouping and a join with the few repeated ones, not by
 * windows over every row (which sort the whole input: in DuckDB a third of the time of the checks).
 */
function flagsCtes({ rules, key, columns, d, source, dups, extra = [], jsonTypes = false }: FlagsSpec): string {
    const ctes = [`src AS (${source}),`];
    let marked: string;
    if (key) {
        if (!dups) ctes.push(`dups AS (${repeatedKeys(key, 'src')}),`);
        const r = dups ?? 'dups';
        marked = `SELECT src.*, CASE WHEN ${r}.__first IS NOT NULL AND src.__row > ${r}.__first THEN 1 ELSE 0 END AS __duplicate, ${r}.__first AS __first${ruleColumns(rules, d)} FROM src LEFT JOIN ${r} ON ${key} = ${r}.__key`;
    } else {
        marked = `SELECT src.*, 0 AS __duplicate, NULL AS __first${ruleColumns(rules, d)} FROM src`;
    }
    const nullable = columns.map(p => `${columnValue(p, columns, d, jsonTypes)} AS ${d.id(p.path)}`);
    ctes.push(`marked AS (${marked}${d.fence ? ' ' + d.fence : ''}),`,
        `flags AS (SELECT __row, __first, ${nullable.concat(rules.map((r, i) => `${r.count} AS f${i}`), extra.map(([n, e]) => `${e} AS ${d.id(n)}`)).join(', ')} FROM marked)`);
    return ctes.join('\n');
}

/**
 * Every figure of the report from the flags relation (named `flags`), as `select` items of one
 * scan: rows, invalid rows, rows per rule code, violations per rule (`vN`), and per field path the
 * present, invalid and distinct values; `distinct` counts a column's distinct values (exactly unless told).
 */
export function statsItems(rules: SqlRule[], columns: FieldPath[], d: Dialect, distinct = (x: string) => `count(DISTINCT ${x})`): string[] {
    const codes = [...new Set(rules.map(r => r.code))];
    const any = rules.map((_, i) => `f${i}`).join(' + ') || '0';
    const of = (pred: (r: SqlRule) => boolean) => flagSum(rules, pred);
    return [
        'count(*) AS total', `sum(CASE WHEN ${any} > 0 THEN 1 ELSE 0 END) AS invalid`,
        ...rules.map((_, i) => `sum(f${i}) AS v${i}`),
        ...codes.map(c => `sum(CASE WHEN ${of(r => r.code === c)} > 0 THEN 1 ELSE 0 END) AS ${d.id('rows:' + c)}`),
        ...columns.flatMap(p => [
            `count(${d.id(p.path)}) AS ${d.id('present:' + p.path)}`,
            `sum(CASE WHEN ${invalidValue(rules, p, d)} THEN 1 ELSE 0 END) AS ${d.id('invalid:' + p.path)}`,
            `${distinct(d.id(p.path))} AS ${d.id('distinct:' + p.path)}`
        ])
    ];
}

/** The sum of the flags of the rules `pred` picks ('0' for none). */
function flagSum(rules: SqlRule[], pred: (r: SqlRule) => boolean): string {
    return rules.map((r, i) => [r, i] as const).filter(([r]) => pred(r)).map(([, i]) => `f${i}`).join(' + ') || '0';
}

/** Whether a row of the flags relation has a value at `p` that breaks a rule of the field (`required` is about absence). */
export function invalidValue(rules: SqlRule[], p: FieldPath, d: Dialect): string {
    // A nested record: any rule below it (a field of it missing included), as the streaming validator counts it,
    // and its own type (a JSON value that is not an object).
    const own = (r: SqlRule) => r.path === p.path && r.code !== 'required';
    const mine = isNested(p) ? (r: SqlRule) => r.path.startsWith(p.path + '.') || own(r) : own;
    return `${d.id(p.path)} IS NOT NULL AND ${flagSum(rules, mine)} > 0`;
}

/** Whether a field path is a nested record (not a list of them): measured by the fields below it. */
export const isNested = (p: FieldPath) => 'record' in p.type && !p.list;

/**
 * The nested records (not lists) of a record that have flat columns below them: the report
 * measures them as fields too (present when any field below has a value).
 */
export function nestedColumns(model: SemanticModel, record: RecordModel): FieldPath[] {
    const flat = flatColumns(model, record);
    return fieldPaths(model, record).filter(p => isNested(p) && flat.some(q => q.path.startsWith(p.path + '.')));
}

/**
 * A column's value over the flat text relation, as the report measures it: a leaf or list its
 * text (NULL for empty); a nested record its flat columns (among `columns`) joined into one text,
 * NULL when none has a value — what its present, invalid and distinct figures count.
 */
export function columnValue(p: FieldPath, columns: FieldPath[], d: Dialect, jsonTypes: JsonPaths = false): string {
    const v = `NULLIF(${d.id(p.path)}, '')`;
    if (holdsJson(jsonTypes, p.path)) {
        // JSON null and "" are no value to measure; a value of another JSON type is measured by its text.
        const t = d.id(jsonTypeColumn(p.path));
        if (!isNested(p)) return `CASE WHEN ${t} = 2 THEN NULL ELSE ${v} END`;
        const below = columns.filter(q => !isNested(q) && q.path.startsWith(p.path + '.')).map(q => `coalesce(NULLIF(${d.id(q.path)}, ''), chr(30))`);
        return `CASE WHEN ${t} = 1 THEN ${v} WHEN ${t} = 0 THEN concat_ws(chr(31), ${below.join(', ') || "''"}) END`;
    }
    // A date or time of white space only is no value to measure (the streaming validator reads it trimmed: empty).
    if (readsTrimmed(p) && 'primitive' in p.type && ['date', 'datetime', 'time'].includes(p.type.primitive)) return `CASE WHEN ${d.matches(v, `[${WHITE_SPACE}]+`)} THEN NULL ELSE ${v} END`;
    if (!isNested(p)) return v;
    const below = columns.filter(q => !isNested(q) && q.path.startsWith(p.path + '.')).map(q => `NULLIF(${d.id(q.path)}, '')`);
    return `CASE WHEN ${below.map(v => `${v} IS NOT NULL`).join(' OR ')} THEN concat_ws(chr(31), ${below.map(v => `coalesce(${v}, chr(30))`).join(', ')}) END`;
}

/**
 * Per field path, its most frequent invalid values over the flags relation: rows `path, value, n`,
 * up to `n` a path, by count and then value (in code point order).
 */
export function topInvalidQuery(rules: SqlRule[], columns: FieldPath[], d: Dialect, flags: string, n = 5): string {
    return columns.map(p => `SELECT * FROM (SELECT ${d.str(p.path)} AS path, ${d.id(p.path)} AS value, count(*) AS n FROM ${flags} AS flags `
        + `WHERE ${invalidValue(rules, p, d)} GROUP BY ${d.id(p.path)} ORDER BY n DESC, ${d.binary(d.id(p.path))} LIMIT ${n}) AS ${d.id('top:' + p.path)}`).join('\nUNION ALL\n');
}

/** A query over the flags relation (named `flags`). */
export function withFlags(spec: FlagsSpec, query: (flags: string) => string): string {
    return `WITH ${flagsCtes(spec)}\n${query('flags')}`;
}

/** Whether a row of the flags relation breaks any rule. */
export function anyFlag(rules: SqlRule[]): string {
    return rules.map((_, i) => `f${i} > 0`).join(' OR ') || 'FALSE';
}

/** The failing rows of the flags relation (up to `limit`, in row order; all of them without). */
export function failingFromFlags(rules: SqlRule[], flags: string, limit?: number): string {
    return `SELECT * FROM ${flags} AS flags WHERE ${anyFlag(rules)}${limit === undefined ? '' : ` ORDER BY __row LIMIT ${limit}`}`;
}
