import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Locale } from '@mds/language';
import { UsageError } from '../io/cli-error.js';
import type { Output } from '../output.js';
import { runBuild, type BuildOptions } from './build.js';

const exec = promisify(execFile);

export interface PublishFlags {
    registry: string;
    dryRun: boolean;
    tag?: string;
    from?: string;
    scope?: string;
    baseUri?: string;
    locale: Locale;
    color: boolean;
}

interface Pkg { dir: string; name: string; version: string; dependencies: string[] }

/** Packages in dependency order (a package after those it depends on; cycles broken by name). */
export function publishOrder(pkgs: Pkg[]): Pkg[] {
    const byName = new Map(pkgs.map(p => [p.name, p]));
    const done = new Set<string>(), visiting = new Set<string>(), out: Pkg[] = [];
    const visit = (p: Pkg) => {
        if (done.has(p.name) || visiting.has(p.name)) return;
        visiting.add(p.name);
        for (const d of [...p.dependencies].sort()) { const q = byName.get(d); if (q) visit(q); }
        visiting.delete(p.name);
        done.add(p.name);
        out.push(p);
    };
    for (const p of [...pkgs].sort((a, b) => a.name.localeCompare(b.name))) visit(p);
    return out;
}

/** Maps `items` with at most `n` running at once, keeping the order. */
async function pool<T, R>(items: T[], n: number, f: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
        while (next < items.length) { const i = next++; out[i] = await f(items[i]); }
    }));
    return out;
}

/** npm with the user's own configuration (.npmrc, NPM_CONFIG_USERCONFIG, token variables): MDS keeps no credentials. */
async function npm(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const r = await exec('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 1 << 26, env: { ...process.env, npm_config_update_notifier: 'false' } });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
        const x = e as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
    }
}

/** Retries of the registry probe (`npm view`): one, after 1–3 s. Publishing keeps npm's own settings. */
const PROBE_RETRIES = ['--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=3000'];

/** The first line of npm's error that says what went wrong (no tokens: npm does not print them). */
const npmError = (stderr: string) => (stderr.split('\n').find(l => /npm (error|ERR!) (code|\d{3}|E\d{3})/.test(l)) ?? stderr.split('\n').find(Boolean) ?? '').replace(/^npm (error|ERR!)\s*/, '').trim();

/**
 * `mds publish`: builds (or takes `--from <dist>`), then publishes every namespace package in
 * dependency order. A version already published with the same content is skipped; with other
 * content it is refused (the fix is a version bump). A run that fails half-way says what went out
 * and what did not; running it again completes it. `--dry-run` publishes nothing.
 */
