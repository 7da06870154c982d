import {
    ATTRIBUTE_LABELS, OPEN_LABELS, SHARE_LABELS, VALUE_LABELS,
    type Bounds, type CodeListModel, type DeclarationModel, type ElementModel, type FieldModel, type Governance, type RecordModel, type SemanticModel
} from '@mds/language';
import type { Bump, Category, Change } from './types.js';

const KIND_ZH: Record<string, string> = { department: '部门', domain: '业务领域', system: '系统', flow: '数据流', codelist: '代码表', element: '数据元', record: '数据集' };
const show = (v: unknown): string => v === undefined ? '（无）' : typeof v === 'string' ? v : JSON.stringify(v);
const bounds = (b?: Bounds<number | string>) => !b ? '不限' : `${b.min ?? ''}..${b.max ?? ''}`;

function change(path: string, kind: Change['kind'], categories: Category[], bump: Bump, message: string, before?: unknown, after?: unknown): Change {
    const breaking = categories.some(c => c !== 'governance');
    return { path, kind, categories, breaking, bump: breaking ? 'major' : bump, message, ...(before !== undefined ? { before: show(before) } : {}), ...(after !== undefined ? { after: show(after) } : {}) };
}

/** Whether `b` allows fewer values than `a` (a narrowed range or length). */
function narrowed(a: Bounds<number | string> | undefined, b: Bounds<number | string> | undefined): boolean {
    const lo = (x?: Bounds<number | string>) => x?.min, hi = (x?: Bounds<number | string>) => x?.max;
    const tighterMin = lo(b) !== undefined && (lo(a) === undefined || lo(b)! > lo(a)!);
    const tighterMax = hi(b) !== undefined && (hi(a) === undefined || hi(b)! < hi(a)!);
    return tighterMin || tighterMax;
}

/** Every change between two models, each with its categories and the bump it needs. */
export function compareModels(older: SemanticModel, newer: SemanticModel): Change[] {
    const changes: Change[] = [];
    const names = new Set([...older.declarations.keys(), ...newer.declarations.keys()]);
    for (const q of [...names].sort()) {
        const a = older.declarations.get(q), b = newer.declarations.get(q);
        if (a && !b) changes.push(removed(a, older));
        else if (!a && b) changes.push(added(b));
        else if (a && b) {
            if (a.kind !== b.kind) {
                changes.push(change(q, 'changed', ['data', 'json', 'types'], 'major', `${q} 由${KIND_ZH[a.kind]}改为${KIND_ZH[b.kind]}`, a.kind, b.kind));
                continue;
            }
            changes.push(...changed(a, b, newer));
        }
    }
    return changes;
}

function added(d: DeclarationModel): Change {
    return change(d.qualifiedName, 'added', [], 'minor', `新增${KIND_ZH[d.kind]} ${d.qualifiedName}${d.label ? `（${d.label}）` : ''}`);
}

function removed(d: DeclarationModel, older: SemanticModel): Change {
    const q = d.qualifiedName;
    const categories: Category[] = d.kind === 'record' ? ['data', 'json', 'types'] : d.kind === 'element' || d.kind === 'codelist' ? ['types'] : ['governance'];
    const c = change(q, 'removed', categories, categories.includes('governance') ? 'patch' : 'major', `删除${KIND_ZH[d.kind]} ${q}${d.label ? `（${d.label}）` : ''}`);
    const g = 'governance' in d ? d.governance : undefined;
    if (g && (g.status === 'deprecated' || g.status === 'retired') && g.replacedBy) {
        const r = older.declarations.get(g.replacedBy);
        c.deprecatedFor = g.replacedBy;
        c.message += `；按废止流程移除，已废止并指定替代项 ${g.replacedBy}${r?.label ? `（${r.label}）` : ''}，仍是不兼容变更`;
    }
    return c;
}

function changed(a: DeclarationModel, b: DeclarationModel, newer: SemanticModel): Change[] {
    const q = a.qualifiedName;
    const out: Change[] = [];
    // Labels and definitions: documentation only.
    if (a.label !== b.label) out.push(change(q, 'changed', [], 'patch', `${q} 的中文名称改为“${show(b.label)}”`, a.label, b.label));
    if (a.definition !== b.definition) out.push(change(q, 'changed', [], 'patch', `${q} 的定义已修改`, a.definition, b.definition));
    if ('governance' in a && 'governance' in b) out.push(...governance(q, a.governance, b.governance, newer));
    switch (a.kind) {
        case 'element': out.push(...element(a, b as ElementModel)); break;
        case 'codelist': out.push(...codeList(a, b as CodeListModel)); break;
        case 'record': out.push(...record(a, b as RecordModel)); break;
        default: out.push(...architecture(a, b));
    }
    return out;
}

