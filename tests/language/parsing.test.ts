import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { buildWorkspace, createMdsCoreServices, type CodeList, type Element, type Flow, type Model, type Record as RecordDecl, type System } from '@mds/language';
import { check } from '../helpers.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/contract', name), 'utf8');

async function parse(files: Record<string, string>) {
    const r = await check(files);
    const models = new Map(r.ws.documents.map(d => [d.uri.path.slice(4), d.parseResult.value as Model]));
    return { ...r, models };
}

describe('the contract examples parse to the expected tree', async () => {
    const r = await parse({ 'common.mds': fixture('common.mds'), 'population.mds': fixture('population.mds') });
    const common = r.models.get('common.mds')!;
    const population = r.models.get('population.mds')!;
    const decl = <T>(m: Model, name: string) => m.declarations.find(d => d.name === name) as T;

    test('without any diagnostic', () => {
        expect(r.messages).toEqual([]);
        for (const doc of r.ws.documents) expect(doc.parseResult.parserErrors).toEqual([]);
    });

    test('file header: namespace, version, imports', () => {
        expect(common.namespace).toBe('minhang.common');
        expect(common.version).toBe('1.2.0');
        expect(population.imports.map(i => i.namespace)).toEqual(['minhang.common']);
    });

    test('code lists with parents and deprecated entries', () => {
        const division = decl<CodeList>(common, 'Division');
        expect(division.entries.map(e => [e.code, e.label, e.parent ?? null, e.deprecated])).toEqual([
            ['310000', '上海市', null, false],
            ['310112', '闵行区', '310000', false],
            ['310112001', '江川路街道', '310112', false],
            ['310112999', '（已撤销）', '310112', true]
        ]);
    });

    test('elements: types, constraints, ranges in every form', () => {
        const id = decl<Element>(common, 'CitizenId');
        expect(id.type.primitive).toBe('string');
        expect(id.attributes.map(a => a.$type)).toContain('PersonalAttr');
        const synonyms = id.attributes.find(a => a.$type === 'SynonymsAttr');
        expect(synonyms && 'values' in synonyms ? synonyms.values : []).toEqual(['身份证号', '身份证号码']);
        const range = (name: string) => {
            const a = decl<Element>(common, name).attributes.find(x => x.$type === 'RangeAttr');
            return a && 'range' in a ? [a.range.lower?.number ?? a.range.lower?.text ?? null, a.range.dots,
                (a.range.upper as typeof a.range.lower)?.number ?? (a.range.upper as typeof a.range.lower)?.text ?? null] : null;
        };
        expect(range('Age')).toEqual([0, true, 150]);
        expect(range('Income')).toEqual([0, true, null]);
        expect(range('BirthDate')).toEqual(['1900-01-01', true, null]);
        expect(range('Temperature')).toEqual([-50.5, true, 60]);
        expect(range('Big')).toEqual([null, true, 1e6]);
        expect(decl<Element>(common, 'Sex').type.codeList?.$refText).toBe('Gender');
        const format = decl<Element>(common, 'Mobile').attributes.find(a => a.$type === 'FormatAttr');
        expect(format && 'value' in format ? format.value : '').toBe('phone-cn');
    });

    test('strings keep escaped quotes and backslashes', () => {
        const def = decl<Element>(population, 'PersonName').attributes.find(a => a.$type === 'DefinitionAttr');
        expect(def && 'value' in def ? def.value : '').toBe('自然人的姓名，含 "引号" 与 \\ 反斜杠的说明');
    });

    test('a backslash before anything but a quote or a backslash is kept as written (regex escapes)', async () => {
        const r = await parse({ 'a.mds': 'namespace a\nelement A "a" : string { pattern "\\d{6}" }\nelement B "b" : string { pattern "\\\\d{6}" }\n'
            + 'element C "c" : string { pattern "[0-9+\\- ]+" definition "\\\"x\\\"" }\n' });
        const m = r.models.get('a.mds')!;
        const value = (name: string, type: string) => (m.declarations.find(d => d.name === name) as Element).attributes.find(a => a.$type === type) as { value: string };
        expect(value('A', 'PatternAttr').value).toBe('\\d{6}');
        expect(value('B', 'PatternAttr').value).toBe('\\d{6}');
        expect(value('C', 'PatternAttr').value).toBe('[0-9+\\- ]+');
        expect(value('C', 'DefinitionAttr').value).toBe('"x"');
        expect(r.messages).toEqual([]);
    });

    test('records: keys, optional, lists with bounds, labels, extends, keyword field names', () => {
        const person = decl<RecordDecl>(population, 'Person');
        const f = (name: string) => person.fields.find(x => x.name === name)!;
        expect(f('id').key).toBe(true);
        expect(f('birthDate').optional).toBe(true);
        expect(f('phones').list).toBe(true);
        expect(f('phones').cardinality).toBeUndefined();
        expect([f('guardians').cardinality?.lower?.number, (f('guardians').cardinality?.upper as { number?: number })?.number]).toEqual([0, 2]);
        expect(f('address').label).toBe('户籍地址');
        expect(person.fields.map(x => x.name)).toEqual(expect.arrayContaining(['type', 'level', 'status', 'key', 'open', 'personal']));
        expect(f('key').key).toBe(false);
        expect(decl<RecordDecl>(population, 'Student').superType?.ref?.name).toBe('Person');
        expect(decl<RecordDecl>(population, 'Address').fields[1].type?.$refText).toBe('minhang.common.Sex');
    });

    test('architecture: domains, systems with stores, flows', () => {
        const system = decl<System>(population, 'MinZhiHomework');
        const stores = system.attributes.find(a => a.$type === 'StoresAttr');
        expect(stores && 'targets' in stores ? stores.targets.map(t => t.ref?.name) : []).toEqual(['Student', 'Homework']);
        const flow = decl<Flow>(population, 'StudentToHub');
        expect(flow.attributes.map(a => a.$type)).toEqual(['FromAttr', 'ToAttr', 'CarriesAttr', 'UpdateAttr', 'ViaAttr', 'AgreementAttr']);
    });
});

