import { AstUtils, CstNodeBuilder, DefaultValueConverter, GrammarAST, LeafCstNodeImpl, type AstNode, type CompositeCstNode, type CstNode, type LangiumCoreServices, type ParseResult } from 'langium';
import type { TokenType } from 'chevrotain';
import { MdsTokens, PUNCTUATION_KEYWORDS } from './fast-lexer.js';
import { LAZY_NODE, LazyReference, registerLazyTree } from './lazy-cst.js';

/** What CstNodeBuilder.construct takes. */
type Constructed = Parameters<CstNodeBuilder['construct']>[0];

/**
 * A hand-written recursive-descent parser for well-formed `.mds` text that builds exactly the
 * tree Langium's parser builds: the same AST objects (same properties in the same order,
 * references built by the linker), the same CST (Langium's own CstNodeBuilder, the same grammar
 * elements as `grammarSource`, comments placed as Langium places them). It is about three times
 * faster, because it decides each alternative by looking at one to three tokens instead of
 * running chevrotain's interpreter and its per-call allocations.
 *
 * It only handles text without errors: at the first token it does not expect (or a lexer error)
 * it gives up and returns undefined, and the caller parses with Langium, whose error recovery
 * and messages stay the only ones. tests/language/fast-parser.test.ts compares the two trees on
 * every `.mds` file of the repository, on generated corpora and on mutated (broken) texts.
 *
 * Grammar changes must be made here too: the constructor checks every grammar element it uses
 * and disables the fast path (`enabled` false) when the grammar no longer has that shape.
 *
 * With `lazyCst` (one-shot tools: `mds check`, `mds build`) it builds the AST only; the CST is
 * built the first time it is asked for (see lazy-cst.ts).
 */
export class FastMdsParser {
    readonly enabled: boolean;
    private readonly g: GrammarElements | undefined;
    private readonly converter: LangiumCoreServices['parser']['ValueConverter'];
    private readonly linker: LangiumCoreServices['references']['Linker'];
    private readonly reflection: LangiumCoreServices['shared']['AstReflection'];
    private readonly tokenBuilder: { flushLexingReport?(text: string): unknown };
    /** The converter's `runConverter`, when it is Langium's default converter (or extends it) and so `convert` only finds the rule. */
    private readonly direct: Direct | undefined;

    private readonly t: MdsTokens | undefined;
    private pos = 0;
    private b = new CstNodeBuilder();
    /** This parse builds no CST (lazy-cst.ts). */
    private lazy = false;
    /** The lines of the declarations' names (lazy parse). */
    private nameLines: number[] = [];
    /** Where each import, then each declaration, starts and ends: offset, line, column, end offset (lazy parse). */
    private spans: number[] = [];
    private readonly resolver: ConstructorParameters<typeof LazyReference>[0] | undefined;

    constructor(services: LangiumCoreServices, private readonly lazyCst = false) {
        this.converter = services.parser.ValueConverter;
        this.linker = services.references.Linker;
        this.reflection = services.shared.AstReflection;
        this.tokenBuilder = services.parser.TokenBuilder as unknown as { flushLexingReport?(text: string): unknown };
        this.direct = this.converter instanceof DefaultValueConverter ? this.converter as unknown as Direct : undefined;
        this.resolver = (this.linker as unknown as { referenceResolver?: ConstructorParameters<typeof LazyReference>[0] }).referenceResolver;
        try {
            this.g = grammarElements(services.Grammar);
            this.t = tokensFor(services.parser.Lexer.definition as Record<string, TokenType>, this.g.keywords);
        } catch {
            this.g = undefined;
        }
        this.enabled = this.g !== undefined && this.t !== undefined;
    }

    /** The parse result Langium would give, or undefined when the text is not well-formed (then Langium must parse it). */
    parse(text: string, lazy = this.lazyCst && this.resolver !== undefined): ParseResult | undefined {
        const t = this.t;
        if (!this.g || !t) return undefined;
        try {
            if (!t.lex(text)) return undefined;
            this.pos = 0;
            this.lazy = lazy;
            this.nameLines = [];
            this.spans = [];
            const root = lazy ? undefined : this.b.buildRootNode(text);
            const model = this.model();
            if (root) {
                (root as unknown as { astNode: unknown }).astNode = model;
                this.b.addHiddenNodes(t.hidden);
            } else {
                const spans = this.spans;
                registerLazyTree(model, {
                    nameLines: this.nameLines, partial: 0,
                    parse: () => this.parse(text, false), parseItem: (index, isImport) => this.parseItem(text, spans, index * 4, isImport)
                });
            }
            // As Langium's lexer does after each text: the token builder's report (empty for this grammar).
            const lexerReport = this.tokenBuilder.flushLexingReport?.(text);
            return { value: model, lexerErrors: [], lexerReport, parserErrors: [] } as ParseResult;
        } catch {
            // BAIL, or anything unexpected: Langium parses the text (a differential test makes sure well-formed files never get here).
            return undefined;
        } finally {
            t.clear();
            // The builder holds the tree it built: let it go with its document.
            if (!lazy) this.b = new CstNodeBuilder();
            this.nameLines = [];
            this.spans = [];
        }
    }

