import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { CodeListModel, ElementModel, FieldModel, RecordModel, SemanticModel } from '@mds/language';

/**
 * fast-check arbitraries driven by the semantic model: for every element a value that is valid
 * most of the time and wrong in one of many ways otherwise; for every record an object built from
 * its fields (optional ones left out, lists within and just outside their bounds, nested and
 * inherited records), with occasional structural mistakes. Used to compare two validators.
 */
export function recordArbitrary(model: SemanticModel, record: RecordModel, depth = 0): Arbitrary<unknown> {
    const entries: Record<string, Arbitrary<unknown>> = {};
    const optional: string[] = [];
    for (const f of record.fields) {
        entries[f.name] = fieldArbitrary(model, f, depth);
        if (f.optional) optional.push(f.name);
    }
    const base = fc.record(entries, { requiredKeys: record.fields.filter(f => !f.optional).map(f => f.name) });
    // Sometimes a required field is missing, an unknown one is added, or the value is no object.
    return fc.oneof(
        { weight: 20, arbitrary: base },
        { weight: 1, arbitrary: base.map(o => { const c = { ...(o as object) } as Record<string, unknown>; delete c[record.fields[0]?.name ?? '']; return c; }) },
        { weight: 1, arbitrary: base.map(o => ({ ...(o as object), 未定义字段: 1 })) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'text', 42, [], true) }
    );
}

function fieldArbitrary(model: SemanticModel, f: FieldModel, depth: number): Arbitrary<unknown> {
    let item: Arbitrary<unknown>;
    if ('element' in f.type) {
        item = elementArbitrary(model, model.declarations.get(f.type.element) as ElementModel);
    } else {
        const target = model.declarations.get(f.type.record) as RecordModel;
        item = depth >= 2 ? fc.constant({}) : fc.constant(null).chain(() => recordArbitrary(model, target, depth + 1));
    }
    if (!f.list) return item;
    const min = f.list.min ?? 0;
    const max = f.list.max ?? Math.max(min, 2);
    return fc.oneof(
        { weight: 12, arbitrary: fc.array(item, { minLength: Math.max(0, min - 1), maxLength: Math.min(max + 1, min + 4) }) },
        { weight: 1, arbitrary: item } // a single value where a list belongs
    );
}

const cache = new WeakMap<ElementModel, Arbitrary<unknown>>();

export function elementArbitrary(model: SemanticModel, e: ElementModel): Arbitrary<unknown> {
    let arb = cache.get(e);
    if (!arb) {
        arb = fc.oneof({ weight: 30, arbitrary: validValue(model, e) }, { weight: 1, arbitrary: invalidValue(model, e) });
        cache.set(e, arb);
    }
    return arb;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dateArb(min = '1900-01-01', max = '2099-12-31'): Arbitrary<string> {
    const lo = Date.parse(min + 'T00:00:00Z'), hi = Date.parse(max + 'T00:00:00Z');
    return fc.integer({ min: Math.ceil(lo / 864e5), max: Math.floor(hi / 864e5) })
        .map(d => new Date(d * 864e5).toISOString().slice(0, 10));
}

const timeArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('Z', '+08:00', '-05:30'))
    .map(([h, m, s, z]) => `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${z}`);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function citizenId(region: number, date: string, seq: number): string {
    const body = `${region}${date.replaceAll('-', '')}${pad(seq, 3)}`;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
    return body + '10X98765432'[sum % 11];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function uscc(body: string): string {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i]) * USCC_WEIGHTS[i];
    return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

const usccChar = fc.constantFrom(...USCC_CHARS);
const FORMAT_ARBS = {
    'gb11643': fc.tuple(fc.integer({ min: 110000, max: 659999 }), dateArb('1900-01-01', '2025-12-31'), fc.integer({ min: 0, max: 999 }))
        .map(([r, d, s]) => citizenId(r, d, s)),
    'uscc': fc.tuple(fc.array(usccChar, { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 999999 }), fc.array(usccChar, { minLength: 9, maxLength: 9 }))
        .map(([a, n, b]) => uscc(a.join('') + pad(n, 6) + b.join(''))),
    'phone-cn': fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([b, n]) => `1${b}${pad(n, 9)}`),
    'email': fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,8}[a-z0-9]$/), fc.constantFrom('minhang.gov.cn', 'example.cn'))
        .filter(([u]) => !u.includes('..')).map(([u, d]) => `${u}@${d}`),
    'uri': fc.stringMatching(/^[a-z0-9]{1,10}$/).map(p => `https://data.minhang.example/${p}`)
};

const CHARS = fc.constantFrom('a', 'Z', '0', '7', '张', '三', '闵', '-', ' ', '𠀀', '😀');

