import type { IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';
import { kindLabel, suggest } from '@mds/language';
import { pagePath, recordSchemaId, searchRanked, type GeneratorOptions } from '@mds/generators';
import { InputError, validateText, type ValidationReport } from '@mds/validate';
import type { ServeContent } from './content.js';
import { HttpError, readBody } from './http.js';

const SEARCH_DEFAULT = 30, SEARCH_MAX = 200;

/** `GET /api/search?q=&limit=`: the site's ranking, as JSON. */
export function search(content: ServeContent, params: URLSearchParams) {
    const q = params.get('q') ?? '';
    const limit = integerParam(params, 'limit', SEARCH_DEFAULT, 1, SEARCH_MAX);
    const ranked = searchRanked(content.search, q);
    return {
        query: q,
        total: ranked.length,
        results: ranked.slice(0, limit).map(e => ({
            name: e.n, qualifiedName: e.q, label: e.l || undefined, kind: kindOf(content, e.q), kindLabel: e.k,
            synonyms: e.s, definition: e.d || undefined, page: '/' + e.u
        }))
    };
}

/** `GET /api/declarations/<qualified name>`: the semantic model entry (effective governance included). */
export function declaration(content: ServeContent, name: string, options: GeneratorOptions) {
    const d = content.model.declarations.get(name);
    if (!d) {
        const close = didYouMean([...content.model.declarations.keys()], name);
        throw new HttpError(404, 'unknown-declaration', `没有声明 ${name}${close.length ? `；是否要找 ${close.join('、')}？` : ''} / no declaration ${name}${close.length ? `; did you mean ${close.join(', ')}?` : ''}`);
    }
    return {
        ...d,
        location: { file: content.sourcePath(d.location.uri), line: d.location.line },
        kindLabel: kindLabel(d.kind),
        page: '/' + pagePath(d),
        ...(d.kind === 'record' ? { schema: recordSchemaId(d.qualifiedName, options) } : {})
    };
}

/** `GET /api/declarations`: every qualified name with its kind and label. */
export function declarationList(content: ServeContent) {
    return { declarations: content.search.map(e => ({ qualifiedName: e.q, kind: kindOf(content, e.q), label: e.l || undefined })) };
}

function kindOf(content: ServeContent, q: string): string {
    return content.model.declarations.get(q)!.kind;
}

const MEDIA: Record<string, 'csv' | 'json' | 'jsonl'> = {
    '': 'json', 'application/json': 'json', 'text/plain': 'json', 'text/json': 'json',
    'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl', 'application/x-jsonlines': 'jsonl', 'application/jsonlines': 'jsonl',
    'text/csv': 'csv'
};

/**
 * `POST /api/validate/<ns.Record>`: the body (one JSON object, a JSON array, JSON Lines, or CSV
 * with `Content-Type: text/csv`) measured as `mds validate --format json` measures a file.
 */
export async function validate(content: ServeContent, record: string, req: IncomingMessage, params: URLSearchParams, maxBody: number): Promise<ValidationReport> {
    if (!content.records.includes(record)) {
        const close = didYouMean(content.records, record);
        throw new HttpError(404, 'unknown-record', `没有数据集 ${record}${close.length ? `；是否要写 ${close.join('、')}？` : ''} / no record ${record}${close.length ? `; did you mean ${close.join(', ')}?` : ''}`);
    }
    const [media, ...rest] = String(req.headers['content-type'] ?? '').split(';').map(s => s.trim());
    const format = MEDIA[media.toLowerCase()];
    if (!format) throw new HttpError(415, 'unsupported-media-type', `不支持的 Content-Type ${media}：请用 application/json、application/x-ndjson 或 text/csv / unsupported content type; use application/json, application/x-ndjson or text/csv`);
    const charset = rest.map(p => /^charset=("?)([^"]+)\1$/i.exec(p)?.[2]).find(Boolean) ?? 'utf-8';
    let decoder: TextDecoder;
    try {
        decoder = new TextDecoder(charset, { fatal: true });
    } catch {
        throw new HttpError(415, 'unsupported-charset', `不支持的字符集 ${charset} / unsupported charset`);
    }
    const maxErrors = integerParam(params, 'max-errors', 1000, 0, 1_000_000);
    const asOfText = params.get('as-of');
    const asOf = asOfText ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(asOfText) ? `${asOfText}T00:00:00+08:00` : asOfText) : undefined;
    if (asOf && Number.isNaN(asOf.getTime())) throw new HttpError(400, 'bad-parameter', `as-of=${asOfText}：应为日期（YYYY-MM-DD）或 RFC 3339 日期时间 / expected a date or an RFC 3339 date-time`);
    const body = await readBody(req, maxBody);
    let text: string;
    try {
        text = decoder.decode(body);
    } catch {
        throw new HttpError(400, 'bad-encoding', `请求体不是有效的 ${charset} 文本 / the body is not valid ${charset}`);
    }
    if (!text.trim()) throw new HttpError(400, 'empty-body', '请求体是空的 / the request body is empty');
    try {
        return await validateText({
            model: content.model, record, maxErrors, allRows: params.get('all-rows') === 'true', asOf,
            timestampField: params.get('timestamp-field') ?? undefined
        }, text, format, 'body');
    } catch (e) {
        if (e instanceof InputError) throw new HttpError(400, 'unusable-input', e.message);
        throw e;
    }
}

/** Names with the same simple name in another namespace, else the closest one (edit distance ≤ 2). */
function didYouMean(names: string[], wanted: string): string[] {
    const simple = (q: string) => q.slice(q.lastIndexOf('.') + 1).toLowerCase();
    const same = names.filter(q => simple(q) === simple(wanted)).slice(0, 5);
    if (same.length) return same;
    const close = suggest(wanted, names);
    return close ? [close] : [];
}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, 'bad-parameter', `${name}=${raw}：应为 ${min} 到 ${max} 的整数 / expected an integer from ${min} to ${max}`);
    return n;
}
