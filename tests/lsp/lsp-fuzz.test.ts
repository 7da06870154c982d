import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
    CallHierarchyPrepareRequest, CancellationTokenSource, CodeActionRequest, DidChangeTextDocumentNotification, CodeLensRequest, CompletionRequest, DefinitionRequest, DocumentFormattingRequest, DocumentHighlightRequest,
    DocumentLinkRequest, DocumentOnTypeFormattingRequest, DocumentRangeFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest,
    ImplementationRequest, InlayHintRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest, SelectionRangeRequest, SemanticTokensRequest,
    SignatureHelpRequest, TypeDefinitionRequest, TypeHierarchyPrepareRequest, WorkspaceSymbolRequest
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './lsp-client.js';
import { seededRandom } from '../helpers.js';

/**
 * Every request is answered, whatever the text: a seeded run of random edits to a file of the
 * district's standards (tokens inserted, spans deleted, the text cut short, control characters and
 * lone surrogates), each followed by a random request at a random position — inside the text,
 * past its end, on a line before the first. An answer may be a result or a clear refusal (an
 * invalid new name, a method the server does not offer, a request cancelled); it may not be an
 * internal error, take longer than 10 s, or leave the server dead. It found a hang: a
 * workspace-symbol request right after an edit that changed a file's exports was never answered.
 * Incremental sync (range edits, as VS Code sends them) is held to a full sync of the same text.
 */
const STANDARDS = join(import.meta.dirname, '../../standards');
const TOKENS = ['{', '}', '"', '..', ':', '?', '[', ']', 'record ', 'element ', 'key ', 'import ', 'namespace ', '\n', ' ', '0..', 'string', 'Id', '中文', '\u0000', '\uD800', '"\\', '//', '/*', '@', 'codelist ', 'version "x"'];
/** Refusals a client must handle anyway: method not found, invalid params (a bad new name), request cancelled / content modified. */
const REFUSALS = new Set([-32601, -32602, -32800, -32801]);

const pick = <T>(random: () => number, a: readonly T[]): T => a[Math.floor(random() * a.length)];

let clients: LspClient[] = [];
afterEach(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    clients = [];
});

async function started(...files: string[]): Promise<LspClient> {
    const root = mkdtempSync(join(tmpdir(), 'mds-lsp-fuzz-'));
    cpSync(STANDARDS, root, { recursive: true });
    const client = new LspClient(root);
    clients.push(client);
    await client.initialize('zh');
    for (const file of files) await client.open(file, readFileSync(join(root, file), 'utf8'));
    return client;
}

function answered<T>(request: Promise<T>, ms = 10_000): Promise<T | 'no answer'> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([request, new Promise<'no answer'>(resolve => { timer = setTimeout(() => resolve('no answer'), ms); })]).finally(() => clearTimeout(timer));
}

