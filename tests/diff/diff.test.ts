import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, type SemanticModel } from '@mds/language';
import { allowancesFromSources, diffModels, type Bump } from '../../packages/diff/src/index.js';

/** One case per change kind and category: what changes, with which categories, and the bump it requires. */
const BASE = `namespace t.a
version "1.0.0"

department D "部门" { level district }
department E "另一部门" { level district }

codelist L "代码表" {
  "1" "一"
  "2" "二"
}

element S "文本" : string { length 1..10 }
element N "数" : integer { range 0..100  unit "个" }
element M "金额" : decimal { scale 2 }
element C "代码" : L
element Old "旧文本" : string { status deprecated  replacedBy S }

record R "记录" {
  steward D
  update daily
  key id: S
  n?: N
  c: C
  tags?: S[0..3]
  m: M
}

system Sys "系统" { owner D  stores R }
`;

async function model(text: string): Promise<{ model: SemanticModel; sources: Map<string, string> }> {
    const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
    const ws = await buildWorkspace(Mds, [{ path: '/ws/a.mds', text }]);
    if (ws.errorCount) throw new Error(`case has errors:\n${text}\n${[...ws.diagnostics.values()].flat().map(d => d.message).join('\n')}`);
    return { model: buildSemanticModel(Mds, ws.documents), sources: new Map(ws.documents.map(d => [d.uri.toString(), d.textDocument.getText()])) };
}

const edit = (from: string, to: string) => (s: string) => {
    if (!s.includes(from)) throw new Error(`no ${from}`);
    return s.replace(from, to);
};

