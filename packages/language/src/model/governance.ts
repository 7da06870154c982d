import { WorkspaceCache, type LangiumSharedCoreServices } from 'langium';
import { isElement, isRecord, type Declaration, type Element, type Record as RecordDecl } from '../generated/ast.js';
import { attr, attrValue } from './attributes.js';
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
    private readonly inProgress = new Set<RecordDecl>();

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new WorkspaceCache(shared);
    }

    /** Effective values of an element, code list or record. */
    effective(decl: Declaration): EffectiveGovernance {
        if (isRecord(decl)) return this.forRecord(decl).result.effective;
        return declared(decl);
    }

    /** What the parts of a record require (for rule 5 messages). */
    parts(record: RecordDecl): PartsGovernance {
        return this.forRecord(record).result.parts;
    }

    private forRecord(record: RecordDecl): { result: { effective: EffectiveGovernance; parts: PartsGovernance }; complete: boolean } {
        const cached = this.cache.get(record);
        if (cached) return { result: cached, complete: true };
        this.inProgress.add(record);
        let complete = true;
        const parts: PartsGovernance = {};
        const addPart = (g: EffectiveGovernance, prefix: string | undefined) => {
            const at = (p?: string) => prefix === undefined ? p : (p ? `${prefix}.${p}` : prefix);
            parts.share = stricter(SHARE, parts.share, { value: g.share.value, path: at(g.share.path) });
            parts.open = stricter(SHARE, parts.open, { value: g.open.value, path: at(g.open.path) });
            parts.grade = stricter(GRADE, parts.grade, { value: g.grade.value, path: at(g.grade.path) });
            if (g.personal.value && !parts.personal) parts.personal = { value: true, path: at(g.personal.path) };
        };
        const superType = record.superType?.ref;
        if (isRecord(superType) && !this.inProgress.has(superType)) {
            const sup = this.forRecord(superType);
            complete &&= sup.complete;
            // Inherited fields keep their own names; the parent's own declaration shows as `extends P`.
            addPart(withDefaultPath(sup.result.effective, `extends ${superType.name}`), undefined);
        } else if (isRecord(superType)) {
            complete = false; // the parent is still being computed (an extends cycle)
        }
        for (const field of record.fields) {
            const target = field.type?.ref;
            if (isElement(target)) {
                addPart(declared(target), field.name);
            } else if (isRecord(target)) {
                if (this.inProgress.has(target)) { complete = false; continue; }
                const nested = this.forRecord(target);
                complete &&= nested.complete;
                addPart(nested.result.effective, field.name);
            }
        }
        this.inProgress.delete(record);
        const own = declaredOnly(record);
        const effective: EffectiveGovernance = {
            share: pick(SHARE, own.share, parts.share, DEFAULTS.share),
            open: pick(SHARE, own.open, parts.open, DEFAULTS.open),
            grade: pick(GRADE, own.grade, parts.grade, DEFAULTS.grade),
            personal: own.personal ? { value: true } : parts.personal ?? { value: false }
        };
        const result = { effective, parts };
        // A result computed while an enclosing record was still open misses that record's parts.
        if (complete || this.inProgress.size === 0) this.cache.set(record, result);
        return { result, complete: complete || this.inProgress.size === 0 };
    }
}

function declaredOnly(decl: Declaration): { share?: Openness; open?: Openness; grade?: Grade; personal: boolean } {
    return {
        share: vocab(SHARE, attrValue(decl, 'ShareAttr')),
        open: vocab(SHARE, attrValue(decl, 'OpenAttr')),
        grade: vocab(GRADE, attrValue(decl, 'GradeAttr')),
        personal: attr(decl, 'PersonalAttr') !== undefined
    };
}

/** An element's or code list's own values, with the language defaults. */
export function declared(decl: Element | Declaration): EffectiveGovernance {
    const own = declaredOnly(decl);
    return {
        share: { value: own.share ?? DEFAULTS.share },
        open: { value: own.open ?? DEFAULTS.open },
        grade: { value: own.grade ?? DEFAULTS.grade },
        personal: { value: own.personal }
    };
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
