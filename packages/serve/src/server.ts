import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratorOptions } from '@mds/generators';
import { declaration, declarationList, search, validate } from './api.js';
import { resource, type Resource, type ServeContent } from './content.js';
import { HttpError, SECURITY_HEADERS, sendError, sendJson, sendResource } from './http.js';
import { errorBanner, errorPage, EVENTS_PATH, LIVE_CSS, LIVE_CSS_PATH, LIVE_SCRIPT, LIVE_SCRIPT_PATH, type BuildError } from './live.js';
import { apiDocument } from './openapi.js';

export interface ServeOptions {
    host: string;
    port: number;
    /** Largest request body accepted by `POST /api/validate` (bytes). */
    maxBody: number;
    generator: GeneratorOptions;
    /** Version of MDS (the API document's version). */
    version: string;
    /** Where a failure inside a handler is logged (never sent to the client). */
    log(line: string): void;
}

const LIVE = new Map<string, Resource>([
    [LIVE_SCRIPT_PATH, resource(LIVE_SCRIPT, 'text/javascript; charset=utf-8')],
    [LIVE_CSS_PATH, resource(LIVE_CSS, 'text/css; charset=utf-8')]
]);
const HEARTBEAT_MS = 15_000;

/**
 * `mds serve`: the site, the schemas at their `$id` paths and the JSON API, all answered from
 * memory (a `ServeContent` swapped whole on each good build), so no request ever touches the
 * file system: a path is a key in a map, and `..` or a symbolic link has nothing to reach.
 */
export class MdsServer {
    private content: ServeContent | undefined;
    private errors: BuildError[] = [];
    private api: Resource | undefined;
    private readonly server: Server;
    private readonly clients = new Set<ServerResponse>();
    private heartbeat: NodeJS.Timeout | undefined;

    constructor(private readonly options: ServeOptions) {
        this.server = createServer((req, res) => this.handle(req, res).catch(e => this.fail(req, res, e)));
        this.server.keepAliveTimeout = 5_000;
        this.server.headersTimeout = 20_000;
        this.server.requestTimeout = 120_000;
    }

    /** A good build: served from now on; open pages reload. */
    update(content: ServeContent): void {
        this.content = content;
        this.errors = [];
        this.api = undefined;
        this.broadcast();
    }

    /** A build with errors: the last good build stays; pages reload to show the banner. */
    failed(errors: BuildError[]): void {
        this.errors = errors;
        this.broadcast();
    }

