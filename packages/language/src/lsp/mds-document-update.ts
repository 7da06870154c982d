import { DefaultDocumentBuilder, DocumentState, OperationCancelled, URI, type AstNode, type BuildOptions, type Cancellation, type LangiumDocument, type LangiumDocuments, type MaybePromise, type TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

/**
 * Requests never see a document between an edit and its rebuild. Langium schedules the rebuild
 * of an edited document after the workspace is ready, while a request only waits for the
 * document's *current* state — which is still "validated" (the old text) until the rebuild starts;
 * the request then resolves references while the rebuild resets them ("Attempted reference
 * resolution before document reached ComputedScopes state"). Here every request first waits for
 * the updates scheduled before it.
 */
export class MdsDocumentBuilder extends DefaultDocumentBuilder {
    private pending = new Map<Promise<void>, () => void>();

    private building = 0;

    /** Whether a build (the workspace's first, say) or an update is scheduled or running. */
    get updating(): boolean {
        return this.pending.size > 0 || this.building > 0;
    }

    override async build<T extends AstNode>(documents: Array<LangiumDocument<T>>, options?: BuildOptions, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        this.building++;
        try {
            await super.build(documents, options, cancelToken);
        } finally {
            this.building--;
        }
    }

    /** Releases the requests waiting for the update now running (set when it starts, see MdsDocumentUpdateHandler). */
    releaseRunning: (() => void) | undefined;

    /**
     * Records a scheduled update; requests wait for it, or only for its open files (see
     * buildDocuments). Returns what releases its waiters early.
     */
    track(update: Promise<unknown>): () => void {
        let release!: () => void;
        const settled = new Promise<void>(resolve => { release = resolve; });
        this.pending.set(settled, release);
        void update.then(release, release);
        void settled.then(() => this.pending.delete(settled));
        return release;
    }

    constructor(services: LangiumSharedServices) {
        super(services);
        const waitUntil = this.waitUntil.bind(this) as (...args: unknown[]) => Promise<unknown>;
        this.waitUntil = (async (...args: unknown[]) => {
            if (this.pending.size) await Promise.all([...this.pending.keys()]);
            return waitUntil(...args);
        }) as DefaultDocumentBuilder['waitUntil'];
    }

    /** Requests waiting for the workspace to reach a state (workspace symbols, say). */
    private stateWaiters: Array<{ state: DocumentState; resolve(): void }> = [];

    /**
     * Waits until the workspace has reached `state`. Langium releases such a waiter only when a
     * build phase brings some document *to* that state; the second part of an update here (the
     * dependents, already past it) brings none to it, so a workspace-symbol request sent right
     * after an edit that changed a file's exports waited for ever (found by a fuzzer of requests
     * over random edits). Here a waiter is released whenever a phase leaves the workspace at
     * `state` or beyond.
     */
    protected override awaitBuilderState(state: DocumentState, cancelToken: Cancellation.CancellationToken): Promise<void> {
        if (this.currentState >= state) return Promise.resolve();
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return new Promise<void>((resolve, reject) => {
            const waiter = { state, resolve: () => { cancelled.dispose(); resolve(); } };
            const cancelled = cancelToken.onCancellationRequested(() => {
                this.stateWaiters = this.stateWaiters.filter(w => w !== waiter);
                cancelled.dispose();
                reject(OperationCancelled);
            });
            this.stateWaiters.push(waiter);
        });
    }

    protected override async runCancelable(documents: LangiumDocument[], targetState: DocumentState, cancelToken: Cancellation.CancellationToken, callback: (document: LangiumDocument) => MaybePromise<unknown>): Promise<void> {
        await super.runCancelable(documents, targetState, cancelToken, callback);
        if (!this.stateWaiters.some(w => w.state <= this.currentState)) return;
        const ready = this.stateWaiters.filter(w => w.state <= this.currentState);
        this.stateWaiters = this.stateWaiters.filter(w => w.state > this.currentState);
        for (const w of ready) w.resolve();
    }

    /**
     * After an edit, the edited file first. Langium relinks every file that refers to an edited one and
     * runs each build phase over all of them, so the edited file's diagnostics waited for the relinking
     * (and reference indexing) of its dependents: about a second when 100 files import each other. When
     * every file to parse is open in the editor, those open files are built on their own, through
     * validation (their diagnostics are published), and the dependents after them. The dependents stay
     * in the index (their exports do not change) and their references resolve lazily meanwhile.
     */
    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const open = documents.filter(d => this.textDocuments?.get(d.uri) !== undefined);
        const edited = documents.filter(d => d.state < DocumentState.IndexedContent);
        if (open.length === 0 || open.length === documents.length || !edited.every(d => open.includes(d))) {
            return super.buildDocuments(documents, options, cancelToken);
        }
        await super.buildDocuments(open, options, cancelToken);
        // Requests sent before this update need not wait for the dependents: the open files are built,
        // the others are at ComputedScopes (a request about one of them waits for it in waitUntil).
        // Those that also wait for a later update keep waiting for it.
        const release = this.releaseRunning;
        this.releaseRunning = undefined;
        release?.();
        await super.buildDocuments(documents.filter(d => !open.includes(d)), options, cancelToken);
    }

}

export class MdsDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly documents: LangiumDocuments;
    private readonly connection: LangiumSharedServices['lsp']['Connection'];

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documents = services.workspace.LangiumDocuments;
        this.connection = services.lsp.Connection;
    }

    /** The text document being opened (Langium announces an open, then a change of content). */
    private opening: TextDocument | undefined;

    didOpenDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        this.opening = event.document;
    }

    /**
     * Opening a file whose text is the one already built (from disk) changes nothing: the document
     * takes the editor's text document, its diagnostics are published again (clients expect them
     * after an open) and nothing is rebuilt. Langium would otherwise relink and validate every file
     * that uses it — about two seconds of background work when 100 files import each other, during
     * which completion answered in 40–110 ms instead of 10. (The text the tree was parsed from is
     * compared; a change notification always rebuilds, even to the same text.)
     */
    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const opened = this.opening === change.document;
        this.opening = undefined;
        const builder = this.documentBuilder instanceof MdsDocumentBuilder ? this.documentBuilder : undefined;
        const document = opened ? this.documents.getDocument(URI.parse(change.document.uri)) : undefined;
        if (builder && !builder.updating && document && document.state >= DocumentState.Validated
            && document.parseResult.value.$cstNode?.root.fullText === change.document.getText()) {
            Object.defineProperty(document, 'textDocument', { value: change.document, configurable: true });
            void this.connection?.sendDiagnostics({ uri: change.document.uri, diagnostics: document.diagnostics ?? [] });
            return;
        }
        super.didChangeContent(change);
    }

    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        const builder = this.documentBuilder instanceof MdsDocumentBuilder ? this.documentBuilder : undefined;
        let release: (() => void) | undefined;
        const update = this.workspaceManager.ready
            .then(() => this.workspaceLock.write(token => {
                // The lock runs one update at a time: this one's waiters are those released after its open files.
                if (builder) builder.releaseRunning = release;
                return this.documentBuilder.update(changed, deleted, token);
            }));
        update.catch(err => console.error('MDS: document update failed:', err));
        release = builder?.track(update);
    }
}
