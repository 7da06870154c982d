/** What a change can break, Buf-style. */
export type Category = 'data' | 'json' | 'types' | 'governance';
export type Bump = 'major' | 'minor' | 'patch' | 'none';
export const BUMPS: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

export interface Change {
    /** `minhang.population.NaturalPerson.address.detail` */
    path: string;
    kind: 'added' | 'removed' | 'changed';
    /** Breaking categories (data, json, types) and governance; empty for a compatible change. */
    categories: Category[];
    /** Whether it breaks data, JSON consumers or the TypeScript build (governance never does). */
    breaking: boolean;
    /** The bump this change alone needs (before the 0.x rule). */
    bump: Bump;
    before?: string;
    after?: string;
    /** Chinese, one sentence. */
    message: string;
    /** When a `// mds-allow:` comment or the config accepts this break: the reason given. */
    allowed?: string;
    /** The removal follows deprecation (the old version had it deprecated with a replacement). */
    deprecatedFor?: string;
}

export interface NamespaceDiff {
    name: string;
    oldVersion?: string;
    newVersion?: string;
    requiredBump: Bump;
    declaredBump: Bump | 'downgrade';
    ok: boolean;
    changes: Change[];
}

export interface DiffResult {
    namespaces: NamespaceDiff[];
}
