import '@mds/language';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseLocale, resolveLocale, type Locale } from '@mds/language';
import { runCheck } from './commands/check.js';
import { runBuild } from './commands/build.js';
import { watchAndRebuild } from './commands/watch.js';
import { runFormat } from './commands/format.js';
import { runPublish, type PublishFlags } from './commands/publish.js';
import { compareSides, runDiff, versionErrors } from './commands/diff.js';
import { runValidate, type ValidateFlags } from './commands/validate.js';
import { runServe, type ServeFlags } from './commands/serve.js';
import { runImport, type ImportFlags } from './commands/import.js';
import { parseSize } from '@mds/serve';
import { DEFAULT_TARGETS, DIALECTS, TARGETS, type DialectName, type Target } from '@mds/generators';
import { UsageError } from './io/cli-error.js';
import { processOutput, type Output } from './output.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

function integer(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
    return n;
}

function port(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
    return n;
}

function size(value: string): number {
    const n = parseSize(value);
    if (n === undefined) throw new InvalidArgumentError('expected a size such as 1048576, 512k or 16m');
    return n;
}

/** A DuckDB memory size: a number and a unit, `512MB`, `2GB`, `1.5GiB`. */
function memorySize(value: string): string {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value.trim())) throw new InvalidArgumentError('expected a size with a unit, such as 512MB or 2GB');
    return value.trim();
}

function percent(value: string): number {
    const n = Number(value.replace(/%$/, ''));
    if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a percentage from 0 to 100');
    return n;
}

function dialectList(value: string): DialectName[] {
    const list = value.split(',').map(s => s.trim()).filter(Boolean);
    if (!list.length || list.some(d => !(DIALECTS as readonly string[]).includes(d))) throw new InvalidArgumentError(`expected a comma-separated subset of ${DIALECTS.join(',')}`);
    return list as DialectName[];
}

function targetList(value: string): Target[] {
    const list = value.split(',').map(s => s.trim()).filter(Boolean);
    const unknown = list.filter(t => !(TARGETS as readonly string[]).includes(t));
    if (!list.length || unknown.length) throw new InvalidArgumentError(`expected a comma-separated subset of ${TARGETS.join(',')}`);
    return list as Target[];
}

function locale(value: string): Locale {
    const l = parseLocale(value);
    if (!l) throw new InvalidArgumentError('expected zh or en');
    return l;
}

