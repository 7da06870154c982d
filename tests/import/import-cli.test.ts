import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import type { CodeListModel, ElementModel, RecordModel, SemanticModel } from '@mds/language';
import { mds } from '../cli/helpers.js';
import { expectClean } from './helpers.js';
import { modelOf, VALID_ID, VALID_USCC } from '../generators/helpers.js';
import { citizenId } from '../generators/model-arbitraries.js';
import { TextEncoderGb } from '../validate/gb18030.js';

/**
 * `mds import` as the committee uses it: a legacy data-element workbook in Chinese, a GB18030
 * CSV, sample data; every result passes `mds check` and `mds format --check`, every declaration is
 * a candidate traced to its source row; hostile input never yields a broken file.
 */
const ORG = `namespace t.org
department QGAJ "闵行区公安分局" { level district }
department QDSJ "闵行区数据局" { level district }
`;

function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mds-import-'));
    writeFileSync(join(dir, 'org.mds'), ORG);
    return dir;
}


const get = <T>(m: SemanticModel, q: string) => m.declarations.get(q) as T;

describe('a data-element workbook (数据元目录)', () => {
    test('columns by their Chinese names, GB/T 18391 表示格式, 值域 code lists and a code-list sheet', async () => {
        const dir = folder();
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('数据元');
        ws.addRow(['内部标识符', '中文名称', '英文名称', '定义', '数据类型', '表示格式', '值域', '计量单位', '同义名称', '数源部门', '共享属性', '开放属性', '更新周期', '分级']);
        ws.addRow(['DE0001', '公民身份号码', 'citizen id', '按 GB 11643 编制的 18 位公民身份号码', '字符型', 'c18', 'GB 11643-1999', '', '身份证号；身份证号码', '闵行区公安分局', '有条件共享', '不予开放', '实时', '重要数据']);
        ws.addRow(['DE0002', '性别', 'gender', '人的性别', '字符型', 'n1', '性别代码', '', '', '闵行区公安分局', '无条件共享', '', '', '']);
        ws.addRow(['DE0003', '出生日期', 'birth date', '出生的公历日期', '日期型', 'YYYYMMDD', '', '', '', '', '', '', '', '']);
        ws.addRow(['DE0004', '月收入', 'monthly income', '税前月收入', '数值型', 'n..12,2', '', '元', '', '', '', '', '每月', '']);
        ws.addRow(['DE0005', '婚姻状况', '', '婚姻状况', '字符型', 'n2', '10-未婚;20-已婚;30-丧偶;40-离婚', '', '', '', '', '', '', '']);
        ws.addRow(['DE0006', '统一社会信用代码', 'credit code', '法人和其他组织的统一社会信用代码', '字符型', 'an18', '', '', '', '', '', '', '', '一般']);
        ws.addRow(['DE0007', '备注"说明"\n第二行', 'remark', '含有引号与\n换行的说明 */ //', '字符型', 'c..200', '', '', '', '未登记部门', '', '', '', '']);
        ws.addRow(['DE0008', '年龄', { formula: '"a"&"ge"', result: 'age' }, '周岁年龄', '数值型', 'n3', '', '岁', '', '', '', '', '', '']);
        const codes = wb.addWorksheet('代码表');
        codes.addRow(['代码表名称', '代码', '代码名称']);
        for (const [c, l] of [['0', '未知的性别'], ['1', '男性'], ['2', '女性'], ['9', '未说明的性别']]) codes.addRow(['性别代码', c, l]);
        await wb.xlsx.writeFile(join(dir, '数据元目录.xlsx'));

        const r = mds(['import', '数据元目录.xlsx', '--namespace', 't.people', '--out', 'people.mds', '--steward', '闵行区数据局'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('已写入 people.mds：0 个数据集、8 个数据元、2 个代码表');
        const text = expectClean(dir, 'people.mds');
        expect(text).toContain('// imported from 数据元目录.xlsx:数据元!2');
        expect(text).toContain('数源部门“未登记部门”不在标准中');
        const m = await modelOf(dir);
        const id = get<ElementModel>(m, 't.people.CitizenId');
        expect(id).toMatchObject({ label: '公民身份号码', type: { primitive: 'string' }, constraints: { length: { min: 18, max: 18 } }, synonyms: ['身份证号', '身份证号码'] });
        expect(id.governance).toMatchObject({ steward: 't.org.QGAJ', share: 'conditional', open: 'none', update: 'realtime', grade: 'important', status: 'candidate', source: 'GB 11643-1999' });
        const gender = get<ElementModel>(m, 't.people.Gender');
        expect('codeList' in gender.type && gender.type.codeList).toBeTruthy();
        const list = get<CodeListModel>(m, (gender.type as { codeList: string }).codeList);
        expect(list.entries.map(c => [c.code, c.label])).toEqual([['0', '未知的性别'], ['1', '男性'], ['2', '女性'], ['9', '未说明的性别']]);
        expect(get<ElementModel>(m, 't.people.BirthDate').type).toEqual({ primitive: 'date' });
        expect(get<ElementModel>(m, 't.people.MonthlyIncome')).toMatchObject({ type: { primitive: 'decimal' }, constraints: { scale: 2, unit: '元' } });
        const marriage = [...m.declarations.values()].find(d => d.label === '婚姻状况') as ElementModel;
        const inline = get<CodeListModel>(m, (marriage.type as { codeList: string }).codeList);
        expect(inline.entries.map(c => c.code)).toEqual(['10', '20', '30', '40']);
        expect(get<ElementModel>(m, 't.people.CreditCode').constraints).toMatchObject({ length: { min: 18, max: 18 }, pattern: '[A-Za-z0-9]*' });
        const remark = get<ElementModel>(m, 't.people.Remark');
        expect(remark.label).toBe('备注"说明" 第二行');
        expect(remark.definition).toBe('含有引号与 换行的说明 */ //');
        expect(remark.governance.steward).toBe('t.org.QDSJ'); // --steward when the row's department is unknown
        expect(get<ElementModel>(m, 't.people.Age')).toMatchObject({ type: { primitive: 'integer' }, constraints: { range: { min: 0, max: 999 }, unit: '岁' } });
    });

    test('sheets with title rows above their header (闵行区数据元目录, 填报单位): the tables below them', async () => {
        const dir = folder();
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('数据元');
        ws.addRow(['闵行区数据元目录']);
        ws.mergeCells('A1:E1');
        ws.addRow(['填报单位：区数据局', undefined, undefined, '2026-11-30']);
        ws.addRow(['内部标识符', '中文名称', '定义', '数据类型', '值域']);
        ws.addRow(['DE0001', '性别', '人的性别', '字符型', '性别代码']);
        ws.addRow(['DE0002', '出生日期', '出生的公历日期', '日期型', '']);
        const codes = wb.addWorksheet('代码表');
        codes.addRow(['代码表']);
        codes.addRow(['代码表名称', '代码', '代码名称']);
        for (const [c, l] of [['1', '男性'], ['2', '女性']]) codes.addRow(['性别代码', c, l]);
        const notes = wb.addWorksheet('说明');
        notes.addRow(['本表由区数据局维护']);
        notes.addRow(['联系电话', '12345']);
        await wb.xlsx.writeFile(join(dir, '目录.xlsx'));
        const r = mds(['import', '目录.xlsx', '--namespace', 't.people', '--out', 'people.mds', '--steward', '闵行区数据局'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('已写入 people.mds：0 个数据集、2 个数据元、1 个代码表');
        expect(expectClean(dir, 'people.mds')).toContain('// imported from 目录.xlsx:数据元!4');
        const m = await modelOf(dir);
        const gender = [...m.declarations.values()].find(d => d.label === '性别') as ElementModel;
        expect(get<CodeListModel>(m, (gender.type as { codeList: string }).codeList).entries.map(c => [c.code, c.label])).toEqual([['1', '男性'], ['2', '女性']]);
    });

    test('a GB18030 CSV table; --columns for an unusual header; never overwrites without --force', () => {
        const dir = folder();
        writeFileSync(join(dir, 'de.csv'), new TextEncoderGb().encode('名称,kind,repr\n公民身份号码,string,c18\n张三,string,c..50\n'));
        writeFileSync(join(dir, 'cols.json'), JSON.stringify({ type: 'kind', format: 'repr' }));
        const r = mds(['import', 'de.csv', '-n', 't.gb', '-o', 'gb.mds', '--columns', 'cols.json'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const text = expectClean(dir, 'gb.mds');
        expect(text).toContain('element GongMinShenFenHaoMa "公民身份号码" : string');
        expect(text).toContain('length ..50');
        writeFileSync(join(dir, 'gb.mds'), '// mine\nnamespace t.gb\n');
        const again = mds(['import', 'de.csv', '-n', 't.gb', '-o', 'gb.mds', '--columns', 'cols.json'], dir);
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('已存在');
        expect(readFileSync(join(dir, 'gb.mds'), 'utf8')).toBe('// mine\nnamespace t.gb\n');
        expect(mds(['import', 'de.csv', '-n', 't.gb', '-o', 'gb.mds', '--columns', 'cols.json', '--force'], dir).code).toBe(0);
        expect(readFileSync(join(dir, 'gb.mds'), 'utf8')).toContain('GongMinShenFenHaoMa');
    });

    test('a constraint that does not fit its type or is no value (a length on an integer, a length of words, a range of words, reversed bounds, a broken pattern) is left out with a note: the file still checks', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'de.csv'), [
            '中文名称,数据类型,长度,range,模式,小数位数',
            '年龄,整数,3,0..150,,',
            '姓名,字符型,公民身份号码,,,',
            '人数,整数,,多..少,,',
            '面积,数值型,,100..1,,2',
            '编号,字符型,50..10,,"([a-z]",',
            '比例,数值型,,,,99',
            '日期,日期型,,"2024-02-30..",,'
        ].join('\n') + '\n');
        const r = mds(['import', 'de.csv', '-n', 't.fit', '-o', 'fit.mds'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const text = expectClean(dir, 'fit.mds');
        const m = await modelOf(dir);
        const byLabel = (l: string) => [...m.declarations.values()].find(d => d.kind === 'element' && d.label === l) as ElementModel;
        expect(byLabel('年龄').constraints).toEqual({ range: { min: 0, max: 150 } });
        for (const l of ['姓名', '人数', '面积', '编号', '比例', '日期']) expect(Object.keys(byLabel(l).constraints).filter(k => k !== 'scale' && k !== 'unit'), l).toEqual([]);
        expect(byLabel('面积').constraints.scale).toBe(2);
        expect(text).toContain('长度“3”不适用于 integer 类型，未导入 / length "3" does not apply to integer: not imported');
        expect(text).toContain('长度“公民身份号码”不是数字或范围（如 18、1..50），未导入');
        expect(text).toContain('取值范围“多..少”不是整数，未导入');
        expect(text).toContain('取值范围“100..1”下界大于上界，未导入');
        expect(text).toContain('长度“50..10”下界大于上界，未导入');
        expect(text).toContain('模式“([a-z]”不是有效的正则表达式，未导入');
        expect(text).toContain('小数位数“99”不是 0 到 15 的整数，未导入');
        expect(text).toContain('取值范围“2024-02-30..”不是 YYYY-MM-DD 形式的日期，未导入');
    });

    test('a number\'s 值域 written as a range (0～150, ≥0, 0-1) is its range, narrower than its 表示格式\'s digits; other 值域 text stays a note', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'v.csv'), ['中文名称,数据类型,表示格式,值域', '年龄,整数,n3,0～150', '收入,数值型,"n..12,2",≥0', '比例,小数,,0-1', '上限,整数,,≤100', '人数,整数,,很多', '性别,字符型,n1,"1-男,2-女"'].join('\n') + '\n');
        const r = mds(['import', 'v.csv', '-n', 't.v', '-o', 'v.mds'], dir);
        expect(r.code, r.stderr).toBe(0);
        const text = expectClean(dir, 'v.mds');
        const m = await modelOf(dir);
        const byLabel = (l: string) => [...m.declarations.values()].find(d => d.kind === 'element' && d.label === l) as ElementModel;
        expect(byLabel('年龄').constraints.range).toEqual({ min: 0, max: 150 });
        expect(byLabel('收入').constraints).toMatchObject({ range: { min: 0 }, scale: 2 });
        expect(byLabel('比例').constraints.range).toEqual({ min: 0, max: 1 });
        expect(byLabel('上限').constraints.range).toEqual({ max: 100 });
        expect(byLabel('人数').constraints.range).toBeUndefined();
        expect(text).toContain('// 值域：很多');
        expect('codeList' in byLabel('性别').type).toBe(true);
    });

    test('--merge leaves out what is already declared (same identifier or label) and points at it', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'have.mds'), 'namespace t.have\nelement Sfz "公民身份号码" : string { length 18 }\n');
        writeFileSync(join(dir, 'de.csv'), '中文名称,数据类型,表示格式\n公民身份号码,字符型,c18\n姓名,字符型,c..50\n');
        const r = mds(['import', 'de.csv', '-n', 't.more', '-o', 'more.mds', '--merge', 'have.mds'], dir);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('已跳过 公民身份号码 → t.have.Sfz');
        const text = expectClean(dir, 'more.mds');
        expect(text).not.toContain('公民身份号码');
        expect(text).toContain('"姓名"');
    });
});

