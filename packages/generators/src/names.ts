import type { GeneratorOptions } from './output.js';
import type { QName } from '@mds/language';

/** Splits `a.b.Name` into namespace and simple name. */
export function splitQName(q: QName): { namespace: string; name: string } {
    const dot = q.lastIndexOf('.');
    return { namespace: q.slice(0, dot), name: q.slice(dot + 1) };
}

/** `@scope/minhang-common` for namespace `minhang.common`. */
export function packageName(namespace: string, options: GeneratorOptions): string {
    return `${options.scope}/${namespace.replace(/\./g, '-').replace(/_/g, '-')}`;
}

/** `$id` of a record's schema. */
export function recordSchemaId(q: QName, options: GeneratorOptions): string {
    const { namespace, name } = splitQName(q);
    return `${options.schemaBaseUri}${namespace}/${name}.schema.json`;
}

/** `$id` of a namespace's shared definitions (elements and code lists). */
export function definitionsSchemaId(namespace: string, options: GeneratorOptions): string {
    return `${options.schemaBaseUri}${namespace}/${DEFINITIONS_FILE}`;
}

/** Starts with `_`, which no MDS identifier can, so it never clashes with a record's file. */
export const DEFINITIONS_FILE = '_definitions.schema.json';

export function definitionRef(q: QName, options: GeneratorOptions): string {
    const { namespace, name } = splitQName(q);
    return `${definitionsSchemaId(namespace, options)}#/$defs/${name}`;
}

const TS_RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for '
    + 'function if import in instanceof new null return super switch this throw true try typeof var void while with as implements '
    + 'interface let package private protected public static yield any boolean number string symbol type object never unknown '
    + 'undefined bigint').split(' '));

/** A TypeScript-safe identifier for a declaration name. */
export function tsName(name: string): string {
    return TS_RESERVED.has(name) ? `${name}_` : name;
}

/** The module-local alias of another namespace's package in generated code (`minhang_common`). */
export function namespaceAlias(namespace: string): string {
    return namespace.replace(/\./g, '_');
}
