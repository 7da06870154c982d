import {
    ATTRIBUTE_LABELS, kindLabel, type CodeListModel, type DeclarationModel, type DepartmentModel, type DomainModel,
    type ElementModel, type FlowModel, type Governance, type QName, type RecordModel, type SemanticModel, type SystemModel
} from '@mds/language';
import { openLabel, shareLabel, typeSummary, valueLabel } from '../labels.js';
import { recordDiagram } from './diagrams.js';
import { esc, facts, namespacePath, pagePath, table } from './html.js';
import { recordQuality, type QualityRun } from './quality.js';
import type { Usage } from './usage.js';

const R = '../';

export interface Ctx {
    model: SemanticModel;
    usage: Usage;
    /** Runs of `mds validate --history` by record, oldest first, when the site is built with them (the 数据质量 page). */
    quality?: Map<string, QualityRun[]>;
}

/** A link to a declaration's page showing its label and identifier. */
export function link(ctx: Ctx, q: QName | undefined, root = R): string {
    if (!q) return '';
    const d = ctx.model.declarations.get(q);
    if (!d) return esc(q);
    return `<a href="${esc(root + pagePath(d))}">${esc(d.label ?? d.name)}</a> <code class="id">${esc(d.name)}</code>`;
}

function badge(kind: string, text: string): string {
    return `<span class="badge ${esc(kind)}">${esc(text)}</span>`;
}

function governanceFacts(ctx: Ctx, g: Governance, paths: Record<string, string | undefined> = {}): string {
    const why = (k: string) => paths[k] ? ` <span class="muted">（由字段 <code>${esc(paths[k])}</code> 决定）</span>` : '';
    return facts([
        [ATTRIBUTE_LABELS.steward, link(ctx, g.steward)],
        [ATTRIBUTE_LABELS.status, esc(valueLabel(g.status)) + (g.replacedBy ? ` <span class="warn">请改用 ${link(ctx, g.replacedBy)}</span>` : '')],
        [ATTRIBUTE_LABELS.grade, badge(g.grade, valueLabel(g.grade)) + why('grade')],
        [ATTRIBUTE_LABELS.personal, (g.personal ? '是' : '否') + why('personal')],
        [ATTRIBUTE_LABELS.share, badge(g.share, shareLabel(g.share)) + why('share')],
        [ATTRIBUTE_LABELS.condition, esc(g.condition)],
        [ATTRIBUTE_LABELS.open, badge(g.open, openLabel(g.open)) + why('open')],
        [ATTRIBUTE_LABELS.update, esc(valueLabel(g.update))],
        [ATTRIBUTE_LABELS.source, esc(g.source)],
        [ATTRIBUTE_LABELS.since, esc(g.since)]
    ]);
}

function heading(d: DeclarationModel): string {
    return `<p><span class="kind-tag">${esc(kindLabel(d.kind))}</span> · 命名空间 <a href="${R}${esc(namespacePath(d.namespace))}">${esc(d.namespace)}</a></p>`
        + `<h1>${esc(d.label ?? d.name)}<code>${esc(d.qualifiedName)}</code></h1>`
        + (d.definition ? `<p class="definition">${esc(d.definition)}</p>` : '')
        + (d.synonyms.length ? `<p>${esc(ATTRIBUTE_LABELS.synonyms)}：${d.synonyms.map(esc).join('、')}</p>` : '');
}

function flowRows(ctx: Ctx, flows: FlowModel[]): string {
    return table(['数据流', '来源系统', '目标系统', '承载数据集', '更新周期', '交换方式', '共享协议'], flows.map(f => [
        `<a href="${R}architecture.html#${esc(f.qualifiedName)}">${esc(f.label ?? f.name)}</a>`, link(ctx, f.from), link(ctx, f.to),
        f.carries.map(c => link(ctx, c)).join('<br>'), esc(valueLabel(f.update)), esc(valueLabel(f.via)), esc(f.agreement)
    ]));
}

/** Every record that reaches a declaration through its fields, with the field path, nesting included (depth ≤ 4). */
function usagePaths(ctx: Ctx, q: QName): Array<{ record: QName; path: string }> {
    const out: Array<{ record: QName; path: string }> = [];
    const seen = new Set<string>();
    const queue = (ctx.usage.fieldsUsing.get(q) ?? []).map(u => ({ record: u.record, path: u.field, depth: 1 }));
    while (queue.length) {
        const u = queue.shift()!;
        const key = `${u.record}|${u.path}`;
        if (seen.has(key) || u.depth > 4) continue;
        seen.add(key);
        out.push(u);
        for (const parent of ctx.usage.fieldsUsing.get(u.record) ?? []) queue.push({ record: parent.record, path: `${parent.field}.${u.path}`, depth: u.depth + 1 });
    }
    return out;
}

export function elementPage(ctx: Ctx, e: ElementModel): string {
    const users = usagePaths(ctx, e.qualifiedName);
    return heading(e)
        + facts([['类型与约束', esc(typeSummary(ctx.model, e))], ['代码表', 'codeList' in e.type ? link(ctx, e.type.codeList) : undefined]])
        + '<h2>治理属性</h2>' + governanceFacts(ctx, e.governance)
        + `<h2>使用该数据元的数据集（${users.length}）</h2>`
        + table(['数据集', '字段路径'], users.map(u => [link(ctx, u.record), `<code>${esc(u.path)}</code>`]));
}

