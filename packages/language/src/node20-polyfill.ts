// Langium 4.4 (chevrotain 13) calls Object.groupBy, which Node 20 lacks (ES2024, Node 21+).
// Import this module before anything that creates Langium services. Delete it once the
// project requires Node 22. Twin of scripts/node20-polyfill.mjs (used by the generator and vitest).
type GroupBy = <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) => Record<PropertyKey, T[]>;

if (typeof (Object as { groupBy?: GroupBy }).groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value<T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) {
            const groups: Record<PropertyKey, T[]> = Object.create(null);
            let i = 0;
            for (const item of items) (groups[key(item, i++)] ??= []).push(item);
            return groups;
        }
    });
}

export {};
