import type { ValidationAcceptor } from 'langium';
import { isElement, isRecord, type Field, type Record as RecordDecl } from '../generated/ast.js';
import { attr, attrValue } from '../model/attributes.js';
import { allFields, superChain } from '../model/records.js';
import { GRADE, SHARE } from '../model/vocabulary.js';
import { Checks } from './checks-base.js';
import { sensitivityWhy } from './element-checks.js';

/** Records: fields, keys, `extends`, rules 3, 4 and 5. */
export class RecordChecks extends Checks {
    checkFields = (record: RecordDecl, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const own = new Set<string>();
        const inherited = new Map<string, RecordDecl>();
        for (const parent of superChain(record).slice(1)) {
            for (const f of parent.fields) if (!inherited.has(f.name)) inherited.set(f.name, parent);
        }
        for (const field of record.fields) {
            if (own.has(field.name)) {
                report('duplicate-field', { name: field.name }, { node: field, property: 'name' });
            } else if (inherited.has(field.name)) {
                report('redefined-field', { name: field.name, parent: inherited.get(field.name)!.name }, { node: field, property: 'name' });
            }
            own.add(field.name);
            const c = field.cardinality;
            if (c) {
                const lo = c.lower?.number, hi = (c.upper as typeof c.lower)?.number;
                const bad = [c.lower, c.upper as typeof c.lower].some(b => b && (b.number === undefined || !Number.isInteger(b.number) || b.number < 0));
                if (bad) {
                    report('invalid-range', { detail: '列表的个数应为非负整数', detailEn: 'list bounds are non-negative integers' }, { node: c });
                } else if (c.dots && lo !== undefined && hi !== undefined && lo > hi) {
                    report('invalid-range', { detail: `下界 ${lo} 大于上界 ${hi}`, detailEn: `lower bound ${lo} is greater than upper bound ${hi}` }, { node: c });
                }
            }
        }
    };

    checkExtends = (record: RecordDecl, accept: ValidationAcceptor): void => {
        const target = record.superType?.ref;
        if (!target) return;
        if (!isRecord(target)) return; // reported by ReferenceKindChecks
        const report = this.report(accept);
        const chain = superChain(record);
        if (chain[chain.length - 1].superType?.ref === record) {
            report('extends-cycle', { cycle: [...chain, record].map(r => r.name).join(' → ') }, { node: record, property: 'superType' });
        }
    };

    checkKeys = (record: RecordDecl, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        for (const field of record.fields) {
            if (!field.key) continue;
            if (field.optional) report('invalid-key', { name: field.name, why: 'optional' }, { node: field, property: 'optional' });
            else if (field.list) report('invalid-key', { name: field.name, why: 'list' }, { node: field, property: 'list' });
        }
        if (attrValue(record, 'StatusAttr') === 'standard' && !allFields(record).some(f => f.key)) {
            report('missing-key', { name: record.name }, { node: record, property: 'name' });
        }
    };

    /** Rule 3: a standard record uses only registered parts. */
    checkUsedElements = (record: RecordDecl, accept: ValidationAcceptor): void => {
        if (attrValue(record, 'StatusAttr') !== 'standard') return;
        const report = this.report(accept);
        for (const field of record.fields) {
            const target = field.type?.ref;
            if (!isElement(target) && !isRecord(target)) continue;
            const status = attrValue(target, 'StatusAttr') ?? 'draft';
            if (status === 'draft' || status === 'retired') {
                report('uses-unstable', { name: target.name, status }, { node: field, property: 'type' });
            } else if (status === 'deprecated') {
                report('uses-deprecated', { name: target.name, replacement: attr(target, 'ReplacedByAttr')?.target.$refText ?? '' },
                    { node: field, property: 'type' });
            }
        }
    };

    /** Rules 4 and 5 on a record's effective values. */
    checkEffectiveGovernance = (record: RecordDecl, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const parts = this.governance.parts(record);
        const flagged = new Set<string>();
        const compare = (type: 'OpenAttr' | 'ShareAttr' | 'GradeAttr', order: readonly string[], code: 'record-more-open' | 'record-more-shared' | 'record-grade-lower') => {
            const a = attr(record, type);
            const part = type === 'OpenAttr' ? parts.open : type === 'ShareAttr' ? parts.share : parts.grade;
            if (!a || !part || !order.includes(a.value)) return;
            if (order.indexOf(part.value) > order.indexOf(a.value)) {
                report(code, { declared: a.value, effective: part.value, path: part.path ?? record.name }, { node: a, property: 'value' });
                flagged.add(type);
            }
        };
        compare('OpenAttr', SHARE, 'record-more-open');
        compare('ShareAttr', SHARE, 'record-more-shared');
        compare('GradeAttr', GRADE, 'record-grade-lower');

        const effective = this.governance.effective(record);
        const open = attr(record, 'OpenAttr');
        if (open?.value === 'unconditional' && !flagged.has('OpenAttr') && (effective.grade.value !== 'general' || effective.personal.value)) {
            report('sensitive-open', sensitivityWhy(effective.grade.value, effective.personal.value), { node: open, property: 'value' });
        }
        const share = attr(record, 'ShareAttr');
        if (share?.value === 'unconditional' && !flagged.has('ShareAttr') && effective.grade.value === 'core') {
            report('core-share-unconditional', {}, { node: share, property: 'value' });
        }
    };

    /** A record that contains itself through required single fields has no finite value. */
    checkFinite = (record: RecordDecl, accept: ValidationAcceptor): void => {
        const path = requiredPathTo(record, record, new Set());
        if (path) this.report(accept)('infinite-record', { name: record.name, path: path.map(f => f.name).join('.') }, { node: path[0], property: 'type' });
    };
}

function requiredPathTo(from: RecordDecl, goal: RecordDecl, visited: Set<RecordDecl>): Field[] | undefined {
    visited.add(from);
    for (const field of allFields(from)) {
        if (field.optional || field.list) continue;
        const target = field.type?.ref;
        if (!isRecord(target)) continue;
        if (target === goal) return [field];
        if (visited.has(target)) continue;
        const rest = requiredPathTo(target, goal, visited);
        if (rest) return [field, ...rest];
    }
    return undefined;
}
