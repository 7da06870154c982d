import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Primitive } from '@mds/language';
import { InputError } from '@mds/validate';
import { departmentOf, type ImportContext } from './context.js';
import { emptyDraft, type Constraints, type Draft, type DraftCodeList, type DraftElement, type DraftField, type DraftRecord, type Governance } from './draft.js';
import { identifierFrom, NameTable } from './names.js';
import { blankKeepingLines, closingBracket, sparkTrinoAsMysql } from './ddl-shim.js';
import { splitStatements, type Statement } from './sql-statements.js';
import { codesOf, gradeOf, opennessOf, updateOf } from './values.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- node-sql-parser's AST is untyped JSON. */
type Ast = any;
type SqlDialect = 'postgresql' | 'mysql';
interface SqlParser { astify(sql: string, options?: { database: string }): Ast }

const parsers = new Map<SqlDialect, SqlParser>();
/** node-sql-parser, one grammar per dialect (each a few MB), loaded when an import needs it. */
function parser(dialect: SqlDialect): SqlParser {
    let p = parsers.get(dialect);
    if (!p) {
        const { Parser } = createRequire(import.meta.url)(`node-sql-parser/build/${dialect}`) as { Parser: new () => SqlParser };
        parsers.set(dialect, p = new Parser());
    }
    return p;
}

interface Column {
    name: string;
    line: number;
    sqlType: string;
    length?: number;
    scale?: number;
    notNull: boolean;
    primaryKey: boolean;
    comment?: string;
    checks: Ast[];
    enumValues?: string[];
    /** MySQL `unsigned`. */
    unsigned?: boolean;
}
interface Table { schema?: string; name: string; line: number; columns: Column[]; keys: string[]; comment?: string; checks: Ast[] }

/**
 * SQL DDL → records: each `CREATE TABLE` a record, each column a field typed by an element
 * (one of the workspace when its label and type match the column's, else a new one shared by
 * columns of the same label and type); `PRIMARY KEY` → key, `NOT NULL` → required, comments →
 * labels and definitions (and governance, from the comments `mds build --targets sql` writes),
 * `varchar(n)` and `CHECK`s → constraints, `IN (…)` and MySQL `ENUM` → code lists.
 * PostgreSQL/openGauss/KingbaseES and MySQL, parsed by node-sql-parser statement by statement.
 */
export function importDdl(path: string, ctx: ImportContext): Draft {
    const file = basename(path);
    const source = readText(path);
    const lines = source.split('\n');
    const { statements, mysql } = splitStatements(source);
    const tables = new Map<string, Table>();
    const notes: string[] = [];
    const tableOf = (t: { db?: string | null; schema?: string | null; table: string }) => tables.get(t.table) ?? tables.get(`${t.db ?? t.schema}.${t.table}`);
    for (const st of statements) {
        if (/^\s*(CREATE|ALTER|COMMENT)\b/i.test(st.text) === false) continue;
        const ast = parse(st, mysql, file);
        if (ast === undefined) {
            notes.push(`${file}:${st.line}: 无法解析的语句，已跳过 / statement not understood, skipped: ${st.text.slice(0, 60).replace(/\s+/g, ' ')}`);
            continue;
        }
        for (const s of Array.isArray(ast) ? ast : [ast]) {
            if (s.type === 'create' && s.keyword === 'table') {
                const t = readTable(s, st);
                if (!t.keys.length) t.keys = keysFromMdsComment(lines, st.line);
                tables.set(t.name, t);
                if (t.schema) tables.set(`${t.schema}.${t.name}`, t);
            } else if (s.type === 'comment' && s.target?.type === 'table') {
                const t = tableOf(s.target.name);
                if (t) t.comment = stringValue(s.expr?.expr);
            } else if (s.type === 'comment' && s.target?.type === 'column') {
                const ref = s.target.name;
                const t = tableOf({ db: ref.schema ?? ref.db, table: ref.table });
                const c = t?.columns.find(x => x.name === columnName(ref));
                if (c) c.comment = stringValue(s.expr?.expr);
            } else if (s.type === 'alter') {
                const t = tableOf(s.table?.[0] ?? {});
                for (const a of s.expr ?? []) {
                    const def = a.create_definitions;
                    if (t && a.action === 'add' && def?.constraint_type === 'primary key') t.keys = def.definition.map(columnName);
                }
            }
        }
    }
    const unique = [...new Set(tables.values())];
    if (!unique.length) throw new InputError(`${file}：没有找到 CREATE TABLE 语句 / no CREATE TABLE statement found`);
    return tablesToDraft(unique, file, ctx, notes);
}

