import { createRequire } from 'node:module';

type Pinyin = (text: string, options: { toneType: 'none'; type: 'array'; nonZh: 'consecutive' }) => string[];
let pinyinFn: Pinyin | undefined;
/** pinyin-pro (its dictionary is ~600 kB) is loaded on the first Chinese name, not with every mds command. */
function pinyin(text: string, options: Parameters<Pinyin>[1]): string[] {
    pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;
    return pinyinFn(text, options);
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** MDS keywords a declaration name may still use, but an identifier should not start a line with. */
const AVOID = new Set(['namespace', 'import', 'version', 'element', 'codelist', 'record', 'department', 'domain', 'system', 'flow', 'key', 'extends']);

/** Whether a field may be written with this name as it is (an identifier, not a keyword). */
export function isFieldName(name: string): boolean {
    return IDENTIFIER.test(name) && !AVOID.has(name);
}

/**
 * An ASCII identifier for a declaration (PascalCase) or a field (camelCase): from an English
 * name or identifier when there is one, else from the pinyin of the Chinese label.
 */
export function identifierFrom(candidates: Array<string | undefined>, style: 'type' | 'field'): string | undefined {
    for (const c of candidates) {
        if (!c || !c.trim()) continue;
        const text = c.trim();
        const words = /[\u3400-\u9fff]/.test(text)
            ? pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).flatMap(w => w.split(/[^A-Za-z0-9]+/))
            : text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/);
        const parts = words.filter(Boolean).map(w => w.toLowerCase());
        if (!parts.length) continue;
        let id = parts.map((w, i) => style === 'field' && i === 0 ? w : w[0].toUpperCase() + w.slice(1)).join('');
        if (!/^[A-Za-z]/.test(id)) id = (style === 'field' ? 'f' : 'E') + id;
        if (IDENTIFIER.test(id) && !AVOID.has(id)) return id;
    }
    return undefined;
}

/** Hands out names unique within one namespace (`Name`, `Name2`, …). */
export class NameTable {
    private readonly used = new Set<string>();
    constructor(taken: Iterable<string> = []) {
        for (const t of taken) this.used.add(t.toLowerCase());
    }
    take(wanted: string): string {
        let name = wanted, n = 2;
        while (this.used.has(name.toLowerCase())) name = `${wanted}${n++}`;
        this.used.add(name.toLowerCase());
        return name;
    }
}
