import type { Attribute, Declaration } from '../generated/ast.js';
import type { AttributeType } from './attribute-table.js';

type AttributeOf<T extends AttributeType> = Extract<Attribute, { $type: T }>;

/** The first attribute of a type on a declaration (duplicates are reported separately). */
export function attr<T extends AttributeType>(decl: Declaration, type: T): AttributeOf<T> | undefined {
    if (!('attributes' in decl)) return undefined;
    for (const a of decl.attributes) {
        if (a.$type === type) return a as AttributeOf<T>;
    }
    return undefined;
}

/** The value of a word- or string-valued attribute. */
export function attrValue(decl: Declaration, type: 'StatusAttr' | 'GradeAttr' | 'ShareAttr' | 'OpenAttr'
    | 'UpdateAttr' | 'LevelAttr' | 'KindAttr' | 'ViaAttr' | 'DefinitionAttr' | 'ConditionAttr' | 'SourceAttr'
    | 'SinceAttr' | 'PatternAttr' | 'UnitAttr' | 'AgreementAttr' | 'FormatAttr'): string | undefined {
    const a = attr(decl, type) as { value?: string } | undefined;
    return a?.value;
}
