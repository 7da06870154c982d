import type { RuleError } from '@mds/generators/runtime';
import type { FieldStats } from './stats.js';

/** Records the fields of one row value in their statistics; `errors` are the row's (an invalid field counts its value). */
export type Measurer = (value: unknown, errors: RuleError[]) => void;

/** The text a value is shown and counted by among the invalid values. */
export function display(v: unknown): string {
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : jsonText(v);
}

/** How deep jsonText writes a value that JSON.stringify cannot (deeper parts become "…"). */
const SHOWN_DEPTH = 64;

/**
 * A value's JSON text, as JSON.stringify writes it. A value nested too deeply for that (a JSON
 * cell or line of 100,000 brackets: JSON.parse reads it, JSON.stringify overflows the stack and
 * the run ended with an internal error) is written down to SHOWN_DEPTH levels, the rest as "…".
 */
export function jsonText(v: unknown): string {
    try {
        return JSON.stringify(v) ?? String(v);
    } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return shallowJson(v, SHOWN_DEPTH);
    }
}

function shallowJson(v: unknown, depth: number): string {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (depth === 0) return '"…"';
    if (Array.isArray(v)) return '[' + v.map(x => shallowJson(x, depth - 1)).join(',') + ']';
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter(k => o[k] !== undefined).map(k => JSON.stringify(k) + ':' + shallowJson(o[k], depth - 1)).join(',') + '}';
}

/**
 * The per-field measurement of a row (completeness, distinct values, invalid values), compiled
 * once per record: one straight-line function that reads each field by its name, as the
 * generated validators do, instead of a loop over paths with a lookup by a variable name. A
 * field counts when it is an own property with a value (not undefined, null or ''), reached
 * through own properties holding records (objects, not lists).
 */
export function compileMeasurer(paths: Array<{ names: string[]; path: string }>, stats: FieldStats[]): Measurer {
    const lines: string[] = [];
    paths.forEach((p, i) => {
        const reads: string[] = [];
        let at = 'value';
        p.names.forEach((name, k) => {
            const key = JSON.stringify(name);
            const next = k === p.names.length - 1 ? 'v' : `o${i}_${k}`;
            if (k > 0) reads.push(`if (${at} === null || typeof ${at} !== 'object' || Array.isArray(${at})) break m${i};`);
            reads.push(`const ${next} = ${at}[${key}];`, `if (${next} === undefined || !own.call(${at}, ${key})) break m${i};`);
            at = next;
        });
        lines.push(`m${i}: {`, ...reads.map(r => '    ' + r).map(r => r.replace('const v =', 'v =')),
            `    if (v !== null && v !== '') count(s[${i}], v, errors, ${JSON.stringify(p.path)});`, '}');
    });
    const body = `const own = Object.prototype.hasOwnProperty;\nreturn function measure(value, errors) {\nif (value === null || typeof value !== 'object' || Array.isArray(value)) return;\nlet v;\n${lines.join('\n')}\n};`;
    return new Function('s', 'count', body)(stats, count) as Measurer;
}

/** One present value of a field: counted, its distinct value added, and its text kept when an error of the row is about it. */
function count(s: FieldStats, v: unknown, errors: RuleError[], path: string): void {
    s.present++;
    if (typeof v === 'string') s.distinct.add(v);
    else if (typeof v === 'number') s.distinct.addNumber(v);
    else s.distinct.addValue(v);
    for (let j = 0; j < errors.length; j++) {
        if (covers(errors[j].path, path)) {
            s.addInvalid(display(v));
            return;
        }
    }
}

/** Whether an error at `path` is about the field `field` (or something inside it: `field.x`, `field[0]`), without building a string. */
export function covers(path: string, field: string): boolean {
    return path.startsWith(field) && (path.length === field.length || path.charCodeAt(field.length) === 46 || path.charCodeAt(field.length) === 91);
}
