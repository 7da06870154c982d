export { validateFiles, type FieldReport, type RowError, type RowResult, type ValidateOptions, type ValidationReport } from './validate.js';
export { InputError } from './readers/types.js';
export { ALLOWED_AGE_HOURS } from './timeliness.js';
export { fieldPaths, type FieldPath } from './fields.js';
export { formatOf } from './inputs.js';
export { textReport } from './report/text.js';
export { htmlReport } from './report/html.js';
