import { EmptyFileSystem } from 'langium';
import { buildWorkspace, createMdsCoreServices, type BuiltWorkspace, type Locale, type MdsCoreServices } from '@mds/language';

export interface Checked {
    ws: BuiltWorkspace;
    services: MdsCoreServices;
    /** Every diagnostic as `file:line:col severity code` (1-based), sorted. */
    lines: string[];
    /** Every diagnostic as `file:line:col code: message`. */
    messages: string[];
    codes: string[];
}

/**
 * Checks in-memory files as one workspace with fresh services. `files` maps a file name to
 * its text; a single string is the file `a.mds`.
 */
export async function check(files: Record<string, string> | string, locale: Locale = 'en'): Promise<Checked> {
    const map = typeof files === 'string' ? { 'a.mds': files } : files;
    const { Mds } = createMdsCoreServices(EmptyFileSystem);
    Mds.options.Settings.locale = locale;
    const ws = await buildWorkspace(Mds, Object.entries(map).map(([name, text]) => ({ path: `/ws/${name}`, text })));
    const lines: string[] = [], messages: string[] = [], codes: string[] = [];
    for (const [doc, list] of ws.diagnostics) {
        const file = doc.uri.path.slice('/ws/'.length);
        for (const d of list) {
            const at = `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
            const sev = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
            lines.push(`${at} ${sev} ${d.code}`);
            messages.push(`${at} ${d.code}: ${d.message}`);
            codes.push(String(d.code));
        }
    }
    return { ws, services: Mds, lines: lines.sort(), messages, codes };
}

/** A header plus departments most snippets need. */
export const HEADER = `namespace t.base
department CITY "市局" { level city }
department DIST "区局" { level district parent CITY }
department DIST2 "区局二" { level district parent CITY }
`;

/**
 * Strips `⟦` markers from the files and returns where they stood (`file:line:col`, 1-based),
 * in file order then text order: the expected start of each diagnostic.
 */
export function markers(files: Record<string, string> | string): { files: Record<string, string>; positions: string[] } {
    const map = typeof files === 'string' ? { 'a.mds': files } : files;
    const out: Record<string, string> = {};
    const positions: string[] = [];
    for (const [name, text] of Object.entries(map)) {
        let line = 1, col = 1, clean = '';
        for (const ch of text) {
            if (ch === '⟦') { positions.push(`${name}:${line}:${col}`); continue; }
            clean += ch;
            if (ch === '\n') { line++; col = 1; } else col += ch.length;
        }
        out[name] = clean;
    }
    return { files: out, positions };
}

/** The entries of a zip file (.vsix, .xlsx), read with yauzl. */
export async function zipEntries(file: string): Promise<Array<{ name: string; data: Buffer }>> {
    const yauzl = (await import('yauzl')).default;
    return new Promise((resolve, reject) => {
        yauzl.open(file, { lazyEntries: true }, (err, zip) => {
            if (err || !zip) return reject(err);
            const out: Array<{ name: string; data: Buffer }> = [];
            zip.on('entry', entry => {
                zip.openReadStream(entry, (e, stream) => {
                    if (e || !stream) return reject(e);
                    const chunks: Buffer[] = [];
                    stream.on('data', c => chunks.push(c));
                    stream.on('end', () => { out.push({ name: entry.fileName, data: Buffer.concat(chunks) }); zip.readEntry(); });
                });
            });
            zip.on('end', () => resolve(out));
            zip.readEntry();
        });
    });
}

/** A free TCP port on 127.0.0.1, for a server a test starts. */
export async function freePort(): Promise<number> {
    const { createServer } = await import('node:net');
    return new Promise((resolve, reject) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
        });
        s.on('error', reject);
    });
}

/** A small seeded generator (mulberry32): the same sequence on every run. */
export function seededRandom(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
