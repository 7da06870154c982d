import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validatorSources } from '../../packages/generators/src/index.js';
import { recordCheckFromSources, type RecordCheck } from '../../packages/generators/src/runtime.js';
import { modelOf } from './helpers.js';

/**
 * Lengths are in characters (code points). The generated check counts them only when the UTF-16
 * length leaves the answer open (a string of L units has L/2 to L characters): held here to the
 * definition on strings of surrogate pairs, other scripts and ASCII around every bound.
 */
const STANDARD = `namespace len.test
version "1.0.0"

department DEPT "区数据局" { level district }

element Ranged "名称" : string { length 3..5 }
element Exact "代码" : string { length 18 }
element AtMost "简称" : string { length ..4 }
element AtLeast "说明" : string { length 2.. }
element AnyLength "备注" : string { length 0..2 }

record Texts "文本" {
  ranged?: Ranged
  exact?: Exact
  atMost?: AtMost
  atLeast?: AtLeast
  anyLength?: AnyLength
}
`;

const BOUNDS: Record<string, [number, number]> = { ranged: [3, 5], exact: [18, 18], atMost: [0, 4], atLeast: [2, Infinity], anyLength: [0, 2] };

describe('generated length checks count characters, not UTF-16 units', () => {
    let check: RecordCheck;
    beforeAll(async () => {
        const dir = join(mkdtempSync(join(tmpdir(), 'mds-len-')), 'std');
        mkdirSync(dir);
        writeFileSync(join(dir, 'len.mds'), STANDARD);
        check = recordCheckFromSources(validatorSources(await modelOf(dir), 'len.test.Texts'))!;
    });

    test('every field, strings of 0–40 units from pairs, CJK and ASCII', () => {
        const text = fc.array(fc.constantFrom('a', '7', '张', '𠀀', '😀', '\ud800'), { maxLength: 20 }).map(a => a.join(''));
        fc.assert(fc.property(fc.constantFrom(...Object.keys(BOUNDS)), text, (field, s) => {
            const errors: Array<{ path: string; code: string }> = [];
            check({ [field]: s }, '', errors);
            const n = [...s].length, [min, max] = BOUNDS[field];
            const expected = [...(n < min ? ['minLength'] : []), ...(n > max ? ['maxLength'] : [])];
            expect(errors.map(e => e.code), `${field} ${JSON.stringify(s)} (${n} characters)`).toEqual(expected);
        }), { numRuns: 5000, seed: 20261130 });
    });
});
