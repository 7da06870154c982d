import { buildSemanticModel, type Locale } from '@mds/language';
import { resolveOptions } from '@mds/generators';
import { MdsServer, serveContent, type BuildError } from '@mds/serve';
import { loadConfig } from '../config.js';
import { UsageError } from '../io/cli-error.js';
import { interrupted, watchSources } from '../io/watch-sources.js';
import { diagnosticRows } from '../report/diagnostic-rows.js';
import { texts } from '../report/texts.js';
import { VERSION } from '../version.js';
import { loadWorkspace } from '../workspace.js';
import type { Output } from '../output.js';

export interface ServeFlags {
    port: number;
    host: string;
    maxBody: number;
    scope?: string;
    baseUri?: string;
    watch: boolean;
    locale: Locale;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `mds serve`: checks and builds the standards in memory, serves them over HTTP, and rebuilds on
 * every change of a `.mds` file (a build with errors keeps the last good one and shows the
 * errors). Runs until SIGINT or SIGTERM, then closes every connection and returns 0.
 */
export async function runServe(paths: string[], flags: ServeFlags, out: Output): Promise<number> {
    const en = flags.locale === 'en';
    const say = (zh: string, english: string) => out.stderr(`[mds] ${en ? english : zh}\n`);
    const t = texts(flags.locale);
    const config = loadConfig(paths, out.cwd);
    const generator = resolveOptions({ ...config.options, scope: flags.scope ?? config.options.scope, schemaBaseUri: flags.baseUri ?? config.options.schemaBaseUri });
    const server = new MdsServer({
        host: flags.host, port: flags.port, maxBody: flags.maxBody, generator, version: VERSION,
        log: line => out.stderr(`[mds] ${line}\n`)
    });
    const build = async (initial: boolean): Promise<void> => {
        let loaded;
        try {
            loaded = await loadWorkspace(paths, out.cwd, flags.locale, t);
        } catch (e) {
            if (initial || !(e instanceof UsageError)) throw e;
            server.failed([{ file: '', line: 1, column: 1, code: 'unreadable', message: e.message }]);
            say(`无法读取标准：${e.message}`, `cannot read the standards: ${e.message}`);
            return;
        }
        const errors: BuildError[] = diagnosticRows(loaded.workspace, out.cwd).filter(r => r.severity === 'error')
            .map(({ file, line, column, code, message }) => ({ file, line, column, code, message }));
        if (errors.length) {
            server.failed(errors);
            say(`标准有 ${errors.length} 个错误，继续提供上次成功的构建；首个错误：${errors[0].file}:${errors[0].line}:${errors[0].column} ${errors[0].message}`,
                `the standards have ${errors.length} errors; serving the last good build. First: ${errors[0].file}:${errors[0].line}:${errors[0].column} ${errors[0].message}`);
            return;
        }
        const model = buildSemanticModel(loaded.services, loaded.workspace.documents);
        server.update(serveContent(model, generator, out.cwd));
        if (!initial) say(`已重新构建（${model.namespaces.length} 个命名空间）`, `rebuilt (${model.namespaces.length} namespaces)`);
    };
    await build(true);
    let url: string;
    try {
        url = await server.listen();
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        throw new UsageError(en ? `cannot listen on ${flags.host}:${flags.port} (${code})` : `无法在 ${flags.host}:${flags.port} 上监听（${code}）`);
    }
    out.stdout(`${en ? 'MDS standards served at' : 'MDS 标准服务已启动：'} ${url}\n`);
    if (!LOOPBACK.has(flags.host)) say(`注意：--host ${flags.host} 使服务可从网络访问`, `note: --host ${flags.host} makes the server reachable from the network`);
    let running = Promise.resolve();
    const stopWatching = flags.watch ? watchSources(paths, out.cwd, () => {
        running = running.then(() => build(false)).catch(e => say(`重新构建失败：${(e as Error).message}`, `rebuild failed: ${(e as Error).message}`));
    }) : () => undefined;
    say('按 Ctrl+C 结束', 'press Ctrl+C to stop');
    await interrupted();
    stopWatching();
    await running;
    await server.close();
    say('服务已停止', 'server stopped');
    return 0;
}
