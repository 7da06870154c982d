import { AstUtils, CstUtils, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { buildSemanticModel, isRecord, qualifiedNameOf, type MdsServices, type Model } from '@mds/language';
import { generateJsonSchemas, generatePackages, resolveOptions, splitQName } from '@mds/generators';
import type { Connection } from 'vscode-languageserver';
import type { TextDocumentPositionParams } from 'vscode-languageserver-protocol';

export interface PreviewResult {
    record: string;
    schema: string;
    typescript: string;
}

/** `mds/preview`: the generated JSON Schema and TypeScript of the record under the cursor. */
export function registerPreview(connection: Connection, shared: LangiumSharedServices, Mds: MdsServices): void {
    connection.onRequest('mds/preview', async (params: TextDocumentPositionParams): Promise<PreviewResult | null> => {
        await shared.workspace.WorkspaceManager.ready;
        const documents = shared.workspace.LangiumDocuments;
        const doc = documents.getDocument(URI.parse(params.textDocument.uri)) as LangiumDocument<Model> | undefined;
        const root = doc?.parseResult.value.$cstNode;
        if (!doc || !root) return null;
        const leaf = CstUtils.findLeafNodeAtOffset(root, doc.textDocument.offsetAt(params.position));
        const record = leaf && AstUtils.getContainerOfType(leaf.astNode, isRecord);
        if (!record) return null;
        const model = buildSemanticModel(Mds, documents.all.toArray());
        const q = qualifiedNameOf(record);
        const { namespace, name } = splitQName(q);
        const options = resolveOptions({});
        const schemas = generateJsonSchemas(model, options);
        const schema = schemas.find(f => f.path === `${namespace}/${name}.schema.json`);
        const dts = generatePackages(model, options, []).find(f => f.path === `${namespace}/index.d.ts`);
        const text = String(dts?.content ?? '');
        const start = text.lastIndexOf('/**', text.indexOf(`export interface ${name} `));
        const end = text.indexOf('\n}\n', start);
        return { record: q, schema: String(schema?.content ?? ''), typescript: start >= 0 && end > 0 ? text.slice(start, end + 2) : '' };
    });
}
