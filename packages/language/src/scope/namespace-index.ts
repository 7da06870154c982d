import { WorkspaceCache, type AstNodeDescription, type IndexManager } from 'langium';
import type { LangiumSharedCoreServices } from 'langium';
import { Model } from '../generated/ast.js';

export interface NamespaceEntry {
    /** Files that declare the namespace, sorted by URI. */
    readonly files: AstNodeDescription[];
    /** Declarations by simple name; a list longer than one is a duplicate. Sorted by URI then offset. */
    readonly names: Map<string, AstNodeDescription[]>;
}

interface Built {
    namespaces: Map<string, NamespaceEntry>;
    bySimpleName: Map<string, Array<{ namespace: string; description: AstNodeDescription }>>;
}

const NONE: ReadonlyArray<{ namespace: string; description: AstNodeDescription }> = [];

/**
 * The workspace's namespaces and their declarations, built once per workspace change from the
 * index (O(declarations)) and shared by scoping, linking errors and validation. Independent of
 * file load order: every bucket is sorted by URI and position.
 */
export class NamespaceIndex {
    private readonly indexManager: IndexManager;
    private readonly cache: WorkspaceCache<'index', Built>;

    constructor(shared: LangiumSharedCoreServices) {
        this.indexManager = shared.workspace.IndexManager;
        this.cache = new WorkspaceCache(shared);
    }

    get namespaces(): Map<string, NamespaceEntry> {
        return this.cache.get('index', () => this.build()).namespaces;
    }

    /**
     * The namespaces that declare a simple name, each with its first declaration of it: a
     * reference is resolved by looking at these few, not at every namespace its file imports.
     */
    declaring(simple: string): ReadonlyArray<{ namespace: string; description: AstNodeDescription }> {
        return this.cache.get('index', () => this.build()).bySimpleName.get(simple) ?? NONE;
    }

    namespace(name: string): NamespaceEntry | undefined {
        return this.namespaces.get(name);
    }

    lookup(namespace: string, name: string): AstNodeDescription[] {
        return this.namespaces.get(namespace)?.names.get(name) ?? [];
    }

    /** Resolves `a.b.Name` by splitting at the last dot. */
    lookupQualified(qualified: string): AstNodeDescription[] {
        const dot = qualified.lastIndexOf('.');
        return dot < 0 ? [] : this.lookup(qualified.slice(0, dot), qualified.slice(dot + 1));
    }

    private build(): Built {
        const result = new Map<string, NamespaceEntry>();
        const entry = (ns: string) => {
            let e = result.get(ns);
            if (!e) result.set(ns, e = { files: [], names: new Map() });
            return e;
        };
        for (const d of this.indexManager.allElements()) {
            if (d.type === Model.$type) {
                entry(d.name).files.push(d);
                continue;
            }
            const dot = d.name.lastIndexOf('.');
            const names = entry(d.name.slice(0, dot)).names;
            const simple = d.name.slice(dot + 1);
            const bucket = names.get(simple);
            if (bucket) bucket.push(d); else names.set(simple, [d]);
        }
        const bySimpleName = new Map<string, Array<{ namespace: string; description: AstNodeDescription }>>();
        for (const [namespace, e] of result) {
            e.files.sort(byLocation);
            for (const [simple, bucket] of e.names) {
                if (bucket.length > 1) bucket.sort(byLocation);
                const hit = { namespace, description: bucket[0] };
                const list = bySimpleName.get(simple);
                if (list) list.push(hit); else bySimpleName.set(simple, [hit]);
            }
        }
        return { namespaces: result, bySimpleName };
    }
}

function byLocation(a: AstNodeDescription, b: AstNodeDescription): number {
    const ua = a.documentUri.toString(), ub = b.documentUri.toString();
    if (ua !== ub) return ua < ub ? -1 : 1;
    return (a.nameSegment?.range.start.line ?? 0) - (b.nameSegment?.range.start.line ?? 0);
}
