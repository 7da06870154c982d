import type { DepartmentModel, FlowModel, RecordModel, SemanticModel, SystemModel } from '@mds/language';
import { esc, pagePath } from './html.js';
import { svgDoc, svgText, textWidth } from './svg.js';
import { LEVEL, VALUE_LABELS } from '@mds/language';

/**
 * The architecture: systems grouped by their owner (a labelled frame per department), data
 * flows as labelled arrows between systems. Nodes link to their pages.
 */
export function architectureDiagram(model: SemanticModel, root: string): string {
    const systems = [...model.declarations.values()].filter((d): d is SystemModel => d.kind === 'system');
    const flows = [...model.declarations.values()].filter((d): d is FlowModel => d.kind === 'flow');
    // Owners with more flows first, so the hub sits in the first row where most arrows can reach it.
    const weight = new Map<string, number>();
    for (const f of flows) for (const end of [f.from, f.to]) {
        const owner = systems.find(s => s.qualifiedName === end)?.owner ?? '';
        weight.set(owner, (weight.get(owner) ?? 0) + 1);
    }
    const owners = [...new Set(systems.map(s => s.owner ?? ''))].sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || (a < b ? -1 : 1));
    const BOX_W = 200, BOX_H = 46, GAP = 18, COL_W = 230, COL_GAP = 150, TOP = 40, FRAME_GAP = 24;
    // The busiest owner (the data platform) in the middle column; the others alternate left and
    // right of it, so most flows run sideways into and out of the hub.
    const [hub, ...others] = owners;
    const columns: string[][] = [[], hub !== undefined ? [hub] : [], []];
    others.forEach((o, i) => columns[i % 2 === 0 ? 0 : 2].push(o));
    if (!columns[0].length && columns[2].length) columns[0].push(columns[2].shift()!);
    const pos = new Map<string, { x: number; y: number }>();
    const parts: string[] = [];
    let height = 0;
    const used = columns.filter(c => c.length);
    used.forEach((column, col) => {
        const x = 10 + col * (COL_W + COL_GAP);
        let y = 10;
        for (const owner of column) {
            const mine = systems.filter(s => (s.owner ?? '') === owner);
            const frameHeight = TOP + mine.length * (BOX_H + GAP);
            const ownerLabel = model.declarations.get(owner)?.label ?? (owner || '（未指定主管部门）');
            parts.push(`<g class="owner"><rect x="${x}" y="${y}" width="${COL_W}" height="${frameHeight}" rx="8" fill="#f6f8fa" stroke="#c9d3de"/>`
                + svgText(x + 12, y + 24, ownerLabel, 'font-size="13" font-weight="600" fill="#33475b"') + '</g>');
            mine.forEach((s, j) => {
                const bx = x + (COL_W - BOX_W) / 2, by = y + TOP + j * (BOX_H + GAP);
                pos.set(s.qualifiedName, { x: bx + BOX_W / 2, y: by + BOX_H / 2 });
                parts.push(`<a href="${esc(root + pagePath(s))}"><g class="node system"><rect x="${bx}" y="${by}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="#fff" stroke="#0b5cad"/>`
                    + svgText(bx + 10, by + 20, s.label ?? s.name, 'font-size="13" fill="#1d2733"')
                    + svgText(bx + 10, by + 37, `${s.name} · ${VALUE_LABELS[s.systemKind ?? ''] ?? ''}`, 'font-size="11" fill="#5b6b7c"') + '</g></a>');
            });
            y += frameHeight + FRAME_GAP;
        }
        height = Math.max(height, y);
    });
    const width = used.length * (COL_W + COL_GAP) - COL_GAP + 20;
    // Arrows run from border to border and are drawn under the boxes, so they never hide a name.
    const border = (from: { x: number; y: number }, to: { x: number; y: number }) => {
        const dx = to.x - from.x, dy = to.y - from.y;
        const t = Math.min(dx ? (BOX_W / 2 + 3) / Math.abs(dx) : Infinity, dy ? (BOX_H / 2 + 3) / Math.abs(dy) : Infinity);
        return { x: from.x + dx * t, y: from.y + dy * t };
    };
    const arrows = flows.map(f => {
        const a0 = f.from ? pos.get(f.from) : undefined, b0 = f.to ? pos.get(f.to) : undefined;
        if (!a0 || !b0 || a0 === b0) return '';
        const bend = 24;
        const mx = (a0.x + b0.x) / 2 + (a0.y === b0.y ? 0 : bend), my = (a0.y + b0.y) / 2 - (a0.x === b0.x ? 0 : bend);
        const a = border(a0, { x: mx, y: my }), b = border(b0, { x: mx, y: my });
        const label = f.label ?? f.name;
        const lw = textWidth(label, 11) + 8;
        const lx = (a.x + 2 * mx + b.x) / 4, ly = (a.y + 2 * my + b.y) / 4;
        return `<g class="flow" id="${esc(f.qualifiedName)}"><title>${esc(label)}</title><path d="M${a.x},${a.y} Q${mx},${my} ${b.x},${b.y}" fill="none" stroke="#0b5cad" stroke-opacity=".55" stroke-width="1.5" marker-end="url(#arrow)"/>`
            + `<rect x="${lx - lw / 2}" y="${ly - 9}" width="${lw}" height="16" rx="3" fill="#fff" fill-opacity=".85"/>`
            + svgText(lx - lw / 2 + 4, ly + 3, label, 'font-size="11" fill="#0b5cad"') + '</g>';
    });
    const groups = parts.filter(p => p.startsWith('<g class="owner"'));
    const nodes = parts.filter(p => !p.startsWith('<g class="owner"'));
    return svgDoc(width, height, groups.join('') + arrows.join('') + nodes.join(''), '系统架构图：系统按主管部门分组，箭头为数据流');
}

