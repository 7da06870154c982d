import type { AstNodeDescription } from 'langium';
import type { Model } from '../generated/ast.js';
import type { NamespaceIndex } from './namespace-index.js';

export type Resolution =
    | { kind: 'found'; description: AstNodeDescription }
    | { kind: 'ambiguous'; candidates: AstNodeDescription[] }
    | { kind: 'missing' };

/** The namespaces a file sees unqualified: its own first, then its imports in order. */
export function visibleNamespaces(model: Model): string[] {
    const seen = new Set<string>();
    if (model.namespace) seen.add(model.namespace);
    for (const imp of model.imports) if (imp.namespace) seen.add(imp.namespace);
    return [...seen];
}

/**
 * The lookup rule of the language: a dotted name is fully qualified and always works; a
 * simple name is looked up in the file's own namespace, then in its imports, and is
 * ambiguous when two imported namespaces declare it.
 */
export function resolveName(index: NamespaceIndex, model: Model, text: string): Resolution {
    if (text.includes('.')) {
        const hits = index.lookupQualified(text);
        return hits.length ? { kind: 'found', description: hits[0] } : { kind: 'missing' };
    }
    const own = model.namespace ? index.lookup(model.namespace, text) : [];
    if (own.length) return { kind: 'found', description: own[0] };
    let found: AstNodeDescription[] = [];
    for (const ns of visibleNamespaces(model)) {
        if (ns === model.namespace) continue;
        const hits = index.lookup(ns, text);
        if (hits.length) found.push(hits[0]);
    }
    if (found.length === 1) return { kind: 'found', description: found[0] };
    return found.length ? { kind: 'ambiguous', candidates: found } : { kind: 'missing' };
}

/** Namespaces, not visible from this file, that declare the simple name (for hints and quick fixes). */
export function namespacesDeclaring(index: NamespaceIndex, model: Model, simpleName: string): string[] {
    const visible = new Set(visibleNamespaces(model));
    const result: string[] = [];
    for (const [ns, entry] of index.namespaces) {
        if (!visible.has(ns) && entry.names.has(simpleName)) result.push(ns);
    }
    return result.sort();
}
