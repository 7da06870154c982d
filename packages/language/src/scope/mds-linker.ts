import {
    AstUtils, Cancellation, DefaultLinker, interruptAndCheck, type AstNodeDescription, type LangiumDocument, type LinkingError,
    type ReferenceInfo
} from 'langium';
import { forEachReferenceOf } from '../model/walk.js';
import type { Model } from '../generated/ast.js';
import type { DiagnosticCode } from '../diagnostics/messages.js';
import type { MdsCoreServices as MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from './namespace-index.js';
import { namespacesDeclaring, resolveName, visibleNamespaces } from './name-resolution.js';
import { PRIMITIVES, suggest } from '../model/vocabulary.js';

/** A linking error that knows which MDS diagnostic it becomes. */
export interface MdsLinkingError extends LinkingError {
    mds: { code: DiagnosticCode; args: Record<string, string> };
}

/** Explains why a name did not resolve: ambiguous (with the qualified options) or missing (with a hint). */
export class MdsLinker extends DefaultLinker {
    private readonly index: NamespaceIndex;

    constructor(services: MdsServices) {
        super(services);
        this.index = services.references.NamespaceIndex;
    }

    /** Links by a direct walk over the declarations' references (see model/walk.ts). */
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const model = document.parseResult.value as Model;
        let count = 0;
        for (const decl of model.declarations) {
            if (++count % 32 === 0) await interruptAndCheck(cancelToken);
            forEachReferenceOf(decl, (container, property, reference, index) =>
                this.doLink({ container, property, reference, index }, document));
        }
    }

    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription) as MdsLinkingError;
        const model = AstUtils.findRootNode(refInfo.container) as Model;
        const name = refInfo.reference.$refText;
        const r = resolveName(this.index, model, name);
        if (r.kind === 'ambiguous') {
            const options = r.candidates.map(c => `\`${c.name}\``).join(' / ');
            error.mds = { code: 'ambiguous-reference', args: { name, options } };
        } else {
            const elsewhere = name.includes('.') ? '' : namespacesDeclaring(this.index, model, name)[0] ?? '';
            // An element's type may also be a primitive: `strin` → `string`.
            const candidates = refInfo.container.$type === 'TypeRef' ? [...PRIMITIVES, ...visibleNames(this.index, model)] : visibleNames(this.index, model);
            const suggestion = elsewhere ? '' : suggest(name, candidates) ?? '';
            error.mds = {
                code: 'unresolved-reference',
                args: { name, namespace: model.namespace ?? '', elsewhere, suggestion }
            };
        }
        return error;
    }
}

function* visibleNames(index: NamespaceIndex, model: Model): Iterable<string> {
    for (const ns of visibleNamespaces(model)) yield* index.namespace(ns)?.names.keys() ?? [];
}
