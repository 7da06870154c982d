import type { SemanticModel } from '@mds/language';
import { compareModels } from './compare.js';
import { BUMPS, type Bump, type Category, type DiffResult, type NamespaceDiff } from './types.js';

/** A break accepted on purpose: by a `// mds-allow: <category> <reason>` comment above a declaration, or the config. */
export interface Allowance {
    /** The declaration (or a path below it) the allowance covers. */
    path: string;
    category: Category;
    reason: string;
}

const rank = (b: Bump) => BUMPS.indexOf(b);
const max = (a: Bump, b: Bump) => rank(a) >= rank(b) ? a : b;

function parse(v?: string): [number, number, number] | undefined {
    const m = v ? /^(\d+)\.(\d+)\.(\d+)/.exec(v) : null;
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The bump a version change declares: major / minor / patch / none, or downgrade. */
export function declaredBump(before?: string, after?: string): Bump | 'downgrade' {
    const a = parse(before), b = parse(after);
    if (!a || !b) return before === after ? 'none' : 'major';
    for (let i = 0; i < 3; i++) {
        if (b[i] > a[i]) return (['major', 'minor', 'patch'] as const)[i];
        if (b[i] < a[i]) return 'downgrade';
    }
    return 'none';
}

/**
 * While a namespace is at 0.x (SemVer: anything may change), the usual rule applies: a breaking
 * change needs at least a minor bump (0.3 → 0.4), an addition a patch bump.
 */
export function zeroMajorRule(bump: Bump, version?: string): Bump {
    if (parse(version)?.[0] !== 0) return bump;
    return bump === 'major' ? 'minor' : bump === 'minor' ? 'patch' : bump;
}

/** Compares two models namespace by namespace: changes, the bump they require, and whether the declared versions suffice. */
export function diffModels(older: SemanticModel, newer: SemanticModel, allowances: Allowance[] = []): DiffResult {
    const changes = compareModels(older, newer);
    for (const c of changes) {
        const broken: Category[] = c.categories.filter(x => x !== 'governance');
        const accepted = allowances.filter(a => (c.path === a.path || c.path.startsWith(a.path + '.') || c.path.startsWith(a.path + '#')) && broken.includes(a.category));
        if (broken.length && accepted.length && broken.every(x => accepted.some(a => a.category === x))) {
            c.allowed = [...new Set(accepted.map(a => a.reason))].join('；');
            c.bump = 'minor';
        }
    }
    const names = [...new Set([...older.namespaces.map(n => n.name), ...newer.namespaces.map(n => n.name)])]
        .sort((a, b) => b.length - a.length);
    const namespaceOf = (path: string) => names.find(n => path.startsWith(n + '.')) ?? path.split('.').slice(0, -1).join('.');
    const result: NamespaceDiff[] = [];
    for (const name of [...names].sort()) {
        const own = changes.filter(c => namespaceOf(c.path) === name);
        const oldNs = older.namespaces.find(n => n.name === name), newNs = newer.namespaces.find(n => n.name === name);
        const raw = own.reduce<Bump>((b, c) => max(b, c.bump), 'none');
        const required = zeroMajorRule(raw, oldNs?.version);
        const declared = declaredBump(oldNs?.version, newNs?.version);
        const ok = !oldNs || !newNs || (declared !== 'downgrade' && rank(declared) >= rank(required));
        result.push({ name, ...(oldNs?.version ? { oldVersion: oldNs.version } : {}), ...(newNs?.version ? { newVersion: newNs.version } : {}), requiredBump: required, declaredBump: declared, ok, changes: own });
    }
    return { namespaces: result };
}

/** `// mds-allow: data 原因` comments directly above declarations, from source texts and the new model's locations. */
export function allowancesFromSources(model: SemanticModel, sources: Map<string, string>): Allowance[] {
    const out: Allowance[] = [];
    // The lines of each file that has an allowance at all (searched once per file, not per declaration).
    const split = new Map<string, string[] | undefined>();
    for (const d of model.declarations.values()) {
        let lines = split.get(d.location.uri);
        if (!split.has(d.location.uri)) {
            const text = sources.get(d.location.uri);
            split.set(d.location.uri, lines = text?.includes('mds-allow') ? text.split(/\r?\n/) : undefined);
        }
        if (!lines) continue;
        for (let i = d.location.line - 2; i >= 0; i--) {
            const line = lines[i].trim();
            if (!line.startsWith('//')) break;
            const m = /^\/\/\s*mds-allow:\s*(data|json|types)\s+(.+)$/.exec(line);
            if (m) out.push({ path: d.qualifiedName, category: m[1] as Category, reason: m[2].trim() });
        }
    }
    return out;
}
