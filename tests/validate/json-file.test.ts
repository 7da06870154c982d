import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonFile } from '../../packages/validate/src/readers/json-lines.js';
import type { RawRow } from '../../packages/validate/src/readers/types.js';

/**
 * A `.json` file as people write it: an array of objects, JSON Lines, or pretty-printed objects
 * one after another. Each shape of the same objects, cut into chunks anywhere, gives the objects
 * back with the line each starts on.
 */
async function rowsOf(text: string, cuts: number[] = []): Promise<RawRow[]> {
    const at = [...new Set(cuts.map(c => c % (text.length + 1)))].sort((a, b) => a - b);
    async function* chunks() {
        let from = 0;
        for (const c of [...at, text.length]) { if (c > from) yield text.slice(from, c); from = Math.max(from, c); }
    }
    const rows: RawRow[] = [];
    for await (const batch of jsonFile(chunks())) rows.push(...batch);
    return rows;
}

/** The text of each shape, and the line each object starts on. */
function shapes(objects: object[]): Array<{ name: string; text: string; lines: number[] }> {
    const lineOf = (text: string) => text.split('\n').length;
    const array = { name: 'array', text: '[\n', lines: [] as number[] };
    objects.forEach((o, i) => {
        array.lines.push(lineOf(array.text));
        array.text += JSON.stringify(o, null, 2) + (i < objects.length - 1 ? ',\n' : '\n');
    });
    array.text += ']\n';
    const pretty = { name: 'pretty objects', text: '', lines: [] as number[] };
    for (const o of objects) {
        pretty.lines.push(lineOf(pretty.text));
        pretty.text += JSON.stringify(o, null, 2) + '\n\n';
    }
    const lines = { name: 'JSON Lines', text: objects.map(o => JSON.stringify(o)).join('\r\n') + '\n', lines: objects.map((_, i) => i + 1) };
    return [array, pretty, lines];
}

describe('.json files', () => {
    test('an array, JSON Lines or pretty-printed objects, cut anywhere: every object, numbered, on the line it starts on', async () => {
        // Objects with at least one key: `{}` on a line is a one-line object, and then the file is read as JSON Lines (also right).
        const object = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 });
        await fc.assert(fc.asyncProperty(fc.array(object, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), async (objects, cuts) => {
            for (const shape of shapes(objects)) {
                const rows = await rowsOf(shape.text, cuts);
                expect(rows.map(r => ('value' in r ? JSON.stringify(r.value) : r.problem)), shape.name).toEqual(objects.map(o => JSON.stringify(JSON.parse(JSON.stringify(o)))));
                expect(rows.map(r => r.row), shape.name).toEqual(objects.map((_, i) => i + 1));
                expect(rows.map(r => r.line), shape.name).toEqual(shape.lines);
            }
        }), { numRuns: 300, seed: 20261201 });
    });

    test('a broken value between pretty-printed objects is a problem row on its line; the objects after it are read', async () => {
        const text = '{\n  "a": 1\n}\n  garbage here\n{\n  "b": [1,\n 2]\n}\n42\n{"c": 3}}\n{"d": 4}\n';
        const rows = await rowsOf(text, [3, 17, 30]);
        expect(rows.map(r => [r.line, r.row, 'value' in r ? JSON.stringify(r.value) : r.problem?.code])).toEqual([
            [1, 1, '{"a":1}'], [4, 2, 'json-syntax'], [5, 3, '{"b":[1,2]}'], [9, 4, '42'], [10, 5, '{"c":3}'], [10, 6, 'json-syntax'], [11, 7, '{"d":4}']
        ]);
        expect(rows[1].problem?.message).toMatch(/^这个值不是 JSON \/ the value is not JSON \(/);
    });

    test('JSON Lines in a .json file: a broken line is a problem row and the lines after it are read', async () => {
        const rows = await rowsOf('{"a":1}\n{"b":\n\n{"c":3}\n');
        expect(rows.map(r => [r.line, r.row, 'value' in r ? JSON.stringify(r.value) : r.problem?.message.split(' / ')[0]])).toEqual([
            [1, 1, '{"a":1}'], [2, 2, '这一行不是 JSON'], [4, 3, '{"c":3}']
        ]);
    });

    test('an array not closed, content after it, a file that is neither: one problem each, in Chinese first', async () => {
        const message = async (text: string) => (await rowsOf(text)).map(r => r.problem?.message.split('/ ')[0].trim()).filter(Boolean);
        expect(await message('[{"a":1},')).toEqual(['JSON 数组没有闭合（缺少 ]）']);
        expect(await message('[{"a":1}] x')).toEqual(['数组结束后还有内容 "x"']);
        expect(await message('"just text"')).toEqual(['文件不是 JSON 数组，也不是一个个 JSON 对象']);
        expect(await rowsOf('')).toEqual([]);
        expect(await rowsOf(' \n ')).toEqual([]);
    });
});
