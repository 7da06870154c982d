import { resolve } from 'node:path';
import { buildSemanticModel, type Locale, type SemanticModel } from '@mds/language';
import { recordNames } from '@mds/generators';
import {
    appendHistoryDuckDb, appendHistoryPostgres, duckDbSource, htmlReport, InputError, openDuckDb, openPostgres, postgresSource, qualityRun, utf8Inputs,
    startWorkersFor, validateFiles, validateWithSql, type ValidationReport
} from '@mds/validate';
import { UsageError } from '../io/cli-error.js';
import { writeFileAtomically } from '../io/atomic-output.js';
import { textReport } from '../report/validate-text.js';
import { progressBar } from '../io/progress.js';
import { texts } from '../report/texts.js';
import { loadWorkspace } from '../workspace.js';
import type { Output } from '../output.js';
import { reportDiagnostics } from './check.js';

export interface ValidateFlags {
    record: string;
    standards: string;
    format: 'text' | 'json' | 'html';
    out?: string;
    maxErrors?: number;
    sample?: number;
    asOf?: string;
    timestampField?: string;
    encoding?: 'utf-8' | 'gb18030';
    sheet?: string;
    allRows: boolean;
    failUnder?: number;
    engine: 'stream' | 'duckdb' | 'postgres';
    url?: string;
    table?: string;
    /** `--history [file]`: a DuckDB file, or true (the checked PostgreSQL database). */
    history?: string | boolean;
    /** `--memory-limit <size>` of the DuckDB engine (e.g. `2GB`). */
    memoryLimit?: string;
    locale: Locale;
    color: boolean;
}

/**
 * `mds validate`: checks the standards (errors → shown as `mds check` shows them, exit 2), then
 * measures the data files against one record. Exit 0 when every row is valid, 1 when any row is
 * invalid (or, with --fail-under, when validity is below it), 2 for unusable input.
 */
export async function runValidate(data: string[], flags: ValidateFlags, out: Output): Promise<number> {
    const t = texts(flags.locale);
    // A large file is checked in worker threads: they start now, while the standards load.
    if (flags.engine === 'stream') startWorkersFor(data.map(d => resolve(out.cwd, d)), { sample: flags.sample });
    const loaded = await loadWorkspace([flags.standards], out.cwd, flags.locale, t);
    if (loaded.workspace.errorCount > 0) {
        // The standards themselves are broken: show them as mds check does, on stderr (stdout stays for the report).
        reportDiagnostics(loaded, { format: 'text', quiet: true, locale: flags.locale, color: flags.color }, { ...out, stdout: out.stderr });
        throw new UsageError(flags.locale === 'en' ? `the standards in ${flags.standards} have errors; fix them first (mds check)` : `${flags.standards} 中的标准有错误，请先修正（mds check）`);
    }
    const model = buildSemanticModel(loaded.services, loaded.workspace.documents);
    const record = resolveRecord(model, flags.record, flags.locale);
    let asOf: Date | undefined;
    if (flags.asOf !== undefined) {
        asOf = new Date(/^\d{4}-\d{2}-\d{2}$/.test(flags.asOf) ? `${flags.asOf}T00:00:00+08:00` : flags.asOf);
        if (Number.isNaN(asOf.getTime())) throw new UsageError(`--as-of ${flags.asOf}: ${flags.locale === 'en' ? 'expected a date (YYYY-MM-DD) or an RFC 3339 date-time' : '应为日期（YYYY-MM-DD）或 RFC 3339 日期时间'}`);
    }
    if (flags.engine === 'postgres' ? !flags.url || !flags.table || data.length : !data.length) {
        throw new UsageError(flags.engine === 'postgres' ? '--engine postgres takes --url and --table, and no data files' : (flags.locale === 'en' ? 'no data files given' : '请给出要校验的数据文件'));
    }
    if (flags.history === true && flags.engine !== 'postgres') {
        throw new UsageError(flags.locale === 'en' ? '--history needs a file (a DuckDB database, e.g. quality.duckdb); only --engine postgres keeps runs in the checked database' : '--history 需要给出文件（DuckDB 数据库，如 quality.duckdb）；只有 --engine postgres 可以把记录写入被检查的数据库');
    }
    const bar = progressBar(out, flags.locale);
    let report: ValidationReport;
    try {
        report = flags.engine === 'stream'
            ? await validateFiles({
                model, record, files: data.map(d => resolve(out.cwd, d)), encoding: flags.encoding, sheet: flags.sheet, maxErrors: flags.maxErrors,
                allRows: flags.allRows, sample: flags.sample, asOf, timestampField: flags.timestampField, onProgress: p => bar.update(p)
            })
            : await validateInEngine(flags, model, record, data.map(d => resolve(out.cwd, d)), asOf);
    } catch (e) {
        if (e instanceof InputError) throw new UsageError(e.message.split(resolve(out.cwd) + '/').join(''));
        throw e;
    } finally {
        bar.done();
    }
    // Paths in the report as the user gave them.
    const given = new Map(data.map(d => [resolve(out.cwd, d), d]));
    if (flags.engine !== 'postgres') report.input = Array.isArray(report.input) ? data : data[0];
    for (const r of report.rows) if (r.file) r.file = given.get(r.file) ?? r.file;
    const body = flags.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : flags.format === 'html' ? htmlReport(report) : textReport(report, flags.locale === 'en' ? 'en' : 'zh');
    if (flags.out) {
        const target = resolve(out.cwd, flags.out);
        writeFileAtomically(target, body, flags.out, flags.locale);
        if (flags.format !== 'json') out.stdout(textReport(report, flags.locale === 'en' ? 'en' : 'zh', 0));
    } else {
        out.stdout(body);
    }
    if (flags.history) await keepHistory(flags, report, model, out);
    if (flags.failUnder !== undefined) return report.summary.validity * 100 < flags.failUnder ? 1 : 0;
    return report.summary.invalid > 0 ? 1 : 0;
}

