import { describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, diagnostics, type DiagnosticCode, type RecordModel } from '@mds/language';
import { check, HEADER, markers } from '../helpers.js';

/**
 * Every rule: a case that triggers it, with `⟦` marking where each diagnostic must start, and
 * a near miss that must check clean. Positions and the full set of diagnostics are asserted,
 * so a rule that fires too often, too rarely or at the wrong place fails.
 */
interface Case {
    name: string;
    code: DiagnosticCode;
    severity?: 'error' | 'warning';
    bad: Record<string, string> | string;
    good: Record<string, string> | string;
    /** Substrings the (English) message must contain. */
    says?: string[];
}

const H = HEADER;
const el = (name: string, body = '') => `element ${name} "${name}" : string { ${body} }\n`;
const std = (extra = '') => `status standard definition "d" steward DIST condition "c" ${extra}`;

const cases: Case[] = [
    // ---- rule 1: references and names ----------------------------------------------------
    {
        name: 'unresolved reference', code: 'unresolved-reference',
        bad: H + 'element X "x" : ⟦Nope\n',
        good: H + 'codelist Nope "n" { "1" "一" }\nelement X "x" : Nope\n',
        says: ['cannot find `Nope`']
    },
    {
        name: 'unresolved type of an element, with a suggestion', code: 'unresolved-reference',
        bad: H + 'element X "x" : ⟦strin\n', good: H + 'element X "x" : string\n',
        says: ['did you mean `string`?']
    },
    {
        name: 'unresolved, with a hint to import', code: 'unresolved-reference',
        bad: { 'a.mds': 'namespace t.a\n' + el('Name'), 'b.mds': 'namespace t.b\nrecord R { n: ⟦Name }\n' },
        good: { 'a.mds': 'namespace t.a\n' + el('Name'), 'b.mds': 'namespace t.b\nimport t.a\nrecord R { n: Name }\n' },
        says: ['declared in `t.a`', 'import t.a']
    },
    {
        name: 'ambiguous reference', code: 'ambiguous-reference',
        bad: {
            'a.mds': 'namespace t.a\n' + el('Name'), 'b.mds': 'namespace t.b\n' + el('Name'),
            'c.mds': 'namespace t.c\nimport t.a\nimport t.b\nrecord R { n: ⟦Name }\n'
        },
        good: {
            'a.mds': 'namespace t.a\n' + el('Name'), 'b.mds': 'namespace t.b\n' + el('Name'),
            'c.mds': 'namespace t.c\nimport t.a\nimport t.b\nrecord R { n: t.a.Name  m: t.b.Name }\n'
        },
        says: ['qualify it as `t.a.Name` / `t.b.Name`']
    },
    {
        name: 'wrongly-kinded references', code: 'wrong-kind',
        bad: H + 'record R { d: ⟦DIST }\nelement E "e" : string { steward ⟦R }\nsystem S "s" { owner DIST }\n'
            + 'flow F "f" { from ⟦R to S carries ⟦S }\nelement C "c" : ⟦E\n',
        good: H + 'record R { d: E }\nelement E "e" : string { steward DIST }\nsystem S "s" { owner DIST }\n'
            + 'flow F "f" { from S to S carries R }\ncodelist L "l" { "1" "一" }\nelement C "c" : L\n',
        says: ['`DIST` is a department, but a field type needs an element or record']
    },
    {
        name: 'duplicate names in a namespace, across files', code: 'duplicate-name',
        bad: { 'a.mds': 'namespace t.a\nelement ⟦X "x" : string\n', 'b.mds': 'namespace t.a\nelement ⟦X "x" : integer\n' },
        good: { 'a.mds': 'namespace t.a\nelement X "x" : string\n', 'b.mds': 'namespace t.b\nelement X "x" : integer\n' },
        says: ['also at']
    },
    // ---- imports and the file header -----------------------------------------------------------
    {
        name: 'import of an undeclared namespace', code: 'unknown-import',
        bad: 'namespace t.a\nimport ⟦t.nothing\n', good: { 'a.mds': 'namespace t.a\nimport t.b\n', 'b.mds': 'namespace t.b\n' }
    },
    {
        name: 'import cycle', code: 'import-cycle', severity: 'warning',
        bad: { 'a.mds': 'namespace t.a\nimport ⟦t.b\n', 'b.mds': 'namespace t.b\nimport ⟦t.a\n' },
        good: { 'a.mds': 'namespace t.a\nimport t.b\n', 'b.mds': 'namespace t.b\n' },
        says: ['t.a → t.b → t.a']
    },
    {
        name: 'redundant import', code: 'redundant-import', severity: 'warning',
        bad: { 'a.mds': 'namespace t.a\nimport ⟦t.a\nimport t.b\nimport ⟦t.b\n', 'b.mds': 'namespace t.b\n' },
        good: { 'a.mds': 'namespace t.a\nimport t.b\n', 'b.mds': 'namespace t.b\n' }
    },
    {
        name: 'namespace not lowercase', code: 'namespace-name',
        bad: 'namespace ⟦T.Base\n', good: 'namespace t.base2\n'
    },
    {
        name: 'version not semver', code: 'invalid-version',
        bad: 'namespace t.a\nversion ⟦"1.2"\nelement X "x" : string { since ⟦"next" }\n',
        good: 'namespace t.a\nversion "1.2.0"\nelement X "x" : string { since "1.2.0" }\n'
    },
    {
        name: 'version declared by two files', code: 'duplicate-version',
        bad: { 'a.mds': 'namespace t.a\nversion ⟦"1.0.0"\n', 'b.mds': 'namespace t.a\nversion ⟦"1.0.0"\n' },
        good: { 'a.mds': 'namespace t.a\nversion "1.0.0"\n', 'b.mds': 'namespace t.a\n' }
    },
    {
        name: 'since later than the namespace version', code: 'since-after-version', severity: 'warning',
        bad: { 'a.mds': 'namespace t.a\nversion "1.0.0"\n', 'b.mds': 'namespace t.a\nelement X "x" : string { since ⟦"1.1.0" }\n' },
        good: { 'a.mds': 'namespace t.a\nversion "1.1.0"\n', 'b.mds': 'namespace t.a\nelement X "x" : string { since "1.1.0" }\n' }
    },
    // ---- attributes ------------------------------------------------------------------------------
    {
        name: 'attribute on the wrong kind of declaration', code: 'attribute-not-allowed',
        bad: H + 'department D "d" { level district ⟦steward DIST }\nelement E "e" : string { ⟦level city }\n',
        good: H + 'department D "d" { level district }\nelement E "e" : string { steward DIST }\n'
    },
    {
        name: 'attribute given twice', code: 'duplicate-attribute',
        bad: H + 'element E "e" : integer { unit "个" ⟦unit "人" }\n', good: H + 'element E "e" : integer { unit "个" }\n'
    },
    {
        name: 'value outside the vocabulary, with a suggestion', code: 'invalid-value',
        bad: H + 'element E "e" : string { status ⟦standrad  grade ⟦secret }\n', good: H + 'element E "e" : string { status draft grade core }\n',
        says: ['Did you mean `standard`?']
    },
    {
        name: 'required attribute missing', code: 'missing-attribute',
        bad: H + 'department ⟦D "d" { }\nsystem S "s" { owner DIST }\nflow ⟦F "f" { from S to S }\n',
        good: H + 'department D "d" { level town parent DIST }\nsystem S "s" { owner DIST }\nrecord R { }\nflow F "f" { from S to S carries R }\n'
    },
    // ---- rule 2 -----------------------------------------------------------------------------
    {
        name: 'standard without definition', code: 'missing-definition',
        bad: H + 'element ⟦E "e" : string { status standard steward DIST condition "c" }\n',
        good: H + el('E', std())
    },
    {
        name: 'candidate without steward is a warning', code: 'missing-steward', severity: 'warning',
        bad: H + 'element ⟦E "e" : string { status candidate definition "d" }\n',
        good: H + 'element E "e" : string { status candidate definition "d" steward DIST }\n'
    },
    {
        name: 'standard without steward is an error', code: 'missing-steward', severity: 'error',
        bad: H + 'element ⟦E "e" : string { status standard definition "d" condition "c" }\n',
        good: H + el('E', std())
    },
    // ---- rule 3 -----------------------------------------------------------------------------
    {
        name: 'standard record using draft or retired elements', code: 'uses-unstable',
        bad: H + el('A') + el('B', 'status retired replacedBy A') + 'record R "r" { ' + std() + ' key a: ⟦A  b: ⟦B }\n',
        good: H + el('A', std()) + 'record R "r" { ' + std() + ' key a: A }\n'
    },
    {
        name: 'standard record using a deprecated element', code: 'uses-deprecated', severity: 'warning',
        bad: H + el('A', std()) + el('B', 'status deprecated replacedBy A') + 'record R "r" { ' + std() + ' key b: ⟦B }\n',
        good: H + el('A', std()) + el('B', 'status deprecated replacedBy A') + 'record R "r" { status draft key b: B }\n',
        says: ['use `A` instead']
    },
    // ---- rule 4 -----------------------------------------------------------------------------
    {
        name: 'personal or important data open unconditional', code: 'sensitive-open',
        bad: H + el('A', 'personal open ⟦unconditional') + el('B', 'grade important open ⟦unconditional')
            + 'record R { grade core open ⟦unconditional share none }\n',
        good: H + el('A', 'personal open conditional') + el('B', 'grade general open unconditional')
            + 'record R { grade core open none share none }\n'
    },
    {
        name: 'core data shared unconditionally', code: 'core-share-unconditional',
        bad: H + el('A', 'grade core share ⟦unconditional'), good: H + el('A', 'grade important share unconditional')
    },
    // ---- rule 5 -----------------------------------------------------------------------------
    {
        name: 'record more open than a nested part names the field path', code: 'record-more-open',
        bad: H + el('Detail', 'open none share unconditional') + el('Name', 'open unconditional share unconditional')
            + 'record Address { detail: Detail }\nrecord Guardian { address: Address }\n'
            + 'record Base { name: Name }\nrecord Person extends Base { open ⟦unconditional  guardian?: Guardian }\n',
        good: H + el('Detail', 'open none share unconditional') + el('Name', 'open unconditional share unconditional')
            + 'record Address { detail: Detail }\nrecord Guardian { address: Address }\n'
            + 'record Base { name: Name }\nrecord Person extends Base { open none  guardian?: Guardian }\n',
        says: ['field `guardian.address.detail` is open none']
    },
    {
        name: 'record more open than its parent record', code: 'record-more-open',
        bad: H + el('Name', 'open unconditional share unconditional') + 'record Base { open none name: Name }\nrecord Child extends Base { open ⟦conditional }\n',
        good: H + el('Name', 'open unconditional share unconditional') + 'record Base { open none name: Name }\nrecord Child extends Base { open none }\n',
        says: ['field `extends Base` is open none']
    },
    {
        name: 'record shared more than a part', code: 'record-more-shared',
        bad: H + el('A', 'share none') + 'record R { share ⟦conditional a: A }\n', good: H + el('A', 'share none') + 'record R { share none a: A }\n'
    },
    {
        name: 'record graded lower than a part', code: 'record-grade-lower',
        bad: H + el('A', 'grade important') + 'record R { grade ⟦general a?: A[] }\n',
        good: H + el('A', 'grade important') + 'record R { grade core a?: A[] }\n',
        says: ['field `a` is grade important']
    },
    // ---- rules 6 and 7 ----------------------------------------------------------------------
    {
        name: 'unshareable record flowing between owners', code: 'flow-unshareable',
        bad: H + el('A', 'share none') + 'record R { a: A }\nsystem S1 "1" { owner DIST }\nsystem S2 "2" { owner DIST2 }\nflow F "f" { from S1 to S2 carries ⟦R agreement "x" }\n',
        good: H + el('A', 'share none') + 'record R { a: A }\nsystem S1 "1" { owner DIST }\nsystem S2 "2" { owner DIST }\nflow F "f" { from S1 to S2 carries R }\n'
    },
    {
        name: 'conditional record flowing between owners without agreement', code: 'flow-missing-agreement', severity: 'warning',
        bad: H + el('A') + 'record R { a: A }\nsystem S1 "1" { owner DIST }\nsystem S2 "2" { owner DIST2 }\nflow F "f" { from S1 to S2 carries ⟦R }\n',
        good: H + el('A') + 'record R { a: A }\nsystem S1 "1" { owner DIST }\nsystem S2 "2" { owner DIST2 }\nflow F "f" { from S1 to S2 carries R agreement "闵数共享〔2024〕1号" }\n'
    },
    {
        name: 'second system of record, across files', code: 'duplicate-system-of-record',
        bad: { 'a.mds': H + 'record R { }\nsystem S1 "1" { owner DIST stores R }\n', 'b.mds': 'namespace t.base\nsystem S2 "2" { owner DIST stores ⟦R }\n' },
        good: { 'a.mds': H + 'record R { }\nrecord Q { }\nsystem S1 "1" { owner DIST stores R }\n', 'b.mds': 'namespace t.base\nsystem S2 "2" { owner DIST stores Q }\n' },
        says: ['already has system of record `S1` (a.mds:6:8)']
    },
    // ---- rule 8 -----------------------------------------------------------------------------
    {
        name: 'parent at the same or a lower level', code: 'parent-level',
        bad: H + 'department T "t" { level town parent DIST }\ndepartment D "d" { level district parent ⟦DIST2 }\ndepartment C "c" { level city parent ⟦T }\n',
        good: H + 'department T "t" { level town parent DIST }\ndepartment V "v" { level village parent T }\n'
    },
    {
        name: 'parent cycle', code: 'parent-cycle',
        bad: 'namespace t.a\ndepartment A "a" { level city parent ⟦B }\ndepartment B "b" { level city parent ⟦A }\n'
            + 'domain X "x" { owner A parent ⟦X }\n',
        good: 'namespace t.a\ndepartment A "a" { level city }\ndepartment B "b" { level district parent A }\ndomain X "x" { owner A }\ndomain Y "y" { owner A parent X }\n'
    },
    // ---- rule 9 -----------------------------------------------------------------------------
    {
        name: 'standard, conditionally shared, without condition', code: 'missing-condition', severity: 'warning',
        bad: H + 'element E "e" : string { status standard definition "d" steward DIST share ⟦conditional }\n'
            + 'element ⟦F "f" : string { status standard definition "d" steward DIST }\n',
        good: H + 'element E "e" : string { status standard definition "d" steward DIST share none }\n'
            + 'element F "f" : string { status standard definition "d" steward DIST condition "依申请" }\n'
    },
    {
        name: 'deprecated without replacement', code: 'missing-replacement', severity: 'warning',
        bad: H + el('E', 'status ⟦deprecated'), good: H + el('N') + el('E', 'status deprecated replacedBy N')
    },
    // ---- types and constraints ----------------------------------------------------------------
    {
        name: 'constraint that does not fit the type', code: 'constraint-mismatch',
        bad: H + 'element A "a" : integer { ⟦length 3 }\nelement B "b" : string { ⟦range 1..2 }\ncodelist L "l" { "1" "一" }\nelement C "c" : L { ⟦pattern "x" }\nelement D "d" : integer { ⟦scale 2 }\n',
        good: H + 'element A "a" : string { length 3 }\nelement B "b" : integer { range 1..2 }\nelement D "d" : decimal { scale 2 range ..9.5 }\n'
    },
    {
        name: 'invalid regular expression', code: 'invalid-pattern',
        bad: H + 'element A "a" : string { pattern ⟦"[0-9" }\n', good: H + 'element A "a" : string { pattern "[0-9]+" }\n'
    },
    {
        name: 'pattern with catastrophic backtracking', code: 'slow-pattern', severity: 'warning',
        bad: H + 'element A "a" : string { pattern ⟦"x(a+)+b" }\nelement B "b" : string { pattern ⟦"(\\d|\\d\\d)*" }\n',
        good: H + 'element A "a" : string { pattern "xa+b" }\nelement B "b" : string { pattern "(JD|ZH)[0-9]{2}(-[0-9]{2})?" }\n',
        says: ['`(a+)+`']
    },
    {
        name: 'unknown format', code: 'unknown-format',
        bad: H + 'element A "a" : string { format ⟦phone-us }\n', good: H + 'element A "a" : string { format phone-cn }\n'
    },
    {
        name: 'invalid ranges and lengths', code: 'invalid-range',
        bad: H + 'element A "a" : integer { range ⟦5..1 }\nelement B "b" : date { range ⟦"2020-02-30".. }\n'
            + 'element C "c" : integer { range ⟦0.5..2 }\nelement D "d" : string { length ⟦-1..3 }\nelement E "e" : decimal { scale ⟦1.5 }\n'
            + 'record R { a?: A[⟦3..1] }\n',
        good: H + 'element A "a" : integer { range 1..5 }\nelement B "b" : date { range "2020-02-29".."2020-03-01" }\n'
            + 'element D "d" : string { length 0..3 }\nrecord R { a?: A[1..3] }\n'
    },
    // ---- records ----------------------------------------------------------------------------
    {
        name: 'field typed by a primitive', code: 'primitive-field',
        bad: H + 'record R { name: ⟦string }\n', good: H + el('Name') + 'record R { name: Name }\n'
    },
    {
        name: 'duplicate field', code: 'duplicate-field',
        bad: H + el('A') + 'record R { a: A  ⟦a: A }\n', good: H + el('A') + 'record R { a: A  b: A }\n'
    },
    {
        name: 'inherited field redefined', code: 'redefined-field',
        bad: H + el('A') + 'record P { a: A }\nrecord C extends P { ⟦a: A }\n', good: H + el('A') + 'record P { a: A }\nrecord C extends P { b: A }\n'
    },
    {
        name: 'extends cycle', code: 'extends-cycle',
        bad: H + 'record A extends ⟦B { }\nrecord B extends ⟦A { }\nrecord C extends A { }\n', good: H + 'record A { }\nrecord B extends A { }\n'
    },
    {
        name: 'standard record without key, inherited key counts', code: 'missing-key', severity: 'warning',
        bad: H + el('A', std()) + 'record ⟦R "r" { ' + std() + ' a: A }\n',
        good: H + el('A', std()) + 'record P "p" { key a: A }\nrecord R "r" extends P { ' + std() + ' }\n'
    },
    {
        name: 'optional or list key', code: 'invalid-key',
        bad: H + el('A') + 'record R { key a⟦?: A  key b: A⟦[] }\n', good: H + el('A') + 'record R { key a: A  key b: A }\n'
    },
    {
        name: 'record containing itself through required fields', code: 'infinite-record',
        bad: H + 'record A { b: ⟦B }\nrecord B { a: ⟦A }\n', good: H + 'record A { b?: B }\nrecord B { a: A  more: A[] }\n'
    },
    // ---- code lists ----------------------------------------------------------------------------
    {
        name: 'duplicate code', code: 'duplicate-code',
        bad: H + 'codelist L "l" { "01" "一" ⟦"01" "二" "1" "一" }\n', good: H + 'codelist L "l" { "01" "一" "1" "一" }\n'
    },
    {
        name: 'parent code not in the list', code: 'unknown-parent-code',
        bad: H + 'codelist L "l" { "31" "上海" "3101" "市辖区" parent ⟦"32" }\n', good: H + 'codelist L "l" { "31" "上海" "3101" "市辖区" parent "31" }\n'
    },
    {
        name: 'empty code list', code: 'empty-codelist', severity: 'warning',
        bad: H + 'codelist ⟦L "l" { }\n', good: H + 'codelist L "l" { "1" "一" }\n'
    }
];

