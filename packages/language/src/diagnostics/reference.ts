import { diagnostics, type DiagnosticSpec } from './messages.js';

/** The rule reference (docs/diagnostics.md), rendered from the one table so the two cannot drift. */
export function renderDiagnosticReference(): string {
    const placeholders = new Proxy({}, { get: (_t, key) => `‹${String(key)}›` }) as Record<string, string>;
    const rows = Object.entries(diagnostics as Record<string, DiagnosticSpec>).map(([code, spec]) =>
        `| \`mds/${code}\` | ${spec.severity} | ${spec.rule} | ${escape(spec.zh(placeholders))} | ${escape(spec.en(placeholders))} |`);
    return [
        '# MDS 诊断代码 / Diagnostic codes',
        '',
        '<!-- Generated from packages/language/src/diagnostics/messages.ts by `npm run docs:diagnostics`. Do not edit. -->',
        '',
        '每条诊断都有稳定的代码 `mds/…`，`mds check --format json` 和编辑器中均可见。',
        '“规则”一列对应 LANGUAGE.md 中“治理规则”的编号。‹…› 为消息中的参数。',
        '',
        'Every diagnostic has a stable code. "Rule" refers to the numbered governance rules of the language contract.',
        '',
        '| 代码 code | 级别 severity | 规则 rule | 中文消息 | English message |',
        '|---|---|---|---|---|',
        ...rows,
        ''
    ].join('\n');
}

function escape(s: string): string {
    return s.replace(/\|/g, '\\|');
}
