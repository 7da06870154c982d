import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { buildSemanticModel, isRecord, qualifiedNameOf, type MdsServices, type Model, type Record as RecordDecl } from '@mds/language';
import { CONFIG_FILE, generateJsonSchemas, generatePackages, parseConfig, resolveOptions, splitQName, type GeneratorOptions } from '@mds/generators';
import { DocumentState } from 'langium';
import type { Connection } from 'vscode-languageserver';
import type { TextDocumentPositionParams } from 'vscode-languageserver-protocol';

export interface PreviewResult {
    record: string;
    schema: string;
    /** The record's interface, preceded by the imports it needs. */
    typescript: string;
}

/**
 * `mds/preview`: the generated JSON Schema and TypeScript of the record that encloses the cursor,
 * generated with the same `mds.config.json` as `mds build` (the nearest one above the file).
 */
export function registerPreview(connection: Connection, shared: LangiumSharedServices, Mds: MdsServices): void {
    connection.onRequest('mds/preview', async (params: TextDocumentPositionParams): Promise<PreviewResult | null> => {
        await shared.workspace.WorkspaceManager.ready;
        const uri = URI.parse(params.textDocument.uri);
        const documents = shared.workspace.LangiumDocuments;
        if (!documents.hasDocument(uri)) return null;
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri);
        const doc = documents.getDocument(uri) as LangiumDocument<Model> | undefined;
        if (!doc) return null;
        const offset = doc.textDocument.offsetAt(params.position);
        const record = doc.parseResult.value.declarations.find((d): d is RecordDecl =>
            isRecord(d) && d.$cstNode !== undefined && d.$cstNode.offset <= offset && offset <= d.$cstNode.end);
        if (!record) return null;
        const model = buildSemanticModel(Mds, documents.all.toArray());
        const q = qualifiedNameOf(record);
        const { namespace, name } = splitQName(q);
        const options = resolveOptions(configFor(uri));
        const schema = generateJsonSchemas(model, options).find(f => f.path === `${namespace}/${name}.schema.json`);
        const dts = String(generatePackages(model, options, []).find(f => f.path === `${namespace}/index.d.ts`)?.content ?? '');
        const start = dts.lastIndexOf('/**', dts.indexOf(`export interface ${name} `));
        const end = dts.indexOf('\n}\n', start);
        const imports = dts.split('\n').filter(l => l.startsWith('import type '));
        const body = start >= 0 && end > 0 ? dts.slice(start, end + 2) : '';
        return { record: q, schema: String(schema?.content ?? ''), typescript: [...imports, ...(imports.length ? [''] : []), body].join('\n') };
    });
}

/** The options of the nearest `mds.config.json` above the document (none: the defaults). */
function configFor(uri: URI): Partial<GeneratorOptions> {
    if (uri.scheme !== 'file') return {};
    for (let dir = dirname(uri.fsPath); ; dir = dirname(dir)) {
        const file = join(dir, CONFIG_FILE);
        if (existsSync(file)) {
            try {
                const parsed = parseConfig(readFileSync(file, 'utf8'));
                return 'options' in parsed ? parsed.options : {};
            } catch {
                return {};
            }
        }
        if (dirname(dir) === dir) return {};
    }
}
