import { basename } from 'node:path';
import { loadValidators } from '@mds/generators';
import type { Primitive } from '@mds/language';
import { HashSet64, hashInto, InputError, jsonText, lastHash, openInput, rowsOf } from '@mds/validate';
import type { ImportContext } from './context.js';
import { emptyDraft, type Draft, type DraftElement } from './draft.js';
import { belowTitleRows } from './table.js';
import { identifierFrom, NameTable } from './names.js';

const FORMATS = loadValidators({ namespaces: [], declarations: new Map() }).formats;
const CODE_LIST_MAX = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^-?(0|[1-9]\d{0,14})$/;
const DECIMAL = /^-?\d+\.(\d+)$/;
const BOOLEAN = new Set(['true', 'false', '是', '否']);

/** Share of present values that may break an inference and still leave it standing (data has errors). */
const TOLERANCE = 0.05;
const CHECKS: Array<[string, (v: string) => boolean]> = [
    ['gb11643', FORMATS.gb11643], ['uscc', FORMATS.uscc], ['phone-cn', FORMATS['phone-cn']], ['email', FORMATS.email], ['uri', FORMATS.uri],
    ['boolean', v => BOOLEAN.has(v)], ['integer', v => INTEGER.test(v)], ['decimal', v => INTEGER.test(v) || DECIMAL.test(v)],
    ['date', v => DATE.test(v) && !Number.isNaN(Date.parse(v))], ['datetime', v => DATETIME.test(v)]
];

/**
 * What one column's values allow. Each check counts the values that break it and stops being run
 * once they pass the tolerance, so a column costs a few regex tests per value at most.
 */
class ColumnEvidence {
    present = 0;
    minLength = Infinity;
    maxLength = 0;
    maxScale = 0;
    /** Values that break each check still standing. */
    failures = new Map<string, number>(CHECKS.map(([name]) => [name, 0]));
    distinct: Set<string> | undefined = new Set();
    /** Hashes of the values while they are all different (a 64-bit collision would only cost the key candidate). */
    unique: HashSet64 | undefined = new HashSet64();
    min = Infinity;
    max = -Infinity;

    add(value: string): void {
        this.present++;
        const len = value.length;
        if (len < this.minLength) this.minLength = len;
        if (len > this.maxLength) this.maxLength = len;
        for (const [name, test] of CHECKS) {
            const failed = this.failures.get(name);
            if (failed === undefined) continue;
            if (test(value)) {
                if (name === 'decimal') {
                    const m = DECIMAL.exec(value);
                    if (m && m[1].length > this.maxScale) this.maxScale = m[1].length;
                    const n = Number(value);
                    if (n < this.min) this.min = n;
                    if (n > this.max) this.max = n;
                }
            } else if (failed + 1 > TOLERANCE * this.present + 10) {
                this.failures.delete(name);
            } else {
                this.failures.set(name, failed + 1);
            }
        }
        if (this.distinct) { this.distinct.add(value); if (this.distinct.size > CODE_LIST_MAX) this.distinct = undefined; }
        if (this.unique) {
            hashInto(value);
            const size = this.unique.size;
            if (this.unique.add(lastHash.a, lastHash.b) === size) this.unique = undefined;
        }
    }

    /** Whether a check holds for all but the tolerated share of the values; the count of those that break it. */
    holds(name: string): number | undefined {
        const failed = this.failures.get(name);
        return failed !== undefined && failed <= TOLERANCE * this.present ? failed : undefined;
    }
}

/**
 * Sample data (CSV, JSONL, xlsx), streamed: one record with a field per column, each field typed
 * by a new element whose type, lengths, format or code list the values support; the key is the
 * first column that is unique and never empty; a column empty anywhere is optional. Every
 * inference says in a comment how many rows support it.
 */
