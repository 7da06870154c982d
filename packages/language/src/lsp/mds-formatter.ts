import { GrammarUtils, type AstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction } from 'langium/lsp';
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
