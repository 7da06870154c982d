import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, modelFromJson, type MdsServices, type SemanticModel } from '@mds/language';
import { allowancesFromSources, baselineFindings, diffModels, folderSources, gitSources } from '@mds/diff';
import { EmptyFileSystem } from 'langium';
import type { Connection } from 'vscode-languageserver';

/** Reads the baseline model of `mds.baseline` (git:<rev>[:<path>], a folder, or a model.json), relative to the workspace. */
async function loadBaseline(spec: string, root: string, standardsFolders: string[]): Promise<SemanticModel> {
    if (spec.endsWith('.json')) {
        const model = modelFromJson(readFileSync(resolve(root, spec), 'utf8'));
        if (!model) throw new Error(`${spec} is not a model.json of mds build`);
        return model;
    }
    const folder = standardsFolders.find(f => existsSync(resolve(root, f)));
    const files = spec.startsWith('git:') ? gitSources(spec, root, folder) : folderSources(resolve(root, spec));
    const { Mds } = createMdsCoreServices(EmptyFileSystem, { batch: true });
    const ws = await buildWorkspace(Mds, files);
    if (ws.errorCount) throw new Error(`the baseline ${spec} has ${ws.errorCount} errors`);
    return buildSemanticModel(Mds, ws.documents);
}

/**
 * `mds.baseline`: once the baseline is read, every check of the workspace also compares it with
 * the baseline — version errors at `version`, breaking changes as warnings at their declarations —
 * the same comparison as `mds check --baseline`. A baseline that cannot be read is logged, not fatal.
 */
export function startBaseline(spec: string, root: string, standardsFolders: string[], shared: LangiumSharedServices, Mds: MdsServices, connection: Connection): void {
    void loadBaseline(spec, root, standardsFolders).then(async baseline => {
        Mds.model.Baseline.compare = current => {
            const documents = shared.workspace.LangiumDocuments.all.toArray();
            const sources = new Map(documents.map(d => [d.uri.toString(), d.textDocument.getText()]));
            return baselineFindings(diffModels(baseline, current, allowancesFromSources(current, sources)));
        };
        connection.console.info(`MDS: comparing with the baseline ${spec}`);
        await shared.workspace.WorkspaceManager.ready;
        const uris = shared.workspace.LangiumDocuments.all.map(d => d.uri).toArray();
        await shared.workspace.DocumentBuilder.update(uris.map(u => URI.parse(u.toString())), []);
    }).catch(e => connection.console.error(`MDS: cannot read the baseline ${spec}: ${(e as Error).message}`));
}