export async function importData(path: string, ctx: ImportContext, recordName?: string): Promise<Draft> {
    let input = await openInput(path, { sheet: ctx.sheet });
    // Below title rows: the header is the first leading row of more than two cells (any names will do for sample data).
    if (input.kind === 'table') input = await belowTitleRows(input, header => header.filter(c => c.trim() !== '').length > 2, () => openInput(path, { sheet: ctx.sheet }));
    const columns: string[] = input.kind === 'table' ? input.header.map(h => String(h)) : [];
    const evidence: ColumnEvidence[] = columns.map(() => new ColumnEvidence());
    let rows = 0, broken = 0;
    for await (const raw of rowsOf(input)) {
        if (raw.problem) { broken++; continue; }
        rows++;
        if (input.kind === 'table') {
            const cells = raw.cells ?? [];
            for (let i = 0; i < columns.length; i++) {
                const v = cells[i];
                if (v !== undefined && v !== '') evidence[i].add(String(v).trim());
            }
        } else {
            const value = raw.value;
            if (value === null || typeof value !== 'object' || Array.isArray(value)) { broken++; rows--; continue; }
            for (const [k, v] of Object.entries(value)) {
                let i = columns.indexOf(k);
                if (i < 0) { i = columns.push(k) - 1; evidence.push(new ColumnEvidence()); }
                if (v === null || v === undefined || v === '') continue;
                evidence[i].add(typeof v === 'object' ? jsonText(v) : String(v));
            }
        }
    }
    if (!rows) throw new InputError(`${basename(path)}：没有可用的数据行 / no usable data rows`);
    const file = basename(path);
    const draft = emptyDraft();
    if (broken) draft.notes.push(`${broken} 行无法读取，未计入推断 / ${broken} unreadable rows were left out`);
    const names = new NameTable();
    const record = { name: names.take(recordName ?? identifierFrom([file.replace(/\.[^.]+$/, '')], 'type') ?? 'ImportedRecord') };
    const fieldNames = new NameTable();
    const keyIndex = evidence.findIndex(e => e.present === rows && e.unique !== undefined && rows > 1);
    const fields = columns.map((header, i) => {
        const ev = evidence[i];
        const chinese = /[\u3400-\u9fff]/.test(header);
        const element = inferElement(names.take(identifierFrom([header], 'type') ?? `Column${i + 1}`), chinese ? header : undefined, ev, rows, `${file}:列 ${i + 1}「${header}」`, ctx);
        if (element.codeList) draft.codeLists.push(element.codeList);
        draft.elements.push(element.element);
        return {
            name: fieldNames.take(identifierFrom([header], "field") ?? `column${i + 1}`),
            type: element.element.name, optional: ev.present < rows, key: i === keyIndex
        };
    });
    draft.records.push({
        name: record.name, fields, origin: `${file}:1`, steward: ctx.steward,
        evidence: [`依据 ${rows} 行数据推断 / inferred from ${rows} rows${keyIndex >= 0 ? `；主键候选：${columns[keyIndex]}（${rows} 行全部非空且互不相同）` : '；没有全部非空且唯一的列，未设主键'}`]
    });
    return draft;
}

function inferElement(name: string, label: string | undefined, ev: ColumnEvidence, rows: number, origin: string, ctx: ImportContext) {
    const said: string[] = [`${ev.present}/${rows} 行有值`];
    const element: DraftElement = { name, label, type: { primitive: 'string' }, constraints: {}, origin, steward: ctx.steward, evidence: said };
    const but = (failed: number) => failed ? `（另有 ${failed} 个值不符合，可能是错误数据）` : '';
    if (ev.present === 0) {
        said.push('没有值，按字符串导入 / no values: imported as string');
        return { element };
    }
    for (const format of ['gb11643', 'uscc', 'phone-cn'] as const) {
        const failed = ev.holds(format);
        if (failed === undefined) continue;
        element.constraints.format = format;
        if (format !== 'phone-cn') element.constraints.length = [18, 18];
        said.push(`${ev.present - failed} 个值符合格式 ${format}${but(failed)}`);
        return { element };
    }
    const bool = ev.holds('boolean');
    if (bool !== undefined) {
        element.type = { primitive: 'boolean' };
        said.push(`${ev.present - bool} 个值为 true/false/是/否${but(bool)}`);
        return { element };
    }
    const numeric = ev.holds('integer') !== undefined || ev.holds('decimal') !== undefined;
    if (ev.distinct && ev.present >= 20 && ev.distinct.size * 4 <= ev.present && ev.maxLength <= 20 && (!numeric || (ev.distinct.size <= 10 && ev.maxLength <= 2))) {
        const codes = [...ev.distinct].sort().map(c => ({ code: c, label: c }));
        const codeList = { name: `${name}Code`, label: label ? `${label}代码` : undefined, codes, origin, steward: ctx.steward };
        element.type = { codeList: codeList.name };
        said.push(`${ev.present} 个值只有 ${codes.length} 种，作为代码表导入（代码名称待补充）`);
        return { element, codeList };
    }
    const typed: Array<[string, Primitive, string]> = [
        ['integer', 'integer', '为整数'], ['decimal', 'decimal', '为数值'],
        ['date', 'date', '为日期（YYYY-MM-DD）'], ['datetime', 'datetime', '为带时区的日期时间（RFC 3339）']
    ];
    for (const [check, primitive, text] of typed) {
        const failed = ev.holds(check);
        if (failed === undefined) continue;
        element.type = { primitive };
        if (primitive === 'decimal') element.constraints.scale = ev.maxScale;
        said.push(`${ev.present - failed} 个值${text}${primitive === 'integer' || primitive === 'decimal' ? `，最小 ${ev.min}，最大 ${ev.max}${primitive === 'decimal' ? `，最多 ${ev.maxScale} 位小数` : ''}` : ''}${but(failed)}`);
        return { element };
    }
    for (const format of ['email', 'uri'] as const) {
        const failed = ev.holds(format);
        if (failed === undefined) continue;
        element.constraints.format = format;
        said.push(`${ev.present - failed} 个值符合格式 ${format}${but(failed)}`);
        return { element };
    }
    element.constraints.length = ev.minLength === ev.maxLength ? [ev.minLength, ev.maxLength] : [undefined, ev.maxLength];
    said.push(`长度 ${ev.minLength}–${ev.maxLength}`);
    return { element };
}
