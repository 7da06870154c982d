import type { FieldModel, RecordModel, SemanticModel } from '@mds/language';
import { definitionRef, recordSchemaId } from '../names.js';
import type { GeneratorOptions } from '../output.js';
import { annotation, describe } from './annotations.js';

type Schema = Record<string, unknown>;

/**
 * A record's schema. Inherited fields are listed in the child (with `x-mds.extends` naming the
 * parent): `additionalProperties: false` and `allOf` inheritance do not combine in JSON Schema.
 * Fields refer to shared element definitions and other records by `$ref`; nothing is copied.
 */
export function recordSchema(record: RecordModel, model: SemanticModel, options: GeneratorOptions): Schema {
    const properties: Record<string, Schema> = {};
    for (const f of record.fields) properties[f.name] = fieldSchema(f, options);
    const system = record.systemOfRecord ? model.declarations.get(record.systemOfRecord) : undefined;
    return {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: recordSchemaId(record.qualifiedName, options),
        ...describe(record),
        type: 'object',
        properties,
        required: record.fields.filter(f => !f.optional).map(f => f.name),
        additionalProperties: false,
        'x-mds': annotation(record, model, {
            key: record.keys,
            ...(record.extends ? { extends: record.extends } : {}),
            ...(system ? { systemOfRecord: { id: system.qualifiedName, label: system.label } } : {}),
            fields: Object.fromEntries(record.fields.map(f => [f.name, {
                type: 'element' in f.type ? f.type.element : f.type.record,
                ...(f.key ? { key: true } : {}),
                ...(f.declaredIn !== record.qualifiedName ? { inheritedFrom: f.declaredIn } : {})
            }]))
        })
    };
}

function fieldSchema(f: FieldModel, options: GeneratorOptions): Schema {
    const item: Schema = 'element' in f.type ? { $ref: definitionRef(f.type.element, options) } : { $ref: recordSchemaId(f.type.record, options) };
    if (!f.list) return f.label ? { ...item, title: f.label } : item;
    const list: Schema = { type: 'array', items: item };
    if (f.label) list.title = f.label;
    if (f.list.min !== undefined) list.minItems = f.list.min;
    if (f.list.max !== undefined) list.maxItems = f.list.max;
    return list;
}