describe('syntax errors are reported at the offending token', () => {
    test.each([
        ['missing type', 'namespace a\nelement X "x" : \n', 'a.mds:2:16', /expected 'string', 'integer', .* but found end of file/],
        ['stray token', 'namespace a\nelement X "x" : string }\n', 'a.mds:2:24', /unexpected '\}': a declaration/],
        ['unterminated string', 'namespace a\nelement X "x : string\n', 'a.mds:2:11', /closing quote/],
        ['no namespace', 'element X "x" : string\n', 'a.mds:1:1', /namespace/],
        ['unknown character', 'namespace a\nelement X "x" : string { unit # }\n', 'a.mds:2:31', /character #/]
    ])('%s', async (_name, text, at, message) => {
        const r = await check(text);
        const first = r.messages.find(m => m.includes('mds/syntax-error'));
        expect(first).toBeDefined();
        expect(first!.startsWith(at + ' ')).toBe(true);
        expect(first).toMatch(message);
    });

    test('nesting too deep for the parser: the prefix that parses is kept, one error says where parsing stopped', async () => {
        for (const text of ['namespace a\n' + 'record R {'.repeat(3000), 'namespace a\nrecord R {\n' + 'a: '.repeat(12_000)]) {
            const r = await check(text);
            const deep = r.messages.filter(m => m.includes('mds/nesting-too-deep'));
            expect(deep).toHaveLength(1);
            expect(r.messages.filter(m => m.includes('mds/syntax-error')).length).toBeLessThanOrEqual(100);
        }
    }, 60_000);

    test('a file above 4 M characters is not parsed: one file-too-large error', async () => {
        const text = 'namespace a\n' + `element X "${'长'.repeat(100)}" : string\n`.repeat(90_000);
        const r = await check(text);
        expect(r.lines).toEqual(['a.mds:1:1 error mds/file-too-large']);
        expect(r.messages[0]).toMatch(/file too large \(\d+\.\d M characters\): .* at most 4 M characters/);
    });

    test('Chinese messages by default', async () => {
        const { Mds } = createMdsCoreServices(EmptyFileSystem);
        const ws = await buildWorkspace(Mds, [{ path: '/ws/a.mds', text: 'namespace a\nelement X "x" : string }\n' }]);
        expect(ws.documents[0].diagnostics?.[0].message).toContain('语法错误');
    });
});
