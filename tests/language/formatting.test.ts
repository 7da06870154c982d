import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { createMdsServices } from '@mds/language';

const STANDARDS = join(import.meta.dirname, '../../standards');

async function format(text: string, name = 'f.mds'): Promise<string> {
    const { shared, Mds } = createMdsServices(EmptyFileSystem);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/${name}`));
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc]);
    const edits = await Mds.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
    return TextDocument.applyEdits(doc.textDocument, edits);
}

describe('the formatter', () => {
    test.each(readdirSync(STANDARDS).filter(f => f.endsWith('.mds')))('standards/%s is in canonical layout (formatting changes nothing)', async file => {
        const text = readFileSync(join(STANDARDS, file), 'utf8');
        expect(await format(text, file)).toBe(text);
    });

    test.each([
        ['spaces and one-line blocks', 'namespace  t.a\ndepartment D   "d"  {  level   city  }\n', 'namespace t.a\n\ndepartment D "d" { level city }\n'],
        ['multi-line blocks, one item a line, groups kept', 'namespace t.a\nelement E "e":integer{\n range 0 ..  5\n\n\n\n   unit "个" }\n',
            'namespace t.a\n\nelement E "e" : integer {\n  range 0..5\n\n  unit "个"\n}\n'],
        ['fields, lists, labels', 'namespace t.a\nrecord R extends   P {\nkey   id :X\nxs ? : X[ 1 .. ]   "标签"\n}\n',
            'namespace t.a\n\nrecord R extends P {\n  key id: X\n  xs?: X[1..] "标签"\n}\n'],
        ['open ranges and negative numbers', 'namespace t.a\nelement T "t" : decimal { range -5.5 ..  }\nelement L "l" : string { length  ..9 }\n',
            'namespace t.a\n\nelement T "t" : decimal { range -5.5.. }\nelement L "l" : string { length ..9 }\n'],
        ['lists of strings and references', 'namespace t.a\nsystem S "s" {\nstores  A ,B,  C\n}\nelement E "e" : string { synonyms "a" ,"b" }\n',
            'namespace t.a\n\nsystem S "s" {\n  stores A, B, C\n}\nelement E "e" : string { synonyms "a", "b" }\n'],
        ['code entries', 'namespace t.a\ncodelist L "l" {\n"1"   "一"  parent  "0"   deprecated\n}\n', 'namespace t.a\n\ncodelist L "l" {\n  "1" "一" parent "0" deprecated\n}\n']
    ])('%s', async (_name, before, after) => {
        expect(await format(before)).toBe(after);
        expect(await format(after)).toBe(after);
    });

    test('comments: idempotent between a keyword and its value, inner text of block comments untouched', async () => {
        for (const text of [
            'namespace t.a\ndepartment Q "q" {\n  level district\n  parent /* x */ QDSJ\n}\n',
            'namespace t.a\nrecord R {\n  b:\n/* c */\n  T\n}\n',
            'namespace t.a\nelement E "e" : string {\n      /* a\n         b\n   c */\n  length 1\n}\n'
        ]) {
            const once = await format(text);
            expect(await format(once)).toBe(once);
        }
        const formatted = await format('namespace t.a\nelement E "e" : string {\n      /* a\n         b\n   c */\n  length 1\n}\n');
        expect(formatted).toContain('/* a\n         b\n   c */');
    });
});
