import {
    AstUtils, EMPTY_STREAM, stream, type AstNodeDescription, type ReferenceInfo, type Scope, type ScopeProvider,
    type Stream
} from 'langium';
import type { Model } from '../generated/ast.js';
import type { MdsCoreServices as MdsServices } from '../mds-module.js';
import type { NamespaceIndex } from './namespace-index.js';
import { resolveName, visibleNamespaces } from './name-resolution.js';

/**
 * Every reference in MDS names a declaration, resolved through the namespace index; the
 * kind the place needs is checked by the validator (so the message can say what was found).
 */
export class MdsScopeProvider implements ScopeProvider {
    private readonly index: NamespaceIndex;

    constructor(services: MdsServices) {
        this.index = services.references.NamespaceIndex;
    }

    getScope(context: ReferenceInfo): Scope {
        const model = AstUtils.findRootNode(context.container) as Model;
        return new NamespaceScope(this.index, model);
    }
}

class NamespaceScope implements Scope {
    constructor(private readonly index: NamespaceIndex, private readonly model: Model) { }

    getElement(name: string): AstNodeDescription | undefined {
        const r = resolveName(this.index, this.model, name);
        return r.kind === 'found' ? r.description : undefined;
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const d = this.getElement(name);
        return d ? stream([d]) : EMPTY_STREAM;
    }

    /** Visible declarations under the name a user would type: simple for own and imported namespaces. */
    getAllElements(): Stream<AstNodeDescription> {
        const result: AstNodeDescription[] = [];
        for (const ns of visibleNamespaces(this.model)) {
            for (const [simple, hits] of this.index.namespace(ns)?.names ?? []) {
                result.push({ ...hits[0], name: simple });
            }
        }
        return stream(result);
    }
}
