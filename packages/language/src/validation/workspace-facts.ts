import { WorkspaceCache, type LangiumDocuments } from 'langium';
import { stronglyConnected } from '../model/graph.js';
import {
    isRecord, isStoresAttr, isSystem, type Model, type Record as RecordDecl, type StoresAttr, type System
} from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';

/** A strongly connected component of the import graph: namespaces that import each other. */
export interface ImportCycle {
    /** Its namespaces, sorted. */
    namespaces: string[];
    /** One cycle through the first of them, as an example (`a → b → a`). */
    example: string[];
}

export interface StoredBy {
    system: System;
    attribute: StoresAttr;
    index: number;
}

interface Facts {
    /** Namespace → the namespaces its files import (union over its files). */
    imports: Map<string, Set<string>>;
    /** Namespace → files that declare `version`, sorted. */
    versions: Map<string, Model[]>;
    /** Record → the systems that `stores` it, in workspace order (rule 7). */
    storedBy: Map<RecordDecl, StoredBy[]>;
    /** Namespace → the import cycle (strongly connected component of two or more namespaces) it is part of. */
    cycles: Map<string, ImportCycle>;
}

/**
 * Workspace-wide facts that several rules need (import graph, versions, systems of record),
 * computed once per workspace change in one pass over the files, so that per-file validation
 * stays proportional to the file.
 */
export class WorkspaceFacts {
    private readonly documents: LangiumDocuments;
    private readonly index: NamespaceIndex;
    private readonly cache: WorkspaceCache<'facts', Facts>;

    constructor(services: MdsCoreServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.index = services.references.NamespaceIndex;
        this.cache = new WorkspaceCache(services.shared);
    }

    private get facts(): Facts {
        return this.cache.get('facts', () => this.build());
    }

    /** Files other than `model` that declare the version of the same namespace. */
    otherVersionFiles(model: Model): Model[] {
        return (this.facts.versions.get(model.namespace) ?? []).filter(m => m !== model);
    }

    /** The namespace version, if one file declares it. */
    namespaceVersion(namespace: string): string | undefined {
        return this.facts.versions.get(namespace)?.[0]?.version;
    }

    storedBy(record: RecordDecl): StoredBy[] {
        return this.facts.storedBy.get(record) ?? [];
    }

    /** The import cycle a namespace is part of, if any (found once per change, in linear time). */
    importCycleOf(namespace: string): ImportCycle | undefined {
        return this.facts.cycles.get(namespace);
    }

    private build(): Facts {
        const facts: Facts = { imports: new Map(), versions: new Map(), storedBy: new Map(), cycles: new Map() };
        for (const [namespace, entry] of this.index.namespaces) {
            for (const file of entry.files) {
                const model = this.documents.getDocument(file.documentUri)?.parseResult.value as Model | undefined;
                if (!model) continue;
                let imports = facts.imports.get(namespace);
                if (!imports) facts.imports.set(namespace, imports = new Set());
                for (const imp of model.imports) if (imp.namespace && imp.namespace !== namespace) imports.add(imp.namespace);
                if (model.version !== undefined) {
                    const list = facts.versions.get(namespace);
                    if (list) list.push(model); else facts.versions.set(namespace, [model]);
                }
                for (const decl of model.declarations) {
                    if (!isSystem(decl)) continue;
                    for (const attribute of decl.attributes) {
                        if (!isStoresAttr(attribute)) continue;
                        attribute.targets.forEach((ref, index) => {
                            const record = ref.ref;
                            if (!isRecord(record)) return;
                            const list = facts.storedBy.get(record);
                            const entry = { system: decl, attribute, index };
                            if (list) list.push(entry); else facts.storedBy.set(record, [entry]);
                        });
                    }
                }
            }
        }
        for (const component of stronglyConnected(facts.imports.keys(), ns => facts.imports.get(ns) ?? [])) {
            if (component.length < 2) continue;
            const namespaces = [...component].sort();
            const cycle = { namespaces, example: exampleCycle(namespaces[0], new Set(component), facts.imports) };
            for (const ns of component) facts.cycles.set(ns, cycle);
        }
        return facts;
    }
}

/** A shortest cycle through `start` inside its component (one breadth-first search). */
function exampleCycle(start: string, component: Set<string>, graph: Map<string, Set<string>>): string[] {
    const previous = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
        const ns = queue[i];
        for (const next of [...(graph.get(ns) ?? [])].sort()) {
            if (!component.has(next)) continue;
            if (next === start) {
                const path = [start];
                for (let p: string | undefined = ns; p !== undefined && p !== start; p = previous.get(p)) path.splice(1, 0, p);
                return [...path, start];
            }
            if (!previous.has(next)) { previous.set(next, ns); queue.push(next); }
        }
    }
    return [start, start];
}
