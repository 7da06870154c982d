export { validateFiles, validateText, type FieldReport, type RowError, type RowResult, type ValidateOptions, type ValidationReport } from './validate.js';
export { InputError } from './readers/types.js';
export { ALLOWED_AGE_HOURS } from './timeliness.js';
export { fieldPaths, type FieldPath } from '@mds/generators';
export { formatOf } from './inputs.js';
export { htmlReport } from './report/html.js';
export { validateWithSql, type SqlRunner, type SqlValidateOptions } from './engines/sql-engine.js';
export { duckDbSource, openDuckDb, utf8Inputs } from './engines/duckdb.js';
export { openPostgres, postgresSource } from './engines/postgres.js';
