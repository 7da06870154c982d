import type { ValidationAcceptor } from 'langium';
import { isDepartment, isDomain, isRecord, isSystem, type Department, type Domain, type Flow, type System } from '../generated/ast.js';
import { attr, attrValue } from '../model/attributes.js';
import { LEVEL, VALUE_LABELS } from '../model/vocabulary.js';
import { Checks } from './checks-base.js';
import { where } from './locations.js';

/** Departments (rule 8), domains, systems (rule 7) and flows (rule 6). */
export class ArchitectureChecks extends Checks {
    checkDepartmentParent = (dept: Department, accept: ValidationAcceptor): void => {
        const parentAttr = attr(dept, 'ParentAttr');
        const parent = parentAttr?.target?.ref;
        if (!parentAttr || !isDepartment(parent)) return;
        const report = this.report(accept);
        const cycle = parentCycle(dept);
        if (cycle) {
            report('parent-cycle', { cycle: cycle.map(d => d.name).join(' → ') }, { node: parentAttr, property: 'target' });
            return;
        }
        const level = attrValue(dept, 'LevelAttr'), parentLevel = attrValue(parent, 'LevelAttr');
        const rank = (l?: string) => LEVEL.indexOf(l as typeof LEVEL[number]);
        if (rank(level) >= 0 && rank(parentLevel) >= 0 && rank(parentLevel) >= rank(level)) {
            report('parent-level', {
                parent: parent.name, parentLevel: VALUE_LABELS[parentLevel!], level: VALUE_LABELS[level!],
                parentLevelEn: parentLevel!, levelEn: level!
            }, { node: parentAttr, property: 'target' });
        }
    };

    checkDomainParent = (domain: Domain, accept: ValidationAcceptor): void => {
        const parentAttr = attr(domain, 'ParentAttr');
        if (!parentAttr || !isDomain(parentAttr.target?.ref)) return;
        const cycle = parentCycle(domain);
        if (cycle) this.report(accept)('parent-cycle', { cycle: cycle.map(d => d.name).join(' → ') }, { node: parentAttr, property: 'target' });
    };

    /** Rule 7: one system of record per record, across the workspace. */
    checkSystemOfRecord = (system: System, accept: ValidationAcceptor): void => {
        const stores = attr(system, 'StoresAttr');
        if (!stores) return;
        const report = this.report(accept);
        stores.targets.forEach((ref, index) => {
            const record = ref.ref;
            if (!isRecord(record)) return;
            const first = this.facts.storedBy(record)[0];
            if (first && (first.system !== system || first.attribute !== stores || first.index !== index)) {
                report('duplicate-system-of-record', { record: record.name, other: first.system.name, where: where(first.system) },
                    { node: stores, property: 'targets', index });
            }
        });
    };

    /** Rule 6: what may flow between systems of different owners. */
    checkFlowSharing = (flow: Flow, accept: ValidationAcceptor): void => {
        const from = attr(flow, 'FromAttr')?.target?.ref, to = attr(flow, 'ToAttr')?.target?.ref;
        const carries = attr(flow, 'CarriesAttr');
        if (!isSystem(from) || !isSystem(to) || !carries) return;
        const fromOwner = attr(from, 'OwnerAttr')?.target?.ref, toOwner = attr(to, 'OwnerAttr')?.target?.ref;
        if (!fromOwner || !toOwner || fromOwner === toOwner) return;
        const report = this.report(accept);
        const hasAgreement = attr(flow, 'AgreementAttr') !== undefined;
        carries.targets.forEach((ref, index) => {
            const record = ref.ref;
            if (!isRecord(record)) return;
            const share = this.governance.effective(record).share.value;
            const args = { record: record.name, fromOwner: fromOwner.name, toOwner: toOwner.name };
            if (share === 'none') report('flow-unshareable', args, { node: carries, property: 'targets', index });
            else if (share === 'conditional' && !hasAgreement) report('flow-missing-agreement', args, { node: carries, property: 'targets', index });
        });
    };
}

/** The cycle through `parent` that contains the node, if any. */
function parentCycle<T extends Department | Domain>(start: T): T[] | undefined {
    const seen: T[] = [start];
    let current: T = start;
    for (;;) {
        const next = attr(current, 'ParentAttr')?.target?.ref as T | undefined;
        if (!next || next.$type !== start.$type) return undefined;
        if (next === start) return [...seen, start];
        if (seen.includes(next)) return undefined;
        seen.push(next);
        current = next;
    }
}
