import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MDS_BIN } from '../cli/helpers.js';
import { STANDARDS, VALID_ID, VALID_USCC } from './helpers.js';

const REPO = join(import.meta.dirname, '../..');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

/**
 * The department's view: `npm pack` the generated packages of the bundled standards, install
 * the tarballs into a throw-away project (offline), type-check it with `tsc --strict`, run it.
 */
describe('generated npm packages, installed and type-checked by a consumer', () => {
    let out: string;
    let consumer: string;

    beforeAll(() => {
        const work = mkdtempSync(join(tmpdir(), 'mds-consumer-'));
        out = join(work, 'out');
        execFileSync(process.execPath, [MDS_BIN, 'build', STANDARDS, '--out', out], { encoding: 'utf8' });
        const packs = join(work, 'packs');
        mkdirSync(packs);
        const dirs = readdirSync(join(out, 'packages')).map(d => join(out, 'packages', d));
        npm(['pack', ...dirs, '--pack-destination', packs], work);
        consumer = join(work, 'consumer');
        mkdirSync(consumer);
        const dependencies = Object.fromEntries(dirs.map(d => {
            const m = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8'));
            return [m.name, `file:../packs/${m.name.slice(1).replace('/', '-')}-${m.version}.tgz`];
        }));
        writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2));
        npm(['install', '--offline', '--ignore-scripts'], consumer);
    }, 120_000);

    test('package.json: scoped name, namespace version, types, exports, dependencies on imported namespaces', () => {
        const m = JSON.parse(readFileSync(join(consumer, 'node_modules/@minhang-standards/minhang-population/package.json'), 'utf8'));
        expect(m).toMatchObject({
            name: '@minhang-standards/minhang-population', version: '1.0.0', types: './index.d.ts',
            exports: { '.': { import: { types: './index.d.ts', default: './index.js' }, require: { types: './index.d.cts', default: './index.cjs' } } },
            dependencies: { '@minhang-standards/minhang-common': '^1.0.0', '@minhang-standards/minhang-org': '^1.0.0' }
        });
        expect(readdirSync(join(consumer, 'node_modules/@minhang-standards/minhang-population/schema'))).toContain('NaturalPerson.schema.json');
        expect(readFileSync(join(consumer, 'node_modules/@minhang-standards/minhang-population/README.md'), 'utf8')).toContain('npm install @minhang-standards/minhang-population');
    });

    test('tsc --strict accepts correct use and rejects wrong codes and missing required fields', () => {
        writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
            compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [], skipLibCheck: false },
            include: ['*.ts']
        }));
        writeFileSync(join(consumer, 'use.ts'), `
import { validateNaturalPerson, isNaturalPerson, type NaturalPerson, type Household } from '@minhang-standards/minhang-population';
import type { Gender, CitizenId, Location } from '@minhang-standards/minhang-common';
import type { Enterprise, LegalEntity } from '@minhang-standards/minhang-enterprise';
import { validateSchool, type School } from '@minhang-standards/minhang-education';

const person: NaturalPerson = {
    citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true,
    address: { division: '310112', detail: '莘庄镇某路 1 号' }
};
const location: Location = { division: '310112', address: '七宝镇某路 2 号', longitude: 121.35, latitude: 31.15 };
const school: School = { schoolCode: '3101120001', name: '示范小学', stage: '02', ownership: '1', location };
const enterprise: Enterprise = {
    uscc: '${VALID_USCC}', name: '某科技有限公司', legalRepresentative: '李四', established: '2020-01-01', status: '1',
    location, enterpriseType: '150', registeredCapital: 100, industry: 'I65'
};
const entity: LegalEntity = enterprise;  // extends is interface inheritance
const id: CitizenId = person.citizenId;
const household: Household | undefined = undefined;

// @ts-expect-error '3' is not a code of GB/T 2261.1
const wrongGender: Gender = '3';
// @ts-expect-error name is required
const missingName: NaturalPerson = { citizenId: '${VALID_ID}', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true };
// @ts-expect-error '99' is not a school stage code
const wrongStage: School = { ...school, stage: '99' };
// @ts-expect-error alive is a boolean
const wrongType: NaturalPerson = { ...person, alive: 'yes' };

const unknownInput: unknown = JSON.parse('{}');
if (isNaturalPerson(unknownInput)) {
    const narrowed: NaturalPerson = unknownInput;
    console.log(narrowed.name);
}
const r = validateNaturalPerson(person);
const messages: string[] = r.errors.map(e => e.path + ': ' + e.message);
console.log(r.valid, validateSchool(school).valid, messages, entity, id, household, wrongGender, missingName, wrongStage, wrongType);
`);
        const r = spawnSync(process.execPath, [TSC, '-p', consumer], { encoding: 'utf8' });
        expect(r.stdout + r.stderr).toBe('');
        expect(r.status).toBe(0);
    });

    test('deprecated items carry @deprecated naming the replacement', () => {
        const dts = readFileSync(join(consumer, 'node_modules/@minhang-standards/minhang-common/index.d.ts'), 'utf8');
        const block = dts.slice(dts.lastIndexOf('/**', dts.indexOf('export type HomePhoneLegacy')), dts.indexOf('export type HomePhoneLegacy'));
        expect(block).toContain('@deprecated 废止，请改用 MobilePhone（手机号码）');
        expect(dts).toContain('export type Gender = "0" | "1" | "2" | "9";');
    });

    test('the installed validators run in the consumer without the MDS toolchain', () => {
        writeFileSync(join(consumer, 'run.mjs'), `
import { validateNaturalPerson } from '@minhang-standards/minhang-population';
const ok = validateNaturalPerson({ citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true });
const bad = validateNaturalPerson({ citizenId: '110105194912310021', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true, mobile: '123' });
console.log(JSON.stringify([ok.valid, bad.errors.map(e => e.path + ' ' + e.code)]));
`);
        const printed = execFileSync(process.execPath, ['run.mjs'], { cwd: consumer, encoding: 'utf8' });
        expect(JSON.parse(printed)).toEqual([true, ['citizenId format', 'mobile format']]);
    });

    test('a CommonJS service can require() them, with types (module node16, .cts)', () => {
        writeFileSync(join(consumer, 'run.cjs'), `
const { validateNaturalPerson, ajvFormats } = require('@minhang-standards/minhang-population');
const { validateSchool } = require('@minhang-standards/minhang-education');
const ok = validateNaturalPerson({ citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true,
    address: { division: '310112', detail: '莘庄镇某路 1 号' } });
const nested = validateNaturalPerson({ citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true, address: 'x' });
console.log(JSON.stringify([ok.valid, nested.errors.map(e => e.path + ' ' + e.code), typeof validateSchool, ajvFormats.gb11643('${VALID_ID}')]));
`);
        const printed = execFileSync(process.execPath, ['run.cjs'], { cwd: consumer, encoding: 'utf8' });
        expect(JSON.parse(printed)).toEqual([true, ['address type'], 'function', true]);
        const cjs = join(consumer, 'cjs');
        mkdirSync(cjs, { recursive: true });
        writeFileSync(join(cjs, 'tsconfig.json'), JSON.stringify({
            compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', noEmit: true, types: [] }, include: ['*.cts']
        }));
        writeFileSync(join(cjs, 'use.cts'), `
import population = require('@minhang-standards/minhang-population');
const person: population.NaturalPerson = { citizenId: '${VALID_ID}', name: '张三', gender: '1', birthDate: '1949-12-31', residenceType: '1', alive: true };
// @ts-expect-error alive is a boolean
const wrong: population.NaturalPerson = { ...person, alive: 'yes' };
console.log(population.validateNaturalPerson(person).valid, wrong);
`);
        const r = spawnSync(process.execPath, [TSC, '-p', cjs], { encoding: 'utf8' });
        expect(r.stdout + r.stderr).toBe('');
        expect(r.status).toBe(0);
    });
});
