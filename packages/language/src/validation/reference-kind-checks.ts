import type { AstNode, Reference, ValidationAcceptor } from 'langium';
import type {
    CarriesAttr, Declaration, Field, ParentAttr, ReplacedByAttr, StoresAttr, TypeRef
} from '../generated/ast.js';
import { ATTRIBUTE_KEYWORD } from '../model/attribute-table.js';
import { KIND_NAMES, type DeclarationKind } from '../model/vocabulary.js';
import { Checks } from './checks-base.js';

type SingleTargetAttr = { $type: keyof typeof ATTRIBUTE_KEYWORD; $container: Declaration; target: Reference<Declaration> } & AstNode;

/** Rule 1, wrongly-kinded references: each place names the kinds it accepts. */
export class ReferenceKindChecks extends Checks {
    checkField = (field: Field, accept: ValidationAcceptor): void => {
        if (field.primitive) {
            this.report(accept)('primitive-field', { type: field.primitive }, { node: field, property: 'primitive' });
            return;
        }
        this.expect(field.type, ['Element', 'Record'], 'field type / 字段类型', accept, field, 'type');
    };

    checkTypeRef = (type: TypeRef, accept: ValidationAcceptor): void => {
        if (type.codeList) this.expect(type.codeList, ['CodeList'], 'element type / 数据元类型', accept, type, 'codeList');
    };

    checkAttributeTarget = (a: SingleTargetAttr, accept: ValidationAcceptor): void => {
        const expected = expectedKinds(a);
        if (expected) this.expect(a.target, expected, ATTRIBUTE_KEYWORD[a.$type], accept, a, 'target');
    };

    checkAttributeTargets = (a: StoresAttr | CarriesAttr, accept: ValidationAcceptor): void => {
        a.targets.forEach((ref, index) => this.expect(ref, ['Record'], ATTRIBUTE_KEYWORD[a.$type], accept, a, 'targets', index));
    };

    private expect(ref: Reference<Declaration> | undefined, kinds: DeclarationKind[], place: string,
        accept: ValidationAcceptor, node: AstNode, property: string, index?: number): void {
        const target = ref?.ref;
        if (!target || kinds.includes(target.$type)) return;
        const actual = KIND_NAMES[target.$type];
        this.report(accept)('wrong-kind', {
            name: ref.$refText, actual: actual.zh, actualEn: actual.en, place, placeEn: place.split(' / ')[0],
            expected: kinds.map(k => KIND_NAMES[k].zh).join('或'), expectedEn: kinds.map(k => KIND_NAMES[k].en).join(' or ')
        }, { node, property, index });
    }
}

function expectedKinds(a: SingleTargetAttr): DeclarationKind[] | undefined {
    switch (a.$type) {
        case 'StewardAttr':
        case 'OwnerAttr': return ['Department'];
        case 'DomainAttr': return ['Domain'];
        case 'FromAttr':
        case 'ToAttr': return ['System'];
        case 'ParentAttr': {
            const container = (a as unknown as ParentAttr).$container.$type;
            return container === 'Domain' ? ['Domain'] : ['Department'];
        }
        case 'ReplacedByAttr': return [(a as unknown as ReplacedByAttr).$container.$type];
        default: return undefined;
    }
}
