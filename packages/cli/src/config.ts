import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE, parseConfig, type GeneratorOptions } from '@mds/generators';
import { UsageError } from './io/cli-error.js';

export { CONFIG_FILE };

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
    const text = readFileSync(file, 'utf8');
    const parsed = parseConfig(text);
    if ('error' in parsed) {
        const before = text.slice(0, parsed.offset ?? 0).split('\n');
        throw new UsageError(`${display}:${before.length}:${before[before.length - 1].length + 1} - ${parsed.error}`);
    }
    return { options: parsed.options, file };
}
