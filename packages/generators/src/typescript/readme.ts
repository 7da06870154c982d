import type { NamespaceModel, RecordModel, SemanticModel } from '@mds/language';

/** The README of a generated package: how a department installs and uses it. */
export function packageReadme(ns: NamespaceModel, model: SemanticModel, name: string, version: string): string {
    const records = ns.declarations.filter((d): d is RecordModel => d.kind === 'record');
    const first = records[0];
    const lines = [
        `# ${name}`,
        '',
        `数据标准命名空间 \`${ns.name}\`（版本 ${version}）的 TypeScript 类型、运行时校验器和 JSON Schema，由 MDS 根据区数据标准自动生成，请勿手工修改。`,
        '',
        '## 安装',
        '',
        '```sh',
        `npm install ${name}`,
        '```',
        '',
        '## 使用',
        ''
    ];
    if (first) {
        lines.push('```ts',
            `import { validate${first.name}, type ${first.name} } from '${name}';`,
            '',
            `const result = validate${first.name}(input);`,
            'if (!result.valid) {',
            '    for (const e of result.errors) console.error(`${e.path}: ${e.message}`);',
            '}',
            '```',
            '',
            '校验器除 JSON Schema 的约束外，还检查公民身份号码（GB 11643）和统一社会信用代码（GB 32100）的校验码、手机号码格式，并按十进制精确检查小数位数。',
            '',
            `JSON Schema 位于 \`${name}/schema/\`（draft 2020-12），如 \`${name}/schema/${first.name}.schema.json\`。`,
            '');
    }
    lines.push('## 数据集', '', '| 类型 | 名称 | 主键 | 共享 | 开放 | 分级 |', '|---|---|---|---|---|---|');
    for (const r of records) {
        lines.push(`| \`${r.name}\` | ${cell(r.label ?? '')} | ${r.keys.join(', ')} | ${r.governance.share} | ${r.governance.open} | ${r.governance.grade} |`);
    }
    const elements = ns.declarations.filter(d => d.kind === 'element').length;
    const codeLists = ns.declarations.filter(d => d.kind === 'codelist').length;
    lines.push('', `另含数据元类型 ${elements} 个、代码表类型 ${codeLists} 个。`, '');
    if (model.namespaces.length > 1 && ns.imports.length) lines.push(`依赖命名空间：${ns.imports.map(i => `\`${i}\``).join('、')}。`, '');
    return lines.join('\n');
}

/** Keeps user text inside one Markdown table cell. */
function cell(s: string): string {
    return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n\u2028\u2029]+/g, ' ');
}
