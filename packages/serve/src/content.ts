import { createHash } from 'node:crypto';
import { basename, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SemanticModel } from '@mds/language';
import { generateDocs, generateJsonSchemas, recordNames, searchEntries, type GeneratorOptions, type SearchEntry } from '@mds/generators';
import { LIVE_CSS_PATH, LIVE_SCRIPT_PATH } from './live.js';

/** A response body prepared once per build: bytes, type, a strong ETag and the caching rule. */
export interface Resource {
    body: Buffer;
    type: string;
    etag: string;
    cache: string;
}

/** Everything `mds serve` answers from, built once per good build and swapped whole. */
export interface ServeContent {
    model: SemanticModel;
    /** Site pages and assets by URL path (`/index.html`, `/record/a.b.C.html`). */
    site: Map<string, Resource>;
    /** Each JSON Schema at the path of its `$id`. */
    schemas: Map<string, Resource>;
    search: SearchEntry[];
    records: string[];
    /** Turns a declaration's source URI into the path shown to clients (never an absolute path). */
    sourcePath(uri: string): string;
    /** Identifies the build (the live-reload script compares it). */
    id: string;
}

const TYPES: Record<string, string> = {
    html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', json: 'application/json', svg: 'image/svg+xml'
};

/** Pages revalidate on every view (they change with the standards); schemas may be cached a minute. */
const PAGE_CACHE = 'no-cache';
const SCHEMA_CACHE = 'public, max-age=60, must-revalidate';

export function resource(body: string | Buffer, type: string, cache = PAGE_CACHE): Resource {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return { body: bytes, type, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"`, cache };
}

/**
 * The site (with the live-reload script in every page) and the JSON Schemas of a model. Schemas
 * are keyed by the path of their `$id`, so a validator that resolves `$ref`s against the server
 * finds them when the server is the base URI's host.
 */
export function serveContent(model: SemanticModel, options: GeneratorOptions, root: string): ServeContent {
    const site = new Map<string, Resource>();
    for (const f of generateDocs(model)) {
        const ext = f.path.slice(f.path.lastIndexOf('.') + 1);
        const body = ext === 'html' ? withLiveReload(String(f.content)) : f.content;
        site.set('/' + f.path, resource(typeof body === 'string' ? body : Buffer.from(body), TYPES[ext] ?? 'application/octet-stream'));
    }
    const schemas = new Map<string, Resource>();
    for (const f of generateJsonSchemas(model, options)) {
        const id = (JSON.parse(String(f.content)) as { $id: string }).$id;
        schemas.set(new URL(id).pathname, resource(String(f.content), 'application/schema+json', SCHEMA_CACHE));
    }
    const hash = createHash('sha1');
    for (const [path, r] of [...site, ...schemas]) hash.update(path).update(r.etag);
    const sourcePath = (uri: string) => {
        const path = uri.startsWith('file:') ? relative(root, fileURLToPath(uri)) : uri;
        return path.startsWith('..') || isAbsolute(path) ? basename(path) : path.split(sep).join('/');
    };
    return { model, site, schemas, search: searchEntries(model), records: recordNames(model), sourcePath, id: hash.digest('base64url').slice(0, 16) };
}

function withLiveReload(html: string): string {
    return html
        .replace('</head>', `<link rel="stylesheet" href="${LIVE_CSS_PATH}">\n</head>`)
        .replace('</body>', `<script src="${LIVE_SCRIPT_PATH}"></script>\n</body>`);
}
