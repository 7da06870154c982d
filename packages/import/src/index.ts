export { importSpreadsheet, ELEMENT_COLUMNS } from './spreadsheet.js';
export { importData } from './infer.js';
export { renderDraft, oneLine } from './render.js';
export { departmentOf, type ImportContext } from './context.js';
export type { Draft, DraftElement, DraftCodeList, DraftRecord } from './draft.js';
export { importJsonSchema } from './json-schema.js';
export { importDdl } from './ddl.js';
export { alignGovernance, type KnownGovernance } from './governance-fit.js';
