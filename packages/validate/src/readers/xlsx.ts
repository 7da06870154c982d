import { statSync } from 'node:fs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InputError } from './types.js';

type Cell = string | number | boolean | undefined;

/**
 * A streaming `.xlsx` reader: the zip's central directory gives random access to the parts; the
 * shared-strings table is read whole (it is the workbook's dictionary), the sheet XML is streamed
 * and cut into `<row>` elements as it arrives, so memory does not grow with the number of rows.
 * Cells come back as strings, numbers or booleans (dates stay serial numbers; the shaper converts
 * them for date fields). Formula cells give their cached value.
 */
export async function openXlsx(path: string, sheetName?: string): Promise<{
    sheet: string;
    /** Every sheet of the workbook, in order. */
    sheets: string[];
    rows: AsyncGenerator<{ line: number; cells: Cell[] }>;
    progress(): { read: number; total: number };
    /** Closes the file when the rows are not read to the end. */
    close(): void;
}> {
    const zip = await new Promise<ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (e, z) => e || !z ? reject(e) : resolve(z)))
        .catch(e => { throw new InputError(`不是 Excel 工作簿（.xlsx），文件可能已损坏或只是改了扩展名 / not an Excel workbook (.xlsx): ${(e as Error).message}`); });
    const entries = new Map<string, Entry>();
    await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => { entries.set(entry.fileName, entry); zip.readEntry(); });
        zip.on('end', resolve);
        zip.on('error', reject);
        zip.readEntry();
    });
    const text = async (name: string): Promise<string | undefined> => {
        const entry = entries.get(name);
        if (!entry) return undefined;
        const chunks: Buffer[] = [];
        for await (const c of await open(zip, entry)) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString('utf8');
    };
    const workbook = await text('xl/workbook.xml');
    if (workbook === undefined) { zip.close(); throw new InputError('不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml / not an Excel workbook (.xlsx): xl/workbook.xml is missing'); }
    const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map(m => ({ name: xmlText(attr(m[1], 'name') ?? ''), rid: attr(m[1], 'r:id') ?? '' }));
    const chosen = sheetName === undefined ? sheets[0] : sheets.find(s => s.name === sheetName);
    if (!chosen) { zip.close(); throw new InputError(sheetName === undefined ? '工作簿中没有工作表 / the workbook has no sheet' : `没有名为“${sheetName}”的工作表（现有：${sheets.map(s => s.name).join('、')}）/ no sheet named "${sheetName}" (sheets: ${sheets.map(s => s.name).join(', ')})`); }
    const rels = await text('xl/_rels/workbook.xml.rels') ?? '';
    const target = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].map(m => m[1]).find(a => attr(a, 'Id') === chosen.rid);
    let sheetPath = target ? attr(target, 'Target') ?? '' : `worksheets/sheet${sheets.indexOf(chosen) + 1}.xml`;
    sheetPath = sheetPath.startsWith('/') ? sheetPath.slice(1) : `xl/${sheetPath}`;
    const sheetEntry = entries.get(sheetPath);
    if (!sheetEntry) { zip.close(); throw new InputError(`工作簿缺少工作表“${chosen.name}”的内容 ${sheetPath} / the workbook has no part ${sheetPath} for sheet "${chosen.name}"`); }
    const shared = parseSharedStrings(await text('xl/sharedStrings.xml') ?? '');
    const total = sheetEntry.compressedSize || statSync(path).size;
    let read = 0;
    async function* rows(): AsyncGenerator<{ line: number; cells: Cell[] }> {
        const decoder = new TextDecoder('utf-8');
        let buf = '';
        try {
            const stream = await open(zip, sheetEntry!);
            for await (const chunk of stream) {
                read += (chunk as Buffer).length * (sheetEntry!.compressedSize / Math.max(1, sheetEntry!.uncompressedSize));
                buf += decoder.decode(chunk as Buffer, { stream: true });
                let start = 0;
                for (;;) {
                    const open = buf.indexOf('<row', start);
                    if (open === -1) break;
                    const selfClose = buf.indexOf('/>', open), close = buf.indexOf('</row>', open);
                    const tagEnd = buf.indexOf('>', open);
                    if (tagEnd === -1) break;
                    if (buf[tagEnd - 1] === '/' && selfClose === tagEnd - 1) { start = tagEnd + 1; continue; } // <row …/>: empty
                    if (close === -1) break;
                    yield parseRow(buf.slice(open, close), shared);
                    start = close + 6;
                }
                buf = buf.slice(start);
            }
        } finally {
            zip.close();
        }
    }
    return { sheet: chosen.name, sheets: sheets.map(s => s.name), rows: rows(), progress: () => ({ read: Math.round(read), total }), close: () => zip.close() };
}

function open(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
    return new Promise((resolve, reject) => zip.openReadStream(entry, (e, s) => e || !s ? reject(e) : resolve(s)));
}

/** One compiled pattern per attribute name (a cell's `r` and `t` are read for every cell). */
const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

