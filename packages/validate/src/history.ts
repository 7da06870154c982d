import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SemanticModel } from '@mds/language';
import type { QualityRun } from '@mds/generators';
import { InputError } from './readers/types.js';
import type { ValidationReport } from './validate.js';
import { duckDbClient, postgresClient } from './engines/clients.js';

/**
 * Quality over time (`mds validate --history`): each run's summary appended to two tables, in a
 * DuckDB file or, with `--engine postgres`, in the checked database, for `mds docs` (数据质量)
 * and for dashboards (Grafana, Superset):
 *
 *   mds_quality        one row per run: when, record, 数源部门, input, engine, row and valid/invalid counts, validity, stale share
 *   mds_quality_rules  one row per run and rule code: violations, violating rows
 */
const RUNS = 'mds_quality';
const RULES = 'mds_quality_rules';

/** The summary of a report as one run. */
export function qualityRun(report: ValidationReport, model: SemanticModel, runAt = new Date()): QualityRun {
    const record = model.declarations.get(report.record);
    const department = record && 'governance' in record ? record.governance.steward : undefined;
    const t = report.timeliness;
    return {
        runId: randomUUID(),
        runAt: runAt.toISOString(),
        record: report.record,
        recordLabel: report.recordLabel ?? record?.label,
        department,
        departmentLabel: department ? model.declarations.get(department)?.label : undefined,
        input: Array.isArray(report.input) ? report.input.join(', ') : report.input,
        engine: report.engine ?? 'stream',
        rows: report.summary.rows,
        valid: report.summary.valid,
        invalid: report.summary.invalid,
        validity: report.summary.validity,
        staleShare: 'staleShare' in t ? t.staleShare : undefined,
        rules: Object.entries(report.summary.byRule).map(([code, c]) => ({ code, violations: c.violations, rows: c.rows })).sort((a, b) => a.code < b.code ? -1 : 1)
    };
}

type Value = string | number | null;
const runValues = (r: QualityRun): Value[] => [r.runId, r.runAt, r.record, r.recordLabel ?? null, r.department ?? null, r.departmentLabel ?? null,
    r.input, r.engine, r.rows, r.valid, r.invalid, r.validity, r.staleShare ?? null];
const RUN_COLUMNS = 'run_id, run_at, record, record_label, department, department_label, input, engine, row_count, valid_rows, invalid_rows, validity, stale_share';

/** The tables, in either engine's SQL (`timestamp` is TIMESTAMPTZ in DuckDB, `timestamptz` in PostgreSQL). */
function createTables(timestamp: string): string[] {
    return [
        `CREATE TABLE IF NOT EXISTS ${RUNS} (run_id VARCHAR PRIMARY KEY, run_at ${timestamp} NOT NULL, record VARCHAR NOT NULL, record_label VARCHAR, `
        + 'department VARCHAR, department_label VARCHAR, input VARCHAR NOT NULL, engine VARCHAR NOT NULL, row_count BIGINT NOT NULL, valid_rows BIGINT NOT NULL, '
        + 'invalid_rows BIGINT NOT NULL, validity DOUBLE PRECISION NOT NULL, stale_share DOUBLE PRECISION)',
        `CREATE TABLE IF NOT EXISTS ${RULES} (run_id VARCHAR NOT NULL, rule_code VARCHAR NOT NULL, violations BIGINT NOT NULL, violating_rows BIGINT NOT NULL, PRIMARY KEY (run_id, rule_code))`
    ];
}

/**
 * Creates the tables when missing and appends the run, in one transaction, through `run(sql,
 * values)` of either engine (`timestamp`: the engine's type of a time with zone).
 */
async function appendRun(run: (sql: string, values?: Value[]) => Promise<unknown>, timestamp: string, r: QualityRun): Promise<void> {
    await run('BEGIN');
    for (const sql of createTables(timestamp)) await run(sql);
    await run(`INSERT INTO ${RUNS} (${RUN_COLUMNS}) VALUES (${Array.from({ length: 13 }, (_, i) => `$${i + 1}`).join(', ')})`, runValues(r));
    for (const rule of r.rules) await run(`INSERT INTO ${RULES} VALUES ($1, $2, $3, $4)`, [r.runId, rule.code, rule.violations, rule.rows]);
    await run('COMMIT');
}