describe('the language server answers every request over random edits', () => {
    test('a workspace-symbol request right after an edit that changes what a file declares', async () => {
        for (const [edit, query, expected] of [['record NaturalPerson2', 'NaturalPerson2', 'NaturalPerson2 '], ['rnamespace ecord NaturalPerson', 'Person', undefined]] as const) {
            const client = await started('population.mds');
            await client.change('population.mds', client.texts.get('population.mds')!.replace('record NaturalPerson', edit));
            const symbols = await answered(client.connection.sendRequest(WorkspaceSymbolRequest.type, { query }));
            expect(symbols, edit).not.toBe('no answer');
            if (expected) expect((symbols as Array<{ name: string }>).some(s => s.name.startsWith(expected))).toBe(true);
        }
    }, 60_000);

    for (const seed of [1, 2]) {
        test(`seed ${seed}: 250 edits, each followed by one of 24 requests`, async () => {
            const file = 'population.mds';
            const client = await started(file);
            const original = client.texts.get(file)!;
            const random = seededRandom(seed);
            const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];
            const uri = client.uri(file);
            const failures: string[] = [];
            let text = original;
            for (let i = 0; i < 250 && failures.length === 0; i++) {
                const at = Math.floor(random() * (text.length + 1));
                const r = random();
                text = r < 0.4 ? text.slice(0, at) + pick(TOKENS) + text.slice(at)
                    : r < 0.8 ? text.slice(0, at) + text.slice(at + Math.floor(random() * 40))
                    : r < 0.9 ? original : text.slice(0, at);
                await client.change(file, text);
                const lines = text.split('\n');
                const line = Math.floor(random() * (lines.length + 3)) - 1;
                const position = { line, character: Math.floor(random() * ((lines[line]?.length ?? 5) + 3)) };
                const range = { start: position, end: { line: line + Math.floor(random() * 3), character: Math.floor(random() * 10) } };
                const doc = { textDocument: { uri } };
                const options = { tabSize: 2, insertSpaces: true };
                const requests: Array<[string, () => Promise<unknown>]> = [
                    ['hover', () => client.connection.sendRequest(HoverRequest.type, { ...doc, position })],
                    ['completion', () => client.connection.sendRequest(CompletionRequest.type, { ...doc, position })],
                    ['definition', () => client.connection.sendRequest(DefinitionRequest.type, { ...doc, position })],
                    ['typeDefinition', () => client.connection.sendRequest(TypeDefinitionRequest.type, { ...doc, position })],
                    ['implementation', () => client.connection.sendRequest(ImplementationRequest.type, { ...doc, position })],
                    ['references', () => client.connection.sendRequest(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } })],
                    ['highlight', () => client.connection.sendRequest(DocumentHighlightRequest.type, { ...doc, position })],
                    ['prepareRename', () => client.connection.sendRequest(PrepareRenameRequest.type, { ...doc, position })],
                    ['rename', () => client.connection.sendRequest(RenameRequest.type, { ...doc, position, newName: pick(['X', '', '1bad', 'a.b', '中文', 'record']) })],
                    ['formatting', () => client.connection.sendRequest(DocumentFormattingRequest.type, { ...doc, options })],
                    ['rangeFormatting', () => client.connection.sendRequest(DocumentRangeFormattingRequest.type, { ...doc, range, options })],
                    ['onTypeFormatting', () => client.connection.sendRequest(DocumentOnTypeFormattingRequest.type, { ...doc, position, ch: '}', options })],
                    ['documentSymbol', () => client.connection.sendRequest(DocumentSymbolRequest.type, doc)],
                    ['foldingRange', () => client.connection.sendRequest(FoldingRangeRequest.type, doc)],
                    ['selectionRange', () => client.connection.sendRequest(SelectionRangeRequest.type, { ...doc, positions: [position] })],
                    ['semanticTokens', () => client.connection.sendRequest(SemanticTokensRequest.type, doc)],
                    ['codeAction', () => client.connection.sendRequest(CodeActionRequest.type, { ...doc, range, context: { diagnostics: client.diagnostics.get(uri) ?? [] } })],
                    ['inlayHint', () => client.connection.sendRequest(InlayHintRequest.type, { ...doc, range })],
                    ['signatureHelp', () => client.connection.sendRequest(SignatureHelpRequest.type, { ...doc, position })],
                    ['codeLens', () => client.connection.sendRequest(CodeLensRequest.type, doc)],
                    ['documentLink', () => client.connection.sendRequest(DocumentLinkRequest.type, doc)],
                    ['callHierarchy', () => client.connection.sendRequest(CallHierarchyPrepareRequest.type, { ...doc, position })],
                    ['typeHierarchy', () => client.connection.sendRequest(TypeHierarchyPrepareRequest.type, { ...doc, position })],
                    ['workspaceSymbol', () => client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: pick(['', 'a', '人', '\\']) })]
                ];
                const [name, send] = pick(requests);
                const where = `edit ${i}, ${name} at ${JSON.stringify(position)}`;
                try {
                    if (await answered(send()) === 'no answer') failures.push(`${where}: no answer in 10 s`);
                } catch (e) {
                    const error = e as { code?: number; message?: string };
                    if (!REFUSALS.has(error.code ?? 0)) failures.push(`${where}: ${error.code} ${error.message}`);
                }
                if (client.exited) failures.push(`${where}: the server exited (${client.exitCode}); ${client.stderr}`);
            }
            expect(failures).toEqual([]);
        }, 120_000);
    }

    test('requests left in flight while three files are edited, some cancelled: each is answered or refused', async () => {
        const files = ['population.mds', 'common-elements.mds', 'org.mds'];
        const client = await started(...files);
        const originals = new Map(files.map(f => [f, client.texts.get(f)!]));
        const random = seededRandom(5);
        const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];
        const inflight: Array<Promise<string>> = [];
        for (let i = 0; i < 200; i++) {
            const file = pick(files);
            let text = client.texts.get(file)!;
            const at = Math.floor(random() * (text.length + 1));
            const r = random();
            text = r < 0.45 ? text.slice(0, at) + pick(TOKENS) + text.slice(at) : r < 0.9 ? text.slice(0, at) + text.slice(at + Math.floor(random() * 30)) : originals.get(file)!;
            await client.change(file, text);
            for (let k = Math.floor(random() * 4); k > 0; k--) {
                const f = pick(files);
                const lines = client.texts.get(f)!.split('\n');
                const line = Math.floor(random() * lines.length);
                const position = { line, character: Math.floor(random() * (lines[line].length + 1)) };
                const doc = { textDocument: { uri: client.uri(f) } };
                const source = new CancellationTokenSource();
                const kinds: Array<[string, () => Promise<unknown>]> = [
                    ['hover', () => client.connection.sendRequest(HoverRequest.type, { ...doc, position }, source.token)],
                    ['completion', () => client.connection.sendRequest(CompletionRequest.type, { ...doc, position }, source.token)],
                    ['definition', () => client.connection.sendRequest(DefinitionRequest.type, { ...doc, position }, source.token)],
                    ['references', () => client.connection.sendRequest(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } }, source.token)],
                    ['documentSymbol', () => client.connection.sendRequest(DocumentSymbolRequest.type, doc, source.token)],
                    ['semanticTokens', () => client.connection.sendRequest(SemanticTokensRequest.type, doc, source.token)],
                    ['workspaceSymbol', () => client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'a' }, source.token)],
                    ['formatting', () => client.connection.sendRequest(DocumentFormattingRequest.type, { ...doc, options: { tabSize: 2, insertSpaces: true } }, source.token)],
                    ['rename', () => client.connection.sendRequest(RenameRequest.type, { ...doc, position, newName: 'Zz' }, source.token)]
                ];
                const [name, send] = pick(kinds);
                inflight.push(answered(send(), 30_000).then(
                    result => result === 'no answer' ? `edit ${i}, ${name}: no answer in 30 s` : 'ok',
                    (e: { code?: number; message?: string }) => REFUSALS.has(e.code ?? 0) ? 'ok' : `edit ${i}, ${name}: ${e.code} ${e.message}`));
                if (random() < 0.3) setTimeout(() => source.cancel(), Math.floor(random() * 50));
            }
            if (random() < 0.2) await new Promise(resolve => setTimeout(resolve, Math.floor(random() * 30)));
        }
        expect((await Promise.all(inflight)).filter(r => r !== 'ok')).toEqual([]);
        expect(client.exited, client.stderr).toBe(false);
    }, 120_000);

    test('300 incremental edits (ranges, several a notification) leave the server with the text a full sync gives', async () => {
        const file = 'population.mds';
        const a = await started(file), b = await started(file);
        const random = seededRandom(3);
        const tokens = ['{', '}', '"', 'record ', '\n', 'X', '中文', '😀', '\r\n', '  ', 'element E : string\n'];
        const positionOf = (text: string, offset: number) => {
            const before = text.slice(0, offset);
            return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
        };
        let text = a.texts.get(file)!;
        for (let i = 0, version = 1; i < 300; i++) {
            const contentChanges: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }> = [];
            for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
                const start = Math.floor(random() * (text.length + 1));
                const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 20)));
                // Never inside a surrogate pair or a CRLF (an editor does not cut there).
                const inside = (o: number) => /[\uDC00-\uDFFF]/.test(text[o] ?? '') || (text[o - 1] === '\r' && text[o] === '\n');
                if (inside(start) || inside(end)) continue;
                const insert = random() < 0.6 ? pick(random, tokens) : '';
                contentChanges.push({ range: { start: positionOf(text, start), end: positionOf(text, end) }, text: insert });
                text = text.slice(0, start) + insert + text.slice(end);
            }
            await a.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: a.uri(file), version: ++version }, contentChanges });
        }
        await b.change(file, text);
        const views = await Promise.all([a, b].map(async c => JSON.stringify([
            await c.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: c.uri(file) } }),
            await c.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: c.uri(file) }, options: { tabSize: 2, insertSpaces: true } })
        ])));
        expect(views[0]).toBe(views[1]);
    }, 120_000);
});
