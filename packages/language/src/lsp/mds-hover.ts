import { AstUtils, type AstNode } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import { isDeclaration, isField } from '../generated/ast.js';
import { declarationModel } from '../model/semantic-model.js';
import type { MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';
import { describeDeclaration } from './describe.js';

/** Hover on a declaration or any reference to it. */
export class MdsHoverProvider extends AstNodeHoverProvider {
    private readonly index: NamespaceIndex;

    constructor(private readonly services: MdsServices) {
        super(services);
        this.index = services.references.NamespaceIndex;
    }

    protected getAstNodeHoverContent(node: AstNode): string | undefined {
        if (isField(node)) {
            // A field: what it is in its record, then its type's description.
            const target = node.type?.ref;
            const traits = [node.key ? '主键' : '', node.optional ? '可选' : '必填', node.list ? '列表' : ''].filter(Boolean).join('，');
            const head = `字段 \`${node.name}\`${node.label ? ` “${node.label}”` : ''}（${traits}）`;
            return target ? `${head}\n\n---\n\n${this.getAstNodeHoverContent(target)}` : head;
        }
        if (!isDeclaration(node)) return undefined;
        const labelOf = (q: string) => (this.index.lookupQualified(q)[0]?.node as { label?: string } | undefined)?.label;
        const uri = AstUtils.getDocument(node).uri;
        return describeDeclaration(declarationModel(this.services, node), labelOf, uri.path.slice(uri.path.lastIndexOf('/') + 1));
    }
}
