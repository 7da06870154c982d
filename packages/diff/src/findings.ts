import type { BaselineFinding } from '@mds/language';
import { BUMPS, type DiffResult } from './types.js';

const BUMP_ZH: Record<string, string> = { major: '主版本', minor: '次版本', patch: '修订号' };
const CATEGORY_ZH: Record<string, string> = { data: '数据', json: 'JSON 接口', types: 'TypeScript 类型' };

/** What the editor shows of a comparison: version errors at `version`, breaking changes at their declarations. */
export function baselineFindings(result: DiffResult): BaselineFinding[] {
    const out: BaselineFinding[] = [];
    for (const ns of result.namespaces) {
        if (!ns.ok) {
            // The changes that decide the bump: those of the highest bump (before the 0.x rule).
            const top = ns.changes.reduce((m, c) => Math.max(m, BUMPS.indexOf(c.bump)), 0);
            const reasons = ns.changes.filter(c => BUMPS.indexOf(c.bump) === top).slice(0, 3).map(c => c.path).join(', ');
            out.push({ code: 'version-bump', at: ns.name, args: { namespace: ns.name, bump: ns.requiredBump, bumpZh: BUMP_ZH[ns.requiredBump] ?? ns.requiredBump, from: ns.oldVersion ?? '—', to: ns.newVersion ?? '—', reasons } });
        }
        for (const c of ns.changes) {
            if (!c.breaking || c.allowed || c.kind === 'removed' && !c.path.slice(ns.name.length + 1).includes('.')) continue;
            out.push({ code: 'breaking-change', at: c.path, args: { categories: c.categories.map(x => CATEGORY_ZH[x] ?? x).join('、'), message: c.message } });
        }
    }
    return out;
}
