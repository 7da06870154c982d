import {
    kindLabel, OPEN_LABELS, SHARE_LABELS, VALUE_LABELS, type DeclarationModel, type FlowModel, type SemanticModel
} from '@mds/language';
import type { OutputFile } from '../output.js';
import { STYLE, SEARCH_SCRIPT } from './assets.js';
import { changesSince, type Change } from './changes.js';
import { architectureDiagram, departmentDiagram } from './diagrams.js';
import { esc, namespacePath, page, pagePath, table } from './html.js';
import { codeListPage, departmentPage, domainPage, elementPage, link, recordPage, systemPage, type Ctx } from './pages.js';
import { qualityPage, runsByRecord, type QualityRun } from './quality.js';
import { searchEntries } from './search.js';
import { computeUsage } from './usage.js';


export interface DocsOptions {
    /** Site title. Default 数据标准登记库. */
    title?: string;
    /** The model of the previous build, when known: the home page then lists what changed. */
    previous?: SemanticModel;
    /** Chinese changelogs (Markdown, as `mds diff --format markdown` writes them) by namespace: a 变更记录 page each. */
    changelogs?: Record<string, string>;
    /** Runs of `mds validate --history`: a 数据质量 page, and each record's latest run on its page. */
    quality?: QualityRun[];
}

/**
 * The registry site: a home page with the registry at a glance, a page per namespace,
 * department, domain, code list, element, record and system, the architecture and the
 * department hierarchy as SVG drawn at build time, and client-side search. Works from file://.
 */
export function generateDocs(model: SemanticModel, options: DocsOptions = {}): OutputFile[] {
    const siteTitle = options.title ?? '数据标准登记库';
    const ctx: Ctx = { model, usage: computeUsage(model), quality: options.quality && runsByRecord(options.quality) };
    const files: OutputFile[] = [];
    const emit = (path: string, title: string, body: string) => {
        files.push({ path, content: page({ title, root: path.includes('/') ? '../' : '', body, siteTitle }) });
    };
    const all = [...model.declarations.values()];
    for (const d of all) {
        switch (d.kind) {
            case 'element': emit(pagePath(d), d.label ?? d.name, elementPage(ctx, d)); break;
            case 'codelist': emit(pagePath(d), d.label ?? d.name, codeListPage(ctx, d)); break;
            case 'record': emit(pagePath(d), d.label ?? d.name, recordPage(ctx, d)); break;
            case 'department': emit(pagePath(d), d.label ?? d.name, departmentPage(ctx, d)); break;
            case 'system': emit(pagePath(d), d.label ?? d.name, systemPage(ctx, d)); break;
            case 'domain': emit(pagePath(d), d.label ?? d.name, domainPage(ctx, d)); break;
        }
    }
    for (const ns of model.namespaces) {
        const groups = (['record', 'element', 'codelist', 'department', 'domain', 'system'] as const).map(kind => {
            const items = ns.declarations.filter(d => d.kind === kind);
            if (!items.length) return '';
            return `<h2>${esc(kindLabel(kind))}（${items.length}）</h2>`
                + table(['名称', '定义'], items.map(d => [link(ctx, d.qualifiedName), esc(d.definition)]));
        }).join('');
        const changelog = options.changelogs?.[ns.name];
        if (changelog !== undefined) emit(`changes/${ns.name}.html`, `${ns.name} 变更记录`, `<p><span class="kind-tag">变更记录</span></p>${markdownHtml(changelog)}`);
        emit(namespacePath(ns.name), ns.name, `<p><span class="kind-tag">命名空间</span></p><h1>${esc(ns.name)}${ns.version ? `<code>${esc(ns.version)}</code>` : ''}</h1>`
            + (changelog !== undefined ? `<p><a href="../changes/${esc(ns.name)}.html">变更记录</a></p>` : '')
            + (ns.imports.length ? `<p>导入：${ns.imports.map(i => `<a href="../${esc(namespacePath(i))}">${esc(i)}</a>`).join('、')}</p>` : '') + groups);
    }
    const flows = all.filter((d): d is FlowModel => d.kind === 'flow');
    emit('architecture.html', '系统架构', '<h1>系统架构</h1><p>系统按主管部门分组；箭头为数据流，点击系统查看详情。</p>'
        + `<div class="diagram">${architectureDiagram(model, '')}</div><h2>数据流（${flows.length}）</h2>`
        + table(['数据流', '来源系统', '目标系统', '承载数据集', '更新周期', '交换方式', '共享协议'], flows.map(f => [
            `<span id="${esc(f.qualifiedName)}">${esc(f.label ?? f.name)}</span>`, link(ctx, f.from, ''), link(ctx, f.to, ''),
            f.carries.map(c => link(ctx, c, '')).join('<br>'), esc(VALUE_LABELS[f.update ?? ''] ?? ''), esc(VALUE_LABELS[f.via ?? ''] ?? ''), esc(f.agreement)])));
    emit('departments.html', '部门层级', `<h1>部门层级</h1><p>市级、区级、街镇级部门及其上下级关系。</p><div class="diagram">${departmentDiagram(model, '')}</div>`);
    if (options.quality) emit('quality.html', '数据质量', qualityPage(options.quality, q => model.declarations.has(q), q => link(ctx, q, '')));
    emit('index.html', '首页', home(ctx, options.previous ? changesSince(options.previous, model) : undefined));
    files.push({ path: 'assets/style.css', content: STYLE });
    files.push({ path: 'assets/search.js', content: SEARCH_SCRIPT });
    files.push({ path: 'assets/search-index.js', content: `window.MDS_SEARCH_INDEX = ${JSON.stringify(searchEntries(model))};\n` });
    return files;
}

