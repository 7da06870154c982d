import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import type { Output } from '../output.js';

/**
 * Runs `build` now and again whenever a `.mds` file or `mds.config.json` under the inputs
 * changes (debounced), until the process is interrupted. Each run is a complete, atomic build.
 */
export async function watchAndRebuild(paths: string[], out: Output, build: () => Promise<number>, locale: 'zh' | 'en'): Promise<number> {
    const say = (zh: string, en: string) => out.stderr(`[mds] ${locale === 'en' ? en : zh}\n`);
    await build();
    say('正在监视更改，按 Ctrl+C 结束', 'watching for changes; press Ctrl+C to stop');
    const roots = (paths.length ? paths : ['.']).map(p => resolve(out.cwd, p));
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const watchers: FSWatcher[] = roots.map(root => watch(root, { recursive: true }, (_event, file) => {
        const name = String(file ?? '');
        if (name && !name.endsWith('.mds') && !name.endsWith('mds.config.json')) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
            running = running.then(async () => {
                say(`检测到更改：${name}，重新构建`, `change in ${name}; rebuilding`);
                await build();
            });
        }, 150);
    }));
    await new Promise<void>(resolveStop => {
        const stop = () => { watchers.forEach(w => w.close()); clearTimeout(timer); resolveStop(); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
    });
    await running;
    return 0;
}