/** `--history`: the run's summary appended to a DuckDB file, or to the checked PostgreSQL database. */
async function keepHistory(flags: ValidateFlags, report: ValidationReport, model: SemanticModel, out: Output): Promise<void> {
    const run = qualityRun(report, model);
    try {
        if (typeof flags.history === 'string') await appendHistoryDuckDb(resolve(out.cwd, flags.history), run);
        else await appendHistoryPostgres(flags.url!, run);
    } catch (e) {
        if (e instanceof InputError) throw new UsageError(e.message.split(resolve(out.cwd) + '/').join(''));
        throw e;
    }
}

/** `--engine duckdb|postgres`: the checks as SQL aggregate queries in the engine. */
async function validateInEngine(flags: ValidateFlags, model: SemanticModel, q: string, files: string[], asOf: Date | undefined): Promise<ValidationReport> {
    const record = model.declarations.get(q)!;
    if (record.kind !== 'record') throw new InputError(`unknown record ${q}`);
    const common = { model, record: q, maxErrors: flags.maxErrors, asOf, timestampField: flags.timestampField };
    if (flags.engine === 'duckdb') {
        const inputs = await utf8Inputs(files, flags.encoding);
        const runner = await openDuckDb({ memoryLimit: flags.memoryLimit });
        try {
            const source = await duckDbSource(runner, inputs.files, model, record, files);
            const report = await validateWithSql({ ...common, runner, ...source, input: files.length > 1 ? files : files[0] });
            const encoding = inputs.encodings.length > 1 ? inputs.encodings : inputs.encodings[0];
            return { ...report, ...(source.format === 'csv' || source.format === 'jsonl' ? { encoding } : {}), engine: 'duckdb' };
        } catch (e) {
            if (e instanceof InputError) throw e;
            throw new InputError(`DuckDB: ${(e as Error).message.split('\n')[0]}`);
        } finally {
            runner.close();
            inputs.cleanup();
        }
    }
    const runner = await openPostgres(flags.url!);
    try {
        const { source, jsonTypes } = await postgresSource(runner, flags.table!, model, record);
        const report = await validateWithSql({ ...common, runner, source, jsonTypes, format: 'table', input: flags.table! });
        return { ...report, engine: 'postgres' };
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`PostgreSQL: ${(e as Error).message.split('\n')[0]}`);
    } finally {
        await runner.close();
    }
}

/** `--record`: a qualified name, or a simple name declared in one namespace only. */
function resolveRecord(model: SemanticModel, name: string, locale: Locale): string {
    const all = recordNames(model);
    if (all.includes(name)) return name;
    const simple = all.filter(q => q.endsWith('.' + name));
    if (simple.length === 1) return simple[0];
    const en = locale === 'en';
    if (simple.length > 1) throw new UsageError(en ? `--record ${name} is ambiguous: ${simple.join(', ')}` : `--record ${name} 有歧义：${simple.join('、')}`);
    const close = all.filter(q => q.toLowerCase().includes(name.toLowerCase().split('.').pop()!)).slice(0, 5);
    throw new UsageError(en ? `unknown record ${name}${close.length ? `; did you mean ${close.join(', ')}?` : ''}` : `没有数据集 ${name}${close.length ? `；是否要写 ${close.join('、')}？` : ''}`);
}
