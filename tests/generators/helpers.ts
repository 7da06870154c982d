import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, type SemanticModel } from '@mds/language';
import { generateAll, resolveOptions, type GeneratorOptions } from '../../packages/generators/src/index.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures');
export const STANDARDS = join(import.meta.dirname, '../../standards');
export const OPTIONS: GeneratorOptions = resolveOptions({ scope: '@test-std', schemaBaseUri: 'https://schemas.test/mds/' });

/** Checks the `.mds` files of a folder and returns the semantic model (fails on any error). */
export async function modelOf(dir: string): Promise<SemanticModel> {
    const files = readdirSync(dir).filter(f => f.endsWith('.mds')).map(f => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
    const { Mds } = createMdsCoreServices(EmptyFileSystem);
    const ws = await buildWorkspace(Mds, files);
    if (ws.errorCount) throw new Error(`fixture ${dir} has errors`);
    return buildSemanticModel(Mds, ws.documents);
}

/** Generates every target into `out` (as `mds build` lays it out). */
export function writeOutput(model: SemanticModel, out: string, options = OPTIONS): void {
    for (const r of generateAll(model, options)) {
        for (const f of r.files) {
            mkdirSync(dirname(join(out, f.path)), { recursive: true });
            writeFileSync(join(out, f.path), f.content);
        }
    }
}

type Ajv = InstanceType<typeof Ajv2020Module.default>;

/**
 * Ajv for draft 2020-12 in strict mode with ajv-formats (and its formatMinimum/formatMaximum
 * keywords) and the `x-mds` annotation keyword. `multipleOfPrecision` keeps `multipleOf: 0.1`
 * from rejecting 87.3 (binary floating point); the generated runtime validators check scale exactly.
 */
export function ajvWithSchemas(schemaRoot: string, checkFormats: Record<string, (s: string) => boolean> = CHECK_FORMATS): Ajv {
    const ajv = new Ajv2020Module.default({ allErrors: true, strict: true, multipleOfPrecision: 6, ownProperties: true });
    addFormatsModule.default(ajv, { keywords: true });
    ajv.addVocabulary(['x-mds']);
    for (const [name, check] of Object.entries(checkFormats)) ajv.addFormat(name, check);
    for (const ns of readdirSync(schemaRoot)) {
        for (const f of readdirSync(join(schemaRoot, ns))) ajv.addSchema(JSON.parse(readFileSync(join(schemaRoot, ns, f), 'utf8')));
    }
    return ajv;
}

/**
 * Ajv's view of the two check-character formats when a test has no generated package at hand:
 * a shape check only (the generated packages export the real ones as `ajvFormats`).
 */
const CHECK_FORMATS: Record<string, (s: string) => boolean> = {
    gb11643: s => /^[1-9][0-9]{16}[0-9X]$/.test(s),
    uscc: s => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)
};

/** Published examples: GB 11643-1999 and GB 32100-2015. */
export const VALID_ID = '11010519491231002X';
export const VALID_USCC = '91350100M000100Y43';
