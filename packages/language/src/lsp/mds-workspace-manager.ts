import { DefaultWorkspaceManager, UriUtils, type FileSystemProvider, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, WorkspaceFolder } from 'vscode-languageserver-protocol';

/**
 * Loads the standards of a workspace: only the configured folders (`mds.standardsFolders`,
 * relative to each workspace folder) when they exist there, else the whole workspace folder.
 * Files opened in the editor are always checked.
 */
export class MdsWorkspaceManager extends DefaultWorkspaceManager {
    standardsFolders: string[] = [];
    private readonly fs: FileSystemProvider;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.fs = services.workspace.FileSystemProvider;
    }

    /**
     * The workspace folders, else the root a client gave in `rootUri` or `rootPath` (deprecated, still
     * all that some editors send: vim-lsp, older Emacs and Sublime clients). Langium reads only
     * `workspaceFolders`; without them every cross-file reference was an error.
     */
    override initialize(params: InitializeParams): void {
        if (!params.workspaceFolders?.length) {
            const root = params.rootUri ?? (params.rootPath ? URI.file(params.rootPath).toString() : undefined);
            if (root) params = { ...params, workspaceFolders: [{ uri: root, name: UriUtils.basename(URI.parse(root)) || root }] };
        }
        super.initialize(params);
    }

    protected override async performStartup(folders: WorkspaceFolder[]) {
        const roots: WorkspaceFolder[] = [];
        for (const folder of folders) {
            const base = URI.parse(folder.uri);
            const chosen: WorkspaceFolder[] = [];
            for (const sub of this.standardsFolders) {
                const uri = UriUtils.joinPath(base, sub);
                if (await this.isDirectory(uri)) chosen.push({ name: `${folder.name}/${sub}`, uri: uri.toString() });
            }
            roots.push(...(chosen.length ? chosen : [folder]));
        }
        return super.performStartup(roots);
    }

    private async isDirectory(uri: URI): Promise<boolean> {
        try {
            await this.fs.readDirectory(uri);
            return true;
        } catch {
            return false;
        }
    }
}
