import type { DeclarationModel, Governance, SemanticModel } from '@mds/language';

/**
 * The `x-mds` annotation: everything a catalog needs that JSON Schema has no keyword for
 * (kind, namespace, governance with the steward's label, synonyms, code labels, keys…).
 * One object keyword, so a validator registers one extra keyword (`x-mds`).
 */
export function annotation(decl: DeclarationModel, model: SemanticModel, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const out: Record<string, unknown> = { kind: decl.kind, name: decl.name, namespace: decl.namespace };
    if (decl.label) out.label = decl.label;
    if ('governance' in decl) Object.assign(out, governance(decl.governance, model));
    if (decl.synonyms.length) out.synonyms = decl.synonyms;
    return { ...out, ...extra };
}

function governance(g: Governance, model: SemanticModel): Record<string, unknown> {
    const out: Record<string, unknown> = { status: g.status };
    if (g.steward) out.steward = { id: g.steward, label: model.declarations.get(g.steward)?.label };
    Object.assign(out, { grade: g.grade, personal: g.personal, share: g.share, open: g.open });
    for (const key of ['condition', 'update', 'source', 'since', 'replacedBy'] as const) {
        if (g[key] !== undefined) out[key] = g[key];
    }
    return out;
}

/** Title and description from the label and definition, with `deprecated` for deprecated/retired items. */
export function describe(decl: DeclarationModel): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (decl.label) out.title = decl.label;
    if (decl.definition) out.description = decl.definition;
    if ('governance' in decl && (decl.governance.status === 'deprecated' || decl.governance.status === 'retired')) out.deprecated = true;
    return out;
}
