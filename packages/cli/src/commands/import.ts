import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { buildSemanticModel, buildWorkspace, createMdsCoreServices, createMdsServices, type Locale, type SemanticModel } from '@mds/language';
import { alignGovernance, importData, importDdl, importJsonSchema, importSpreadsheet, renderDraft, type Draft, type ImportContext, type KnownGovernance } from '@mds/import';
import { InputError } from '@mds/validate';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { UsageError } from '../io/cli-error.js';
import { writeFileAtomically } from '../io/atomic-output.js';
import { findSources, readSources } from '../io/load-sources.js';
import { diagnosticRows } from '../report/diagnostic-rows.js';
import { formatText } from '../report/text-format.js';
import { texts } from '../report/texts.js';
import type { Output } from '../output.js';

export interface ImportFlags {
    namespace: string;
    out: string;
    from?: 'xlsx' | 'csv' | 'sql' | 'data' | 'jsonschema';
    steward?: string;
    standards?: string;
    columns?: string;
    merge?: string[];
    force: boolean;
    sheet?: string;
    record?: string;
    locale: Locale;
    color: boolean;
}

/**
 * `mds import`: a data-element table or sample data → one canonical `.mds` file of candidates,
 * checked together with the standards before it is written (a file with errors is never
 * written). Never overwrites without `--force`; `--merge` leaves out what is already declared.
 */
export async function runImport(source: string, flags: ImportFlags, out: Output): Promise<number> {
    const en = flags.locale === 'en';
    const t = texts(flags.locale);
    const sourcePath = resolve(out.cwd, source);
    const target = resolve(out.cwd, flags.out);
    if (!existsSync(sourcePath)) throw new UsageError(t.missingPath(source));
    if (!statSync(sourcePath).isFile()) throw new UsageError(t.isFolder(source));
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/.test(flags.namespace)) throw new UsageError(en ? `--namespace ${flags.namespace}: expected a dotted lowercase name such as minhang.housing` : `--namespace ${flags.namespace}：应为小写点分名称，如 minhang.housing`);
    if (extname(target) !== '.mds') throw new UsageError(en ? '--out must name a .mds file' : '--out 必须是 .mds 文件');
    if (existsSync(target) && !flags.force) throw new UsageError(en ? `${flags.out} exists; use --force to overwrite it, or --merge to add to what it declares` : `${flags.out} 已存在；用 --force 覆盖，或用 --merge 只添加其中没有的声明`);

    // The workspace the new file joins: --standards, else the folder it is written to (when it has .mds files).
    const standardsDir = flags.standards ? resolve(out.cwd, flags.standards) : dirname(target);
    const sourceFiles = [...new Set([
        ...(flags.standards || hasMds(standardsDir) ? findSources([standardsDir], out.cwd, t) : []),
        ...(flags.merge ?? []).map(m => resolve(out.cwd, m))
    ])].filter(f => f !== target || !flags.force);
    const files = readSources(sourceFiles, out.cwd, t);
    const { Mds } = createMdsCoreServices(NodeFileSystem, { batch: true });
    Mds.options.Settings.locale = flags.locale;
    const existing = buildSemanticModel(Mds, (await buildWorkspace(Mds, files)).documents);
    const ctx: ImportContext = {
        departments: [], sheet: flags.sheet,
        columns: flags.columns ? readColumns(resolve(out.cwd, flags.columns), en) : undefined
    };
    ctx.declared = new Set(existing.declarations.keys());
    for (const d of existing.declarations.values()) {
        if (d.kind === 'department') ctx.departments.push({ qualifiedName: d.qualifiedName, name: d.name, label: d.label });
        if (d.kind === 'element') {
            (ctx.elements ??= []).push({
                qualifiedName: d.qualifiedName, label: d.label,
                ...('primitive' in d.type ? { primitive: d.type.primitive } : { codeList: d.type.codeList })
            });
        }
    }
    if (flags.steward) {
        ctx.steward = ctx.departments.find(d => d.qualifiedName === flags.steward || d.name === flags.steward || d.label === flags.steward)?.qualifiedName;
        if (!ctx.steward) throw new UsageError(en ? `--steward ${flags.steward}: no such department in the standards` : `--steward ${flags.steward}：标准中没有这个部门`);
    }

    const kind = flags.from ?? kindOf(sourcePath);
    let draft: Draft;
    try {
        draft = kind === 'data' ? await importData(sourcePath, ctx, flags.record)
            : kind === 'jsonschema' ? importJsonSchema(sourcePath, ctx)
            : kind === 'sql' ? importDdl(sourcePath, ctx)
            : await importSpreadsheet(sourcePath, ctx);
    } catch (e) {
        if (e instanceof InputError) throw new UsageError(e.message.split(out.cwd + '/').join(''));
        throw e;
    }
    const skipped = flags.merge?.length ? mergeInto(draft, existing, flags.merge.map(m => resolve(out.cwd, m))) : [];

    // Governance made consistent (就高从严) with what the fields use: the workspace's declarations by their effective values.
    const known = new Map<string, KnownGovernance>();
    for (const d of existing.declarations.values()) {
        if ('governance' in d && (d.kind === 'element' || d.kind === 'record')) known.set(d.qualifiedName, { share: d.governance.share, open: d.governance.open, grade: d.governance.grade, personal: d.governance.personal });
    }
    alignGovernance(draft, known);
    const text = await format(renderDraft(draft, { namespace: flags.namespace, source }), target);
    // Check the new file against the standards already built (only it is parsed and linked): a file with errors is not written.
    const checked = await buildWorkspace(Mds, [{ path: target, text }]);
    const rows = diagnosticRows(checked, out.cwd).filter(r => r.severity === 'error');
    if (rows.length) {
        out.stderr(formatText(rows, { color: flags.color, sources: new Map([[relative(out.cwd, target), text]]) }) + '\n');
        out.stderr((en ? `mds import: the result has ${rows.length} errors; nothing was written` : `mds import：导入结果有 ${rows.length} 个错误，未写入任何文件`) + '\n');
        return 1;
    }
    writeFileAtomically(target, text, flags.out, flags.locale);
    for (const n of draft.notes) out.stderr(`[mds] ${n}\n`);
    for (const s of skipped) out.stdout(en ? `skipped ${s}\n` : `已跳过 ${s}\n`);
    out.stdout(en
        ? `wrote ${flags.out}: ${draft.records.length} records, ${draft.elements.length} elements, ${draft.codeLists.length} code lists (status candidate)${skipped.length ? `; ${skipped.length} already declared` : ''}\n`
        : `已写入 ${flags.out}：${draft.records.length} 个数据集、${draft.elements.length} 个数据元、${draft.codeLists.length} 个代码表（均为候选标准）${skipped.length ? `；${skipped.length} 项已声明，已跳过` : ''}\n`);
    return 0;
}