/**
 * The key that `mds sql` names in the comment above a table (`-- 自然人（t.pop.Person），主键 id`):
 * for Spark SQL and Trino, whose DDL has no PRIMARY KEY.
 */
function keysFromMdsComment(lines: string[], line: number): string[] {
    const above = lines[line - 2] ?? '';
    const m = /^--.*（[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*\.[A-Za-z][A-Za-z0-9_]*），主键 (.+)$/.exec(above.trim());
    return m ? m[1].split(',').map(k => k.trim()).filter(Boolean) : [];
}

function readText(path: string): string {
    const bytes = readFileSync(path);
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
        return new TextDecoder('gb18030').decode(bytes);
    }
}

/** A statement's AST; a CREATE TABLE the parser rejects is an error naming its line and column. */
function parse(st: Statement, mysql: boolean, file: string): Ast | undefined {
    const order: SqlDialect[] = mysql ? ['mysql', 'postgresql'] : ['postgresql', 'mysql'];
    const { text, lists } = duckdbStructsAsJson(st.text);
    let first: { message: string; location?: { start: { line: number; column: number } } } | undefined;
    for (const d of order) {
        try {
            return withLists(parser(d).astify(text, { database: d }), lists);
        } catch (e) {
            first ??= e as typeof first;
        }
    }
    // What pg_dump, openGauss and KingbaseES write and the PostgreSQL grammar lacks: identity
    // columns and storage options after the column list. Neither changes the record.
    const plain = withoutStorageClauses(text);
    if (plain !== text) {
        try {
            return withLists(parser('postgresql').astify(plain, { database: 'postgresql' }), lists);
        } catch {
            // report the first error, at its place in the statement as written
        }
    }
    // Spark SQL and Trino (`mds sql --dialect spark|trino`): their types spelled for the MySQL grammar.
    const shim = sparkTrinoAsMysql(text);
    if (shim) {
        try {
            return withLists(parser('mysql').astify(shim.text, { database: 'mysql' }), shim.lists);
        } catch {
            // as above
        }
    }
    if (!/^\s*CREATE\s+(TEMP\w*\s+|UNLOGGED\s+)?TABLE\b/i.test(st.text)) return undefined;
    const at = first?.location?.start;
    const line = at ? st.line + at.line - 1 : st.line;
    const column = at ? (at.line === 1 ? st.column + at.column - 1 : at.column) : st.column;
    const found = /but (.+) found/.exec(first?.message ?? '')?.[1];
    throw new InputError(`${file}:${line}:${column}: 无法解析 CREATE TABLE${found ? `（此处为 ${found}）` : ''} / cannot parse CREATE TABLE${found ? ` (found ${found})` : ''}`);
}

/** The AST, its CREATE TABLE told which columns were lists before they were respelled for the grammar (`T[]`, `ARRAY<T>`). */
function withLists(ast: Ast, lists: Set<string>): Ast {
    if (lists.size) for (const s of Array.isArray(ast) ? ast : [ast]) if (s?.type === 'create') s.mdsLists = lists;
    return ast;
}

/**
 * The statement with `GENERATED … AS IDENTITY [(…)]` and everything after the column list of a
 * CREATE TABLE (`WITH (orientation=row)`, `TABLESPACE`, `DISTRIBUTE BY`, `PARTITION BY`…) blanked
 * out, keeping every other character in its place.
 */
