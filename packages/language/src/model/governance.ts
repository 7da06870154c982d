import { AstUtils, DocumentState, URI, type AstNode, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices } from 'langium';
import { isElement, isModel, isRecord, type Declaration, type Element, type Model, type Record as RecordDecl } from '../generated/ast.js';
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
 * and `extends`; it is personal if any part is. Memoized (see GovernanceCache), so each record is
 * computed once per build however many records nest it, and not again after an edit that cannot
 * change it.
 */
export class GovernanceCalculator {
    private readonly cache: GovernanceCache;

    constructor(shared: LangiumSharedCoreServices) {
        this.cache = new GovernanceCache(shared);
    }

    /** A record's parts and own declaration, resolved once (the SCC walk, settle and compute all read them). */
    private info(record: RecordDecl): RecordInfo {
        let info = this.cache.infos.get(record);
        if (!info) this.cache.infos.set(record, info = recordInfo(record));
        return info;
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

    private forRecord(record: RecordDecl): Result {
        const cached = this.cache.result(record);
        if (cached) return cached;
        this.computeFrom(record);
        return this.cache.results.get(record)!;
    }

    /**
     * Computes every record reachable from `root` (through nested records and `extends`) that is
     * not yet known, one strongly connected component at a time, components nested by others
     * first: linear in records and fields, however the records nest each other in cycles. In a
     * cycle every record contains every other, so they share one effective value: the strictest
     * of the cycle's own declarations and outside parts.
     */
    private computeFrom(root: RecordDecl): void {
        const known = (r: RecordDecl) => this.cache.results.has(r);
        for (const members of stronglyConnected([root], r => this.info(r).nested, known)) this.settle(members);
    }

    /** Results for one strongly connected component whose nested components are all known. */
    private settle(members: RecordDecl[]): void {
        const inside = new Set(members);
        const cyclic = members.length > 1 || this.info(members[0]).nested.includes(members[0]);
        let shared: EffectiveGovernance | undefined;
        if (cyclic) {
            // The strictest own declaration or outside part of any member (values only).
            let share = -1, open = -1, grade = -1, personal = false;
            for (const member of members) {
                const info = this.info(member);
                const own = info.own;
                if (own.share !== undefined) share = Math.max(share, RANK[own.share]);
                if (own.open !== undefined) open = Math.max(open, RANK[own.open]);
                if (own.grade !== undefined) grade = Math.max(grade, RANK[own.grade]);
                if (own.personal) personal = true;
                for (const part of info.parts) {
                    if (part.record && inside.has(part.record)) continue;
                    const g = part.record ? this.cache.results.get(part.record)!.effective : part.declared!;
                    share = Math.max(share, RANK[g.share.value]);
                    open = Math.max(open, RANK[g.open.value]);
                    grade = Math.max(grade, RANK[g.grade.value]);
                    if (g.personal.value) personal = true;
                }
            }
            shared = {
                share: { value: share < 0 ? DEFAULTS.share : SHARE[share] }, open: { value: open < 0 ? DEFAULTS.open : SHARE[open] },
                grade: { value: grade < 0 ? DEFAULTS.grade : GRADE[grade] }, personal: { value: personal }
            };
        }
        for (const record of members) this.cache.results.set(record, this.compute(record, inside, shared));
    }

    /**
     * One record from its own declaration and its parts (nested components known, or `shared` for
     * its own). A part replaces the current one only when strictly stricter (the first found wins a
     * tie, so paths are stable); inherited fields keep their own names and the parent's own
     * declaration shows as `extends P`.
     */
    private compute(record: RecordDecl, inside: Set<RecordDecl>, shared: EffectiveGovernance | undefined): Result {
        const info = this.info(record);
        let share: Valued<Openness> | undefined, open: Valued<Openness> | undefined, grade: Valued<Grade> | undefined, personal: Valued<boolean> | undefined;
        let shareRank = -1, openRank = -1, gradeRank = -1;
        for (const part of info.parts) {
            let g: EffectiveGovernance, fallback: string | undefined;
            if (part.declared) g = part.declared;
            else {
                g = inside.has(part.record!) ? shared! : this.cache.results.get(part.record!)!.effective;
                if (part.field === undefined) fallback = `extends ${part.record!.name}`;
            }
            const prefix = part.field;
            if (RANK[g.share.value] > shareRank) {
                shareRank = RANK[g.share.value];
                share = { value: g.share.value, path: at(prefix, g.share.path ?? fallback) };
            }
            if (RANK[g.open.value] > openRank) {
                openRank = RANK[g.open.value];
                open = { value: g.open.value, path: at(prefix, g.open.path ?? fallback) };
            }
            if (RANK[g.grade.value] > gradeRank) {
                gradeRank = RANK[g.grade.value];
                grade = { value: g.grade.value, path: at(prefix, g.grade.path ?? fallback) };
            }
            if (g.personal.value && !personal) personal = { value: true, path: at(prefix, g.personal.path ?? fallback) };
        }
        const parts: PartsGovernance = {};
        if (share) parts.share = share;
        if (open) parts.open = open;
        if (grade) parts.grade = grade;
        if (personal) parts.personal = personal;
        const own = info.own;
        const effective: EffectiveGovernance = {
            share: pick(own.share, share, DEFAULTS.share),
            open: pick(own.open, open, DEFAULTS.open),
            grade: pick(own.grade, grade, DEFAULTS.grade),
            personal: own.personal ? { value: true } : personal ?? { value: false }
        };
        return { effective, parts };
    }
}

/** Rank of a share/open or grade value: higher is stricter (the two vocabularies share no word). */
const RANK: Readonly<Record<string, number>> = {
    ...Object.fromEntries(SHARE.map((v, i) => [v, i])), ...Object.fromEntries(GRADE.map((v, i) => [v, i]))
};

/** A path under a field: `prefix.path`, or either alone. */
function at(prefix: string | undefined, path: string | undefined): string | undefined {
    return prefix === undefined ? path : (path ? `${prefix}.${path}` : prefix);
}

interface Result {
    effective: EffectiveGovernance;
    parts: PartsGovernance;
}

/**
 * The records' results, kept across edits that cannot change them. A record's result depends only
 * on the governance attributes, fields and references of the records and elements it reaches, so
 * after an update whose edited files keep their *governance signature* (namespace, imports,
 * declarations' kinds and names, fields' names and type references, governance attributes) every
 * result still holds: those of the edited files move to the files' new records, matched in order.
 * Typing in a definition, a label or a comment no longer recomputes the whole workspace (≈ 170 ms
 * per keystroke at 10,000 records that nest each other across 100 files). Any other edit clears the
 * results; the records' parts (their resolved references) are kept too when the edited files still
 * declare the same names — except those that touch an edited file. A new or deleted file clears
 * everything, as Langium's WorkspaceCache did on every update.
 */
class GovernanceCache {
    readonly results = new Map<RecordDecl, Result>();
    /** Each record's parts, resolved once, and the files they come from. */
    readonly infos = new Map<RecordDecl, RecordInfo>();
    /** Edited files whose new tree is not yet compared: URI → the root the results were computed on. */
    private readonly pending = new Map<string, AstNode>();
    private readonly documents: LangiumDocuments;

