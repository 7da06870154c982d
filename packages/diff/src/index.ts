export * from './types.js';
export { compareModels } from './compare.js';
export { allowancesFromSources, declaredBump, diffModels, zeroMajorRule, type Allowance } from './versions.js';
export { diffMarkdown, diffText, namespaceChangelog } from './report.js';
