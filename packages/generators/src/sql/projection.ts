import type { RecordModel, SemanticModel } from '@mds/language';
import type { FieldPath } from '../fields.js';
import { flatColumns } from './checks.js';
import type { Dialect } from './dialect.js';

/**
 * The flat text relation `src` of a table created by the DDL: one text column per field path
 * (nested records read from their struct or jsonb column, lists as JSON arrays, times in RFC 3339)
 * and `__row`. The checks are written once against this relation.
 */
export function tableProjection(model: SemanticModel, record: RecordModel, d: Dialect, table: string): string {
    const columns = flatColumns(model, record).map(p => `${text(p, d)} AS ${d.id(p.path)}`);
    return `SELECT ${columns.join(', ')}, row_number() OVER () AS __row FROM ${table}`;
}

function access(p: FieldPath, d: Dialect): string {
    const [top, ...rest] = p.names;
    switch (d.name) {
        case 'duckdb': return rest.reduce((e, n) => `struct_extract(${e}, ${d.str(n)})`, d.id(top));
        case 'postgres': return rest.length ? `(${d.id(top)} #>> ${d.str(`{${rest.join(',')}}`)})` : d.id(top);
        default: return [top, ...rest].map(n => d.id(n)).join('.');
    }
}

function text(p: FieldPath, d: Dialect): string {
    const e = access(p, d);
    const nestedPg = d.name === 'postgres' && p.names.length > 1; // already text (#>>)
    if (p.list || 'record' in p.type) {
        switch (d.name) {
            case 'duckdb': return `CAST(to_json(${e}) AS VARCHAR)`;
            case 'postgres': return nestedPg ? e : `CAST(${e} AS text)`;
            case 'spark': return `to_json(${e})`;
            case 'trino': return `json_format(CAST(${e} AS JSON))`;
        }
    }
    const primitive = 'primitive' in p.type ? p.type.primitive : 'string';
    if (nestedPg) return e;
    const cast = (t: string) => `CAST(${t} AS ${d.types.string})`;
    // PostgreSQL and DuckDB write `08:30:00+08`: RFC 3339 wants the offset's minutes.
    const offsetMinutes = (t: string) => d.name === 'postgres' || d.name === 'duckdb' ? `regexp_replace(${t}, '([+-][0-9]{2})$', '\\1:00')` : t;
    switch (primitive) {
        case 'string': return d.name === 'postgres' || d.name === 'duckdb' ? e : cast(e);
        case 'datetime':
            switch (d.name) {
                case 'duckdb': return `strftime(timezone('UTC', ${e}), '%Y-%m-%dT%H:%M:%S') || 'Z'`;
                case 'postgres': return `to_char(${e} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
                case 'spark': return `date_format(${e}, 'yyyy-MM-dd\\'T\\'HH:mm:ssXXX')`;
                case 'trino': return `to_iso8601(${e})`;
            }
            break;
        case 'date': return d.name === 'postgres' ? `to_char(${e}, 'YYYY-MM-DD')` : cast(e);
        case 'time': return offsetMinutes(cast(e));
    }
    return cast(e);
}