function validValue(model: SemanticModel, e: ElementModel): Arbitrary<unknown> {
    const c = e.constraints;
    if ('codeList' in e.type) {
        const list = model.declarations.get(e.type.codeList) as CodeListModel;
        return list.entries.length ? fc.constantFrom(...list.entries.map(x => x.code)) : fc.constant('无');
    }
    switch (e.type.primitive) {
        case 'string': {
            const lenOk = (s: string) => { const n = [...s].length; return n >= (c.length?.min ?? 0) && n <= (c.length?.max ?? Infinity); };
            let arb: Arbitrary<string>;
            if (c.format) arb = FORMAT_ARBS[c.format];
            else if (c.pattern !== undefined) arb = fc.stringMatching(new RegExp(`^(?:${c.pattern})$`, 'u'));
            else arb = fc.array(CHARS, { minLength: c.length?.min ?? 0, maxLength: Math.min(c.length?.max ?? 20, (c.length?.min ?? 0) + 20) }).map(a => a.join(''));
            // A value that fails a second constraint is still a fine case: both validators must say so.
            return fc.oneof({ weight: 5, arbitrary: arb.filter(lenOk) }, { weight: 1, arbitrary: arb });
        }
        case 'integer': {
            const min = typeof c.range?.min === 'number' ? Math.ceil(c.range.min) : -1_000_000;
            const max = typeof c.range?.max === 'number' ? Math.floor(c.range.max) : 1_000_000;
            return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
        }
        case 'decimal': {
            const scale = c.scale ?? 3;
            const f = 10 ** scale;
            // ajv's multipleOf (with multipleOfPrecision) is approximate once |value| × 10^scale
            // nears 1e9; the generated validators are exact. Compare where both are meant to agree.
            const limit = 1e8 / f;
            const min = Math.max(typeof c.range?.min === 'number' ? c.range.min : -limit, -limit);
            const max = Math.min(typeof c.range?.max === 'number' ? c.range.max : limit, limit);
            return fc.integer({ min: Math.ceil(min * f), max: Math.floor(max * f) }).map(n => Number((n / f).toFixed(scale)));
        }
        case 'boolean':
            return fc.boolean();
        case 'date':
            return dateArb(typeof c.range?.min === 'string' ? c.range.min : undefined, typeof c.range?.max === 'string' ? c.range.max : undefined);
        case 'datetime':
            return fc.tuple(dateArb(), timeArb).map(([d, t]) => `${d}T${t}`);
        case 'time':
            return timeArb;
    }
}

/** A value wrong for the element in one of the ways a department's data goes wrong. */
function invalidValue(model: SemanticModel, e: ElementModel): Arbitrary<unknown> {
    const c = e.constraints;
    const generic = fc.oneof(fc.constantFrom<unknown>(null, true, 0, 1.5, '', 'x', '2023-02-30', [], {}), fc.jsonValue({ maxDepth: 1 }));
    const valid = validValue(model, e);
    const specific: Arbitrary<unknown>[] = [];
    if ('primitive' in e.type) {
        switch (e.type.primitive) {
            case 'string':
                specific.push(valid.map(v => `${v}!`), valid.map(v => String(v).slice(1)), valid.map(v => String(v) + '9'));
                if (c.format === 'gb11643' || c.format === 'uscc') {
                    specific.push(valid.map(v => { const s = String(v); return s.slice(0, 17) + (s[17] === '0' ? '1' : '0'); }));
                }
                if (c.length?.max !== undefined) specific.push(fc.constant('x'.repeat(c.length.max + 1)), fc.constant('张'.repeat(c.length.max + 1)));
                specific.push(valid.map(v => String(v).toLowerCase()), fc.integer());
                break;
            case 'integer':
            case 'decimal': {
                const max = typeof c.range?.max === 'number' ? c.range.max : undefined;
                const min = typeof c.range?.min === 'number' ? c.range.min : undefined;
                if (max !== undefined) specific.push(fc.constant(max + 1), fc.constant(max + 0.001));
                if (min !== undefined) specific.push(fc.constant(min - 1), fc.constant(min - 0.001));
                if (c.scale !== undefined) specific.push(valid.map(v => Number(v) + 10 ** -(c.scale! + 1)), fc.constant(87.35));
                specific.push(valid.map(v => String(v)), fc.constant(2.5));
                break;
            }
            case 'date':
                specific.push(fc.constantFrom('2023-02-29', '2024-13-01', '20240101', '2024-1-01', '1899-12-31', '2100-01-01'));
                break;
            case 'datetime':
                specific.push(fc.constantFrom('2024-01-01T08:00:00', '2024-01-01 08:00:00+08:00', '2024-01-01T24:00:00Z', '2024-02-30T08:00:00Z'));
                break;
            case 'time':
                specific.push(fc.constantFrom('08:00:00', '8:00:00+08:00', '08:60:00Z', '23:59:60Z'));
                break;
            case 'boolean':
                specific.push(fc.constantFrom('true', 0, 1, '是'));
        }
    } else {
        specific.push(fc.constantFrom('ZZZ', ' 1', '1 ', 1));
    }
    return fc.oneof(generic, ...specific);
}