/** [name, edit, expected change `kind path [categories]`, required bump]. */
const CASES: Array<[string, (s: string) => string, string, Bump]> = [
    ['optional field added', edit('  m: M\n', '  m: M\n  extra?: S\n'), 'added t.a.R.extra []', 'minor'],
    ['required field added', edit('  m: M\n', '  m: M\n  extra: S\n'), 'added t.a.R.extra [data,json,types]', 'major'],
    ['field removed', edit('  n?: N\n', ''), 'removed t.a.R.n [data,json,types]', 'major'],
    ['optional → required', edit('  n?: N\n', '  n: N\n'), 'changed t.a.R.n [data,json,types]', 'major'],
    ['required → optional', edit('  c: C\n', '  c?: C\n'), 'changed t.a.R.c []', 'minor'],
    ['field type changed', edit('  n?: N\n', '  n?: M\n'), 'changed t.a.R.n [data,json,types]', 'major'],
    ['list bounds narrowed', edit('S[0..3]', 'S[0..2]'), 'changed t.a.R.tags [data]', 'major'],
    ['list bounds widened', edit('S[0..3]', 'S[0..5]'), 'changed t.a.R.tags []', 'minor'],
    ['list made a single value', edit('tags?: S[0..3]', 'tags?: S'), 'changed t.a.R.tags [data,json,types]', 'major'],
    ['length narrowed', edit('length 1..10', 'length 1..5'), 'changed t.a.S#length [data]', 'major'],
    ['length widened', edit('length 1..10', 'length 1..20'), 'changed t.a.S#length []', 'minor'],
    ['range narrowed', edit('range 0..100', 'range 0..50'), 'changed t.a.N#range [data]', 'major'],
    ['range widened', edit('range 0..100', 'range 0..'), 'changed t.a.N#range []', 'minor'],
    ['pattern added', edit('length 1..10 }', 'length 1..10  pattern "[a-z]+" }'), 'changed t.a.S#pattern [data]', 'major'],
    ['format added', edit('length 1..10 }', 'length 1..10  format email }'), 'changed t.a.S#format [data]', 'major'],
    ['scale decreased', edit('scale 2', 'scale 1'), 'changed t.a.M#scale [data]', 'major'],
    ['scale increased', edit('scale 2', 'scale 3'), 'changed t.a.M#scale []', 'minor'],
    ['element type changed', edit('element N "数" : integer', 'element N "数" : decimal'), 'changed t.a.N [data,json,types]', 'major'],
    ['code removed', edit('  "2" "二"\n', ''), 'removed t.a.L.2 [data,json,types]', 'major'],
    ['code added', edit('  "2" "二"\n', '  "2" "二"\n  "3" "三"\n'), 'added t.a.L.3 []', 'minor'],
    ['code label changed', edit('"2" "二"', '"2" "贰"'), 'changed t.a.L.2 []', 'patch'],
    ['code deprecated', edit('"2" "二"', '"2" "二" deprecated'), 'changed t.a.L.2 []', 'patch'],
    ['element added', edit('element C ', 'element X "新" : string\nelement C '), 'added t.a.X []', 'minor'],
    ['unused element removed', edit('element Old "旧文本" : string { status deprecated  replacedBy S }\n', ''), 'removed t.a.Old [types]', 'major'],
    ['record added', edit('system Sys', 'record Q "新记录" { key id: S }\n\nsystem Sys'), 'added t.a.Q []', 'minor'],
    ['record removed', s => edit('  stores R', '')(s.slice(0, s.indexOf('record R')) + s.slice(s.indexOf('system Sys'))), 'removed t.a.R [data,json,types]', 'major'],
    ['key changed', edit('  key id: S\n  n?: N\n', '  id: S\n  key k: N\n  n?: N\n'), 'changed t.a.R#key [data]', 'major'],
    ['label changed', edit('record R "记录"', 'record R "数据记录"'), 'changed t.a.R []', 'patch'],
    ['definition added', edit('  steward D\n  update daily', '  steward D\n  update daily\n  definition "新定义"'), 'changed t.a.R []', 'patch'],
    ['unit changed', edit('unit "个"', 'unit "件"'), 'changed t.a.N#unit []', 'patch'],
    ['steward changed', edit('  steward D\n', '  steward E\n'), 'changed t.a.R#steward [governance]', 'patch'],
    ['grade raised', edit('  steward D\n', '  steward D\n  grade important\n'), 'changed t.a.R#grade [governance]', 'patch'],
    ['share changed', edit('  steward D\n', '  steward D\n  share none\n  condition "法定不予共享"\n'), 'changed t.a.R#share [governance]', 'patch'],
    ['update cycle changed', edit('update daily', 'update weekly'), 'changed t.a.R#update [governance]', 'patch'],
    ['status changed', edit('  steward D\n', '  steward D\n  status candidate\n  definition "记录的定义"\n'), 'changed t.a.R#status [governance]', 'patch'],
    ['personal flag set', edit('element M "金额" : decimal { scale 2 }', 'element M "金额" : decimal { scale 2  personal }'), 'changed t.a.M#personal [governance]', 'patch'],
    ['department moved', edit('department E "另一部门" { level district }', 'department E "另一部门" { level town  parent D }'), 'changed t.a.E#level [governance]', 'patch'],
    ['system of record changed', edit('system Sys "系统" { owner D  stores R }', 'system Sys "系统" { owner E  stores R }'), 'changed t.a.Sys#owner [governance]', 'patch'],
    ['flow added', edit('system Sys', 'system Hub "平台" { owner E }\nflow F "流" { from Sys  to Hub  carries R  agreement "协议" }\nsystem Sys'), 'added t.a.F []', 'minor']
];

