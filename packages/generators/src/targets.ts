import type { SemanticModel } from '@mds/language';
import { generateJsonSchemas } from './json-schema/generate.js';
import type { GeneratorOptions, OutputFile } from './output.js';
import { generatePackages } from './typescript/package.js';

/** The build targets, in order. Adding a target: a folder under src/, one entry here, a test file. */
export const TARGETS = ['schema', 'packages'] as const;
export type Target = typeof TARGETS[number];

export interface TargetResult {
    target: Target;
    files: OutputFile[];
    /** Milliseconds the generator took. */
    ms: number;
}

/** Runs every target; output paths are prefixed with the target's folder (`schema/…`, `packages/…`). */
export function generateAll(model: SemanticModel, options: GeneratorOptions): TargetResult[] {
    const timed = <T>(f: () => T): [T, number] => {
        const start = performance.now();
        const value = f();
        return [value, performance.now() - start];
    };
    const [schemas, schemaMs] = timed(() => generateJsonSchemas(model, options));
    const [packages, packageMs] = timed(() => generatePackages(model, options, schemas));
    const prefix = (dir: string, files: OutputFile[]) => files.map(f => ({ path: `${dir}/${f.path}`, content: f.content }));
    return [
        { target: 'schema', files: prefix('schema', schemas), ms: schemaMs },
        { target: 'packages', files: prefix('packages', packages), ms: packageMs }
    ];
}
