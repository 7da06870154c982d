/**
 * The `mds import` command line that "MDS: Import…" runs, from what the user chose. No VS Code
 * API here: a test runs the very arguments this returns through the CLI.
 */
export interface ImportChoice {
    /** The chosen source file, relative to the workspace root (or absolute). */
    source: string;
    /** Whether a .csv/.xlsx is sample data (infer a record) rather than a data-element table or catalog. */
    sampleData: boolean;
    namespace: string;
    /** The .mds file to write, relative to the workspace root (or absolute). */
    out: string;
    /** The standards folder the new file joins, when it exists. */
    standards?: string;
    /** The user agreed to replace an existing file. */
    overwrite: boolean;
}

export const NAMESPACE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** The source kinds the command offers in its file dialog. */
export const SOURCE_FILTERS: Record<string, string[]> = {
    '数据元表、资源目录、样例数据 (xlsx, csv, jsonl)': ['xlsx', 'csv', 'jsonl', 'ndjson'],
    'SQL 建表语句 (sql)': ['sql', 'ddl'],
    'JSON Schema (json)': ['json']
};

/** Whether the source could be either a table of elements or sample data (so the user is asked). */
export const ambiguous = (source: string) => /\.(csv|xlsx)$/i.test(source);

/** The default namespace of a source: `minhang.` + its file name in ASCII lower case, else `minhang.imported`. */
export function defaultNamespace(source: string): string {
    const base = source.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    return /^[a-z]/.test(base) ? `minhang.${base}` : 'minhang.imported';
}

/** `npx --no-install mds import …`: never fetches an unrelated `mds` package from the registry. */
export function importArgs(c: ImportChoice): string[] {
    return [
        '--no-install', 'mds', 'import', c.source, '--namespace', c.namespace, '--out', c.out,
        ...(c.sampleData ? ['--from', 'data'] : []),
        ...(c.standards ? ['--standards', c.standards] : []),
        ...(c.overwrite ? ['--force'] : [])
    ];
}
