import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Resource } from './content.js';

/**
 * Headers on every response. The CSP is the one the site is built for: its scripts and styles
 * are files of the site, nothing inline, nothing from elsewhere.
 */
export const SECURITY_HEADERS: Record<string, string> = {
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer'
};

/** An error answer: a status, a stable code and a bilingual message; never a stack trace. */
export class HttpError extends Error {
    constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
        super(message);
    }
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    const body = Buffer.from(JSON.stringify(value, null, 2) + '\n');
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
}

export function sendError(req: IncomingMessage, res: ServerResponse, e: HttpError): void {
    sendJson(req, res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
}

/** A prepared resource, or 304 when the client's `If-None-Match` names its ETag. */
export function sendResource(req: IncomingMessage, res: ServerResponse, r: Resource, extra: Record<string, string> = {}): void {
    const headers = { ...SECURITY_HEADERS, 'Content-Type': r.type, ETag: r.etag, 'Cache-Control': r.cache, ...extra };
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some(t => t.trim() === r.etag || t.trim() === '*')) {
        res.writeHead(304, headers).end();
        return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': r.body.length });
    res.end(req.method === 'HEAD' ? undefined : r.body);
}

/**
 * The request body, at most `limit` bytes: a declared `Content-Length` beyond it is refused
 * before anything is read, a chunked body as soon as it passes the limit (413 either way).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
    const tooLarge = () => new HttpError(413, 'body-too-large', `请求体超过 ${limit} 字节的上限 / the request body exceeds the limit of ${limit} bytes`, { Connection: 'close' });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
    return new Promise((resolve, reject) => {
        const parts: Buffer[] = [];
        let size = 0, done = false;
        req.on('data', (chunk: Buffer) => {
            if (done) return;
            size += chunk.length;
            if (size > limit) {
                done = true;
                parts.length = 0;
                req.pause();
                reject(tooLarge());
                return;
            }
            parts.push(chunk);
        });
        req.on('end', () => { if (!done) { done = true; resolve(Buffer.concat(parts)); } });
        req.on('error', e => { if (!done) { done = true; reject(e); } });
    });
}

/** Parses `1048576`, `512k`, `16m`, `1g` (binary units) into bytes. */
export function parseSize(text: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(text.trim());
    if (!m) return undefined;
    const unit = (m[2] ?? 'b').toLowerCase()[0];
    const n = Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[unit];
    return Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}