    /**
     * One import or declaration of a lazy tree, parsed again with its CST from where the lazy
     * parse found it (`spans` from `at`: offset, line, column, end offset): a detached twin of
     * that node, for the range of a diagnostic without building the whole document's CST.
     */
    private parseItem(text: string, spans: readonly number[], at: number, isImport: boolean): AstNode | undefined {
        const t = this.t, g = this.g;
        if (!g || !t) return undefined;
        try {
            if (!t.lex(text, spans[at], spans[at + 1], spans[at + 2], spans[at + 3])) return undefined;
            this.pos = 0;
            this.lazy = false;
            this.b.buildRootNode(text);
            let node: Node;
            if (isImport) {
                this.open(g.model.imports);
                node = this.node('Import');
                this.keyword(g.importKw);
                this.qualifiedNameValue(node, 'namespace', g.importNamespace);
                this.close(node);
            } else {
                const kind = DECLARATIONS[this.la()];
                if (!kind) return undefined;
                node = this.wrapped(g.model.declarations, g.declarationCalls.get(kind)!, n => this.declaration(kind, n), kind);
            }
            if (this.pos !== t.count) return undefined;
            (node.$cstNode as unknown as { astNode: unknown }).astNode = node;
            return node as unknown as AstNode;
        } catch {
            return undefined;
        } finally {
            t.clear();
            this.b = new CstNodeBuilder();
        }
    }

    // ---- tokens ------------------------------------------------------------------------------

    /** The token type name `k` tokens ahead ('' at the end): a keyword's own text, or ID, STRING, NUMBER. */
    private la(k = 0): string {
        const p = this.pos + k;
        return p < this.t!.count ? this.t!.kinds[p] : '';
    }

    /** The text of the next token. */
    private image(): string {
        const t = this.t!;
        return t.text.slice(t.starts[this.pos], t.ends[this.pos]);
    }

    /** Consumes the next token as a leaf of `feature`, after the comments before it (as Langium's `consume` and CstNodeBuilder.buildLeafNode). */
    private leaf(feature: GrammarAST.AbstractElement): CstNode | undefined {
        const t = this.t!, p = this.pos++;
        if (this.lazy) return undefined;
        const start = t.starts[p];
        if (t.hidden.length && t.hidden[0].startOffset < start) {
            let i = 0;
            while (i < t.hidden.length && t.hidden[i].startOffset <= start) i++;
            this.b.addHiddenNodes(t.hidden.splice(0, i));
        }
        const leaf = new LeafCstNodeImpl(start, t.ends[p] - start, t.startLines[p] - 1, t.startColumns[p] - 1, t.endLines[p] - 1, t.endColumns[p], t.types[t.kinds[p]], false);
        leaf.grammarSource = feature;
        this.b.appendChild(this.b.current, leaf);
        return leaf;
    }

    private keyword(kw: GrammarAST.Keyword): void {
        if (this.la() !== kw.value) throw BAIL;
        this.leaf(kw);
    }

    /** `prop?='kw'`. */
    private flag(node: Node, prop: string, kw: GrammarAST.Keyword): void {
        this.keyword(kw);
        node[prop] = true;
    }

    /** A terminal (ID, STRING, NUMBER) assigned with `=` or `+=`. */
    private terminal(node: Node, prop: string, add: boolean, call: GrammarAST.RuleCall): void {
        if (this.la() !== call.rule.$refText) throw BAIL;
        const image = this.image();
        const leaf = this.leaf(call);
        put(node, prop, add, this.convert(call, image, leaf));
    }

    /**
     * The value converter's result for the text of a rule call or cross-reference (what its
     * `convert` returns: `runConverter` of the called rule, without looking up the element's kind).
     */
    private convert(feature: GrammarAST.AbstractElement, input: string, cst: CstNode | undefined): unknown {
        if (!this.direct) return this.converter.convert(input, cst!);
        const call = (feature.$type === 'CrossReference' ? (feature as GrammarAST.CrossReference).terminal : feature) as GrammarAST.RuleCall;
        return this.direct.runConverter(call.rule.ref!, input, cst!);
    }

    // ---- rules -------------------------------------------------------------------------------

    /** Opens the composite node of a rule call (as Langium's `subrule`). */
    private open(feature: GrammarAST.AbstractElement): CompositeCstNode | undefined {
        return this.lazy ? undefined : this.b.buildCompositeNode(feature);
    }

