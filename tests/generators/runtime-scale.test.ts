import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toCommonJs } from '../../packages/generators/src/typescript/commonjs.js';
import { moduleLoader } from '../../packages/generators/src/typescript/load-sources.js';
import { RUNTIME_SOURCE } from '../../packages/generators/src/typescript/runtime-source.js';

const runtime = moduleLoader(new Map([['rt', toCommonJs(RUNTIME_SOURCE)]]))('rt');
const scaleOk = runtime.scaleOk as (n: number, scale: number) => boolean;

/** The definition: the places after the point of the shortest decimal text of the number (what String gives). */
function placesOfText(n: number): number {
    const s = String(Math.abs(n));
    const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s)!;
    return Math.max(0, (m[2] ? m[2].length : 0) - (m[3] ? Number(m[3]) : 0));
}

describe('runtime scaleOk (its fast path never disagrees with the text)', () => {
    const agrees = (n: number, scale: number) => expect(scaleOk(n, scale), `${n} scale ${scale}`).toBe(Number.isFinite(n) && placesOfText(n) <= scale);

    test('decimals written with a few places, any double, and their neighbours', () => {
        const decimal = fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 24 })).map(([m, k]) => m / 10 ** k);
        const anyDouble = fc.double({ noNaN: true });
        const neighbour = fc.tuple(decimal, fc.integer({ min: -3, max: 3 })).map(([x, d]) => {
            const b = new Float64Array([x]), w = new BigInt64Array(b.buffer);
            w[0] += BigInt(d);
            return b[0];
        });
        fc.assert(fc.property(fc.oneof(decimal, anyDouble, neighbour), fc.integer({ min: 0, max: 25 }), (n, scale) => { agrees(n, scale); }), { numRuns: 20000, seed: 20261130 });
    });

    test('fixed cases at the edges', () => {
        const cases = [0.07, 1.005, 0.1 + 0.2, 1.1 + 2.2, 87.3, 1e-7, 1.5e-7, 123456789.12, 9007199254740.991, 4503599627370495.5, 0.1, 5e-324,
            2.2250738585072014e-308, 1e21 + 0.5, 0.000001, 0.0000001, 1 / 3, -0.5, -0, Infinity, -Infinity, NaN];
        for (const n of cases) for (let scale = 0; scale <= 25; scale++) agrees(n, scale);
    });
});
