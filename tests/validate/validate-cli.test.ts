import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { mds } from '../cli/helpers.js';
import { FIXTURES, VALID_ID, VALID_USCC } from '../generators/helpers.js';
import { citizenId } from '../generators/model-arbitraries.js';
import { TextEncoderGb } from './gb18030.js';

/**
 * `mds validate` as a data officer runs it: the same rows as CSV (field names and Chinese labels),
 * as .xlsx and as JSONL, every rule kind, and the report in every format.
 */
const KITCHEN = join(FIXTURES, 'kitchen');
/** Valid citizen IDs, distinct by their sequence number. */
const id = (n: number) => citizenId(110105, '1949-12-31', n);
const wrongCheck = (s: string) => s.slice(0, 17) + (s[17] === '0' ? '1' : '0');

/** Rows of kitchen.app.Person: [typed value, the rule codes it breaks]. */
const CASES: Array<[Record<string, unknown>, string[]]> = [
    [{ id: VALID_ID, name: '张三' }, []],
    [{ id: wrongCheck(id(2)), name: '李四' }, ['id format']],
    [{ id: id(11), name: '张三李四王五六' }, ['name maxLength']],
    [{ id: id(12), name: '王', age: 151 }, ['age maximum']],
    [{ id: id(13), name: '王', age: 'abc' }, ['age type']],
    [{ id: id(14), name: '王', temp: 87.35 }, ['temp scale']],
    [{ id: id(15), name: '王', price: -1 }, ['price minimum']],
    [{ id: id(16), name: '王', flag: 'maybe' }, ['flag type']],
    [{ id: id(17), name: '王', day: '2031-01-01' }, ['day maximum']],
    [{ id: id(18), name: '王', moment: '2024-01-01T08:00:00' }, ['moment format']],
    [{ id: id(19), name: '王', clock: '25:00:00+08:00' }, ['clock format']],
    [{ id: id(20), name: '王', phone: '123' }, ['phone format']],
    [{ id: id(21), name: '王', mail: 'x@' }, ['mail format']],
    [{ id: id(22), name: '王', site: 'no scheme' }, ['site format']],
    [{ id: id(23), name: '王', credit: '91350100M000100Y44' }, ['credit format']],
    [{ id: id(24), name: '王', colors: ['04'] }, ['colors[0] enum']],
    [{ id: id(25), name: '王', colors: ['01', '02', '01'] }, ['colors maxItems']],
    [{ id: id(26) }, ['name required']],
    [{ id: VALID_ID, name: '重复' }, ['id duplicate-key']],
    [{ id: id(27), name: '赵', flag: true, temp: -49.9, price: 12.5, day: '2020-02-29', moment: '2024-01-01T08:00:00+08:00',
        clock: '08:30:00+08:00', phone: '13912345678', mail: 'a@b.cn', site: 'https://x.cn/a', credit: VALID_USCC, colors: ['01', '02'], legacy: '旧' }, []]
];
const COLUMNS = ['id', 'name', 'age', 'temp', 'price', 'flag', 'day', 'moment', 'clock', 'phone', 'mail', 'site', 'credit', 'colors', 'legacy'];
const LABELS = ['公民身份号码', '名称', '年龄', '温度', '价格', '标志', '日期', '时刻', '时间', '手机', '邮箱', '网址', '信用代码', '颜色', '旧名称'];

