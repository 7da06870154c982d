import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { describe, expect, test } from 'vitest';
import { createMdsServices } from '@mds/language';

/** Builds the files with the editor services, applies the quick fix for `code` in `target`, and checks again. */
async function fix(files: Record<string, string>, target: string, code: string, title: RegExp) {
    const { shared, Mds } = createMdsServices(EmptyFileSystem);
    const docs = Object.entries(files).map(([name, text]) => {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/ws/${name}`));
        shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    });
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    const doc = docs.find(d => d.uri.path.endsWith(target)) as LangiumDocument;
    const diagnostic = doc.diagnostics!.find(d => d.code === code)!;
    expect(diagnostic, `no ${code} in ${target}`).toBeDefined();
    const actions = await Mds.lsp.CodeActionProvider!.getCodeActions(doc, {
        textDocument: { uri: doc.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    }) as CodeAction[];
    const action = actions.find(a => title.test(a.title));
    expect(action, actions.map(a => a.title).join(', ')).toBeDefined();
    const fixed = TextDocument.applyEdits(doc.textDocument, action!.edit!.changes![doc.uri.toString()] as TextEdit[]);
    await shared.workspace.DocumentBuilder.update([], [doc.uri]);
    const again = shared.workspace.LangiumDocumentFactory.fromString(fixed, doc.uri);
    shared.workspace.LangiumDocuments.addDocument(again);
    await shared.workspace.DocumentBuilder.build([again], { validation: true });
    return { text: fixed, codes: again.diagnostics!.map(d => d.code) };
}

const base = 'namespace t.a\nelement Name "名称" : string\nelement Old "旧" : string { status deprecated replacedBy Name }\n';

describe('quick fixes, applied and checked again', () => {
    test('qualify an ambiguous reference', async () => {
        const r = await fix({
            'a.mds': base, 'b.mds': 'namespace t.b\nelement Name "名" : string\n',
            'c.mds': 'namespace t.c\nimport t.a\nimport t.b\nrecord R { n: Name }\n'
        }, 'c.mds', 'mds/ambiguous-reference', /t\.b\.Name/);
        expect(r.text).toContain('record R { n: t.b.Name }');
        expect(r.codes).toEqual([]);
    });

    test('replace a deprecated element by its replacement', async () => {
        const r = await fix({
            'a.mds': base.replace('element Name "名称" : string', 'department D "d" { level district }\nelement Name "名称" : string { status standard definition "d" steward D share none }'),
            'c.mds': 'namespace t.c\nimport t.a\nrecord R "r" { status standard definition "d" steward D share none key o: Old }\n'
        }, 'c.mds', 'mds/uses-deprecated', /Name/);
        expect(r.text).toContain('key o: Name }');
        expect(r.codes).toEqual([]);
    });

    test('add the missing definition and steward skeletons', async () => {
        const text = 'namespace t.a\nelement E "e" : string {\n  status candidate\n}\n';
        const withDefinition = await fix({ 'a.mds': text }, 'a.mds', 'mds/missing-definition', /definition/);
        expect(withDefinition.text).toBe('namespace t.a\nelement E "e" : string {\n  definition ""\n  status candidate\n}\n');
        const withSteward = await fix({ 'a.mds': text }, 'a.mds', 'mds/missing-steward', /steward/);
        expect(withSteward.text).toBe('namespace t.a\nelement E "e" : string {\n  steward \n  status candidate\n}\n');
    });

    test('qualify an unresolved name declared in a namespace not imported', async () => {
        const r = await fix({ 'a.mds': base, 'c.mds': 'namespace t.c\nrecord R { n: Name }\n' }, 'c.mds', 'mds/unresolved-reference', /改写为 t\.a\.Name/);
        expect(r.text).toContain('n: t.a.Name');
        expect(r.codes).toEqual([]);
    });
});
