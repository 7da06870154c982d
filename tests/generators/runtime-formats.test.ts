import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toCommonJs } from '../../packages/generators/src/typescript/commonjs.js';
import { moduleLoader } from '../../packages/generators/src/typescript/load-sources.js';
import { RUNTIME_SOURCE } from '../../packages/generators/src/typescript/runtime-source.js';
import { citizenId, uscc } from './model-arbitraries.js';

const runtime = moduleLoader(new Map([['rt', toCommonJs(RUNTIME_SOURCE)]]))('rt');
const formats = runtime.formats as Record<string, (s: string) => boolean>;

/**
 * The check-character formats and phone-cn are read in one pass over the characters; these are
 * their definitions as regular expressions (the JSON Schema patterns and the standards' text),
 * kept here as the oracles.
 */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const validDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS[m - 1]);
const ORACLES: Record<string, (s: string) => boolean> = {
    'gb11643': s => {
        if (!/^[1-9]\d{5}(18|19|20)\d{9}[\dX]$/.test(s) || !validDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
        const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += Number(s[i]) * weights[i];
        return '10X98765432'[sum % 11] === s[17];
    },
    'uscc': s => /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s) && uscc(s.slice(0, 17)) === s,
    'phone-cn': s => /^1[3-9]\d{9}$/.test(s)
};

/**
 * Valid values, and the same with one character replaced, inserted or removed (near misses:
 * among them characters outside ASCII whose low seven bits are 0, 1 or A), and strings from the
 * characters that matter.
 */
const near = (valid: fc.Arbitrary<string>) => fc.oneof(
    valid,
    fc.tuple(valid, fc.nat(), fc.constantFrom('0', '1', '9', 'X', 'x', 'A', 'I', 'O', 'Z', 'S', 'V', '-', ' ', '０', '张', '𠀀', '\n', '°', 'İ', 'Ł')).chain(([s, at, c]) => fc.constantFrom(
        s.slice(0, at % s.length) + c + s.slice(at % s.length + 1),
        s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1)),
        s.slice(0, at % s.length) + s.slice(at % s.length + 1))),
    fc.array(fc.constantFrom('0', '1', '2', '3', '7', '9', 'X', 'A', 'Y', 'I', '张'), { minLength: 10, maxLength: 19 }).map(a => a.join('')));

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map(a => a.join(''));
/** A citizen-ID body of 17 characters with its check character, right or wrong in every other rule (a leading 0, century 17 or 21, month 13, day 00…). */
const idWithCheck = fc.tuple(digits(6), fc.constantFrom('17', '18', '19', '20', '21'), digits(2), fc.constantFrom('00', '01', '02', '09', '12', '13'), fc.constantFrom('00', '01', '28', '29', '30', '31', '32'), digits(3))
    .map(parts => {
        const body = parts.join('');
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += Number(body[i]) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i];
        return body + '10X98765432'[sum % 11];
    });
const USCC_SET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
const VALID: Record<string, fc.Arbitrary<string>> = {
    'gb11643': fc.oneof(idWithCheck, fc.tuple(fc.integer({ min: 100000, max: 999999 }), fc.integer({ min: -80000, max: 50000 }), fc.integer({ min: 0, max: 999 }))
        .map(([r, day, seq]) => citizenId(r, new Date(day * 86400_000).toISOString().slice(0, 10), seq))),
    'uscc': fc.oneof(
        fc.tuple(fc.array(fc.constantFrom(...USCC_SET), { minLength: 11, maxLength: 11 }), fc.integer({ min: 0, max: 999_999 }))
            .map(([a, n]) => uscc(a.slice(0, 2).join('') + String(n).padStart(6, '0') + a.slice(2).join(''))),
        // Letters among the digits 2–7, with a right check character.
        fc.array(fc.constantFrom(...USCC_SET), { minLength: 17, maxLength: 17 }).map(a => uscc(a.join('')))),
    'phone-cn': fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([b, n]) => `1${b}${String(n).padStart(9, '0')}`)
};

describe('runtime formats read in one pass agree with their regular-expression definitions', () => {
    for (const name of Object.keys(ORACLES)) {
        test(name, () => {
            let valid = 0;
            fc.assert(fc.property(near(VALID[name]), s => {
                const expected = ORACLES[name](s);
                if (expected) valid++;
                expect(formats[name](s), JSON.stringify(s)).toBe(expected);
            }), { numRuns: 20000, seed: 20261130 });
            expect(valid, 'valid values among the cases').toBeGreaterThan(2000);
        });
    }

    test('edges', () => {
        const id = citizenId(310112, '2000-02-29', 1);
        expect(formats.gb11643(id)).toBe(true);
        for (const s of [id.replace('2000', '1900'), '0' + id.slice(1), id.slice(0, 6) + '2100' + id.slice(10), id + ' ', ' ' + id.slice(1), id.slice(0, 17) + 'x']) {
            expect(formats.gb11643(s), s).toBe(ORACLES.gb11643(s));
        }
        const code = uscc('91310110MA1G8XXXX'.replace(/X/g, '0'));
        expect(formats.uscc(code)).toBe(true);
        expect(formats.uscc(code.slice(0, 2) + 'A' + code.slice(3))).toBe(false); // a letter among the digits 2–7
        expect(formats['phone-cn']('12912345678')).toBe(false);
        expect(formats['phone-cn']('1391234567８')).toBe(false);
    });
});
