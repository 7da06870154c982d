import type { Output } from '../output.js';
import { interrupted, watchSources } from '../io/watch-sources.js';

/**
 * Runs `build` now and again whenever a `.mds` file or `mds.config.json` under the inputs
 * changes (debounced), until the process is interrupted. Each run is a complete, atomic build.
 */
export async function watchAndRebuild(paths: string[], out: Output, build: () => Promise<number>, locale: 'zh' | 'en'): Promise<number> {
    const say = (zh: string, en: string) => out.stderr(`[mds] ${locale === 'en' ? en : zh}\n`);
    await build();
    say('正在监视更改，按 Ctrl+C 结束', 'watching for changes; press Ctrl+C to stop');
    let running = Promise.resolve();
    const stop = watchSources(paths, out.cwd, name => {
        running = running.then(async () => {
            say(`检测到更改：${name}，重新构建`, `change in ${name}; rebuilding`);
            await build();
        });
    });
    await interrupted();
    stop();
    await running;
    return 0;
}
