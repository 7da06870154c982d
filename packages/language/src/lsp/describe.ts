import type { DeclarationModel, Governance, QName } from '../model/semantic-types.js';
import { constraintPhrases } from '../model/constraint-text.js';
import { ATTRIBUTE_LABELS, kindLabel, OPEN_LABELS, SHARE_LABELS, VALUE_LABELS } from '../model/vocabulary.js';

/**
 * A declaration in Markdown, Chinese first: label, kind and namespace, type and constraints,
 * definition, governance (effective for records), status with replacement, the file.
 * `labelOf` names referenced declarations by their label.
 */
export function describeDeclaration(d: DeclarationModel, labelOf: (q: QName) => string | undefined, file: string): string {
    const name = (q?: QName) => q ? `${labelOf(q) ?? ''} \`${q.slice(q.lastIndexOf('.') + 1)}\``.trim() : '';
    const parts: string[] = [`**${d.label ?? d.name}** \`${d.name}\` — ${kindLabel(d.kind)} · \`${d.namespace}\``];
    const facts: string[] = [];
    switch (d.kind) {
        case 'element': {
            facts.push('primitive' in d.type ? `类型 ${d.type.primitive}` : `代码表 ${name(d.type.codeList)}`);
            facts.push(...constraintPhrases(d.constraints, p => `\`${p}\``));
            break;
        }
        case 'codelist':
            facts.push(`${d.entries.length} 个代码：` + d.entries.slice(0, 8).map(e => `\`${e.code}\` ${e.label}`).join('，') + (d.entries.length > 8 ? '…' : ''));
            break;
        case 'record':
            facts.push(`主键 ${d.keys.join(', ') || '无'}`, `${d.fields.length} 个字段`);
            if (d.extends) facts.push(`继承 ${name(d.extends)}`);
            if (d.systemOfRecord) facts.push(`权威系统 ${name(d.systemOfRecord)}`);
            break;
        case 'department':
            if (d.level) facts.push(`${ATTRIBUTE_LABELS.level} ${VALUE_LABELS[d.level]}`);
            if (d.parent) facts.push(`${ATTRIBUTE_LABELS.parent} ${name(d.parent)}`);
            break;
        case 'domain':
            if (d.owner) facts.push(`${ATTRIBUTE_LABELS.owner} ${name(d.owner)}`);
            break;
        case 'system':
            if (d.owner) facts.push(`${ATTRIBUTE_LABELS.owner} ${name(d.owner)}`);
            if (d.systemKind) facts.push(VALUE_LABELS[d.systemKind]);
            if (d.stores.length) facts.push(`${ATTRIBUTE_LABELS.stores} ${d.stores.map(name).join('、')}`);
            break;
        case 'flow':
            facts.push(`${name(d.from)} → ${name(d.to)}`);
            if (d.carries.length) facts.push(`${ATTRIBUTE_LABELS.carries} ${d.carries.map(name).join('、')}`);
            if (d.update) facts.push(`${ATTRIBUTE_LABELS.update} ${VALUE_LABELS[d.update]}`);
            if (d.via) facts.push(`${ATTRIBUTE_LABELS.via} ${VALUE_LABELS[d.via]}`);
            if (d.agreement) facts.push(`${ATTRIBUTE_LABELS.agreement} ${d.agreement}`);
            break;
    }
    if (facts.length) parts.push(facts.join(' · '));
    if (d.definition) parts.push(d.definition);
    if ('governance' in d) parts.push(...governance(d.governance, name, d.kind === 'record' ? d.governancePaths : {}));
    if (d.synonyms.length) parts.push(`${ATTRIBUTE_LABELS.synonyms}：${d.synonyms.join('、')}`);
    parts.push(`*${file}:${d.location.line}*`);
    return parts.join('\n\n');
}

function governance(g: Governance, name: (q?: QName) => string, paths: Record<string, string | undefined>): string[] {
    const why = (key: string) => paths[key] ? `（由 \`${paths[key]}\` 决定）` : '';
    const line = [
        g.steward ? `${ATTRIBUTE_LABELS.steward} ${name(g.steward)}` : '',
        `${ATTRIBUTE_LABELS.status} ${VALUE_LABELS[g.status]}`,
        `${ATTRIBUTE_LABELS.grade} ${VALUE_LABELS[g.grade]}${why('grade')}`,
        g.personal ? `含个人信息${why('personal')}` : '',
        `${SHARE_LABELS[g.share]}${why('share')}`,
        `${OPEN_LABELS[g.open]}${why('open')}`,
        g.update ? `${ATTRIBUTE_LABELS.update} ${VALUE_LABELS[g.update]}` : ''
    ].filter(Boolean).join(' · ');
    const out = [line];
    if (g.condition) out.push(`${ATTRIBUTE_LABELS.condition}：${g.condition}`);
    if (g.source) out.push(`${ATTRIBUTE_LABELS.source}：${g.source}`);
    if (g.status === 'deprecated' || g.status === 'retired') {
        out.push(`⚠ ${VALUE_LABELS[g.status]}${g.replacedBy ? `，请改用 ${name(g.replacedBy)}` : ''}`);
    }
    return out;
}
