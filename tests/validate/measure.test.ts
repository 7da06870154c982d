import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hashRecordInto, hashValueInto, KnownFields, lastHash, valueHashInto } from '../../packages/validate/src/hash.js';
import { compileMeasurer } from '../../packages/validate/src/measure.js';
import { FieldStats } from '../../packages/validate/src/stats.js';

// The measurer hashes a nested record's fields first and puts the record's hash together from
// theirs (hashRecordInto) instead of hashing the record again. The two must count the same
// distinct values as the plain definition: values equal where JSON.stringify is equal.

/** A record with a nested record two deep, a list, and names Object.prototype has (constructor, toString). */
const PATHS = [
    ['id'], ['constructor'], ['tags'],
    ['address'], ['address', 'division'], ['address', 'detail'], ['address', 'geo'], ['address', 'geo', 'lat'], ['address', 'geo', 'toString'],
].map(names => ({ names, path: names.join('.') }));

const scalar = fc.oneof(
    fc.constantFrom('', 'a', 'b', '1', '310112', '莘庄', 'constructor'),
    fc.constantFrom(0, 1, 2.5, -3, 1e21),
    fc.constantFrom(null, true, false, undefined),
);
const value = fc.letrec(tie => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 3 }), tie('o')),
    o: fc.dictionary(fc.constantFrom('division', 'detail', 'geo', 'lat', 'toString', 'x', '__proto__'), tie('v'), { maxKeys: 4 }),
})).v;
/** Mostly well-formed nested records (fields in declared order, in another order, missing, extra keys), sometimes anything. */
const geo = fc.oneof(fc.record({ lat: scalar, toString: scalar }, { requiredKeys: [] }), fc.record({ toString: scalar, lat: scalar, x: value }, { requiredKeys: [] }), value);
const address = fc.oneof(
    fc.record({ division: scalar, detail: scalar, geo }, { requiredKeys: [] }),
    fc.record({ detail: scalar, geo, division: scalar, extra: value }, { requiredKeys: [] }),
    value,
);
const row = fc.record({ id: scalar, constructor: scalar, tags: value, address }, { requiredKeys: [] });

/** The plain definition: a field's value (own properties all the way), present unless undefined, null or ''. */
function fieldValue(row: unknown, names: string[]): unknown {
    let v = row;
    for (const name of names) {
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, name)) return undefined;
        v = (v as Record<string, unknown>)[name];
    }
    return v;
}

const hash = (f: () => void) => { f(); return `${lastHash.a}:${lastHash.b}`; };

describe('per-field measuring', () => {
    test('presence and distinct values of every field (nested records hashed from their fields) equal the plain definition', () => {
        fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), rows => {
            const stats = PATHS.map(() => new FieldStats());
            const measure = compileMeasurer(PATHS, stats);
            for (const r of rows) measure(r, []);
            PATHS.forEach((p, i) => {
                const present = rows.map(r => fieldValue(r, p.names)).filter(v => v !== undefined && v !== null && v !== '');
                expect(stats[i].present, p.path).toBe(present.length);
                expect(stats[i].distinct.result(), p.path).toEqual({ distinct: new Set(present.map(v => typeof v + JSON.stringify(v))).size, estimated: false });
            });
        }), { numRuns: 300, seed: 20261201 });
    });

    test('a record put together from its fields hashes as the record hashed whole', () => {
        fc.assert(fc.property(address, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (v, knownAs) => {
            const fields = new KnownFields(['division', 'detail', 'geo']);
            // Some fields' hashes known (as the measurer leaves them), the others computed on the spot.
            fields.names.forEach((name, j) => {
                const x = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
                fields.known[j] = 0;
                if (knownAs[j] && x !== undefined) { valueHashInto(x); fields.set(j); }
            });
            expect(hash(() => hashRecordInto(v, fields))).toBe(hash(() => hashValueInto(v)));
        }), { numRuns: 500, seed: 7 });
    });

    test('key order counts, as in JSON text; a missing value and an absent key are one', () => {
        expect(hash(() => hashValueInto({ a: 1, b: 2 }))).not.toBe(hash(() => hashValueInto({ b: 2, a: 1 })));
        expect(hash(() => hashValueInto({ a: 1, b: undefined }))).toBe(hash(() => hashValueInto({ a: 1 })));
        expect(hash(() => hashValueInto([undefined]))).toBe(hash(() => hashValueInto([null])));
        expect(hash(() => hashValueInto(['1']))).not.toBe(hash(() => hashValueInto([1])));
        expect(hash(() => hashValueInto({ a: [] }))).not.toBe(hash(() => hashValueInto({ a: {} })));
    });
});
