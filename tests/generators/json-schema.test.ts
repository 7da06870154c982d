import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ajvWithSchemas, FIXTURES, modelOf, OPTIONS, STANDARDS, VALID_ID, VALID_USCC, writeOutput } from './helpers.js';

const base = 'https://schemas.test/mds/';
const person = { id: VALID_ID, name: '张三' };

describe('JSON Schema 2020-12 of the kitchen sink, compiled by ajv', () => {
    let ajv: ReturnType<typeof ajvWithSchemas>;
    let out: string;
    const validate = (record: string, value: unknown) => {
        const v = ajv.getSchema(`${base}kitchen.app/${record}.schema.json`)!;
        return v(value) ? 'valid' : (v.errors ?? []).map(e => `${e.instancePath} ${e.keyword}`).join('; ');
    };

    beforeAll(async () => {
        out = mkdtempSync(join(tmpdir(), 'mds-schema-'));
        writeOutput(await modelOf(join(FIXTURES, 'kitchen')), out);
        ajv = ajvWithSchemas(join(out, 'schema'));
    });

    test('every schema compiles in strict mode, with the draft and a stable $id', () => {
        for (const ns of readdirSync(join(out, 'schema'))) {
            for (const f of readdirSync(join(out, 'schema', ns))) {
                const schema = JSON.parse(readFileSync(join(out, 'schema', ns, f), 'utf8'));
                expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
                expect(schema.$id).toBe(`${base}${ns}/${f}`);
                expect(ajv.getSchema(schema.$id)).toBeTypeOf('function');
            }
        }
    });

    test.each([
        ['minimal valid record', person, 'valid'],
        ['all optional fields', {
            ...person, age: 150, temp: -50, price: 0.01, flag: true, day: '2030-12-31', moment: '2024-02-29T08:30:00+08:00',
            clock: '08:30:00+08:00', phone: '13812345678', mail: 'a.b@example.cn', site: 'https://example.cn/x', credit: VALID_USCC,
            tags: [{ code: 'AB12', color: '01' }], colors: ['01', '03'], friends: [{ ...person, friends: [person] }], legacy: 'x'
        }, 'valid'],
        ['missing required field', { id: VALID_ID }, ' required'],
        ['undeclared property', { ...person, nickname: 'x' }, ' additionalProperties'],
        ['length too short', { ...person, name: '' }, '/name minLength'],
        ['length too long (characters, not bytes)', { ...person, name: '一二三四五六' }, '/name maxLength'],
        ['length counts characters', { ...person, name: '一二三四五' }, 'valid'],
        ['pattern is anchored', { ...person, tags: [{ code: 'xAB12' }] }, '/tags/0/code maxLength; /tags/0/code pattern'],
        ['pattern mismatch', { ...person, tags: [{ code: 'ab12' }] }, '/tags/0/code pattern'],
        ['id shape', { ...person, id: '01010519491231002X' }, '/id pattern; /id format'],
        ['phone-cn', { ...person, phone: '12812345678' }, '/phone pattern'],
        ['email', { ...person, mail: 'not-an-email' }, '/mail format'],
        ['uri', { ...person, site: 'no scheme' }, '/site format'],
        ['integer type', { ...person, age: 1.5 }, '/age type'],
        ['integer range', { ...person, age: 151 }, '/age maximum'],
        ['decimal range', { ...person, temp: -50.1 }, '/temp minimum'],
        ['decimal scale ok', { ...person, temp: 87.3 - 30 }, 'valid'],
        ['decimal scale exceeded', { ...person, price: 1.005 }, '/price multipleOf'],
        ['boolean type', { ...person, flag: 'yes' }, '/flag type'],
        ['date format', { ...person, day: '2020-02-30' }, '/day format'],
        ['date range low', { ...person, day: '1999-12-31' }, '/day formatMinimum'],
        ['date range high', { ...person, day: '2031-01-01' }, '/day formatMaximum'],
        ['datetime needs an offset', { ...person, moment: '2024-01-01T10:00:00' }, '/moment format'],
        ['time needs an offset', { ...person, clock: '10:00:00' }, '/clock format'],
        ['code value', { ...person, colors: ['04'] }, '/colors/0 enum'],
        ['list lower bound', { ...person, colors: [] }, '/colors minItems'],
        ['list upper bound', { ...person, friends: [person, person, person] }, '/friends maxItems'],
        ['recursive record checked deeply', { ...person, friends: [{ ...person, friends: [{ id: VALID_ID }] }] }, '/friends/0/friends/0 required'],
        ['nested record', { ...person, tags: [{ color: '01' }] }, '/tags/0 required']
    ])('%s', (_name, value, expected) => {
        expect(validate('Person', value)).toBe(expected);
    });

    test('extends: the child accepts inherited and own fields, requires both, nothing else', () => {
        expect(validate('Employee', { ...person, employer: VALID_USCC, badge: 'XY99' })).toBe('valid');
        expect(validate('Employee', { ...person })).toBe(' required');
        expect(validate('Employee', { ...person, employer: VALID_USCC, extra: 1 })).toBe(' additionalProperties');
    });

    test('elements and code lists are shared definitions referenced with $ref, not copied', () => {
        const schema = JSON.parse(readFileSync(join(out, 'schema/kitchen.app/Person.schema.json'), 'utf8'));
        expect(schema.properties.name).toEqual({ $ref: `${base}kitchen.base/_definitions.schema.json#/$defs/Name`, title: '名称' });
        expect(schema.properties.friends).toEqual({ type: 'array', items: { $ref: `${base}kitchen.app/Person.schema.json` }, title: '人', minItems: 0, maxItems: 2 });
        expect(schema.required).toEqual(['id', 'name']);
        const employee = JSON.parse(readFileSync(join(out, 'schema/kitchen.app/Employee.schema.json'), 'utf8'));
        expect(employee['x-mds'].extends).toBe('kitchen.app.Person');
        expect(employee['x-mds'].fields.name).toEqual({ type: 'kitchen.base.Name', inheritedFrom: 'kitchen.app.Person' });
        expect(employee.properties.employer.title).toBe('雇主信用代码');
        const defs = JSON.parse(readFileSync(join(out, 'schema/kitchen.base/_definitions.schema.json'), 'utf8')).$defs;
        expect(defs.Paint.$ref).toBe('#/$defs/Color');
        expect(defs.Color.enum).toEqual(['01', '02', '03']);
        expect(defs.Color['x-mds'].codes[2]).toEqual({ code: '03', label: '蓝', deprecated: true });
        expect(defs.OldName.deprecated).toBe(true);
        expect(defs.OldName['x-mds'].replacedBy).toBe('kitchen.base.Name');
    });
});

