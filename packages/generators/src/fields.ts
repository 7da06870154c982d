import type { ElementModel, FieldModel, QName, RecordModel, SemanticModel } from '@mds/language';

/** What a leaf value is: a primitive or a code list (by code), or a whole record / list given as JSON. */
export type LeafType = { primitive: 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'time' } | { codeList: QName } | { record: QName };

/** A field path of a record, as a data file addresses it (`address.detail`). */
export interface FieldPath {
    /** Names from the record down, `['address', 'detail']`. */
    names: string[];
    path: string;
    /** Labels from the record down, `['居住地址', '详细地址']` (a field's own label, else its type's). */
    labels: string[];
    field: FieldModel;
    list: boolean;
    type: LeafType;
}

/**
 * The field paths of a record that a table can address: every field, and — for a field typed by
 * a record, not a list — its own fields below it (`address.detail`), to a depth of four and
 * never into a record already on the way down (records may nest themselves).
 */
export function fieldPaths(model: SemanticModel, record: RecordModel): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (r: RecordModel, names: string[], labels: string[], seen: QName[]) => {
        for (const f of r.fields) {
            const p = [...names, f.name], l = [...labels, f.label ?? f.name];
            if ('record' in f.type) {
                const target = model.declarations.get(f.type.record) as RecordModel | undefined;
                out.push({ names: p, path: p.join('.'), labels: l, field: f, list: Boolean(f.list), type: { record: f.type.record } });
                if (target && !f.list && p.length < 4 && !seen.includes(target.qualifiedName)) walk(target, p, l, [...seen, target.qualifiedName]);
                continue;
            }
            const element = model.declarations.get(f.type.element) as ElementModel | undefined;
            const type: LeafType = !element ? { primitive: 'string' } : 'codeList' in element.type ? { codeList: element.type.codeList } : { primitive: element.type.primitive };
            out.push({ names: p, path: p.join('.'), labels: l, field: f, list: Boolean(f.list), type });
        }
    };
    walk(record, [], [], [record.qualifiedName]);
    return out;
}

/** Reads a field path given as names (`['address', 'detail']`) out of a value; own properties only. */
export function valueAtNames(value: unknown, names: string[]): unknown {
    let v = value;
    for (let i = 0; i < names.length; i++) {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
        const name = names[i];
        v = Object.prototype.hasOwnProperty.call(v, name) ? (v as Record<string, unknown>)[name] : undefined;
    }
    return v;
}

/** Reads `a.b[2].c` out of a value. */
export function valueAt(value: unknown, path: string): unknown {
    if (!path) return value;
    let v = value;
    for (const part of path.split(/\.|(?=\[)/)) {
        if (v === null || typeof v !== 'object') return undefined;
        const index = /^\[(\d+)\]$/.exec(part);
        v = index ? (v as unknown[])[Number(index[1])] : Object.prototype.hasOwnProperty.call(v, part) ? (v as Record<string, unknown>)[part] : undefined;
    }
    return v;
}
