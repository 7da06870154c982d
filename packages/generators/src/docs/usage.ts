import type { DeclarationModel, FlowModel, QName, SemanticModel } from '@mds/language';

/** Reverse links computed once: who uses, stewards, owns, stores and carries what. */
export interface Usage {
    /** element or record → [record, field name]. */
    fieldsUsing: Map<QName, Array<{ record: QName; field: string }>>;
    /** code list → elements typed by it. */
    elementsOf: Map<QName, QName[]>;
    /** department → declarations it stewards or owns. */
    stewardOf: Map<QName, QName[]>;
    /** department → child departments; domain → child domains. */
    childrenOf: Map<QName, QName[]>;
    /** record or system → flows that carry it / start or end there. */
    flowsOf: Map<QName, FlowModel[]>;
    /** domain → systems in it. */
    systemsIn: Map<QName, QName[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
    if (key === undefined) return;
    const list = map.get(key);
    if (list) list.push(value); else map.set(key, [value]);
}

export function computeUsage(model: SemanticModel): Usage {
    const u: Usage = { fieldsUsing: new Map(), elementsOf: new Map(), stewardOf: new Map(), childrenOf: new Map(), flowsOf: new Map(), systemsIn: new Map() };
    for (const d of model.declarations.values() as Iterable<DeclarationModel>) {
        if ('governance' in d) push(u.stewardOf, d.governance.steward, d.qualifiedName);
        switch (d.kind) {
            case 'element': if ('codeList' in d.type) push(u.elementsOf, d.type.codeList, d.qualifiedName); break;
            case 'record': for (const f of d.fields) push(u.fieldsUsing, 'element' in f.type ? f.type.element : f.type.record, { record: d.qualifiedName, field: f.name }); break;
            case 'department': push(u.childrenOf, d.parent, d.qualifiedName); break;
            case 'domain': push(u.childrenOf, d.parent, d.qualifiedName); push(u.stewardOf, d.owner, d.qualifiedName); break;
            case 'system': push(u.stewardOf, d.owner, d.qualifiedName); push(u.systemsIn, d.domain, d.qualifiedName); break;
            case 'flow':
                for (const r of d.carries) push(u.flowsOf, r, d);
                push(u.flowsOf, d.from, d);
                if (d.to !== d.from) push(u.flowsOf, d.to, d);
                break;
        }
    }
    return u;
}
