import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import type { CodeListModel, ElementModel, Governance, QName, RecordModel, SemanticModel } from '@mds/language';
import { mds } from '../cli/helpers.js';
import { modelOf } from '../generators/helpers.js';
import { expectClean } from './helpers.js';

/**
 * The resource catalog `mds catalog` writes, imported again, gives back the same elements, code
 * lists and records (identifiers, labels, types, constraints, governance) — on the bundled
 * standards. Only the status differs: whatever is imported is a candidate.
 */
const STANDARDS = join(import.meta.dirname, '../../standards');
const NS = 'minhang.roundtrip';

const local = (q: QName) => q.slice(q.lastIndexOf('.') + 1);
const governance = (g: Governance) => ({ ...g, status: undefined, since: undefined, replacedBy: undefined });

function comparable(m: SemanticModel, d: ElementModel | CodeListModel | RecordModel) {
    const base = { name: d.name, label: d.label, definition: d.definition, synonyms: d.synonyms, governance: governance(d.governance) };
    if (d.kind === 'element') return { ...base, type: 'primitive' in d.type ? d.type : { codeList: local(d.type.codeList) }, constraints: d.constraints };
    if (d.kind === 'codelist') return { ...base, entries: d.entries };
    return {
        ...base, extends: d.extends && local(d.extends), keys: d.keys,
        fields: d.fields.map(f => ({ name: f.name, label: f.label, key: f.key, optional: f.optional, list: f.list, type: local('element' in f.type ? f.type.element : f.type.record) }))
    };
}

describe('the resource catalog round trip', () => {
    test('mds catalog → mds import: every element, code list and record of standards/ comes back equal', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-catalog-rt-'));
        for (const f of readdirSync(STANDARDS).filter(f => f.endsWith('.mds') || f === 'mds.config.json')) copyFileSync(join(STANDARDS, f), join(dir, f));
        expect(mds(['catalog', '.', '--out', 'cat'], dir).code).toBe(0);
        const r = mds(['import', 'cat/catalog.xlsx', '-n', NS, '-o', 'roundtrip.mds'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectClean(dir, 'roundtrip.mds');
        const m = await modelOf(dir);
        const originals = [...m.declarations.values()].filter((d): d is ElementModel | CodeListModel | RecordModel =>
            (d.kind === 'element' || d.kind === 'codelist' || d.kind === 'record') && d.namespace !== NS);
        expect(originals.length).toBeGreaterThan(200);
        const imported = [...m.declarations.values()].filter(d => d.namespace === NS);
        expect(imported.length).toBe(originals.length);
        for (const d of originals) {
            const back = m.declarations.get(`${NS}.${d.name}`) as typeof d | undefined;
            expect(back?.kind, d.qualifiedName).toBe(d.kind);
            expect(back!.governance.status).toBe('candidate');
            expect(comparable(m, back!), d.qualifiedName).toEqual(comparable(m, d));
        }
    });

    test('a catalog edited by hand — an element\'s row deleted, a 数据元代码 overwritten, a field name that is no identifier — still imports: each field that names nothing gets a string element of its own, a bad field name an identifier, with notes', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-catalog-edit-'));
        expect(mds(['catalog', STANDARDS, '--out', 'cat'], dir).code).toBe(0);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(dir, 'cat/catalog.xlsx'));
        const elements = wb.getWorksheet('数据元')!, items = wb.getWorksheet('数据项')!;
        const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).map(String);
        const codeColumn = header(items).indexOf('数据元代码'), elementCode = header(elements).findIndex(h => /代码|标识符/.test(h));
        expect(codeColumn).toBeGreaterThan(0);
        // The element of the first item row, deleted from the 数据元 sheet; the second item row's code overwritten.
        const gone = String(items.getRow(2).getCell(codeColumn).value);
        let deleted = 0;
        elements.eachRow((row, n) => { if (n > 1 && String(row.getCell(elementCode).value) === gone) { elements.spliceRows(n, 1); deleted++; } });
        expect(deleted).toBe(1);
        items.getRow(3).getCell(codeColumn).value = '整数';
        const fieldColumn = header(items).indexOf('字段');
        items.getRow(4).getCell(fieldColumn).value = '是';
        await wb.xlsx.writeFile(join(dir, 'edited.xlsx'));
        const r = mds(['import', 'edited.xlsx', '-n', 't.edited', '-o', 'edited.mds'], dir);
        expect(r.code, r.stderr).toBe(0);
        const text = expectClean(dir, 'edited.mds');
        expect(text).toContain(`数据元代码“${gone}”在资源目录和标准中都没有，按字符串新建`);
        expect(text).toContain('数据元代码“整数”在资源目录和标准中都没有，按字符串新建');
        expect(text).toMatch(/edited\.xlsx:数据项!4：字段名“是”不是有效的标识符，改为 shi/);
        expect(text).toMatch(/^ {2}shi\??: /m);
    });
});
