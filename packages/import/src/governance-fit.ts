import { DEFAULTS, GRADE, SHARE } from '@mds/language';
import type { Draft, DraftRecord, Governance } from './draft.js';

/** The governance a declaration of the workspace has, for the fields of a draft that use it. */
export type KnownGovernance = Required<Pick<Governance, 'share' | 'open' | 'grade' | 'personal'>>;

const rank = (order: readonly string[], v: string) => order.indexOf(v);
const SHARE_ZH: Record<string, string> = { unconditional: '无条件', conditional: '有条件', none: '不予' };
const GRADE_ZH: Record<string, string> = { general: '一般', important: '重要', core: '核心' };

/**
 * A draft's governance made consistent, as the checker requires it (就高从严: a record is no more
 * shared or open, and no lower graded, than any of its fields): a source states a table's
 * governance (a table comment, a catalog row) and none for its columns, whose new elements then
 * took the language's defaults (share conditional, open none) and made every unconditionally
 * shared or open table an error. So:
 * 1. an element of the draft with no share (open) of its own takes the least strict share (open)
 *    the records that use it declare, when that is less strict than the default (and the element
 *    is not sensitive data left open, or core data shared, unconditionally): each of those records
 *    is then at least as strict as the element, as the rule asks;
 * 2. a record that still declares less than a field's (or a nested record's, or a workspace
 *    element's) share, open or grade is raised to it, and sensitive data is not left open or
 *    core data shared unconditionally — each change said in the record's notes.
 */
export function alignGovernance(draft: Draft, workspace: ReadonlyMap<string, KnownGovernance> = new Map()): void {
    const elements = new Map(draft.elements.map(e => [e.name, e]));
    const records = new Map(draft.records.map(r => [r.name, r]));
    const users = new Map<string, DraftRecord[]>();
    for (const r of draft.records) for (const f of r.fields) if (elements.has(f.type)) users.set(f.type, [...(users.get(f.type) ?? []), r]);
    for (const kind of ['share', 'open'] as const) {
        for (const [name, rs] of users) {
            const e = elements.get(name)!;
            const declared = rs.map(r => r[kind]).filter(v => v !== undefined);
            if (e[kind] !== undefined || !declared.length) continue;
            const least = SHARE[Math.min(...declared.map(v => rank(SHARE, v)))];
            const sensitive = (e.grade ?? DEFAULTS.grade) !== 'general' || e.personal === true;
            // An element may not be open unconditionally when sensitive, nor shared so when core (as the checker's rule 4).
            const refused = least === 'unconditional' && (kind === 'open' ? sensitive : e.grade === 'core');
            if (rank(SHARE, least) < rank(SHARE, DEFAULTS[kind]) && !refused) e[kind] = least;
        }
    }
    // A record's parts: what its fields' types have (nested draft records by their effective values).
    const effective = new Map<string, KnownGovernance>();
    const of = (type: string, seen: Set<string>): KnownGovernance | undefined => {
        const e = elements.get(type);
        if (e) return { share: e.share ?? DEFAULTS.share, open: e.open ?? DEFAULTS.open, grade: e.grade ?? DEFAULTS.grade, personal: e.personal === true };
        const r = records.get(type);
        if (r) return seen.has(type) ? undefined : settle(r, seen);
        return workspace.get(type);
    };
    const settle = (r: DraftRecord, seen: Set<string>): KnownGovernance => {
        const done = effective.get(r.name);
        if (done) return done;
        const inside = new Set(seen).add(r.name);
        const parts = [...(r.extends ? [r.extends] : []), ...r.fields.map(f => f.type)].map(t => of(t, inside)).filter((g): g is KnownGovernance => g !== undefined);
        const most = <T extends string>(order: readonly T[], values: T[], fallback: T) => values.length ? order[Math.max(...values.map(v => rank(order, v)))] : fallback;
        const share = most(SHARE, parts.map(p => p.share), DEFAULTS.share), open = most(SHARE, parts.map(p => p.open), DEFAULTS.open);
        const grade = most(GRADE, parts.map(p => p.grade), DEFAULTS.grade);
        const personal = r.personal === true || parts.some(p => p.personal);
        const raise = (kind: 'share' | 'open' | 'grade', to: string, [zh, en]: [string, string]) => {
            const labels = kind === 'grade' ? GRADE_ZH : SHARE_ZH;
            (r.evidence ??= []).push(`${kind === 'share' ? '共享属性' : kind === 'open' ? '开放属性' : '分级'}由${labels[r[kind]!]}改为${labels[to]}：${zh}（就高从严）/ ${kind} raised from ${r[kind]} to ${to}: ${en}`);
            (r as unknown as Record<string, string>)[kind] = to;
        };
        if (r.grade !== undefined && rank(GRADE, grade) > rank(GRADE, r.grade)) raise('grade', grade, [`有字段为${GRADE_ZH[grade]}数据`, `a field is ${grade}`]);
        if (r.share !== undefined && rank(SHARE, share) > rank(SHARE, r.share)) raise('share', share, [`有字段为${SHARE_ZH[share]}共享`, `a field is shared ${share}`]);
        if (r.open !== undefined && rank(SHARE, open) > rank(SHARE, r.open)) raise('open', open, [`有字段为${SHARE_ZH[open]}开放`, `a field is open ${open}`]);
        const finalGrade = r.grade ?? grade; // raised above when lower than the parts'
        if (r.open === 'unconditional' && (finalGrade !== 'general' || personal)) raise('open', 'conditional', [`含${personal ? '个人信息' : `${GRADE_ZH[finalGrade]}数据`}，不能无条件开放`, 'sensitive data is not open unconditionally']);
        if (r.share === 'unconditional' && finalGrade === 'core') raise('share', 'conditional', ['含核心数据，不能无条件共享', 'core data is not shared unconditionally']);
        const result: KnownGovernance = { share: r.share ?? share, open: r.open ?? open, grade: finalGrade, personal };
        effective.set(r.name, result);
        return result;
    };
    for (const r of draft.records) settle(r, new Set());
}