    /** A new AST node (of a lazy tree: with the prototype that builds the CST when asked). */
    private node(type: string): Node {
        if (!this.lazy) return { $type: type };
        const node = Object.create(LAZY_NODE) as Node;
        node.$type = type;
        return node;
    }

    /** Closes a rule's node (as Langium's `construct`): its CST node, then its default properties. */
    private close(node: Node): Node {
        if (!this.lazy) this.b.construct(node as unknown as Constructed);
        AstUtils.assignMandatoryProperties(this.reflection, node as unknown as AstNode);
        return node;
    }

    /**
     * Assigns a parsed rule's node to a property of its container (as Langium's `assign`), and
     * links it to its container as Langium's `linkContentToContainer` does after the parse (the
     * child is complete here, so its properties keep Langium's order).
     */
    private adopt(node: Node, prop: string, add: boolean, child: Node): void {
        const cst = this.lazy ? undefined : child.$cstNode as CompositeCstNode | undefined;
        if (cst) (cst as unknown as { astNode: unknown }).astNode = child;
        put(node, prop, add, child);
        child.$container = node;
        child.$containerProperty = prop;
        if (add) child.$containerIndex = (node[prop] as unknown[]).length - 1;
    }

    /**
     * An unassigned rule call (`Declaration: Department | …`, `Attribute: DefinitionAttr | …`):
     * the inner rule's node takes the outer rule's CST node, as Langium's `assignWithoutOverride`.
     */
    private wrapped(outer: GrammarAST.RuleCall, inner: GrammarAST.RuleCall, body: (node: Node) => void, type: string): Node {
        this.open(outer);
        this.open(inner);
        const node = this.node(type);
        body(node);
        this.close(node);
        if (this.lazy) return node;
        node.$cstNode = undefined;
        return this.close(node);
    }

    /** A datatype rule: its value is the converted text of its tokens; returns the value and its CST node. */
    private datatype(feature: GrammarAST.AbstractElement, body: (dt: { value: string }) => void): [unknown, CstNode | undefined] {
        const cst = this.open(feature);
        const dt = { value: '' };
        body(dt);
        if (cst) this.b.construct(dt as unknown as Constructed);
        return [this.convert(feature, dt.value, cst), cst];
    }

    private model(): Node {
        const g = this.g!.model;
        const node = this.node('Model');
        this.keyword(g.namespaceKw);
        this.qualifiedNameValue(node, 'namespace', g.namespace);
        if (this.la() === 'version') {
            this.keyword(g.versionKw);
            this.terminal(node, 'version', false, g.version);
        }
        while (this.la() === 'import') {
            this.span();
            this.open(g.imports);
            const imp = this.node('Import');
            this.keyword(this.g!.importKw);
            this.qualifiedNameValue(imp, 'namespace', this.g!.importNamespace);
            this.adopt(node, 'imports', true, this.close(imp));
            this.spanEnd();
        }
        while (this.pos < this.t!.count) {
            const kind = DECLARATIONS[this.la()];
            if (!kind) throw BAIL;
            const inner = this.g!.declarationCalls.get(kind)!;
            this.span();
            this.adopt(node, 'declarations', true, this.wrapped(g.declarations, inner, n => this.declaration(kind, n), kind));
            this.spanEnd();
        }
        if (!this.lazy) this.b.construct(node as unknown as Constructed);
        AstUtils.assignMandatoryProperties(this.reflection, node as unknown as AstNode);
        return node;
    }

    /** Lazy parse: an import or a declaration starts at the next token. */
    private span(): void {
        if (!this.lazy) return;
        const t = this.t!, p = this.pos;
        this.spans.push(t.starts[p], t.startLines[p], t.startColumns[p], 0);
    }

    private spanEnd(): void {
        if (this.lazy) this.spans[this.spans.length - 1] = this.t!.ends[this.pos - 1];
    }

