import { DefaultLangiumDocuments, type Cancellation, type LangiumDocument, type URI } from 'langium';
import { ResponseError } from 'vscode-languageserver';

/** LSP's RequestFailed: the request was valid, the server cannot serve it. */
const REQUEST_FAILED = -32803;

/**
 * The editor's documents. A request about a file that is neither open nor on disk (a deleted file
 * whose tab is still open, a client's typo) made Langium read it for the workspace-wide requests
 * (references, rename) and fail with an internal error carrying the file system's ENOENT; it is
 * now a RequestFailed answer that says which document is missing.
 */
export class MdsLangiumDocuments extends DefaultLangiumDocuments {
    override async getOrCreateDocument(uri: URI, cancellationToken?: Cancellation.CancellationToken): Promise<LangiumDocument> {
        try {
            return await super.getOrCreateDocument(uri, cancellationToken);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
            throw new ResponseError(REQUEST_FAILED, `没有这个文档 / no such document: ${uri.toString()}`);
        }
    }
}
