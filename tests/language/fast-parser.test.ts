import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AstUtils, createLangiumParser, EmptyFileSystem, GrammarUtils, isAstNode, type AstNode, type CstNode, type ParseResult } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, modelToJson } from '@mds/language';
import { FastMdsParser } from '../../packages/language/src/parser/fast-parser.js';
import { MdsTokens } from '../../packages/language/src/parser/fast-lexer.js';
import { isLazy, lazyNameLine } from '../../packages/language/src/parser/lazy-cst.js';
import { mutate, rng, tokens } from '../../bench/fuzz-mutate.mjs';
import { generateCorpus } from '../../bench/generate-corpus.mjs';
import { shapeModel, toMds } from '../../bench/shape-corpus.mjs';

/**
 * The fast parser against Langium's: on every text the fast parser accepts, Langium must find no
 * error and build the same tree — every AST node with the same properties in the same order, the
 * same references, every CST node with the same class, position, grammar element, token type and
 * links. On well-formed files the fast parser must not give up (that would only cost speed, so
 * nothing else would notice).
 */
const { Mds } = createMdsCoreServices(EmptyFileSystem);
const langium = createLangiumParser(Mds);
const fast = new FastMdsParser(Mds);
const grammarIds = new Map<unknown, number>();
for (const node of AstUtils.streamAst(Mds.Grammar)) grammarIds.set(node, grammarIds.size);

/** The whole tree of a parse result as text: two results are the same tree when their dumps are equal. */
function dump(result: ParseResult, lenient = false): string {
    const astIds = new Map<AstNode, number>();
    const cstIds = new Map<CstNode, number>();
    const asts: AstNode[] = [];
    const collect = (node: AstNode) => {
        astIds.set(node, astIds.size);
        asts.push(node);
        for (const child of AstUtils.streamContents(node)) collect(child);
    };
    collect(result.value);
    const csts: CstNode[] = [];
    const walk = (node: CstNode) => {
        cstIds.set(node, cstIds.size);
        csts.push(node);
        for (const child of (node as { content?: CstNode[] }).content ?? []) walk(child);
    };
    walk(result.value.$cstNode!);
    const value = (v: unknown): string => {
        if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
        if (isAstNode(v)) return `ast#${astIds.get(v as AstNode)}`;
        if (v && typeof v === 'object' && '$refText' in v) {
            const ref = v as { $refText: string; $refNode?: CstNode };
            return `ref(${JSON.stringify(ref.$refText)} at cst#${ref.$refNode ? cstIds.get(ref.$refNode) : '-'}, ${lenient ? '' : Object.getPrototypeOf(v)?.constructor?.name})`;
        }
        if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
        return JSON.stringify(v) ?? String(v);
    };
    const lines: string[] = [];
    for (const node of asts) {
        // Lenient (a lazy tree, whose CST was added later): \$cstNode last, any prototype and reference class.
        const keys = lenient ? [...Object.keys(node).filter(k => k !== '$cstNode'), '$cstNode'] : Object.keys(node);
        const props = keys.map(k => {
            const v = (node as unknown as Record<string, unknown>)[k];
            if (k === '$cstNode') return `${k}=${v ? `cst#${cstIds.get(v as CstNode)}` : v}`;
            if (k === '$container') return `${k}=ast#${astIds.get(v as AstNode)}`;
            return `${k}=${value(v)}`;
        });
        lines.push(`ast#${astIds.get(node)} ${lenient || Object.getPrototypeOf(node) === Object.prototype ? '' : 'proto!'} ${props.join(' ')}`);
    }
    for (const node of csts) {
        const n = node as CstNode & { content?: CstNode[]; _astNode?: AstNode; tokenType?: { name: string } };
        const own = n.content ? n._astNode : undefined;
        lines.push(`cst#${cstIds.get(node)} ${node.constructor.name} ${node.offset}+${node.length} ${JSON.stringify(node.range)} hidden=${node.hidden} `
            + `grammar=${node.grammarSource ? grammarIds.get(node.grammarSource) : '-'} token=${n.tokenType?.name ?? '-'} `
            + `container=${node.container ? cstIds.get(node.container) : '-'} ast=${own ? astIds.get(own) : '-'} `
            + `content=[${(n.content ?? []).map(c => cstIds.get(c)).join(',')}]`);
    }
    return lines.join('\n');
}

