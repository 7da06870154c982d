import type { Bounds, Constraints } from './semantic-types.js';
import { ATTRIBUTE_LABELS } from './vocabulary.js';

/** `18` for an exact bound, else `a..b` with open ends left empty. */
export function boundsText(b: Bounds<number | string>): string {
    return b.min !== undefined && b.min === b.max ? String(b.min) : `${b.min ?? ''}..${b.max ?? ''}`;
}

/**
 * An element's constraints as Chinese phrases (`长度 18`, `模式 …`, `格式 gb11643`…), shared by
 * hover, the generated doc comments, the docs site and the catalog. `code` formats a pattern.
 */
export function constraintPhrases(c: Constraints, code: (pattern: string) => string = p => p): string[] {
    const out: string[] = [];
    if (c.length) out.push(`${ATTRIBUTE_LABELS.length} ${boundsText(c.length)}`);
    if (c.pattern !== undefined) out.push(`${ATTRIBUTE_LABELS.pattern} ${code(c.pattern)}`);
    if (c.format) out.push(`${ATTRIBUTE_LABELS.format} ${c.format}`);
    if (c.range) out.push(`${ATTRIBUTE_LABELS.range} ${boundsText(c.range)}`);
    if (c.scale !== undefined) out.push(`${ATTRIBUTE_LABELS.scale} ${c.scale}`);
    if (c.unit) out.push(`${ATTRIBUTE_LABELS.unit} ${c.unit}`);
    return out;
}
