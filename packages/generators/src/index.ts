export * from './output.js';
export * from './names.js';
export { generateJsonSchemas } from './json-schema/generate.js';
export { generatePackages } from './typescript/package.js';
export { generateAll, TARGETS, type Target } from './targets.js';
