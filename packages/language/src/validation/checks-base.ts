import type { ValidationAcceptor } from 'langium';
import { reporter, type MdsSettings, type Reporter } from '../diagnostics/report.js';
import type { GovernanceCalculator } from '../model/governance.js';
import type { MdsCoreServices } from '../mds-module.js';
import type { NamespaceIndex } from '../scope/namespace-index.js';
import type { WorkspaceFacts } from './workspace-facts.js';

/** What every group of checks needs. Checks are arrow-function fields so they keep `this`. */
export abstract class Checks {
    protected readonly index: NamespaceIndex;
    protected readonly facts: WorkspaceFacts;
    protected readonly governance: GovernanceCalculator;
    private readonly settings: MdsSettings;

    constructor(services: MdsCoreServices) {
        this.index = services.references.NamespaceIndex;
        this.facts = services.model.WorkspaceFacts;
        this.governance = services.model.Governance;
        this.settings = services.options.Settings;
    }

    protected report(accept: ValidationAcceptor): Reporter {
        return reporter(accept, this.settings);
    }
}
