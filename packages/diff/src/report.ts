import type { Change, DiffResult, NamespaceDiff } from './types.js';

const BUMP_ZH: Record<string, string> = { major: '主版本', minor: '次版本', patch: '修订号', none: '无需升级', downgrade: '版本降低' };
const CATEGORY_ZH: Record<string, string> = { data: '数据', json: 'JSON 接口', types: 'TypeScript 类型', governance: '治理属性' };

const tags = (c: Change) => c.categories.map(x => CATEGORY_ZH[x]).join('、');

/** One line per namespace and change, for a terminal. */
export function diffText(result: DiffResult, locale: 'zh' | 'en' = 'zh'): string {
    const en = locale === 'en';
    const out: string[] = [];
    for (const ns of result.namespaces) {
        if (!ns.changes.length && ns.oldVersion === ns.newVersion) continue;
        out.push(`${ns.name} ${ns.oldVersion ?? '—'} → ${ns.newVersion ?? '—'}: ${en ? `requires ${ns.requiredBump}, declares ${ns.declaredBump}` : `需要${BUMP_ZH[ns.requiredBump]}，实际${BUMP_ZH[ns.declaredBump]}`}${ns.ok ? '' : en ? ' — NOT ENOUGH' : ' —— 版本号不足'}`);
        for (const c of ns.changes) {
            const mark = c.allowed ? '!' : c.breaking ? '✗' : c.categories.includes('governance') ? '⚑' : c.kind === 'added' ? '+' : '~';
            out.push(`  ${mark} ${c.path} [${c.categories.join(',') || 'compatible'}] ${c.message}${c.allowed ? `（已接受：${c.allowed}）` : ''}`);
        }
    }
    const breaking = result.namespaces.reduce((n, ns) => n + ns.changes.filter(c => c.breaking && !c.allowed).length, 0);
    const changes = result.namespaces.reduce((n, ns) => n + ns.changes.length, 0);
    out.push(en ? `${changes} changes, ${breaking} breaking` : `共 ${changes} 项变更，其中不兼容变更 ${breaking} 项`);
    return out.join('\n') + '\n';
}

/** The Chinese changelog of one namespace: 新增 / 变更 / 不兼容变更 / 治理属性变更 / 废止. */
export function namespaceChangelog(ns: NamespaceDiff): string {
    const lines = [`## ${ns.name} ${ns.oldVersion ?? ''} → ${ns.newVersion ?? ''}`.trimEnd(), ''];
    lines.push(`所需版本升级：${BUMP_ZH[ns.requiredBump]}；实际：${BUMP_ZH[ns.declaredBump]}${ns.ok ? '' : '（不足）'}`, '');
    const sections: Array<[string, (c: Change) => boolean]> = [
        ['不兼容变更', c => c.breaking && !c.deprecatedFor],
        ['废止', c => Boolean(c.deprecatedFor) || /废止/.test(c.message) && !c.breaking && !c.categories.includes('governance')],
        ['新增', c => c.kind === 'added' && !c.breaking],
        ['变更', c => c.kind !== 'added' && !c.breaking && !c.categories.includes('governance') && !/废止/.test(c.message)],
        ['治理属性变更', c => c.categories.includes('governance')]
    ];
    const used = new Set<Change>();
    for (const [title, pick] of sections) {
        const items = ns.changes.filter(c => !used.has(c) && pick(c));
        if (!items.length) continue;
        items.forEach(c => used.add(c));
        lines.push(`### ${title}`, '');
        for (const c of items) {
            lines.push(`- \`${c.path}\`：${escapeMd(c.message)}${c.breaking ? `（影响：${tags(c)}）` : ''}${c.allowed ? `（已接受：${escapeMd(c.allowed)}）` : ''}`);
        }
        lines.push('');
    }
    if (!used.size) lines.push('无变更。', '');
    return lines.join('\n');
}

/** The whole changelog in Markdown. */
export function diffMarkdown(result: DiffResult): string {
    return ['# 变更记录', '', ...result.namespaces.filter(n => n.changes.length || n.oldVersion !== n.newVersion).map(namespaceChangelog)].join('\n');
}

function escapeMd(s: string): string {
    return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}
