import './node20-polyfill.js';

export * from './mds-module.js';
export * from './generated/ast.js';
export * from './diagnostics/messages.js';
export * from './diagnostics/locale.js';
export { MdsSettings } from './diagnostics/report.js';
export * from './model/vocabulary.js';
export * from './model/attribute-table.js';
export * from './model/attributes.js';
export * from './model/governance.js';
export * from './model/records.js';
export * from './model/semver.js';
export { NamespaceIndex } from './scope/namespace-index.js';
export { resolveName, visibleNamespaces, namespacesDeclaring } from './scope/name-resolution.js';
export * from './workspace/build-workspace.js';
export { renderDiagnosticReference } from './diagnostics/reference.js';
export * from './model/semantic-types.js';
export { buildSemanticModel, declarationModel, modelFromJson, modelToJson, qualifiedNameOf } from './model/semantic-model.js';