/** Appends a run to a DuckDB file (created with its tables when missing). */
export async function appendHistoryDuckDb(file: string, run: QualityRun): Promise<void> {
    const { DuckDBInstance } = duckDbClient();
    notOtherFile('--history', file);
    let instance;
    try {
        mkdirSync(dirname(file), { recursive: true });
        instance = await DuckDBInstance.create(file);
    } catch (e) {
        throw new InputError(`--history ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
    const connection = await instance.connect();
    try {
        await appendRun((sql, values) => connection.run(sql, values), 'TIMESTAMPTZ', run);
    } catch (e) {
        // Not committed: closing the connection drops the transaction.
        throw new InputError(`--history ${file}：无法把本次结果写入 ${RUNS} / cannot keep the run in ${RUNS} (${(e as Error).message.split('\n')[0]})`);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

/**
 * Refuses a file that exists and is no DuckDB database (its bytes 8–11 are not "DUCK"). DuckDB
 * itself refuses most, but opened an existing `.csv` without an error and kept nothing in it:
 * `--history data.csv` said nothing and lost the run.
 */
function notOtherFile(option: string, file: string): void {
    let fd: number;
    try {
        fd = openSync(file, 'r');
    } catch {
        return; // not there (DuckDB makes it), or not readable (DuckDB says why)
    }
    try {
        const head = Buffer.alloc(12);
        const n = readSync(fd, head, 0, 12, 0);
        if (n > 0 && (n < 12 || head.toString('latin1', 8, 12) !== 'DUCK')) {
            throw new InputError(`${option} ${file}：文件已存在且不是 DuckDB 数据库，不会写入；请另给一个文件名，如 quality.duckdb / exists and is not a DuckDB database; give another file, e.g. quality.duckdb`);
        }
    } catch (e) {
        if (e instanceof InputError) throw e; // a folder (EISDIR) and the like: DuckDB says why
    } finally {
        closeSync(fd);
    }
}

/** Every run kept in a DuckDB file, oldest first. */
export async function readHistoryDuckDb(file: string): Promise<QualityRun[]> {
    const { DuckDBInstance } = duckDbClient();
    notOtherFile('--quality-history', file);
    let instance;
    try {
        instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    } catch (e) {
        throw new InputError(`--quality-history ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
    const connection = await instance.connect();
    try {
        const runs = (await connection.runAndReadAll(`SELECT ${RUN_COLUMNS.replace('run_at', "strftime(run_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS run_at")} FROM ${RUNS} ORDER BY run_at, run_id`)).getRowObjectsJson();
        const rules = (await connection.runAndReadAll(`SELECT run_id, rule_code, violations, violating_rows FROM ${RULES} ORDER BY run_id, rule_code`)).getRowObjectsJson();
        return fromRows(runs, rules);
    } catch (e) {
        throw new InputError(`--quality-history ${file}: ${(e as Error).message.split('\n')[0]}`);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

/** Appends a run to the tables of a PostgreSQL database (created when missing; the role needs CREATE or INSERT on them). */
export async function appendHistoryPostgres(url: string, run: QualityRun): Promise<void> {
    const pg = postgresClient();
    const client = new pg.Client({ connectionString: url });
    try {
        await client.connect();
        await appendRun((sql, values) => client.query(sql.replace(/VARCHAR/g, 'text'), values), 'timestamptz', run);
    } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new InputError(`PostgreSQL：无法把本次结果写入 ${RUNS} / cannot keep the run in ${RUNS} (${(e as Error).message.split('\n')[0]})`);
    } finally {
        await client.end().catch(() => undefined);
    }
}

function fromRows(runs: Array<Record<string, unknown>>, rules: Array<Record<string, unknown>>): QualityRun[] {
    const byRun = new Map<string, QualityRun['rules']>();
    for (const r of rules) {
        const list = byRun.get(String(r.run_id)) ?? [];
        list.push({ code: String(r.rule_code), violations: Number(r.violations), rows: Number(r.violating_rows) });
        byRun.set(String(r.run_id), list);
    }
    const text = (v: unknown) => v === null || v === undefined ? undefined : String(v);
    return runs.map(r => ({
        runId: String(r.run_id), runAt: String(r.run_at), record: String(r.record), recordLabel: text(r.record_label),
        department: text(r.department), departmentLabel: text(r.department_label), input: String(r.input), engine: String(r.engine),
        rows: Number(r.row_count), valid: Number(r.valid_rows), invalid: Number(r.invalid_rows), validity: Number(r.validity),
        staleShare: r.stale_share === null || r.stale_share === undefined ? undefined : Number(r.stale_share),
        rules: byRun.get(String(r.run_id)) ?? []
    }));
}
