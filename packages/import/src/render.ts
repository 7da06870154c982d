import { quote } from '@mds/language';
import { fitConstraints } from './fit.js';
import type { Constraints, Draft, DraftCodeList, DraftElement, DraftRecord, Governance } from './draft.js';

export interface RenderOptions {
    namespace: string;
    source: string;
}

/**
 * The draft as `.mds` text: every declaration `status candidate`, with a `// imported from`
 * comment (and evidence lines for inferred ones). Strings are quoted by the language's own
 * `quote`, line breaks folded to spaces, so no input text can break the file.
 */
export function renderDraft(draft: Draft, options: RenderOptions): string {
    const out: string[] = [
        `// 由 mds import 从 ${oneLine(options.source)} 导入：全部为候选标准（status candidate），请标准工作组审核`,
        `// Imported by mds import from ${oneLine(options.source)}: every declaration is a candidate for review`
    ];
    for (const n of draft.notes) out.push(`// 注意 / note: ${oneLine(n)}`);
    out.push(`namespace ${options.namespace}`, '');
    for (const c of draft.codeLists) out.push(...codeList(c), '');
    for (const e of draft.elements) out.push(...element(e), '');
    for (const r of draft.records) out.push(...record(r), '');
    return out.join('\n').replace(/\n+$/, '\n');
}

function header(origin: string, evidence: string[] | undefined): string[] {
    return [`// imported from ${oneLine(origin)}`, ...(evidence ?? []).map(e => `// ${oneLine(e)}`)];
}

function codeList(c: DraftCodeList): string[] {
    return [
        ...header(c.origin, undefined),
        `codelist ${c.name}${label(c.label)} {`,
        ...governance(c),
        ...c.codes.map(x => `  ${quote(oneLine(x.code))} ${quote(oneLine(x.label))}${x.parent !== undefined ? ` parent ${quote(oneLine(x.parent))}` : ''}${x.deprecated ? ' deprecated' : ''}`),
        '}'
    ];
}

function element(e: DraftElement): string[] {
    const type = 'primitive' in e.type ? e.type.primitive : e.type.codeList;
    const fitted = fitConstraints(e);
    return [...header(e.origin, [...(e.evidence ?? []), ...fitted.notes]), `element ${e.name}${label(e.label)} : ${type} {`, ...constraints(fitted.constraints), ...governance(e), '}'];
}

function record(r: DraftRecord): string[] {
    const fields = r.fields.map(f => {
        const list = f.list ? `[${f.list.min !== undefined || f.list.max !== undefined ? `${f.list.min ?? ''}..${f.list.max ?? ''}` : ''}]` : '';
        return `  ${f.key ? 'key ' : ''}${f.name}${f.optional && !f.key ? '?' : ''}: ${f.type}${list}${f.label ? ` ${quote(oneLine(f.label))}` : ''}`;
    });
    return [...header(r.origin, r.evidence), `record ${r.name}${label(r.label)}${r.extends ? ` extends ${r.extends}` : ''} {`, ...governance(r), '', ...fields, '}'];
}

function constraints(c: Constraints): string[] {
    const out: string[] = [];
    if (c.length) out.push(`  length ${bounds(c.length)}`);
    if (c.pattern !== undefined) out.push(`  pattern ${quote(c.pattern)}`);
    if (c.format) out.push(`  format ${c.format}`);
    if (c.range) out.push(`  range ${bound(c.range[0])}..${bound(c.range[1])}`);
    if (c.scale !== undefined) out.push(`  scale ${c.scale}`);
    if (c.unit) out.push(`  unit ${quote(oneLine(c.unit))}`);
    return out;
}

/** A range bound: a number as is, a date as a string literal. */
const bound = (v: string | undefined) => v === undefined ? '' : /^-?\d+(\.\d+)?$/.test(v) ? v : quote(v);

function bounds([a, b]: [number | undefined, number | undefined]): string {
    return a !== undefined && a === b ? String(a) : `${a ?? ''}..${b ?? ''}`;
}

function governance(g: Governance): string[] {
    const out: string[] = [];
    if (g.definition) out.push(`  definition ${quote(oneLine(g.definition))}`);
    if (g.steward) out.push(`  steward ${g.steward}`);
    if (g.grade) out.push(`  grade ${g.grade}`);
    if (g.personal) out.push('  personal');
    if (g.share) out.push(`  share ${g.share}`);
    if (g.condition) out.push(`  condition ${quote(oneLine(g.condition))}`);
    if (g.open) out.push(`  open ${g.open}`);
    if (g.update) out.push(`  update ${g.update}`);
    out.push('  status candidate');
    if (g.source) out.push(`  source ${quote(oneLine(g.source))}`);
    if (g.synonyms?.length) out.push(`  synonyms ${g.synonyms.map(s => quote(oneLine(s))).join(', ')}`);
    return out;
}

function label(l: string | undefined): string {
    return l ? ` ${quote(oneLine(l))}` : '';
}

/** Line breaks and control characters become spaces: a string literal stays on one line. */
export function oneLine(s: string): string {
    return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}
