import type { SemanticModel } from '@mds/language';
import type { OutputFile } from '../output.js';

/**
 * OpenAPI 3.1 components for API gateways: one document whose `components.schemas` embed every
 * JSON Schema of the build (records and the namespaces' shared definitions) under their `$id`,
 * so every `$ref` resolves inside the document (a JSON Schema 2020-12 compound document).
 */
export function generateOpenApi(model: SemanticModel, schemas: OutputFile[], title: string): OutputFile[] {
    const components: Record<string, unknown> = {};
    for (const f of schemas) {
        const [namespace, file] = f.path.split('/');
        const name = `${namespace}.${file.replace(/\.schema\.json$/, '')}`;
        const { $schema: _dialect, ...schema } = JSON.parse(String(f.content)) as Record<string, unknown>;
        components[name] = schema;
    }
    const versions = model.namespaces.map(n => `${n.name}@${n.version ?? '0.0.0'}`).join(', ');
    const document = {
        openapi: '3.1.0',
        info: { title, version: model.namespaces.length === 1 ? model.namespaces[0].version ?? '0.0.0' : '0.0.0', description: `数据标准组件（由 MDS 生成）：${versions}` },
        jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
        paths: {},
        components: { schemas: components }
    };
    return [{ path: 'components.openapi.json', content: JSON.stringify(document, null, 2) + '\n' }];
}
