/** The SQL dialects MDS writes. */
export const DIALECTS = ['duckdb', 'postgres', 'spark', 'trino'] as const;
export type DialectName = typeof DIALECTS[number];

/**
 * What differs between engines: quoting, literals, regular expressions, string and list functions,
 * types. Everything else in the generated SQL is shared, so the four scripts match statement by
 * statement (a test compares them).
 */
export interface Dialect {
    name: DialectName;
    /** A quoted identifier. */
    id(name: string): string;
    /** A string literal. */
    str(s: string): string;
    /** Whether `v` matches the whole of the ECMAScript-style pattern (`i`: ignore case). */
    matches(v: string, pattern: string, i?: boolean): string;
    /** Length in characters (code points). */
    length(v: string): string;
    /** A number from text already known to be numeric. */
    toNumber(v: string): string;
    /** An integer from 1–4 digits of text already known to be digits. */
    toInt(v: string): string;
    /** An integer from text of up to 18 digits; NULL, never an error, for any other text. */
    toBigint(v: string): string;
    /** Integer division of non-negative integers. */
    intDiv(a: string, b: string): string;
    /**
     * A cell as the streaming validator reads a number, boolean, date or time: without the white
     * space ECMAScript's `trim()` removes at its ends, unless it is white space only (still a
     * value, which breaks the type). Where the engines read data files and tables (DuckDB, PostgreSQL).
     */
    trimCell?(v: string): string;
    /** The characters of a text as a list, where the engine makes one cheaper than substrings. */
    characters?(v: string): string;
    /** Item `i` (1-based) of a list from `characters`. */
    item?(list: string, i: number): string;
    /** The value of one digit character (the caller knows it is a digit): its code point minus 48, no cast. */
    digit(c: string): string;
    /**
     * Whether text already matching `YYYY-MM-DD` is a date of the (proleptic Gregorian) calendar,
     * where the engine can say so itself; without it the generator checks year, month and day.
     */
    calendarDate?(text: string): string;
    /**
     * Whether a number from `toNumber` is finite, where the engine's cast overflows to infinity
     * (DuckDB: `1e999` is `inf`, as `Number('1e999')` is Infinity, which the validators reject)
     * or to NULL (PostgreSQL, see pgNumber).
     */
    finite?(n: string): string;
    /** Position (1-based, 0 if absent) of the one-character `needle` in the constant `haystack`. */
    position(haystack: string, needle: string): string;
    /** The items of a list cell: a JSON array, or items separated by `;` (trimmed, empty ones dropped). */
    listItems(v: string): string;
    /** The number of items of a list expression. */
    listSize(list: string): string;
    /** The number of items of a list expression for which `predicate(x)` holds. */
    listCount(list: string, predicate: (x: string) => string): string;
    /**
     * Ends a subquery whose computed columns must be computed once per row, not copied into every
     * expression that reads them (PostgreSQL pulls subqueries up and would evaluate a shared
     * column once per reference: a citizen ID's 17 digits 17 times).
     */
    fence?: string;
    /** A text expression ordered by code points, whatever the database's collation. */
    binary(v: string): string;
    /** Materialize a CTE referenced more than once, where the dialect can say so. */
    materialized: string;
    /** `IS DISTINCT FROM`-free comparison helpers are standard; the integer type name: */
    bigint: string;
    /** Column types of the DDL. */
    types: { string: string; integer: string; decimal(scale?: number): string; boolean: string; date: string; datetime: string; time: string; json: string };
    /** A nested record type from field definitions, or undefined when the dialect stores nested data as JSON. */
    struct?(fields: Array<[string, string]>): string;
    /** A list type of an item type, or undefined when the dialect stores lists as JSON. */
    list?(item: string): string;
    /** Whether CHECK constraints are enforced (so the DDL writes them). */
    checks: boolean;
    /** Column comments: inline (`COMMENT '…'` after the type) or separate statements. */
    comments: 'inline' | 'statements';
}

