import type { AstNodeDescription } from 'langium';
import type { Model } from '../generated/ast.js';
import type { NamespaceIndex } from './namespace-index.js';

export type Resolution =
    | { kind: 'found'; description: AstNodeDescription }
    | { kind: 'ambiguous'; candidates: AstNodeDescription[] }
    | { kind: 'missing' };

const visibleCache = new WeakMap<Model, { list: string[]; rank: Map<string, number> }>();

/** A file's visible namespaces with their rank; a parsed file's imports never change (an edit parses anew). */
function visible(model: Model): { list: string[]; rank: Map<string, number> } {
    let v = visibleCache.get(model);
    if (!v) {
        const rank = new Map<string, number>();
        if (model.namespace) rank.set(model.namespace, 0);
        for (const imp of model.imports) if (imp.namespace && !rank.has(imp.namespace)) rank.set(imp.namespace, rank.size);
        visibleCache.set(model, v = { list: [...rank.keys()], rank });
    }
    return v;
}

/** The namespaces a file sees unqualified: its own first, then its imports in order. Do not modify. */
export function visibleNamespaces(model: Model): readonly string[] {
    return visible(model).list;
}

/**
 * The lookup rule of the language: a dotted name is fully qualified and always works; a
 * simple name is looked up in the file's own namespace, then in its imports, and is
 * ambiguous when two imported namespaces declare it. O(1) per reference however many
 * namespaces the file imports: only the namespaces that declare the name are looked at.
 */
export function resolveName(index: NamespaceIndex, model: Model, text: string): Resolution {
    if (text.includes('.')) {
        const hits = index.lookupQualified(text);
        return hits.length ? { kind: 'found', description: hits[0] } : { kind: 'missing' };
    }
    const own = model.namespace ? index.lookup(model.namespace, text) : [];
    if (own.length) return { kind: 'found', description: own[0] };
    const { rank } = visible(model);
    const found: Array<{ rank: number; description: AstNodeDescription }> = [];
    for (const hit of index.declaring(text)) {
        const r = rank.get(hit.namespace);
        if (r !== undefined && hit.namespace !== model.namespace) found.push({ rank: r, description: hit.description });
    }
    if (found.length === 1) return { kind: 'found', description: found[0].description };
    return found.length ? { kind: 'ambiguous', candidates: found.sort((a, b) => a.rank - b.rank).map(f => f.description) } : { kind: 'missing' };
}

/** Namespaces, not visible from this file, that declare the simple name (for hints and quick fixes). */
export function namespacesDeclaring(index: NamespaceIndex, model: Model, simpleName: string): string[] {
    const { rank } = visible(model);
    return index.declaring(simpleName).filter(h => !rank.has(h.namespace)).map(h => h.namespace).sort();
}
