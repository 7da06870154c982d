import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { installPackages } from './generated-packages.js';
import { ajvWithSchemas, FIXTURES, modelOf, VALID_ID, VALID_USCC, writeOutput } from './helpers.js';

interface Result { valid: boolean; errors: Array<{ path: string; code: string; message: string }> }
type Validate = (value: unknown) => Result;

/** Installs the generated packages as a department's node_modules would hold them, and imports one. */
async function installAndImport(out: string, pkg: string): Promise<Record<string, unknown>> {
    return import(pathToFileURL(join(installPackages(out), 'node_modules', pkg, 'index.js')).href);
}

const person = { id: VALID_ID, name: '张三' };

describe('generated runtime validators (kitchen sink)', () => {
    let validatePerson: Validate;
    let validateEmployee: Validate;
    let ajvPerson: (v: unknown) => boolean;

    beforeAll(async () => {
        const out = mkdtempSync(join(tmpdir(), 'mds-rt-'));
        writeOutput(await modelOf(join(FIXTURES, 'kitchen')), out);
        const app = await installAndImport(out, '@test-std/kitchen-app');
        validatePerson = app.validatePerson as Validate;
        validateEmployee = app.validateEmployee as Validate;
        const ajv = ajvWithSchemas(join(out, 'schema'));
        ajvPerson = ajv.getSchema('https://schemas.test/mds/kitchen.app/Person.schema.json') as (v: unknown) => boolean;
    });

    const errors = (r: Result) => r.errors.map(e => `${e.path} ${e.code}`);

    test('check digits: GB 11643 citizen ID and GB 32100 USCC', () => {
        expect(validatePerson(person)).toEqual({ valid: true, errors: [] });
        expect(errors(validatePerson({ ...person, id: '110105194912310021' }))).toEqual(['id format']);
        expect(errors(validatePerson({ ...person, id: '110105194902300027' }))).toEqual(['id format']); // 30 February
        expect(validatePerson({ ...person, credit: VALID_USCC }).valid).toBe(true);
        expect(errors(validatePerson({ ...person, credit: '91350100M000100Y44' }))).toEqual(['credit format']);
        expect(errors(validatePerson({ ...person, credit: '91350100M000100YI3' }))).toEqual(['credit format']);
        // JSON Schema alone accepts the wrong check characters: that is what the runtime adds.
        expect(ajvPerson({ ...person, id: '110105194912310021' })).toBe(true);
    });

    test('phone-cn', () => {
        expect(validatePerson({ ...person, phone: '13912345678' }).valid).toBe(true);
        for (const bad of ['1391234567', '23912345678', '12912345678', '139123456789', '+8613912345678']) {
            expect(errors(validatePerson({ ...person, phone: bad })), bad).toEqual(['phone format']);
        }
    });

    test('decimal scale is exact: no floating-point false alarms', () => {
        for (const ok of [87.3, -49.9, 12, 1e-1, 99.9]) expect(validatePerson({ ...person, temp: ok }).valid, String(ok)).toBe(true);
        expect(errors(validatePerson({ ...person, temp: 87.35 }))).toEqual(['temp scale']);
        expect(errors(validatePerson({ ...person, temp: 100.05 }))).toEqual(['temp maximum', 'temp scale']);
        expect(errors(validatePerson({ ...person, temp: 12.35 }))).toEqual(['temp scale']);
        expect(validatePerson({ ...person, price: 19.99 }).valid).toBe(true);
        expect(validatePerson({ ...person, price: 1.1 + 2.2 }).valid).toBe(false); // 3.3000000000000003 really has 16 decimals
        expect(errors(validatePerson({ ...person, price: 1e-7 }))).toEqual(['price scale']);
    });

    test('paths and messages point at the value, through lists and nested records', () => {
        const r = validatePerson({ ...person, friends: [person, { ...person, name: '一二三四五六', tags: [{ code: 'ab12' }] }], extra: 1 });
        expect(errors(r)).toEqual(['extra additionalProperties', 'friends[1].name maxLength', 'friends[1].tags[0].code pattern']);
        expect(r.errors[1].message).toBe('长度不能超过 5 个字符');
        expect(errors(validatePerson(null))).toEqual([' type']);
        expect(errors(validatePerson({}))).toEqual(['id required', 'name required']);
    });

    test('extends and cross-namespace elements', () => {
        expect(validateEmployee({ ...person, employer: VALID_USCC, badge: 'XY99' }).valid).toBe(true);
        expect(errors(validateEmployee({ ...person, employer: 'x' }))).toEqual(['employer format']);
    });

    test('agrees with the JSON Schema on everything JSON Schema can express', () => {
        const corpus: unknown[] = [
            person, { id: VALID_ID }, { ...person, x: 1 }, { ...person, name: '' }, { ...person, name: '一二三四五' },
            { ...person, age: -1 }, { ...person, age: 2.5 }, { ...person, temp: 100 }, { ...person, temp: 100.5 },
            { ...person, flag: 0 }, { ...person, day: '2000-01-01' }, { ...person, day: '1999-12-31' }, { ...person, day: '2020-13-01' },
            { ...person, moment: '2024-01-01T00:00:00Z' }, { ...person, moment: '2024-01-01 00:00:00+08:00' }, { ...person, moment: '2024-01-01' },
            { ...person, clock: '23:59:59+08:00' }, { ...person, clock: '24:00:00Z' }, { ...person, mail: 'x@y.cn' }, { ...person, mail: 'x@y' },
            { ...person, site: 'https://a.cn' }, { ...person, site: 'a.cn' }, { ...person, colors: ['01', '02'] }, { ...person, colors: ['01', '02', '03'] },
            { ...person, colors: ['09'] }, { ...person, tags: [{ code: 'AB12', color: '02' }] }, { ...person, tags: [{}] }, { ...person, friends: [] },
            { ...person, legacy: 'x' }, { ...person, legacy: 1 }, 'a string', [], null
        ];
        for (const value of corpus) expect(validatePerson(value).valid, JSON.stringify(value)).toBe(ajvPerson(value));
    });
});