const csvCell = (v: unknown) => {
    if (v === undefined) return '';
    const s = Array.isArray(v) ? v.join(';') : typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

interface Report {
    rows: Array<{ line: number; row: number; valid: boolean; errors: Array<{ path: string; code: string; value?: string; message: string }> }>;
    summary: { rows: number; valid: number; invalid: number; byRule: Record<string, { violations: number; rows: number }> };
    fields: Record<string, { completeness: number; validity: number; distinct: number; topInvalid: Array<{ value: string; count: number }> }>;
    encoding?: string;
    timeliness: { assessed?: false; stale?: number; checked?: number };
}

function run(args: string[], cwd: string) {
    const r = mds(['validate', ...args, '--standards', KITCHEN, '--record', 'kitchen.app.Person', '--format', 'json'], cwd);
    return { ...r, report: r.code === 2 ? undefined : JSON.parse(r.stdout) as Report };
}

/** `line: path code` of every error, as the report gives them. */
const found = (report: Report) => report.rows.flatMap(r => r.errors.map(e => `${r.line}: ${e.path} ${e.code}`)).sort();
const expected = (firstLine: number) => CASES.flatMap(([, codes], i) => codes.map(c => `${firstLine + i}: ${c}`)).sort();

describe('mds validate: every rule kind through CSV, xlsx and JSONL', () => {
    let dir: string;
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'mds-validate-'));
        writeFileSync(join(dir, 'names.csv'), [COLUMNS.join(','), ...CASES.map(([v]) => COLUMNS.map(c => csvCell(v[c])).join(','))].join('\r\n') + '\r\n');
        writeFileSync(join(dir, 'labels.csv'), '\uFEFF' + [LABELS.join(','), ...CASES.map(([v]) => COLUMNS.map(c => csvCell(v[c])).join(','))].join('\n'));
        writeFileSync(join(dir, 'rows.jsonl'), CASES.map(([v]) => JSON.stringify(v)).join('\n') + '\n');
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('人员');
        ws.addRow(LABELS);
        for (const [v] of CASES) ws.addRow(COLUMNS.map(c => Array.isArray(v[c]) ? (v[c] as string[]).join(';') : v[c]));
        wb.addWorksheet('其他').addRow(['x']);
        await wb.xlsx.writeFile(join(dir, 'rows.xlsx'));
    });

    test('CSV with field names: each error at its line and field, exit 1', () => {
        const r = run(['names.csv'], dir);
        expect(r.code).toBe(1);
        expect(found(r.report!)).toEqual(expected(2));
        expect(r.report!.summary).toMatchObject({ rows: CASES.length, valid: 2, invalid: CASES.length - 2 });
        expect(r.report!.rows.find(x => x.line === 20)!.errors[0].message).toContain('第 2 行');
    });

    test('CSV with Chinese labels (and a byte-order mark): the same findings', () => {
        const r = run(['labels.csv'], dir);
        expect(found(r.report!)).toEqual(expected(2));
    });

    test('xlsx (first sheet, labels, numbers and booleans as cells): the same findings', () => {
        const r = run(['rows.xlsx'], dir);
        expect(r.stderr).toBe('');
        expect(found(r.report!)).toEqual(expected(2));
        expect(run(['rows.xlsx', '--sheet', '其他'], dir)).toMatchObject({ code: 2 });
        expect(run(['rows.xlsx', '--sheet', '没有'], dir).stderr).toMatch(/^mds: rows\.xlsx: 没有名为“没有”的工作表（现有：人员、其他）/);
    });

    test('xlsx with title rows above the header (a merged title, 填报单位 and 日期): skipped and said; the same findings', async () => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('人员');
        ws.addRow(['闵行区人员信息表']);
        ws.mergeCells('A1:D1');
        ws.addRow(['填报单位：莘庄镇', undefined, undefined, '日期：2026-11-30']);
        ws.addRow(LABELS);
        for (const [v] of CASES) ws.addRow(COLUMNS.map(c => Array.isArray(v[c]) ? (v[c] as string[]).join(';') : v[c]));
        await wb.xlsx.writeFile(join(dir, 'titled.xlsx'));
        const r = run(['titled.xlsx'], dir);
        expect(found(r.report!)).toEqual(expected(4));
        expect(r.report!.rows.find(x => x.line === 4 + CASES.length - 2)!.row).toBe(CASES.length - 1);
        expect((r.report as unknown as { titleRows: unknown }).titleRows).toEqual([{ line: 1, text: '闵行区人员信息表' }, { line: 2, text: '填报单位：莘庄镇 日期：2026-11-30' }]);
        const text = mds(['validate', 'titled.xlsx', '--standards', KITCHEN, '--record', 'Person'], dir).stdout;
        expect(text).toContain('跳过了表头之前的标题行：第 1 行“闵行区人员信息表”，第 2 行“填报单位：莘庄镇 日期：2026-11-30”');
        // A header with a mistake under a title: the error is about the header, on its line.
        const bad = new ExcelJS.Workbook();
        const sheet = bad.addWorksheet('x');
        sheet.addRow(['标题']);
        sheet.addRow(['公民身份号码', '名称', '鞋码']);
        await bad.xlsx.writeFile(join(dir, 'titled-bad.xlsx'));
        const refused = mds(['validate', 'titled-bad.xlsx', '--standards', KITCHEN, '--record', 'Person'], dir);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^mds: titled-bad\.xlsx: 第 2 行（表头）.*第 3 列“鞋码”/);
        // Rows of three cells or more are no titles: a sheet starting with one is refused as before.
        expect(run(['rows.xlsx', '--sheet', '其他'], dir).code).toBe(2);
    });

    test('CSV exported from such a sheet (title rows, a blank line, CRLF): the same findings, each at its line', () => {
        writeFileSync(join(dir, 'titled.csv'), ['闵行区人员信息表,,,', '', '填报单位：莘庄镇,,,日期：2026-11-30', COLUMNS.join(','), ...CASES.map(([v]) => COLUMNS.map(c => csvCell(v[c])).join(','))].join('\r\n') + '\r\n');
        const r = run(['titled.csv'], dir);
        expect(found(r.report!)).toEqual(expected(5));
        expect(r.report!.rows.find(x => x.line === 5 + CASES.length - 2)!.row).toBe(CASES.length - 1);
        expect((r.report as unknown as { titleRows: unknown }).titleRows).toEqual([{ line: 1, text: '闵行区人员信息表' }, { line: 3, text: '填报单位：莘庄镇 日期：2026-11-30' }]);
    });

    test('JSONL: the same findings', () => {
        const r = run(['rows.jsonl'], dir);
        expect(found(r.report!)).toEqual(expected(1));
    });

    test('.json: an array, JSON Lines or pretty-printed objects one after another — the same findings, each at the line its object starts on', () => {
        const pretty = CASES.map(([v]) => JSON.stringify(v, null, 2));
        const starts = pretty.map((_, i) => 1 + pretty.slice(0, i).reduce((n, t) => n + t.split('\n').length, 0));
        writeFileSync(join(dir, 'array.json'), '[' + CASES.map(([v]) => JSON.stringify(v)).join(',\n') + ']\n');
        writeFileSync(join(dir, 'lines.json'), CASES.map(([v]) => JSON.stringify(v)).join('\n') + '\n');
        writeFileSync(join(dir, 'pretty.json'), pretty.join('\n') + '\n');
        for (const file of ['array.json', 'lines.json']) expect(found(run([file], dir).report!), file).toEqual(expected(1));
        const r = run(['pretty.json'], dir);
        expect(r.code).toBe(1);
        expect(found(r.report!)).toEqual(CASES.flatMap(([, codes], i) => codes.map(c => `${starts[i]}: ${c}`)).sort());
    });

    test('an ID Excel holds as a number (18 digits) or wrote in scientific notation: the rows fail, and the report says why (lossyNumbers)', async () => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('人员');
        ws.addRow(['id', 'name', 'phone']);
        ws.addRow([110105194912310020, '张三', 13912345678]); // a number: Excel keeps 15 digits
        ws.addRow([VALID_ID, '李四', 13912345679]);
        await wb.xlsx.writeFile(join(dir, 'numbers.xlsx'));
        writeFileSync(join(dir, 'numbers.csv'), `id,name\n1.10105E+17,张三\n${VALID_ID},李四\n`);
        for (const file of ['numbers.xlsx', 'numbers.csv']) {
            const r = run([file], dir);
            expect(r.code, file).toBe(1);
            expect(r.report!.fields.id, file).toMatchObject({ lossyNumbers: 1, invalid: 1 });
            // A phone of 11 digits is a number Excel keeps whole: no warning for it.
            expect(r.report!.fields.phone?.lossyNumbers, file).toBeUndefined();
            const text = mds(['validate', file, '--standards', KITCHEN, '--record', 'kitchen.app.Person'], dir).stdout;
            expect(text).toMatch(/注意：字段 id（公民身份号码）有 1 个单元格是 16 位以上的数值或科学计数法/);
            const html = mds(['validate', file, '--standards', KITCHEN, '--record', 'kitchen.app.Person', '--format', 'html'], dir).stdout;
            expect(html).toMatch(/<p class="note">注意：字段 id（公民身份号码）有 1 个单元格/);
        }
        expect(run(['names.csv'], dir).report!.fields.id.lossyNumbers).toBeUndefined();
    });

    test('per-field completeness, validity, distinct values and frequent invalid values', () => {
        const { report } = run(['names.csv'], dir);
        expect(report!.fields.id.completeness).toBe(1);
        expect(report!.fields.age.completeness).toBeCloseTo(2 / CASES.length);
        expect(report!.fields.age.validity).toBeCloseTo(0);
        expect(report!.fields.phone.topInvalid).toEqual([{ value: '123', count: 1 }]);
        expect(report!.fields.id.distinct).toBe(CASES.length - 1);
        expect(report!.summary.byRule.format).toEqual({ violations: 7, rows: 7 });
    });
});

