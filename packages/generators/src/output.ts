/** A file a generator produces, relative to the build output folder. */
export interface OutputFile {
    path: string;
    /** Text (written as UTF-8) or bytes (the .xlsx). */
    content: string | Uint8Array;
}

/** Options every generator shares; read from `mds.config.json` and the command line. */
export interface GeneratorOptions {
    /** Base URI of schema `$id`s, ending in `/`. Default `https://standards.mds.invalid/schema/`. */
    schemaBaseUri: string;
    /** npm scope of the generated packages, with `@`. Default `@mds-standards`. */
    scope: string;
    /** Version of a namespace that declares none. Default `0.0.0`. */
    defaultVersion: string;
}

export const DEFAULT_OPTIONS: GeneratorOptions = {
    schemaBaseUri: 'https://standards.mds.invalid/schema/',
    scope: '@mds-standards',
    defaultVersion: '0.0.0'
};

export function resolveOptions(partial: Partial<GeneratorOptions> = {}): GeneratorOptions {
    const options = { ...DEFAULT_OPTIONS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
    if (!options.schemaBaseUri.endsWith('/')) options.schemaBaseUri += '/';
    if (!options.scope.startsWith('@')) options.scope = '@' + options.scope;
    return options;
}

/** The name of the configuration file beside the standards. */
export const CONFIG_FILE = 'mds.config.json';

/**
 * Reads the text of `mds.config.json` (every key optional): the generator options, or a message
 * saying what is wrong (Chinese, then English) and, for broken JSON, the offset it stopped at.
 */
export function parseConfig(text: string): { options: Partial<GeneratorOptions> } | { error: string; offset?: number } {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        const message = (e as Error).message;
        const at = /at position (\d+)/.exec(message);
        return { error: `不是有效的 JSON / not valid JSON: ${message}`, ...(at ? { offset: Number(at[1]) } : {}) };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: '应为一个 JSON 对象 / expected a JSON object' };
    const options: Partial<GeneratorOptions> = {};
    for (const key of ['scope', 'schemaBaseUri', 'defaultVersion'] as const) {
        const value = (raw as Record<string, unknown>)[key];
        if (value === undefined) continue;
        if (typeof value !== 'string' || !value) return { error: `"${key}" 应为非空字符串 / "${key}" must be a non-empty string` };
        options[key] = value;
    }
    if (options.scope && !/^@?[a-z0-9][a-z0-9._-]*$/.test(options.scope)) return { error: '"scope" 应为 npm 作用域，如 @minhang-standards / "scope" must be an npm scope such as @minhang-standards' };
    return { options };
}