/** The fast lexer against chevrotain's (as Langium built it): both fail, or both give the same tokens and comments. */
const lexer = (fast as unknown as { t: MdsTokens }).t;
function compareTokens(text: string): boolean {
    const reference = Mds.parser.Lexer.tokenize(text);
    const ok = lexer.lex(text);
    expect(ok, `lexers disagree on whether this text has an error:\n${JSON.stringify(text)}`).toBe(reference.errors.length === 0);
    if (!ok) return false;
    const mine = Array.from({ length: lexer.count }, (_, i) => [lexer.kinds[i], lexer.starts[i], lexer.ends[i] - lexer.starts[i], lexer.startLines[i], lexer.startColumns[i], lexer.endLines[i], lexer.endColumns[i]].join(' '));
    const theirs = reference.tokens.map(t => [t.tokenType.name, t.startOffset, t.image.length, t.startLine, t.startColumn, t.endLine, t.endColumn].join(' '));
    expect(mine, JSON.stringify(text)).toEqual(theirs);
    const hidden = (list: typeof reference.hidden) => list.map(t => [t.tokenType.name, t.startOffset, t.image, t.startLine, t.startColumn, t.endLine, t.endColumn].join(' '));
    expect(hidden(lexer.hidden), JSON.stringify(text)).toEqual(hidden(reference.hidden));
    return true;
}

interface Outcome { fast: boolean; same?: boolean; langiumErrors: number }

function compare(text: string): Outcome {
    compareTokens(text);
    const reference = langium.parse(text);
    const errors = reference.lexerErrors.length + reference.parserErrors.length;
    const quick = fast.parse(text);
    if (!quick) return { fast: false, langiumErrors: errors };
    expect(errors, `the fast parser accepted a text with ${errors} Langium errors:\n${text}`).toBe(0);
    const [a, b] = [dump(quick), dump(reference)];
    if (a !== b) {
        const la = a.split('\n'), lb = b.split('\n');
        const i = la.findIndex((l, k) => l !== lb[k]);
        expect(la[i], `first difference in the tree of:\n${text}`).toBe(lb[i]);
    }
    compareLazy(text, reference);
    return { fast: true, same: true, langiumErrors: 0 };
}

/**
 * The lazy parse (no CST until asked) of a text the fast parser accepts: its names' lines are
 * known without a CST, and once any node's \$cstNode or reference's \$refNode is read, the tree
 * is Langium's (the first read alternates between the root, a deep node and a reference).
 */
let lazyReads = 0;
function compareLazy(text: string, reference: ParseResult): void {
    const lazy = fast.parse(text, true)!;
    expect(lazy, 'the lazy parse gave up where the full one did not').toBeDefined();
    const nodes = AstUtils.streamAst(lazy.value).toArray();
    expect(isLazy(lazy.value)).toBe(true);
    const declarations = (reference.value as unknown as { declarations: AstNode[] }).declarations;
    (lazy.value as unknown as { declarations: AstNode[] }).declarations.forEach((decl, i) => {
        expect(lazyNameLine(decl)).toBe(GrammarUtils.findNodeForProperty(declarations[i].$cstNode, 'name')!.range.start.line);
    });
    const refs = nodes.flatMap(n => AstUtils.streamReferences(n).toArray());
    const first = lazyReads++ % 3;
    if (first === 0) expect(lazy.value.$cstNode).toBeDefined();
    else if (first === 1) expect(nodes[nodes.length - 1].$cstNode).toBeDefined();
    else if (refs.length) expect(refs[refs.length - 1].reference.$refNode).toBeDefined();
    else expect(nodes[Math.floor(nodes.length / 2)].$cstNode).toBeDefined();
    expect(isLazy(lazy.value)).toBe(false);
    expect(lazyNameLine(nodes[nodes.length - 1])).toBeUndefined();
    const [a, b] = [dump(lazy, true), dump(reference, true)];
    if (a !== b) {
        const la = a.split('\n'), lb = b.split('\n');
        const i = la.findIndex((l, k) => l !== lb[k]);
        expect(la[i], `first difference in the lazy tree of:\n${text}`).toBe(lb[i]);
    }
}

function mdsFiles(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) mdsFiles(path, out);
        else if (name.endsWith('.mds')) out.push(path);
    }
    return out;
}

const ROOT = join(import.meta.dirname, '../..');
const STANDARDS = readdirSync(join(ROOT, 'standards')).filter(f => f.endsWith('.mds')).sort().map(f => readFileSync(join(ROOT, 'standards', f), 'utf8'));

