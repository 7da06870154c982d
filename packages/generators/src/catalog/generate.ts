import type { ElementModel, RecordModel, SemanticModel } from '@mds/language';
import { labelOf, openLabel, shareLabel, typeSummary, valueLabel } from '../labels.js';
import type { OutputFile } from '../output.js';
import { csv, xlsx, type Cell } from './xlsx.js';

const RESOURCE_HEADER = ['资源名称', '资源代码', '命名空间', '数源部门', '共享属性', '共享条件', '开放属性', '更新周期', '权威系统', '分级', '个人信息', '登记状态', '主键', '数据项'];
const ITEM_HEADER = ['资源代码', '资源名称', '数据项名称', '字段', '数据元代码', '数据元名称', '类型与约束', '必填', '主键', '列表', '数源部门', '共享属性', '开放属性', '分级', '个人信息', '定义'];

/**
 * The public-data resource catalog (公共数据资源目录): one row per record with its effective
 * governance, and one row per data item (field) with its element's attributes. Written as
 * `catalog.xlsx` (two sheets) and two UTF-8 CSV files with a byte-order mark.
 */
export function generateCatalog(model: SemanticModel): OutputFile[] {
    const records = model.namespaces.flatMap(ns => ns.declarations.filter((d): d is RecordModel => d.kind === 'record'));
    const resources: Cell[][] = records.map(r => [
        r.label ?? r.name, r.qualifiedName, r.namespace, labelOf(model, r.governance.steward),
        shareLabel(r.governance.share), r.governance.condition, openLabel(r.governance.open), valueLabel(r.governance.update),
        labelOf(model, r.systemOfRecord), valueLabel(r.governance.grade), r.governance.personal ? '是' : '否',
        valueLabel(r.governance.status), r.keys.join('、'), r.fields.map(f => f.label ?? f.name).join('、')
    ]);
    const items: Cell[][] = records.flatMap(r => r.fields.map(f => {
        const target = model.declarations.get('element' in f.type ? f.type.element : f.type.record);
        const e = target?.kind === 'element' ? target as ElementModel : undefined;
        const g = target && 'governance' in target ? target.governance : undefined;
        const list = f.list ? `${f.list.min ?? 0}..${f.list.max ?? ''}` : '';
        return [
            r.qualifiedName, r.label ?? r.name, f.label ?? f.name, f.name, target?.qualifiedName, target?.label,
            e ? typeSummary(model, e) : `数据集 ${target?.label ?? ''}`, f.optional ? '否' : '是', f.key ? '是' : '否', list,
            labelOf(model, g?.steward), g ? shareLabel(g.share) : '', g ? openLabel(g.open) : '', valueLabel(g?.grade),
            g?.personal ? '是' : '否', target?.definition
        ];
    }));
    return [
        { path: 'resources.csv', content: csv(RESOURCE_HEADER, resources) },
        { path: 'data-items.csv', content: csv(ITEM_HEADER, items) },
        {
            path: 'catalog.xlsx', content: xlsx([
                { name: '资源目录', header: RESOURCE_HEADER, rows: resources, widths: [18, 36, 22, 20, 12, 40, 12, 10, 24, 10, 8, 8, 20, 60] },
                { name: '数据项', header: ITEM_HEADER, rows: items, widths: [36, 18, 16, 16, 36, 16, 40, 6, 6, 8, 20, 12, 12, 10, 8, 60] }
            ], '公共数据资源目录')
        }
    ];
}
