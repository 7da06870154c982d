import { interruptAndCheck, Cancellation, type AstNodeDescription } from 'langium';
import { DefaultWorkspaceSymbolProvider } from 'langium/lsp';
import type { WorkspaceSymbol, WorkspaceSymbolParams } from 'vscode-languageserver-protocol';
import { Model } from '../generated/ast.js';

/** Workspace symbols searchable by identifier and by Chinese label (and synonyms). */
export class MdsWorkspaceSymbolProvider extends DefaultWorkspaceSymbolProvider {
    override async getSymbols(params: WorkspaceSymbolParams, cancelToken = Cancellation.CancellationToken.None): Promise<WorkspaceSymbol[]> {
        const query = params.query.toLowerCase();
        const result: WorkspaceSymbol[] = [];
        let count = 0;
        for (const d of this.indexManager.allElements()) {
            if (++count % 1000 === 0) await interruptAndCheck(cancelToken);
            if (d.type === Model.$type) continue;
            const node = d.node as { label?: string; attributes?: Array<{ $type: string; values?: string[] }> } | undefined;
            const label = node?.label ?? '';
            const synonyms = node?.attributes?.find(a => a.$type === 'SynonymsAttr')?.values ?? [];
            const simple = d.name.slice(d.name.lastIndexOf('.') + 1);
            if (!query || this.fuzzyMatcher.match(query, simple) || label.includes(params.query) || synonyms.some(s => s.includes(params.query))) {
                const symbol = this.symbol(d, simple, label);
                if (symbol) result.push(symbol);
            }
        }
        return result;
    }

    private symbol(d: AstNodeDescription, simple: string, label: string): WorkspaceSymbol | undefined {
        const base = this.getWorkspaceSymbol(d);
        return base ? { ...base, name: label ? `${simple} ${label}` : simple, containerName: d.name.slice(0, d.name.lastIndexOf('.')) } : undefined;
    }
}
