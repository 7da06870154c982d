import { AstUtils, CstUtils, type LangiumDocument, type LangiumDocuments } from 'langium';
import { resolveName } from '../scope/name-resolution.js';
import { DefaultRenameProvider } from 'langium/lsp';
import { ResponseError } from 'vscode-languageserver';
import type { Range, RenameParams, TextDocumentPositionParams, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextEdit } from 'vscode-languageserver-types';
import { isDeclaration, type Model } from '../generated/ast.js';
import type { MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Rename across files and namespaces. Qualified references (`minhang.common.Gender`) keep their
 * namespace: only the last segment changes. A new name that is not an identifier, or that
 * the namespace already declares, is refused with a message.
 */
export class MdsRenameProvider extends DefaultRenameProvider {
    private readonly index: NamespaceIndex;
    private readonly documents: LangiumDocuments;

    constructor(services: MdsServices) {
        super(services);
        this.index = services.references.NamespaceIndex;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params);
        if (!target) return undefined;
        const newName = params.newName;
        if (!IDENTIFIER.test(newName)) {
            throw new ResponseError(-32602, `“${newName}”不是合法的标识符（字母开头，只含字母、数字、下划线） / not an identifier`);
        }
        const namespace = (AstUtils.findRootNode(target) as Model).namespace;
        if (newName !== target.name && this.index.lookup(namespace, newName).length) {
            throw new ResponseError(-32602, `命名空间 ${namespace} 中已有 ${newName} / ${namespace} already declares ${newName}`);
        }
        const changes: Record<string, TextEdit[]> = {};
        const references = this.references.findReferences(target, { includeDeclaration: true }).toArray();
        // A simple-name reference must still reach the target: the new name may not mean something else in that file.
        for (const ref of references) {
            const doc = this.documents.getDocument(ref.sourceUri);
            const refNode = doc?.parseResult.value;
            if (!refNode || doc!.textDocument.getText(ref.segment.range).includes('.')) continue;
            const r = resolveName(this.index, refNode as Model, newName);
            if (r.kind !== 'missing' && newName !== target.name) {
                const file = ref.sourceUri.path.slice(ref.sourceUri.path.lastIndexOf('/') + 1);
                throw new ResponseError(-32602, `${newName} 在 ${file} 中已指向其他声明或有歧义 / ${newName} would mean something else in ${file}`);
            }
        }
        for (const ref of references) {
            const { start, end } = ref.segment.range;
            // Only the last segment of a qualified reference is the name.
            const range = { start: { line: end.line, character: end.character - target.name.length }, end };
            if (range.start.character < start.character && end.line === start.line) continue;
            (changes[ref.sourceUri.toString()] ??= []).push(TextEdit.replace(range, newName));
        }
        return { changes };
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        const target = this.targetAt(document, params);
        if (!target) return undefined;
        const leaf = this.leafAt(document, params);
        if (!leaf) return undefined;
        const end = leaf.range.end;
        return { start: { line: end.line, character: end.character - target.name.length }, end };
    }

    private leafAt(document: LangiumDocument, params: TextDocumentPositionParams) {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        return CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
    }

    private targetAt(document: LangiumDocument, params: TextDocumentPositionParams) {
        const leaf = this.leafAt(document, params);
        if (!leaf) return undefined;
        const target = this.references.findDeclarations(leaf)[0];
        return isDeclaration(target) ? target : undefined;
    }
}
