import type { SemanticModel } from '@mds/language';
import { DEFINITIONS_FILE, definitionsSchemaId } from '../names.js';
import type { GeneratorOptions, OutputFile } from '../output.js';
import { codeListSchema, elementSchema } from './element-schema.js';
import { recordSchema } from './record-schema.js';

/**
 * JSON Schema 2020-12: per namespace, `_definitions.schema.json` with every element and code
 * list under `$defs`, and `<Record>.schema.json` per record. Paths are relative to the schema root.
 */
export function generateJsonSchemas(model: SemanticModel, options: GeneratorOptions): OutputFile[] {
    const files: OutputFile[] = [];
    for (const ns of model.namespaces) {
        const defs: Record<string, unknown> = {};
        for (const d of ns.declarations) {
            if (d.kind === 'codelist') defs[d.name] = codeListSchema(d, model);
            else if (d.kind === 'element') defs[d.name] = elementSchema(d, model, options);
        }
        files.push(json(`${ns.name}/${DEFINITIONS_FILE}`, {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            $id: definitionsSchemaId(ns.name, options),
            title: `${ns.name} 数据元与代码表`,
            'x-mds': { kind: 'definitions', namespace: ns.name, ...(ns.version ? { version: ns.version } : {}) },
            $defs: defs
        }));
        for (const d of ns.declarations) {
            if (d.kind === 'record') files.push(json(`${ns.name}/${d.name}.schema.json`, recordSchema(d, model, options)));
        }
    }
    return files;
}

function json(path: string, value: unknown): OutputFile {
    return { path, content: JSON.stringify(value, null, 2) + '\n' };
}
