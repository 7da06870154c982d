import type { Output } from '../output.js';

/**
 * A progress bar on stderr while long work runs on a terminal: percent of bytes, rows, rows per
 * second and the time left. Nothing at all when stderr is not a terminal (pipes, CI, tests).
 */
export function progressBar(out: Output, locale: 'zh' | 'en'): { update(p: { rows: number; read: number; total: number }): void; done(): void } {
    if (!out.stderrIsTTY) return { update: () => undefined, done: () => undefined };
    const start = Date.now();
    let last = 0, shown = false;
    return {
        update({ rows, read, total }) {
            const now = Date.now();
            if (now - last < 100) return;
            last = now;
            shown = true;
            const share = total ? Math.min(1, read / total) : 0;
            const seconds = (now - start) / 1000;
            const rate = seconds > 0 ? rows / seconds : 0;
            const eta = share > 0 ? seconds * (1 - share) / share : 0;
            const width = Math.max(10, Math.min(30, (out.columns ?? 80) - 50));
            const filled = Math.round(share * width);
            const text = locale === 'en'
                ? `${(share * 100).toFixed(0).padStart(3)}% ${rows.toLocaleString('en')} rows ${Math.round(rate).toLocaleString('en')} rows/s ETA ${eta.toFixed(0)} s`
                : `${(share * 100).toFixed(0).padStart(3)}% ${rows.toLocaleString('en')} 行 ${Math.round(rate).toLocaleString('en')} 行/秒 剩余 ${eta.toFixed(0)} 秒`;
            out.stderr(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text}\x1b[K`);
        },
        done() {
            if (shown) out.stderr('\r\x1b[K');
        }
    };
}