/** Builds the `mds` program. Commands resolve to an exit code; nothing here calls process.exit. */
export function createProgram(out: Output, setExit: (code: number) => void): Command {
    const program = new Command('mds')
        .description('MDS 闵行区数据标准工具链 — check and build the district data standards')
        .version(VERSION, '-v, --version')
        .addOption(new Option('--locale <locale>', 'message language: zh | en (default: from MDS_LOCALE / LANG, else zh)').argParser(locale))
        .showSuggestionAfterError()
        .exitOverride()
        .configureOutput({ writeOut: s => out.stdout(s), writeErr: s => out.stderr(s) });

    const localeOf = () => resolveLocale(program.opts().locale, out.env);
    const color = () => out.isTTY && !out.env.NO_COLOR;

    program.command('check')
        .description('检查标准文件：语法、引用与治理规则 (check .mds files: syntax, references, governance rules)')
        .argument('[paths...]', '.mds files or folders (default: the current folder)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
        .option('-q, --quiet', 'report errors only', false)
        .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this', integer)
        .option('--baseline <old>', 'also compare with an earlier version (folder, git:<rev>, model.json) and require version bumps that cover the changes')
        .option('--cache <dir>', 'keep results per file in <dir>; an unchanged file is not checked again, an edited one re-checks what depends on it')
        .action(async (paths: string[], opts: { format: 'text' | 'json'; quiet: boolean; maxWarnings?: number; baseline?: string; cache?: string }) => {
            const code = await runCheck(paths, { ...opts, locale: localeOf(), color: color() }, out);
            if (code !== 0 || !opts.baseline) { setExit(code); return; }
            const { result, newer } = await compareSides(opts.baseline, paths[0] ?? '.', out, localeOf());
            const errors = versionErrors(result, newer, localeOf());
            for (const e of errors) out.stderr(e + '\n');
            setExit(errors.length ? 1 : 0);
        });

    program.command('diff')
        .description('比较两个版本的标准：变更分类、所需版本升级与中文变更记录 (compare two versions: changes, required bump, changelog)')
        .argument('<old>', 'a folder of .mds files, git:<rev>[:<path>], or a model.json of mds build')
        .argument('<new>', 'the same kinds')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
        .option('--check', 'exit 1 when a namespace version does not cover its changes', false)
        .action(async (older: string, newer: string, opts: { format: 'text' | 'json' | 'markdown'; check: boolean }) => {
            setExit(await runDiff(older, newer, { ...opts, locale: localeOf(), color: color() }, out));
        });

    program.command('publish')
        .description('把各命名空间的 npm 包按依赖顺序发布到私有 npm 仓库 (publish the namespace packages to an npm registry, in dependency order)')
        .argument('[paths...]', '.mds files or folders (default: the current folder)')
        .requiredOption('--registry <url>', 'the npm registry (authentication: your npm configuration)')
        .option('--dry-run', 'show what would be published (name, version, size, integrity); publish nothing', false)
        .option('--tag <dist-tag>', 'the dist-tag to publish under (default: latest)')
        .option('--from <dist>', 'publish the packages of an earlier mds build output instead of building')
        .option('--scope <scope>', 'npm scope (default: mds.config.json)')
        .option('--base-uri <uri>', 'base URI of the schema $ids (default: mds.config.json)')
        .action(async (paths: string[], opts: Omit<PublishFlags, 'locale' | 'color'>) => {
            setExit(await runPublish(paths, { ...opts, locale: localeOf(), color: color() }, out));
        });

    program.command('format')
        .description('按规范布局格式化 .mds 文件 (format .mds files in the canonical layout)')
        .argument('[paths...]', '.mds files or folders (default: the current folder)')
        .option('--check', 'write nothing; exit 1 when a file is not in canonical layout', false)
        .action(async (paths: string[], opts: { check: boolean }) => {
            setExit(await runFormat(paths, { ...opts, locale: localeOf() }, out));
        });

    type BuildFlags = { dialect?: DialectName[]; changelogFrom?: string; out: string; scope?: string; baseUri?: string; format: 'text' | 'json'; quiet: boolean; maxWarnings?: number; timings: boolean; targets?: Target[]; watch?: boolean; qualityHistory?: string };
    /** A generating command: `targets` by default; `--targets` chooses among `choices` (when more than one). */
    const generateCommand = (name: string, description: string, targets: readonly Target[], defaultOut: string, choices: readonly Target[] = targets) => {
        const cmd = program.command(name)
            .description(description)
            .argument('[paths...]', '.mds files or folders (default: the current folder)')
            .option('-o, --out <dir>', 'output folder, replaced atomically', defaultOut);
        if (choices.includes('packages') || choices.includes('schema')) {
            cmd.option('--scope <scope>', 'npm scope of the generated packages (default: mds.config.json, else @mds-standards)')
                .option('--base-uri <uri>', 'base URI of the schema $ids (default: mds.config.json)');
        }
        if (choices.length > 1) cmd.option('--targets <list>', `comma-separated subset of ${choices.join(',')} (default: ${targets.join(',')})`, targetList);
        if (choices.includes('sql')) cmd.option('--dialect <list>', `SQL dialects of the sql and dbt targets, comma-separated: ${DIALECTS.join(',')} (default: all)`, dialectList);
        if (choices.includes('docs')) cmd.option('--quality-history <file.duckdb>', 'the runs kept by mds validate --history: a 数据质量 page in the site');
        cmd.addOption(new Option('-f, --format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
            .option('-q, --quiet', 'report errors only', false)
            .option('--max-warnings <n>', 'refuse to build when there are more warnings than this', integer)
            .option('--timings', 'print the time of each phase on stderr', false)
            .option('--changelog-from <old>', 'write a Chinese changelog against an earlier version (folder, git:<rev>, model.json) into each package and the site')
            .option('-w, --watch', 'rebuild whenever a .mds file changes', false)
            .action(async (paths: string[], opts: BuildFlags) => {
                const run = () => runBuild(paths, { ...opts, dialects: opts.dialect, locale: localeOf(), color: color(), flat: name !== 'build' }, out, opts.targets ?? targets);
                setExit(opts.watch ? await watchAndRebuild(paths, out, () => run().catch(e => { report(e, out); return 2; }), localeOf()) : await run());
            });
    };
    program.command('validate')
        .description('按数据标准校验数据文件（CSV、Excel、JSONL），输出数据质量报告 (measure data files against a record of the standards)')
        .argument('[data...]', 'data files: .csv (UTF-8 or GB18030), .xlsx, .jsonl, .json (with --engine duckdb also .parquet)')
        .requiredOption('-r, --record <record>', 'the record the rows must satisfy, e.g. minhang.population.NaturalPerson')
        .option('-s, --standards <dir>', 'the standards folder', '.')
        .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'html']).default('text'))
        .option('-o, --out <file>', 'write the report to a file')
        .option('--max-errors <n>', 'invalid rows listed in the report (all are counted)', integer, 1000)
        .option('--all-rows', 'list valid rows too (json)', false)
        .option('--sample <n>', 'validate only the first N rows of each file', integer)
        .option('--as-of <date>', 'the reference time for timeliness (default: now)')
        .option('--timestamp-field <field>', 'the field that dates each row (default: the only datetime field)')
        .addOption(new Option('--encoding <encoding>', 'text encoding (default: UTF-8, else GB18030 when the file is not UTF-8)').choices(['utf-8', 'gb18030']))
        .option('--sheet <name>', 'the sheet of an .xlsx file (default: the first)')
        .option('--fail-under <percent>', 'exit 1 only when the share of valid rows is below this', percent)
        .addOption(new Option('--engine <engine>', 'where the checks run: in this process (stream), as SQL in an embedded DuckDB, or in PostgreSQL').choices(['stream', 'duckdb', 'postgres']).default('stream'))
        .option('--url <url>', 'with --engine postgres: the connection (postgresql://user@host:port/db)')
        .option('--table <schema.table>', 'with --engine postgres: the table to check, read-only')
        .option('--history [file.duckdb]', 'keep this run\'s summary (tables mds_quality, mds_quality_rules) in a DuckDB file; with --engine postgres and no file, in the checked database')
        .option('--memory-limit <size>', 'with --engine duckdb: the most memory DuckDB may use, e.g. 2GB (default: 80% of RAM); beyond it, work spills to a temporary folder', memorySize)
        .action(async (data: string[], opts: Omit<ValidateFlags, 'locale' | 'color'>) => {
            setExit(await runValidate(data, { ...opts, locale: localeOf(), color: color() }, out));
        });

    program.command('import')
        .description('从数据元表格（xlsx/csv）、资源目录、SQL 建表语句、JSON Schema 或样例数据导入为候选标准 .mds 文件 (import a data-element table, resource catalog, SQL DDL, JSON Schema or sample data as candidate standards)')
        .argument('<source>', 'a data-element table or the catalog.xlsx of mds catalog (.xlsx, .csv in UTF-8 or GB18030), SQL DDL (.sql: PostgreSQL/openGauss/KingbaseES, MySQL, and the Spark SQL/Trino/DuckDB DDL of mds sql), a JSON Schema (.json), or sample data (.csv/.xlsx with --from data, .jsonl)')
        .requiredOption('-n, --namespace <ns>', 'namespace of the new file, e.g. minhang.housing')
        .requiredOption('-o, --out <file.mds>', 'the .mds file to write (never overwritten without --force)')
        .addOption(new Option('--from <kind>', 'what the source is (default: by extension)').choices(['xlsx', 'csv', 'sql', 'data', 'jsonschema']))
        .option('--steward <department>', 'the 数源部门 of declarations whose source names none (identifier, label or qualified name)')
        .option('--standards <dir>', 'the standards the new file joins (default: the folder of --out)')
        .option('--columns <mapping.json>', 'header text per column role, e.g. {"label": "数据项中文名"}')
        .option('--merge <existing.mds...>', 'leave out what these files already declare (same identifier or label)')
        .option('--sheet <name>', 'the sheet of an .xlsx file')
        .option('--record <name>', 'with --from data: the name of the inferred record')
        .option('--force', 'overwrite --out', false)
        .action(async (source: string, opts: Omit<ImportFlags, 'locale' | 'color'>) => {
            setExit(await runImport(source, { ...opts, locale: localeOf(), color: color() }, out));
        });

    program.command('serve')
        .description('以 HTTP 提供标准：实时更新的文档站点、JSON Schema、搜索与校验 API (serve the standards over HTTP: live site, schemas, search and validation API)')
        .argument('[paths...]', '.mds files or folders (default: the current folder)')
        .option('-p, --port <port>', 'port (0: any free port)', port, 8080)
        .option('--host <host>', 'address to bind; anything but loopback makes the server reachable from the network', '127.0.0.1')
        .option('--max-body <size>', 'largest request body of POST /api/validate (e.g. 16m)', size, 16 * 1024 * 1024)
        .option('--scope <scope>', 'npm scope (default: mds.config.json)')
        .option('--base-uri <uri>', 'base URI of the schema $ids; schemas are served at the path of their $id (default: mds.config.json)')
        .option('--no-watch', 'do not rebuild when a .mds file changes')
        .action(async (paths: string[], opts: Omit<ServeFlags, 'locale'>) => {
            setExit(await runServe(paths, { ...opts, locale: localeOf() }, out));
        });

    generateCommand('build', '检查并生成制品：JSON Schema、npm 类型包、OpenAPI、文档站点、资源目录；--targets 还可选 sql、dbt (check, then generate; sql and dbt on request)', DEFAULT_TARGETS, 'dist', TARGETS);
    generateCommand('docs', '生成文档站点 (generate the registry site)', ['docs'], 'dist-docs');
    generateCommand('sql', '生成各数据库的建表语句与数据质量检查 SQL (generate DDL and quality-check SQL per dialect)', ['sql'], 'dist-sql');
    generateCommand('catalog', '生成公共数据资源目录 xlsx/csv (generate the public-data resource catalog)', ['catalog'], 'dist-catalog');

    return program;
}

/** Runs the CLI: 0 success, 1 errors in the standards, 2 bad usage or unreadable input. */
export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
    let code = 0;
    const program = createProgram(out, c => { code = c; });
    try {
        await program.parseAsync(argv, { from: 'user' });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) {
            return e.exitCode === 0 ? 0 : 2;
        }
        return report(e, out);
    }
}

/** One clear line for a usage error (exit 2); a stack only for a bug in mds itself (exit 70). */
function report(e: unknown, out: Output): number {
    if (e instanceof UsageError) {
        out.stderr(`mds: ${e.message}\n`);
        return 2;
    }
    out.stderr(`mds: internal error: ${(e as Error).stack ?? e}\n`);
    return 70;
}
