export * from './output.js';
export * from './names.js';
export { generateJsonSchemas } from './json-schema/generate.js';
export { generatePackages } from './typescript/package.js';
export { generateDocs, type DocsOptions } from './docs/site.js';
export { generateCatalog } from './catalog/generate.js';
export { generateOpenApi } from './openapi/generate.js';
export { changesSince, type Change } from './docs/changes.js';
export { generateAll, TARGETS, type Target, type TargetResult, type GenerateOptions } from './targets.js';
