import { WorkspaceCache, type LangiumSharedCoreServices } from 'langium';
import { isElement, isRecord, type Declaration, type Element, type Record as RecordDecl } from '../generated/ast.js';
import { attr, attrValue } from './attributes.js';
import { stronglyConnected } from './graph.js';
import { GRADE, SHARE, type Grade, type Openness } from './vocabulary.js';

/** A governance value and, when a part forced it, the field path of that part (`guardian.address.detail`). */
export interface Valued<T> {
    value: T;
    /** Undefined when the value is the declaration's own (declared or default). */
    path?: string;
}

export interface EffectiveGovernance {
    share: Valued<Openness>;
    open: Valued<Openness>;
    grade: Valued<Grade>;
    personal: Valued<boolean>;
}

/** What a record's parts (fields, nested records, `extends`) require, before its own declaration. */
export interface PartsGovernance {
    share?: Valued<Openness>;
    open?: Valued<Openness>;
    grade?: Valued<Grade>;
    personal?: Valued<boolean>;
}

export const DEFAULTS = { share: 'conditional', open: 'none', grade: 'general', personal: false } as const;

/**
 * Rule 5, 就高从严: a record's effective share and open are the most restrictive, and its grade
 * the highest, of its own declaration and all its parts, transitively through nested records
 * and `extends`; it is personal if any part is. Memoized per workspace state, so each record is
 * computed once per build however many records nest it.
 */
export class GovernanceCalculator {
    private readonly cache: WorkspaceCache<RecordDecl, { effective: EffectiveGovernance; parts: PartsGovernance }>;
    /** Each record's parts, resolved once per workspace state (the SCC walk, settle and compute all read them). */
    private readonly partsCache: WorkspaceCache<RecordDecl, Part[]>;

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new WorkspaceCache(shared);
        this.partsCache = new WorkspaceCache(shared);
    }

    private partsOf(record: RecordDecl): Part[] {
        let parts = this.partsCache.get(record);
        if (!parts) this.partsCache.set(record, parts = partsOf(record));
        return parts;
    }

    private nestedRecords(record: RecordDecl): RecordDecl[] {
        const out: RecordDecl[] = [];
        for (const part of this.partsOf(record)) if (part.record) out.push(part.record);
        return out;
    }

    /** Effective values of an element, code list or record. */
    effective(decl: Declaration): EffectiveGovernance {
        if (isRecord(decl)) return this.forRecord(decl).effective;
        return declared(decl);
    }

    /** What the parts of a record require (for rule 5 messages). */
    parts(record: RecordDecl): PartsGovernance {
        return this.forRecord(record).parts;
    }

    private forRecord(record: RecordDecl): { effective: EffectiveGovernance; parts: PartsGovernance } {
        const cached = this.cache.get(record);
        if (cached) return cached;
        this.computeFrom(record);
        return this.cache.get(record)!;
    }

    /**
     * Computes every record reachable from `root` (through nested records and `extends`) that is
     * not yet known, one strongly connected component at a time, components nested by others
     * first: linear in records and fields, however the records nest each other in cycles. In a
     * cycle every record contains every other, so they share one effective value: the strictest
     * of the cycle's own declarations and outside parts.
     */
    private computeFrom(root: RecordDecl): void {
        for (const members of stronglyConnected([root], r => this.nestedRecords(r).filter(t => !this.cache.get(t)))) this.settle(members);
    }

    /** Results for one strongly connected component whose nested components are all known. */
    private settle(members: RecordDecl[]): void {
        const inside = new Set(members);
        const cyclic = members.length > 1 || this.nestedRecords(members[0]).includes(members[0]);
        let shared: EffectiveGovernance | undefined;
        if (cyclic) {
            // The strictest own declaration or outside part of any member (values only).
            const acc: PartsGovernance = {};
            const add = (share?: Openness, open?: Openness, grade?: Grade, personal?: boolean) => {
                if (share !== undefined) acc.share = stricter(SHARE, acc.share, { value: share });
                if (open !== undefined) acc.open = stricter(SHARE, acc.open, { value: open });
                if (grade !== undefined) acc.grade = stricter(GRADE, acc.grade, { value: grade });
                if (personal) acc.personal = { value: true };
            };
            for (const member of members) {
                const own = declaredOnly(member);
                add(own.share, own.open, own.grade, own.personal);
                for (const part of this.partsOf(member)) {
                    if (part.record && inside.has(part.record)) continue;
                    const g = part.record ? this.cache.get(part.record)!.effective : declared(part.element!);
                    add(g.share.value, g.open.value, g.grade.value, g.personal.value);
                }
            }
            shared = {
                share: { value: acc.share?.value ?? DEFAULTS.share }, open: { value: acc.open?.value ?? DEFAULTS.open },
                grade: { value: acc.grade?.value ?? DEFAULTS.grade }, personal: { value: acc.personal?.value ?? false }
            };
        }
        for (const record of members) this.cache.set(record, this.compute(record, inside, shared));
    }

    /** One record from its own declaration and its parts (nested components known, or `shared` for its own). */
    private compute(record: RecordDecl, inside: Set<RecordDecl>, shared: EffectiveGovernance | undefined): { effective: EffectiveGovernance; parts: PartsGovernance } {
        const parts: PartsGovernance = {};
        const at = (prefix: string | undefined, p?: string) => prefix === undefined ? p : (p ? `${prefix}.${p}` : prefix);
        // A part replaces the current one only when strictly stricter (the first found wins a tie, so paths are stable).
        const consider = <K extends 'share' | 'open' | 'grade'>(key: K, order: readonly string[], v: Valued<string>, prefix: string | undefined) => {
            const current = parts[key];
            if (!current || order.indexOf(v.value) > order.indexOf(current.value)) parts[key] = { value: v.value, path: at(prefix, v.path) } as PartsGovernance[K];
        };
        const addPart = (g: EffectiveGovernance, prefix: string | undefined) => {
            consider('share', SHARE, g.share, prefix);
            consider('open', SHARE, g.open, prefix);
            consider('grade', GRADE, g.grade, prefix);
            if (g.personal.value && !parts.personal) parts.personal = { value: true, path: at(prefix, g.personal.path) };
        };
        const of = (target: RecordDecl) => inside.has(target) ? shared! : this.cache.get(target)!.effective;
        for (const part of this.partsOf(record)) {
            // Inherited fields keep their own names; the parent's own declaration shows as `extends P`.
            if (part.field === undefined) addPart(withDefaultPath(of(part.record!), `extends ${part.record!.name}`), undefined);
            else if (part.element) addPart(declared(part.element), part.field);
            else addPart(of(part.record!), part.field);
        }
        const own = declaredOnly(record);
        const effective: EffectiveGovernance = {
            share: pick(SHARE, own.share, parts.share, DEFAULTS.share),
            open: pick(SHARE, own.open, parts.open, DEFAULTS.open),
            grade: pick(GRADE, own.grade, parts.grade, DEFAULTS.grade),
            personal: own.personal ? { value: true } : parts.personal ?? { value: false }
        };
        return { effective, parts };
    }
}