describe('the result is checked with the standards it joins', () => {
    test('a clash with an existing declaration is reported and nothing is written', () => {
        const dir = folder();
        writeFileSync(join(dir, 'have.mds'), 'namespace t.org\nelement Police "警察" : string\n');
        writeFileSync(join(dir, 'de.csv'), '英文名称,中文名称,数据类型\npolice,公安,字符型\n');
        const r = mds(['import', 'de.csv', '-n', 't.org', '-o', 'clash.mds'], dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('clash.mds:');
        expect(r.stderr).toContain('未写入任何文件');
        expect(existsSync(join(dir, 'clash.mds'))).toBe(false);
    });
});

describe('hostile spreadsheets', () => {
    test('10,000 columns, merged header cells, no usable header: a clean import or one clear line, never a broken file', async () => {
        const dir = folder();
        const wide = ['中文名称', '数据类型', ...Array.from({ length: 9998 }, (_, i) => `列${i}`)];
        writeFileSync(join(dir, 'wide.csv'), wide.join(',') + '\n' + ['姓名', '字符型', ...Array(9998).fill('x')].join(',') + '\n');
        const r = mds(['import', 'wide.csv', '-n', 't.wide', '-o', 'wide.mds'], dir);
        expect(r.code).toBe(0);
        expectClean(dir, 'wide.mds');

        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('表');
        ws.addRow(['数据元信息', '', '']);
        ws.mergeCells('A1:C1');
        ws.addRow(['甲', '乙', '丙']);
        await wb.xlsx.writeFile(join(dir, 'merged.xlsx'));
        const merged = mds(['import', 'merged.xlsx', '-n', 't.merged', '-o', 'merged.mds'], dir);
        expect(merged.code).toBe(2);
        expect(merged.stderr).toMatch(/^mds: merged.xlsx：没有找到数据元表.*\n$/);
        expect(merged.stderr).not.toMatch(/\n\s+at /);

        writeFileSync(join(dir, 'empty.csv'), '');
        const empty = mds(['import', 'empty.csv', '-n', 't.e', '-o', 'e.mds'], dir);
        expect(empty.code).toBe(2);
        expect(empty.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(mds(['import', 'wide.csv', '-n', 'Bad-Name', '-o', 'x.mds'], dir).code).toBe(2);
    });
});

describe('sample data (--from data)', () => {
    test('types, formats, lengths, a code list, the key and optional fields, each with the rows that support it', async () => {
        const dir = folder();
        const rows = ['身份证号,信用代码,手机,邮箱,出生日期,年龄,收入,在职,状态,备注'];
        for (let i = 0; i < 60; i++) {
            rows.push([citizenId(110105, '1980-01-01', i + 1), i % 2 ? VALID_USCC : '', `1380013${String(i).padStart(4, '0')}`, `u${i}@example.cn`,
                `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`, String(20 + (i % 40)), `${i}.5`, i % 3 ? '是' : '否', ['在营', '注销', '吊销'][i % 3], i % 5 ? '' : `说明${i}`].join(','));
        }
        rows.push([VALID_ID, '', '138001380', 'bad', '1990-01-01', '30', '1.25', '是', '在营', ''].join(','));
        writeFileSync(join(dir, 'sample.csv'), rows.join('\n') + '\n');
        const r = mds(['import', 'sample.csv', '--from', 'data', '-n', 't.sample', '-o', 'sample.mds', '--record', 'Sample'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const text = expectClean(dir, 'sample.mds');
        expect(text).toContain('// 依据 61 行数据推断');
        expect(text).toContain('60 个值符合格式 phone-cn（另有 1 个值不符合，可能是错误数据）');
        const m = await modelOf(dir);
        const record = get<RecordModel>(m, 't.sample.Sample');
        const field = (label: string) => record.fields.find(f => get<ElementModel>(m, (f.type as { element: string }).element)?.label === label)!;
        const element = (label: string) => get<ElementModel>(m, (field(label).type as { element: string }).element);
        expect(field('身份证号')).toMatchObject({ key: true, optional: false });
        expect(element('身份证号').constraints.format).toBe('gb11643');
        expect(field('信用代码').optional).toBe(true);
        expect(element('信用代码').constraints.format).toBe('uscc');
        expect(element('手机').constraints.format).toBe('phone-cn');
        expect(element('邮箱').constraints.format).toBe('email');
        expect(element('出生日期').type).toEqual({ primitive: 'date' });
        expect(element('年龄').type).toEqual({ primitive: 'integer' });
        expect(element('收入')).toMatchObject({ type: { primitive: 'decimal' }, constraints: { scale: 2 } });
        expect(element('在职').type).toEqual({ primitive: 'boolean' });
        const state = element('状态');
        expect(get<CodeListModel>(m, (state.type as { codeList: string }).codeList).entries.map(c => c.code)).toEqual(['吊销', '在营', '注销']);
        expect(field('备注').optional).toBe(true);
    });

    test('an xlsx or CSV with title rows above its header: the columns of the header below them', async () => {
        const dir = folder();
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('数据');
        ws.addRow(['闵行区企业信息表']);
        ws.addRow(['填报单位：区市场监管局', undefined, '2026-11-30']);
        ws.addRow(['信用代码', '名称', '人数']);
        for (let i = 0; i < 20; i++) ws.addRow([VALID_USCC, `企业${i}`, i]);
        await wb.xlsx.writeFile(join(dir, 'titled.xlsx'));
        const r = mds(['import', 'titled.xlsx', '--from', 'data', '-n', 't.sample', '-o', 'sample.mds', '--record', 'Firm'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectClean(dir, 'sample.mds');
        const m = await modelOf(dir);
        const labels = get<RecordModel>(m, 't.sample.Firm').fields.map(f => get<ElementModel>(m, (f.type as { element: string }).element).label);
        expect(labels).toEqual(['信用代码', '名称', '人数']);
        // Its CSV export: the same columns.
        writeFileSync(join(dir, 'titled.csv'), ['闵行区企业信息表,,', '填报单位：区市场监管局,,2026-11-30', '信用代码,名称,人数', ...Array.from({ length: 20 }, (_, i) => `${VALID_USCC},企业${i},${i}`)].join('\n') + '\n');
        expect(mds(['import', 'titled.csv', '--from', 'data', '-n', 't.csv', '-o', 'csv.mds', '--record', 'Firm'], dir).code).toBe(0);
        const fromCsv = await modelOf(dir);
        expect(get<RecordModel>(fromCsv, 't.csv.Firm').fields.map(f => get<ElementModel>(fromCsv, (f.type as { element: string }).element).label)).toEqual(['信用代码', '名称', '人数']);
    });
});

describe('JSON Schema', () => {
    test('2020-12 and draft-07 files with $refs between them: objects → records, $defs → elements, enum → code lists', async () => {
        const dir = folder();
        mkdirSync(join(dir, 'schemas'));
        writeFileSync(join(dir, 'schemas/common.json'), JSON.stringify({
            $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://example.cn/schemas/common.json',
            definitions: {
                CitizenId: { title: '公民身份号码', description: '18 位公民身份号码', type: 'string', minLength: 18, maxLength: 18, pattern: '^[0-9]{17}[0-9X]$' },
                Gender: { title: '性别', type: 'string', enum: ['1', '2', '9'] },
                Age: { title: '年龄', type: 'integer', minimum: 0, maximum: 150 }
            }
        }));
        writeFileSync(join(dir, 'schemas/person.schema.json'), JSON.stringify({
            $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://example.cn/schemas/person.schema.json',
            title: '自然人', description: '自然人基础信息', type: 'object', required: ['id', 'gender'],
            properties: {
                id: { $ref: 'common.json#/definitions/CitizenId' },
                gender: { $ref: 'https://example.cn/schemas/common.json#/definitions/Gender' },
                age: { $ref: 'common.json#/definitions/Age' },
                income: { title: '月收入', type: 'number', minimum: 0, multipleOf: 0.01 },
                born: { title: '出生日期', type: 'string', format: 'date' },
                mail: { type: 'string', format: 'email' },
                tags: { type: 'array', items: { type: 'string', maxLength: 10 }, maxItems: 3 },
                address: { title: '地址', type: 'object', required: ['detail'], properties: { detail: { type: 'string', maxLength: 200 } } }
            }
        }));
        const r = mds(['import', 'schemas/person.schema.json', '-n', 't.js', '-o', 'js.mds'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectClean(dir, 'js.mds');
        const m = await modelOf(dir);
        const person = [...m.declarations.values()].find(d => d.kind === 'record' && d.label === '自然人') as RecordModel;
        expect(person.definition).toBe('自然人基础信息');
        const byField = Object.fromEntries(person.fields.map(f => [f.name, f]));
        expect(byField.id.optional).toBe(false);
        expect(byField.age.optional).toBe(true);
        expect(byField.tags.list).toEqual({ max: 3 });
        const element = (f: string) => get<ElementModel>(m, (byField[f].type as { element: string }).element);
        expect(element('id')).toMatchObject({ label: '公民身份号码', constraints: { length: { min: 18, max: 18 }, pattern: '[0-9]{17}[0-9X]' } });
        expect(element('age').constraints.range).toEqual({ min: 0, max: 150 });
        expect(element('income')).toMatchObject({ type: { primitive: 'decimal' }, constraints: { scale: 2 } });
        expect(element('born').type).toEqual({ primitive: 'date' });
        expect(element('mail').constraints.format).toBe('email');
        const gender = element('gender');
        expect(get<CodeListModel>(m, (gender.type as { codeList: string }).codeList).entries.map(c => c.code)).toEqual(['1', '2', '9']);
        expect('record' in byField.address.type).toBe(true);
    });
    test('exclusive bounds: exact for integers (both drafts\' forms), inclusive with a note for decimals; an unknown type is noted', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'm.schema.json'), JSON.stringify({
            $schema: 'https://json-schema.org/draft/2020-12/schema', title: '测量', type: 'object',
            properties: {
                count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 100 },
                old: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 9.5 },
                both: { type: 'integer', minimum: 5, exclusiveMinimum: 2 },
                ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                label: { type: 'strng', maxLength: 5 }
            }
        }));
        const r = mds(['import', 'm.schema.json', '-n', 't.ex', '-o', 'ex.mds'], dir);
        expect(r.code, r.stderr).toBe(0);
        expectClean(dir, 'ex.mds');
        const m = await modelOf(dir);
        const record = [...m.declarations.values()].find(d => d.kind === 'record') as RecordModel;
        const range = (f: string) => get<ElementModel>(m, (record.fields.find(x => x.name === f)!.type as { element: string }).element).constraints.range;
        expect(range('count')).toEqual({ min: 1, max: 99 });
        expect(range('old')).toEqual({ min: 1, max: 9 });
        expect(range('both')).toEqual({ min: 5 });
        expect(range('ratio')).toEqual({ min: 0, max: 1 });
        const text = readFileSync(join(dir, 'ex.mds'), 'utf8');
        expect(text).toMatch(/note: m\.schema\.json:\/properties\/ratio: .*exclusive bound of a decimal/);
        expect(text).toMatch(/note: m\.schema\.json:\/properties\/label: 类型 "strng" 不是 JSON Schema 的类型/);
        expect(text).not.toMatch(/properties\/count: /);
    });
    test('allOf merged, oneOf of titled constants as a labelled code list, other unions and lists of lists noted; a schema that includes itself ends', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'base.json'), JSON.stringify({ $id: 'https://example.cn/base.json', type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 18 } } }));
        writeFileSync(join(dir, 'case.schema.json'), JSON.stringify({
            $schema: 'https://json-schema.org/draft/2020-12/schema', title: '案件',
            allOf: [{ $ref: 'base.json' }, {
                required: ['level'],
                properties: {
                    id: { pattern: '^[0-9]+$' },
                    level: { title: '等级', oneOf: [{ const: '1', title: '一般' }, { const: '2', title: '紧急' }] },
                    note: { anyOf: [{ type: 'string', maxLength: 4 }, { type: 'null' }] },
                    either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
                    grid: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
                    self: { allOf: [{ $ref: '#/allOf/1/properties/self' }] }
                }
            }]
        }));
        const r = mds(['import', 'case.schema.json', '-n', 't.un', '-o', 'un.mds'], dir);
        expect(r.code, r.stderr).toBe(0);
        expectClean(dir, 'un.mds');
        const m = await modelOf(dir);
        const record = [...m.declarations.values()].find(d => d.kind === 'record' && d.label === '案件') as RecordModel;
        expect(record.fields.map(f => [f.name, f.optional])).toEqual([['id', false], ['level', false], ['note', true], ['either', true], ['grid', true], ['self', true]]);
        const element = (f: string) => get<ElementModel>(m, (record.fields.find(x => x.name === f)!.type as { element: string }).element);
        expect(element('id').constraints).toMatchObject({ length: { max: 18 }, pattern: '[0-9]+' });
        const level = get<CodeListModel>(m, (element('level').type as { codeList: string }).codeList);
        expect(level.entries.map(c => [c.code, c.label])).toEqual([['1', '一般'], ['2', '紧急']]);
        expect(element('note').constraints.length).toEqual({ max: 4 });
        const text = readFileSync(join(dir, 'un.mds'), 'utf8');
        expect(text).toMatch(/note: case\.schema\.json:\/allOf\/1\/properties\/either: anyOf 的 2 个分支只取第一个/);
        expect(text).toMatch(/note: case\.schema\.json:\/allOf\/1\/properties\/grid\/items: 列表的列表不能表示/);
        expect(text).not.toMatch(/properties\/note: /);
    });
    test('keywords the language cannot express (if/then/else, patternProperties, dependentRequired, a schema for other properties, uniqueItems…) are named in a note, not dropped silently', async () => {
        const dir = folder();
        writeFileSync(join(dir, 'c.schema.json'), JSON.stringify({
            $schema: 'https://json-schema.org/draft/2020-12/schema', title: '许可', type: 'object', additionalProperties: false,
            properties: {
                kind: { type: 'string', enum: ['A', 'B'] },
                code: { type: 'string', not: { const: '000' } },
                tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
                plain: { type: 'array', items: { type: 'string' }, uniqueItems: false },
                extra: { type: 'object', additionalProperties: { type: 'string' } }
            },
            if: { properties: { kind: { const: 'A' } } }, then: { required: ['code'] },
            patternProperties: { '^x-': { type: 'string' } },
            dependentRequired: { code: ['kind'] }
        }));
        const r = mds(['import', 'c.schema.json', '-n', 't.cond', '-o', 'cond.mds'], dir);
        expect(r.code, r.stderr).toBe(0);
        expectClean(dir, 'cond.mds');
        const text = readFileSync(join(dir, 'cond.mds'), 'utf8');
        expect(text).toMatch(/note: c\.schema\.json:\/: if、then、patternProperties、dependentRequired 在标准语言中无法表示，未导入/);
        expect(text).toMatch(/note: c\.schema\.json:\/properties\/code: not 在标准语言中无法表示/);
        expect(text).toMatch(/note: c\.schema\.json:\/properties\/tags: uniqueItems 在标准语言中无法表示/);
        expect(text).toMatch(/note: c\.schema\.json:\/properties\/extra: additionalProperties 在标准语言中无法表示/);
        // additionalProperties: false and uniqueItems: false say nothing the language does not.
        expect(text).not.toMatch(/properties\/plain: /);
        expect(text.match(/note: c\.schema\.json:\/: /g)).toHaveLength(1);
        expect(r.stderr).toMatch(/dependentRequired/);
    });
});
