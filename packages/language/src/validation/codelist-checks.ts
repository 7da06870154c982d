import type { ValidationAcceptor } from 'langium';
import type { CodeList } from '../generated/ast.js';
import { Checks } from './checks-base.js';

/** Code lists: unique codes, parents inside the list. */
export class CodeListChecks extends Checks {
    checkEntries = (list: CodeList, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const codes = new Set<string>();
        for (const entry of list.entries) {
            if (codes.has(entry.code)) report('duplicate-code', { code: entry.code }, { node: entry, property: 'code' });
            codes.add(entry.code);
        }
        for (const entry of list.entries) {
            if (entry.parent !== undefined && (!codes.has(entry.parent) || entry.parent === entry.code)) {
                report('unknown-parent-code', { code: entry.parent }, { node: entry, property: 'parent' });
            }
        }
        if (list.entries.length === 0) report('empty-codelist', { name: list.name }, { node: list, property: 'name' });
    };
}
