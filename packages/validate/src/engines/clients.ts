import { createRequire } from 'node:module';

// The database clients, loaded only when a run asks for a database. By require, not import(): the
// CLI's bundle is a script compiled from V8's code cache, where Node 20 gives import() no loader
// (both packages are CommonJS).
const load = createRequire(import.meta.url);

export function duckDbClient(): typeof import('@duckdb/node-api') {
    return load('@duckdb/node-api') as typeof import('@duckdb/node-api');
}

export function postgresClient(): typeof import('pg') {
    return load('pg') as typeof import('pg');
}
