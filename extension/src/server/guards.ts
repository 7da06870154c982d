import type { Connection } from 'vscode-languageserver/node';

/**
 * The server survives its clients. Whatever goes wrong (a client that answers a server request
 * with an error, a bug in a provider) is logged to the client's output channel, never fatal; and
 * malformed or foreign document notifications are dropped at the protocol boundary.
 */
export function installGuards(connection: Connection): void {
    const log = (what: string, e: unknown) => {
        const text = e instanceof Error ? (e.stack ?? e.message) : typeof e === 'object' ? JSON.stringify(e) : String(e);
        try {
            connection.console.error(`MDS: ${what}: ${text}`);
        } catch {
            process.stderr.write(`MDS: ${what}: ${text}\n`);
        }
    };
    process.on('unhandledRejection', e => log('unhandled rejection (ignored)', e));
    process.on('uncaughtException', e => log('uncaught exception (ignored)', e));

    const onOpen = connection.onDidOpenTextDocument.bind(connection);
    connection.onDidOpenTextDocument = handler => onOpen((params, ...rest) => {
        const td = params?.textDocument;
        if (!td || typeof td.uri !== 'string' || typeof td.text !== 'string' || typeof td.version !== 'number') {
            log('ignored a didOpen without uri, version or text', params);
            return;
        }
        if (!isMdsDocument(td.uri, td.languageId)) return;
        return handler(params, ...rest);
    });
    const onChange = connection.onDidChangeTextDocument.bind(connection);
    connection.onDidChangeTextDocument = handler => onChange((params, ...rest) => {
        const td = params?.textDocument;
        if (!td || typeof td.uri !== 'string' || typeof td.version !== 'number' || !Array.isArray(params.contentChanges)
            || params.contentChanges.some(c => typeof c?.text !== 'string')) {
            log('ignored a malformed didChange', params);
            return;
        }
        return handler(params, ...rest);
    });
    const onClose = connection.onDidCloseTextDocument.bind(connection);
    connection.onDidCloseTextDocument = handler => onClose((params, ...rest) => {
        if (typeof params?.textDocument?.uri !== 'string') return;
        return handler(params, ...rest);
    });
}

/** Documents the server takes on: language `mds`, or a `.mds` file whatever language the client says. */
export function isMdsDocument(uri: string, languageId: string | undefined): boolean {
    return languageId === 'mds' || /\.mds$/i.test(uri.split(/[?#]/)[0]);
}
