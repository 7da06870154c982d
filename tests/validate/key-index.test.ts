import { describe, expect, test } from 'vitest';
import { KeyIndex } from '../../packages/validate/src/stats.js';
import { hashInto, lastHash } from '../../packages/validate/src/hash.js';
import { KeyCollector, keyText } from '../../packages/validate/src/checker.js';
import { seededRandom } from '../helpers.js';

describe('KeyIndex (key uniqueness over a whole input)', () => {
    // Keys drawn from a small pool repeat; second words cover the whole 32-bit range, the ends included,
    // so probes wrap around the end of a table whose size is not a power of two.
    for (const reserve of [0, 50_000, 400_000]) {
        test(`names the first line of every repeated key, as a Map does (reserve ${reserve})`, () => {
            const next = seededRandom(reserve + 7);
            const pool: Array<readonly [number, number]> = [];
            for (let i = 0; i < 150_000; i++) {
                const b = i % 1000 === 0 ? 0xffffffff - (i % 7) : i % 1000 === 1 ? i % 5 : Math.floor(next() * 0x100000000);
                // Every third key shares its first word with the one before (a collision on half the hash).
                const a = i % 3 === 2 ? pool[i - 1][0] : Math.floor(next() * 0x100000000);
                pool.push([a, b]);
            }
            const index = new KeyIndex();
            if (reserve) index.reserve(reserve);
            const reference = new Map<string, number>();
            const wrong: string[] = [];
            for (let line = 2; line < 302; line++) {
                for (let j = 0; j < 1000; j++) {
                    const [a, b] = pool[Math.floor(next() * pool.length)];
                    const at = line * 1000 + j;
                    const expected = reference.get(`${a}:${b}`);
                    if (expected === undefined) reference.set(`${a}:${b}`, at);
                    const got = index.addHash(a, b, at);
                    if (got !== expected && wrong.length < 5) wrong.push(`${a}:${b} at ${at}: ${got} instead of ${expected}`);
                }
            }
            expect(wrong).toEqual([]);
            expect(reference.size).toBeGreaterThan(100_000);
        });
    }
});

describe('KeyCollector (the keys a worker sends for one chunk)', () => {
    test('keeps every key, line, row and flag as it grows past its first size', () => {
        const keys = new KeyCollector(1); // grows from 16 to 2,048
        // Empty keys, Chinese and astral characters (surrogate pairs), and keys longer than a decoding step (4,096 units).
        const odd = (i: number) => i % 97 === 5 ? `键${'𠀀a'.repeat(3000 + i)}` : i % 7 ? `31011219800101${String(i).padStart(4, '0')}` : '';
        const added = Array.from({ length: 1500 }, (_, i) => ({ key: odd(i), line: 2 * i + 2, row: i + 1, flags: i % 4 }));
        for (const a of added) keys.add(a.key, { line: a.line, row: a.row }, a.flags);
        const batch = keys.batch();
        expect(batch.count).toBe(added.length);
        added.forEach((a, i) => {
            hashInto(a.key);
            expect([keyText(batch, i), batch.lines[i], batch.rows[i], batch.flags[i], batch.hashes[i * 2], batch.hashes[i * 2 + 1]])
                .toEqual([a.key, a.line, a.row, a.flags, lastHash.a, lastHash.b]);
        });
        expect([batch.lines.length, batch.ends.length, batch.hashes.length]).toEqual([1500, 1500, 3000]);
    });
});
