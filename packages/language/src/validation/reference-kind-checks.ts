import type { AstNode, Reference, ValidationAcceptor } from 'langium';
import type { CarriesAttr, Declaration, Field, Record as RecordDecl, StoresAttr, TypeRef } from '../generated/ast.js';
import { ATTRIBUTE_KEYWORD, type AttributeType } from '../model/attribute-table.js';
import { expectedKinds } from '../model/reference-kinds.js';
import { KIND_NAMES } from '../model/vocabulary.js';
import { Checks } from './checks-base.js';

type SingleTargetAttr = AstNode & { $type: AttributeType; target: Reference<Declaration> };

/** Rule 1, wrongly-kinded references: each place names the kinds it accepts (model/reference-kinds.ts). */
export class ReferenceKindChecks extends Checks {
    checkField = (field: Field, accept: ValidationAcceptor): void => {
        if (field.primitive) {
            this.report(accept)('primitive-field', { type: field.primitive }, { node: field, property: 'primitive' });
            return;
        }
        this.expect(field, 'type', field.type, { zh: '字段类型', en: 'a field type' }, accept);
    };

    checkSuperType = (record: RecordDecl, accept: ValidationAcceptor): void => {
        this.expect(record, 'superType', record.superType, { zh: 'extends', en: 'extends' }, accept);
    };

    checkTypeRef = (type: TypeRef, accept: ValidationAcceptor): void => {
        this.expect(type, 'codeList', type.codeList, { zh: '数据元类型', en: 'an element type' }, accept);
    };

    checkAttributeTarget = (a: SingleTargetAttr, accept: ValidationAcceptor): void => {
        this.expect(a, 'target', a.target, keywordPlace(a.$type), accept);
    };

    checkAttributeTargets = (a: StoresAttr | CarriesAttr, accept: ValidationAcceptor): void => {
        a.targets.forEach((ref, index) => this.expect(a, 'targets', ref, keywordPlace(a.$type), accept, index));
    };

    private expect(node: AstNode, property: string, ref: Reference<Declaration> | undefined, place: { zh: string; en: string },
        accept: ValidationAcceptor, index?: number): void {
        const target = ref?.ref;
        const kinds = expectedKinds(node, property);
        if (!target || !kinds || kinds.includes(target.$type)) return;
        const actual = KIND_NAMES[target.$type];
        this.report(accept)('wrong-kind', {
            name: ref.$refText, actual: actual.zh, actualEn: actual.en, place: place.zh, placeEn: place.en,
            expected: kinds.map(k => KIND_NAMES[k].zh).join('或'), expectedEn: kinds.map(k => KIND_NAMES[k].en).join(' or ')
        }, { node, property, index });
    }
}

function keywordPlace(type: AttributeType): { zh: string; en: string } {
    const keyword = ATTRIBUTE_KEYWORD[type];
    return { zh: keyword, en: keyword };
}