describe('mds validate: broken files give line-accurate errors and never a crash', () => {
    test('RFC 4180 quoting, ragged rows and an unbalanced quote', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-csv-'));
        writeFileSync(join(dir, 'a.csv'), [
            'id,name',
            `${id(1)},"张,三"`,              // line 2: a comma inside quotes
            `${id(2)},"说""明"`,             // line 3: a doubled quote
            `${id(3)},"多`,                  // line 4: a line break inside quotes …
            `行行行行"`,                      // … to line 5 (6 characters: too long)
            `${id(4)}`,                      // line 6: too few cells
            `${id(5)},王,多余`,              // line 7: too many
            '',                              // line 8: blank, skipped
            `${id(6)},"未闭合`               // line 9: never closed
        ].join('\n'));
        const r = run(['a.csv'], dir);
        expect(r.code).toBe(1);
        expect(r.report!.rows.map(x => `${x.line} ${x.errors.map(e => `${e.path}:${e.code}`).join(',')}`))
            .toEqual(['4 name:maxLength', '6 :row-shape', '7 :row-shape', '9 :unbalanced-quote']);
        expect(r.report!.rows[0].errors[0].value).toBe('多\n行行行行');
        expect(r.report!.summary.rows).toBe(6);
    });

    test('trailing empty header cells and trailing empty cells (as Excel writes them) are no columns', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-trailing-'));
        writeFileSync(join(dir, 'a.csv'), `id,name,,\r\n${VALID_ID},张三,,\r\n${id(2)},李四,,x\r\n`);
        const r = run(['a.csv'], dir);
        expect(r.report!.rows.map(x => `${x.line} ${x.errors.map(e => `${e.path}:${e.code}`).join(',')}`)).toEqual(['3 :row-shape']);
    });

    test('JSONL: a line that is not JSON is an invalid row; blank lines are skipped', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-jsonl-'));
        writeFileSync(join(dir, 'a.jsonl'), `{"id":"${VALID_ID}","name":"张三"}\n\nnot json\n{"id":"${id(7)}","name":"李"}\n[1,2]\n`);
        const r = run(['a.jsonl'], dir);
        expect(r.report!.rows.map(x => `${x.line} ${x.errors.map(e => e.path + ' ' + e.code).join(',')}`)).toEqual(['3  json-syntax', '5  type']);
        expect(r.report!.summary.rows).toBe(4);
    });

    test('GB18030 is detected and said; a file that is neither encoding is refused with one line', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-enc-'));
        writeFileSync(join(dir, 'gb.csv'), Buffer.from(new TextEncoderGb().encode(`公民身份号码,名称\n${VALID_ID},张三\n`)));
        const r = run(['gb.csv'], dir);
        expect(r.code).toBe(0);
        expect(r.report!.encoding).toBe('gb18030');
        const text = mds(['validate', 'gb.csv', '--standards', KITCHEN, '--record', 'Person'], dir);
        expect(text.stdout).toContain('不是 UTF-8，已按 GB18030 读取');
        writeFileSync(join(dir, 'neither.csv'), Buffer.from([0x69, 0x64, 0x0a, 0xff, 0xff, 0xff]));
        const bad = mds(['validate', 'neither.csv', '--standards', KITCHEN, '--record', 'Person'], dir);
        expect(bad.code).toBe(2);
        expect(bad.stderr.trim().split('\n')).toHaveLength(1);
        expect(bad.stderr).toMatch(/neither\.csv.*GB18030/);
    });

    test('unusable input: unknown column, unknown record, missing file — one clear line, exit 2', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-bad-'));
        writeFileSync(join(dir, 'a.csv'), `id,name,shoeSize\n${VALID_ID},张三,42\n`);
        writeFileSync(join(dir, 'a.txt.exe'), 'x');
        writeFileSync(join(dir, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
        writeFileSync(join(dir, 'renamed.xlsx'), `id,name\n${VALID_ID},张三\n`);
        writeFileSync(join(dir, 'typo.csv'), `id,nmae\n${VALID_ID},张三\n`);
        writeFileSync(join(dir, 'short.csv'), `公民身份号,名称\n${VALID_ID},张三\n`);
        const cases: Array<[string[], RegExp]> = [
            [['a.csv', '--record', 'Person'], /第 3 列“shoeSize”.*不是.*字段 \/.*\(fields: id 公民身份号码, name 名称/],
            // A near field name or label is offered (a typo, a label cut short); none for a column nothing is near.
            [['typo.csv', '--record', 'Person'], /第 2 列“nmae”.*字段，是否指“name”？ \/ .*did you mean "name"\?/],
            [['short.csv', '--record', 'Person'], /第 1 列“公民身份号”.*是否指“公民身份号码”（id）？/],
            [['a.csv', '--record', 'Nobody'], /没有数据集 Nobody/],
            [['missing.csv', '--record', 'Person'], /无法读取 .*missing\.csv/],
            [['a.txt.exe', '--record', 'Person'], /不支持的文件类型/],
            [['old.xls', '--record', 'Person'], /^mds: old\.xls: 不支持 \.xls 格式：请在 Excel 或 WPS 中“另存为” \.xlsx/],
            [['renamed.xlsx', '--record', 'Person'], /^mds: renamed\.xlsx: 不是 Excel 工作簿（\.xlsx），文件可能已损坏或只是改了扩展名/]
        ];
        for (const [args, message] of cases) {
            const r = mds(['validate', ...args, '--standards', KITCHEN], dir);
            expect(r.code, args.join(' ')).toBe(2);
            expect(r.stderr).toMatch(message);
            expect(r.stderr).not.toMatch(/\n\s+at /);
            expect(r.stdout).toBe('');
        }
        expect(mds(['validate', 'a.csv', '--record', 'Person', '--standards', KITCHEN], dir).stderr).not.toMatch(/是否指|did you mean/);
    });

    test('--out: missing folders are made; a folder or a path through a file is refused in one line naming why', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-out-'));
        writeFileSync(join(dir, 'a.csv'), `id,name\n${VALID_ID},张三\n`);
        const args = (out: string) => ['validate', 'a.csv', '--standards', KITCHEN, '--record', 'Person', '--format', 'html', '--out', out];
        expect(mds(args('reports/2026/r.html'), dir).code).toBe(0);
        expect(readFileSync(join(dir, 'reports/2026/r.html'), 'utf8')).toMatch(/^<!doctype html>/);
        const folder = mds(args('reports'), dir);
        expect(folder.code).toBe(2);
        expect(folder.stderr).toMatch(/^mds: 无法写入 reports：这是一个文件夹，请给出文件名 \(EISDIR\)\n$/);
        const throughFile = mds(args('a.csv/r.html'), dir);
        expect(throughFile.code).toBe(2);
        expect(throughFile.stderr).toMatch(/无法写入 a\.csv\/r\.html：路径中有一段是文件而不是文件夹/);
        expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toContain('张三');
    });

    test('standards with errors are shown as mds check shows them, exit 2', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-std-'));
        writeFileSync(join(dir, 'a.mds'), 'namespace t.a\nrecord R { key x: Missing }\n');
        writeFileSync(join(dir, 'a.csv'), 'x\n1\n');
        const r = mds(['validate', 'a.csv', '--record', 'R', '--locale', 'en'], dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('a.mds:2:19 - error mds/unresolved-reference');
        expect(r.stdout).toBe('');
    });
});

describe('mds validate: timeliness and reports', () => {
    const STD = {
        'std/a.mds': [
            'namespace t.a',
            'element Id "编号" : string { length 1..10 }',
            'element At "更新时间" : datetime',
            'record Event "事件" { update daily  key id: Id  at: At }', ''
        ].join('\n')
    };

    test('timeliness: rows older than the update cycle allows, relative to --as-of', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-validate-time-'));
        mkdirSync(join(dir, 'std'));
        for (const [name, text] of Object.entries(STD)) writeFileSync(join(dir, name), text);
        writeFileSync(join(dir, 'e.csv'), 'id,at\n1,2026-11-28T14:00:00+08:00\n2,2026-11-20T10:00:00+08:00\n3,2026-11-29T09:00:00+08:00\n');
        const r = mds(['validate', 'e.csv', '--standards', 'std', '--record', 'Event', '--format', 'json', '--as-of', '2026-11-29T12:00:00+08:00'], dir);
        expect(r.code).toBe(0);
        const t = JSON.parse(r.stdout).timeliness;
        expect(t).toMatchObject({ field: 'at', cycle: 'daily', allowedAgeHours: 24, checked: 3, stale: 1 });
    });
});
