import { WorkspaceCache, type LangiumDocuments } from 'langium';
import {
    isRecord, isStoresAttr, isSystem, type Model, type Record as RecordDecl, type StoresAttr, type System
} from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';

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
    /** Memo of import-cycle searches. */
    cycles: Map<string, string[] | null>;
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

    /** A path `from → … → from` through the import graph that starts with the edge from → to, if any. */
    importCycle(from: string, to: string): string[] | undefined {
        const key = `${from}\u0000${to}`;
        const facts = this.facts;
        if (!facts.cycles.has(key)) facts.cycles.set(key, this.findPath(to, from, facts.imports));
        const path = facts.cycles.get(key);
        return path ? [from, ...path] : undefined;
    }

    private findPath(start: string, goal: string, graph: Map<string, Set<string>>): string[] | null {
        const previous = new Map<string, string>([[start, '']]);
        const queue = [start];
        while (queue.length) {
            const ns = queue.shift()!;
            if (ns === goal) {
                const path = [ns];
                for (let p = previous.get(ns)!; p; p = previous.get(p)!) path.unshift(p);
                return path;
            }
            for (const next of graph.get(ns) ?? []) {
                if (!previous.has(next)) { previous.set(next, ns); queue.push(next); }
            }
        }
        return null;
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
        return facts;
    }
}