function hasMds(dir: string): boolean {
    try {
        return readdirSync(dir).some(f => f.endsWith('.mds'));
    } catch {
        return false;
    }
}

function kindOf(path: string): 'xlsx' | 'csv' | 'sql' | 'data' | 'jsonschema' {
    const ext = extname(path).toLowerCase();
    if (ext === '.sql' || ext === '.ddl') return 'sql';
    if (ext === '.xlsx') return 'xlsx';
    if (ext === '.csv' || ext === '.txt') return 'csv';
    if (ext === '.jsonl' || ext === '.ndjson') return 'data';
    if (ext === '.json') return 'jsonschema';
    throw new UsageError(`不支持的来源 ${ext}：数据元表用 .xlsx/.csv，建表语句用 .sql，JSON Schema 用 .json，样例数据用 --from data / unsupported source; use .xlsx/.csv, .sql, .json, or --from data`);
}

function readColumns(path: string, en: boolean): Record<string, string> {
    try {
        const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.values(raw).some(v => typeof v !== 'string')) throw new Error('expected { "role": "header text" }');
        return raw as Record<string, string>;
    } catch (e) {
        throw new UsageError(`--columns ${path}: ${en ? '' : '无法读取：'}${(e as Error).message}`);
    }
}

/**
 * `--merge`: leaves out each declaration that the given files already declare (same identifier or
 * same label, same kind), and points the rest at the existing ones. Returns what was left out.
 */
function mergeInto(draft: Draft, model: SemanticModel, files: string[]): string[] {
    const inFiles = [...model.declarations.values()].filter(d => files.some(f => d.location.uri === URI.file(f).toString()));
    const match = (kind: string, name: string, label?: string) => inFiles.find(d => d.kind === kind && (d.name === name || (label !== undefined && d.label === label)));
    const renamed = new Map<string, string>();
    const skipped: string[] = [];
    const keep = <T extends { name: string; label?: string }>(items: T[], kind: string): T[] => items.filter(x => {
        const found = match(kind, x.name, x.label);
        if (!found) return true;
        renamed.set(x.name, found.qualifiedName);
        skipped.push(`${x.label ?? x.name} → ${found.qualifiedName}`);
        return false;
    });
    draft.codeLists = keep(draft.codeLists, 'codelist');
    draft.elements = keep(draft.elements, 'element');
    draft.records = keep(draft.records, 'record');
    for (const e of draft.elements) if ('codeList' in e.type && renamed.has(e.type.codeList)) e.type = { codeList: renamed.get(e.type.codeList)! };
    for (const r of draft.records) for (const f of r.fields) f.type = renamed.get(f.type) ?? f.type;
    return skipped;
}

/** The canonical layout, by the editor's own formatter. */
async function format(text: string, path: string): Promise<string> {
    const { shared, Mds } = createMdsServices(NodeFileSystem);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path));
    shared.workspace.LangiumDocuments.addDocument(doc);
    const edits = await Mds.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
    return TextDocument.applyEdits(doc.textDocument, edits);
}
