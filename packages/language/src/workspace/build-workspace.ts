import { DefaultIndexManager, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';

/** One source file handed to the language by its host (CLI, tests, a build tool). */
export interface SourceFile {
    /** Absolute file system path, or a URI string (`file:///…`, `mds-std:///…`). */
    path: string;
    text: string;
}

export interface BuiltWorkspace {
    documents: LangiumDocument<Model>[];
    /** Diagnostics per document, sorted by position. */
    diagnostics: Map<LangiumDocument<Model>, Diagnostic[]>;
    errorCount: number;
    warningCount: number;
}

/**
 * Parses, links and validates a set of files as one workspace, in one build (so forward
 * references across files resolve). The host reads the files; the language never touches
 * the file system.
 */
export async function buildWorkspace(services: MdsCoreServices, files: SourceFile[], options: {
    /** Validate only these files (all are parsed and linked); the others get no diagnostics. */
    validate?: (file: SourceFile) => boolean;
} = {}): Promise<BuiltWorkspace> {
    const langiumDocuments = services.shared.workspace.LangiumDocuments;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = files.map(f => {
        const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(f.path) ? URI.parse(f.path) : URI.file(f.path);
        const doc = factory.fromString<Model>(f.text, uri);
        langiumDocuments.addDocument(doc);
        return doc;
    });
    const builder = services.shared.workspace.DocumentBuilder;
    if (options.validate) {
        await builder.build(documents, { validation: false });
        await builder.build(documents.filter((_d, i) => options.validate!(files[i])), { validation: true });
    } else {
        await builder.build(documents, { validation: true });
    }
    const diagnostics = new Map<LangiumDocument<Model>, Diagnostic[]>();
    let errorCount = 0, warningCount = 0;
    for (const doc of documents) {
        const list = [...(doc.diagnostics ?? [])].sort((a, b) =>
            a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        diagnostics.set(doc, list);
        for (const d of list) {
            if (d.severity === 1) errorCount++;
            else if (d.severity === 2) warningCount++;
        }
    }
    return { documents, diagnostics, errorCount, warningCount };
}

/**
 * An index manager that does not record references. Batch tools (the CLI) never ask "who
 * refers to X" through the index, and skipping it saves a walk over every reference.
 */
export class BatchIndexManager extends DefaultIndexManager {
    override async updateReferences(): Promise<void> {
        // Intentionally empty: see class comment.
    }
}
