import type { Bounds, CodeListModel, ElementModel, RecordModel, SemanticModel } from '@mds/language';
import { labelOf, openLabel, shareLabel, typeSummary, valueLabel } from '../labels.js';
import type { OutputFile } from '../output.js';
import { csv, xlsx, type Cell } from './xlsx.js';

const RESOURCE_HEADER = ['资源名称', '资源代码', '命名空间', '数源部门', '共享属性', '共享条件', '开放属性', '更新周期', '权威系统', '分级', '个人信息', '登记状态', '主键', '数据项', '定义', '继承', '同义词', '来源标准'];
/** The data-element table (数据元目录) and the code lists: one column per attribute, so `mds import` reads it back exactly. */
const ELEMENT_HEADER = ['数据元代码', '数据元名称', '定义', '数据类型', '代码表', '长度', '模式', '格式校验', '取值范围', '小数位数', '计量单位'];
const GOVERNANCE_HEADER = ['同义词', '来源标准', '数源部门', '共享属性', '共享条件', '开放属性', '更新周期', '分级', '个人信息', '登记状态'];
const CODE_HEADER = ['代码表', '代码表名称', '代码', '代码名称', '上级代码', '已废止', '定义', ...GOVERNANCE_HEADER];
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
        valueLabel(r.governance.status), r.keys.join('、'), r.fields.map(f => f.label ?? f.name).join('、'), r.definition, r.extends,
        r.synonyms.join('；'), r.governance.source
    ]);
    const items: Cell[][] = records.flatMap(r => r.fields.map(f => {
        const target = model.declarations.get('element' in f.type ? f.type.element : f.type.record);
        const e = target?.kind === 'element' ? target as ElementModel : undefined;
        const g = target && 'governance' in target ? target.governance : undefined;
        const list = f.list ? `[${f.list.min !== undefined || f.list.max !== undefined ? `${f.list.min ?? ''}..${f.list.max ?? ''}` : ''}]` : '';
        return [
            r.qualifiedName, r.label ?? r.name, f.label ?? f.name, f.name, target?.qualifiedName, target?.label,
            e ? typeSummary(model, e) : `数据集 ${target?.label ?? ''}`, f.optional ? '否' : '是', f.key ? '是' : '否', list,
            labelOf(model, g?.steward), g ? shareLabel(g.share) : '', g ? openLabel(g.open) : '', valueLabel(g?.grade),
            g?.personal ? '是' : '否', target?.definition
        ];
    }));
    const declared = model.namespaces.flatMap(ns => ns.declarations);
    const elements = declared.filter((d): d is ElementModel => d.kind === 'element').map(e => elementRow(model, e));
    const codes = declared.filter((d): d is CodeListModel => d.kind === 'codelist').flatMap(c => c.entries.map(x => [
        c.qualifiedName, c.label, x.code, x.label, x.parent, x.deprecated ? '是' : '', c.definition, ...governanceCells(model, c)
    ]));
    return [
        { path: 'resources.csv', content: csv(RESOURCE_HEADER, resources) },
        { path: 'data-items.csv', content: csv(ITEM_HEADER, items) },
        { path: 'data-elements.csv', content: csv([...ELEMENT_HEADER, ...GOVERNANCE_HEADER], elements) },
        { path: 'code-lists.csv', content: csv(CODE_HEADER, codes) },
        {
            path: 'catalog.xlsx', content: xlsx([
                { name: '资源目录', header: RESOURCE_HEADER, rows: resources, widths: [18, 36, 22, 20, 12, 40, 12, 10, 24, 10, 8, 8, 20, 60, 60, 36, 24, 24] },
                { name: '数据项', header: ITEM_HEADER, rows: items, widths: [36, 18, 16, 16, 36, 16, 40, 6, 6, 8, 20, 12, 12, 10, 8, 60] },
                { name: '数据元', header: [...ELEMENT_HEADER, ...GOVERNANCE_HEADER], rows: elements, widths: [36, 18, 60, 10, 36, 10, 30, 10, 16, 8, 8, ...GOVERNANCE_WIDTHS] },
                { name: '代码表', header: CODE_HEADER, rows: codes, widths: [36, 18, 10, 24, 10, 6, 40, ...GOVERNANCE_WIDTHS] }
            ], '公共数据资源目录')
        }
    ];
}

const PRIMITIVE_LABELS: Record<string, string> = {
    string: '字符串', integer: '整数', decimal: '小数', boolean: '布尔', date: '日期', datetime: '日期时间', time: '时间'
};

const boundsCell = (b: Bounds<number | string> | undefined) => b ? `${b.min ?? ''}..${b.max ?? ''}` : undefined;

const GOVERNANCE_WIDTHS = [24, 24, 20, 12, 40, 12, 10, 10, 8, 8];

/** Synonyms, source and governance of an element or code list, in the columns of GOVERNANCE_HEADER. */
function governanceCells(model: SemanticModel, d: ElementModel | CodeListModel): Cell[] {
    const g = d.governance;
    return [
        d.synonyms.join('；'), g.source, labelOf(model, g.steward), shareLabel(g.share), g.condition, openLabel(g.open),
        valueLabel(g.update), valueLabel(g.grade), g.personal ? '是' : '否', valueLabel(g.status)
    ];
}

/** One element as a row of the data-element table. */
function elementRow(model: SemanticModel, e: ElementModel): Cell[] {
    const c = e.constraints;
    return [
        e.qualifiedName, e.label, e.definition, 'primitive' in e.type ? PRIMITIVE_LABELS[e.type.primitive] : '代码',
        'codeList' in e.type ? e.type.codeList : undefined, boundsCell(c.length), c.pattern, c.format, boundsCell(c.range), c.scale, c.unit,
        ...governanceCells(model, e)
    ];
}
