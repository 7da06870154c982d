import type { AstNode } from 'langium';
import type { DeclarationKind } from './vocabulary.js';

/**
 * Which kinds of declaration a reference may name, by where it stands. One table for the
 * validator (rule 1, wrongly-kinded references) and for completion (offer only those).
 */
export function expectedKinds(container: AstNode, property: string): DeclarationKind[] | undefined {
    switch (container.$type) {
        case 'Field': return property === 'type' ? ['Element', 'Record'] : undefined;
        case 'TypeRef': return ['CodeList'];
        case 'Record': return property === 'superType' ? ['Record'] : undefined;
        case 'StewardAttr':
        case 'OwnerAttr': return ['Department'];
        case 'DomainAttr': return ['Domain'];
        case 'FromAttr':
        case 'ToAttr': return ['System'];
        case 'StoresAttr':
        case 'CarriesAttr': return ['Record'];
        case 'ParentAttr': return container.$container?.$type === 'Domain' ? ['Domain'] : ['Department'];
        case 'ReplacedByAttr': {
            const owner = container.$container?.$type;
            return owner === 'Element' || owner === 'CodeList' || owner === 'Record' ? [owner] : ['Element', 'CodeList', 'Record'];
        }
        default: return undefined;
    }
}
