import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RecordModel, SemanticModel } from '@mds/language';
import { generateCorpus } from '../../bench/generate-corpus.mjs';
import { generateAndInstall, type Generated } from './generated-packages.js';
import { FIXTURES, modelOf, STANDARDS } from './helpers.js';
import { recordArbitrary } from './model-arbitraries.js';

/**
 * Differential test: for every record, many instances generated from the semantic model (valid
 * ones and ones wrong in every constraint kind, nested, listed and inherited) must get the same
 * verdict from the generated runtime validators and from ajv with the generated JSON Schemas.
 * A disagreement found once is kept in `fixed-cases/` and replayed on every run.
 */
const FIXED = join(import.meta.dirname, 'fixed-cases');

interface FixedCase { model: string; record: string; value: unknown; valid: boolean; why: string }

const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

function prototypeNamesCorpus(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mds-proto-'));
    const fields = PROTOTYPE_NAMES.map((n, i) => `  ${i === 0 ? 'key ' : ''}${n}${i > 0 ? '?' : ''}: ${i % 3 === 2 ? 'Count' : 'Text'}`);
    writeFileSync(join(dir, 'proto.mds'), [
        'namespace proto.names', '',
        'element Text "文本" : string { length 1..10 }',
        'element Count "数量" : integer { range 0..9 }', '',
        'record Project "项目" {', ...fields, '  inner?: Inner', '}', '',
        'record Inner "内层" {', ...PROTOTYPE_NAMES.map(n => `  ${n}?: Text`), '}', ''
    ].join('\n'));
    return dir;
}

const MODELS: Record<string, () => string> = {
    standards: () => STANDARDS,
    kitchen: () => join(FIXTURES, 'kitchen'),
    corpus: () => {
        const dir = join(mkdtempSync(join(tmpdir(), 'mds-corpus-')), 'c');
        generateCorpus(500, dir);
        return dir;
    },
    prototype: prototypeNamesCorpus
};

const loaded = new Map<string, { model: SemanticModel; generated: Generated; records: RecordModel[] }>();

beforeAll(async () => {
    for (const [name, dir] of Object.entries(MODELS)) {
        const model = await modelOf(dir());
        const records = [...model.declarations.values()].filter((d): d is RecordModel => d.kind === 'record');
        loaded.set(name, { model, generated: await generateAndInstall(model), records });
    }
}, 180_000);

describe('generated validators and ajv agree (fast-check, seeded)', () => {
    for (const name of Object.keys(MODELS)) {
        test(`every record of ${name}`, () => {
            const { model, generated, records } = loaded.get(name)!;
            let valid = 0, total = 0;
            const runs = name === 'corpus' ? 40 : 150;
            for (const record of records) {
                const runtime = generated.runtime(record);
                const ajv = generated.ajv(record);
                fc.assert(fc.property(recordArbitrary(model, record), value => {
                    const r = runtime(value);
                    total++;
                    if (r.valid) valid++;
                    if (r.valid !== ajv(value)) {
                        throw new Error(`${record.qualifiedName}: runtime ${r.valid ? 'accepts' : 'rejects'}, ajv ${r.valid ? 'rejects' : 'accepts'} ${JSON.stringify(value)} (${JSON.stringify(r.errors)})`);
                    }
                    expect(r.valid).toBe(r.errors.length === 0);
                }), { seed: 20261129, numRuns: runs });
            }
            // Both kinds must be well represented, or the comparison proves little.
            expect(valid / total).toBeGreaterThan(0.15);
            expect(valid / total).toBeLessThan(0.85);
        }, 120_000);
    }

    test('fixed cases: every disagreement ever found', () => {
        const cases = readdirSync(FIXED).filter(f => f.endsWith('.json'))
            .flatMap(f => JSON.parse(readFileSync(join(FIXED, f), 'utf8')) as FixedCase[]);
        expect(cases.length).toBeGreaterThan(0);
        for (const c of cases) {
            const { generated, records } = loaded.get(c.model)!;
            const record = records.find(r => r.qualifiedName === c.record)!;
            expect(generated.runtime(record)(c.value).valid, `${c.why}: runtime`).toBe(c.valid);
            expect(generated.ajv(record)(c.value), `${c.why}: ajv`).toBe(c.valid);
        }
    });

    test('known difference: decimal scale is exact in the generated validators, approximate in ajv', () => {
        const { generated, records } = loaded.get('kitchen')!;
        const person = records.find(r => r.name === 'Person')!; // temp: decimal, scale 1
        const base = { id: '11010519491231002X', name: '张三' };
        // 0.1 + 0.2 is written 0.30000000000000004: seventeen decimals, which ajv's multipleOfPrecision hides.
        expect(generated.runtime(person)({ ...base, temp: 0.1 + 0.2 }).valid).toBe(false);
        expect(generated.ajv(person)({ ...base, temp: 0.1 + 0.2 })).toBe(true);
    });

    test('own properties only: fields named after Object.prototype members', () => {
        const { generated, records } = loaded.get('prototype')!;
        const project = records.find(r => r.name === 'Project')!;
        expect(generated.runtime(project)({ constructor: 'P1' })).toEqual({ valid: true, errors: [] });
        expect(generated.runtime(project)({ constructor: 'P1', inner: {} }).valid).toBe(true);
        expect(generated.runtime(project)({}).errors.map(e => `${e.path} ${e.code}`)).toEqual(['constructor required']);
        expect(generated.runtime(project)({ constructor: 'P1', inner: { toString: 5 } }).errors.map(e => e.path)).toEqual(['inner.toString']);
    });
});

// Writes a newly found disagreement as a fixed case: MDS_KEEP_CASE='{"model":…}' vitest run …
if (process.env.MDS_KEEP_CASE) {
    mkdirSync(FIXED, { recursive: true });
    const file = join(FIXED, 'found.json');
    const cases = (() => { try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return []; } })();
    cases.push(JSON.parse(process.env.MDS_KEEP_CASE));
    writeFileSync(file, JSON.stringify(cases, null, 2) + '\n');
}
