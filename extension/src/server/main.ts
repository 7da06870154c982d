// The MDS language server: `node main.cjs --stdio` (or --node-ipc, --socket=N).
// The polyfill must load first (Langium 4.4 on Node 20).
import '@mds/language';
import { createMdsServices, MdsWorkspaceManager, parseLocale } from '@mds/language';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerPreview } from './preview.js';
import { installGuards } from './guards.js';
import { startBaseline } from './baseline.js';
import { URI } from 'langium';

const connection = createConnection(ProposedFeatures.all);
installGuards(connection);
const { shared, Mds } = createMdsServices({ connection, ...NodeFileSystem });
shared.workspace.WorkspaceManager.initialBuildOptions = { validation: true };
shared.lsp.LanguageServer.onInitialize(params => {
    const options = params.initializationOptions as { locale?: string; standardsFolders?: unknown; baseline?: unknown } | undefined;
    const requested = options?.locale;
    const manager = shared.workspace.WorkspaceManager;
    if (manager instanceof MdsWorkspaceManager && Array.isArray(options?.standardsFolders)) {
        manager.standardsFolders = options.standardsFolders.filter((f): f is string => typeof f === 'string' && f.length > 0);
    }
    Mds.options.Settings.locale = parseLocale(requested && requested !== 'auto' ? requested : params.locale ?? 'zh') ?? 'zh';
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (typeof options?.baseline === 'string' && options.baseline && root) {
        const folders = Array.isArray(options.standardsFolders) ? options.standardsFolders.filter((f): f is string => typeof f === 'string') : [];
        startBaseline(options.baseline, URI.parse(root).fsPath, folders, shared, Mds, connection);
    }
});
registerPreview(connection, shared, Mds);
startLanguageServer(shared);
