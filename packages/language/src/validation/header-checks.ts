import type { ValidationAcceptor } from 'langium';
import type { Model, SinceAttr } from '../generated/ast.js';
import { Checks } from './checks-base.js';
import { where } from './locations.js';
import { compareSemver, isSemver } from '../model/semver.js';
import { AstUtils } from 'langium';

/** The file header: namespace, version, imports; and `since`, which is measured against the version. */
export class HeaderChecks extends Checks {
    checkNamespace = (model: Model, accept: ValidationAcceptor): void => {
        if (model.namespace && !/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/.test(model.namespace)) {
            this.report(accept)('namespace-name', { namespace: model.namespace }, { node: model, property: 'namespace' });
        }
    };

    checkVersion = (model: Model, accept: ValidationAcceptor): void => {
        if (model.version === undefined) return;
        const report = this.report(accept);
        if (!isSemver(model.version)) {
            report('invalid-version', { value: model.version }, { node: model, property: 'version' });
        }
        const others = this.facts.otherVersionFiles(model);
        if (others.length) {
            report('duplicate-version', { namespace: model.namespace, other: others.map(where).join(', ') }, { node: model, property: 'version' });
        }
    };

    checkImports = (model: Model, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const seen = new Set<string>();
        // One warning per import cycle and file: at the file's first import into the cycle.
        const cycle = model.namespace ? this.facts.importCycleOf(model.namespace) : undefined;
        let cycleReported = false;
        for (const imp of model.imports) {
            const ns = imp.namespace;
            if (!ns) continue;
            const info = { node: imp, property: 'namespace' } as const;
            if (ns === model.namespace) {
                report('redundant-import', { namespace: ns, reason: 'self' }, info);
            } else if (seen.has(ns)) {
                report('redundant-import', { namespace: ns, reason: 'twice' }, info);
            } else if (!this.index.namespace(ns)) {
                const known = [...this.index.namespaces.keys()];
                const close = known.find(k => k.endsWith('.' + ns.split('.').pop()));
                report('unknown-import', { namespace: ns, hint: close ? `\`${close}\`?` : '' }, info);
            } else if (cycle && !cycleReported && cycle.namespaces.includes(ns)) {
                cycleReported = true;
                report('import-cycle', { namespaces: cycle.namespaces.join(', '), count: cycle.namespaces.length, cycle: cycle.example.join(' → ') }, info);
            }
            seen.add(ns);
        }
    };

    checkSince = (since: SinceAttr, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        if (since.value === undefined) return; // a syntax error is already reported
        if (!isSemver(since.value)) {
            report('invalid-version', { value: since.value }, { node: since, property: 'value' });
            return;
        }
        const model = AstUtils.findRootNode(since) as Model;
        const version = this.facts.namespaceVersion(model.namespace);
        if (version && isSemver(version) && compareSemver(since.value, version) > 0) {
            report('since-after-version', { since: since.value, version }, { node: since, property: 'value' });
        }
    };
}
