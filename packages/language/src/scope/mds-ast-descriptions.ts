import { lazyTwin } from '../parser/lazy-cst.js';
import { AstUtils, CstUtils, type AstNode, type AstNodeDescription, type DocumentSegment, type LangiumCoreServices, type LangiumDocument, type URI } from 'langium';

/**
 * Langium's descriptions, with both segments computed when first read (Langium's computes the
 * selection segment at once). Nothing reads them while a workspace is checked, so a lazy tree's
 * CST is not built for them (parser/lazy-cst.ts); and one small object per description, without
 * a closure.
 */
export class MdsAstNodeDescriptionProvider {
    private readonly locator: LangiumCoreServices['workspace']['AstNodeLocator'];
    private readonly names: LangiumCoreServices['references']['NameProvider'];

    constructor(services: LangiumCoreServices) {
        this.locator = services.workspace.AstNodeLocator;
        this.names = services.references.NameProvider;
    }

    createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.names.getName(node);
        const path = this.locator.getAstNodePath(node);
        if (!name) throw new Error(`Node at path ${path} has no name.`);
        return new LazyDescription(node, name, node.$type, doc.uri, path, this.names);
    }
}

class LazyDescription implements AstNodeDescription {
    private name$?: DocumentSegment;
    private selection$?: DocumentSegment;
    constructor(readonly node: AstNode, readonly name: string, readonly type: string, readonly documentUri: URI, readonly path: string,
        private readonly names: LangiumCoreServices['references']['NameProvider']) {}

    get nameSegment(): DocumentSegment | undefined {
        const node = this.located();
        return this.name$ ??= CstUtils.toDocumentSegment(this.names.getNameNode(node) ?? node.$cstNode);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return this.selection$ ??= CstUtils.toDocumentSegment(this.located().$cstNode);
    }

    /** The node, or for a tree parsed without its CST the same node in a twin of its declaration (parser/lazy-cst.ts). */
    private located(): AstNode {
        return lazyTwin(this.node) ?? this.node;
    }
}