function attr(attributes: string, name: string): string | undefined {
    let pattern = ATTRIBUTE_PATTERNS.get(name);
    if (!pattern) ATTRIBUTE_PATTERNS.set(name, pattern = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}="([^"]*)"`));
    const m = pattern.exec(attributes);
    return m ? m[1] : undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function xmlText(s: string): string {
    if (s.indexOf('&') === -1 && s.indexOf('_x') === -1) return s;
    return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
        if (e[0] !== '#') return ENTITIES[e] ?? m;
        // A character reference beyond Unicode (&#99999999;, a broken file) stays as written: fromCodePoint would throw.
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }).replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text of `<t>` runs inside a string item (rich text concatenated, phonetic runs left out). */
function itemText(xml: string): string {
    let out = '';
    const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
    for (const m of body.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) out += xmlText(m[1] ?? '');
    return out;
}

function parseSharedStrings(xml: string): string[] {
    return [...xml.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>|<si\b[^>]*\/>/g)].map(m => itemText(m[1] ?? ''));
}

/** Column letters to a 0-based index (`A` → 0, `AA` → 26). */
function columnIndex(ref: string): number {
    let n = 0;
    for (let i = 0; i < ref.length; i++) {
        const c = ref.charCodeAt(i);
        if (c < 65 || c > 90) break;
        n = n * 26 + (c - 64);
    }
    return n - 1;
}

/**
 * One `<row>` element's cells, by index scanning (a regular expression per cell and per
 * attribute was a fifth of the time of reading a sheet, and most of its garbage): every
 * `<c …/>` or `<c …>…</c>` in order, placed by its `r` reference (or after the previous one).
 */
export function parseRow(xml: string, shared: string[]): { line: number; cells: Cell[] } {
    const tagEnd = xml.indexOf('>');
    const line = Number(attributeValue(xml, 4, tagEnd, 'r="') ?? 0);
    const cells: Cell[] = [];
    let next = 0;
    for (let at = xml.indexOf('<c', tagEnd + 1); at !== -1; at = xml.indexOf('<c', at)) {
        const start = at + 2;
        if (isNameChar(xml.charCodeAt(start))) { at = start; continue; } // <col…, <cfRule…: not a cell
        const gt = xml.indexOf('>', start);
        if (gt === -1) break;
        const selfClosing = xml.charCodeAt(gt - 1) === 47;
        let v: string | undefined, bodyEnd = gt + 1;
        if (selfClosing) {
            at = gt + 1;
        } else {
            bodyEnd = xml.indexOf('</c>', gt + 1);
            if (bodyEnd === -1) break;
            at = bodyEnd + 4;
            const vStart = xml.indexOf('<v>', gt + 1);
            const vEnd = vStart === -1 || vStart > bodyEnd ? -1 : xml.indexOf('</v>', vStart + 3);
            if (vEnd !== -1 && vEnd + 4 <= bodyEnd) v = xml.slice(vStart + 3, vEnd);
        }
        const attrsEnd = selfClosing ? gt - 1 : gt;
        const ref = attributeValue(xml, start, attrsEnd, 'r="');
        const index = ref ? columnIndex(ref) : next;
        next = index + 1;
        let value: Cell;
        switch (attributeValue(xml, start, attrsEnd, 't="') ?? 'n') {
            case 's': value = v === undefined ? undefined : shared[Number(v)]; break;
            case 'inlineStr': value = itemText(/<is>([\s\S]*?)<\/is>/.exec(xml.slice(gt + 1, bodyEnd))?.[1] ?? ''); break;
            case 'str': value = v === undefined ? undefined : xmlText(v); break;
            case 'b': value = v === undefined ? undefined : v === '1'; break;
            case 'e': value = v === undefined ? undefined : xmlText(v); break;
            default: {
                // A number cell; its text when it is not a number (a file not written by Excel), never NaN.
                const n = v === undefined || v === '' ? undefined : Number(v);
                value = n !== undefined && Number.isNaN(n) ? xmlText(v!) : n;
            }
        }
        cells[index] = value;
    }
    for (let i = 0; i < cells.length; i++) if (!(i in cells)) cells[i] = undefined;
    return { line, cells };
}

/** Whether a character is a word character (what \b after `<c` rules out): a letter, digit or `_`. */
function isNameChar(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The value of the attribute that `open` (`name="`) starts in xml[from, to) (preceded by white space or the start), or undefined. Scans that range only (an indexOf from `from` ran on through the rest of the row when a cell had no such attribute). */
function attributeValue(xml: string, from: number, to: number, open: string): string | undefined {
    const first = open.charCodeAt(0);
    for (let i = from; i + open.length <= to; i++) {
        if (xml.charCodeAt(i) !== first || !xml.startsWith(open, i)) continue;
        const before = xml.charCodeAt(i - 1);
        if (i !== from && before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
        const end = xml.indexOf('"', i + open.length);
        if (end === -1 || end >= to) return undefined;
        return xml.slice(i + open.length, end);
    }
    return undefined;
}
