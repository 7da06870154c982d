import { basename, extname } from 'node:path';
import { InputError, openInput, openXlsx, rowsOf } from '@mds/validate';
import { departmentOf, type ImportContext } from './context.js';
import { catalogRecords, ITEM_COLUMNS, RESOURCE_COLUMNS } from './catalog.js';
import { belowTitleRows, localName, roles, type Table } from './table.js';
import { emptyDraft, type Constraints, type Draft, type DraftCodeList, type DraftElement, type Governance } from './draft.js';
import { identifierFrom, NameTable } from './names.js';
import { codesOf, gradeOf, opennessOf, primitiveOf, representation, updateOf, yesNo } from './values.js';

/** Column roles of a data-element table and the header texts that name them (GB/T 19488 / 18391 usage). */
export const ELEMENT_COLUMNS: Record<string, string[]> = {
    id: ['标识符', '内部标识符', '数据元标识符', '数据元代码', '数据元编号', '编号', 'identifier', 'id'],
    english: ['英文名称', '英文名', '英文标识', 'englishname', 'name'],
    label: ['中文名称', '数据元名称', '数据项名称', '名称', 'chinesename', 'label'],
    definition: ['定义', '说明', '描述', '数据元定义', 'definition', 'description'],
    type: ['数据类型', '类型', 'datatype', 'type'],
    format: ['表示格式', '数据格式', '格式', 'representation', 'format'],
    values: ['值域', '代码表', '允许值', '取值范围', 'valuedomain', 'values'],
    unit: ['计量单位', '单位', 'unit'],
    synonyms: ['同义名称', '同义词', '别名', 'synonyms'],
    steward: ['数源部门', '责任部门', '提供部门', 'steward'],
    share: ['共享属性', '共享类型', 'share'],
    condition: ['共享条件', 'condition'],
    open: ['开放属性', '开放类型', 'open'],
    update: ['更新周期', '更新频率', 'update'],
    grade: ['分级', '数据分级', '数据级别', 'grade'],
    personal: ['个人信息', '是否个人信息', 'personal'],
    // The exact attribute columns of the catalog's 数据元 sheet (mds catalog), read back as written.
    length: ['长度', 'length'],
    pattern: ['模式', '正则表达式', 'pattern'],
    check: ['格式校验', 'formatcheck'],
    range: ['取值范围', 'range'],
    scale: ['小数位数', 'scale'],
    source: ['来源标准', '引用标准', 'source']
};

const CODE_COLUMNS: Record<string, string[]> = {
    list: ['代码表', '代码表名称', '代码表标识', '值域名称', '值域', 'codelist'],
    code: ['代码', '代码值', '值', 'code'],
    label: ['代码名称', '含义', '代码含义', '名称', '说明', 'label', 'meaning'],
    parent: ['上级代码', '父代码', 'parent'],
    listLabel: ['代码表名称', '值域名称'],
    deprecated: ['已废止', '废止', 'deprecated'],
    definition: ['定义', 'definition'],
    ...pick(ELEMENT_COLUMNS, ['synonyms', 'source', 'steward', 'share', 'condition', 'open', 'update', 'grade', 'personal'])
};

function pick(table: Record<string, string[]>, keys: string[]): Record<string, string[]> {
    return Object.fromEntries(keys.map(k => [k, table[k]]));
}

/** The governance columns of a row (数源部门 … 个人信息, 同义名称, 来源标准). */
function governanceOf(cell: (role: string) => string | undefined, ctx: ImportContext): Governance {
    return {
        steward: departmentOf(ctx, cell('steward')) ?? ctx.steward,
        share: opennessOf(cell('share')), condition: cell('condition'), open: opennessOf(cell('open')),
        update: updateOf(cell('update')), grade: gradeOf(cell('grade')), personal: yesNo(cell('personal')),
        synonyms: cell('synonyms')?.split(/[;；,，、\n]+/).map(s => s.trim()).filter(Boolean),
        source: cell('source')
    };
}

async function readTables(path: string, sheet: string | undefined, columns: Record<string, string> | undefined): Promise<Table[]> {
    const ext = extname(path).toLowerCase();
    if (ext === '.xlsx') {
        const first = await openXlsx(path, sheet);
        first.close();
        const names = sheet !== undefined ? [sheet] : first.sheets;
        const tables: Table[] = [];
        for (const name of names) {
            const open = () => openInput(path, { sheet: name }).catch(e => { if (e instanceof InputError && /empty/.test(e.message)) return undefined; throw e; });
            const opened = await open();
            if (!opened || opened.kind !== 'table') continue;
            // The header: the first leading row with two columns of an element, code or catalog table.
            const input = await belowTitleRows(opened, header => Math.max(...[roles(header, ELEMENT_COLUMNS, columns), ...[CODE_COLUMNS, RESOURCE_COLUMNS, ITEM_COLUMNS].map(c => roles(header, c))].map(r => r.size)) >= 2, open);
            tables.push({ sheet: name, header: input.header, headerLine: input.headerLine, rows: await collect(rowsOf(input)) });
        }
        return tables;
    }
    if (ext !== '.csv' && ext !== '.txt') throw new InputError(`不支持的表格类型 ${ext}：请用 .xlsx 或 .csv / unsupported spreadsheet type`);
    const input = await openInput(path, {});
    if (input.kind !== 'table') throw new InputError('not a table');
    return [{ header: input.header, headerLine: input.headerLine, rows: await collect(rowsOf(input)) }];
}

