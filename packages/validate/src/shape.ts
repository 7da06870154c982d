import { suggest, type RecordModel, type SemanticModel } from '@mds/language';
import { fieldPaths, type FieldPath } from '@mds/generators';
import { InputError } from './readers/types.js';

export { cellValue, rowObject, type Column } from './cells.js';
import type { Column } from './cells.js';

/**
 * Maps header cells to field paths: by field name (`address.detail`) or by Chinese label
 * (`居住地址.详细地址`, or the label alone when it names one field). A header that matches no
 * field, or two headers for one field, make the file unusable (InputError naming the column).
 */
export function resolveColumns(model: SemanticModel, record: RecordModel, header: string[]): Column[] {
    const { byName, byLabel } = columnIndex(fieldPaths(model, record));
    const used = new Map<string, string>();
    return header.map((raw, i) => {
        const h = raw.trim();
        const column = `第 ${i + 1} 列“${h}”/ column ${i + 1} "${h}"`;
        if (!h) throw new InputError(`${column}：表头为空 / empty header cell`);
        let target = byName.get(h);
        if (!target) {
            const labelled = byLabel.get(h) ?? [];
            // A bare label may name fields at several depths; the shallowest wins when it is alone there.
            const depth = Math.min(...labelled.map(p => p.names.length));
            const candidates = labelled.filter(p => p.names.length === depth);
            if (candidates.length > 1) throw new InputError(`${column}：中文名称对应多个字段（${candidates.map(c => c.path).join('、')}），请改用字段名 / the label names several fields; use the field name`);
            target = candidates[0];
        }
        if (!target) throw new InputError(`${column}：${unknownColumn(model, record, h)}`);
        const other = used.get(target.path);
        if (other !== undefined) throw new InputError(`${column}：与“${other}”对应同一个字段 ${target.path} / maps to the same field as "${other}"`);
        used.set(target.path, h);
        return { header: h, target };
    });
}

/** The fields by path (`address.detail`) and by Chinese label (`居住地址.详细地址`, and the last label alone). */
function columnIndex(paths: FieldPath[]): { byName: Map<string, FieldPath>; byLabel: Map<string, FieldPath[]> } {
    const byName = new Map(paths.map(p => [p.path, p]));
    const byLabel = new Map<string, FieldPath[]>();
    for (const p of paths) {
        for (const key of [p.labels.join('.'), p.labels[p.labels.length - 1]]) {
            const list = byLabel.get(key) ?? [];
            if (!list.includes(p)) list.push(p);
            byLabel.set(key, list);
        }
    }
    return { byName, byLabel };
}

/**
 * Why a column matches no field, for a data officer fixing the header: the closest field name or
 * Chinese label when one is near (a typo, a label cut short), and the record's fields with their labels.
 */
export function unknownColumn(model: SemanticModel, record: RecordModel, header: string): string {
    const paths = fieldPaths(model, record);
    const { byName, byLabel } = columnIndex(paths);
    const near = suggest(header, [...byName.keys(), ...byLabel.keys()]);
    const target = near === undefined ? undefined : byName.get(near) ?? byLabel.get(near)?.[0];
    const hint = near === undefined || !target ? ['', ''] : near === target.path
        ? [`，是否指“${near}”？`, `; did you mean "${near}"?`]
        : [`，是否指“${near}”（${target.path}）？`, `; did you mean "${near}" (${target.path})?`];
    const fields = paths.filter(p => p.names.length === 1).map(p => p.labels[0] && p.labels[0] !== p.path ? `${p.path} ${p.labels[0]}` : p.path).join(', ');
    return `不是“${record.label ?? record.name}”（${record.qualifiedName}）的字段${hint[0]} / matches no field of ${record.qualifiedName}${hint[1]} (fields: ${fields})`;
}