    private declaration(kind: string, node: Node): void {
        const r = this.g!.rules.get(kind)!;
        this.keyword(r.kw);
        if (this.lazy) this.nameLines.push(this.t!.startLines[this.pos] - 1);
        this.terminal(node, 'name', false, r.name);
        if (this.la() === 'STRING') this.terminal(node, 'label', false, r.label);
        if (kind === 'Element') {
            this.keyword(r.colon!);
            const typeRef = this.g!.typeRef;
            this.open(r.type!);
            const type = this.node('TypeRef');
            if (PRIMITIVES.has(this.la())) this.primitive(type, 'primitive', typeRef.primitive);
            else if (this.la() === 'ID') this.reference(type, 'codeList', false, typeRef.codeList);
            else throw BAIL;
            this.adopt(node, 'type', false, this.close(type));
        }
        if (kind === 'Record' && this.la() === 'extends') {
            this.keyword(r.extendsKw!);
            this.reference(node, 'superType', false, r.superType!);
        }
        if (this.la() !== '{') {
            if (kind === 'CodeList' || kind === 'Record') throw BAIL;
            return;
        }
        this.keyword(r.open);
        for (;;) {
            const t = this.la();
            if (t === '}') break;
            if (kind === 'CodeList' && t === 'STRING') this.adopt(node, 'entries', true, this.codeEntry());
            else if (kind === 'Record' && this.isField()) this.adopt(node, 'fields', true, this.field());
            else if (ATTRIBUTES[t]) this.adopt(node, 'attributes', true, this.attribute(r.attributes, ATTRIBUTES[t]));
            else throw BAIL;
        }
        this.keyword(r.close);
    }

    private isWord(k: number): boolean {
        const t = this.la(k);
        return t === 'ID' || this.g!.keywords.has(t);
    }

    /** In a record body: does a field start here (`[key] name [?] :`) rather than an attribute? */
    private isField(): boolean {
        const colon = (t: string) => t === '?' || t === ':';
        if (this.la() === 'key' && this.isWord(1) && colon(this.la(2))) return true;
        return this.isWord(0) && colon(this.la(1));
    }

    private codeEntry(): Node {
        const g = this.g!.codeEntry;
        this.open(g.call);
        const node = this.node('CodeEntry');
        this.terminal(node, 'code', false, g.code);
        this.terminal(node, 'label', false, g.label);
        // Langium takes `parent` after an entry as the entry's, even before a name (`parent X` is then an error): so does this.
        if (this.la() === 'parent') {
            this.keyword(g.parentKw);
            this.terminal(node, 'parent', false, g.parent);
        }
        if (this.la() === 'deprecated') this.flag(node, 'deprecated', g.deprecated);
        return this.close(node);
    }

    private field(): Node {
        const g = this.g!.field;
        this.open(g.call);
        const node = this.node('Field');
        if (this.la() === 'key' && this.isWord(1)) {
            this.flag(node, 'key', g.key);
            this.fieldName(node, g.keyName);
        } else {
            this.fieldName(node, g.name);
        }
        if (this.la() === '?') this.flag(node, 'optional', g.optional);
        this.keyword(g.colon);
        if (PRIMITIVES.has(this.la())) this.primitive(node, 'primitive', g.primitive);
        else if (this.la() === 'ID') this.reference(node, 'type', false, g.type);
        else throw BAIL;
        if (this.la() === '[') {
            this.flag(node, 'list', g.list);
            if (this.la() !== ']') this.range(node, 'cardinality', g.cardinality);
            this.keyword(g.listClose);
        }
        if (this.la() === 'STRING') this.terminal(node, 'label', false, g.label);
        return this.close(node);
    }

    private attribute(outer: GrammarAST.RuleCall, type: string): Node {
        const a = this.g!.attributes.get(type)!;
        return this.wrapped(outer, a.call, node => {
            this.keyword(a.kw);
            const [first, rest] = a.values;
            if (!first) return;
            const prop = (first.$container as GrammarAST.Assignment).feature;
            const add = (first.$container as GrammarAST.Assignment).operator === '+=';
            this.value(node, prop, add, first);
            if (rest) {
                while (this.la() === ',') {
                    this.keyword(a.comma!);
                    this.value(node, prop, add, rest);
                }
            }
        }, type);
    }

    /** The value of an attribute: a terminal, a reference, or a call of Word, Range, FormatName or SignedNumber. */
    private value(node: Node, prop: string, add: boolean, element: GrammarAST.AbstractElement): void {
        if (GrammarAST.isCrossReference(element)) return this.reference(node, prop, add, element);
        const call = element as GrammarAST.RuleCall;
        switch (call.rule.$refText) {
            case 'STRING': return this.terminal(node, prop, add, call);
            case 'Word': return put(node, prop, add, this.word(call)[0]);
            case 'Range': return this.range(node, prop, call);
            case 'FormatName': return put(node, prop, add, this.formatName(call));
            case 'SignedNumber': return put(node, prop, add, this.signedNumber(call));
            default: throw BAIL;
        }
    }

    private primitive(node: Node, prop: string, call: GrammarAST.RuleCall): void {
        put(node, prop, false, this.datatype(call, dt => {
            const kw = this.g!.primitives.get(this.la())!;
            this.leaf(kw);
            dt.value += kw.value;
        })[0]);
    }

