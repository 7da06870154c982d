import { kindLabel, type DeclarationModel, type SemanticModel } from '@mds/language';
import { pagePath } from './html.js';

/** One declaration as search sees it; the site ships these as `assets/search-index.js`. */
export interface SearchEntry {
    /** Simple name. */
    n: string;
    /** Qualified name. */
    q: string;
    /** Chinese label ('' when none). */
    l: string;
    /** Kind, in Chinese. */
    k: string;
    /** Synonyms. */
    s: string[];
    /** The first 120 characters of the definition. */
    d: string;
    /** Page path from the site root. */
    u: string;
}

export function searchEntries(model: SemanticModel): SearchEntry[] {
    return [...model.declarations.values()].map((d: DeclarationModel) => ({
        n: d.name, q: d.qualifiedName, l: d.label ?? '', k: kindLabel(d.kind), s: d.synonyms, d: (d.definition ?? '').slice(0, 120), u: pagePath(d)
    }));
}

/**
 * The rank of an entry for a lower-cased query, best first: 0 exact name or label, 1 prefix,
 * 2 substring of name, label or qualified name, 3 synonym, 4 definition; -1 no match.
 * Written as plain ES5 because the site's search script embeds this very function
 * (`searchScore.toString()`), so the site and `GET /api/search` rank alike.
 */
export function searchScore(e: SearchEntry, q: string): number {
    var n = e.n.toLowerCase(), l = e.l || '';
    if (n === q || l === q) return 0;
    if (n.indexOf(q) === 0 || l.indexOf(q) === 0) return 1;
    if (n.indexOf(q) >= 0 || l.indexOf(q) >= 0 || e.q.toLowerCase().indexOf(q) >= 0) return 2;
    if ((e.s || []).some(function (s) { return s.indexOf(q) >= 0; })) return 3;
    if ((e.d || '').indexOf(q) >= 0) return 4;
    return -1;
}

/** Entries matching `query`, ranked as the site ranks them (score, then shorter name). */
export function searchRanked(index: readonly SearchEntry[], query: string): SearchEntry[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: Array<[number, SearchEntry]> = [];
    for (const e of index) {
        const s = searchScore(e, q);
        if (s >= 0) hits.push([s, e]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1].n.length - b[1].n.length);
    return hits.map(h => h[1]);
}
