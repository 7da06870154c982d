/**
 * Tarjan's algorithm, iterative (no recursion depth limit): the strongly connected components of
 * the graph reachable from `roots`, each emitted after every component reachable from it (so a
 * caller can settle components in the order given, their successors already settled). Nodes for
 * which `skip` holds are left out (as if they had no edge to them).
 */
export function stronglyConnected<T>(roots: Iterable<T>, edges: (node: T) => Iterable<T>, skip?: (node: T) => boolean): T[][] {
    const index = new Map<T, number>(), low = new Map<T, number>();
    const stack: T[] = [], onStack = new Set<T>();
    const components: T[][] = [];
    for (const root of roots) {
        if (index.has(root)) continue;
        const work: Array<{ node: T; next: Iterator<T> }> = [];
        const enter = (node: T) => {
            index.set(node, index.size);
            low.set(node, index.get(node)!);
            stack.push(node);
            onStack.add(node);
            work.push({ node, next: edges(node)[Symbol.iterator]() });
        };
        enter(root);
        while (work.length) {
            const top = work[work.length - 1];
            const step = top.next.next();
            if (!step.done) {
                const w = step.value;
                if (skip?.(w)) continue;
                if (!index.has(w)) enter(w);
                else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
                continue;
            }
            work.pop();
            if (work.length) {
                const parent = work[work.length - 1].node;
                low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
            }
            if (low.get(top.node) !== index.get(top.node)) continue;
            const component: T[] = [];
            let w: T;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== top.node);
            components.push(component);
        }
    }
    return components;
}
