import fc from 'fast-check';
import { expect, test } from 'vitest';
import { timestampOf } from '../../packages/validate/src/timeliness.js';

/** What timeliness read before the direct path: Date.parse, a date alone at midnight in UTC+08:00. */
const byDateParse = (s: string) => Date.parse(s.length === 10 ? s + 'T00:00:00+08:00' : s);

const same = (s: string) => expect(Object.is(timestampOf(s), byDateParse(s)), `${JSON.stringify(s)}: ${timestampOf(s)} vs ${byDateParse(s)}`).toBe(true);

test('timestamps computed directly read as Date.parse reads them, valid or not', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const stamp = fc.record({
        y: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 9999 })), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 61 }), s: fc.integer({ min: 0, max: 61 }),
        sep: fc.constantFrom('T', 'T', 't', ' ', '\t'), zone: fc.constantFrom('Z', 'z', '+08:00', '-05:30', '+23:59', '+24:00', '+08:60', '+0800', '', '.5Z', '.123+08:00'),
        dateOnly: fc.boolean()
    }).map(p => `${pad(p.y, 4)}-${pad(p.mo, 2)}-${pad(p.d, 2)}` + (p.dateOnly ? '' : `${p.sep}${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}${p.zone}`));
    const mutated = fc.tuple(stamp, fc.nat(), fc.constantFrom('x', '-', ':', '0', '9', ' ', '+', '١')).map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice(i % s.length + 1));
    fc.assert(fc.property(fc.oneof(stamp, mutated, fc.string({ maxLength: 26 })), s => { same(s); }), { numRuns: 20000, seed: 20261130 });
});

test('fixed stamps at the edges', () => {
    for (const s of ['2026-11-29', '2024-02-29', '2026-02-29', '2026-02-30T08:00:00+08:00', '2026-12-31T23:59:59Z', '2026-12-31T23:59:60Z', '2026-12-31T24:00:00Z',
        '0099-01-01', '0999-12-31T00:00:00Z', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '2026-11-01T08:30:00+08:00', '2026-11-01T08:30:00-00:00']) same(s);
});
