import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol } from 'vscode-languageserver-types';

/** The outline shows each declaration and field with its Chinese label as detail. */
export class MdsDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override createSymbol(document: LangiumDocument, node: AstNode, cst: CstNode, name: CstNode, computed?: string): DocumentSymbol {
        const symbol = super.createSymbol(document, node, cst, name, computed);
        const label = (node as { label?: string }).label ?? ((node as { type?: { ref?: { label?: string } } }).type?.ref?.label);
        return label ? { ...symbol, detail: label } : symbol;
    }
}
