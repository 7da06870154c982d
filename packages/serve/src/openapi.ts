import type { GeneratorOptions } from '@mds/generators';
import { recordSchemaId } from '@mds/generators';
import type { ServeContent } from './content.js';

const error = { $ref: '#/components/responses/Error' };

/** OpenAPI 3.1 of the server's own API (`/api/openapi.json`); request bodies point at the record schemas. */
export function apiDocument(content: ServeContent, options: GeneratorOptions, version: string): object {
    return {
        openapi: '3.1.0',
        info: {
            title: '数据标准服务 API / MDS standards API',
            version,
            description: '按名称、标识符、同义词与定义查找标准，读取语义模型中的声明（含生效的治理属性），按数据集校验数据。JSON Schema 位于各自 $id 的路径下。'
        },
        paths: {
            '/api/search': {
                get: {
                    operationId: 'search', summary: '搜索标准（与站点相同的排序）/ search the standards',
                    parameters: [
                        { name: 'q', in: 'query', required: true, schema: { type: 'string' }, description: '中文名称、标识符、同义词或定义中的文字' },
                        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 30 } }
                    ],
                    responses: { 200: { description: '按相关度排序的结果', content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } } }, 400: error }
                }
            },
            '/api/declarations': {
                get: {
                    operationId: 'listDeclarations', summary: '全部声明 / every declaration',
                    responses: { 200: { description: '限定名、类别与中文名称', content: { 'application/json': { schema: { type: 'object', properties: { declarations: { type: 'array', items: { type: 'object', properties: { qualifiedName: { type: 'string' }, kind: { type: 'string' }, label: { type: 'string' } }, required: ['qualifiedName', 'kind'] } } }, required: ['declarations'] } } } } }
                }
            },
            '/api/declarations/{name}': {
                get: {
                    operationId: 'getDeclaration', summary: '一个声明的语义模型条目 / one declaration of the semantic model',
                    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: '限定名，如 minhang.population.NaturalPerson' }],
                    responses: { 200: { description: '语义模型条目（治理属性为生效值）', content: { 'application/json': { schema: { $ref: '#/components/schemas/Declaration' } } } }, 404: error }
                }
            },
            '/api/validate/{record}': {
                post: {
                    operationId: 'validate', summary: '按数据集校验数据，结果与 mds validate --format json 相同 / validate data against a record',
                    parameters: [
                        { name: 'record', in: 'path', required: true, schema: { type: 'string', enum: content.records } },
                        { name: 'max-errors', in: 'query', schema: { type: 'integer', minimum: 0, default: 1000 } },
                        { name: 'all-rows', in: 'query', schema: { type: 'boolean', default: false } },
                        { name: 'as-of', in: 'query', schema: { type: 'string' }, description: '及时性的参照时间（YYYY-MM-DD 或 RFC 3339）' },
                        { name: 'timestamp-field', in: 'query', schema: { type: 'string' } }
                    ],
                    requestBody: {
                        required: true,
                        content: {
                            'application/json': { schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } },
                            'application/x-ndjson': { schema: { type: 'string', description: '每行一个 JSON 对象' } },
                            'text/csv': { schema: { type: 'string', description: '首行为表头（字段名或中文名称）' } }
                        }
                    },
                    responses: {
                        200: { description: '数据质量报告', content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationReport' } } } },
                        400: error, 404: error, 413: error, 415: error
                    }
                }
            }
        },
        components: {
            schemas: {
                SearchResult: {
                    type: 'object', required: ['query', 'total', 'results'],
                    properties: {
                        query: { type: 'string' }, total: { type: 'integer' },
                        results: { type: 'array', items: { type: 'object', required: ['name', 'qualifiedName', 'kind', 'page'], properties: {
                            name: { type: 'string' }, qualifiedName: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string' },
                            kindLabel: { type: 'string' }, synonyms: { type: 'array', items: { type: 'string' } }, definition: { type: 'string' }, page: { type: 'string' }
                        } } }
                    }
                },
                Declaration: { type: 'object', required: ['kind', 'name', 'qualifiedName'], properties: { kind: { type: 'string' }, name: { type: 'string' }, qualifiedName: { type: 'string' }, label: { type: 'string' }, schema: { type: 'string', format: 'uri' } }, additionalProperties: true },
                ValidationReport: {
                    type: 'object', required: ['record', 'input', 'format', 'rows', 'summary', 'fields', 'timeliness'],
                    properties: {
                        record: { type: 'string' }, recordLabel: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' },
                        rows: { type: 'array', items: { type: 'object', required: ['line', 'row', 'valid', 'errors'], properties: {
                            line: { type: 'integer' }, row: { type: 'integer' }, valid: { type: 'boolean' },
                            errors: { type: 'array', items: { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, value: { type: 'string' } } } }
                        } } },
                        summary: { type: 'object', required: ['rows', 'valid', 'invalid', 'validity', 'listed', 'byRule'], properties: {
                            rows: { type: 'integer' }, valid: { type: 'integer' }, invalid: { type: 'integer' }, validity: { type: 'number' }, listed: { type: 'integer' },
                            byRule: { type: 'object', additionalProperties: { type: 'object', properties: { violations: { type: 'integer' }, rows: { type: 'integer' } } } }
                        } },
                        fields: { type: 'object', additionalProperties: { type: 'object' } },
                        timeliness: { type: 'object' }
                    }
                },
                Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } }
            },
            responses: { Error: { description: '错误（code 与中英文说明）', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } }
        },
        'x-mds-schemas': Object.fromEntries(content.records.map(q => [q, recordSchemaId(q, options)]))
    };
}