describe('fast parser', () => {
    test('is enabled for this grammar', () => {
        expect(fast.enabled).toBe(true);
    });

    test('every .mds file of the repository: the same tree, and no well-formed file left to Langium', () => {
        const files = mdsFiles(ROOT);
        expect(files.length).toBeGreaterThan(15);
        let quick = 0;
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            const outcome = compare(text);
            if (outcome.langiumErrors === 0) expect(outcome.fast, `${file} parses without errors but the fast parser gave up`).toBe(true);
            if (outcome.fast) quick++;
        }
        expect(quick).toBeGreaterThan(15);
    });

    test('generated corpora (bench corpus and the issue-15 shape)', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-fast-'));
        generateCorpus(600, dir);
        const texts = readdirSync(dir).filter(f => f.endsWith('.mds')).map(f => readFileSync(join(dir, f), 'utf8'));
        texts.push(...toMds(shapeModel(300, 10)).map((f: { text: string }) => f.text));
        for (const text of texts) expect(compare(text).fast).toBe(true);
    });

    test('corner cases of the grammar', () => {
        const cases = [
            // comments everywhere: before the namespace, inside declarations, between a reference's segments, at the end
            `// head\n/* block */ namespace /* a */ t.x // tail\nversion "1.0.0"\n// before import\nimport t.y\n/* before */ element E "e" /* x */ : /* y */ string { // z\n  length 1 /* q */ .. /* r */ 64\n}\n// end\n/* end */`,
            `namespace t\nrecord R {\n  key key : string\n  key ? : string\n  status : string\n  personal ? : date [ ] "标签"\n  personal\n  status standard\n  x : t . open . X [1..]\n  y : integer [..5] "y"\n  z: decimal[2..3]\n}`,
            `namespace t\ncodelist L { range 0.. "01" "一" "02" "二" }`,
            // After an entry, Langium reads \`parent\` as the entry's (an error before a name), not as the attribute.
            `namespace t\ncodelist L { "02" "二"\n  parent X\n }`,
            `namespace t\ncodelist L "l" {\n  status standard\n  "01" "一" parent "00" deprecated\n  "02" "二"\n  "03" "三" deprecated\n  range 0..9\n}`,
            `namespace t\nelement A : string { format phone-cn-x range -5..-1 scale -2 synonyms "a", "b" , "c" }\nelement B : date { range "2000-01-01".."2099-12-31" }\nelement C : decimal { range 1.50..1e3 unit "元" }`,
            `namespace t\nsystem S { stores A, b.C , D domain X kind core }\nflow F { from S to T carries A, B via api agreement "x" }\ndepartment D\ndomain M "m"\nrecord R extends a.b.C { }\nelement E : a.L`,
            `namespace t.open.key\r\nimport minhang.open\r\nelement E : string {\r\n\tlength 1..2\r\n}\r\n`,
            `\uFEFFnamespace t\nelement E : string`,
            `namespace t\nelement E : string { range .. }`,
            `namespace t\nelement E : string { format phone- }`,
            `namespace t\nrecord R { a : string [1..2 }`,
            `namespace t\nelement E : string { pattern "\\\\d{6}\\"" definition "引号 \\" 与 \\\\" }`
        ];
        for (const text of cases) compare(text);
        // The well-formed ones must take the fast path.
        for (const i of [0, 1, 4, 5, 6, 7, 8, 12]) expect(compare(cases[i]).fast, cases[i]).toBe(true);
    });

    test('the lexer: line breaks, strings and comments over lines, numbers, keywords inside words, odd characters', () => {
        const texts = [
            'namespace a\rversion "1"\r\nimport b\n\relement E : string',
            'namespace a\nelement E "多\n行\r\n标签" : string { definition "a\\"b\\\\" }',
            'namespace a /* 注释\n第二行\r\n */ element E : string /**/ /*/ */ //',
            'namespace a\u2028element E : string\u3000{\u00a0length 1e5..1.5e-3 range 1. .. 2 }',
            'namespace keys.datetimeX.key_x\nelement E : datetime',
            'namespace a\telement E : string { range ...5 }',
            'namespace a element E "\\\n" : string',
            'namespace a element E "\\\r" : string',
            'namespace a element E "\\\u2028" : string',
            'namespace a element E "\u2028\\\u00a0" : string',
            'namespace a element E "unterminated : string',
            'namespace a /* unterminated',
            'namespace a element E : string @',
            'namespace a element _E : string',
            'namespace a element E : string { pattern "\\d{6}" } // end\r',
            'namespace a\n\n\n"\n"\n',
            'namespace a element E1e : 1e+ 1E-2 9.x',
            '\uFEFF\uFEFF namespace a'
        ];
        let ok = 0;
        for (const text of texts) if (compareTokens(text)) ok++;
        expect(ok).toBeGreaterThan(8);
        for (const text of texts) compare(text);
    });

    test('seeded mutants of standards/ and comments at random places: accepted only when Langium builds the same tree', () => {
        const r = rng(20261130);
        let accepted = 0, total = 0;
        for (let k = 0; k < 1500; k++) {
            const text = STANDARDS[r.int(STANDARDS.length)];
            let mutant: string;
            if (k % 3 === 0) {
                const toks = tokens(text);
                for (let c = 0; c < 1 + r.int(4); c++) toks.splice(r.int(toks.length + 1), 0, r.pick([' /* 注释 */ ', '// c\n', '\n/**/', ' ']));
                mutant = toks.join('');
            } else {
                mutant = mutate(text, r, STANDARDS);
            }
            total++;
            if (compare(mutant).fast) accepted++;
        }
        // Comment insertions keep a file well-formed, and some mutations do too: enough accepted texts to mean something.
        expect(accepted).toBeGreaterThan(total / 4);
    });
});

