import { AstUtils, GrammarUtils, type AstNode, type AstNodeDescription } from 'langium';
import { lazyTwin } from '../parser/lazy-cst.js';

/** `file.mds:line:column` of a node's name, or of the node without one (1-based), for messages that point at another place. */
export function where(node: AstNode): string {
    const doc = AstUtils.getDocument(node);
    // A tree parsed without its CST: the same node in a twin of its declaration (parser/lazy-cst.ts).
    const at = lazyTwin(node) ?? node;
    const start = (GrammarUtils.findNodeForProperty(at.$cstNode, 'name') ?? at.$cstNode)?.range.start;
    return `${basename(doc.uri.path)}:${(start?.line ?? 0) + 1}:${(start?.character ?? 0) + 1}`;
}

export function whereDescription(d: AstNodeDescription): string {
    const start = d.nameSegment?.range.start;
    return `${basename(d.documentUri.path)}:${(start?.line ?? 0) + 1}:${(start?.character ?? 0) + 1}`;
}

function basename(path: string): string {
    return path.slice(path.lastIndexOf('/') + 1);
}
