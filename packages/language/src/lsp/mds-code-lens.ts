import { WorkspaceCache, type LangiumDocument, type LangiumDocuments } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver-types';
import { isElement, isRecord, type Model } from '../generated/ast.js';
import { qualifiedNameOf } from '../model/semantic-model.js';
import type { MdsServices } from '../mds-module.js';

/** "被 N 个数据集使用" above every element and record, counted once per workspace state. */
export class MdsCodeLensProvider implements CodeLensProvider {
    private readonly documents: LangiumDocuments;
    private readonly cache: WorkspaceCache<'usage', Map<string, Set<string>>>;

    constructor(services: MdsServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.cache = new WorkspaceCache(services.shared);
    }

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const usage = this.cache.get('usage', () => this.count());
        const lenses: CodeLens[] = [];
        for (const decl of (document.parseResult.value as Model).declarations) {
            if (!(isElement(decl) || isRecord(decl)) || !decl.$cstNode) continue;
            const users = usage.get(qualifiedNameOf(decl))?.size ?? 0;
            const line = decl.$cstNode.range.start;
            lenses.push({
                range: { start: line, end: line },
                command: { title: users ? `被 ${users} 个数据集使用` : '未被数据集使用', command: '' }
            });
        }
        return lenses;
    }

    /** Target (qualified) → the records whose fields use it. */
    private count(): Map<string, Set<string>> {
        const usage = new Map<string, Set<string>>();
        for (const doc of this.documents.all) {
            for (const decl of (doc.parseResult.value as Model).declarations ?? []) {
                if (!isRecord(decl)) continue;
                const record = qualifiedNameOf(decl);
                for (const f of decl.fields) {
                    const target = f.type?.ref;
                    if (!target) continue;
                    const q = qualifiedNameOf(target);
                    (usage.get(q) ?? usage.set(q, new Set()).get(q)!).add(record);
                }
            }
        }
        return usage;
    }
}