export async function runPublish(paths: string[], flags: PublishFlags, out: Output): Promise<number> {
    const en = flags.locale === 'en';
    let registry: URL;
    try {
        registry = new URL(flags.registry);
    } catch {
        throw new UsageError(`--registry ${flags.registry}: ${en ? 'not a URL' : '不是有效的网址'}`);
    }
    const work = mkdtempSync(join(tmpdir(), 'mds-publish-'));
    try {
        let packagesDir: string;
        if (flags.from) {
            packagesDir = join(resolve(out.cwd, flags.from), 'packages');
            if (!existsSync(packagesDir)) throw new UsageError(en ? `${flags.from} has no packages/ (run mds build first)` : `${flags.from} 中没有 packages/（请先运行 mds build）`);
        } else {
            const options: BuildOptions = { out: join(work, 'dist'), scope: flags.scope, baseUri: flags.baseUri, timings: false, format: 'text', quiet: true, locale: flags.locale, color: flags.color };
            const code = await runBuild(paths, options, { ...out, stdout: s => { if (!s.startsWith(en ? 'built' : '构建完成')) out.stdout(s); } }, ['schema', 'packages']);
            if (code !== 0) return code;
            packagesDir = join(work, 'dist/packages');
        }
        const pkgs: Pkg[] = readdirSync(packagesDir).filter(d => existsSync(join(packagesDir, d, 'package.json'))).map(d => {
            const m = JSON.parse(readFileSync(join(packagesDir, d, 'package.json'), 'utf8'));
            return { dir: join(packagesDir, d), name: m.name, version: m.version, dependencies: Object.keys(m.dependencies ?? {}) };
        });
        const packs = join(work, 'packs');
        mkdirSync(packs);
        const results: Array<{ pkg: Pkg; status: 'published' | 'identical' | 'conflict' | 'failed' | 'would publish' | 'not attempted'; detail?: string; size?: number; integrity?: string }> = [];
        // Pack every package and ask the registry what it has, a few at a time; then publish in order.
        const ordered = publishOrder(pkgs);
        const probes = await pool(ordered, 4, async (pkg): Promise<{ info?: { filename: string; integrity: string; size: number }; published?: string; error?: string }> => {
            const packed = await npm(['pack', pkg.dir, '--json', '--pack-destination', packs], work);
            if (packed.code !== 0) return { error: npmError(packed.stderr) };
            const info = (JSON.parse(packed.stdout) as Array<{ filename: string; integrity: string; size: number }>)[0];
            // A probe: a registry that cannot be reached fails in seconds, not after npm's default retries (a refused connection took 72 s).
            const view = await npm(['view', `${pkg.name}@${pkg.version}`, 'dist.integrity', '--json', '--registry', registry.href, '--prefer-online', ...PROBE_RETRIES], work);
            if (view.code !== 0 && !/E404|404|not in this registry|No match found/.test(view.stderr)) {
                const error = npmError(view.stderr);
                const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.exec(error)?.[0];
                return { info, error: unreachable ? (en ? `cannot reach the registry ${registry.href} (${unreachable})` : `无法连接 npm 仓库 ${registry.href}（${unreachable}），请检查 --registry 与网络`) : error };
            }
            return { info, published: view.code === 0 && view.stdout.trim() ? JSON.parse(view.stdout) as string : undefined };
        });
        let stopped = false;
        for (const [i, pkg] of ordered.entries()) {
            const probe = probes[i];
            if (stopped) { results.push({ pkg, status: 'not attempted' }); continue; }
            if (probe.error !== undefined || !probe.info) { results.push({ pkg, status: 'failed', detail: probe.error }); stopped = true; continue; }
            const info = probe.info;
            if (probe.published !== undefined) {
                results.push({ pkg, size: info.size, integrity: info.integrity, status: probe.published === info.integrity ? 'identical' : 'conflict' });
                continue;
            }
            if (flags.dryRun) { results.push({ pkg, status: 'would publish', size: info.size, integrity: info.integrity }); continue; }
            const tarball = join(packs, info.filename.replace(/^@/, '').replace('/', '-'));
            const pub = await npm(['publish', existsSync(tarball) ? tarball : join(packs, info.filename), '--registry', registry.href, ...(flags.tag ? ['--tag', flags.tag] : [])], work);
            if (pub.code !== 0) { results.push({ pkg, status: 'failed', detail: npmError(pub.stderr), size: info.size, integrity: info.integrity }); stopped = true; continue; }
            results.push({ pkg, status: 'published', size: info.size, integrity: info.integrity });
        }
        const label: Record<string, string> = en
            ? { published: 'published', identical: 'already published, identical: skipped', conflict: 'REFUSED: this version is already published with different content; bump the namespace version', failed: 'FAILED', 'would publish': 'would publish', 'not attempted': 'not attempted' }
            : { published: '已发布', identical: '已发布且内容相同，跳过', conflict: '拒绝：该版本已以不同内容发布，请升级命名空间版本', failed: '失败', 'would publish': '将发布', 'not attempted': '未尝试' };
        for (const r of results) {
            const size = r.size !== undefined ? ` ${(r.size / 1024).toFixed(1)} kB` : '';
            out.stdout(`${r.pkg.name}@${r.pkg.version}${size}${r.integrity ? ' ' + r.integrity : ''} — ${label[r.status]}${r.detail && r.status !== 'conflict' ? `：${r.detail}` : ''}\n`);
        }
        const count = (s: string) => results.filter(r => r.status === s).length;
        const bad = count('conflict') + count('failed') + count('not attempted');
        out.stdout(en
            ? `${flags.dryRun ? 'dry run: ' : ''}${count('published')} published, ${count('would publish')} to publish, ${count('identical')} unchanged, ${bad} not published${bad ? ' (run again after fixing: published versions are skipped)' : ''}\n`
            : `${flags.dryRun ? '演练：' : ''}发布 ${count('published')} 个，待发布 ${count('would publish')} 个，未变 ${count('identical')} 个，未发布 ${bad} 个${bad ? '（修正后重新运行即可：已发布且相同的会被跳过）' : ''}\n`);
        return bad ? 1 : 0;
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}
