import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import sparticuz from '@sparticuz/chromium';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

/** A static file server on 127.0.0.1 (a random port), as a department would host the site. */
export async function serve(root: string): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
        const file = join(root, path.endsWith('/') ? path + 'index.html' : path);
        if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404).end('not found');
            return;
        }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { server, url: `http://127.0.0.1:${port}/` };
}

/**
 * A headless Chromium with the flags this closed network needs: `CHROMIUM_PATH` when set, else the
 * one inside the `@sparticuz/chromium` npm package (so `npm ci && npm test` needs no system browser).
 */
export async function launch(): Promise<Browser> {
    const executablePath = process.env.CHROMIUM_PATH || await sparticuz.executablePath();
    if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
    return chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', "--headless='shell'",
            '--use-gl=angle', '--use-angle=swiftshader', '--font-render-hinting=none']
    });
}
