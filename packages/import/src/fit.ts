import { CONSTRAINT_TYPES, FORMATS, isDate, MAX_SCALE } from '@mds/language';
import type { Constraints, DraftElement } from './draft.js';

/** Which element types each constraint applies to: the checker's own table (constraint-mismatch). */
const APPLIES_TO: Readonly<Record<keyof Constraints, readonly string[]>> = CONSTRAINT_TYPES;
const NAMES: Record<keyof Constraints, string> = { length: '长度', pattern: '模式', format: '格式校验', range: '取值范围', scale: '小数位数', unit: '计量单位' };

/**
 * An element's constraints as the language takes them: a constraint that does not apply to the
 * element's type (a length on an integer), or whose value the checker would refuse (a length of
 * "公民身份号码", bounds the wrong way round, a pattern that is no regular expression, a date
 * range of non-dates), is left out and said in a note on the element — an import writes a file
 * that checks, and says what it could not carry over, rather than refusing the whole source.
 */
export function fitConstraints(e: DraftElement): { constraints: Constraints; notes: string[] } {
    const type = 'primitive' in e.type ? e.type.primitive : 'codelist';
    const constraints: Constraints = {};
    const notes: string[] = [];
    for (const [key, value] of Object.entries(e.constraints) as Array<[keyof Constraints, never]>) {
        if (value === undefined) continue;
        const shown = Array.isArray(value) ? (value[0] !== undefined && value[0] === value[1] ? String(value[0]) : `${value[0] ?? ''}..${value[1] ?? ''}`) : String(value);
        const problem = !APPLIES_TO[key].includes(type) ? [`不适用于 ${type} 类型`, `does not apply to ${type}`] : valueProblem(key, value, type);
        if (problem) notes.push(`${NAMES[key]}“${shown}”${problem[0]}，未导入 / ${key} ${JSON.stringify(shown)} ${problem[1]}: not imported`);
        else (constraints as Record<string, unknown>)[key] = value;
    }
    return { constraints, notes };
}

function valueProblem(key: keyof Constraints, value: unknown, type: string): [string, string] | undefined {
    switch (key) {
        case 'length': {
            const [lo, hi] = value as [number | undefined, number | undefined];
            if (![lo, hi].every(b => b === undefined || (Number.isSafeInteger(b) && b >= 0)) || (lo === undefined && hi === undefined)) return ['不是非负整数', 'is not a non-negative integer'];
            return lo !== undefined && hi !== undefined && lo > hi ? ['下界大于上界', 'has its bounds the wrong way round'] : undefined;
        }
        case 'range': {
            const [lo, hi] = value as [string | undefined, string | undefined];
            if (lo === undefined && hi === undefined) return ['没有边界', 'has no bounds'];
            const ok = (b: string | undefined) => b === undefined || (type === 'date' ? isDate(b)
                : /^-?\d+(\.\d+)?$/.test(b) && Number.isFinite(Number(b)) && (type !== 'integer' || Number.isInteger(Number(b))));
            if (!ok(lo) || !ok(hi)) return type === 'date' ? ['不是 YYYY-MM-DD 形式的日期', 'is not dates as YYYY-MM-DD'] : type === 'integer' ? ['不是整数', 'is not integers'] : ['不是数字', 'is not numbers'];
            const order = (b: string) => type === 'date' ? b : Number(b);
            return lo !== undefined && hi !== undefined && order(lo) > order(hi) ? ['下界大于上界', 'has its bounds the wrong way round'] : undefined;
        }
        case 'pattern':
            try {
                new RegExp(value as string, 'u');
                return undefined;
            } catch {
                return ['不是有效的正则表达式', 'is not a valid regular expression'];
            }
        case 'format':
            return (FORMATS as readonly string[]).includes(value as string) ? undefined : ['不是已知的格式', 'is not a known format'];
        case 'scale':
            return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SCALE ? undefined : [`不是 0 到 ${MAX_SCALE} 的整数`, `is not an integer from 0 to ${MAX_SCALE}`];
        default:
            return undefined;
    }
}
