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