describe('governance and semantic rules', () => {
    test.each(cases)('$name ($code)', async c => {
        const { files, positions } = markers(c.bad);
        const bad = await check(files);
        const severity = c.severity ?? diagnostics[c.code].severity;
        expect(bad.lines).toEqual(positions.map(p => `${p} ${severity} mds/${c.code}`).sort());
        for (const s of c.says ?? []) expect(bad.messages.join('\n')).toContain(s);
        const good = await check(c.good);
        expect(good.messages).toEqual([]);
    });

    test('every diagnostic code has a case (syntax errors, nesting, file size: parsing.test.ts)', () => {
        const covered = new Set<string>(cases.map(c => c.code));
        // Syntax: parsing.test.ts. Baseline comparisons: tests/diff and tests/lsp/lsp-baseline.test.ts.
        for (const code of ['syntax-error', 'nesting-too-deep', 'file-too-large', 'version-bump', 'breaking-change']) covered.add(code);
        expect(Object.keys(diagnostics).filter(code => !covered.has(code))).toEqual([]);
    });

    test('rule 5 through records that nest each other in cycles: one value per cycle, the strictest, computed once', async () => {
        // 400 records, each nesting three others (optional): thousands of cycles. Computing each record
        // by walking its nested records again took minutes (exponential); by strongly connected
        // components it is linear. Records 0–9 form a ring of their own, one of them holding core data.
        const n = 400;
        let text = H + el('Plain', 'grade general') + el('Secret', 'grade core share none');
        for (let i = 0; i < n; i++) {
            const refs = i < 10 ? [(i + 1) % 10] : [10 + ((i * 7 + 1) % (n - 10)), 10 + ((i * 13 + 5) % (n - 10)), 10 + ((i * 31 + 9) % (n - 10))];
            text += `record R${i} { p: ${i === 3 ? 'Secret' : 'Plain'}${refs.map((r, k) => `  n${k}?: R${r}`).join('')} }\n`;
        }
        text += 'record Outer { grade ⟦general  inner?: R0 }\n';
        const { files } = markers(text);
        const r = await check(files);
        expect(r.codes).toEqual(['mds/record-grade-lower']);
        expect(r.messages[0]).toContain('field `inner.n0` is grade core');
        const { Mds } = createMdsCoreServices(EmptyFileSystem);
        const ws = await buildWorkspace(Mds, [{ path: '/ws/a.mds', text: files['a.mds'] }]);
        const model = buildSemanticModel(Mds, ws.documents);
        const grade = (name: string) => (model.declarations.get(`t.base.${name}`) as RecordModel).governance;
        for (const i of [0, 5, 9]) expect(grade(`R${i}`)).toMatchObject({ grade: 'core', share: 'none' });
        for (const i of [10, 200, 399]) expect(grade(`R${i}`)).toMatchObject({ grade: 'general', share: 'conditional' });
    });

    test('import cycles: one warning per cycle and file, at its first import into the cycle, naming the namespaces', async () => {
        const n = 30;
        const files: Record<string, string> = {};
        for (let i = 0; i < n; i++) {
            files[`n${i}.mds`] = `namespace t.n${i}\nimport t.outside\n` + Array.from({ length: n }, (_, j) => j === i ? '' : `import t.n${j}\n`).join('');
        }
        files['outside.mds'] = 'namespace t.outside\n';
        // and a separate ring of three
        files['r1.mds'] = 'namespace t.r1\nimport t.r2\n';
        files['r2.mds'] = 'namespace t.r2\nimport t.r3\n';
        files['r3.mds'] = 'namespace t.r3\nimport t.r1\n';
        const r = await check(files);
        const warnings = r.messages.filter(m => m.includes('mds/import-cycle'));
        expect(warnings).toHaveLength(n + 3);
        expect(warnings.filter(w => w.startsWith('n7.mds:3:8 '))).toHaveLength(1); // line 3: the first import into the cycle
        expect(warnings.find(w => w.startsWith('r2.mds'))).toContain('import cycle among 3 namespaces (t.r1, t.r2, t.r3), e.g. t.r1 → t.r2 → t.r3 → t.r1');
        expect(warnings.find(w => w.startsWith('n0.mds'))).toContain(`import cycle among ${n} namespaces`);
    });

    test('every message exists in Chinese and English and they differ', async () => {
        const { files } = markers(cases.find(c => c.code === 'record-more-open')!.bad);
        const zh = await check(files, 'zh');
        const en = await check(files, 'en');
        expect(zh.messages[0]).toContain('就高从严');
        expect(en.messages[0]).toContain('guardian.address.detail');
        expect(zh.codes).toEqual(en.codes);
    });
});