describe('JSON Schemas of the bundled standards', () => {
    test('carry governance annotations from which the catalog can be rebuilt', async () => {
        const out = mkdtempSync(join(tmpdir(), 'mds-std-'));
        writeOutput(await modelOf(STANDARDS), out, { ...OPTIONS });
        const ajv = ajvWithSchemas(join(out, 'schema'));
        const person = JSON.parse(readFileSync(join(out, 'schema/minhang.population/NaturalPerson.schema.json'), 'utf8'));
        expect(person.title).toBe('自然人');
        expect(person['x-mds']).toMatchObject({
            kind: 'record', namespace: 'minhang.population', status: 'standard', grade: 'important', personal: true,
            share: 'conditional', open: 'none', update: 'daily', key: ['citizenId'],
            steward: { id: 'minhang.org.QGAFJ', label: '闵行区公安分局' },
            systemOfRecord: { id: 'minhang.architecture.PopulationSystem', label: '实有人口管理系统' }
        });
        const defs = JSON.parse(readFileSync(join(out, 'schema/minhang.common/_definitions.schema.json'), 'utf8')).$defs;
        expect(defs.CitizenId['x-mds']).toMatchObject({ format: 'gb11643', source: 'GB 11643-1999', personal: true, grade: 'important' });
        expect(defs.Ethnicity['x-mds'].codes).toHaveLength(58);
        const school = ajv.getSchema(`${OPTIONS.schemaBaseUri}minhang.education/School.schema.json`)!;
        expect(school({
            schoolCode: '3101120001', name: '闵行区示范小学', stage: '02', ownership: '1',
            location: { division: '310112', town: 'ZH01', address: '莘庄镇某路 1 号', longitude: 121.385, latitude: 31.112 }
        })).toBe(true);
        expect(school({ schoolCode: '3101120001', name: 'x', stage: '02', ownership: '3', location: { division: '310112', address: 'a' } })).toBe(false);
    });
});

describe('OpenAPI 3.1 components', () => {
    test('embed every schema under its $id so that every $ref resolves inside the document', async () => {
        const out = mkdtempSync(join(tmpdir(), 'mds-openapi-'));
        writeOutput(await modelOf(STANDARDS), out);
        const doc = JSON.parse(readFileSync(join(out, 'openapi/components.openapi.json'), 'utf8'));
        expect(doc.openapi).toBe('3.1.0');
        expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
        const schemas = doc.components.schemas as Record<string, { $id: string }>;
        expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['minhang.population.NaturalPerson', 'minhang.common._definitions']));
        const ids = new Set(Object.values(schemas).map(s => s.$id));
        const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
        for (const r of refs) {
            const target = JSON.parse(`{${r}}`).$ref as string;
            if (target.startsWith('#')) continue;
            expect(ids.has(target.split('#')[0]), target).toBe(true);
        }
        expect(refs.length).toBeGreaterThan(100);
    });
});
