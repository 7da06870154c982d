import { AstUtils, WorkspaceCache, type ValidationAcceptor } from 'langium';
import type { Model } from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';
import { buildSemanticModel } from '../model/semantic-model.js';
import type { SemanticModel } from '../model/semantic-types.js';
import { Checks } from './checks-base.js';

/** A finding of a comparison with the baseline, placed on a declaration (by qualified name) or a namespace's version. */
export interface BaselineFinding {
    code: 'version-bump' | 'breaking-change';
    /** The declaration the finding is about, or the namespace (for version-bump). */
    at: string;
    args: Record<string, string>;
}

/**
 * Compares the workspace with a baseline version (`mds.baseline` in the editor). The language
 * knows no baseline: the host (the language server) sets `compare`, with `mds diff`'s engine.
 */
export class Baseline {
    compare: ((current: SemanticModel) => BaselineFinding[]) | undefined;
    private readonly cache: WorkspaceCache<'findings', BaselineFinding[]>;

    constructor(private readonly services: MdsCoreServices) {
        this.cache = new WorkspaceCache(services.shared);
    }

    /** The findings for the current workspace, computed once per change. */
    findings(): BaselineFinding[] {
        const compare = this.compare;
        if (!compare) return [];
        return this.cache.get('findings', () => {
            try {
                return compare(buildSemanticModel(this.services, this.services.shared.workspace.LangiumDocuments.all.toArray()));
            } catch {
                return [];
            }
        });
    }
}

/** Reports the baseline's findings in the file they belong to. */
export class BaselineChecks extends Checks {
    private readonly baseline: Baseline;

    constructor(services: MdsCoreServices) {
        super(services);
        this.baseline = services.model.Baseline;
    }

    checkBaseline = (model: Model, accept: ValidationAcceptor): void => {
        if (!this.baseline.compare || !model.namespace) return;
        const report = this.report(accept);
        const prefix = model.namespace + '.';
        for (const f of this.baseline.findings()) {
            if (f.code === 'version-bump') {
                if (f.at === model.namespace && model.version !== undefined) report('version-bump', f.args, { node: model, property: 'version' });
                continue;
            }
            if (!f.at.startsWith(prefix)) continue;
            const name = f.at.slice(prefix.length).split(/[.#]/)[0];
            const decl = model.declarations.find(d => d.name === name);
            if (decl && AstUtils.findRootNode(decl) === model) report('breaking-change', f.args, { node: decl, property: 'name' });
        }
    };
}