    async listen(): Promise<string> {
        await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(this.options.port, this.options.host, () => { this.server.off('error', reject); resolve(); });
        });
        this.heartbeat = setInterval(() => { for (const c of this.clients) c.write(': keep-alive\n\n'); }, HEARTBEAT_MS);
        this.heartbeat.unref();
        const { address, port } = this.server.address() as AddressInfo;
        return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
    }

    /** Stops accepting, ends the event streams and idle connections; resolves when the server is closed. */
    async close(): Promise<void> {
        clearInterval(this.heartbeat);
        for (const c of this.clients) c.end();
        this.clients.clear();
        const closed = new Promise<void>(resolve => this.server.close(() => resolve()));
        this.server.closeIdleConnections();
        const force = setTimeout(() => this.server.closeAllConnections(), 2_000);
        await closed;
        clearTimeout(force);
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const { path, query } = requestTarget(req.url ?? '/');
        const method = req.method ?? 'GET';
        if (path === '/api/validate' || path.startsWith('/api/validate/')) {
            if (method !== 'POST') throw notAllowed('POST');
            const content = this.ready();
            const report = await validate(content, path.slice('/api/validate/'.length), req, query, this.options.maxBody);
            sendJson(req, res, 200, report);
            return;
        }
        if (method !== 'GET' && method !== 'HEAD') throw notAllowed('GET, HEAD');
        const live = LIVE.get(path);
        if (live) return sendResource(req, res, live);
        if (path === EVENTS_PATH) return this.subscribe(req, res);
        if (path === '/_mds/status') return sendJson(req, res, 200, { ok: this.errors.length === 0, build: this.content?.id ?? null, errors: this.errors });
        if (path.startsWith('/api/')) return this.apiGet(req, res, path, query);
        const content = this.content;
        if (!content) {
            const page = resource(errorPage(this.errors), 'text/html; charset=utf-8');
            res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': page.type, 'Cache-Control': 'no-store', 'Retry-After': '2' });
            res.end(method === 'HEAD' ? undefined : page.body);
            return;
        }
        const schema = content.schemas.get(path);
        if (schema) return sendResource(req, res, schema, { 'Access-Control-Allow-Origin': '*' });
        const page = content.site.get(path.endsWith('/') ? path + 'index.html' : path);
        if (!page) throw new HttpError(404, 'not-found', `没有 ${path} / not found`);
        if (this.errors.length && page.type.startsWith('text/html')) {
            // The last good page, with the errors of the latest build on top.
            const html = page.body.toString().replace(/<body[^>]*>/, m => m + errorBanner(this.errors, true));
            return sendResource(req, res, resource(html, page.type));
        }
        sendResource(req, res, page);
    }

    private apiGet(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
        const content = this.ready();
        const cors = { 'Access-Control-Allow-Origin': '*' };
        if (path === '/api/search') return sendJson(req, res, 200, search(content, query), cors);
        if (path === '/api/declarations') return sendJson(req, res, 200, declarationList(content), cors);
        if (path.startsWith('/api/declarations/')) return sendJson(req, res, 200, declaration(content, path.slice('/api/declarations/'.length), this.options.generator), cors);
        if (path === '/api/openapi.json') {
            this.api ??= resource(JSON.stringify(apiDocument(content, this.options.generator, this.options.version), null, 2) + '\n', 'application/json; charset=utf-8');
            return sendResource(req, res, this.api, cors);
        }
        throw new HttpError(404, 'not-found', `没有 ${path} / not found`);
    }

    private ready(): ServeContent {
        if (!this.content) throw new HttpError(503, 'no-build', `标准有 ${this.errors.length} 个错误，尚无成功的构建 / the standards have errors and nothing has been built yet`, { 'Retry-After': '2' });
        return this.content;
    }

    private subscribe(req: IncomingMessage, res: ServerResponse): void {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(`retry: 1000\n\n${this.event()}`);
        this.clients.add(res);
        req.on('close', () => this.clients.delete(res));
    }

    private event(): string {
        return `event: build\ndata: ${JSON.stringify({ id: `${this.content?.id ?? 'none'}:${this.errors.length}`, errors: this.errors.length })}\n\n`;
    }

    private broadcast(): void {
        const event = this.event();
        for (const c of this.clients) c.write(event);
    }

    private fail(req: IncomingMessage, res: ServerResponse, e: unknown): void {
        const error = e instanceof HttpError ? e : new HttpError(500, 'internal-error', '服务器内部错误 / internal server error');
        if (!(e instanceof HttpError)) this.options.log(`${req.method} ${req.url}: ${(e as Error)?.stack ?? e}`);
        if (res.headersSent) { res.destroy(); return; }
        sendError(req, res, error);
        if (error.status === 413) req.resume();
    }
}

/**
 * The decoded path and the query of a request target. Malformed escapes are a 400; the path is used only as a key
 * of the in-memory content, so `..` and encoded or double-encoded forms of it simply match nothing.
 */
function requestTarget(raw: string): { path: string; query: URLSearchParams } {
    let url: URL, path: string;
    try {
        url = new URL(raw, 'http://localhost');
        path = decodeURIComponent(url.pathname);
    } catch {
        throw new HttpError(400, 'bad-path', '请求地址无效（如百分号编码错误）/ malformed request target (e.g. bad percent-encoding)');
    }
    if (path.includes('\0')) throw new HttpError(400, 'bad-path', '路径中有空字符 / NUL in the path');
    return { path, query: url.searchParams };
}

function notAllowed(allow: string): HttpError {
    return new HttpError(405, 'method-not-allowed', `此路径只接受 ${allow} / only ${allow} here`, { Allow: allow });
}