describe('lazy CST in batch tools', () => {
    const STANDARD_FILES = readdirSync(join(ROOT, 'standards')).filter(f => f.endsWith('.mds')).sort()
        .map(f => ({ path: join(ROOT, 'standards', f), text: readFileSync(join(ROOT, 'standards', f), 'utf8') }));
    const diagnosticsOf = (ws: Awaited<ReturnType<typeof buildWorkspace>>) =>
        ws.documents.map(d => JSON.stringify([d.uri.toString(), ws.diagnostics.get(d)])).join('\n');

    test('a check and the semantic model of well-formed files build no CST', async () => {
        const batch = createMdsCoreServices(EmptyFileSystem, { batch: true }).Mds;
        const ws = await buildWorkspace(batch, STANDARD_FILES);
        expect(ws.errorCount).toBe(0);
        const model = buildSemanticModel(batch, ws.documents);
        expect(ws.documents.filter(d => !isLazy(d.parseResult.value)).map(d => d.uri.path)).toEqual([]);
        // The same model (source lines included) as from trees with their CST.
        const full = createMdsCoreServices(EmptyFileSystem).Mds;
        const fullWs = await buildWorkspace(full, STANDARD_FILES);
        expect(ws.documents.some(d => isLazy(d.parseResult.value))).toBe(true);
        expect(modelToJson(model)).toBe(modelToJson(buildSemanticModel(full, fullWs.documents)));
    });

    test('seeded mutants of standards/: the same diagnostics with and without a lazy CST', async () => {
        const r = rng(20261201);
        let lazyWithDiagnostics = 0, stillLazy = 0;
        for (let k = 0; k < 30; k++) {
            const files = STANDARD_FILES.map(f => ({ ...f }));
            const victim = files[r.int(files.length)];
            // Half of them well-formed with findings (an unknown reference, a declaration twice, no steward), half random.
            const semantic = [
                (t: string) => t.replace(/(: *)([A-Z][A-Za-z0-9_]*)/, '$1Nope'),
                (t: string) => t + '\n' + (/\n((?:element|record|codelist) [\s\S]*?\n\})/.exec(t)?.[1] ?? ''),
                (t: string) => t.replace(/\n *steward [^\n]*/g, ''),
                (t: string) => t.replace(/(\n *length )\d+\.\.\d+/, '$19..1')
            ];
            victim.text = k % 2 ? mutate(victim.text, r, files.map(f => f.text)) : semantic[(k / 2) % semantic.length](victim.text);
            const batch = createMdsCoreServices(EmptyFileSystem, { batch: true }).Mds;
            const full = createMdsCoreServices(EmptyFileSystem).Mds;
            const [a, b] = [await buildWorkspace(batch, files), await buildWorkspace(full, files)];
            expect(diagnosticsOf(a)).toBe(diagnosticsOf(b));
            if (fast.parse(victim.text) && a.errorCount + a.warningCount > 0) lazyWithDiagnostics++;
            // Ranges from twins of the declarations: the document keeps no CST.
            if (a.documents.some(d => isLazy(d.parseResult.value) && a.diagnostics.get(d)!.length > 0)) stillLazy++;
        }
        expect(stillLazy).toBeGreaterThan(3);
        // Mutants that parse and still have findings: their diagnostics needed the CST built on demand.
        expect(lazyWithDiagnostics).toBeGreaterThan(8);
    });
});