const GOVERNANCE_KEYS: Array<keyof Governance> = ['steward', 'grade', 'personal', 'share', 'condition', 'open', 'update', 'status'];

function governanceValue(key: keyof Governance, v: unknown, model: SemanticModel): string {
    if (v === undefined) return '（无）';
    if (key === 'steward') { const d = model.declarations.get(String(v)); return d?.label ?? String(v); }
    if (key === 'share') return SHARE_LABELS[v as keyof typeof SHARE_LABELS] ?? String(v);
    if (key === 'open') return OPEN_LABELS[v as keyof typeof OPEN_LABELS] ?? String(v);
    if (key === 'personal') return v ? '含个人信息' : '不含个人信息';
    return VALUE_LABELS[String(v)] ?? String(v);
}

function governance(q: string, a: Governance, b: Governance, newer: SemanticModel): Change[] {
    const out: Change[] = [];
    for (const key of GOVERNANCE_KEYS) {
        if (a[key] === b[key]) continue;
        const before = governanceValue(key, a[key], newer), after = governanceValue(key, b[key], newer);
        out.push(change(`${q}#${key}`, 'changed', ['governance'], 'patch', `${q} 的${ATTRIBUTE_LABELS[key] ?? key}：${before} → ${after}（需委员会确认）`, before, after));
    }
    return out;
}

function element(a: ElementModel, b: ElementModel): Change[] {
    const q = a.qualifiedName;
    const out: Change[] = [];
    const typeA = 'primitive' in a.type ? a.type.primitive : a.type.codeList, typeB = 'primitive' in b.type ? b.type.primitive : b.type.codeList;
    if (typeA !== typeB) out.push(change(q, 'changed', ['data', 'json', 'types'], 'major', `${q} 的类型由 ${typeA} 改为 ${typeB}`, typeA, typeB));
    const ca = a.constraints, cb = b.constraints;
    const constraint = (name: string, before: unknown, after: unknown, breaking: boolean, what: string) => {
        out.push(change(`${q}#${name}`, 'changed', breaking ? ['data'] : [], breaking ? 'major' : 'minor', `${q} 的${what}：${show(before)} → ${show(after)}${breaking ? '（收紧，原有数据可能不再有效）' : '（放宽）'}`, before, after));
    };
    if (bounds(ca.length) !== bounds(cb.length)) constraint('length', bounds(ca.length), bounds(cb.length), narrowed(ca.length, cb.length), '长度');
    if (bounds(ca.range) !== bounds(cb.range)) constraint('range', bounds(ca.range), bounds(cb.range), narrowed(ca.range, cb.range), '取值范围');
    if (ca.pattern !== cb.pattern) constraint('pattern', ca.pattern, cb.pattern, cb.pattern !== undefined, '模式');
    if (ca.format !== cb.format) constraint('format', ca.format, cb.format, cb.format !== undefined, '格式');
    if (ca.scale !== cb.scale) constraint('scale', ca.scale, cb.scale, cb.scale !== undefined && (ca.scale === undefined || cb.scale < ca.scale), '小数位数');
    if (ca.unit !== cb.unit) out.push(change(`${q}#unit`, 'changed', [], 'patch', `${q} 的计量单位：${show(ca.unit)} → ${show(cb.unit)}`, ca.unit, cb.unit));
    return out;
}

function codeList(a: CodeListModel, b: CodeListModel): Change[] {
    const q = a.qualifiedName;
    const out: Change[] = [];
    const old = new Map(a.entries.map(e => [e.code, e])), now = new Map(b.entries.map(e => [e.code, e]));
    for (const [code, e] of old) {
        const n = now.get(code);
        if (!n) out.push(change(`${q}.${code}`, 'removed', ['data', 'json', 'types'], 'major', `删除代码 ${code}（${e.label}）${e.deprecated ? '；该代码此前已废止' : ''}`, e.label));
        else {
            if (n.label !== e.label) out.push(change(`${q}.${code}`, 'changed', [], 'patch', `代码 ${code} 的名称：${e.label} → ${n.label}`, e.label, n.label));
            if (n.deprecated !== e.deprecated) out.push(change(`${q}.${code}`, 'changed', [], 'patch', `代码 ${code}（${n.label}）${n.deprecated ? '废止' : '恢复使用'}`, e.deprecated ? '废止' : '有效', n.deprecated ? '废止' : '有效'));
            if (n.parent !== e.parent) out.push(change(`${q}.${code}`, 'changed', [], 'patch', `代码 ${code} 的上级代码：${show(e.parent)} → ${show(n.parent)}`, e.parent, n.parent));
        }
    }
    for (const [code, e] of now) if (!old.has(code)) out.push(change(`${q}.${code}`, 'added', [], 'minor', `新增代码 ${code}（${e.label}）`, undefined, e.label));
    return out;
}