function home(ctx: Ctx, changes: Change[] | undefined): string {
    const all = [...ctx.model.declarations.values()];
    const count = (kind: DeclarationModel['kind']) => all.filter(d => d.kind === kind).length;
    const cards = (['record', 'element', 'codelist', 'department', 'system', 'flow'] as const)
        .map(k => `<div class="card"><div class="n">${count(k)}</div>${esc(kindLabel(k))}</div>`).join('');
    const governed = all.filter(d => 'governance' in d) as Array<Extract<DeclarationModel, { governance: unknown }>>;
    const tally = (key: (d: typeof governed[number]) => string | undefined, labels: Record<string, string>) => {
        const m = new Map<string, number>();
        for (const d of governed) { const k = key(d); if (k) m.set(k, (m.get(k) ?? 0) + 1); }
        return table(['', '数量'], [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => [esc(labels[k] ?? k), String(n)]));
    };
    const stewards = new Map<string, number>();
    for (const d of governed) if (d.governance.steward) stewards.set(d.governance.steward, (stewards.get(d.governance.steward) ?? 0) + 1);
    const records = governed.filter(d => d.kind === 'record');
    return '<h1>数据标准一览</h1><p>区数据标准的数据元、代码表、数据集、部门、系统与数据流。使用右上角搜索框按中文名称、标识符、同义词或定义查找。</p>'
        + `<div class="cards">${cards}</div>`
        + (changes ? `<h2>与上一版本相比的变化（${changes.length}）</h2>` + table(['变化', '名称', '类别'], changes.map(c => [esc(c.change), c.change === '删除' ? esc(c.qualifiedName) : link(ctx, c.qualifiedName, ''), esc(c.kind)])) : '')
        + '<h2>按命名空间</h2>' + table(['命名空间', '版本', '数据集', '数据元', '代码表'], ctx.model.namespaces.map(ns => [
            `<a href="${esc(namespacePath(ns.name))}">${esc(ns.name)}</a>`, esc(ns.version),
            ...(['record', 'element', 'codelist'] as const).map(k => String(ns.declarations.filter(d => d.kind === k).length))]))
        + '<h2>按登记状态</h2>' + tally(d => d.governance.status, VALUE_LABELS)
        + '<h2>按分级</h2>' + tally(d => d.governance.grade, VALUE_LABELS)
        + '<h2>数据集的共享与开放</h2>' + table(['', '数量'], [
            ...Object.entries(SHARE_LABELS).map(([k, v]) => [esc(v), String(records.filter(r => r.governance.share === k).length)]),
            ...Object.entries(OPEN_LABELS).map(([k, v]) => [esc(v), String(records.filter(r => r.governance.open === k).length)])])
        + '<h2>按数源部门</h2>' + table(['数源部门', '数量'], [...stewards].sort((a, b) => b[1] - a[1]).map(([q, n]) => [link(ctx, q, ''), String(n)]))
        + '<h2>图</h2><p><a href="architecture.html">系统架构与数据流</a> · <a href="departments.html">部门层级</a>'
        + (ctx.quality ? ' · <a href="quality.html">数据质量</a>' : '') + '</p>';
}

/**
 * The changelog Markdown MDS writes (headings, list items with code spans, paragraphs) as HTML;
 * every piece of text is escaped first.
 */
export function markdownHtml(md: string): string {
    const inline = (s: string) => esc(s.replace(/\\([\\`*_[\]<>|])/g, '$1')).replace(/`([^`]+)`/g, '<code>$1</code>');
    const out: string[] = [];
    let list = false;
    for (const line of md.split('\n')) {
        const item = /^- (.*)$/.exec(line), heading = /^(#{1,3}) (.*)$/.exec(line);
        if (!item && list) { out.push('</ul>'); list = false; }
        if (heading) out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
        else if (item) { if (!list) { out.push('<ul>'); list = true; } out.push(`<li>${inline(item[1])}</li>`); }
        else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
    }
    if (list) out.push('</ul>');
    return out.join('\n');
}
