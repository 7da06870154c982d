import { departmentOf, type ImportContext } from './context.js';
import type { Draft, DraftField, DraftRecord } from './draft.js';
import { identifierFrom, isFieldName, type NameTable } from './names.js';
import { localName, roles, type Table } from './table.js';
import { gradeOf, opennessOf, updateOf, yesNo } from './values.js';

/** Column roles of the catalog's 资源目录 (one row per record) and 数据项 (one row per field) sheets. */
export const RESOURCE_COLUMNS: Record<string, string[]> = {
    code: ['资源代码'], label: ['资源名称'], keys: ['主键'], definition: ['定义', '资源摘要'], extends: ['继承'],
    steward: ['数源部门', '提供部门'], share: ['共享属性', '共享类型'], condition: ['共享条件'], open: ['开放属性', '开放类型'],
    update: ['更新周期', '更新频率'], grade: ['分级'], personal: ['个人信息'], synonyms: ['同义词', '同义名称'], source: ['来源标准']
};
export const ITEM_COLUMNS: Record<string, string[]> = {
    resource: ['资源代码'], label: ['数据项名称'], field: ['字段', '字段名'], target: ['数据元代码'], required: ['必填', '是否必填'],
    key: ['主键', '是否主键'], list: ['列表']
};

export interface CatalogContext {
    names: NameTable;
    /** Qualified names of the catalog → names in the draft (elements and code lists so far). */
    qualified: Map<string, string>;
    file: string;
    ctx: ImportContext;
}

/**
 * The records of a resource catalog as `mds catalog` writes it (资源目录 + 数据项 sheets beside
 * the 数据元 sheet): governance from the resource row, fields from the item rows, each typed by
 * the element or record its 数据元代码 names. Nothing when the workbook has no such sheets.
 */
