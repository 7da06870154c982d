import { kindLabel, type SemanticModel } from '@mds/language';

export interface Change {
    change: '新增' | '删除' | '修改';
    qualifiedName: string;
    kind: string;
}

/**
 * Declarations added, removed or changed since a previous model (source locations ignored).
 * The seam for the planned schema diff, which will classify changes for semver.
 */
export function changesSince(previous: SemanticModel, current: SemanticModel): Change[] {
    const strip = (d: unknown) => JSON.stringify(d, (k, v) => k === 'location' ? undefined : v);
    const out: Change[] = [];
    for (const [q, d] of current.declarations) {
        const before = previous.declarations.get(q);
        if (!before) out.push({ change: '新增', qualifiedName: q, kind: kindLabel(d.kind) });
        else if (strip(before) !== strip(d)) out.push({ change: '修改', qualifiedName: q, kind: kindLabel(d.kind) });
    }
    for (const [q, d] of previous.declarations) {
        if (!current.declarations.has(q)) out.push({ change: '删除', qualifiedName: q, kind: kindLabel(d.kind) });
    }
    return out.sort((a, b) => a.qualifiedName < b.qualifiedName ? -1 : 1);
}
