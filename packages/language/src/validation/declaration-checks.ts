import { AstUtils, type ValidationAcceptor } from 'langium';
import { type Attribute, type CodeList, type Declaration, type Element, type Model, type Record as RecordDecl } from '../generated/ast.js';
import { ALLOWED_ATTRIBUTES, ATTRIBUTE_KEYWORD, ATTRIBUTE_VOCABULARY, REQUIRED_ATTRIBUTES, type AttributeType } from '../model/attribute-table.js';
import { attr, attrValue } from '../model/attributes.js';
import { KIND_NAMES, suggest } from '../model/vocabulary.js';
import { Checks } from './checks-base.js';
import { whereDescription } from './locations.js';

/** Rules every declaration shares: unique names, the attribute table, registration status. */
export class DeclarationChecks extends Checks {
    checkUniqueName = (decl: Declaration, accept: ValidationAcceptor): void => {
        const model = AstUtils.findRootNode(decl) as Model;
        if (!decl.name || !model.namespace) return;
        const all = this.index.lookup(model.namespace, decl.name);
        if (all.length < 2) return;
        // Every copy names the first; the first names at most three others and counts the rest, so
        // n copies cost O(n) text, not O(n²).
        const first = all[0];
        const others = first.node === decl ? all.slice(1) : [first];
        const listed = others.slice(0, 3).map(whereDescription).join(', ');
        const more = all.length - 1 - Math.min(others.length, 3);
        this.report(accept)('duplicate-name', { name: decl.name, namespace: model.namespace, other: more > 0 && first.node === decl ? `${listed} … +${more}` : listed },
            { node: decl, property: 'name' });
    };

    checkAttributes = (decl: Declaration, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const kind = KIND_NAMES[decl.$type];
        const allowed = ALLOWED_ATTRIBUTES[decl.$type];
        const seen = new Set<AttributeType>();
        for (const a of decl.attributes as Attribute[]) {
            const keyword = ATTRIBUTE_KEYWORD[a.$type];
            if (!allowed.has(a.$type)) {
                report('attribute-not-allowed', {
                    attribute: keyword, kind: kind.zh, kindEn: kind.en,
                    allowed: [...allowed].map(t => ATTRIBUTE_KEYWORD[t]).join(', ')
                }, { node: a, keyword });
                continue;
            }
            if (seen.has(a.$type)) report('duplicate-attribute', { attribute: keyword }, { node: a, keyword });
            seen.add(a.$type);
            const vocabulary = ATTRIBUTE_VOCABULARY[a.$type];
            const value = (a as { value?: unknown }).value;
            if (vocabulary && typeof value === 'string' && !vocabulary.includes(value)) {
                report('invalid-value', {
                    attribute: keyword, value, allowed: vocabulary.join(', '), suggestion: suggest(value, vocabulary) ?? ''
                }, { node: a, property: 'value' });
            }
        }
        for (const required of REQUIRED_ATTRIBUTES[decl.$type] ?? []) {
            if (!seen.has(required)) {
                report('missing-attribute', { kind: kind.zh, kindEn: kind.en, name: decl.name, attribute: ATTRIBUTE_KEYWORD[required] },
                    { node: decl, property: 'name' });
            }
        }
    };

    /** Rules 2 and 9: what a registration status requires. */
    checkRegistration = (decl: Element | CodeList | RecordDecl, accept: ValidationAcceptor): void => {
        const report = this.report(accept);
        const status = attrValue(decl, 'StatusAttr') ?? 'draft';
        const name = decl.name;
        if (status === 'standard' || status === 'candidate') {
            const severity = status === 'standard' ? 'error' : 'warning';
            const at = { node: decl, property: 'name' } as const;
            if (!attr(decl, 'DefinitionAttr')) report('missing-definition', { name, status }, at, severity);
            if (!attr(decl, 'StewardAttr')) report('missing-steward', { name, status }, at, severity);
        }
        if ((status === 'deprecated' || status === 'retired') && !attr(decl, 'ReplacedByAttr')) {
            report('missing-replacement', { name, status }, { node: attr(decl, 'StatusAttr')!, property: 'value' });
        }
        if (status === 'standard' && decl.$type !== 'CodeList' && !attr(decl, 'ConditionAttr')
            && this.governance.effective(decl).share.value === 'conditional') {
            const share = attr(decl, 'ShareAttr');
            report('missing-condition', { name }, share ? { node: share, property: 'value' } : { node: decl, property: 'name' });
        }
    };
}
