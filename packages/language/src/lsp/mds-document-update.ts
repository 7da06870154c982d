import { DefaultDocumentBuilder, type URI } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';

/**
 * Requests never see a document between an edit and its rebuild. Langium schedules the rebuild
 * of an edited document after the workspace is ready, while a request only waits for the
 * document's *current* state — which is still "validated" (the old text) until the rebuild starts;
 * the request then resolves references while the rebuild resets them ("Attempted reference
 * resolution before document reached ComputedScopes state"). Here every request first waits for
 * the updates scheduled before it.
 */
export class MdsDocumentBuilder extends DefaultDocumentBuilder {
    private pending = new Set<Promise<unknown>>();

    /** Records a scheduled update; requests wait for it. */
    track(update: Promise<unknown>): void {
        const settled = update.then(() => undefined, () => undefined);
        this.pending.add(settled);
        void settled.then(() => this.pending.delete(settled));
    }

    constructor(services: LangiumSharedServices) {
        super(services);
        const waitUntil = this.waitUntil.bind(this) as (...args: unknown[]) => Promise<unknown>;
        this.waitUntil = (async (...args: unknown[]) => {
            if (this.pending.size) await Promise.all([...this.pending]);
            return waitUntil(...args);
        }) as DefaultDocumentBuilder['waitUntil'];
    }
}

export class MdsDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        const update = this.workspaceManager.ready
            .then(() => this.workspaceLock.write(token => this.documentBuilder.update(changed, deleted, token)));
        update.catch(err => console.error('MDS: document update failed:', err));
        if (this.documentBuilder instanceof MdsDocumentBuilder) this.documentBuilder.track(update);
    }
}