async function collect(rows: AsyncIterable<{ line: number; cells?: Array<string | number | boolean | undefined> }>) {
    const out: Array<{ line: number; cells: string[] }> = [];
    for await (const r of rows) out.push({ line: r.line, cells: (r.cells ?? []).map(c => c === undefined ? '' : String(c).trim()) });
    return out;
}

/**
 * A data-element table (数据元目录) as `.xlsx` or `.csv` (UTF-8 or GB18030): one element per row,
 * columns recognised by their usual Chinese and English names; a 值域 that lists codes becomes a
 * code list; a sheet of codes (代码表 | 代码 | 含义) supplies the lists that 值域 names.
 */
export async function importSpreadsheet(path: string, ctx: ImportContext): Promise<Draft> {
    const draft = emptyDraft();
    const tables = await readTables(path, ctx.sheet, ctx.columns);
    const file = basename(path);
    const elementTable = tables.find(t => { const r = roles(t.header, ELEMENT_COLUMNS, ctx.columns); return r.has('label') && (r.has('type') || r.has('format')); });
    if (!elementTable) {
        throw new InputError(`${file}：没有找到数据元表（表头需要“中文名称/数据元名称”和“数据类型/表示格式”列；可用 --columns 指定）/ no data-element table found (needs a label column and a type or format column; see --columns)`);
    }
    const names = new NameTable(); // elements, code lists and records share one namespace
    const qualified = new Map<string, string>(); // a qualified name of the catalog → its name here
    // Code-list sheets first: elements refer to them by name or label.
    const lists = new Map<string, DraftCodeList>();
    for (const t of tables) {
        if (t === elementTable) continue;
        const r = roles(t.header, CODE_COLUMNS);
        if (!r.has('list') || !r.has('code') || !r.has('label')) continue;
        for (const row of t.rows) {
            const listText = row.cells[r.get('list')!], code = row.cells[r.get('code')!], label = row.cells[r.get('label')!];
            if (!listText || !code) continue;
            let list = lists.get(listText);
            if (!list) {
                const name = names.take(localName(listText) ?? identifierFrom([listText], 'type') ?? `CodeList${lists.size + 1}`);
                const at = (role: string) => r.has(role) ? row.cells[r.get(role)!] || undefined : undefined;
                list = {
                    name, label: at('listLabel') ?? (/[\u3400-\u9fff]/.test(listText) ? listText : undefined), codes: [], origin: `${file}:${t.sheet}!${row.line}`,
                    definition: at('definition'), ...governanceOf(at, ctx)
                };
                lists.set(listText, list);
                if (localName(listText)) qualified.set(listText, name);
            }
            if (list.codes.some(c => c.code === code)) { draft.notes.push(`${t.sheet}!${row.line}: 代码 ${code} 在代码表 ${listText} 中重复，已跳过 / duplicate code skipped`); continue; }
            const parent = r.has('parent') ? row.cells[r.get('parent')!] : '';
            const deprecated = r.has('deprecated') && yesNo(row.cells[r.get('deprecated')!]) === true;
            list.codes.push({ code, label: label || code, ...(parent ? { parent } : {}), ...(deprecated ? { deprecated } : {}) });
        }
    }
    for (const list of lists.values()) {
        const known = new Set(list.codes.map(c => c.code));
        for (const c of list.codes) if (c.parent !== undefined && !known.has(c.parent)) delete c.parent;
    }
    const r = roles(elementTable.header, ELEMENT_COLUMNS, ctx.columns);
    const cell = (row: string[], role: string) => r.has(role) ? row[r.get(role)!] || undefined : undefined;
    const where = (line: number) => `${file}:${elementTable.sheet ? `${elementTable.sheet}!` : ''}${line}`;
    for (const row of elementTable.rows) {
        const label = cell(row.cells, 'label');
        if (!label && !cell(row.cells, 'english') && !cell(row.cells, 'id')) continue;
        if (row.cells.some(c => c.startsWith('=') && c.length > 1)) draft.notes.push(`${where(row.line)}: 单元格以“=”开头（公式？），按文本导入 / a cell starts with "=", imported as text`);
        const id = cell(row.cells, 'id');
        const base = localName(id) ?? identifierFrom([cell(row.cells, 'english'), label, id], 'type') ?? `Element${row.line}`;
        const name = names.take(base);
        if (localName(id)) qualified.set(id!, name);
        const declared = primitiveOf(cell(row.cells, 'type'));
        const formatText = cell(row.cells, 'format');
        const rep = representation(formatText, declared);
        const e: DraftElement = {
            name, label, type: { primitive: rep?.type ?? 'string' }, constraints: { ...(rep?.constraints ?? {}) }, origin: where(row.line),
            definition: cell(row.cells, 'definition'), ...governanceOf(role => cell(row.cells, role), ctx)
        };
        exactConstraints(e, (role) => cell(row.cells, role));
        const steward = cell(row.cells, 'steward');
        if (steward && !departmentOf(ctx, steward)) e.evidence = [`数源部门“${steward}”不在标准中，未填写 steward / steward not found in the standards`];
        if (formatText && !rep) (e.evidence ??= []).push(`表示格式“${formatText}”无法识别，按字符串导入 / representation not recognised; imported as string`);
        const unit = cell(row.cells, 'unit');
        if (unit) {
            if (rep?.type === 'integer' || rep?.type === 'decimal') e.constraints.unit = unit;
            else (e.evidence ??= []).push(`计量单位：${unit}`);
        }
        const values = cell(row.cells, 'values');
        if (values) {
            const named = lists.get(values);
            const codes = named ? undefined : codesOf(values);
            if (named) {
                e.type = { codeList: named.name };
                e.constraints = {};
            } else if (codes) {
                const list: DraftCodeList = { name: names.take(`${name}Code`), label: label ? `${label}代码` : undefined, codes, origin: where(row.line), steward: e.steward };
                lists.set(`${name}#${row.line}`, list);
                e.type = { codeList: list.name };
                e.constraints = {};
            } else if (/^(GB|GA|DB|JR|GB\/T|GA\/T|ISO)/i.test(values)) {
                e.source = values;
            } else if ('primitive' in e.type && (e.type.primitive === 'integer' || e.type.primitive === 'decimal')) {
                // A number's 值域 written as a range (0～150, 0-150, 0..150, ≥0, ≤100): its bounds, as written.
                // It is narrower than a 表示格式's digits (n3: 0..999); the catalog's exact 取值范围 column still wins.
                const range = numericRange(values);
                if (range && !boundsOf(cell(row.cells, 'range'))) e.constraints.range = range;
                else (e.evidence ??= []).push(`值域：${values}`);
            } else {
                (e.evidence ??= []).push(`值域：${values}`);
            }
        }
        draft.elements.push(e);
    }
    draft.codeLists.push(...lists.values());
    if (!draft.elements.length) throw new InputError(`${file}：数据元表没有数据行 / the data-element table has no rows`);
    catalogRecords(tables, draft, { names, qualified, file, ctx });
    return draft;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
const BETWEEN = new RegExp(`^${NUMBER}(?:～|~|\\.\\.|-|—|至|到)${NUMBER}$`);
const BOUND = new RegExp(`^(≥|>=|大于等于|不小于|≤|<=|小于等于|不大于)${NUMBER}$`);

/** A numeric 值域: `0～150`, `0-150`, `0..150`, `0至150`, `≥0`, `>=0`, `≤100`, `<=100` → bounds (texts of numbers); else undefined. */
export function numericRange(text: string): [string | undefined, string | undefined] | undefined {
    const t = text.trim().replace(/\s+/g, '');
    const between = BETWEEN.exec(t);
    if (between) return [between[1], between[2]];
    const at = BOUND.exec(t);
    if (!at) return undefined;
    return /^(≥|>=|大于等于|不小于)$/.test(at[1]) ? [at[2], undefined] : [undefined, at[2]];
}

/** `18`, `1..50`, `..50`, `0..` → bounds. */
function boundsOf(text: string | undefined): [string | undefined, string | undefined] | undefined {
    const m = /^\s*([^.\s][^\s]*?)?\s*(?:(\.\.)\s*([^\s]+)?)?\s*$/.exec(text ?? '');
    if (!text?.trim() || !m) return undefined;
    return m[2] ? [m[1], m[3]] : [m[1], m[1]];
}

/** The catalog's exact attribute columns (长度, 模式, 格式校验, 取值范围, 小数位数), when present, win over 表示格式. */
function exactConstraints(e: DraftElement, cell: (role: string) => string | undefined): void {
    if ('codeList' in e.type) return;
    const lengthText = cell('length');
    const length = boundsOf(lengthText);
    if (length && length.every(b => b === undefined || /^\d+$/.test(b))) e.constraints.length = [length[0] === undefined ? undefined : Number(length[0]), length[1] === undefined ? undefined : Number(length[1])];
    else if (lengthText?.trim()) (e.evidence ??= []).push(`长度“${lengthText}”不是数字或范围（如 18、1..50），未导入 / the length is not a number or a range: not imported`);
    const pattern = cell('pattern');
    if (pattern !== undefined) e.constraints.pattern = pattern;
    const check = cell('check');
    if (check && FORMATS.includes(check)) e.constraints.format = check as Constraints['format'];
    const range = boundsOf(cell('range'));
    if (range) e.constraints.range = range;
    const scale = cell('scale');
    if (scale !== undefined && /^\d+$/.test(scale)) e.constraints.scale = Number(scale);
}

const FORMATS = ['email', 'uri', 'phone-cn', 'gb11643', 'uscc'];