describe('mds diff: every change kind classified, with the bump it requires', () => {
    test.each(CASES)('%s', async (_name, change, expected, bump) => {
        const older = await model(BASE), newer = await model(change(BASE));
        const result = diffModels(older.model, newer.model);
        const ns = result.namespaces.find(n => n.name === 't.a')!;
        const lines = ns.changes.map(c => `${c.kind} ${c.path} [${c.categories.join(',')}]`);
        expect(lines).toContain(expected);
        expect(ns.requiredBump).toBe(bump);
        expect(ns.ok).toBe(bump === 'none');
        for (const c of ns.changes) expect(c.message).not.toMatch(/undefined/);
    });

    test('at least 30 cases, every category and bump covered', () => {
        expect(CASES.length).toBeGreaterThanOrEqual(30);
        const text = CASES.map(c => c[2]).join(' ');
        for (const cat of ['data', 'json', 'types', 'governance']) expect(text).toContain(cat);
        expect(new Set(CASES.map(c => c[3]))).toEqual(new Set(['major', 'minor', 'patch']));
    });

    test('the declared version decides: enough, not enough, 0.x rule', async () => {
        const older = await model(BASE);
        const breaking = edit('  n?: N\n', '');
        const v = (text: string, version: string) => text.replace('version "1.0.0"', `version "${version}"`);
        const check = async (oldText: string, newText: string) => diffModels((await model(oldText)).model, (await model(newText)).model).namespaces[0];
        expect(await check(BASE, v(breaking(BASE), '2.0.0'))).toMatchObject({ requiredBump: 'major', declaredBump: 'major', ok: true });
        expect(await check(BASE, v(breaking(BASE), '1.1.0'))).toMatchObject({ requiredBump: 'major', declaredBump: 'minor', ok: false });
        expect(await check(BASE, v(BASE, '0.9.0'))).toMatchObject({ declaredBump: 'downgrade', ok: false });
        // While at 0.x a breaking change needs a minor bump.
        expect(await check(v(BASE, '0.3.0'), v(breaking(BASE), '0.4.0'))).toMatchObject({ requiredBump: 'minor', ok: true });
        expect(await check(v(BASE, '0.3.0'), v(breaking(BASE), '0.3.1'))).toMatchObject({ requiredBump: 'minor', ok: false });
        void older;
    });

    test('removing a deprecated element with a replacement is still breaking, and says so', async () => {
        const older = await model(BASE), newer = await model(edit('element Old "旧文本" : string { status deprecated  replacedBy S }\n', '')(BASE));
        const c = diffModels(older.model, newer.model).namespaces[0].changes.find(x => x.path === 't.a.Old')!;
        expect(c).toMatchObject({ breaking: true, deprecatedFor: 't.a.S' });
        expect(c.message).toContain('按废止流程移除');
        expect(c.message).toContain('t.a.S');
    });

    test('a // mds-allow comment accepts a specific break, and the reason is kept', async () => {
        const older = await model(BASE);
        const newText = edit('record R "记录"', '// mds-allow: data 历史数据已清洗，不含该字段\n// mds-allow: json 接口同步升级\n// mds-allow: types 消费方已确认\nrecord R "记录"')(edit('  n?: N\n', '')(BASE));
        const newer = await model(newText);
        const ns = diffModels(older.model, newer.model, allowancesFromSources(newer.model, newer.sources)).namespaces[0];
        const c = ns.changes.find(x => x.path === 't.a.R.n')!;
        expect(c.allowed).toContain('历史数据已清洗');
        expect(ns.requiredBump).toBe('minor');
        // A comment for another category does not accept it.
        const partial = await model(edit('record R "记录"', '// mds-allow: data 只接受数据\nrecord R "记录"')(edit('  n?: N\n', '')(BASE)));
        expect(diffModels(older.model, partial.model, allowancesFromSources(partial.model, partial.sources)).namespaces[0].requiredBump).toBe('major');
    });

    test('a rename is a removal plus an addition, said plainly', async () => {
        const older = await model(BASE), newer = await model(edit('  n?: N\n', '  count?: N\n')(BASE));
        const lines = diffModels(older.model, newer.model).namespaces[0].changes.map(c => `${c.kind} ${c.path}`);
        expect(lines).toEqual(expect.arrayContaining(['removed t.a.R.n', 'added t.a.R.count']));
    });
});
