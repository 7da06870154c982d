export * from './types.js';
export { compareModels } from './compare.js';
export { allowancesFromSources, declaredBump, diffModels, zeroMajorRule, type Allowance } from './versions.js';
export { diffMarkdown, diffText, namespaceChangelog } from './report.js';
export { BaselineError, folderSources, gitSources } from './sources.js';
export { baselineFindings } from './findings.js';