export function codeListPage(ctx: Ctx, c: CodeListModel): string {
    const elements = ctx.usage.elementsOf.get(c.qualifiedName) ?? [];
    return heading(c) + '<h2>治理属性</h2>' + governanceFacts(ctx, c.governance)
        + `<h2>代码（${c.entries.length}）</h2>`
        + table(['代码', '名称', '上级代码', '状态'], c.entries.map(e => [`<code>${esc(e.code)}</code>`, esc(e.label), esc(e.parent), e.deprecated ? '<span class="warn">已废止</span>' : '']))
        + '<h2>以该代码表为类型的数据元</h2>' + table(['数据元'], elements.map(q => [link(ctx, q)]));
}

export function recordPage(ctx: Ctx, r: RecordModel, root = R): string {
    const flows = ctx.usage.flowsOf.get(r.qualifiedName) ?? [];
    const users = ctx.usage.fieldsUsing.get(r.qualifiedName) ?? [];
    const rows = r.fields.map(f => {
        const q = 'element' in f.type ? f.type.element : f.type.record;
        const t = ctx.model.declarations.get(q);
        const g = t && 'governance' in t ? t.governance : undefined;
        const list = f.list ? `列表 ${f.list.min ?? 0}..${f.list.max ?? ''}` : '';
        return [
            `<code>${esc(f.name)}</code>${f.key ? ' <span class="badge">主键</span>' : ''}`, esc(f.label), link(ctx, q),
            esc(t?.kind === 'element' ? typeSummary(ctx.model, t as ElementModel) : '数据集') + (list ? `，${esc(list)}` : ''),
            f.optional ? '可选' : '必填',
            g ? `${badge(g.share, shareLabel(g.share))} ${badge(g.open, openLabel(g.open))}` : '',
            f.declaredIn !== r.qualifiedName ? `继承自 ${link(ctx, f.declaredIn)}` : ''
        ];
    });
    return heading(r)
        + facts([['主键', esc(r.keys.join('、') || '无')], ['继承', link(ctx, r.extends)], ['权威系统', link(ctx, r.systemOfRecord)]])
        + '<h2>治理属性（有效值）</h2>' + governanceFacts(ctx, r.governance, r.governancePaths)
        + `<h2>字段（${r.fields.length}）</h2>` + table(['字段', '名称', '类型', '类型与约束', '必填', '共享 / 开放', '说明'], rows)
        + `<h2>结构图</h2><div class="diagram">${recordDiagram(ctx.model, r, root)}</div>`
        + `<h2>承载该数据集的数据流（${flows.length}）</h2>` + flowRows(ctx, flows)
        + (users.length ? '<h2>嵌套使用该数据集的数据集</h2>' + table(['数据集', '字段路径'], users.map(u => [link(ctx, u.record), `<code>${esc(u.field)}</code>`])) : '')
        + recordQuality(ctx.quality?.get(r.qualifiedName), r.qualifiedName, root);
}

export function departmentPage(ctx: Ctx, d: DepartmentModel): string {
    const chain: DepartmentModel[] = [];
    for (let p = d.parent; p && chain.length < 10;) {
        const parent = ctx.model.declarations.get(p) as DepartmentModel | undefined;
        if (!parent) break;
        chain.unshift(parent);
        p = parent.parent;
    }
    const stewarded = (ctx.usage.stewardOf.get(d.qualifiedName) ?? []).map(q => ctx.model.declarations.get(q)!).filter(Boolean);
    const children = ctx.usage.childrenOf.get(d.qualifiedName) ?? [];
    return heading(d)
        + facts([['层级', esc(valueLabel(d.level))], ['上级部门', link(ctx, d.parent)],
            ['在层级中的位置', [...chain.map(c => link(ctx, c.qualifiedName)), esc(d.label ?? d.name)].join(' › ')]])
        + `<h2>下级部门（${children.length}）</h2>` + table(['部门', '层级'], children.map(q => [link(ctx, q), esc(valueLabel((ctx.model.declarations.get(q) as DepartmentModel).level))]))
        + `<h2>负责的数据与系统（${stewarded.length}）</h2>`
        + table(['名称', '类别'], stewarded.map(s => [link(ctx, s.qualifiedName), esc(kindLabel(s.kind))]));
}

export function systemPage(ctx: Ctx, s: SystemModel): string {
    const flows = ctx.usage.flowsOf.get(s.qualifiedName) ?? [];
    return heading(s)
        + facts([['主管部门', link(ctx, s.owner)], ['业务领域', link(ctx, s.domain)], ['系统类型', esc(valueLabel(s.systemKind))]])
        + `<h2>作为权威系统存储的数据集（${s.stores.length}）</h2>` + table(['数据集'], s.stores.map(q => [link(ctx, q)]))
        + `<h2>数据流（${flows.length}）</h2>` + flowRows(ctx, flows);
}

export function domainPage(ctx: Ctx, d: DomainModel): string {
    const systems = ctx.usage.systemsIn.get(d.qualifiedName) ?? [];
    const children = ctx.usage.childrenOf.get(d.qualifiedName) ?? [];
    return heading(d) + facts([['主管部门', link(ctx, d.owner)], ['上级领域', link(ctx, d.parent)]])
        + (children.length ? '<h2>下级领域</h2>' + table(['领域'], children.map(q => [link(ctx, q)])) : '')
        + `<h2>系统（${systems.length}）</h2>` + table(['系统', '主管部门'], systems.map(q => [link(ctx, q), link(ctx, (ctx.model.declarations.get(q) as SystemModel).owner)]));
}

