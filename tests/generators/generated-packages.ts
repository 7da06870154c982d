import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordModel, SemanticModel } from '@mds/language';
import { ajvWithSchemas, OPTIONS, writeOutput } from './helpers.js';

export interface Result { valid: boolean; errors: Array<{ path: string; code: string; message: string }> }
export type Validate = (value: unknown) => Result;

export interface Generated {
    out: string;
    /** The generated validator of a record, by qualified name. */
    runtime(record: RecordModel): Validate;
    /** Ajv (2020, strict, own properties only) with every schema and the check-character formats. */
    ajv(record: RecordModel): (value: unknown) => boolean;
}

/** Lays the generated packages of `out` out as an installed node_modules; returns its root. */
export function installPackages(out: string): string {
    const root = mkdtempSync(join(tmpdir(), 'mds-install-'));
    for (const dir of readdirSync(join(out, 'packages'))) {
        const manifest = JSON.parse(readFileSync(join(out, 'packages', dir, 'package.json'), 'utf8'));
        const target = join(root, 'node_modules', manifest.name);
        mkdirSync(target, { recursive: true });
        cpSync(join(out, 'packages', dir), target, { recursive: true });
    }
    return root;
}

/**
 * Generates every target of a model, installs the packages into a throw-away node_modules, and
 * imports each namespace's `index.js` as a department's code would.
 */
export async function generateAndInstall(model: SemanticModel): Promise<Generated> {
    const out = mkdtempSync(join(tmpdir(), 'mds-gen-'));
    writeOutput(model, out);
    const root = installPackages(out);
    const modules = new Map<string, Record<string, unknown>>();
    for (const dir of readdirSync(join(out, 'packages'))) {
        const manifest = JSON.parse(readFileSync(join(out, 'packages', dir, 'package.json'), 'utf8'));
        modules.set(dir, await import(pathToFileURL(join(root, 'node_modules', manifest.name, 'index.js')).href));
    }
    const formats = modules.values().next().value?.ajvFormats as Record<string, (s: string) => boolean>;
    const ajv = ajvWithSchemas(join(out, 'schema'), formats);
    return {
        out,
        runtime: r => (modules.get(r.namespace)!.validators as Record<string, Validate>)[r.name],
        ajv: r => {
            const v = ajv.getSchema(`${OPTIONS.schemaBaseUri}${r.namespace}/${r.name}.schema.json`);
            if (!v) throw new Error(`no schema for ${r.qualifiedName}`);
            return v as (value: unknown) => boolean;
        }
    };
}
