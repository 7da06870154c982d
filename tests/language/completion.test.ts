import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { createMdsServices } from '@mds/language';

/** Completion labels at the `|` in `text`. */
async function complete(text: string): Promise<string[]> {
    const offset = text.indexOf('|');
    const { shared, Mds } = createMdsServices(EmptyFileSystem);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text.replace('|', ''), URI.file('/c.mds'));
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc], { validation: true });
    const list = await Mds.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: doc.uri.toString() }, position: doc.textDocument.positionAt(offset) });
    return (list?.items ?? []).map(i => i.label);
}

describe('keyword completion follows the attribute table', () => {
    test('a department block offers its attributes, not an element\'s', async () => {
        const labels = await complete('namespace t.a\ndepartment D "d" { | }\n');
        expect(labels).toEqual(expect.arrayContaining(['level', 'parent', 'definition', 'synonyms']));
        expect(labels).not.toContain('steward');
        expect(labels).not.toContain('pattern');
    });

    test('an element block offers governance attributes and constraints, not architecture ones', async () => {
        const labels = await complete('namespace t.a\nelement E "e" : string { | }\n');
        expect(labels).toEqual(expect.arrayContaining(['steward', 'grade', 'share', 'open', 'pattern', 'length', 'format']));
        expect(labels).not.toContain('level');
        expect(labels).not.toContain('carries');
    });

    test('format values and primitive types', async () => {
        expect(await complete('namespace t.a\nelement E "e" : string { format | }\n')).toEqual(['email', 'uri', 'phone-cn', 'gb11643', 'uscc']);
        expect(await complete('namespace t.a\nelement E "e" : |\n')).toEqual(expect.arrayContaining(['string', 'integer', 'decimal', 'date']));
    });
});

describe('completion in a large workspace', () => {
    test('at most 500 visible names, names starting with what is typed first; the list is incomplete, so typing more finds the rest', async () => {
        const elements = Array.from({ length: 1200 }, (_, i) => `element ${i % 2 ? 'Age' : 'Name'}${i} "e${i}" : string`).join('\n');
        const text = `namespace t.a\n${elements}\nrecord R { f: Na| }\n`;
        const offset = text.indexOf('|');
        const { shared, Mds } = createMdsServices(EmptyFileSystem);
        const doc = shared.workspace.LangiumDocumentFactory.fromString(text.replace('|', ''), URI.file('/c.mds'));
        shared.workspace.LangiumDocuments.addDocument(doc);
        await shared.workspace.DocumentBuilder.build([doc], { validation: true });
        const at = (o: number) => Mds.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: doc.uri.toString() }, position: doc.textDocument.positionAt(o) });
        const list = (await at(offset))!;
        expect(list.isIncomplete).toBe(true);
        const names = list.items.map(i => i.label).filter(l => /^(Name|Age)\d+$/.test(l));
        expect(names.length).toBe(500);
        expect(names.every(n => n.startsWith('Name'))).toBe(true);
        // Shorter names first: Name0 … Name98 (one and two digits) are all there.
        for (let i = 0; i < 100; i += 2) expect(names).toContain(`Name${i}`);
        // Typing more: the one name wanted is found even though it was beyond the first 500.
        const more = `namespace t.a\n${elements}\nrecord R { f: Name1198| }\n`;
        const doc2 = shared.workspace.LangiumDocumentFactory.fromString(more.replace('|', ''), URI.file('/d.mds'));
        shared.workspace.LangiumDocuments.addDocument(doc2);
        await shared.workspace.DocumentBuilder.build([doc2], { validation: false });
        const list2 = (await Mds.lsp.CompletionProvider!.getCompletion(doc2, { textDocument: { uri: doc2.uri.toString() }, position: doc2.textDocument.positionAt(more.indexOf('|')) }))!;
        expect(list2.items.map(i => i.label)).toContain('Name1198');
    });
});
