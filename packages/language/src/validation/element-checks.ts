import type { ValidationAcceptor } from 'langium';
import type { Bound, CodeList, Element, Range } from '../generated/ast.js';
import { attr } from '../model/attributes.js';
import { declared } from '../model/governance.js';
import { FORMATS, type Primitive } from '../model/vocabulary.js';
import type { Reporter } from '../diagnostics/report.js';
import { Checks } from './checks-base.js';
import { backtrackingRisk } from './pattern-risk.js';

/** Digits after the point a decimal may declare: beyond 15, binary doubles cannot hold them. */
export const MAX_SCALE = 15;

/** Which types each constraint applies to, by its keyword (also what `mds import` keeps: import/src/fit.ts). */
export const CONSTRAINT_TYPES: Readonly<Record<'length' | 'pattern' | 'format' | 'range' | 'scale' | 'unit', readonly Primitive[]>> = {
    length: ['string'], pattern: ['string'], format: ['string'], range: ['integer', 'decimal', 'date'], scale: ['decimal'], unit: ['integer', 'decimal']
};
const KEYWORD: Record<string, keyof typeof CONSTRAINT_TYPES> = {
    LengthAttr: 'length', PatternAttr: 'pattern', FormatAttr: 'format', RangeAttr: 'range', ScaleAttr: 'scale', UnitAttr: 'unit'
};

/** Element types and constraints; rule 4 for elements and code lists. */
export class ElementChecks extends Checks {
    checkConstraints = (element: Element, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const primitive = element.type?.primitive as Primitive | undefined;
        const typeName = primitive ?? (element.type?.codeList ? `code list ${element.type.codeList.$refText}` : '?');
        for (const a of element.attributes) {
            const keyword = KEYWORD[a.$type];
            if (!keyword) continue;
            const applies = CONSTRAINT_TYPES[keyword];
            // A constraint without its value has a syntax error already; nothing more to say about it.
            if ((a as { value?: unknown }).value === undefined && (a as { range?: unknown }).range === undefined) continue;
            if (!primitive || !applies.includes(primitive)) {
                report('constraint-mismatch', { constraint: KEYWORD[a.$type], type: typeName, allowed: applies.join(', ') }, { node: a, keyword: KEYWORD[a.$type] });
                continue;
            }
            switch (a.$type) {
                case 'PatternAttr': {
                    try {
                        new RegExp(a.value, 'u');
                    } catch (e) {
                        report('invalid-pattern', { detail: (e as Error).message }, { node: a, property: 'value' });
                        break;
                    }
                    const slow = backtrackingRisk(a.value);
                    if (slow) report('slow-pattern', { part: slow }, { node: a, property: 'value' });
                    break;
                }
                case 'FormatAttr':
                    if (!(FORMATS as readonly string[]).includes(a.value)) {
                        report('unknown-format', { format: a.value, allowed: FORMATS.join(', ') }, { node: a, property: 'value' });
                    }
                    break;
                case 'LengthAttr':
                    this.checkRange(a.range, 'count', report);
                    break;
                case 'RangeAttr':
                    this.checkRange(a.range, primitive === 'date' ? 'date' : primitive === 'integer' ? 'integer' : 'number', report);
                    break;
                case 'ScaleAttr':
                    if (!Number.isInteger(a.value) || a.value < 0 || a.value > MAX_SCALE) {
                        report('invalid-range', { detail: `scale 必须是 0 到 ${MAX_SCALE} 的整数`, detailEn: `scale must be an integer from 0 to ${MAX_SCALE}` }, { node: a, property: 'value' });
                    }
                    break;
            }
        }
    };

    /** Rule 4 on an element's or code list's own values. */
    checkSensitivity = (decl: Element | CodeList, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const g = declared(decl);
        const open = attr(decl, 'OpenAttr');
        if (open && g.open.value === 'unconditional' && (g.grade.value !== 'general' || g.personal.value)) {
            report('sensitive-open', sensitivityWhy(g.grade.value, g.personal.value), { node: open, property: 'value' });
        }
        const share = attr(decl, 'ShareAttr');
        if (share && g.share.value === 'unconditional' && g.grade.value === 'core') {
            report('core-share-unconditional', {}, { node: share, property: 'value' });
        }
    };

    private checkRange(range: Range | undefined, kind: 'count' | 'integer' | 'number' | 'date', report: Reporter): void {
        if (!range) return; // a syntax error is already reported
        const bounds = [range.lower, range.upper as Bound | undefined].filter((b): b is Bound => b !== undefined);
        for (const b of bounds) {
            const problem = boundProblem(b, kind);
            if (problem) {
                report('invalid-range', problem, { node: b });
                return;
            }
        }
        if (range.lower && range.upper && range.dots) {
            const lo = boundValue(range.lower), hi = boundValue(range.upper);
            if (lo !== undefined && hi !== undefined && lo > hi) {
                report('invalid-range', { detail: `下界 ${lo} 大于上界 ${hi}`, detailEn: `lower bound ${lo} is greater than upper bound ${hi}` }, { node: range });
            }
        }
    }
}

export function sensitivityWhy(grade: string, personal: boolean): { why: string; whyEn: string } {
    if (grade === 'core') return { why: '核心', whyEn: 'core' };
    if (grade === 'important') return { why: '重要', whyEn: 'important' };
    return personal ? { why: '含个人信息', whyEn: 'personal' } : { why: '', whyEn: '' };
}

function boundValue(b: Bound): number | string | undefined {
    return b.text ?? b.number;
}

function boundProblem(b: Bound, kind: 'count' | 'integer' | 'number' | 'date'): { detail: string; detailEn: string } | undefined {
    if (kind === 'date') {
        if (b.text === undefined || !isDate(b.text)) {
            return { detail: '日期范围的边界应写成 "YYYY-MM-DD" 形式的有效日期', detailEn: 'date bounds are quoted valid dates, "YYYY-MM-DD"' };
        }
        return undefined;
    }
    if (b.number === undefined) return { detail: '边界应为数字', detailEn: 'bounds must be numbers' };
    if (!Number.isFinite(b.number)) return { detail: '边界超出了数值的表示范围', detailEn: 'the bound is too large to be represented as a number' };
    if (kind === 'count' && (!Number.isInteger(b.number) || b.number < 0)) {
        return { detail: '长度和个数应为非负整数', detailEn: 'lengths and counts are non-negative integers' };
    }
    if (kind === 'integer' && !Number.isInteger(b.number)) {
        return { detail: '整数范围的边界应为整数', detailEn: 'integer bounds must be integers' };
    }
    return undefined;
}

export function isDate(text: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}
