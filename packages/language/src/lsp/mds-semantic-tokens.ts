import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver-protocol';
import { isDeclaration, type Declaration } from '../generated/ast.js';
import { ATTRIBUTE_VOCABULARY, type AttributeType } from '../model/attribute-table.js';
import { forEachReferenceOf } from '../model/walk.js';

/** Token types by declaration kind: references are coloured by what they name. */
const TOKEN_TYPE: Record<Declaration['$type'], string> = {
    Element: SemanticTokenTypes.type,
    CodeList: SemanticTokenTypes.enum,
    Record: SemanticTokenTypes.struct,
    Department: SemanticTokenTypes.namespace,
    Domain: SemanticTokenTypes.interface,
    System: SemanticTokenTypes.class,
    Flow: SemanticTokenTypes.event
};

export class MdsSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void | 'prune' {
        if (node.$type === 'Model') return;
        if (!isDeclaration(node)) return;
        acceptor({ node, property: 'name', type: TOKEN_TYPE[node.$type], modifier: SemanticTokenModifiers.declaration });
        forEachReferenceOf(node, (container, property, reference, index) => {
            const target = reference.ref;
            if (isDeclaration(target)) acceptor({ node: container, property, index, type: TOKEN_TYPE[target.$type] });
        });
        for (const a of node.attributes) {
            if (ATTRIBUTE_VOCABULARY[a.$type as AttributeType]) acceptor({ node: a, property: 'value', type: SemanticTokenTypes.enumMember });
        }
        if (node.$type === 'Record') for (const f of node.fields) acceptor({ node: f, property: 'name', type: SemanticTokenTypes.property });
        if (node.$type === 'CodeList') for (const e of node.entries) acceptor({ node: e, property: 'code', type: SemanticTokenTypes.enumMember });
        return 'prune';
    }
}
