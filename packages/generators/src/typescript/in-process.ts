import type { QName, RecordModel, SemanticModel } from '@mds/language';
import { resolveOptions } from '../output.js';
import { packageName, splitQName } from '../names.js';
import { toCommonJs } from './commonjs.js';
import { RUNTIME_SOURCE } from './runtime-source.js';
import { generateValidators } from './validators.js';

export interface RuleError {
    /** Field path, `guardians[0].name`; empty for the record itself. */
    path: string;
    /** The rule: `required`, `type`, `pattern`, `format`, `minimum`, `enum`, … (as the generated packages report). */
    code: string;
    message: string;
}

/** Appends the errors of one value of a record to `errors` (an empty path for the record itself). */
export type RecordCheck = (value: unknown, path: string, errors: RuleError[]) => void;

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
    const options = resolveOptions({ scope: '@mds-in-process' });
    const packageOf = (namespace: string) => packageName(namespace, options);
    const sources = new Map<string, string>([['./mds-runtime.cjs', toCommonJs(RUNTIME_SOURCE)]]);
    for (const ns of model.namespaces) sources.set(packageOf(ns.name), toCommonJs(generateValidators(ns, packageOf)));
    const loaded = new Map<string, Record<string, unknown>>();
    const load = (id: string): Record<string, unknown> => {
        const cached = loaded.get(id);
        if (cached) return cached;
        const source = sources.get(id);
        if (source === undefined) throw new Error(`no generated module ${id}`);
        const exports: Record<string, unknown> = {};
        loaded.set(id, exports); // before evaluating: namespaces may import each other in a cycle
        new Function('exports', 'require', source)(exports, load);
        return exports;
    };
    return {
        record(q) {
            const { namespace, name } = splitQName(q);
            const decl = model.declarations.get(q);
            if (!decl || decl.kind !== 'record') return undefined;
            const records = load(packageOf(namespace)).__records as Record<string, RecordCheck>;
            return Object.prototype.hasOwnProperty.call(records, name) ? records[name] : undefined;
        },
        formats: (load('./mds-runtime.cjs').formats as Record<string, (s: string) => boolean>)
    };
}

/** The records of a model, for listing what `--record` may name. */
export function recordNames(model: SemanticModel): QName[] {
    return [...model.declarations.values()].filter((d): d is RecordModel => d.kind === 'record').map(r => r.qualifiedName).sort();
}
