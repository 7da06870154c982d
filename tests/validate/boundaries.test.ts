import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lastCsvBoundary, lastJsonLineBoundary, nextCsvBoundary } from '../../packages/validate/src/readers/boundaries.js';
import { CsvParser, type CsvRecord } from '../../packages/validate/src/readers/csv.js';

/**
 * Where the main thread cuts a file into chunks for the workers. The oracle is the CSV parser
 * itself: a cut is right when it falls after a record the parser ends there (outside quotes),
 * and no later line end in the bytes does.
 */
const pieces = ['a', 'bc', ',', '"', '""', '\r', '\n', '\r\n', '张', '😀'];
const bytesOf = (parts: string[]) => new Uint8Array(Buffer.from(parts.join('')));

/** The byte offsets after the line ends in the first `end` bytes that end a record (a CR: when the byte after it is in view). */
function recordEnds(b: Uint8Array, end: number): number[] {
    const ends: number[] = [];
    for (let i = 1; i <= end; i++) {
        const c = b[i - 1];
        if (c !== 0x0a && !(c === 0x0d && i < end && b[i] !== 0x0a)) continue;
        // A line end outside quotes: the prefix up to it parses to the end without an unclosed quote.
        const out: CsvRecord[] = [];
        new CsvParser(1).parse(Buffer.from(b.subarray(0, i)).toString(), true, out);
        if (!out.some(r => r.problem)) ends.push(i);
    }
    return ends;
}

describe('chunk boundaries', () => {
    test('CSV: the last cut is after the last record the parser ends in view; the next cut after the first', () => {
        fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.nat(), (parts, cut) => {
            const b = bytesOf(parts);
            const end = b.length ? cut % (b.length + 1) : 0;
            const ends = recordEnds(b, end);
            expect(lastCsvBoundary(b, end)).toBe(ends.length ? ends[ends.length - 1] : -1);
            expect(nextCsvBoundary(b, 0, end)).toBe(ends.length ? ends[0] : -1);
        }), { numRuns: 3000, seed: 20261130 });
    });

    test('JSONL: after the last LF; a view into a larger buffer reads only its own bytes', () => {
        const backing = new Uint8Array(Buffer.from('\n\n{"a":1}\n{"b":2}\n{"c"'));
        const b = backing.subarray(2, 20);
        expect(lastJsonLineBoundary(b, b.length)).toBe(16);
        expect(lastJsonLineBoundary(b, 8)).toBe(8);
        expect(lastJsonLineBoundary(b, 7)).toBe(-1);
        expect(lastCsvBoundary(b, 7)).toBe(-1);
    });
});