    /** `[Declaration:QualifiedName]`: a reference built by the linker, as Langium's `assign`. */
    private reference(node: Node, prop: string, add: boolean, crossRef: GrammarAST.CrossReference): void {
        const [text, cst] = this.datatype(crossRef, dt => this.qualifiedName(dt));
        if (typeof text !== 'string') throw BAIL;
        const ref = this.lazy ? new LazyReference(this.resolver!, node as unknown as AstNode, prop, text) : this.linker.buildReference(node as unknown as AstNode, prop, cst, text);
        put(node, prop, add, ref);
    }

    private qualifiedNameValue(node: Node, prop: string, call: GrammarAST.RuleCall): void {
        put(node, prop, false, this.datatype(call, dt => this.qualifiedName(dt))[0]);
    }

    /** `ID ('.' Word)*`. */
    private qualifiedName(dt: { value: string }): void {
        const g = this.g!.qualifiedName;
        this.dtTerminal(dt, g.id);
        while (this.la() === '.') {
            if (!this.isWord(1)) throw BAIL;
            this.leaf(g.dot);
            dt.value += '.';
            dt.value += String(this.word(g.word)[0]);
        }
    }

    /** `ID | Keyword` (Word and FieldName). */
    private word(call: GrammarAST.RuleCall): [unknown, CstNode | undefined] {
        const g = call.rule.$refText === 'Word' ? this.g!.word : this.g!.fieldName;
        return this.datatype(call, dt => {
            if (this.la() === 'ID') return this.dtTerminal(dt, g.id);
            const kw = this.g!.keywords.get(this.la());
            if (!kw) throw BAIL;
            const [value] = this.datatype(g.keyword, inner => {
                this.leaf(kw);
                inner.value += kw.value;
            });
            dt.value += String(value);
        });
    }

    private fieldName(node: Node, call: GrammarAST.RuleCall): void {
        put(node, 'name', false, this.word(call)[0]);
    }

    private dtTerminal(dt: { value: string }, call: GrammarAST.RuleCall): void {
        if (this.la() !== call.rule.$refText) throw BAIL;
        const image = this.image();
        dt.value += String(this.convert(call, image, this.leaf(call)));
    }

    /** `ID ('-' ID)*`. */
    private formatName(call: GrammarAST.RuleCall): unknown {
        const g = this.g!.formatName;
        return this.datatype(call, dt => {
            this.dtTerminal(dt, g.id);
            while (this.la() === '-') {
                if (this.la(1) !== 'ID') throw BAIL;
                this.leaf(g.dash);
                dt.value += '-';
                this.dtTerminal(dt, g.more);
            }
        })[0];
    }

    /** `'-'? NUMBER`. */
    private signedNumber(call: GrammarAST.RuleCall): unknown {
        const g = this.g!.signedNumber;
        return this.datatype(call, dt => {
            if (this.la() === '-') {
                this.leaf(g.minus);
                dt.value += '-';
            }
            this.dtTerminal(dt, g.number);
        })[0];
    }

    private startsBound(k: number): boolean {
        const t = this.la(k);
        return t === 'NUMBER' || t === '-' || t === 'STRING';
    }

    /** `lower=Bound ('..' upper=Bound?)? | '..' upper=Bound`. */
    private range(node: Node, prop: string, call: GrammarAST.RuleCall): void {
        const g = this.g!.range;
        this.open(call);
        const range = this.node('Range');
        if (this.startsBound(0)) {
            this.bound(range, 'lower', g.lower);
            if (this.la() === '..') {
                this.flag(range, 'dots', g.dots1);
                // A string after `..` could also start a code entry (`range 0.. "01" "一"`): Langium decides that.
                if (this.la() === 'STRING' && this.la(1) === 'STRING') throw BAIL;
                if (this.startsBound(0)) this.bound(range, 'upper', g.upper1);
            }
        } else if (this.la() === '..') {
            this.flag(range, 'dots', g.dots2);
            this.bound(range, 'upper', g.upper2);
        } else {
            throw BAIL;
        }
        this.adopt(node, prop, false, this.close(range));
    }

    /** `number=SignedNumber | text=STRING`. */
    private bound(node: Node, prop: string, call: GrammarAST.RuleCall): void {
        const g = this.g!.bound;
        this.open(call);
        const bound = this.node('Bound');
        if (this.la() === 'STRING') this.terminal(bound, 'text', false, g.text);
        else put(bound, 'number', false, this.signedNumber(g.number));
        this.adopt(node, prop, false, this.close(bound));
    }
}

/**
 * The lexer for this grammar's tokens, checked against the token types Langium built: every
 * keyword the grammar has must be a word or a punctuation the lexer knows, and the terminals must
 * be the ones it reproduces. Throws otherwise (the fast path is then off).
 */
