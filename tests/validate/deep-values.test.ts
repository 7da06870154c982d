import { describe, expect, test } from 'vitest';
import { validateText } from '../../packages/validate/src/index.js';
import { jsonText } from '../../packages/validate/src/measure.js';
import { hashValueInto, lastHash, setRecursionDepth } from '../../packages/validate/src/hash.js';
import { modelOf } from '../generators/helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A JSON value nested 100,000 deep (JSON.parse reads it) in a department's file: the run ended
 * with "internal error: RangeError: Maximum call stack size exceeded" (JSON.stringify of the value
 * for the report, the structural hash of distinct counting). Now it is an invalid value like any other.
 */
const deep = (n: number, leaf: unknown = 0): unknown => {
    let v: unknown = leaf;
    for (let i = 0; i < n; i++) v = [v];
    return v;
};
const hash = (v: unknown) => { hashValueInto(v); return `${lastHash.a}:${lastHash.b}`; };

describe('values nested deeper than the stack', () => {
    test('a JSONL line with a value 100,000 deep: a type violation, shown cut at depth 64', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-deep-'));
        writeFileSync(join(dir, 't.mds'), 'namespace t.deep\nversion "1.0.0"\n\ndepartment D "部门" { level district }\n\nelement Name "名称" : string\n\nrecord R "记录" {\n  name: Name\n  tags?: Name[]\n}\n');
        const model = await modelOf(dir);
        const text = [JSON.stringify({ name: 'a', tags: ['x'] }), `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)},"tags":${'['.repeat(100_000)}1${']'.repeat(100_000)}}`, JSON.stringify({ name: 'b' })].join('\n') + '\n';
        const report = await validateText({ model, record: 't.deep.R' }, text, 'jsonl');
        expect(report.summary).toMatchObject({ rows: 3, valid: 2, invalid: 1 });
        expect(report.rows[0].errors.map(e => `${e.path} ${e.code}`)).toEqual(['name type', 'tags[0] type']);
        const shown = report.fields.name.topInvalid[0].value;
        expect(shown.startsWith('['.repeat(64) + '"…"]')).toBe(true);
        expect(report.fields.tags.distinct).toBe(2);
    });

    test('the structural hash of values deeper than its recursion: equal values equal, different values (leaf, key order, nesting) different', () => {
        expect(hash(deep(100_000))).toBe(hash(deep(100_000)));
        expect(hash(deep(100_000, 1))).not.toBe(hash(deep(100_000, 0)));
        expect(hash(deep(1_000, { a: [1, 'x'], b: null }))).toBe(hash(deep(1_000, { a: [1, 'x'], b: null })));
        expect(hash(deep(1_000, { a: 1, b: 2 }))).not.toBe(hash(deep(1_000, { b: 2, a: 1 })));
        expect(hash(deep(1_000, [1, 2]))).not.toBe(hash(deep(1_000, [[1], 2])));
    });

    test('the stack walk gives the recursion\'s hash (any value, walked from any depth)', () => {
        const values: unknown[] = [deep(3, { a: [1, 'x', undefined], b: null, c: { d: true, e: undefined } }), [[], {}, [{}]], { x: [false, 2.5, '']}, deep(5, 'leaf')];
        const recursed = values.map(hash);
        for (const depth of [0, 1, 2, 3]) {
            setRecursionDepth(depth);
            try {
                expect(values.map(hash)).toEqual(recursed);
            } finally {
                setRecursionDepth(256);
            }
        }
    });

    test('jsonText: JSON.stringify where it can, cut at depth 64 where it cannot', () => {
        expect(jsonText({ a: [1, 'x'], b: undefined })).toBe('{"a":[1,"x"]}');
        expect(jsonText(deep(100_000))).toBe('['.repeat(64) + '"…"' + ']'.repeat(64));
    });
});