/** The department hierarchy as an indented tree, one column per level (市 / 区 / 街镇 / 村居). */
export function departmentDiagram(model: SemanticModel, root: string): string {
    const depts = [...model.declarations.values()].filter((d): d is DepartmentModel => d.kind === 'department');
    const children = new Map<string, DepartmentModel[]>();
    for (const d of depts) if (d.parent) (children.get(d.parent) ?? children.set(d.parent, []).get(d.parent)!).push(d);
    const roots = depts.filter(d => !d.parent || !model.declarations.has(d.parent))
        .sort((a, b) => LEVEL.indexOf(a.level ?? 'village') - LEVEL.indexOf(b.level ?? 'village'));
    const COL = 230, ROW = 30, TOP = 36;
    const rows: string[] = [];
    const lines: string[] = [];
    let y = TOP;
    const place = (d: DepartmentModel, parentPos?: { x: number; y: number }) => {
        const x = 10 + Math.max(0, LEVEL.indexOf(d.level ?? 'village')) * COL;
        const label = d.label ?? d.name;
        const w = textWidth(label, 13) + 20;
        if (parentPos) lines.push(`<path d="M${parentPos.x + 12},${parentPos.y + 11} V${y + 11} H${x}" fill="none" stroke="#9fb0c2"/>`);
        rows.push(`<a href="${esc(root + pagePath(d))}"><g class="node department"><rect x="${x}" y="${y}" width="${w}" height="22" rx="4" fill="#fff" stroke="#0b5cad"/>`
            + svgText(x + 10, y + 16, label, 'font-size="13" fill="#1d2733"') + '</g></a>');
        const me = { x, y };
        y += ROW;
        for (const c of (children.get(d.qualifiedName) ?? [])) place(c, me);
    };
    for (const r of roots) place(r);
    const header = LEVEL.map((l, i) => svgText(10 + i * COL, 20, VALUE_LABELS[l], 'font-size="13" font-weight="600" fill="#5b6b7c"')).join('');
    return svgDoc(LEVEL.length * COL + 40, y + 10, header + lines.join('') + rows.join(''), '部门层级图：市级、区级、街镇级、村居级');
}

/** A record's structure: its fields, and one level of the records nested in it. */
export function recordDiagram(model: SemanticModel, record: RecordModel, root: string): string {
    const ROW = 22, W = 300, NESTED_X = 380;
    const parts: string[] = [];
    const box = (r: RecordModel, x: number, y: number) => {
        const h = 30 + r.fields.length * ROW;
        parts.push(`<a href="${esc(root + pagePath(r))}"><g class="node record"><rect x="${x}" y="${y}" width="${W}" height="${h}" rx="6" fill="#fff" stroke="#0b5cad"/>`
            + `<rect x="${x}" y="${y}" width="${W}" height="26" rx="6" fill="#e8f0fa"/>`
            + svgText(x + 10, y + 18, `${r.label ?? r.name}（${r.name}）`, 'font-size="13" font-weight="600" fill="#1d2733"') + '</g></a>');
        r.fields.forEach((f, i) => {
            const t = model.declarations.get('element' in f.type ? f.type.element : f.type.record);
            const line = `${f.key ? '[主键] ' : ''}${f.name}${f.optional ? '?' : ''}: ${t?.label ?? t?.name ?? ''}${f.list ? '[]' : ''}`;
            parts.push(svgText(x + 10, y + 44 + i * ROW, line, 'font-size="12" fill="#33475b"'));
        });
        return h;
    };
    const mainHeight = box(record, 10, 10);
    let y = 10;
    const seen = new Set<string>();
    record.fields.forEach((f, i) => {
        if (!('record' in f.type) || seen.has(f.type.record) || f.type.record === record.qualifiedName) return;
        seen.add(f.type.record);
        const nested = model.declarations.get(f.type.record) as RecordModel | undefined;
        if (!nested) return;
        parts.push(`<path d="M${10 + W},${10 + 40 + i * ROW} C${NESTED_X - 30},${10 + 40 + i * ROW} ${NESTED_X - 30},${y + 13} ${NESTED_X},${y + 13}" fill="none" stroke="#0b5cad" stroke-opacity=".6" marker-end="url(#arrow)"/>`);
        y += box(nested, NESTED_X, y) + 16;
    });
    return svgDoc(NESTED_X + W + 20, Math.max(mainHeight + 20, y + 10), parts.join(''), `数据集结构图：${record.label ?? record.name}`);
}
