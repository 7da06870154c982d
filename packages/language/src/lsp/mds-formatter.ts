import { GrammarUtils, type AstNode, type CstNode, type LangiumDocument, type LangiumDocumentFactory } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext, type LangiumServices } from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentFormattingParams } from 'vscode-languageserver-protocol';
import type { TextEdit } from 'vscode-languageserver-types';
import { type Model, isAttribute, isBound, isCodeEntry, isDeclaration, isElement, isField, isModel, isRange, isRecord } from '../generated/ast.js';

const { oneSpace, noSpace, newLine, newLines, indent, fit } = Formatting;
/** A new indented line after one blank line (groups inside a block stay apart). */
const indentAfterBlank: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 2 }] };

/**
 * The canonical layout: the header one statement a line; declarations separated by at most
 * one blank line; a block written on one line stays on one line (`{ level city }`), any
 * other block gets one attribute, field or code per line, indented; single spaces between
 * words; `name?: Type[0..2]` and `a..b` without inner spaces; one blank line between groups
 * inside a block is kept. Idempotent.
 */
export class MdsFormatter extends AbstractFormatter {
    private readonly documents: LangiumDocumentFactory;

    constructor(services: LangiumServices) {
        super();
        this.documents = services.shared.workspace.LangiumDocumentFactory;
    }

    /**
     * Applies the layout rules until nothing changes (at most four passes), so that formatting a
     * formatted text changes nothing even where comments sit between the tokens of a line, and
     * returns one edit over the part that changed.
     */
    override async formatDocument(document: LangiumDocument, params: DocumentFormattingParams): Promise<TextEdit[]> {
        const original = document.textDocument.getText();
        let doc = document, text = original;
        for (let pass = 0; pass < 4; pass++) {
            const next = TextDocument.applyEdits(doc.textDocument, await super.formatDocument(doc, params));
            if (next === text) break;
            const reparsed = this.documents.fromString(next, document.uri);
            if (reparsed.parseResult.parserErrors.length || reparsed.parseResult.lexerErrors.length) break;
            text = next;
            doc = reparsed;
        }
        return text === original ? [] : [changedSpan(document.textDocument, original, text)];
    }

    /**
     * A comment on a line of its own is indented as a whole by its first line only: the text
     * inside a block comment — its later lines included — is never touched (Langium would
     * re-indent every line of it).
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext): TextEdit[] {
        const startLine = hidden.range.start.line;
        return super.createHiddenTextEdits(previous, hidden, formatting, context).filter(e => e.range.start.line === startLine);
    }

    protected format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (isModel(node)) {
            f.keyword('namespace').append(oneSpace());
            f.keyword('version').prepend(newLine()).append(oneSpace());
            if (node.imports.length) f.nodes(...node.imports).prepend(newLine());
            const [first, ...rest] = node.declarations;
            // One blank line after the header, unless a comment introduces the first declaration.
            if (first) f.node(first).prepend(commentBefore(node, first) ? fit(newLine(), newLines(2)) : newLines(2));
            if (rest.length) f.nodes(...rest).prepend(fit(newLine(), newLines(2)));
        } else if (isDeclaration(node)) {
            f.keywords('department', 'domain', 'system', 'flow', 'codelist', 'element', 'record').append(oneSpace());
            f.property('label').prepend(oneSpace());
            if (isElement(node)) f.keyword(':').surround(oneSpace());
            if (isRecord(node)) f.keyword('extends').surround(oneSpace());
            const open = f.keyword('{'), close = f.keyword('}');
            const [o] = open.nodes, [c] = close.nodes;
            if (o && c) {
                open.prepend(oneSpace());
                if (o.range.start.line === c.range.start.line) {
                    f.interior(open, close).prepend(oneSpace());
                    close.prepend(oneSpace());
                } else {
                    f.interior(open, close).prepend(fit(indent(), indentAfterBlank));
                    close.prepend(newLine());
                }
            }
        } else if (isAttribute(node)) {
            f.keywords(',').prepend(noSpace());
            if (node.$type === 'FormatAttr') f.keywords('-').surround(noSpace());
            f.properties('value', 'values', 'target', 'targets', 'range').prepend(oneSpace());
        } else if (isField(node)) {
            f.keyword('key').append(oneSpace());
            f.keyword('?').prepend(noSpace());
            f.keyword(':').prepend(noSpace()).append(oneSpace());
            f.keyword('[').prepend(noSpace()).append(noSpace());
            f.keyword(']').prepend(noSpace());
            f.property('label').prepend(oneSpace());
        } else if (isCodeEntry(node)) {
            f.property('label').prepend(oneSpace());
            f.keyword('parent').surround(oneSpace());
            f.keyword('deprecated').prepend(oneSpace());
        } else if (isRange(node)) {
            if (node.lower) f.keyword('..').prepend(noSpace());
            if (node.upper) f.keyword('..').append(noSpace());
        } else if (isBound(node)) {
            f.keyword('-').append(noSpace());
        }
    }
}

/** Whether a comment stands between the file header and the first declaration. */
function commentBefore(model: Model, first: AstNode): boolean {
    const text = model.$cstNode?.text ?? '';
    const headerEnd = (model.imports.at(-1) ?? undefined)?.$cstNode?.end
        ?? GrammarUtils.findNodeForProperty(model.$cstNode, 'version')?.end
        ?? GrammarUtils.findNodeForProperty(model.$cstNode, 'namespace')?.end ?? 0;
    const gap = text.slice(headerEnd - (model.$cstNode?.offset ?? 0), (first.$cstNode?.offset ?? 0) - (model.$cstNode?.offset ?? 0));
    return /\/\/|\/\*/.test(gap);
}

/** One edit replacing the span where `before` and `after` differ. */
function changedSpan(doc: TextDocument, before: string, after: string): TextEdit {
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start++;
    let end = 0;
    while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
    return { range: { start: doc.positionAt(start), end: doc.positionAt(before.length - end) }, newText: after.slice(start, after.length - end) };
}
