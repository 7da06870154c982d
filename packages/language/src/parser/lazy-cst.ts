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
    /** Parses the document's text again, with the CST (the fast parser, non-lazy). */
    parse: () => ParseResult | undefined;
    /** The line (0-based) of each declaration's name, by its index in `Model.declarations`. */
    nameLines: number[];
    /** Parses the `index`th import, or declaration after the imports, again with its CST: a detached twin. */
    parseItem: (index: number, isImport: boolean) => AstNode | undefined;
    /** How many twins were made: after PARTIAL_LIMIT the whole CST is built instead. */
    partial: number;
}

/** A document with more diagnostics than this builds its whole CST (cheaper than a twin per diagnostic then). */
const PARTIAL_LIMIT = 16;

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

/**
 * For a node of a lazy tree: the same node in a twin of its import or declaration, parsed again
 * with its CST (not attached to the tree), to take a range from (a diagnostic's) without
 * building the whole document's CST. Undefined when the tree has its CST, for the root, or
 * after PARTIAL_LIMIT twins of one document (then reading `$cstNode` builds it all).
 */
export function lazyTwin(node: AstNode): AstNode | undefined {
    const path: Array<[string, number | undefined]> = [];
    let item = node as unknown as Node;
    while (item.$container?.$container) {
        path.push([item.$containerProperty as string, item.$containerIndex as number | undefined]);
        item = item.$container;
    }
    const root = item.$container;
    const state = root && lazyRoots.get(root);
    if (!state || state.partial >= PARTIAL_LIMIT) return undefined;
    state.partial++;
    const isImport = item.$containerProperty === 'imports';
    const index = (item.$containerIndex as number) + (isImport ? 0 : (root.imports as unknown[]).length);
    let twin = state.parseItem(index, isImport) as unknown as Node | undefined;
    for (const [property, at] of path.reverse()) {
        const value = twin?.[property];
        twin = (at === undefined ? value : (value as unknown[] | undefined)?.[at]) as Node | undefined;
    }
    return twin && twin.$type === node.$type ? twin as unknown as AstNode : undefined;
}

function rootOf(node: Node): Node {
    while (node.$container) node = node.$container;
    return node;
}

function materialize(root: Node): void {
    const state = lazyRoots.get(root);
    if (!state) return;
    lazyRoots.delete(root);
    const full = state.parse();
    // Cannot fail (same parser, same text); if it did, the tree stays without a CST rather than with a wrong one.
    if (!full || !attach(root, full.value as unknown as Node)) {
        for (const node of AstUtils.streamAst(root as unknown as AstNode)) setCst(node, undefined);
    }
}

/**
 * Gives each node of `old` the CST node of its twin in `twin` (the same tree, parsed with its
 * CST), each reference its twin's `$refNode`, and points the CST's links to the AST at `old`.
 * False when the two trees differ.
 */
function attach(old: Node, twin: Node): boolean {
    if (old.$type !== twin.$type) return false;
    const cst = twin.$cstNode as (CstNode & { _astNode?: unknown }) | undefined;
    if (cst && cst._astNode === twin) cst._astNode = old;
    setCst(old, cst);
    for (const key of Object.keys(twin)) {
        if (key.charCodeAt(0) === 36 /* $ */) continue;
        const a = old[key], b = twin[key];
        if (Array.isArray(b)) {
            if (!Array.isArray(a) || a.length !== b.length) return false;
            for (let i = 0; i < b.length; i++) if (!attachValue(a[i], b[i])) return false;
        } else if (!attachValue(a, b)) {
            return false;
        }
    }
    return true;
}

function attachValue(a: unknown, b: unknown): boolean {
    if (typeof b !== 'object' || b === null) return true;
    if (typeof a !== 'object' || a === null) return false;
    if ('$type' in b) return attach(a as Node, b as Node);
    if (a instanceof LazyReference) a._refNode = (b as Reference).$refNode;
    return true;
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
