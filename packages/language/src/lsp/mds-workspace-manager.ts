import { DefaultWorkspaceManager, UriUtils, type FileSystemProvider, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { WorkspaceFolder } from 'vscode-languageserver-protocol';

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