    constructor(shared: LangiumSharedCoreServices) {
        this.documents = shared.workspace.LangiumDocuments;
        shared.workspace.DocumentBuilder.onUpdate((changed, deleted) => {
            if (deleted.length) this.clear();
            for (const uri of changed) {
                const key = uri.toString();
                if (this.pending.has(key)) continue; // edited again before it was compared: keep the older root
                const root = this.documents.getDocument(uri)?.parseResult?.value;
                if (root) this.pending.set(key, root);
                else this.clear();
            }
        });
    }

    /** A record's result, after moving or dropping those the edits since the last call affect. */
    result(record: RecordDecl): Result | undefined {
        if (this.pending.size) this.settle();
        return this.results.get(record);
    }

    private clear(): void {
        this.results.clear();
        this.infos.clear();
    }

    private settle(): void {
        for (const [key, before] of this.pending) {
            const document = this.documents.getDocument(URI.parse(key));
            if (document && document.state < DocumentState.Parsed) continue; // compared once parsed
            this.pending.delete(key);
            const after = document?.parseResult.value;
            if (after === before) continue;
            if (!document || !isModel(before) || !isModel(after) || declaredNames(before) !== declaredNames(after)) {
                this.clear();
                continue;
            }
            // References elsewhere resolve as before, except into this file (its nodes are new).
            for (const [record, info] of this.infos) if (info.documents.includes(document)) this.infos.delete(record);
            if (signature(before) !== signature(after)) {
                this.results.clear();
                continue;
            }
            const old = before.declarations.filter(isRecord), now = after.declarations.filter(isRecord);
            for (let i = 0; i < old.length; i++) {
                const result = this.results.get(old[i]);
                if (!result) continue;
                this.results.delete(old[i]);
                this.results.set(now[i], result);
            }
        }
    }
}

/** What a file declares to others: its namespace and its declarations' kinds and names. */
function declaredNames(model: Model): string {
    const out: unknown[] = [model.namespace];
    for (const d of model.declarations) out.push(d.$type, d.name);
    return out.join('\u0000');
}

const GOVERNANCE_ATTRIBUTES = new Set(['ShareAttr', 'OpenAttr', 'GradeAttr', 'PersonalAttr']);

/** Everything of a file that records' governance, or the resolution of their references, can depend on. */
function signature(model: Model): string {
    const out: unknown[] = [model.namespace, model.imports.length];
    for (const i of model.imports) out.push(i.namespace);
    for (const d of model.declarations) {
        out.push(d.$type, d.name);
        if (isRecord(d)) {
            out.push(d.superType?.$refText, d.fields.length);
            for (const f of d.fields) out.push(f.name, f.type?.$refText);
        }
        if ('attributes' in d) {
            for (const a of d.attributes) if (GOVERNANCE_ATTRIBUTES.has(a.$type)) out.push(a.$type, 'value' in a ? a.value : '');
        }
    }
    return out.join('\u0000');
}

/** A part of a record's governance: its parent (no field), or a field's element (with its values) or nested record. */
interface Part {
    field?: string;
    record?: RecordDecl;
    declared?: EffectiveGovernance;
}

/** What a record's governance is computed from. */
interface RecordInfo {
    parts: Part[];
    /** The records among the parts. */
    nested: RecordDecl[];
    own: ReturnType<typeof declaredOnly>;
    /** The files of the record and of its parts. */
    documents: LangiumDocument[];
}

/** The declarations a record's governance is made of: its parent, then its fields' types. */
function recordInfo(record: RecordDecl): RecordInfo {
    const parts: Part[] = [], nested: RecordDecl[] = [], documents: LangiumDocument[] = [];
    const from = (node: AstNode) => {
        const document = AstUtils.findRootNode(node).$document;
        if (document && !documents.includes(document)) documents.push(document);
    };
    from(record);
    const superType = record.superType?.ref;
    if (isRecord(superType)) {
        parts.push({ record: superType });
        nested.push(superType);
        from(superType);
    }
    for (const field of record.fields) {
        const target = field.type?.ref;
        if (isElement(target)) parts.push({ field: field.name, declared: declared(target) });
        else if (isRecord(target)) {
            parts.push({ field: field.name, record: target });
            nested.push(target);
        } else continue;
        from(target);
    }
    return { parts, nested, own: declaredOnly(record), documents };
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

function pick<T extends Openness | Grade>(own: T | undefined, parts: Valued<T> | undefined, fallback: T): Valued<T> {
    if (own === undefined) return parts ?? { value: fallback };
    return parts && RANK[parts.value] > RANK[own] ? parts : { value: own };
}
