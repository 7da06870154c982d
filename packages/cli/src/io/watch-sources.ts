import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Calls `onChange` (debounced by 150 ms, with the last changed file) whenever a `.mds` file or
 * `mds.config.json` under the inputs changes. Returns the function that stops watching.
 */
export function watchSources(paths: string[], cwd: string, onChange: (file: string) => void): () => void {
    const roots = (paths.length ? paths : ['.']).map(p => resolve(cwd, p));
    let timer: NodeJS.Timeout | undefined;
    const watchers: FSWatcher[] = roots.map(root => watch(root, { recursive: true }, (_event, file) => {
        const name = String(file ?? '');
        if (name && !name.endsWith('.mds') && !name.endsWith('mds.config.json')) return;
        clearTimeout(timer);
        timer = setTimeout(() => onChange(name), 150);
    }));
    return () => { watchers.forEach(w => w.close()); clearTimeout(timer); };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function interrupted(): Promise<void> {
    return new Promise<void>(resolveStop => {
        const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolveStop(); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
    });
}
