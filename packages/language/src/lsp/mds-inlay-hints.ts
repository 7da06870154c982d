import type { AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver-types';
import { isDeclaration } from '../generated/ast.js';
import { forEachReferenceOf } from '../model/walk.js';

/** The Chinese label after every reference written by identifier: `key id: CitizenId ‹公民身份号码›`. */
export class MdsInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isDeclaration(node)) return;
        forEachReferenceOf(node, (_container, _property, reference) => {
            const label = (reference.ref as { label?: string } | undefined)?.label;
            const end = reference.$refNode?.range.end;
            if (label && end) acceptor({ position: end, label, kind: InlayHintKind.Type, paddingLeft: true });
        });
    }
}
