import type { CodeListModel, ElementModel, SemanticModel } from '@mds/language';
import { definitionRef, splitQName } from '../names.js';
import type { GeneratorOptions } from '../output.js';
import { annotation, describe } from './annotations.js';
import { anchor, FORMAT_SCHEMA } from './formats.js';

type Schema = Record<string, unknown>;

export function codeListSchema(list: CodeListModel, model: SemanticModel): Schema {
    return {
        ...describe(list),
        type: 'string',
        enum: list.entries.map(e => e.code),
        'x-mds': annotation(list, model, {
            codes: list.entries.map(e => ({ code: e.code, label: e.label, ...(e.parent ? { parent: e.parent } : {}), ...(e.deprecated ? { deprecated: true } : {}) }))
        })
    };
}

export function elementSchema(element: ElementModel, model: SemanticModel, options: GeneratorOptions): Schema {
    const c = element.constraints;
    const extra: Record<string, unknown> = {};
    if (c.format) extra.format = c.format;
    if (c.unit) extra.unit = c.unit;
    if (c.scale !== undefined) extra.scale = c.scale;
    const schema: Schema = { ...describe(element) };
    if ('codeList' in element.type) {
        const target = splitQName(element.type.codeList);
        schema.$ref = target.namespace === element.namespace ? `#/$defs/${target.name}` : definitionRef(element.type.codeList, options);
        schema['x-mds'] = annotation(element, model, extra);
        return schema;
    }
    switch (element.type.primitive) {
        case 'string': {
            schema.type = 'string';
            if (c.length?.min !== undefined) schema.minLength = c.length.min;
            if (c.length?.max !== undefined) schema.maxLength = c.length.max;
            const patterns: string[] = [];
            if (c.pattern !== undefined) patterns.push(anchor(c.pattern));
            if (c.format) {
                const f = FORMAT_SCHEMA[c.format];
                if (f.format) schema.format = f.format;
                if (f.pattern) patterns.push(f.pattern);
            }
            if (patterns.length === 1) schema.pattern = patterns[0];
            else if (patterns.length > 1) schema.allOf = patterns.map(pattern => ({ pattern }));
            break;
        }
        case 'integer':
        case 'decimal':
            schema.type = element.type.primitive === 'integer' ? 'integer' : 'number';
            if (typeof c.range?.min === 'number') schema.minimum = c.range.min;
            if (typeof c.range?.max === 'number') schema.maximum = c.range.max;
            if (c.scale !== undefined && element.type.primitive === 'decimal') schema.multipleOf = Number(`1e-${c.scale}`);
            break;
        case 'boolean':
            schema.type = 'boolean';
            break;
        case 'date':
            schema.type = 'string';
            schema.format = 'date';
            // ajv-formats' keywords: JSON Schema 2020-12 has no standard date bounds.
            if (typeof c.range?.min === 'string') schema.formatMinimum = c.range.min;
            if (typeof c.range?.max === 'string') schema.formatMaximum = c.range.max;
            break;
        case 'datetime':
            schema.type = 'string';
            schema.format = 'date-time';
            break;
        case 'time':
            schema.type = 'string';
            schema.format = 'time';
            break;
    }
    schema['x-mds'] = annotation(element, model, extra);
    return schema;
}