function tokensFor(types: Record<string, TokenType>, words: ReadonlyMap<string, GrammarAST.Keyword>): MdsTokens {
    const terminals = ['ID', 'STRING', 'NUMBER', 'WS', 'ML_COMMENT', 'SL_COMMENT'];
    for (const name of terminals) if (!types[name]) throw new Error(`token ${name}`);
    for (const name of Object.keys(types)) {
        if (terminals.includes(name)) continue;
        if (!words.has(name) && !PUNCTUATION_KEYWORDS.has(name)) throw new Error(`keyword ${name}`);
    }
    for (const p of PUNCTUATION_KEYWORDS) if (!types[p]) throw new Error(`keyword ${p}`);
    return new MdsTokens(new Set(words.keys()), types);
}

type Direct = { runConverter(rule: GrammarAST.AbstractRule, input: string, cst: CstNode): unknown };
type Node = Record<string, unknown> & { $type: string; $cstNode?: CstNode };

/** Thrown where the text is not what a well-formed file has: Langium parses it instead. */
const BAIL = { bail: true };

function put(node: Node, prop: string, add: boolean, value: unknown): void {
    if (!add) {
        node[prop] = value;
        return;
    }
    if (!Array.isArray(node[prop])) node[prop] = [];
    (node[prop] as unknown[]).push(value);
}

/** The keyword that starts each declaration, and each attribute, to the rule it starts. */
const DECLARATIONS: Record<string, string | undefined> = Object.assign(Object.create(null), {
    department: 'Department', codelist: 'CodeList', element: 'Element', record: 'Record', domain: 'Domain', system: 'System', flow: 'Flow'
});
const ATTRIBUTES: Record<string, string | undefined> = Object.create(null);
const PRIMITIVES = new Set(['string', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'time']);

// ---- the grammar elements the parser gives as `grammarSource` ----------------------------------

interface DeclarationElements {
    kw: GrammarAST.Keyword;
    name: GrammarAST.RuleCall;
    label: GrammarAST.RuleCall;
    open: GrammarAST.Keyword;
    close: GrammarAST.Keyword;
    attributes: GrammarAST.RuleCall;
    colon?: GrammarAST.Keyword;
    type?: GrammarAST.RuleCall;
    extendsKw?: GrammarAST.Keyword;
    superType?: GrammarAST.CrossReference;
}

interface AttributeElements {
    call: GrammarAST.RuleCall;
    kw: GrammarAST.Keyword;
    /** The value's terminal, and the repeated one after `,` (synonyms, stores, carries). */
    values: [GrammarAST.AbstractElement?, GrammarAST.AbstractElement?];
    comma?: GrammarAST.Keyword;
}

type GrammarElements = ReturnType<typeof grammarElements>;

