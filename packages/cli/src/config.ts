import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { GeneratorOptions } from '@mds/generators';
import { UsageError } from './io/cli-error.js';

export const CONFIG_FILE = 'mds.config.json';

/**
 * Reads `mds.config.json` from the first input folder (or the folder of the first input file),
 * else from the current folder. Every key is optional.
 */
export function loadConfig(paths: string[], cwd: string): { options: Partial<GeneratorOptions>; file?: string } {
    const first = resolve(cwd, paths[0] ?? '.');
    const dir = existsSync(first) && statSync(first).isDirectory() ? first : dirname(first);
    const file = [join(dir, CONFIG_FILE), join(cwd, CONFIG_FILE)].find(f => existsSync(f));
    if (!file) return { options: {} };
    const display = relative(cwd, file) || file;
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
        throw new UsageError(`${display}:1:1 - ${(e as Error).message}`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${display}:1:1 - expected a JSON object`);
    const options: Partial<GeneratorOptions> = {};
    for (const key of ['scope', 'schemaBaseUri', 'defaultVersion'] as const) {
        const value = (raw as Record<string, unknown>)[key];
        if (value === undefined) continue;
        if (typeof value !== 'string' || !value) throw new UsageError(`${display}:1:1 - "${key}" must be a non-empty string`);
        options[key] = value;
    }
    if (options.scope && !/^@?[a-z0-9][a-z0-9._-]*$/.test(options.scope)) {
        throw new UsageError(`${display}:1:1 - "scope" must be an npm scope such as @minhang-standards`);
    }
    return { options, file };
}