function withoutStorageClauses(text: string): string {
    const out = text.replace(/\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY(?:\s*\([^()]*\))?/gi, blankKeepingLines);
    const open = /^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP\w*\s+|UNLOGGED\s+)?TABLE\b[^(]*\(/i.exec(out);
    if (!open) return out;
    const end = closingBracket(out, open[0].length - 1);
    return out.slice(0, end) + blankKeepingLines(out.slice(end));
}

/**
 * DuckDB's `STRUCT(…)` column types (which `mds build --targets sql` writes for nested records)
 * are read as JSON columns: the PostgreSQL grammar has no STRUCT (nor `jsonb[]`: a list of them,
 * `STRUCT(…)[]`, is a JSON column remembered in `lists`). Same lines, same columns after.
 */
function duckdbStructsAsJson(text: string): { text: string; lists: Set<string> } {
    let out = '', i = 0;
    const lists = new Set<string>();
    const struct = /\bSTRUCT\s*\(/gi;
    for (let hit = struct.exec(text); hit; hit = struct.exec(text)) {
        let end = closingBracket(text, hit.index + hit[0].length - 1);
        const list = /^\s*\[\s*\]/.exec(text.slice(end));
        if (list) {
            end += list[0].length;
            const name = /(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*))\s*$/.exec(text.slice(0, hit.index));
            if (name) lists.add(name[1]?.replace(/""/g, '"') ?? name[2]);
        }
        out += text.slice(i, hit.index) + 'JSONB' + blankKeepingLines(text.slice(hit.index + 5, end));
        i = struct.lastIndex = end;
    }
    return { text: out + text.slice(i), lists };
}

function columnName(ref: Ast): string {
    const c = ref?.column;
    if (typeof c === 'string') return c;
    return String(c?.expr?.value ?? ref?.value ?? '');
}

/** A string literal's value: node-sql-parser leaves doubled quotes (and MySQL's quotes) in place. */
function stringValue(v: Ast): string | undefined {
    if (v === undefined || v === null) return undefined;
    let s = typeof v === 'string' ? v : v.value;
    if (typeof s !== 'string') return undefined;
    if (/^'.*'$/s.test(s)) s = s.slice(1, -1);
    return s.replace(/''/g, '\'').replace(/\\(['"\\])/g, '$1').trim() || undefined;
}

function readTable(s: Ast, st: Statement): Table {
    const ref = s.table?.[0] ?? {};
    const t: Table = { schema: ref.db ?? ref.schema ?? undefined, name: String(ref.table), line: st.line, columns: [], keys: [], checks: [] };
    const lines = st.text.split('\n');
    const lineOf = (name: string) => {
        const i = lines.findIndex((l, k) => k > 0 && new RegExp(`^\\s*[\`"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\`"]?\\s`).test(l));
        return st.line + Math.max(0, i);
    };
    for (const d of s.create_definitions ?? []) {
        if (d.resource === 'column') {
            const name = columnName(d.column);
            const def = d.definition ?? {};
            const c: Column = {
                name, line: lineOf(name), sqlType: String(def.dataType ?? '').toUpperCase() + (def.array ? '[]' : ''),
                length: typeof def.length === 'number' ? def.length : undefined,
                scale: typeof def.scale === 'number' ? def.scale : undefined,
                notNull: d.nullable?.type === 'not null', primaryKey: !!d.primary_key,
                comment: stringValue(d.comment?.value), checks: d.check?.definition ?? []
            };
            if (JSON.stringify(def.suffix ?? []).toUpperCase().includes('UNSIGNED')) c.unsigned = true;
            if (c.sqlType === 'ENUM' || c.sqlType === 'SET') c.enumValues = (def.expr?.value ?? []).map((v: Ast) => stringValue(v) ?? '');
            if (c.primaryKey) t.keys.push(name);
            if ((s.mdsLists as Set<string> | undefined)?.has(name) && !c.sqlType.endsWith('[]')) c.sqlType += '[]';
            t.columns.push(c);
        } else if (d.constraint_type === 'primary key') {
            t.keys = (d.definition ?? []).map(columnName);
        } else if (d.constraint_type === 'check') {
            t.checks.push(...(d.definition ?? []));
        }
    }
    for (const o of s.table_options ?? []) if (o.keyword === 'comment') t.comment = stringValue(o.value);
    return t;
}

/** What a column's type and checks say: the element's type, constraints and codes. */
interface ColumnType { type: Primitive; constraints: Constraints; codes?: string[]; list: boolean; json: boolean; untranslated: number }

const TYPES: Array<[RegExp, Primitive]> = [
    [/^(BOOL|BOOLEAN|BIT)$/, 'boolean'],
    [/^(SMALLINT|INT|INTEGER|BIGINT|TINYINT|MEDIUMINT|INT2|INT4|INT8|SERIAL|BIGSERIAL|SMALLSERIAL|HUGEINT|UBIGINT|UINTEGER)$/, 'integer'],
    [/^(NUMERIC|DECIMAL|NUMBER|REAL|FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|MONEY)$/, 'decimal'],
    [/^DATE$/, 'date'],
    [/^(TIMESTAMP|TIMESTAMPTZ|DATETIME|SMALLDATETIME)$/, 'datetime'],
    [/^(TIME|TIMETZ)$/, 'time']
];

function columnType(c: Column, table: Table): ColumnType {
    const base = c.sqlType.replace(/\[\]$/, '');
    const list = base !== c.sqlType;
    const json = /^(JSON|JSONB)$/.test(base);
    let type: Primitive = TYPES.find(([re]) => re.test(base))?.[1] ?? 'string';
    if ((base === 'TINYINT' || base === 'BIT') && c.length === 1) type = 'boolean';
    const constraints: Constraints = {};
    if (type === 'string' && c.length !== undefined && /CHAR/.test(base)) constraints.length = [/^(CHAR|NCHAR|CHARACTER|BPCHAR)$/.test(base) ? c.length : undefined, c.length];
    if (type === 'decimal' && c.scale !== undefined && !list) constraints.scale = c.scale;
    if ((type === 'integer' || type === 'decimal') && c.unsigned) constraints.range = ['0', undefined];
    const out: ColumnType = { type, constraints, list, json, untranslated: 0, codes: c.enumValues };
    const checks = [...c.checks, ...table.checks.filter(ch => mentionsOnly(ch, c.name))];
    for (const ch of checks) for (const part of conjuncts(ch)) if (!applyCheck(part, c.name, out)) out.untranslated++;
    return out;
}

const conjuncts = (e: Ast): Ast[] => e?.type === 'binary_expr' && /^AND$/i.test(e.operator) ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];

function mentionsOnly(e: Ast, column: string): boolean {
    const names = new Set<string>();
    const walk = (x: Ast) => {
        if (!x || typeof x !== 'object') return;
        if (x.type === 'column_ref') names.add(columnName(x));
        for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
    };
    walk(e);
    return names.size === 1 && names.has(column);
}

const isColumn = (e: Ast, name: string) => e?.type === 'column_ref' && columnName(e) === name;
const isLength = (e: Ast, name: string) => e?.type === 'function' && /^(char_length|character_length|length|len)$/i.test(e.name?.name?.[0]?.value ?? e.name ?? '') && isColumn(e.args?.value?.[0], name);

function literal(e: Ast): number | string | undefined {
    if (e?.type === 'cast') return literal(e.expr); // `(0)::numeric`, as pg_dump writes constants
    if (e?.type === 'number') return Number(e.value);
    if (e?.type === 'unary_expr' && e.operator === '-' && e.expr?.type === 'number') return -Number(e.expr.value);
    if (e?.type === 'date') return String(e.value);
    if (e?.type === 'single_quote_string' || e?.type === 'string') return stringValue(e);
    return undefined;
}

/** One condition of a CHECK as a constraint; false when it is not one MDS can say. */
function applyCheck(e: Ast, name: string, out: ColumnType): boolean {
    if (e?.parentheses && e.type === 'binary_expr' && /^AND$/i.test(e.operator)) return conjuncts({ ...e, parentheses: false }).every(x => applyCheck(x, name, out));
    if (e?.type !== 'binary_expr') {
        const fn = String(e?.name?.name?.[0]?.value ?? '').toLowerCase();
        if (e?.type === 'function' && /^(regexp_full_match|regexp_like|regexp_matches)$/.test(fn) && isColumn(e.args?.value?.[0], name)) {
            const p = stringValue(e.args.value[1]);
            if (p === undefined || e.args.value.length > 2) return false;
            // DuckDB's regexp_full_match matches the whole value, as MDS patterns do; the others search.
            out.constraints.pattern = fn === 'regexp_full_match' ? /^\^\(\?:(.*)\)\$$/s.exec(p)?.[1] ?? p : unanchored(p);
            return true;
        }
        return false;
    }
    const op = String(e.operator).toUpperCase();
    if (op === 'IN' && isColumn(e.left, name)) {
        const values = (e.right?.value ?? []).map(literal);
        if (values.some((v: unknown) => v === undefined)) return false;
        out.codes = values.map(String);
        return true;
    }
    if (op === 'BETWEEN' && isColumn(e.left, name)) {
        const [a, b] = (e.right?.value ?? []).map(literal);
        return bound(out, '>=', a) && bound(out, '<=', b);
    }
    if ((op === '~' || op === 'REGEXP' || op === 'RLIKE' || op === 'SIMILAR TO') && isColumn(e.left, name)) {
        const p = stringValue(e.right);
        if (p === undefined || op === 'SIMILAR TO') return false;
        out.constraints.pattern = unanchored(p);
        return true;
    }
    if (!['>=', '<=', '>', '<', '='].includes(op)) return false;
    if (e.left?.type === 'function' && /^scale$/i.test(e.left.name?.name?.[0]?.value ?? '') && isColumn(e.left.args?.value?.[0], name) && op === '<=') {
        out.constraints.scale = Number(literal(e.right));
        return Number.isInteger(out.constraints.scale);
    }
    const value = literal(e.right);
    if (isLength(e.left, name) && typeof value === 'number') {
        const [min, max] = out.constraints.length ?? [undefined, undefined];
        const n = op === '>' ? value + 1 : op === '<' ? value - 1 : value;
        out.constraints.length = op === '=' ? [n, n] : op.startsWith('>') ? [n, max] : [min, n];
        return true;
    }
    if (isColumn(e.left, name)) return bound(out, op, value);
    return false;
}

function bound(out: ColumnType, op: string, value: number | string | undefined): boolean {
    if (value === undefined || !['>=', '<=', '>', '<'].includes(op)) return false;
    const strict = op === '>' || op === '<';
    let v: number | string;
    if (out.type === 'integer' || out.type === 'decimal') {
        if (typeof value !== 'number' || (strict && out.type !== 'integer')) return false;
        v = strict ? value + (op === '>' ? 1 : -1) : value;
    } else if (out.type === 'date') {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || strict) return false;
        v = value;
    } else {
        return false;
    }
    const [min, max] = out.constraints.range ?? [undefined, undefined];
    out.constraints.range = op.startsWith('>') ? [String(v), max] : [min, String(v)];
    return true;
}

/** `^(?:p)$` or `^p$` → `p`: MDS patterns match the whole value. */
function unanchored(p: string): string {
    const m = /^\^\(\?:(.*)\)\$$/s.exec(p) ?? /^\^(.*)\$$/s.exec(p);
    return m ? m[1] : `.*(?:${p}).*`;
}

/** `标签。定义。数源部门：…；分级：…` (what `mds build --targets sql` writes) or any comment. */
function readComment(text: string | undefined, ctx: ImportContext): Governance & { label?: string } {
    if (!text) return {};
    const parts = text.split('。').map(s => s.trim()).filter(Boolean);
    const out: Governance & { label?: string } = {};
    const last = parts.at(-1) ?? '';
    if (parts.length > 1 && /^(数源部门|分级|共享属性)：/.test(last)) {
        parts.pop();
        const items: string[] = [];
        for (const piece of last.split('；')) {
            if (/^(数源部门|分级|共享属性|共享条件|开放属性|更新周期)：|^含个人信息$/.test(piece) || !items.length) items.push(piece);
            else items[items.length - 1] += `；${piece}`;
        }
        for (const item of items) {
            const [key, value = ''] = item.split(/：(.*)/s);
            if (item === '含个人信息') out.personal = true;
            else if (key === '数源部门') out.steward = departmentOf(ctx, value);
            else if (key === '分级') out.grade = gradeOf(value);
            else if (key === '共享属性') out.share = opennessOf(value);
            else if (key === '共享条件') out.condition = value;
            else if (key === '开放属性') out.open = opennessOf(value);
            else if (key === '更新周期') out.update = updateOf(value);
        }
    }
    out.label = parts.shift();
    if (parts.length) out.definition = parts.join('。');
    return out;
}

type WorkspaceElement = NonNullable<ImportContext['elements']>[number];

function tablesToDraft(tables: Table[], file: string, ctx: ImportContext, notes: string[]): Draft {
    // The workspace's elements by label, once: each column looks up its label, not the whole list.
    const byLabel = new Map<string, WorkspaceElement[]>();
    for (const e of ctx.elements ?? []) {
        if (e.label === undefined) continue;
        const list = byLabel.get(e.label);
        if (list) list.push(e); else byLabel.set(e.label, [e]);
    }
    const draft = emptyDraft();
    draft.notes.push(...notes);
    const types = new NameTable(), byShape = new Map<string, string>();
    const recordNames = new Map<Table, string>(tables.map(t => [t, types.take(identifierFrom([t.name], 'type') ?? `Table${t.line}`)]));
    for (const t of tables) {
        const comment = readComment(t.comment, ctx);
        const record: DraftRecord = {
            ...comment, name: recordNames.get(t)!, fields: [], origin: `${file}:${t.line}`,
            steward: comment.steward ?? ctx.steward
        };
        const fieldNames = new NameTable();
        for (const c of t.columns) {
            const ct = columnType(c, t);
            const { label: columnLabel, definition } = readComment(c.comment, ctx);
            // `性别(1-男,2-女)` or `状态：1-有效，2-注销`: a label with its codes, as MySQL comments often are.
            const inline = /^(.+?)[（(](.+)[）)]$/.exec(columnLabel ?? '') ?? /^([^：:]+)[：:]\s*(.+)$/.exec(columnLabel ?? '');
            const inlineCodes = !ct.codes && inline ? codesOf(inline[2]) : undefined;
            const label = inlineCodes ? inline![1].trim() : columnLabel;
            const evidence: string[] = [];
            if (ct.json) evidence.push(`${c.sqlType} 列：结构未知，按字符串导入 / JSON column imported as string`);
            if (ct.untranslated) evidence.push(`${ct.untranslated} 个 CHECK 条件无法转换为约束，请人工补充 / CHECK conditions not translated`);
            const codes = inlineCodes ?? ct.codes?.map(code => ({ code, label: code }));
            const element = elementFor(draft, byLabel, types, byShape, {
                name: identifierFrom([c.name], 'type') ?? `Column${c.line}`, label, definition,
                primitive: ct.type, constraints: ct.constraints, codes, origin: `${file}:${c.line}`, evidence, steward: record.steward
            });
            const field: DraftField = {
                name: fieldNames.take(identifierFrom([c.name], 'field') ?? `column${c.line}`),
                type: element, optional: !c.notNull && !t.keys.includes(c.name), key: t.keys.includes(c.name),
                ...(ct.list ? { list: {} } : {})
            };
            record.fields.push(field);
        }
        if (!record.fields.length) { draft.notes.push(`${file}:${t.line}: 表 ${t.name} 没有列，已跳过 / table without columns skipped`); continue; }
        draft.records.push(record);
    }
    return draft;
}

interface ElementWish { name: string; label?: string; definition?: string; primitive: Primitive; constraints: Constraints; codes?: Array<{ code: string; label: string }>; origin: string; evidence: string[]; steward?: string }

/**
 * The element a column is typed by: an element of the workspace with the same label and type,
 * else one of this import with the same label, type and constraints, else a new one.
 */
function elementFor(draft: Draft, byLabel: Map<string, WorkspaceElement[]>, names: NameTable, byShape: Map<string, string>, w: ElementWish): string {
    const known = w.label === undefined ? undefined : byLabel.get(w.label)?.find(e => w.codes ? e.codeList !== undefined : e.primitive === w.primitive);
    if (known) return known.qualifiedName;
    const shape = JSON.stringify([w.label ?? w.name, w.primitive, w.constraints, w.codes]);
    const made = byShape.get(shape);
    if (made) return made;
    const name = names.take(w.name);
    let type: DraftElement['type'] = { primitive: w.primitive };
    if (w.codes?.length) {
        const list: DraftCodeList = { name: names.take(`${name}Code`), label: w.label ? `${w.label}代码` : undefined, codes: w.codes, origin: w.origin, steward: w.steward };
        draft.codeLists.push(list);
        type = { codeList: list.name };
    }
    draft.elements.push({
        name, label: w.label, definition: w.definition, type, constraints: 'codeList' in type ? {} : w.constraints,
        origin: w.origin, evidence: w.evidence.length ? w.evidence : undefined, steward: w.steward
    });
    byShape.set(shape, name);
    return name;
}
