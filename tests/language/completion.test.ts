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
