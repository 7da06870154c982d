import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, URI, type AstNode } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { createMdsServices } from '@mds/language';
import { mutate, rng, tokens } from '../../bench/fuzz-mutate.mjs';

/**
 * The formatter is idempotent and meaning-preserving on every input that parses, and never
 * touches the inside of a comment: checked over layout mutants of standards/ (random white
 * space, line breaks and comments between tokens) and over token mutants that still parse.
 */
const STANDARDS = join(import.meta.dirname, '../../standards');
const FILES = readdirSync(STANDARDS).filter(f => f.endsWith('.mds')).sort().map(f => readFileSync(join(STANDARDS, f), 'utf8'));
const { shared, Mds } = createMdsServices(EmptyFileSystem);
let counter = 0;

async function parse(text: string) {
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/fmt${counter++}.mds`));
    return doc;
}

async function format(text: string): Promise<string> {
    const doc = await parse(text);
    shared.workspace.LangiumDocuments.addDocument(doc);
    try {
        const edits = await Mds.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
        return TextDocument.applyEdits(doc.textDocument, edits);
    } finally {
        shared.workspace.LangiumDocuments.deleteDocument(doc.uri);
    }
}

/** The AST without positions and links: what the text means. */
function meaning(node: AstNode): string {
    return JSON.stringify(node, (key, value) => {
        if (key === '$type') return value;
        if (key.startsWith('$')) return undefined;
        if (value && typeof value === 'object' && '$refText' in value) return value.$refText;
        return value;
    });
}

const comments = (text: string) => tokens(text).filter((t: string) => t.startsWith('//') || t.startsWith('/*'));

const LAYOUT = [' ', '  ', '\n', '\n\n', '\n\n\n', '\t', ' \n  ', '\n    '];
const COMMENTS = ['/* x */', '/* 多行\n     注释 */', '// 行注释\n', '/**/', '/* a */ /* b */', '/*\n  * 星号\n  */', '/* 尾随空格   \n\t制表 */'];

function layoutMutant(text: string, r: ReturnType<typeof rng>): string {
    return tokens(text).map((t: string, i: number, all: string[]) => {
        if (/^\s+$/.test(t)) return r.int(3) === 0 ? r.pick(LAYOUT) : t;
        if (t.startsWith('//') || t.startsWith('/*') || i === all.length - 1 || r.int(12) !== 0) return t;
        const c = r.pick(COMMENTS);
        return `${t}${r.pick(LAYOUT)}${c}${c.startsWith('//') ? '' : r.pick(LAYOUT)}`;
    }).join('');
}

describe('formatter fuzz', () => {
    test('40 layout mutants of every standards file, and token mutants that parse: idempotent, same meaning, comments untouched', async () => {
        const r = rng(4242);
        const failures: string[] = [];
        const inputs: string[] = [];
        for (let run = 0; run < 40; run++) for (const text of FILES) inputs.push(layoutMutant(text, r));
        for (let k = 0; k < 400; k++) inputs.push(mutate(r.pick(FILES), r, FILES));
        let checked = 0;
        for (const input of inputs) {
            const before = await parse(input);
            if (before.parseResult.lexerErrors.length || before.parseResult.parserErrors.length) continue;
            checked++;
            const once = await format(input);
            const twice = await format(once);
            const after = await parse(once);
            if (twice !== once) failures.push(`not idempotent:\n${input}\n--- once:\n${once}\n--- twice:\n${twice}`);
            else if (after.parseResult.parserErrors.length || meaning(after.parseResult.value) !== meaning(before.parseResult.value)) failures.push(`meaning changed:\n${input}\n--- formatted:\n${once}`);
            else if (JSON.stringify(comments(once)) !== JSON.stringify(comments(input))) failures.push(`comments changed:\n${input}\n--- formatted:\n${once}`);
            if (failures.length) break;
        }
        expect(failures.slice(0, 1)).toEqual([]);
        expect(checked).toBeGreaterThan(600);
    }, 120_000);
});
