import { AstUtils, CstUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeActionParams } from 'vscode-languageserver-protocol';
import { CodeActionKind, TextEdit, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver-types';
import { isDeclaration, isField, type Model } from '../generated/ast.js';
import { attr } from '../model/attributes.js';
import { qualifiedNameOf } from '../model/semantic-model.js';
import type { MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';
import { resolveName } from '../scope/name-resolution.js';
import { addImportEdit } from './edits.js';

type Args = Record<string, string>;

/**
 * Quick fixes keyed by diagnostic code: add the missing import, qualify an ambiguous name,
 * replace a deprecated element by its replacement, add the missing definition/steward.
 */
export class MdsCodeActionProvider implements CodeActionProvider {
    private readonly index: NamespaceIndex;

    constructor(services: MdsServices) {
        this.index = services.references.NamespaceIndex;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const d of params.context.diagnostics) {
            const args = ((d.data as { args?: Args } | undefined)?.args ?? {}) as Args;
            switch (d.code) {
                case 'mds/unresolved-reference': this.unresolved(document, d, args, actions); break;
                case 'mds/ambiguous-reference': this.ambiguous(document, d, args, actions); break;
                case 'mds/uses-deprecated': this.deprecated(document, d, args, actions); break;
                case 'mds/missing-definition': this.skeleton(document, d, 'definition ""', actions); break;
                case 'mds/missing-steward': this.skeleton(document, d, 'steward ', actions); break;
            }
        }
        return actions;
    }

    private unresolved(document: LangiumDocument, d: Diagnostic, args: Args, actions: CodeAction[]): void {
        if (!args.elsewhere) return;
        const model = document.parseResult.value as Model;
        const edit = addImportEdit(model, args.elsewhere);
        if (edit) actions.push(fix(`添加 import ${args.elsewhere} / add import`, d, document, [edit], true));
        actions.push(fix(`改写为 ${args.elsewhere}.${args.name} / qualify`, d, document, [TextEdit.replace(d.range, `${args.elsewhere}.${args.name}`)]));
    }

    private ambiguous(document: LangiumDocument, d: Diagnostic, args: Args, actions: CodeAction[]): void {
        for (const option of (args.options ?? '').split(' / ')) {
            const qualified = option.replace(/`/g, '');
            if (qualified) actions.push(fix(`改写为 ${qualified} / qualify`, d, document, [TextEdit.replace(d.range, qualified)]));
        }
    }

    private deprecated(document: LangiumDocument, d: Diagnostic, args: Args, actions: CodeAction[]): void {
        if (!args.replacement) return;
        const model = document.parseResult.value as Model;
        const field = this.nodeAt(document, d);
        const target = field && 'type' in field ? (field as { type?: { ref?: unknown } }).type?.ref : undefined;
        if (!isDeclaration(target)) return;
        const replacement = attr(target, 'ReplacedByAttr')?.target?.ref;
        if (!replacement) return;
        // The simple name if it resolves to the replacement from this file, else the qualified name.
        const r = resolveName(this.index, model, replacement.name);
        const qualified = qualifiedNameOf(replacement);
        const text = r.kind === 'found' && r.description.name === qualified ? replacement.name : qualified;
        actions.push(fix(`改用 ${text} / replace deprecated`, d, document, [TextEdit.replace(d.range, text)], true));
    }

    private skeleton(document: LangiumDocument, d: Diagnostic, line: string, actions: CodeAction[]): void {
        const decl = this.nodeAt(document, d);
        if (!isDeclaration(decl)) return;
        const open = decl.$cstNode && CstUtils.flattenCst(decl.$cstNode).find(n => n.text === '{');
        if (!open) return;
        const indent = ' '.repeat((decl.$cstNode?.range.start.character ?? 0) + 2);
        actions.push(fix(`添加 ${line.trim()} / add ${line.split(' ')[0]}`, d, document,
            [TextEdit.insert(open.range.end, `\n${indent}${line}`)], true));
    }

    private nodeAt(document: LangiumDocument, d: Diagnostic) {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(d.range.start));
        return leaf?.astNode ? (isDeclaration(leaf.astNode) ? leaf.astNode : AstUtils.getContainerOfType(leaf.astNode, isField) ?? leaf.astNode) : undefined;
    }
}

function fix(title: string, d: Diagnostic, document: LangiumDocument, edits: TextEdit[], preferred = false): CodeAction {
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [document.uri.toString()]: edits } } };
}