const ansiString = (s: string) => `'${s.replace(/'/g, "''")}'`;
/**
 * A DuckDB string literal. The C API takes a statement's text up to its first NUL: a value holding
 * U+0000 (`"\u0000"` in a JSONL line) cut the statement short ("unterminated quoted string"), so
 * NUL is written as chr(0).
 */
const duckString = (s: string) => s.includes('\0') ? `(${s.split('\0').map(ansiString).join(' || chr(0) || ')})` : ansiString(s);

/**
 * The characters ECMAScript's `String.prototype.trim` removes (white space and line terminators):
 * as the body of a pattern's character class (control characters escaped, so scripts keep their
 * lines), and as an SQL text expression for trim functions.
 */
const WIDE_SPACE = '\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
export const WHITE_SPACE = ' \\t\\n\\x0B\\f\\r' + WIDE_SPACE;
const WHITE_SPACE_TEXT = `' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '${WIDE_SPACE}'`;
const doubleQuoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Anchors an ECMAScript pattern for engines whose match is a search. */
const anchored = (p: string) => `^(?:${p})$`;

export const duckdb: Dialect = {
    name: 'duckdb',
    id: doubleQuoted,
    str: duckString,
    matches: (v, p, i) => `regexp_full_match(${v}, ${ansiString(p)}${i ? ", 'i'" : ''})`,
    // Trimming with a set of characters is slow in DuckDB (426 ms a million values): only padded values are trimmed.
    trimCell: v => `CASE WHEN regexp_matches(${v}, '^[${WHITE_SPACE}]|[${WHITE_SPACE}]$') AND NOT regexp_full_match(${v}, '[${WHITE_SPACE}]+') THEN trim(${v}, ${WHITE_SPACE_TEXT}) ELSE ${v} END`,
    length: v => `length(${v})`,
    toNumber: v => `TRY_CAST(${v} AS DOUBLE)`,
    toInt: v => `TRY_CAST(${v} AS INTEGER)`,
    toBigint: v => `TRY_CAST(${v} AS BIGINT)`,
    intDiv: (a, b) => `(${a} // ${b})`,
    characters: v => `string_split(${v}, '')`,
    item: (l, i) => `${l}[${i}]`,
    // DuckDB's date cast follows the proleptic Gregorian calendar, year 0000 included (checked against the generated validators' rule).
    calendarDate: t => `TRY_CAST(${t} AS DATE) IS NOT NULL`,
    finite: n => `isfinite(${n})`,
    position: (h, n) => `strpos(${h}, ${n})`,
    digit: c => `(ascii(${c}) - 48)`,
    listItems: v => `CASE WHEN ${v} IS NULL THEN NULL WHEN trim(${v}) LIKE '[%' AND json_valid(${v}) AND json_type(${v}) = 'ARRAY' THEN CAST(json_extract_string(${v}, '$[*]') AS VARCHAR[]) `
        + `ELSE list_filter(list_transform(regexp_split_to_array(${v}, '[;；]'), x -> trim(x, ${WHITE_SPACE_TEXT})), x -> x <> '') END`,
    listSize: l => `len(${l})`,
    listCount: (l, p) => `len(list_filter(${l}, x -> ${p('x')}))`,
    binary: v => v,
    materialized: 'MATERIALIZED ',
    bigint: 'BIGINT',
    types: { string: 'VARCHAR', integer: 'BIGINT', decimal: s => s === undefined ? 'DOUBLE' : `DECIMAL(38, ${s})`, boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMPTZ', time: 'TIMETZ', json: 'JSON' },
    struct: fields => `STRUCT(${fields.map(([n, t]) => `${doubleQuoted(n)} ${t}`).join(', ')})`,
    list: item => `${item}[]`,
    checks: true,
    comments: 'statements'
};

/** The least magnitude a double rounds to infinity from (2¹⁰²⁴ − 2⁹⁷⁰), and the greatest it rounds to 0 from (2⁻¹⁰⁷⁵). */
const DOUBLE_OVERFLOW = (2n ** 1024n - 2n ** 970n).toString();
const DOUBLE_UNDERFLOW = `${5n ** 1075n}e-1075`;

/**
 * PostgreSQL's casts to double precision fail on what overflows or underflows it (`1e999`,
 * `1e-400`), where ECMAScript's Number gives ±Infinity or 0. The number as ECMAScript reads it,
 * through numeric (exact), NULL where it is not finite; never an error: the text is matched first,
 * and exponents of more than three digits decide by their sign (a text of more than 15,000
 * characters with such an exponent, or a 1,000-digit mantissa against a 1,000+ exponent, is not
 * read as ECMAScript would; numeric cannot hold them).
 */
function pgNumber(v: string): string {
    const n = `CAST(${v} AS numeric)`;
    const mantissa = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
    // Without an exponent and within 250 characters, the cast can neither overflow nor underflow (a length, not a
    // pattern of counted digits: PostgreSQL matches `[0-9]{1,250}` 30 times slower).
    return `CASE WHEN ${v} ~ '^${mantissa}$' AND length(${v}) <= 250 THEN CAST(${v} AS double precision) `
        + `WHEN ${v} ~ '^[+-]?\\.?0[0.]*(?:[eE][+-]?[0-9]+)?$' THEN CAST(0 AS double precision) `
        + `WHEN ${v} ~ '^${mantissa}(?:[eE][+-]?0*[0-9]{1,3})?$' AND length(${v}) <= 15000 THEN CASE WHEN abs(${n}) <= CAST('${DOUBLE_UNDERFLOW}' AS numeric) THEN CAST(0 AS double precision) `
        + `WHEN abs(${n}) < ${DOUBLE_OVERFLOW} THEN CAST(${n} AS double precision) END `
        + `WHEN ${v} ~ '^${mantissa}[eE]-[0-9]+$' THEN CAST(0 AS double precision) END`;
}

export const postgres: Dialect = {
    name: 'postgres',
    id: doubleQuoted,
    str: ansiString,
    matches: (v, p, i) => `(${v} ${i ? '~*' : '~'} ${ansiString(anchored(p))})`,
    trimCell: v => `CASE WHEN ${v} ~ '^[${WHITE_SPACE}]|[${WHITE_SPACE}]$' AND ${v} !~ '^[${WHITE_SPACE}]+$' THEN btrim(${v}, ${WHITE_SPACE_TEXT}) ELSE ${v} END`,
    length: v => `char_length(${v})`,
    toNumber: pgNumber,
    finite: n => `${n} IS NOT NULL`,
    toInt: v => `CAST(${v} AS integer)`,
    // A length, not `[0-9]{1,18}`: PostgreSQL matches counted repetitions several times slower.
    toBigint: v => `CASE WHEN ${v} ~ '^[0-9]+$' AND length(${v}) <= 18 THEN CAST(${v} AS bigint) END`,
    fence: 'OFFSET 0',
    intDiv: (a, b) => `(${a} / ${b})`,
    position: (h, n) => `strpos(${h}, ${n})`,
    digit: c => `(ascii(${c}) - 48)`,
    listItems: v => `CASE WHEN ${v} ~ '^\\s*\\[.*\\]\\s*$' THEN ARRAY(SELECT jsonb_array_elements_text(CAST(${v} AS jsonb))) `
        + `ELSE array_remove(ARRAY(SELECT btrim(x, ${WHITE_SPACE_TEXT}) FROM unnest(regexp_split_to_array(${v}, '[;；]')) AS x), '') END`,
    listSize: l => `cardinality(${l})`,
    listCount: (l, p) => `(SELECT count(*) FROM unnest(${l}) AS x WHERE ${p('x')})`,
    binary: v => `${v} COLLATE "C"`,
    materialized: 'MATERIALIZED ',
    bigint: 'bigint',
    types: { string: 'text', integer: 'bigint', decimal: () => 'numeric', boolean: 'boolean', date: 'date', datetime: 'timestamptz', time: 'timetz', json: 'jsonb' },
    checks: true,
    comments: 'statements'
};

export const spark: Dialect = {
    name: 'spark',
    id: name => `\`${name.replace(/`/g, '``')}\``,
    // Spark SQL reads backslash escapes in literals: double them so patterns survive.
    str: s => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
    matches: (v, p, i) => `(${v} RLIKE '${(i ? '(?i)' : '') + anchored(p).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`,
    length: v => `char_length(${v})`,
    toNumber: v => `TRY_CAST(${v} AS DOUBLE)`,
    // Java reads 1e999 as Infinity.
    finite: n => `abs(${n}) < CAST('Infinity' AS DOUBLE)`,
    toInt: v => `TRY_CAST(${v} AS INT)`,
    toBigint: v => `TRY_CAST(${v} AS BIGINT)`,
    intDiv: (a, b) => `(${a} div ${b})`,
    position: (h, n) => `instr(${h}, ${n})`,
    digit: c => `(ascii(${c}) - 48)`,
    listItems: v => `CASE WHEN ${v} IS NULL THEN NULL WHEN trim(${v}) LIKE '[%' THEN from_json(${v}, 'array<string>') ELSE filter(transform(split(${v}, '[;；]'), x -> trim(x)), x -> x <> '') END`,
    listSize: l => `size(${l})`,
    listCount: (l, p) => `size(filter(${l}, x -> ${p('x')}))`,
    binary: v => v,
    materialized: '',
    bigint: 'BIGINT',
    types: { string: 'STRING', integer: 'BIGINT', decimal: s => s === undefined ? 'DOUBLE' : `DECIMAL(38, ${s})`, boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP', time: 'STRING', json: 'STRING' },
    struct: fields => `STRUCT<${fields.map(([n, t]) => `\`${n}\`: ${t}`).join(', ')}>`,
    list: item => `ARRAY<${item}>`,
    checks: false,
    comments: 'inline'
};

export const trino: Dialect = {
    name: 'trino',
    id: doubleQuoted,
    str: ansiString,
    matches: (v, p, i) => `regexp_like(${v}, ${ansiString((i ? '(?i)' : '') + anchored(p))})`,
    length: v => `length(${v})`,
    toNumber: v => `TRY_CAST(${v} AS DOUBLE)`,
    finite: n => `is_finite(${n})`,
    toInt: v => `TRY_CAST(${v} AS INTEGER)`,
    toBigint: v => `TRY_CAST(${v} AS BIGINT)`,
    intDiv: (a, b) => `(${a} / ${b})`,
    position: (h, n) => `strpos(${h}, ${n})`,
    digit: c => `(codepoint(CAST(${c} AS VARCHAR(1))) - 48)`,
    listItems: v => `CASE WHEN ${v} IS NULL THEN NULL WHEN trim(${v}) LIKE '[%' THEN CAST(json_parse(${v}) AS ARRAY(VARCHAR)) ELSE filter(transform(regexp_split(${v}, '[;；]'), x -> trim(x)), x -> x <> '') END`,
    listSize: l => `cardinality(${l})`,
    listCount: (l, p) => `cardinality(filter(${l}, x -> ${p('x')}))`,
    binary: v => v,
    materialized: '',
    bigint: 'BIGINT',
    types: { string: 'VARCHAR', integer: 'BIGINT', decimal: s => s === undefined ? 'DOUBLE' : `DECIMAL(38, ${s})`, boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP(3) WITH TIME ZONE', time: 'TIME(3) WITH TIME ZONE', json: 'JSON' },
    struct: fields => `ROW(${fields.map(([n, t]) => `${doubleQuoted(n)} ${t}`).join(', ')})`,
    list: item => `ARRAY(${item})`,
    checks: false,
    comments: 'inline'
};

export const DIALECT: Record<DialectName, Dialect> = { duckdb, postgres, spark, trino };
