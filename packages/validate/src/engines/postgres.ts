import type { RecordModel, SemanticModel } from '@mds/language';
import { cellAsRead, DIALECT, flatColumns } from '@mds/generators';
import { InputError } from '../readers/types.js';
import type { SqlRunner } from './sql-engine.js';

/**
 * A PostgreSQL (or openGauss / KingbaseES) connection as a SqlRunner. Every query runs in a
 * READ ONLY transaction: the checks never write, whatever the role may do.
 */
export async function openPostgres(url: string): Promise<SqlRunner & { close(): Promise<void> }> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    try {
        await client.connect();
    } catch (e) {
        throw new InputError(`cannot connect to PostgreSQL: ${(e as Error).message}`);
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

/**
 * The flat text relation of a live table (`schema.table`): columns named by field (as the DDL of
 * `mds build --targets sql` writes them; nested records and lists as jsonb, or flat text columns
 * named `address.division`), read as text. `__row` is the table's `mds_row` column when it has one,
 * else the row's place in key order.
 */
export async function postgresSource(runner: SqlRunner, table: string, model: SemanticModel, record: RecordModel): Promise<{ source: string }> {
    const [schema, name] = table.includes('.') ? table.split('.', 2) : ['public', table];
    const described = await runner.all(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ${lit(schema)} AND table_name = ${lit(name)} ORDER BY ordinal_position`);
    if (!described.length) throw new InputError(`no table ${table} (or no SELECT privilege on it)`);
    const types = new Map(described.map(r => [String(r.column_name), String(r.data_type)]));
    const projection: string[] = [];
    for (const p of flatColumns(model, record)) {
        let expr: string;
        if (types.has(p.path)) expr = asText(q(p.path), types.get(p.path)!);
        else if (p.names.length > 1 && types.get(p.names[0]) === 'jsonb') expr = `(${q(p.names[0])} #>> ${lit(`{${p.names.slice(1).join(',')}}`)})`;
        else expr = 'CAST(NULL AS text)';
        // Numbers, booleans, dates and times as the streaming validator reads a cell: trimmed.
        projection.push(`${cellAsRead(DIALECT.postgres, expr, p)} AS ${q(p.path)}`);
    }
    // A column mds_row, when the table has one, numbers the rows (as a file's row numbers); else the key orders them.
    if (types.has('mds_row')) return { source: `SELECT ${projection.join(', ')}, ${q('mds_row')} AS __row FROM ${q(schema)}.${q(name)}` };
    const order = record.keys.length && record.keys.every(k => types.has(k)) ? record.keys.map(q).join(', ') : '(SELECT NULL)';
    return { source: `SELECT ${projection.join(', ')}, row_number() OVER (ORDER BY ${order}) AS __row FROM ${q(schema)}.${q(name)}` };
}
