import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineOfRow, rowOfLine } from '../../packages/validate/src/engines/sql-engine.js';

// A SQL source's rows are numbered by DuckDB, their lines by breakpoints where rows and lines part
// (blank lines, line breaks in quoted cells). The lookups are binary searches (a file with a line
// break in every row has a breakpoint a row); they must give what a walk over the breakpoints gives.
const walkLine = (lines: Array<[number, number]>, row: number, first: number) => {
    let line = row + first - 1;
    for (const [r, l] of lines) { if (r <= row) line = l + (row - r); else break; }
    return line;
};
const walkRow = (lines: Array<[number, number]>, line: number, first: number) => {
    let row = line - first + 1;
    for (const [r, l] of lines) { if (l <= line) row = r + (line - l); else break; }
    return row;
};

/** Breakpoints as lineBreakpoints makes them: rows ascending, each a line further on than one a row. */
const breakpoints = fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })), { maxLength: 30 }).map(steps => {
    const out: Array<[number, number]> = [];
    let row = 0, line = 1;
    for (const [dr, extra] of steps) {
        row += dr;
        line += dr + extra;
        out.push([row, line]);
    }
    return out;
});

describe('rows and lines of a SQL source', () => {
    test('lineOfRow and rowOfLine give what a walk over the breakpoints gives', () => {
        fc.assert(fc.property(breakpoints, fc.integer({ min: 1, max: 200 }), fc.constantFrom(1, 2), (lines, x, first) => {
            expect(lineOfRow(lines, x, first)).toBe(walkLine(lines, x, first));
            expect(rowOfLine(lines, x, first)).toBe(walkRow(lines, x, first));
            expect(rowOfLine(lines, lineOfRow(lines, x, first), first)).toBe(x);
        }), { numRuns: 2000, seed: 12 });
    });
});
