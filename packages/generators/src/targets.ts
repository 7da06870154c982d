import { modelToJson, type SemanticModel } from '@mds/language';
import type { QualityRun } from './docs/quality.js';
import { generateCatalog } from './catalog/generate.js';
import { generateDocs } from './docs/site.js';
import { generateJsonSchemas } from './json-schema/generate.js';
import { generateOpenApi } from './openapi/generate.js';
import type { GeneratorOptions, OutputFile } from './output.js';
import { generatePackages } from './typescript/package.js';
import { generateSql } from './sql/generate.js';
import { generateDbt } from './dbt/generate.js';
import type { DialectName } from './sql/dialect.js';

/** The build targets, in order. Adding a target: a folder under src/, one entry here, a test file. */
export const TARGETS = ['schema', 'packages', 'openapi', 'docs', 'catalog', 'sql', 'dbt'] as const;
export type Target = typeof TARGETS[number];

/**
 * What `mds build` writes without `--targets`. The per-database scripts (`sql`, `dbt`) are asked
 * for by name: they hold every rule of every record in four dialects (about 200 MB per dialect for
 * the 10,000-element bench corpus, whose records nest three levels deep), which a routine build
 * does not need.
 */
export const DEFAULT_TARGETS: readonly Target[] = ['schema', 'packages', 'openapi', 'docs', 'catalog'];

export interface TargetResult {
    target: Target | 'model';
    files: OutputFile[];
    /** Milliseconds the generator took. */
    ms: number;
}

export interface GenerateOptions extends GeneratorOptions {
    /** The previous build's model, if known (the docs list what changed). */
    previous?: SemanticModel;
    /** Chinese changelogs by namespace (`mds build --changelog-from`): CHANGELOG.md in each package, a page in the site. */
    changelogs?: Record<string, string>;
    /** Runs of `mds validate --history` (`--quality-history`): the site's 数据质量 page. */
    quality?: QualityRun[];
    /** The SQL dialects of the `sql` and `dbt` targets (default: all). */
    dialects?: readonly DialectName[];
    /** One target written at the root of the output (`mds docs --out X` → `X/index.html`), not in its folder. */
    flat?: boolean;
}

/**
 * Runs the chosen targets; output paths are prefixed with the target's folder (`schema/…`,
 * `packages/…`, `openapi/…`, `docs/…`, `catalog/…`), plus `model.json` at the root.
 */
export function generateAll(model: SemanticModel, options: GenerateOptions, targets: readonly Target[] = DEFAULT_TARGETS): TargetResult[] {
    const timed = (target: TargetResult['target'], f: () => OutputFile[], dir?: string): TargetResult => {
        const start = performance.now();
        const files = f();
        return { target, files: dir && !options.flat ? files.map(x => ({ path: `${dir}/${x.path}`, content: x.content })) : files, ms: performance.now() - start };
    };
    const results: TargetResult[] = [];
    let schemas: OutputFile[] | undefined;
    const schemaFiles = () => schemas ??= generateJsonSchemas(model, options);
    for (const target of targets) {
        switch (target) {
            case 'schema': results.push(timed(target, schemaFiles, 'schema')); break;
            case 'packages': results.push(timed(target, () => generatePackages(model, options, schemaFiles(), options.changelogs), 'packages')); break;
            case 'openapi': results.push(timed(target, () => generateOpenApi(model, schemaFiles(), '数据标准组件'), 'openapi')); break;
            case 'docs': results.push(timed(target, () => generateDocs(model, { previous: options.previous, changelogs: options.changelogs, quality: options.quality }), 'docs')); break;
            case 'catalog': results.push(timed(target, () => generateCatalog(model), 'catalog')); break;
            case 'sql': results.push(timed(target, () => generateSql(model, options.dialects), 'sql')); break;
            case 'dbt': results.push(timed(target, () => generateDbt(model, options.dialects), 'dbt')); break;
        }
    }
    results.push(timed('model', () => [{ path: 'model.json', content: modelToJson(model) }]));
    return results;
}
