import { AstUtils, GrammarAST, WorkspaceCache, type AstNode, type AstNodeDescription } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature
} from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver-types';
import { addImportEdit } from './edits.js';
import { isDeclaration, type Model } from '../generated/ast.js';
import { ALLOWED_ATTRIBUTES, ATTRIBUTE_KEYWORD, ATTRIBUTE_VOCABULARY, type AttributeType } from '../model/attribute-table.js';
import { expectedKinds } from '../model/reference-kinds.js';
import { FORMATS, KIND_NAMES, VALUE_LABELS, type DeclarationKind } from '../model/vocabulary.js';
import type { MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';
import { visibleNamespaces } from '../scope/name-resolution.js';

/** At most this many qualified names of other namespaces are proposed. */
const MAX_QUALIFIED = 100;
/** At most this many visible names are proposed (the list is incomplete: the editor asks again as more is typed). */
const MAX_VISIBLE = 200;
interface Candidate { d: AstNodeDescription; simple: string; lower: string }
interface Candidates { inOrder: Candidate[]; sorted: Candidate[] }
const KEYWORD_TO_ATTRIBUTE = new Map<string, AttributeType>((Object.keys(ATTRIBUTE_KEYWORD) as AttributeType[]).map(type => [ATTRIBUTE_KEYWORD[type], type]));

/**
 * Completion that knows the language: references offer only the kinds the place accepts
 * (visible names first, then qualified names of other namespaces with the `import` added),
 * attribute values offer their vocabulary, and attribute keywords only those the declaration allows.
 */
export class MdsCompletionProvider extends DefaultCompletionProvider {
    private readonly index: NamespaceIndex;
    private readonly candidates: WorkspaceCache<Model, Map<string, Candidates>>;

    constructor(services: MdsServices) {
        super(services);
        this.index = services.references.NamespaceIndex;
        this.candidates = new WorkspaceCache(services.shared);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor) {
        // A vocabulary value: the cursor is in a word-valued attribute, at the word (a rule call inside `Word`/`FormatName`).
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        const attribute = context.node?.$type as AttributeType | undefined;
        const words = attribute === 'FormatAttr' ? FORMATS : attribute ? ATTRIBUTE_VOCABULARY[attribute] : undefined;
        if (words && (rule === 'Word' || rule === 'FormatName')) {
            // Several features lead to the same word; Langium drops the repeated proposals.
            if (GrammarAST.isRuleCall(next.feature)) {
                for (const word of words) {
                    acceptor(context, { label: word, kind: CompletionItemKind.EnumMember, detail: VALUE_LABELS[word], sortText: '0' });
                }
            }
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    protected override completionForCrossReference(context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor) {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        if (!assignment || !context.node) return;
        const container = next.type ? { $type: next.type, $container: context.node } as AstNode : context.node;
        const kinds = expectedKinds(container, assignment.feature);
        const model = AstUtils.findRootNode(context.node) as Model;
        const visible = new Set(visibleNamespaces(model));
        const accepts = (d: AstNodeDescription) => !kinds || kinds.includes(d.type as DeclarationKind);
        // Filter by what is typed before building items: a workspace holds tens of thousands of names.
        const typed = context.textDocument.getText().substring(context.tokenOffset, context.offset);
        const matches = (label: string) => !typed || this.fuzzyMatcher.match(typed, label);
        const found = bestVisible(this.visibleCandidates(model, visible, kinds ? kinds.join(',') : '*', accepts), typed, matches);
        for (const f of found) acceptor(context, this.item(f.d, f.simple, '0'));
        // Names of namespaces not imported yet, qualified, with the import added; only once something is typed.
        if (!typed) return;
        let offered = 0;
        for (const [ns, entry] of this.index.namespaces) {
            if (visible.has(ns)) continue;
            for (const [simple, hits] of entry.names) {
                if (offered >= MAX_QUALIFIED) return;
                if (!accepts(hits[0]) || !matches(simple)) continue;
                offered++;
                const label = `${ns}.${simple}`;
                acceptor(context, {
                    ...this.item(hits[0], label, '1'),
                    // Typing the simple name finds the qualified proposal: filter on both.
                    filterText: `${simple} ${label}`,
                    textEdit: { range: { start: context.textDocument.positionAt(context.tokenOffset), end: context.position }, newText: label },
                    additionalTextEdits: [addImportEdit(model, ns)].filter(e => e !== undefined)
                });
            }
        }
    }

    /**
     * The names visible in a file that a place accepts, once per workspace state (a file sees
     * ~20,000 names in the issue-15 shape): in the index's order, and sorted by length then name.
     */
    private visibleCandidates(model: Model, visible: Set<string>, key: string, accepts: (d: AstNodeDescription) => boolean): Candidates {
        const byKinds = this.candidates.get(model, () => new Map<string, Candidates>());
        let entry = byKinds.get(key);
        if (!entry) {
            const inOrder: Candidate[] = [];
            for (const ns of visible) {
                for (const [simple, hits] of this.index.namespace(ns)?.names ?? []) {
                    if (accepts(hits[0])) inOrder.push({ d: hits[0], simple, lower: simple.toLowerCase() });
                }
            }
            byKinds.set(key, entry = candidateLists(inOrder));
        }
        return entry;
    }

    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        // Keywords reached through `Keyword` (any word may name a field or namespace segment) are not proposals.
        if (AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === 'Keyword') return false;
        const attribute = KEYWORD_TO_ATTRIBUTE.get(keyword.value);
        const decl = context.node ? AstUtils.getContainerOfType(context.node, isDeclaration) : undefined;
        if (attribute && decl && AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === attribute) {
            return ALLOWED_ATTRIBUTES[decl.$type].has(attribute);
        }
        return super.filterKeyword(context, keyword);
    }

    private item(d: AstNodeDescription, label: string, sortText: string) {
        const node = d.node as { label?: string } | undefined;
        const kind = KIND_NAMES[d.type as DeclarationKind];
        return {
            label,
            kind: d.type === 'CodeList' ? CompletionItemKind.Enum : d.type === 'Record' ? CompletionItemKind.Struct
                : d.type === 'Department' ? CompletionItemKind.Module : CompletionItemKind.Reference,
            detail: `${node?.label ?? ''} · ${kind?.zh ?? d.type}`,
            filterText: `${label} ${node?.label ?? ''}`,
            sortText
        };
    }
}

/**
 * The best MAX_VISIBLE of the names that match what is typed: those starting with it first,
 * then shorter, then by name; all of them, in the index's order, when there are no more than
 * MAX_VISIBLE. The list is marked incomplete, so the editor asks again as more is typed.
 */
export function bestVisible<C extends { simple: string; lower: string }>(candidates: { inOrder: C[]; sorted: C[] }, typed: string, matches: (label: string) => boolean, max = MAX_VISIBLE): C[] {
    const lower = typed.toLowerCase();
    // The sorted list gives the names starting with the typed text in the final order, then the others that match.
    const prefixed: C[] = [], others: C[] = [];
    let total = 0;
    for (const c of candidates.sorted) {
        const prefix = c.lower.startsWith(lower);
        if (!matches(c.simple)) continue;
        total++;
        if (prefix) prefixed.push(c);
        else others.push(c);
        // More than MAX_VISIBLE names start with it: the best are known.
        if (prefixed.length > max) break;
    }
    if (total > max) return [...prefixed, ...others].slice(0, max);
    const chosen = new Set([...prefixed, ...others]);
    return candidates.inOrder.filter(c => chosen.has(c));
}

/** Candidates in the index's order, and sorted by length then name (stable: equal names keep the index's order). */
export function candidateLists<C extends { simple: string }>(inOrder: C[]): { inOrder: C[]; sorted: C[] } {
    return { inOrder, sorted: inOrder.slice().sort((a, b) => a.simple.length - b.simple.length || (a.simple < b.simple ? -1 : a.simple > b.simple ? 1 : 0)) };
}