const fieldType = (f: FieldModel) => ('element' in f.type ? f.type.element : f.type.record) + (f.list ? `[${bounds(f.list)}]` : '');

function record(a: RecordModel, b: RecordModel): Change[] {
    const q = a.qualifiedName;
    const out: Change[] = [];
    if (a.keys.join(',') !== b.keys.join(',')) out.push(change(`${q}#key`, 'changed', ['data'], 'major', `${q} 的主键由 ${a.keys.join(', ') || '无'} 改为 ${b.keys.join(', ') || '无'}`, a.keys.join(', '), b.keys.join(', ')));
    if (a.extends !== b.extends) out.push(change(`${q}#extends`, 'changed', ['json', 'types'], 'major', `${q} 的上级数据集：${show(a.extends)} → ${show(b.extends)}`, a.extends, b.extends));
    const old = new Map(a.fields.map(f => [f.name, f])), now = new Map(b.fields.map(f => [f.name, f]));
    for (const [name, f] of old) {
        const n = now.get(name);
        const path = `${q}.${name}`;
        if (!n) {
            const c = change(path, 'removed', ['data', 'json', 'types'], 'major', `删除字段 ${name}（${f.label ?? name}）：已有数据中的该字段将不再被接受`);
            out.push(c);
            continue;
        }
        if (fieldType(f) !== fieldType(n)) {
            const listChange = Boolean(f.list) !== Boolean(n.list);
            const sameTarget = ('element' in f.type ? f.type.element : f.type.record) === ('element' in n.type ? n.type.element : n.type.record);
            if (sameTarget && !listChange) {
                const tighter = narrowed(f.list, n.list);
                out.push(change(path, 'changed', tighter ? ['data'] : [], tighter ? 'major' : 'minor', `字段 ${name} 的项数：${bounds(f.list)} → ${bounds(n.list)}${tighter ? '（收紧）' : '（放宽）'}`, bounds(f.list), bounds(n.list)));
            } else {
                out.push(change(path, 'changed', ['data', 'json', 'types'], 'major', `字段 ${name} 的类型：${fieldType(f)} → ${fieldType(n)}`, fieldType(f), fieldType(n)));
            }
        }
        if (f.optional && !n.optional) out.push(change(path, 'changed', ['data', 'json', 'types'], 'major', `字段 ${name} 由可选改为必填`, '可选', '必填'));
        if (!f.optional && n.optional) out.push(change(path, 'changed', [], 'minor', `字段 ${name} 由必填改为可选`, '必填', '可选'));
        if (f.label !== n.label) out.push(change(path, 'changed', [], 'patch', `字段 ${name} 的名称：${show(f.label)} → ${show(n.label)}`, f.label, n.label));
    }
    for (const [name, f] of now) {
        if (old.has(name)) continue;
        const path = `${q}.${name}`;
        out.push(f.optional
            ? change(path, 'added', [], 'minor', `新增可选字段 ${name}（${f.label ?? name}）`)
            : change(path, 'added', ['data', 'json', 'types'], 'major', `新增必填字段 ${name}（${f.label ?? name}）：已有数据缺少它`));
    }
    return out;
}

function architecture(a: DeclarationModel, b: DeclarationModel): Change[] {
    const q = a.qualifiedName;
    const out: Change[] = [];
    const keys = ['level', 'parent', 'owner', 'domain', 'systemKind', 'stores', 'from', 'to', 'carries', 'update', 'via', 'agreement'] as const;
    for (const k of keys) {
        const va = (a as unknown as Record<string, unknown>)[k], vb = (b as unknown as Record<string, unknown>)[k];
        if (JSON.stringify(va) === JSON.stringify(vb)) continue;
        out.push(change(`${q}#${k}`, 'changed', ['governance'], 'patch', `${KIND_ZH[a.kind]} ${q} 的 ${k}：${show(va)} → ${show(vb)}（需委员会确认）`, va, vb));
    }
    return out;
}
