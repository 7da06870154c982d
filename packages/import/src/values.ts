import type { Primitive } from '@mds/language';
import type { Constraints, Governance } from './draft.js';

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** 共享属性 / 开放属性 as written in tables (Chinese or English) → the MDS value. */
export function opennessOf(text: string | undefined): Governance['share'] {
    if (!text) return undefined;
    const t = norm(text);
    if (/^(无条件|unconditional)/.test(t)) return 'unconditional';
    if (/^(有条件|依申请|conditional)/.test(t)) return 'conditional';
    if (/^(不予|非开放|不开放|不共享|none|no)/.test(t)) return 'none';
    return undefined;
}

const UPDATE: Array<[RegExp, string]> = [
    [/^(实时|realtime|real-time)/, 'realtime'], [/^(每日|每天|日|daily)/, 'daily'], [/^(每周|周|weekly)/, 'weekly'],
    [/^(每月|月|monthly)/, 'monthly'], [/^(每季度|季度|quarterly)/, 'quarterly'], [/^(每半年|半年|semiannual)/, 'semiannual'],
    [/^(每年|年|annual|yearly)/, 'annual'], [/^(不定期|按需|irregular)/, 'irregular']
];
export function updateOf(text: string | undefined): string | undefined {
    if (!text) return undefined;
    const t = norm(text);
    return UPDATE.find(([re]) => re.test(t))?.[1];
}

export function gradeOf(text: string | undefined): Governance['grade'] {
    if (!text) return undefined;
    const t = norm(text);
    if (/^(核心|core)/.test(t)) return 'core';
    if (/^(重要|important)/.test(t)) return 'important';
    if (/^(一般|general)/.test(t)) return 'general';
    return undefined;
}

export function yesNo(text: string | undefined): boolean | undefined {
    if (text === undefined) return undefined;
    const t = norm(text);
    if (/^(是|有|y|yes|true|1|√)$/.test(t)) return true;
    if (/^(否|无|n|no|false|0|×)$/.test(t)) return false;
    return undefined;
}

/** 数据类型 as written (字符型, 数值型, 日期型, varchar, int …) → a primitive, when recognisable. */
export function primitiveOf(text: string | undefined): Primitive | 'number' | undefined {
    if (!text) return undefined;
    const t = norm(text);
    if (/^(日期时间|datetime|timestamp|dt$)/.test(t)) return 'datetime';
    if (/^(日期|date|d$)/.test(t)) return 'date';
    if (/^(时间|time|t$)/.test(t)) return 'time';
    if (/^(布尔|逻辑|boolean|bool|b$)/.test(t)) return 'boolean';
    if (/^(整数|整型|integer|int|bigint|smallint|long)/.test(t)) return 'integer';
    if (/^(小数|浮点|decimal|numeric|float|double|real|money)/.test(t)) return 'decimal';
    if (/^(数值|数字|number|n$)/.test(t)) return 'number';
    if (/^(字符|文本|字符串|string|char|varchar|text|c$|an?$)/.test(t)) return 'string';
    return undefined;
}

const CLASS: Record<string, string | undefined> = { a: '[A-Za-z]', n: '[0-9]', an: '[A-Za-z0-9]', c: undefined, anc: undefined };

/**
 * A GB/T 18391-style 表示格式 (`c..50`, `n8`, `an18`, `a2..10`, `n..12,2`, `YYYYMMDD`,
 * `YYYY-MM-DD`, `hhmmss`) with the 数据类型 → the element's type and constraints.
 * Undefined when the text is no such format (the caller keeps it as a note).
 */
export function representation(format: string | undefined, declared: Primitive | 'number' | undefined): { type: Primitive; constraints: Constraints } | undefined {
    const f = (format ?? '').trim();
    if (!f) {
        if (!declared) return undefined;
        return { type: declared === 'number' ? 'decimal' : declared, constraints: {} };
    }
    const upper = f.toUpperCase().replace(/\s+/g, '');
    if (/^YYYY-?MM-?DD$/.test(upper)) return { type: 'date', constraints: {} };
    if (/^YYYY-?MM-?DD[T ]?HH:?MM:?SS$/.test(upper)) return { type: 'datetime', constraints: {} };
    if (/^HH:?MM(:?SS)?$/.test(upper)) return { type: 'time', constraints: {} };
    const m = /^(an|a|n|c|anc)(\.\.)?(\d+)?(?:\.\.(\d+))?(?:[,，](\d+))?$/i.exec(f.replace(/\s+/g, ''));
    if (!m) return undefined;
    const cls = m[1].toLowerCase();
    const upTo = m[2] !== undefined;
    const first = m[3] !== undefined ? Number(m[3]) : undefined;
    const second = m[4] !== undefined ? Number(m[4]) : undefined;
    const scale = m[5] !== undefined ? Number(m[5]) : undefined;
    const [min, max] = upTo ? [undefined, first] : second !== undefined ? [first, second] : [first, first];
    const numeric = declared === 'number' || declared === 'integer' || declared === 'decimal';
    if (cls === 'n' && (numeric || scale !== undefined)) {
        if (scale !== undefined && scale > 0) return { type: 'decimal', constraints: { scale } };
        return { type: declared === 'decimal' ? 'decimal' : 'integer', constraints: max !== undefined && max <= 15 ? { range: ['0', String(10 ** max - 1)] } : {} };
    }
    const constraints: Constraints = {};
    if (min !== undefined || max !== undefined) constraints.length = [min, max];
    const pattern = CLASS[cls];
    if (pattern) constraints.pattern = `${pattern}*`;
    const type = declared && declared !== 'number' && declared !== 'string' ? declared : 'string';
    return type === 'string' ? { type, constraints } : { type, constraints: {} };
}

/**
 * A 值域 cell that lists codes (`1-男;2-女`, `1：男；2：女`, `01=汉族,02=蒙古族`, one per line)
 * → the codes; undefined when it is not such a list (a reference to a standard, a range …).
 */
export function codesOf(text: string | undefined): Array<{ code: string; label: string }> | undefined {
    if (!text) return undefined;
    const parts = text.split(/[;；\n,，、]+/).map(s => s.trim()).filter(Boolean);
    if (parts.length < 2) return undefined;
    const codes: Array<{ code: string; label: string }> = [];
    for (const p of parts) {
        const m = /^([A-Za-z0-9_.]+)\s*[-－—:：=＝\s]\s*(.+)$/.exec(p);
        if (!m) return undefined;
        codes.push({ code: m[1], label: m[2].trim() });
    }
    return new Set(codes.map(c => c.code)).size === codes.length ? codes : undefined;
}
