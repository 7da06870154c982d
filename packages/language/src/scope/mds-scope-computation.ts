import {
    DefaultScopeComputation, MultiMap, type AstNodeDescription, type LangiumDocument, type LocalSymbols
} from 'langium';
import type { Model } from '../generated/ast.js';

/**
 * Exports every declaration under its fully qualified name (`minhang.common.Gender`) and the
 * file's model under its namespace name, so the index knows which files declare which
 * namespace. There are no local scopes: every reference is resolved against the namespace
 * index (see MdsScopeProvider), so nothing is collected per node.
 */
export class MdsScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const model = document.parseResult.value as Model;
        const namespace = model.namespace;
        if (!namespace) return [];
        const exports = [this.descriptions.createDescription(model, namespace, document)];
        for (const decl of model.declarations) {
            if (decl.name) exports.push(this.descriptions.createDescription(decl, `${namespace}.${decl.name}`, document));
        }
        return exports;
    }

    override async collectLocalSymbols(): Promise<LocalSymbols> {
        return new MultiMap();
    }
}
