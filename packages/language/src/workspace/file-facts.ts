import { AstUtils, type LangiumDocument } from 'langium';
import { isStoresAttr, isSystem, type Model } from '../generated/ast.js';

/**
 * What a checked file shows to the rest of the workspace, and what it reads from it: enough for
 * a cache (`mds check --cache`) to know which files an edit can concern.
 */
export interface FileFacts {
    namespace: string;
    /**
     * The file's interface: namespace, whether it declares `version`, imports, declared names and
     * kinds, and the records its systems store. An edit that keeps it leaves every name lookup
     * of every other file as it was.
     */
    signature: string;
    /** Namespaces whose declarations can change this file's diagnostics: its own, its imports, those its references resolve into. */
    deps: string[];
    /** Whether a system of the file `stores` records (rule 7 compares those across the workspace). */
    stores: boolean;
}

/** The facts of a linked document. */
export function fileFacts(document: LangiumDocument): FileFacts {
    const model = document.parseResult.value as Model;
    const namespace = model.namespace ?? '';
    const deps = new Set<string>([namespace]);
    for (const imp of model.imports) if (imp.namespace) deps.add(imp.namespace);
    for (const reference of document.references) {
        const target = 'ref' in reference ? reference.ref : undefined;
        if (target) deps.add((AstUtils.findRootNode(target) as Model).namespace ?? '');
    }
    const stored: string[] = [];
    const declarations = model.declarations.map(d => {
        if (isSystem(d)) {
            for (const a of d.attributes) if (isStoresAttr(a)) stored.push(...a.targets.map(t => t.$refText));
        }
        return `${d.$type} ${d.name}`;
    });
    const signature = JSON.stringify([namespace, model.version !== undefined, model.imports.map(i => i.namespace), declarations, stored]);
    return { namespace, signature, deps: [...deps].sort(), stores: stored.length > 0 };
}
