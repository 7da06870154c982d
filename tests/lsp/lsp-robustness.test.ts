import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import {
    CodeActionRequest, CompletionRequest, DidOpenTextDocumentNotification, DocumentFormattingRequest, DocumentSymbolRequest, InitializedNotification, InitializeRequest,
    HoverRequest, InlayHintRequest, ReferencesRequest, RenameRequest, SemanticTokensRequest, WorkspaceSymbolRequest
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './lsp-client.js';

/** The language server survives its clients: error replies, odd documents, early requests, hostile text. */
const FIXTURES = join(import.meta.dirname, '../fixtures/contract');
const DEEP = 'namespace t.deep\n' + 'record R {'.repeat(3000);

let clients: LspClient[] = [];
afterEach(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    clients = [];
});

function workspace(extra: Record<string, string> = {}): string {
    const root = mkdtempSync(join(tmpdir(), 'mds-lsp-rob-'));
    cpSync(FIXTURES, root, { recursive: true });
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, name), text);
    return root;
}

const FULL_CAPABILITIES = {
    workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
    window: { workDoneProgress: true, showDocument: { support: true } }
};

async function hover(client: LspClient, file: string, needle: string) {
    return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(file) }, position: client.at(file, needle) });
}

describe('the language server never dies', () => {
    test('a client that answers every server request with an error: logged, and the server goes on', async () => {
        const client = new LspClient(workspace(), undefined, { failServerRequests: true });
        clients.push(client);
        await client.initialize('en', undefined, FULL_CAPABILITIES);
        const diagnostics = await client.open('population.mds');
        expect(diagnostics).toEqual([]);
        expect(await hover(client, 'population.mds', 'CitizenId')).not.toBeNull();
        await new Promise(r => setTimeout(r, 500));
        expect(client.exited, client.stderr).toBe(false);
        expect(client.log.join('\n')).toMatch(/client refuses/);
    });

    test('didOpen of a plaintext document, and a didOpen without text, cost nothing', async () => {
        const client = new LspClient(workspace());
        clients.push(client);
        await client.initialize('en');
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: client.uri('notes.txt'), languageId: 'plaintext', version: 1, text: 'record { not mds' }
        });
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: client.uri('nothing.mds'), languageId: 'mds', version: 1 } as never
        });
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: client.uri('common.mds') } });
        expect(await client.open('population.mds')).toEqual([]);
        expect(await hover(client, 'population.mds', 'CitizenId')).not.toBeNull();
        expect(client.diagnostics.has(client.uri('notes.txt'))).toBe(false);
        expect(client.exited, client.stderr).toBe(false);
    });

    test('a deeply nested file on disk at start-up costs only its own diagnostics', async () => {
        const client = new LspClient(workspace({ 'deep.mds': DEEP }));
        clients.push(client);
        await client.initialize('en');
        const deep = await client.waitForDiagnostics('deep.mds', d => d.length > 0, 60_000);
        expect(deep.map(d => d.code)).toContain('mds/nesting-too-deep');
        expect(await client.open('population.mds')).toEqual([]);
        expect(await hover(client, 'population.mds', 'CitizenId')).not.toBeNull();
        const symbols = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'Citizen' });
        expect(symbols?.length).toBeGreaterThan(0);
    }, 90_000);

    test('deeply nested text typed into an open document: every request is still answered', async () => {
        const client = new LspClient(workspace());
        clients.push(client);
        await client.initialize('en');
        await client.open('population.mds');
        await client.change('population.mds', DEEP);
        await client.waitForDiagnostics('population.mds', d => d.some(x => x.code === 'mds/nesting-too-deep'), 60_000);
        const doc = { textDocument: { uri: client.uri('population.mds') } };
        const position = { line: 1, character: 500 };
        const answers = await Promise.all([
            client.connection.sendRequest(CompletionRequest.type, { ...doc, position }),
            client.connection.sendRequest(HoverRequest.type, { ...doc, position }),
            client.connection.sendRequest(DocumentSymbolRequest.type, doc),
            client.connection.sendRequest(DocumentFormattingRequest.type, { ...doc, options: { tabSize: 2, insertSpaces: true } }),
            client.connection.sendRequest(SemanticTokensRequest.type, doc),
            client.connection.sendRequest(InlayHintRequest.type, { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } })
        ].map(p => p.then(() => 'answered', (e: Error) => `error ${e.message}`)));
        // Every request gets a proper answer (not an error), though the document is broken.
        expect(answers, answers.join()).toEqual(Array(6).fill('answered'));
        expect(client.exited, client.stderr).toBe(false);
        // The other files still work.
        await client.open('common.mds');
        expect(JSON.stringify(await hover(client, 'common.mds', 'Gender'))).toContain('性别');
    }, 90_000);

    test('requests sent before the workspace is built wait for it, and resolve references correctly', async () => {
        const client = new LspClient(workspace());
        clients.push(client);
        await client.initialize('en');
        const text = (await import('node:fs')).readFileSync(join(FIXTURES, 'population.mds'), 'utf8');
        client.texts.set('population.mds', text);
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: client.uri('population.mds'), languageId: 'mds', version: 1, text }
        });
        const doc = { textDocument: { uri: client.uri('population.mds') } };
        const range = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
        const [actions, h, symbols] = await Promise.all([
            client.connection.sendRequest(CodeActionRequest.type, { ...doc, range, context: { diagnostics: [] } }),
            hover(client, 'population.mds', 'CitizenId'),
            client.connection.sendRequest(DocumentSymbolRequest.type, doc)
        ]);
        expect(Array.isArray(actions) || actions === null).toBe(true);
        expect(JSON.stringify(h)).toContain('公民身份号码');
        expect(symbols?.length).toBeGreaterThan(0);
        expect(client.stderr + client.log.join('\n')).not.toMatch(/before document reached|Starting server failed/);
    });

    test('requests about a document that is neither open nor on disk: refused with RequestFailed, never an internal error', async () => {
        const client = new LspClient(workspace());
        clients.push(client);
        await client.initialize('en');
        await client.open('population.mds');
        const missing = { textDocument: { uri: client.uri('deleted.mds') } }, position = { line: 1, character: 2 };
        const answers = await Promise.all([
            client.connection.sendRequest(ReferencesRequest.type, { ...missing, position, context: { includeDeclaration: true } }),
            client.connection.sendRequest(RenameRequest.type, { ...missing, position, newName: 'Other' }),
            client.connection.sendRequest(HoverRequest.type, { ...missing, position }),
            client.connection.sendRequest(DocumentSymbolRequest.type, missing)
        ].map(p => p.then(() => 'answered', (e: { code?: number }) => e.code)));
        expect(answers.slice(0, 2)).toEqual([-32803, -32803]); // ENOENT as an internal error (-32603) before
        expect(answers.every(a => a !== -32603)).toBe(true);
        expect(client.exited).toBe(false);
    });

    for (const root of ['rootUri', 'rootPath'] as const) {
        test(`a client that names its workspace by ${root} alone (no workspaceFolders) gets it loaded: references across files resolve`, async () => {
            const dir = workspace();
            const client = new LspClient(dir);
            clients.push(client);
            // As vim-lsp and older Emacs and Sublime clients initialize: Langium read only workspaceFolders, so every
            // reference to another file was an error ("找不到 …").
            await client.connection.sendRequest(InitializeRequest.type, {
                processId: null, capabilities: {}, locale: 'en',
                ...(root === 'rootUri' ? { rootUri: pathToFileURL(dir).href } : { rootUri: null, rootPath: dir })
            });
            await client.connection.sendNotification(InitializedNotification.type, {});
            const diagnostics = await client.open('population.mds');
            expect(diagnostics).toEqual([]);
        });
    }
});

