import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LeafType } from '@mds/generators/runtime';
import { lossyNumber, rowBuilder, rowObject, type Column } from '../../packages/validate/src/cells.js';

const column = (path: string, type: LeafType, list = false): Column => {
    const names = path.split('.');
    return { header: path, target: { names, path, labels: names, list, type, field: undefined as never } };
};

/** Columns a header may hold: every cell kind, records nested two deep. */
const COLUMNS: Column[] = [
    column('id', { primitive: 'string' }), column('age', { primitive: 'integer' }), column('income', { primitive: 'decimal' }),
    column('alive', { primitive: 'boolean' }), column('birth', { primitive: 'date' }), column('seen', { primitive: 'datetime' }),
    column('at', { primitive: 'time' }), column('sex', { codeList: 'x.Gender' }), column('tags', { primitive: 'string' }, true),
    column('scores', { primitive: 'integer' }, true), column('address.division', { primitive: 'string' }),
    column('address.detail', { primitive: 'string' }), column('address.geo.lat', { primitive: 'decimal' }),
    column('address.geo.lng', { primitive: 'decimal' }), column('contact.phone', { primitive: 'string' }),
    column('guardian', { record: 'x.Person' }), column('constructor', { primitive: 'string' })
];

const CELLS = ['', ' ', '12', ' 12 ', '1.50', '1e999', 'abc', '是', '否', 'true', '0', '2026-11-30', '2026-11-30T08:00:00+08:00',
    '08:30:00+08:00', '[1,2]', '["a", "b"]', 'a;b；c', '{"name":"张三"}', '{bad', '"quoted"', '__proto__'];

/** JSON with keys sorted: the builder keeps the header's order where rowObject inserted a record at its first value (order never decides a check). */
const canonical = (v: unknown): string => JSON.stringify(v, (_, x) => x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a < b ? -1 : 1)) : x);

const cell = fc.oneof(fc.constantFrom<string | number | boolean | undefined>(...CELLS, undefined), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.string());

describe('compiled row builder', () => {
    test('builds the value rowObject builds for any header and cells', () => {
        const header = fc.shuffledSubarray(COLUMNS, { minLength: 1 });
        fc.assert(fc.property(header, fc.array(fc.array(cell, { minLength: 0, maxLength: 20 }), { minLength: 1, maxLength: 5 }), (columns, rows) => {
            const build = rowBuilder(columns);
            for (const cells of rows) {
                const built = build(cells);
                expect(canonical(built)).toBe(canonical(rowObject(columns, cells)));
                // The shape holds absent fields as undefined, never as another value.
                for (const [k, v] of Object.entries(built)) if (v !== undefined) expect(rowObject(columns, cells)).toHaveProperty([k]);
            }
        }), { numRuns: 400, seed: 20261130 });
    });

    test('a header that addresses a value twice falls back to rowObject', () => {
        for (const columns of [[column('address', { record: 'x.Address' }), column('address.detail', { primitive: 'string' })],
            [column('address.detail', { primitive: 'string' }), column('address', { record: 'x.Address' })],
            [column('id', { primitive: 'string' }), column('id', { primitive: 'string' })], [column('__proto__', { primitive: 'string' })]]) {
            const cells = ['{"division":"310112"}', 'x'];
            expect(JSON.stringify(rowBuilder(columns)(cells))).toBe(JSON.stringify(rowObject(columns, cells)));
        }
        const proto = rowBuilder([column('__proto__', { primitive: 'string' })])(['x']);
        expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    });

    test('one shape for every row of a header', () => {
        const columns = COLUMNS.slice(0, 14);
        const build = rowBuilder(columns);
        expect(rowBuilder(columns)).toBe(build);
        expect(Object.keys(build([]))).toEqual(Object.keys(build(CELLS)));
        expect(build([]).address).toBeUndefined();
        expect(build(['', '', '', '', '', '', '', '', '', '', '', '', '', '1.5']).address).toEqual({ geo: { lng: 1.5 } });
    });
});

test('a number past 9999-12-31 in a date column stays a number (the validator reports it), no crash', async () => {
    const { cellValue } = await import('../../packages/validate/src/cells.js');
    for (const type of ['date', 'datetime'] as const) {
        expect(cellValue(100025570, column('d', { primitive: type }))).toBe(100025570);
        expect(cellValue(2958465, column('d', { primitive: type }))).toMatch(/^9999-12-31/);
    }
});

describe('lossyNumber: cells Excel may have cut to 15 significant digits', () => {
    test('numbers of 16 digits or more, and scientific notation as Excel writes it; not phones, small numbers or other text', () => {
        for (const cell of [110105194912310020, 1e15, -1234567890123456, '1.10105E+17', '1E+17', '1.23457e+11', ' 1.2E+20']) expect(lossyNumber(cell), String(cell)).toBe(true);
        for (const cell of [999999999999999, 13912345678, 0.5, '13912345678', '11010519491231002X', '+86 139 1234 5678', 'E+17', '1.1E-05', '1.1E+5', 'x1.1E+17', '', true, undefined]) {
            expect(lossyNumber(cell), String(cell)).toBe(false);
        }
    });
});
