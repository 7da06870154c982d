// Langium 4.4 (chevrotain 13) calls Object.groupBy, which Node 20 lacks (ES2024, Node 21+).
// Loaded before langium by the generator, vitest, the CLI and the language server.
// Delete once the project requires Node 22.
if (typeof Object.groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true, writable: true,
        value(items, key) {
            const groups = Object.create(null);
            let i = 0;
            for (const item of items) (groups[key(item, i++)] ??= []).push(item);
            return groups;
        }
    });
}
