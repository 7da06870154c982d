import type { NamespaceModel, SemanticModel } from '@mds/language';
import { packageName, splitQName } from '../names.js';
import type { GeneratorOptions, OutputFile } from '../output.js';
import { generateDeclarations } from './declarations.js';
import { packageReadme } from './readme.js';
import { RUNTIME_SOURCE } from './runtime-source.js';
import { generateValidators } from './validators.js';
import { toCommonJs } from './commonjs.js';

const RUNTIME_CJS = toCommonJs(RUNTIME_SOURCE);

/**
 * One complete npm package per namespace: package.json, index.d.ts, index.js (precompiled
 * validators, no dependencies but the packages of other namespaces), mds-runtime.js, the
 * namespace's JSON Schemas under schema/, and a README. Paths are relative to the packages root.
 */
export function generatePackages(model: SemanticModel, options: GeneratorOptions, schemas: OutputFile[], changelogs?: Record<string, string>): OutputFile[] {
    const packageOf = (namespace: string) => packageName(namespace, options);
    const versions = new Map(model.namespaces.map(n => [n.name, n.version]));
    const versionOf = (namespace: string) => versions.get(namespace) ?? options.defaultVersion;
    const files: OutputFile[] = [];
    // Each schema under its namespace's folder (`<namespace>/<file>`), found once, not per namespace.
    const schemasByNamespace = new Map<string, OutputFile[]>();
    for (const s of schemas) {
        const folder = s.path.slice(0, s.path.indexOf('/'));
        const list = schemasByNamespace.get(folder);
        if (list) list.push(s); else schemasByNamespace.set(folder, [s]);
    }
    for (const ns of model.namespaces) {
        const dir = ns.name;
        const dependencies = Object.fromEntries([...dependenciesOf(ns)].sort().map(n => [packageOf(n), compatibleRange(versionOf(n))]));
        const manifest = {
            name: packageOf(ns.name),
            version: versionOf(ns.name),
            description: `数据标准 ${ns.name} 的 TypeScript 类型、运行时校验器与 JSON Schema（由 MDS 生成）`,
            type: 'module',
            main: './index.cjs',
            module: './index.js',
            types: './index.d.ts',
            exports: {
                '.': {
                    import: { types: './index.d.ts', default: './index.js' },
                    require: { types: './index.d.cts', default: './index.cjs' }
                },
                './schema/*': './schema/*',
                './package.json': './package.json'
            },
            files: ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'mds-runtime.js', 'mds-runtime.cjs', 'schema', 'README.md', ...(changelogs?.[ns.name] !== undefined ? ['CHANGELOG.md'] : [])],
            sideEffects: false,
            engines: { node: '>=18' },
            dependencies
        };
        files.push({ path: `${dir}/package.json`, content: JSON.stringify(manifest, null, 2) + '\n' });
        const declarations = generateDeclarations(ns, model, packageOf);
        const validators = generateValidators(ns, packageOf);
        files.push({ path: `${dir}/index.d.ts`, content: declarations });
        files.push({ path: `${dir}/index.d.cts`, content: declarations });
        files.push({ path: `${dir}/index.js`, content: validators });
        files.push({ path: `${dir}/index.cjs`, content: toCommonJs(validators) });
        files.push({ path: `${dir}/mds-runtime.js`, content: RUNTIME_SOURCE });
        files.push({ path: `${dir}/mds-runtime.cjs`, content: RUNTIME_CJS });
        files.push({ path: `${dir}/README.md`, content: packageReadme(ns, model, manifest.name, manifest.version) });
        const changelog = changelogs?.[ns.name];
        if (changelog !== undefined) files.push({ path: `${dir}/CHANGELOG.md`, content: `# ${manifest.name} 变更记录\n\n${changelog.replace(/^## /, '## ')}` });
        for (const s of schemasByNamespace.get(ns.name) ?? []) {
            files.push({ path: `${dir}/schema/${s.path.slice(ns.name.length + 1)}`, content: s.content });
        }
    }
    return files;
}

/** The namespaces a namespace imports or refers to by qualified name. */
function dependenciesOf(ns: NamespaceModel): Set<string> {
    const deps = new Set(ns.imports);
    const add = (q: string | undefined) => { if (q) deps.add(splitQName(q).namespace); };
    for (const d of ns.declarations) {
        if (d.kind === 'element' && 'codeList' in d.type) add(d.type.codeList);
        if (d.kind === 'record') {
            add(d.extends);
            for (const f of d.fields) add('element' in f.type ? f.type.element : f.type.record);
        }
    }
    deps.delete(ns.name);
    return deps;
}

/**
 * The range a package asks of a namespace it depends on: compatible releases of its major version
 * (`^1.0.0` for 1.4.2; `^0.3.0` for 0.3.1). A minor or patch release of a dependency then leaves
 * the dependent package unchanged (so it need not be republished); a major one changes it.
 */
export function compatibleRange(version: string): string {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
    if (!m) return `^${version}`;
    return m[1] === '0' ? `^0.${m[2]}.0` : `^${m[1]}.0.0`;
}
