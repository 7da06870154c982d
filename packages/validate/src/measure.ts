import type { RuleError } from '@mds/generators/runtime';
import { hashRecordInto, KnownFields, lastHash, valueHashInto } from './hash.js';
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
 * through own properties holding records (objects, not lists). The fields of a nested record are
 * measured before the record, and the record's hash for its distinct values is put together from
 * theirs (hashRecordInto) rather than hashed again from the start.
 */
export function compileMeasurer(paths: Array<{ names: string[]; path: string }>, stats: FieldStats[]): Measurer {
    const index = new Map(paths.map((p, i) => [p.path, i]));
    const parentOf = paths.map(p => p.names.length > 1 ? index.get(p.names.slice(0, -1).join('.')) : undefined);
    const children = paths.map((_, i) => paths.flatMap((_, c) => parentOf[c] === i ? [c] : []));
    const known = children.map(c => c.length ? new KnownFields(c.map(k => paths[k].names[paths[k].names.length - 1])) : undefined);
    const lines: string[] = [];
    const emit = (i: number): void => {
        children[i].forEach(emit);
        const p = paths[i], parent = parentOf[i];
        // Where the parent record finds this field's hash. Not reset per row: the record reads it only
        // for a key it has with a value, and then this block has just set it.
        const slot = parent === undefined ? undefined : { known: `k[${parent}]`, j: children[parent].indexOf(i) };
        const reads: string[] = [];
        let at = 'value';
        p.names.forEach((name, n) => {
            const key = JSON.stringify(name);
            const next = n === p.names.length - 1 ? 'v' : `o${i}_${n}`;
            if (n > 0) reads.push(`if (${at} === null || typeof ${at} !== 'object' || Array.isArray(${at})) break m${i};`);
            // A name Object.prototype does not have is an own property wherever it is not undefined
            // (rows are plain objects): only the others need the call.
            const inherited = name in Object.prototype;
            reads.push(`${next === 'v' ? '' : 'const '}${next} = ${at}[${key}];`, `if (${next} === undefined${inherited ? ` || !own.call(${at}, ${key})` : ''}) break m${i};`);
            at = next;
        });
        const counted = known[i] ? `countRecord(s[${i}], v, errors, ${JSON.stringify(p.path)}, k[${i}])` : `count(s[${i}], v, errors, ${JSON.stringify(p.path)})`;
        lines.push(`m${i}: {`, ...reads.map(r => '    ' + r),
            `    if (v !== null && v !== '') ${counted};${slot ? ' else valueHashInto(v);' : ''}`,
            ...(slot ? [`    ${slot.known}.set(${slot.j});`] : []), '}');
    };
    paths.forEach((_, i) => { if (parentOf[i] === undefined) emit(i); });
    const body = `const own = Object.prototype.hasOwnProperty;\nreturn function measure(value, errors) {\nif (value === null || typeof value !== 'object' || Array.isArray(value)) return;\nlet v;\n${lines.join('\n')}\n};`;
    return new Function('s', 'k', 'count', 'countRecord', 'valueHashInto', body)(stats, known, count, countRecord, valueHashInto) as Measurer;
}

/** One present value of a field: hashed (into lastHash, where it stays) and counted (tally). */
function count(s: FieldStats, v: unknown, errors: RuleError[], path: string): void {
    valueHashInto(v);
    tally(s, v, errors, path);
}

/** count() for a nested record whose fields were measured (and hashed) just before it. */
function countRecord(s: FieldStats, v: unknown, errors: RuleError[], path: string, known: KnownFields): void {
    hashRecordInto(v, known);
    tally(s, v, errors, path);
}

/** A present value whose hash is in lastHash: counted, its distinct value added, and its text kept when an error of the row is about it. */
function tally(s: FieldStats, v: unknown, errors: RuleError[], path: string): void {
    s.present++;
    s.distinct.addHash(lastHash.a, lastHash.b);
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
