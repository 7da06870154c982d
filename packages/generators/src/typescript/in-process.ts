import type { QName, RecordModel, SemanticModel } from '@mds/language';
import { resolveOptions } from '../output.js';
import { packageName, splitQName } from '../names.js';
import { toCommonJs } from './commonjs.js';
import { RUNTIME_SOURCE } from './runtime-source.js';
import { generateValidators } from './validators.js';
import { moduleLoader, recordCheck, type RecordCheck, type ValidatorSources } from './load-sources.js';

export type { RecordCheck, RuleError, ValidatorSources } from './load-sources.js';

/**
 * The generated runtime validators, loaded in this process: the very code `mds build` writes
 * into the npm packages (its CommonJS twin, evaluated with a small module table instead of
 * node_modules), so that `mds validate`, `mds serve` and the packages can never disagree.
 */
export function loadValidators(model: SemanticModel): Validators {
    let v = LOADED.get(model);
    if (!v) LOADED.set(model, v = compileValidators(model));
    return v;
}

type Validators = { record(q: QName): RecordCheck | undefined; formats: Record<string, (s: string) => boolean> };

/** Compiled once per model (a server validates many requests against one model). */
const LOADED = new WeakMap<SemanticModel, Validators>();

function compileValidators(model: SemanticModel): Validators {
    const load = moduleLoader(new Map(modulesOf(model)));
    return {
        record(q) {
            const decl = model.declarations.get(q);
            if (!decl || decl.kind !== 'record') return undefined;
            const { namespace, name } = splitQName(q);
            return recordCheck(load, packageOf(namespace), name);
        },
        formats: (load('./mds-runtime.cjs').formats as Record<string, (s: string) => boolean>)
    };
}

/**
 * The generated validator modules of a model as CommonJS text, and where one record's check is:
 * what a worker thread needs to check rows without the model (`recordCheckFromSources`).
 */
export function validatorSources(model: SemanticModel, q: QName): ValidatorSources {
    const { namespace, name } = splitQName(q);
    return { modules: modulesOf(model), module: packageOf(namespace), name };
}

/** The runtime and one module per namespace, CommonJS, by the id the others require them by (generated once per model). */
function modulesOf(model: SemanticModel): Array<[string, string]> {
    let modules = MODULES.get(model);
    if (modules) return modules;
    modules = [['./mds-runtime.cjs', toCommonJs(RUNTIME_SOURCE)]];
    for (const ns of model.namespaces) modules.push([packageOf(ns.name), toCommonJs(generateValidators(ns, packageOf))]);
    MODULES.set(model, modules);
    return modules;
}

const MODULES = new WeakMap<SemanticModel, Array<[string, string]>>();

const IN_PROCESS = resolveOptions({ scope: '@mds-in-process' });
const packageOf = (namespace: string) => packageName(namespace, IN_PROCESS);

/** The records of a model, for listing what `--record` may name. */
export function recordNames(model: SemanticModel): QName[] {
    return [...model.declarations.values()].filter((d): d is RecordModel => d.kind === 'record').map(r => r.qualifiedName).sort();
}
