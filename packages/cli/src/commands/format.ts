import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createMdsServices, type Locale } from '@mds/language';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findSources, readSources } from '../io/load-sources.js';
import type { Output } from '../output.js';
import { texts } from '../report/texts.js';

export interface FormatOptions {
    check: boolean;
    locale: Locale;
}

/**
 * `mds format`: rewrites `.mds` files in the canonical layout (the editor's formatter).
 * With `--check`, writes nothing and exits 1 when a file is not in canonical layout.
 * A file with syntax errors is left alone and reported.
 */
export async function runFormat(paths: string[], options: FormatOptions, out: Output): Promise<number> {
    const t = texts(options.locale);
    const files = readSources(findSources(paths, out.cwd, t), out.cwd, t);
    const { shared, Mds } = createMdsServices(NodeFileSystem);
    const changed: string[] = [], broken: string[] = [];
    for (const file of files) {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(file.text, URI.file(file.path));
        const name = relative(out.cwd, file.path);
        if (doc.parseResult.lexerErrors.length || doc.parseResult.parserErrors.length) {
            broken.push(name);
            continue;
        }
        shared.workspace.LangiumDocuments.addDocument(doc);
        const edits = await Mds.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
        const formatted = TextDocument.applyEdits(doc.textDocument, edits);
        if (formatted === file.text) continue;
        changed.push(name);
        if (!options.check) writeFileSync(file.path, formatted);
    }
    const en = options.locale === 'en';
    for (const name of broken) out.stderr(`${name}: ${en ? 'syntax errors, not formatted (run mds check)' : '有语法错误，未格式化（请先运行 mds check）'}\n`);
    for (const name of changed) out.stdout(`${name}${options.check ? (en ? ': not in canonical layout' : '：不是规范布局') : (en ? ': formatted' : '：已格式化')}\n`);
    out.stdout(en
        ? `${files.length} file${files.length === 1 ? '' : 's'}, ${changed.length} ${options.check ? 'to format' : 'formatted'}\n`
        : `共 ${files.length} 个文件，${changed.length} 个${options.check ? '需要格式化' : '已格式化'}\n`);
    return broken.length || (options.check && changed.length) ? 1 : 0;
}