/** Finds every element by its place in the grammar, checking its kind: a grammar that changed shape throws. */
function grammarElements(grammar: GrammarAST.Grammar) {
    const rules = new Map(grammar.rules.map(r => [r.name, r]));
    const rule = (name: string): GrammarAST.ParserRule => {
        const r = rules.get(name);
        if (!r || !GrammarAST.isParserRule(r)) throw new Error(`rule ${name}`);
        return r;
    };
    /** The element at a path of indexes (into groups and alternatives) and 't' (an assignment's or cross-reference's terminal). */
    const at = (from: GrammarAST.AbstractElement, ...path: Array<number | 't'>): GrammarAST.AbstractElement => {
        let e: GrammarAST.AbstractElement | undefined = from;
        for (const step of path) {
            if (step === 't') e = GrammarAST.isAssignment(e) || GrammarAST.isCrossReference(e) ? e.terminal : undefined;
            else e = GrammarAST.isGroup(e) || GrammarAST.isAlternatives(e) ? e.elements[step] : undefined;
            if (!e) throw new Error('grammar path');
        }
        return e;
    };
    const kw = (e: GrammarAST.AbstractElement, value?: string): GrammarAST.Keyword => {
        if (!GrammarAST.isKeyword(e) || (value !== undefined && e.value !== value)) throw new Error(`keyword ${value}`);
        return e;
    };
    const call = (e: GrammarAST.AbstractElement, name: string): GrammarAST.RuleCall => {
        if (!GrammarAST.isRuleCall(e) || e.rule.$refText !== name || !e.rule.ref) throw new Error(`call ${name}`);
        return e;
    };
    const ref = (e: GrammarAST.AbstractElement): GrammarAST.CrossReference => {
        if (!GrammarAST.isCrossReference(e) || e.type.$refText !== 'Declaration' || !GrammarAST.isRuleCall(e.terminal) || e.terminal.rule.$refText !== 'QualifiedName') throw new Error('cross-reference');
        return e;
    };
    const assigned = (e: GrammarAST.AbstractElement, feature: string, operator: string): GrammarAST.AbstractElement => {
        if (!GrammarAST.isAssignment(e) || e.feature !== feature || e.operator !== operator) throw new Error(`assignment ${feature}`);
        return e.terminal;
    };

    const M = rule('Model').definition;
    const model = {
        namespaceKw: kw(at(M, 0), 'namespace'),
        namespace: call(assigned(at(M, 1), 'namespace', '='), 'QualifiedName'),
        versionKw: kw(at(M, 2, 0), 'version'),
        version: call(assigned(at(M, 2, 1), 'version', '='), 'STRING'),
        imports: call(assigned(at(M, 3), 'imports', '+='), 'Import'),
        declarations: call(assigned(at(M, 4), 'declarations', '+='), 'Declaration')
    };
    const I = rule('Import').definition;
    const D = rule('Declaration').definition;
    const declarationCalls = new Map<string, GrammarAST.RuleCall>();
    const order = ['Department', 'CodeList', 'Element', 'Record', 'Domain', 'System', 'Flow'];
    if (!GrammarAST.isAlternatives(D) || D.elements.length !== order.length) throw new Error('declarations');
    order.forEach((name, i) => declarationCalls.set(name, call(at(D, i), name)));

    const declarationRules = new Map<string, DeclarationElements>();
    for (const name of ['Department', 'Domain', 'System', 'Flow']) {
        const R = rule(name).definition;
        declarationRules.set(name, {
            kw: kw(at(R, 0), name.toLowerCase()), name: call(assigned(at(R, 1), 'name', '='), 'ID'), label: call(assigned(at(R, 2), 'label', '='), 'STRING'),
            open: kw(at(R, 3, 0), '{'), attributes: call(assigned(at(R, 3, 1), 'attributes', '+='), 'Attribute'), close: kw(at(R, 3, 2), '}')
        });
    }
    const C = rule('CodeList').definition;
    declarationRules.set('CodeList', {
        kw: kw(at(C, 0), 'codelist'), name: call(assigned(at(C, 1), 'name', '='), 'ID'), label: call(assigned(at(C, 2), 'label', '='), 'STRING'),
        open: kw(at(C, 3), '{'), attributes: call(assigned(at(C, 4, 0), 'attributes', '+='), 'Attribute'), close: kw(at(C, 5), '}')
    });
    const entriesCall = call(assigned(at(C, 4, 1), 'entries', '+='), 'CodeEntry');
    const E = rule('Element').definition;
    declarationRules.set('Element', {
        kw: kw(at(E, 0), 'element'), name: call(assigned(at(E, 1), 'name', '='), 'ID'), label: call(assigned(at(E, 2), 'label', '='), 'STRING'),
        colon: kw(at(E, 3), ':'), type: call(assigned(at(E, 4), 'type', '='), 'TypeRef'),
        open: kw(at(E, 5, 0), '{'), attributes: call(assigned(at(E, 5, 1), 'attributes', '+='), 'Attribute'), close: kw(at(E, 5, 2), '}')
    });
    const R = rule('Record').definition;
    declarationRules.set('Record', {
        kw: kw(at(R, 0), 'record'), name: call(assigned(at(R, 1), 'name', '='), 'ID'), label: call(assigned(at(R, 2), 'label', '='), 'STRING'),
        extendsKw: kw(at(R, 3, 0), 'extends'), superType: ref(assigned(at(R, 3, 1), 'superType', '=')),
        open: kw(at(R, 4), '{'), attributes: call(assigned(at(R, 5, 1), 'attributes', '+='), 'Attribute'), close: kw(at(R, 6), '}')
    });
    const fieldsCall = call(assigned(at(R, 5, 0), 'fields', '+='), 'Field');

    const T = rule('TypeRef').definition;
    const typeRef = { primitive: call(assigned(at(T, 0), 'primitive', '='), 'PrimitiveType'), codeList: ref(assigned(at(T, 1), 'codeList', '=')) };
    const P = rule('PrimitiveType').definition;
    const primitives = new Map<string, GrammarAST.Keyword>();
    for (const p of PRIMITIVES) primitives.set(p, kw(at(P, [...PRIMITIVES].indexOf(p)), p));

    const CE = rule('CodeEntry').definition;
    const codeEntry = {
        call: entriesCall,
        code: call(assigned(at(CE, 0), 'code', '='), 'STRING'), label: call(assigned(at(CE, 1), 'label', '='), 'STRING'),
        parentKw: kw(at(CE, 2, 0), 'parent'), parent: call(assigned(at(CE, 2, 1), 'parent', '='), 'STRING'),
        deprecated: kw(assigned(at(CE, 3), 'deprecated', '?='), 'deprecated')
    };
    const F = rule('Field').definition;
    const field = {
        call: fieldsCall,
        key: kw(assigned(at(F, 0, 0, 0), 'key', '?='), 'key'), keyName: call(assigned(at(F, 0, 0, 1), 'name', '='), 'FieldName'),
        name: call(assigned(at(F, 0, 1), 'name', '='), 'FieldName'),
        optional: kw(assigned(at(F, 1), 'optional', '?='), '?'), colon: kw(at(F, 2), ':'),
        primitive: call(assigned(at(F, 3, 0), 'primitive', '='), 'PrimitiveType'), type: ref(assigned(at(F, 3, 1), 'type', '=')),
        list: kw(assigned(at(F, 4, 0), 'list', '?='), '['), cardinality: call(assigned(at(F, 4, 1), 'cardinality', '='), 'Range'), listClose: kw(at(F, 4, 2), ']'),
        label: call(assigned(at(F, 5), 'label', '='), 'STRING')
    };

    const A = rule('Attribute').definition;
    const attributes = new Map<string, AttributeElements>();
    if (!GrammarAST.isAlternatives(A)) throw new Error('attributes');
    for (const e of A.elements) {
        if (!GrammarAST.isRuleCall(e) || !GrammarAST.isParserRule(e.rule.ref)) throw new Error('attribute');
        const def = e.rule.ref.definition;
        if (!GrammarAST.isGroup(def)) throw new Error('attribute group');
        const els = def.elements.filter(x => !GrammarAST.isAction(x));
        const keyword = kw(els[0]);
        const entry: AttributeElements = { call: e, kw: keyword, values: [] };
        if (els[1]) entry.values[0] = (els[1] as GrammarAST.Assignment).terminal;
        if (els[2]) {
            entry.comma = kw(at(els[2], 0), ',');
            entry.values[1] = (at(els[2], 1) as GrammarAST.Assignment).terminal;
            if (els[2].cardinality !== '*') throw new Error('repeated value');
        }
        if (els.length > 3 || (els[1] && !GrammarAST.isAssignment(els[1]))) throw new Error('attribute shape');
        for (const v of entry.values) {
            if (!v) continue;
            if (GrammarAST.isCrossReference(v)) ref(v);
            else if (!GrammarAST.isRuleCall(v) || !['STRING', 'Word', 'Range', 'FormatName', 'SignedNumber'].includes(v.rule.$refText)) throw new Error('attribute value');
        }
        attributes.set(e.rule.ref.name, entry);
        ATTRIBUTES[keyword.value] = e.rule.ref.name;
    }

    const RG = rule('Range').definition;
    const range = {
        lower: call(assigned(at(RG, 0, 0), 'lower', '='), 'Bound'), dots1: kw(assigned(at(RG, 0, 1, 0), 'dots', '?='), '..'), upper1: call(assigned(at(RG, 0, 1, 1), 'upper', '='), 'Bound'),
        dots2: kw(assigned(at(RG, 1, 0), 'dots', '?='), '..'), upper2: call(assigned(at(RG, 1, 1), 'upper', '='), 'Bound')
    };
    const B = rule('Bound').definition;
    const bound = { number: call(assigned(at(B, 0), 'number', '='), 'SignedNumber'), text: call(assigned(at(B, 1), 'text', '='), 'STRING') };
    const SN = rule('SignedNumber').definition;
    const signedNumber = { minus: kw(at(SN, 0), '-'), number: call(at(SN, 1), 'NUMBER') };
    const FN = rule('FormatName').definition;
    const formatName = { id: call(at(FN, 0), 'ID'), dash: kw(at(FN, 1, 0), '-'), more: call(at(FN, 1, 1), 'ID') };
    const QN = rule('QualifiedName').definition;
    const qualifiedName = { id: call(at(QN, 0), 'ID'), dot: kw(at(QN, 1, 0), '.'), word: call(at(QN, 1, 1), 'Word') };
    const W = rule('Word').definition;
    const word = { id: call(at(W, 0), 'ID'), keyword: call(at(W, 1), 'Keyword') };
    const FNm = rule('FieldName').definition;
    const fieldName = { id: call(at(FNm, 0), 'ID'), keyword: call(at(FNm, 1), 'Keyword') };
    const K = rule('Keyword').definition;
    const keywords = new Map<string, GrammarAST.Keyword>();
    if (!GrammarAST.isAlternatives(K)) throw new Error('keywords');
    for (const e of K.elements) keywords.set(kw(e).value, kw(e));

    return {
        model, importKw: kw(at(I, 0), 'import'), importNamespace: call(assigned(at(I, 1), 'namespace', '='), 'QualifiedName'),
        declarationCalls, rules: declarationRules, typeRef, primitives, codeEntry, field, attributes,
        range, bound, signedNumber, formatName, qualifiedName, word, fieldName, keywords
    };
}