export function catalogRecords(tables: Table[], draft: Draft, c: CatalogContext): void {
    const resources = tables.find(t => { const r = roles(t.header, RESOURCE_COLUMNS); return r.has('code') && r.has('label') && r.has('keys'); });
    const items = tables.find(t => { const r = roles(t.header, ITEM_COLUMNS); return r.has('resource') && r.has('field') && r.has('target'); });
    if (!resources || !items) return;
    const rr = roles(resources.header, RESOURCE_COLUMNS), ir = roles(items.header, ITEM_COLUMNS);
    const at = (row: string[], r: Map<string, number>, role: string) => r.has(role) ? row[r.get(role)!] || undefined : undefined;
    // Names first: fields may refer to records further down.
    for (const row of resources.rows) {
        const code = at(row.cells, rr, 'code');
        if (code && !c.qualified.has(code)) c.qualified.set(code, c.names.take(localName(code) ?? `Record${row.line}`));
    }
    const byRecord = new Map<string, Array<{ line: number; cells: string[] }>>();
    for (const row of items.rows) {
        const code = at(row.cells, ir, 'resource');
        if (!code) continue;
        const rows = byRecord.get(code);
        if (rows) rows.push(row); else byRecord.set(code, [row]);
    }
    /**
     * The type of a field whose 数据元代码 names nothing of the catalog or the workspace (a row of
     * the 数据元 sheet deleted, a cell overwritten): a string element of its own, said in a note,
     * rather than a reference that does not resolve (or does not parse) and no file at all.
     */
    const standIns = new Map<string, string>();
    const standIn = (target: string, label: string, line: number): string => {
        let name = standIns.get(target);
        if (name) return name;
        name = c.names.take(identifierFrom([localName(target), label], 'type') ?? `Element${line}`);
        standIns.set(target, name);
        draft.elements.push({
            name, label, type: { primitive: 'string' }, constraints: {}, origin: `${c.file}:${items.sheet ? `${items.sheet}!` : ''}${line}`, steward: c.ctx.steward,
            evidence: [`数据元代码“${target}”在资源目录和标准中都没有，按字符串新建 / ${JSON.stringify(target)} is neither in the catalog nor in the standards: a string element was made`]
        });
        return name;
    };
    // The label a field inherits from its type: an element's of this draft, or a record's (by its code in the catalog).
    const labels = new Map<string, string | undefined>(draft.elements.map(e => [e.name, e.label]));
    const recordLabels = new Map(resources.rows.map(row => [at(row.cells, rr, 'code'), at(row.cells, rr, 'label')]));
    for (const row of resources.rows) {
        const code = at(row.cells, rr, 'code');
        if (!code) continue;
        const name = c.qualified.get(code)!;
        const label = at(row.cells, rr, 'label');
        const parent = at(row.cells, rr, 'extends');
        const inherited = new Set(parent ? (byRecord.get(parent) ?? []).map(r => at(r.cells, ir, 'field')) : []);
        const record: DraftRecord = {
            name, label: label !== name ? label : undefined, origin: `${c.file}:${resources.sheet}!${row.line}`, fields: [],
            definition: at(row.cells, rr, 'definition'),
            steward: departmentOf(c.ctx, at(row.cells, rr, 'steward')) ?? c.ctx.steward,
            share: opennessOf(at(row.cells, rr, 'share')), condition: at(row.cells, rr, 'condition'), open: opennessOf(at(row.cells, rr, 'open')),
            update: updateOf(at(row.cells, rr, 'update')), grade: gradeOf(at(row.cells, rr, 'grade')), personal: yesNo(at(row.cells, rr, 'personal')),
            synonyms: at(row.cells, rr, 'synonyms')?.split(/[;；]+/).map(s => s.trim()).filter(Boolean), source: at(row.cells, rr, 'source'),
            ...(parent ? { extends: c.qualified.get(parent) ?? parent } : {})
        };
        const fieldNames = new Set<string>();
        for (const item of byRecord.get(code) ?? []) {
            const written = at(item.cells, ir, 'field');
            if (!written || inherited.has(written)) continue;
            // A field name the language cannot take (a cell overwritten with 是, a Chinese name): an identifier made from it, said.
            let field = written;
            if (!isFieldName(written) || fieldNames.has(written)) {
                const base = identifierFrom([written], 'field');
                field = base ?? `field${item.line}`;
                for (let n = 2; fieldNames.has(field) || inherited.has(field); n++) field = `${base ?? 'field'}${n}`;
                (record.evidence ??= []).push(`${c.file}:${items.sheet ? `${items.sheet}!` : ''}${item.line}：字段名“${written}”${fieldNames.has(written) ? '重复' : '不是有效的标识符'}，改为 ${field} / the field name ${JSON.stringify(written)} ${fieldNames.has(written) ? 'repeats' : 'is not an identifier'}: ${field} instead`);
            }
            fieldNames.add(field);
            const target = at(item.cells, ir, 'target') ?? '';
            const type = c.qualified.get(target) ?? (c.ctx.declared?.has(target) ? target : standIn(target, at(item.cells, ir, 'label') ?? field, item.line));
            const itemLabel = at(item.cells, ir, 'label');
            const f: DraftField = {
                name: field, type, optional: yesNo(at(item.cells, ir, 'required')) === false, key: yesNo(at(item.cells, ir, 'key')) === true,
                label: itemLabel !== undefined && itemLabel !== field && itemLabel !== (labels.get(type) ?? recordLabels.get(target)) ? itemLabel : undefined
            };
            const list = /^\[?\s*(\d*)\s*(?:\.\.\s*(\d*))?\s*\]?$/.exec(at(item.cells, ir, 'list') ?? '');
            if (at(item.cells, ir, 'list') && list) {
                const [min, max] = list[0].includes('..') ? [list[1], list[2]] : [list[1], list[1]];
                f.list = { ...(min ? { min: Number(min) } : {}), ...(max ? { max: Number(max) } : {}) };
            }
            record.fields.push(f);
        }
        draft.records.push(record);
    }
}
