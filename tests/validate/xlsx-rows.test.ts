import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parseRow, xmlText } from '../../packages/validate/src/readers/xlsx.js';

/**
 * The reader as it was written with regular expressions: the oracle for the index-scanning
 * parseRow (same cells, same line, on well-formed rows of every cell kind).
 */
function regexParseRow(xml: string, shared: string[]): { line: number; cells: Array<string | number | boolean | undefined> } {
    const attr = (a: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(a)?.[1];
    const itemText = (x: string) => {
        let out = '';
        for (const m of x.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) out += xmlText(m[1] ?? '');
        return out;
    };
    const columnIndex = (ref: string) => { let n = 0; for (const ch of ref) { const c = ch.charCodeAt(0); if (c < 65 || c > 90) break; n = n * 26 + c - 64; } return n - 1; };
    const tagEnd = xml.indexOf('>');
    const line = Number(attr(xml.slice(4, tagEnd), 'r') ?? 0);
    const cells: Array<string | number | boolean | undefined> = [];
    let next = 0;
    for (const m of xml.slice(tagEnd + 1).matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = m[1], body = m[2] ?? '';
        const ref = attr(attrs, 'r');
        const index = ref ? columnIndex(ref) : next;
        next = index + 1;
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        const type = attr(attrs, 't') ?? 'n';
        cells[index] = type === 's' ? (v === undefined ? undefined : shared[Number(v)]) : type === 'inlineStr' ? itemText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '')
            : type === 'str' || type === 'e' ? (v === undefined ? undefined : xmlText(v)) : type === 'b' ? (v === undefined ? undefined : v === '1')
                : v === undefined || v === '' ? undefined : Number.isNaN(Number(v)) ? xmlText(v) : Number(v);
    }
    for (let i = 0; i < cells.length; i++) if (!(i in cells)) cells[i] = undefined;
    return { line, cells };
}

const SHARED = ['甲', 'a&b', '', '  padded ', '第二'];
const letters = (i: number) => (i >= 26 ? String.fromCharCode(64 + Math.floor(i / 26)) : '') + String.fromCharCode(65 + (i % 26));

const cell = fc.record({
    col: fc.integer({ min: 0, max: 40 }), withRef: fc.boolean(), typeFirst: fc.boolean(), style: fc.boolean(),
    kind: fc.constantFrom('n', 's', 'str', 'b', 'e', 'inlineStr', 'none', 'self', 'formula', 'emptyV'),
    text: fc.constantFrom('12', '1.5e3', '', '0', '1', 'x &amp; y', '&lt;tag&gt;', '_x0041_', '张三', '#N/A', '3', '  ', 'a"b'),
    space: fc.constantFrom(' ', '  ', '\t', '\n')
}).map(c => {
    const ref = c.withRef ? `r="${letters(c.col)}${7}"` : '';
    const t = c.kind === 'n' || c.kind === 'none' || c.kind === 'self' || c.kind === 'formula' || c.kind === 'emptyV' ? '' : `t="${c.kind}"`;
    const attrs = [c.typeFirst ? t : ref, c.typeFirst ? ref : t, c.style ? 's="3"' : ''].filter(Boolean).map(a => c.space + a).join('');
    const v = c.kind === 's' ? String(c.text.length % SHARED.length) : c.kind === 'b' ? (c.text === '1' ? '1' : '0') : c.text.replace(/&(?![a-z]+;)/g, '&amp;');
    if (c.kind === 'self') return `<c${attrs}/>`;
    if (c.kind === 'inlineStr') return `<c${attrs}><is><t>${v}</t><rPh><t>ふ</t></rPh><t xml:space="preserve"> 续</t></is></c>`;
    if (c.kind === 'formula') return `<c${attrs}><f>SUM(A1:A2)</f><v>${v}</v></c>`;
    if (c.kind === 'emptyV') return `<c${attrs}><v></v></c>`;
    if (c.kind === 'none') return `<c${attrs}></c>`;
    return `<c${attrs}><v>${v}</v></c>`;
});

test('index-scanning parseRow reads every row as the regular expressions did', () => {
    const row = fc.tuple(fc.integer({ min: 1, max: 1048576 }), fc.array(cell, { maxLength: 12 }), fc.constantFrom('', ' spans="1:12"', ' x14ac:dyDescent="0.25"'), fc.boolean())
        .map(([r, cells, extra, decoy]) => `<row r="${r}"${extra}>${decoy ? '<col min="1"/>' : ''}${cells.join('')}`);
    fc.assert(fc.property(row, xml => { expect(parseRow(xml, SHARED)).toEqual(regexParseRow(xml, SHARED)); }), { numRuns: 3000, seed: 20261130 });
});

test('a number cell whose value is not a number keeps its text (never NaN: it named a header column "NaN")', () => {
    const row = '<row r="1"><c r="A1"><v>income</v></c><c r="B1"><v>12.5</v></c><c r="C1" t="n"><v>a&amp;b</v></c><c r="D1"><v></v></c></row>';
    expect(parseRow(row, []).cells).toEqual(['income', 12.5, 'a&b', undefined]);
});

test('a character reference beyond Unicode stays as written (String.fromCodePoint threw: an internal error)', () => {
    expect(xmlText('a&#99999999;b&#x110000;c&#x4E2D;&#20013;')).toBe('a&#99999999;b&#x110000;c中中');
});
