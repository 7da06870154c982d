import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { createMdsServices } from '@mds/language';
import { bestVisible, candidateLists } from '../../packages/language/src/lsp/mds-completion.js';

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
    test('at most 200 visible names, names starting with what is typed first; the list is incomplete, so typing more finds the rest', async () => {
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
        expect(names.length).toBe(200);
        expect(names.every(n => n.startsWith('Name'))).toBe(true);
        // Shorter names first: Name0 … Name98 (one and two digits) are all there.
        for (let i = 0; i < 100; i += 2) expect(names).toContain(`Name${i}`);
        // Typing more: the one name wanted is found even though it was beyond the first 200.
        const more = `namespace t.a\n${elements}\nrecord R { f: Name1198| }\n`;
        const doc2 = shared.workspace.LangiumDocumentFactory.fromString(more.replace('|', ''), URI.file('/d.mds'));
        shared.workspace.LangiumDocuments.addDocument(doc2);
        await shared.workspace.DocumentBuilder.build([doc2], { validation: false });
        const list2 = (await Mds.lsp.CompletionProvider!.getCompletion(doc2, { textDocument: { uri: doc2.uri.toString() }, position: doc2.textDocument.positionAt(more.indexOf('|')) }))!;
        expect(list2.items.map(i => i.label)).toContain('Name1198');
    });
});

describe('the best visible names', () => {
    /** The selection as first written: every match, sorted in full when there are more than `max`. */
    function reference<C extends { simple: string }>(inOrder: C[], typed: string, matches: (label: string) => boolean, max: number): C[] {
        const lower = typed.toLowerCase();
        const found = inOrder.filter(c => matches(c.simple)).map(c => ({ c, prefix: c.simple.toLowerCase().startsWith(lower) }));
        if (found.length <= max) return found.map(f => f.c);
        found.sort((a, b) => Number(b.prefix) - Number(a.prefix) || a.c.simple.length - b.c.simple.length || (a.c.simple < b.c.simple ? -1 : a.c.simple > b.c.simple ? 1 : 0));
        return found.slice(0, max).map(f => f.c);
    }

    test('the same choice and order as a full sort of every match, on 3,000 seeded cases around the limit', () => {
        let seed = 20261130;
        const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
        const letters = 'aAbBeEnN_x1';
        const { FuzzyMatcher } = createMdsServices(EmptyFileSystem).shared.lsp;
        for (let k = 0; k < 3000; k++) {
            const max = 1 + next(12);
            const inOrder = Array.from({ length: next(30) }, () => {
                const simple = Array.from({ length: 1 + next(5) }, () => letters[next(letters.length)]).join('');
                return { simple, lower: simple.toLowerCase() };
            });
            const typed = Array.from({ length: next(3) }, () => letters[next(letters.length)]).join('');
            const matches = (label: string) => !typed || FuzzyMatcher.match(typed, label);
            const got = bestVisible(candidateLists(inOrder), typed, matches, max);
            expect(got, JSON.stringify({ typed, max, names: inOrder.map(c => c.simple) })).toEqual(reference(inOrder, typed, matches, max));
            // The same objects: equal names keep their own descriptions.
            got.forEach((c, i) => expect(c).toBe(reference(inOrder, typed, matches, max)[i]));
        }
    });
});
