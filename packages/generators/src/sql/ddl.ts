import {
    ATTRIBUTE_LABELS, OPEN_LABELS, SHARE_LABELS, VALUE_LABELS,
    type CodeListModel, type ElementModel, type FieldModel, type RecordModel, type SemanticModel
} from '@mds/language';
import type { Dialect } from './dialect.js';

/** The schema of a namespace's tables: `minhang.population` → `minhang_population`. */
export const schemaName = (namespace: string) => namespace.replace(/\./g, '_');

/** A table's qualified, quoted name. */
export const tableName = (d: Dialect, r: RecordModel) => `${d.id(schemaName(r.namespace))}.${d.id(r.name)}`;

/** User text on one line, for `--` comments (a line break would end the comment). */
export const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

/** The column type of a field: scalar, structured (records, lists) or JSON where the dialect has no structures. */
export function columnType(model: SemanticModel, f: FieldModel, d: Dialect, seen: string[] = []): string {
    const item = itemType(model, f, d, seen);
    return f.list ? (d.list ? d.list(item) : d.types.json) : item;
}

function itemType(model: SemanticModel, f: FieldModel, d: Dialect, seen: string[]): string {
    if ('record' in f.type) {
        const target = model.declarations.get(f.type.record) as RecordModel | undefined;
        if (!target || !d.struct || seen.includes(target.qualifiedName) || seen.length >= 3) return d.types.json;
        return d.struct(target.fields.map(x => [x.name, columnType(model, x, d, [...seen, target.qualifiedName])]));
    }
    const e = model.declarations.get(f.type.element) as ElementModel | undefined;
    if (!e || 'codeList' in e.type) return d.types.string;
    switch (e.type.primitive) {
        case 'string': return d.types.string;
        case 'integer': return d.types.integer;
        case 'decimal': return d.types.decimal(e.constraints.scale);
        case 'boolean': return d.types.boolean;
        case 'date': return d.types.date;
        case 'datetime': return d.types.datetime;
        case 'time': return d.types.time;
    }
}

/** The Chinese comment of a record or field: label, definition and governance. */
function describe(model: SemanticModel, label: string | undefined, definition: string | undefined, governance?: RecordModel['governance']): string {
    const parts = [label, definition].filter(Boolean) as string[];
    if (governance) {
        const steward = governance.steward ? model.declarations.get(governance.steward) : undefined;
        parts.push([
            steward ? `${ATTRIBUTE_LABELS.steward}：${steward.label ?? steward.name}` : '',
            `${ATTRIBUTE_LABELS.grade}：${VALUE_LABELS[governance.grade]}`,
            governance.personal ? '含个人信息' : '',
            `${ATTRIBUTE_LABELS.share}：${SHARE_LABELS[governance.share]}`,
            governance.condition ? `${ATTRIBUTE_LABELS.condition}：${governance.condition}` : '',
            `${ATTRIBUTE_LABELS.open}：${OPEN_LABELS[governance.open]}`,
            governance.update ? `${ATTRIBUTE_LABELS.update}：${VALUE_LABELS[governance.update]}` : ''
        ].filter(Boolean).join('；'));
    }
    return parts.join('。');
}

/** CHECK constraints of a scalar column where the dialect enforces them. */
function columnChecks(model: SemanticModel, f: FieldModel, d: Dialect): string[] {
    if (!d.checks || f.list || 'record' in f.type) return [];
    const e = model.declarations.get(f.type.element) as ElementModel | undefined;
    if (!e) return [];
    const c = d.id(f.name);
    const out: string[] = [];
    if ('codeList' in e.type) {
        const list = model.declarations.get(e.type.codeList) as CodeListModel | undefined;
        if (list?.entries.length) out.push(`${c} IN (${list.entries.map(x => d.str(x.code)).join(', ')})`);
        return out;
    }
    const k = e.constraints;
    if (e.type.primitive === 'string') {
        if (k.length?.min !== undefined) out.push(`${d.length(c)} >= ${k.length.min}`);
        if (k.length?.max !== undefined) out.push(`${d.length(c)} <= ${k.length.max}`);
        if (k.pattern !== undefined) out.push(d.matches(c, k.pattern));
    }
    if ((e.type.primitive === 'integer' || e.type.primitive === 'decimal')) {
        if (typeof k.range?.min === 'number') out.push(`${c} >= ${k.range.min}`);
        if (typeof k.range?.max === 'number') out.push(`${c} <= ${k.range.max}`);
        if (e.type.primitive === 'decimal' && k.scale !== undefined && d.name === 'postgres') out.push(`scale(${c}) <= ${k.scale}`);
    }
    if (e.type.primitive === 'date') {
        if (typeof k.range?.min === 'string') out.push(`${c} >= DATE ${d.str(k.range.min)}`);
        if (typeof k.range?.max === 'string') out.push(`${c} <= DATE ${d.str(k.range.max)}`);
    }
    return out;
}

/**
 * `CREATE TABLE` for a record with a key: one column per field (inherited ones included), the
 * key as PRIMARY KEY where the dialect has one, NOT NULL on required fields, CHECK constraints
 * where enforced, and the Chinese label, definition and governance as comments.
 */
export function createTable(model: SemanticModel, r: RecordModel, d: Dialect): string[] {
    const table = tableName(d, r);
    const inlinePk = d.name === 'duckdb' || d.name === 'postgres';
    const columns = r.fields.map(f => {
        // One CHECK per column (its conditions joined by AND): SQL parsers that keep one check per column lose none.
        const conditions = columnChecks(model, f, d);
        const checks = conditions.length ? ` CHECK (${conditions.join(' AND ')})` : '';
        const comment = d.comments === 'inline' ? ` COMMENT ${d.str(describe(model, f.label, undefined))}` : '';
        return `    ${d.id(f.name)} ${columnType(model, f, d)}${f.optional ? '' : ' NOT NULL'}${checks}${comment}`;
    });
    if (inlinePk && r.keys.length) columns.push(`    PRIMARY KEY (${r.keys.map(k => d.id(k)).join(', ')})`);
    const tableComment = describe(model, r.label, r.definition, r.governance);
    const statements = [
        `-- ${oneLine(r.label ?? r.name)}（${r.qualifiedName}）${r.keys.length ? `，主键 ${r.keys.join(', ')}` : ''}`,
        `CREATE TABLE ${table} (\n${columns.join(',\n')}\n)${d.comments === 'inline' ? ` COMMENT ${d.str(tableComment)}` : ''};`
    ];
    if (d.comments === 'statements') {
        statements.push(`COMMENT ON TABLE ${table} IS ${d.str(tableComment)};`);
        for (const f of r.fields) statements.push(`COMMENT ON COLUMN ${table}.${d.id(f.name)} IS ${d.str(describe(model, f.label, undefined))};`);
    }
    return statements;
}