/** A part of a record's governance: its parent (no field), or a field's element or nested record. */
interface Part {
    field?: string;
    record?: RecordDecl;
    element?: Element;
}

/** The declarations a record's governance is made of: its parent, then its fields' types. */
function partsOf(record: RecordDecl): Part[] {
    const out: Part[] = [];
    const superType = record.superType?.ref;
    if (isRecord(superType)) out.push({ record: superType });
    for (const field of record.fields) {
        const target = field.type?.ref;
        if (isElement(target)) out.push({ field: field.name, element: target });
        else if (isRecord(target)) out.push({ field: field.name, record: target });
    }
    return out;
}

function declaredOnly(decl: Declaration): { share?: Openness; open?: Openness; grade?: Grade; personal: boolean } {
    return {
        share: vocab(SHARE, attrValue(decl, 'ShareAttr')),
        open: vocab(SHARE, attrValue(decl, 'OpenAttr')),
        grade: vocab(GRADE, attrValue(decl, 'GradeAttr')),
        personal: attr(decl, 'PersonalAttr') !== undefined
    };
}

const declaredCache = new WeakMap<Declaration, EffectiveGovernance>();

/**
 * An element's or code list's own values, with the language defaults. Remembered per AST node: a
 * declaration's attributes never change (an edit parses the file anew). Do not modify the result.
 */
export function declared(decl: Element | Declaration): EffectiveGovernance {
    let g = declaredCache.get(decl);
    if (g) return g;
    const own = declaredOnly(decl);
    g = {
        share: { value: own.share ?? DEFAULTS.share },
        open: { value: own.open ?? DEFAULTS.open },
        grade: { value: own.grade ?? DEFAULTS.grade },
        personal: { value: own.personal }
    };
    declaredCache.set(decl, g);
    return g;
}

function vocab<T extends string>(order: readonly T[], value: string | undefined): T | undefined {
    return value !== undefined && (order as readonly string[]).includes(value) ? value as T : undefined;
}

function withDefaultPath(g: EffectiveGovernance, path: string): EffectiveGovernance {
    return {
        share: { value: g.share.value, path: g.share.path ?? path },
        open: { value: g.open.value, path: g.open.path ?? path },
        grade: { value: g.grade.value, path: g.grade.path ?? path },
        personal: { value: g.personal.value, path: g.personal.path ?? path }
    };
}

/** The more restrictive of two values (the first one found wins a tie, so paths are stable). */
function stricter<T extends string>(order: readonly T[], a: Valued<T> | undefined, b: Valued<T>): Valued<T> {
    return !a || order.indexOf(b.value) > order.indexOf(a.value) ? b : a;
}

function pick<T extends string>(order: readonly T[], own: T | undefined, parts: Valued<T> | undefined, fallback: T): Valued<T> {
    if (own === undefined) return parts ?? { value: fallback };
    return parts && order.indexOf(parts.value) > order.indexOf(own) ? parts : { value: own };
}
