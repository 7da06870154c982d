import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { beforeAll, describe, expect, test } from 'vitest';
import {
    attr, attrValue, buildWorkspace, createMdsCoreServices, isCodeList, isDepartment, isElement, isFlow, isRecord, isSystem,
    type BuiltWorkspace, type CodeList, type Declaration, type MdsCoreServices, type Model
} from '@mds/language';

const STANDARDS = join(import.meta.dirname, '../../standards');

describe('the district standards library', () => {
    let ws: BuiltWorkspace;
    let services: MdsCoreServices;
    let decls: Declaration[];
    const of = <T extends Declaration>(guard: (d: unknown) => d is T) => decls.filter(guard);
    const named = (name: string) => decls.find(d => d.name === name)!;

    beforeAll(async () => {
        const files = readdirSync(STANDARDS).filter(f => f.endsWith('.mds'))
            .map(f => ({ path: join(STANDARDS, f), text: readFileSync(join(STANDARDS, f), 'utf8') }));
        services = createMdsCoreServices(EmptyFileSystem).Mds;
        ws = await buildWorkspace(services, files);
        decls = ws.documents.flatMap(d => (d.parseResult.value as Model).declarations);
    });

    test('checks with zero errors and zero warnings', () => {
        const all = [...ws.diagnostics.values()].flat().map(d => `${d.code} ${d.message}`);
        expect(all).toEqual([]);
    });

    test('has the size the committee asked for', () => {
        expect(of(isDepartment).length).toBeGreaterThanOrEqual(25);
        expect(of(isCodeList).length).toBeGreaterThanOrEqual(15);
        expect(of(isElement).length).toBeGreaterThanOrEqual(150);
        expect(of(isRecord).length).toBeGreaterThanOrEqual(30);
        expect(of(isSystem).length).toBeGreaterThanOrEqual(10);
        expect(of(isFlow).length).toBeGreaterThanOrEqual(10);
        const namespaces = new Set(ws.documents.map(d => (d.parseResult.value as Model).namespace));
        expect(namespaces.size).toBeGreaterThanOrEqual(8);
    });

    test('departments at city, district and town level', () => {
        const levels = of(isDepartment).map(d => attrValue(d, 'LevelAttr'));
        for (const level of ['city', 'district', 'town']) expect(levels.filter(l => l === level).length).toBeGreaterThanOrEqual(3);
    });

    test('GB/T 3304: all 56 ethnic groups plus the two "other" codes', () => {
        const list = named('Ethnicity') as CodeList;
        const codes = list.entries.map(e => e.code);
        for (let i = 1; i <= 56; i++) expect(codes).toContain(String(i).padStart(2, '0'));
        expect(codes).toEqual(expect.arrayContaining(['97', '98']));
        expect(new Set(list.entries.map(e => e.label)).size).toBe(58);
        expect(list.entries.find(e => e.code === '01')?.label).toBe('汉族');
        expect(list.entries.find(e => e.code === '56')?.label).toBe('基诺族');
        expect(attrValue(list, 'SourceAttr')).toBe('GB/T 3304-1991');
    });

    test('national code lists cite their source', () => {
        for (const name of ['Gender', 'Ethnicity', 'IdDocumentType', 'Division', 'EducationLevel', 'MaritalStatus']) {
            expect(attrValue(named(name), 'SourceAttr'), name).toMatch(/^(GB|GA)/);
        }
    });

    test('every standard element, code list and record has a steward and a definition', () => {
        const standard = decls.filter(d => (isElement(d) || isCodeList(d) || isRecord(d)) && attrValue(d, 'StatusAttr') === 'standard');
        expect(standard.length).toBeGreaterThan(200);
        for (const d of standard) {
            expect(attr(d, 'StewardAttr'), d.name).toBeDefined();
            expect(attr(d, 'DefinitionAttr'), d.name).toBeDefined();
        }
    });

    test('every standard record has a key and exactly one system of record', () => {
        for (const r of of(isRecord).filter(r => attrValue(r, 'StatusAttr') === 'standard')) {
            expect(services.model.WorkspaceFacts.storedBy(r).length, r.name).toBe(1);
        }
    });

    test('personal and security data are never open unconditional; public registries are open', () => {
        const g = services.model.Governance;
        for (const d of [...of(isElement), ...of(isRecord)]) {
            const e = g.effective(d);
            if (e.personal.value || e.grade.value !== 'general') expect(e.open.value, d.name).not.toBe('unconditional');
        }
        for (const name of ['School', 'DigitalServiceProvider', 'DataProduct', 'OpenDataset', 'TransportFacility']) {
            expect(g.effective(named(name)).open.value, name).toBe('unconditional');
        }
        const cases = g.effective(named('PoliceCase'));
        expect([cases.grade.value, cases.share.value, cases.open.value]).toEqual(['core', 'none', 'none']);
        expect(g.effective(named('NaturalPerson')).personal.value).toBe(true);
    });
});
