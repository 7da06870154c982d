import { constraintPhrases, OPEN_LABELS, SHARE_LABELS, VALUE_LABELS, type ElementModel, type QName, type SemanticModel } from '@mds/language';

/** Chinese display helpers shared by the docs site and the catalog. */
export function labelOf(model: SemanticModel, q: QName | undefined): string {
    if (!q) return '';
    const d = model.declarations.get(q);
    return d?.label ?? d?.name ?? q;
}

export const shareLabel = (v: string) => SHARE_LABELS[v as keyof typeof SHARE_LABELS] ?? v;
export const openLabel = (v: string) => OPEN_LABELS[v as keyof typeof OPEN_LABELS] ?? v;
export const valueLabel = (v: string | undefined) => v === undefined ? '' : VALUE_LABELS[v] ?? v;

/** `string，长度 1..50，格式 email` — an element's type and constraints in one line. */
export function typeSummary(model: SemanticModel, e: ElementModel): string {
    const type = 'primitive' in e.type ? e.type.primitive : `代码表 ${labelOf(model, e.type.codeList)}`;
    return [type, ...constraintPhrases(e.constraints)].join('，');
}
