import { GrammarUtils } from 'langium';
import { TextEdit } from 'vscode-languageserver-types';
import type { Model } from '../generated/ast.js';

/** An edit adding `import ns` on its own line after the file's last import (or its header). */
export function addImportEdit(model: Model, ns: string): TextEdit | undefined {
    const anchor = model.imports.at(-1)?.$cstNode
        ?? GrammarUtils.findNodeForProperty(model.$cstNode, 'version')
        ?? GrammarUtils.findNodeForProperty(model.$cstNode, 'namespace');
    return anchor ? TextEdit.insert(anchor.range.end, `\nimport ${ns}`) : undefined;
}
