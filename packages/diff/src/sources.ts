import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { SourceFile } from '@mds/language';

/** A baseline that cannot be read: the message says why, in one line. */
export class BaselineError extends Error {}

function git(args: string[], cwd: string): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The `.mds` files of `git:<rev>[:<path>]`, read with `git ls-tree` and `git show` (never checked
 * out). Without a path: the folder `defaultPath` (relative to `cwd`), else `cwd`.
 * URIs are `file:///git/<rev>/<path>`.
 */
export function gitSources(spec: string, cwd: string, defaultPath?: string): SourceFile[] {
    const rest = spec.slice('git:'.length);
    const colon = rest.indexOf(':');
    const rev = colon < 0 ? rest : rest.slice(0, colon), path = colon < 0 ? undefined : rest.slice(colon + 1);
    let top: string;
    try {
        top = git(['rev-parse', '--show-toplevel'], cwd).trim();
    } catch {
        throw new BaselineError(`${spec}: not inside a git repository / 当前文件夹不在 git 仓库中`);
    }
    try {
        git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd);
    } catch {
        throw new BaselineError(`找不到 git 版本 ${rev} / unknown git revision ${rev}`);
    }
    const base = path ?? (defaultPath && existsSync(resolve(cwd, defaultPath)) ? relative(top, resolve(cwd, defaultPath)) || '.' : relative(top, cwd) || '.');
    const names = git(['ls-tree', '-r', '--name-only', rev, '--', base], top).split('\n').filter(n => n.endsWith('.mds'));
    if (!names.length) throw new BaselineError(`${spec}: 版本 ${rev} 的 ${base} 下没有 .mds 文件 / no .mds files under ${base} at ${rev}`);
    return names.map(n => ({ path: `file:///git/${encodeURIComponent(rev)}/${n}`, text: git(['show', `${rev}:${n}`], top) }));
}

/** Every `.mds` file below a folder (for a baseline folder; links are not followed). */
export function folderSources(dir: string): SourceFile[] {
    const out: SourceFile[] = [];
    const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
            if (e.name.startsWith('.') || e.name === 'node_modules') continue;
            const p = join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.isFile() && e.name.endsWith('.mds')) out.push({ path: p, text: readFileSync(p, 'utf8') });
        }
    };
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BaselineError(`${dir}: 不是文件夹 / not a folder`);
    walk(dir);
    return out.sort((a, b) => a.path.localeCompare(b.path));
}
