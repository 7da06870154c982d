import { AstUtils, isLinkingError, type AstNode, type CstNode, type ParseResult, type Reference } from 'langium';

/**
 * A syntax tree without its CST until something asks for it (`mds check` and `mds build` of
 * well-formed files never do). The CST is about 60 % of the memory of a parsed workspace; a
 * lazy document keeps only its text, and builds its CST the first time any of its nodes'
 * `$cstNode` or any of its references' `$refNode` is read: it parses the text again with the CST
 * and attaches those nodes to the existing AST (the same parser on the same text makes the same
 * tree, node for node). After that the tree is the one a CST-building parse gives.
 */
interface LazyState {
    text: string;
    /** Parses `text` with the CST (the fast parser, non-lazy). */
    parse: (text: string) => ParseResult | undefined;
    /** The line (0-based) of each declaration's name, by its index in `Model.declarations`. */
    nameLines: number[];
}

const lazyRoots = new WeakMap<object, LazyState>();

type Node = Record<string, unknown> & { $type: string; $container?: Node };

/** Sets an own `$cstNode` (shadowing the prototype's accessor). */
function setCst(node: object, value: CstNode | undefined): void {
    Object.defineProperty(node, '$cstNode', { value, writable: true, enumerable: true, configurable: true });
}

/** The prototype of a lazy tree's AST nodes: reading `$cstNode` builds the document's CST. */
export const LAZY_NODE: object = Object.create(Object.prototype, {
    $cstNode: {
        enumerable: false,
        configurable: true,
        get(this: Node): CstNode | undefined {
            materialize(rootOf(this));
            const own = Object.getOwnPropertyDescriptor(this, '$cstNode');
            return own ? own.value as CstNode | undefined : undefined;
        },
        set(this: Node, value: CstNode | undefined) {
            setCst(this, value);
        }
    }
});

/** Registers a lazy tree (the fast parser's lazy mode). */
export function registerLazyTree(root: object, state: LazyState): void {
    lazyRoots.set(root, state);
}

/** Is this node's tree still without its CST? */
export function isLazy(node: AstNode): boolean {
    return lazyRoots.has(rootOf(node as unknown as Node));
}

/**
 * The 0-based line of a declaration's name without building a CST: known from the lazy parse;
 * undefined when the tree has its CST (then read it from there).
 */
export function lazyNameLine(decl: AstNode): number | undefined {
    const root = decl.$container as unknown as Node | undefined;
    const state = root && !root.$container ? lazyRoots.get(root) : undefined;
    return state && decl.$containerIndex !== undefined ? state.nameLines[decl.$containerIndex] : undefined;
}

function rootOf(node: Node): Node {
    while (node.$container) node = node.$container;
    return node;
}

function materialize(root: Node): void {
    const state = lazyRoots.get(root);
    if (!state) return;
    lazyRoots.delete(root);
    const full = state.parse(state.text);
    const olds = AstUtils.streamAst(root as unknown as AstNode).toArray();
    const news = full ? AstUtils.streamAst(full.value).toArray() : [];
    if (!full || news.length !== olds.length) {
        // Cannot happen (same parser, same text); if it did, the tree stays without a CST rather than with a wrong one.
        for (const node of olds) setCst(node, undefined);
        return;
    }
    const toOld = new Map<AstNode, AstNode>();
    for (let i = 0; i < olds.length; i++) {
        toOld.set(news[i], olds[i]);
        setCst(olds[i], news[i].$cstNode);
        const oldRefs = AstUtils.streamReferences(olds[i]).toArray();
        const newRefs = AstUtils.streamReferences(news[i]).toArray();
        for (let j = 0; j < oldRefs.length; j++) {
            const ref = oldRefs[j].reference;
            if (ref instanceof LazyReference) ref._refNode = newRefs[j]?.reference.$refNode;
        }
    }
    // The CST's links to the AST point at the tree that was just parsed: point them at the old one.
    const relink = (cst: CstNode): void => {
        const composite = cst as unknown as { _astNode?: AstNode; content?: CstNode[] };
        if (!composite.content) return;
        if (composite._astNode) composite._astNode = toOld.get(composite._astNode) ?? composite._astNode;
        for (const child of composite.content) relink(child);
    };
    if (full.value.$cstNode) relink(full.value.$cstNode);
}

type Resolver = {
    resolveReference(ref: Reference, node: AstNode, property: string): AstNode | undefined;
};

/**
 * A reference of a lazy tree: Langium's DefaultReferenceImpl (the same fields the linker reads
 * and writes), with `$refNode` built on demand.
 */
export class LazyReference {
    _ref: unknown = undefined;
    declare _nodeDescription: unknown;
    /** Undefined until the tree's CST is built. */
    _refNode: CstNode | undefined = undefined;
    constructor(readonly resolver: Resolver, readonly node: AstNode, readonly property: string, readonly $refText: string) {}

    get ref(): AstNode | undefined {
        return this.resolver.resolveReference(this as unknown as Reference, this.node, this.property);
    }

    get $nodeDescription(): unknown {
        return this._nodeDescription;
    }

    get error(): unknown {
        return isLinkingError(this._ref) ? this._ref : undefined;
    }

    get $refNode(): CstNode | undefined {
        if (this._refNode === undefined) materialize(rootOf(this.node as unknown as Node));
        return this._refNode;
    }

    set $refNode(value: CstNode | undefined) {
        this._refNode = value;
    }
}
