import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
    ErrorCodes, InitializedNotification, InitializeRequest, LogMessageNotification, ResponseError, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
    StreamMessageWriter, type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams, type TextEdit
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(import.meta.dirname, '../../extension/out/server.cjs');

/** A language client over stdio that drives the bundled server as VS Code would. */
export class LspClient {
    readonly connection: ProtocolConnection;
    readonly process: ChildProcess;
    readonly diagnostics = new Map<string, Diagnostic[]>();
    /** The URI of every diagnostics notification, in the order they arrived. */
    readonly published: string[] = [];
    private readonly versions = new Map<string, number>();
    readonly texts = new Map<string, string>();
    private waiters: Array<{ uri: string; test: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
    exited = false;
    stderr = '';

    exitCode: number | null = null;
    /** Every message the server logged (window/logMessage), as the output channel shows them. */
    readonly log: string[] = [];

    constructor(private readonly root: string, server = SERVER, options: { failServerRequests?: boolean } = {}) {
        this.process = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.process.stderr!.on('data', d => { this.stderr += String(d); });
        this.process.on('exit', code => { this.exited = true; this.exitCode = code; });
        this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
        this.connection.onNotification(LogMessageNotification.type, p => { this.log.push(p.message); });
        if (options.failServerRequests) {
            // A client that answers every server→client request (registerCapability, configuration, …) with an error.
            this.connection.onRequest((method: string) => new ResponseError(ErrorCodes.InternalError, `client refuses ${method}`));
        }
        this.connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
            this.diagnostics.set(p.uri, p.diagnostics);
            this.published.push(p.uri);
            this.waiters = this.waiters.filter(w => {
                if (w.uri !== p.uri || !w.test(p.diagnostics)) return true;
                w.resolve(p.diagnostics);
                return false;
            });
        });
        this.connection.listen();
    }

    uri(file: string): string {
        return pathToFileURL(join(this.root, file)).href;
    }

    async initialize(locale = 'en', initializationOptions?: object, capabilities: object = {}): Promise<void> {
        await this.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid, rootUri: pathToFileURL(this.root).href, locale, initializationOptions,
            capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } }, ...capabilities },
            workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'ws' }]
        });
        await this.connection.sendNotification(InitializedNotification.type, {});
    }

    /** Resolves with the next diagnostics for `file` that satisfy `test` (or the current ones if they already do). */
    waitForDiagnostics(file: string, test: (d: Diagnostic[]) => boolean = () => true, timeout = 20_000): Promise<Diagnostic[]> {
        const uri = this.uri(file);
        const current = this.diagnostics.get(uri);
        if (current && test(current)) return Promise.resolve(current);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${file}; last: ${JSON.stringify(this.diagnostics.get(uri))}`)), timeout);
            this.waiters.push({ uri, test, resolve: d => { clearTimeout(timer); resolve(d); } });
        });
    }

    /** Resolves with the next diagnostics published for `file`, whatever they are. */
    nextDiagnostics(file: string, timeout = 20_000): Promise<Diagnostic[]> {
        const uri = this.uri(file);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no diagnostics published for ${file}`)), timeout);
            this.waiters.push({ uri, test: () => true, resolve: d => { clearTimeout(timer); resolve(d); } });
        });
    }

    /** Opens a document and waits until the server has built it (its diagnostics are published). */
    async open(file: string, text = readFileSync(join(this.root, file), 'utf8')): Promise<Diagnostic[]> {
        this.versions.set(file, 1);
        this.texts.set(file, text);
        const built = this.nextDiagnostics(file);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: this.uri(file), languageId: 'mds', version: 1, text }
        });
        return built;
    }

    async change(file: string, text: string): Promise<void> {
        const version = (this.versions.get(file) ?? 1) + 1;
        this.versions.set(file, version);
        this.texts.set(file, text);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: this.uri(file), version }, contentChanges: [{ text }]
        });
    }

    /** Position of the `n`th occurrence of `needle` in an open file, plus `offset` characters. */
    at(file: string, needle: string, offset = 0, n = 0): { line: number; character: number } {
        const text = this.texts.get(file)!;
        let index = -1;
        for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
        if (index < 0) throw new Error(`${needle} not in ${file}`);
        const before = text.slice(0, index + offset);
        const line = before.split('\n').length - 1;
        return { line, character: before.length - before.lastIndexOf('\n') - 1 };
    }

    async close(): Promise<void> {
        if (!this.exited) {
            await this.connection.sendRequest(ShutdownRequest.type);
            await this.connection.sendNotification(ExitNotification.type);
        }
        this.connection.dispose();
        this.process.kill();
    }
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
    const offset = (p: { line: number; character: number }) => {
        const lines = text.split('\n');
        let o = 0;
        for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
        return o + p.character;
    };
    const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
    let result = text;
    for (const e of sorted) result = result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end));
    return result;
}
