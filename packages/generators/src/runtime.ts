// `@mds/generators/runtime`: what checks data at run time without the generators or the language
// (a worker thread imports this, not the package index).
export { recordCheckFromSources, type RecordCheck, type RuleError, type ValidatorSources } from './typescript/load-sources.js';
export { valueAt, valueAtNames, type FieldPath, type LeafType } from './fields.js';
