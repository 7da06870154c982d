import type { RecordModel, SemanticModel } from '@mds/language';
import { cellAsRead, DIALECT, extraKeysColumn, fieldPaths, flatColumns, isNested, jsonTypeColumn, jsonTypesOf, type FieldPath, type JsonPaths } from '@mds/generators';
import { InputError } from '../readers/types.js';
import type { SqlRunner } from './sql-engine.js';
import { postgresClient } from './clients.js';

/**
 * A PostgreSQL (or openGauss / KingbaseES) connection as a SqlRunner. Every query runs in a
 * READ ONLY transaction: the checks never write, whatever the role may do.
 */
export async function openPostgres(url: string): Promise<SqlRunner & { close(): Promise<void> }> {
    const pg = postgresClient();
    const client = new pg.Client({ connectionString: url });
    try {
        await client.connect();
    } catch (e) {
        throw new InputError(`无法连接 PostgreSQL / cannot connect to PostgreSQL: ${(e as Error).message}`);
    }
    const all = async (sql: string) => {
        await client.query('BEGIN READ ONLY');
        try {
            const r = await client.query(sql);
            return r.rows as Array<Record<string, unknown>>;
        } finally {
            await client.query('ROLLBACK');
        }
    };
    return {
        dialect: DIALECT.postgres,
        all,
        async overRelation(query, statements) {
            // Read-only: no temporary table. One statement: the rows as a materialized CTE (computed
            // once), each statement's rows as JSON, tagged with the statement's index.
            const parts = statements.map((s, i) => `q${i} AS (${s('mds_flags')})`);
            const select = statements.map((_, i) => `SELECT ${i} AS mds_statement, row_to_json(q${i}) AS mds_row FROM q${i}`).join(' UNION ALL ');
            const rows = await all(`WITH mds_flags AS MATERIALIZED (${query}), ${parts.join(', ')} ${select}`);
            return statements.map((_, i) => rows.filter(r => Number(r.mds_statement) === i).map(r => r.mds_row as Record<string, unknown>));
        },
        close: () => client.end()
    };
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** One column as the text the checks read. */
function asText(expr: string, type: string): string {
    if (type === 'text' || type === 'character varying' || type === 'character') return expr;
    if (type === 'timestamp with time zone') return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    if (type === 'timestamp without time zone') return `to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS')`;
    if (type === 'date') return `to_char(${expr}, 'YYYY-MM-DD')`;
    return `CAST(${expr} AS text)`;
}

/** jsonb_typeof's names for the JSON types a field's values have (jsonTypesOf gives DuckDB's). */
const PG_JSON_TYPES: Record<string, string> = { VARCHAR: 'string', BIGINT: 'number', UBIGINT: 'number', DOUBLE: 'number', BOOLEAN: 'boolean', ARRAY: 'array', OBJECT: 'object' };

/**
 * The flat text relation of a live table (`schema.table`): columns named by field (as the DDL of
 * `mds build --targets sql` writes them; nested records and lists as jsonb, or flat text columns
 * named `address.division`), read as text. `__row` is the table's `mds_row` column when it has one,
 * else the row's place in key order.
 *
 * Values in jsonb columns are JSON values, checked as the streaming validator checks a JSONL line:
 * each path's JSON type beside it (jsonTypeColumn: a number where a text is declared, a string
 * "95" for a number, null, an array for a code… is a type violation, not its text passing), ""
 * is a value, nothing trimmed, and each nested object's keys that name no field counted
 * (extraKeysColumn). The paths so read are returned as `jsonTypes`; other columns are text, as before.
 */
export async function postgresSource(runner: SqlRunner, table: string, model: SemanticModel, record: RecordModel): Promise<{ source: string; jsonTypes: JsonPaths }> {
    const [schema, name] = table.includes('.') ? table.split('.', 2) : ['public', table];
    const described = await runner.all(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ${lit(schema)} AND table_name = ${lit(name)} ORDER BY ordinal_position`);
    if (!described.length) throw new InputError(`没有表 ${table}（或没有它的 SELECT 权限）/ no table ${table} (or no SELECT privilege on it)`);
    const types = new Map(described.map(r => [String(r.column_name), String(r.data_type)]));
    // A path inside a jsonb column (or that column itself), unless the table has a column of the path's own name.
    const inJsonb = (p: FieldPath) => types.get(p.names[0]) === 'jsonb' && (p.names.length === 1 || !types.has(p.path));
    const json = new Set<string>();
    const projection: string[] = [];
    for (const p of flatColumns(model, record)) {
        if (inJsonb(p)) { projection.push(...jsonbPath(p, json)); continue; }
        const expr = types.has(p.path) ? asText(q(p.path), types.get(p.path)!) : 'CAST(NULL AS text)';
        // Numbers, booleans, dates and times as the streaming validator reads a cell: trimmed.
        projection.push(`${cellAsRead(DIALECT.postgres, expr, p)} AS ${q(p.path)}`);
    }
    // A nested record held in jsonb: its own JSON type (an object, or a value of another type) and its undeclared keys.
    const fields = fieldPaths(model, record);
    for (const p of fields.filter(f => isNested(f) && inJsonb(f))) {
        projection.push(...jsonbPath(p, json));
        const names = fields.filter(f => f.names.length === p.names.length + 1 && f.path.startsWith(p.path + '.')).map(f => lit(f.names[f.names.length - 1]));
        const at = jsonbAt(p);
        projection.push(`CASE WHEN jsonb_typeof(${at}) = 'object' THEN (SELECT count(*) FROM jsonb_object_keys(${at}) AS k${names.length ? ` WHERE k NOT IN (${names.join(', ')})` : ''}) ELSE 0 END AS ${q(extraKeysColumn(p.path))}`);
    }
    const select = `SELECT ${projection.join(', ')}`;
    const jsonTypes = json.size ? json : false;
    // A column mds_row, when the table has one, numbers the rows (as a file's row numbers); else the key orders them.
    if (types.has('mds_row')) return { source: `${select}, ${q('mds_row')} AS __row FROM ${q(schema)}.${q(name)}`, jsonTypes };
    const order = record.keys.length && record.keys.every(k => types.has(k)) ? record.keys.map(q).join(', ') : '(SELECT NULL)';
    return { source: `${select}, row_number() OVER (ORDER BY ${order}) AS __row FROM ${q(schema)}.${q(name)}`, jsonTypes };
}

/** The jsonb value at a field path (its column, or below it). */
function jsonbAt(p: FieldPath): string {
    return p.names.length === 1 ? q(p.names[0]) : `(${q(p.names[0])} #> ${lit(`{${p.names.slice(1).map(pathElement).join(',')}}`)})`;
}

/** A key as an element of a PostgreSQL text array literal (quoted: keys may hold commas, braces, quotes). */
const pathElement = (name: string) => `"${name.replace(/[\\"]/g, c => '\\' + c)}"`;

/**
 * A path in a jsonb column as the JSONL source gives it: its value as text (a string unquoted;
 * arrays and objects as JSON text; JSON null as `null`; a nested record only when not an object)
 * and its JSON type (jsonTypeColumn: 0 the field's, 1 another, 2 null, NULL absent).
 */
function jsonbPath(p: FieldPath, json: Set<string>): string[] {
    json.add(p.path);
    const at = jsonbAt(p), t = `jsonb_typeof(${at})`;
    const value = `${at} #>> '{}'`;
    return [
        `CASE WHEN ${t} = 'null' THEN 'null' WHEN ${t} = 'object' AND ${isNested(p)} THEN NULL ELSE ${value} END AS ${q(p.path)}`,
        `CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} = 'null' THEN 2 WHEN ${t} IN (${[...new Set(jsonTypesOf(p).map(n => PG_JSON_TYPES[n]))].map(lit).join(', ')}) THEN 0 ELSE 1 END AS ${q(jsonTypeColumn(p.path))}`
    ];
}
