import { AstUtils, EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, createMdsCoreServices, type Model, type Record as RecordDecl } from '@mds/language';
import { forEachReferenceOf } from '../../packages/language/src/model/walk.js';
import { check } from '../helpers.js';

const files = {
    'common.mds': 'namespace t.common\nelement Name "姓名" : string\nelement Code "代码" : string\n',
    'other.mds': 'namespace t.other\nelement Name "名称" : string\nelement Only "仅此" : string\n',
    'open.mds': 'namespace t.open.data\nelement Item "条目" : string\n',
    // t.app spans two files; the second refers forward to the first and back.
    'app1.mds': 'namespace t.app\nimport t.common\nrecord A { code: Code  name: Name  b?: B  q: t.other.Only  i: t.open.data.Item }\n',
    'app2.mds': 'namespace t.app\nimport t.common\nimport t.other\nelement Name "本地姓名" : string\nrecord B { a?: A  name: Name  only: Only }\n'
};

function targets(r: Awaited<ReturnType<typeof check>>, recordName: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const doc of r.ws.documents) {
        const model = doc.parseResult.value as Model;
        const record = model.declarations.find(d => d.name === recordName) as RecordDecl | undefined;
        for (const f of record?.fields ?? []) {
            const target = f.type?.ref;
            out[f.name] = target ? `${(AstUtils.findRootNode(target) as Model).namespace}.${target.name}` : 'unresolved';
        }
    }
    return out;
}

describe('multi-file namespaces and imports', () => {
    test('simple names: own namespace first (across its files), then imports; qualified names always work', async () => {
        const r = await check(files);
        expect(r.messages).toEqual([]);
        expect(targets(r, 'A')).toEqual({
            code: 't.common.Code', name: 't.app.Name', b: 't.app.B', q: 't.other.Only', i: 't.open.data.Item'
        });
        expect(targets(r, 'B')).toEqual({ a: 't.app.A', name: 't.app.Name', only: 't.other.Only' });
    });

    test('resolution does not depend on file load order', async () => {
        const names = Object.keys(files);
        const orders = [names, [...names].reverse(), [names[3], names[0], names[4], names[2], names[1]]];
        const results = [];
        for (const order of orders) {
            const r = await check(Object.fromEntries(order.map(n => [n, files[n as keyof typeof files]])));
            results.push([targets(r, 'A'), targets(r, 'B'), r.lines]);
        }
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
    });

    test('duplicates resolve to the same declaration whatever the order', async () => {
        const dup = {
            'x.mds': 'namespace t.d\nelement X "一" : string\n',
            'y.mds': 'namespace t.d\nelement X "二" : string\nrecord R { x: X }\n'
        };
        const labelOf = async (f: Record<string, string>) => {
            const r = await check(f);
            const model = r.ws.documents.find(d => d.uri.path.endsWith('y.mds'))!.parseResult.value as Model;
            return ((model.declarations[1] as RecordDecl).fields[0].type?.ref as { label?: string }).label;
        };
        expect(await labelOf(dup)).toBe(await labelOf({ 'y.mds': dup['y.mds'], 'x.mds': dup['x.mds'] }));
    });
});

describe('the direct walk over references', () => {
    test('visits exactly the references Langium finds generically', async () => {
        const { Mds } = createMdsCoreServices(EmptyFileSystem);
        const text = `namespace t.w
department D "d" { level city parent D }
domain Dm "dm" { owner D parent Dm }
codelist L "l" { "1" "一" }
element E "e" : L { steward D replacedBy E }
record R extends R { f: E  g?: R[] steward D replacedBy R }
system S "s" { owner D domain Dm stores R, R }
flow F "f" { from S to S carries R, R }
`;
        const ws = await buildWorkspace(Mds, [{ path: '/w.mds', text }]);
        const model = ws.documents[0].parseResult.value as Model;
        const generic = AstUtils.streamAst(model).flatMap(n => AstUtils.streamReferences(n)).map(r => r.reference).toArray();
        const direct: unknown[] = [];
        for (const d of model.declarations) forEachReferenceOf(d, (_c, _p, ref) => direct.push(ref));
        expect(generic.length).toBe(19);
        expect(new Set(direct)).toEqual(new Set(generic));
        expect(direct.length).toBe(generic.length);
    });
});
