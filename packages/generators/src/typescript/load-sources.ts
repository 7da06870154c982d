/** One rule broken by a value, as the generated validators report it. */
export interface RuleError {
    /** Field path, `guardians[0].name`; empty for the record itself. */
    path: string;
    /** The rule: `required`, `type`, `pattern`, `format`, `minimum`, `enum`, … (as the generated packages report). */
    code: string;
    message: string;
}

/** Appends the errors of one value of a record to `errors` (an empty path for the record itself). */
export type RecordCheck = (value: unknown, path: string, errors: RuleError[]) => void;

/** The generated validator modules (CommonJS text by module id) and where one record's check is. */
export interface ValidatorSources {
    modules: Array<[string, string]>;
    module: string;
    name: string;
}

/**
 * The check of one record, evaluated from its generated modules: how a worker thread gets the
 * very code of the npm packages without the model or the generators (this module imports nothing).
 */
export function recordCheckFromSources(sources: ValidatorSources): RecordCheck | undefined {
    return recordCheck(moduleLoader(new Map(sources.modules)), sources.module, sources.name);
}

export function recordCheck(load: (id: string) => Record<string, unknown>, module: string, name: string): RecordCheck | undefined {
    let records: Record<string, RecordCheck>;
    try {
        records = load(module).__records as Record<string, RecordCheck>;
    } catch {
        return undefined;
    }
    return Object.prototype.hasOwnProperty.call(records, name) ? records[name] : undefined;
}

/** Evaluates CommonJS module texts with a small module table instead of node_modules. */
export function moduleLoader(sources: Map<string, string>): (id: string) => Record<string, unknown> {
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
    return load;
}
