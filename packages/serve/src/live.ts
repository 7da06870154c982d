import { esc } from '@mds/generators';

export const LIVE_SCRIPT_PATH = '/_mds/live.js';
export const LIVE_CSS_PATH = '/_mds/live.css';
export const EVENTS_PATH = '/_mds/events';

/**
 * Live reload over Server-Sent Events: each connection first receives the current build's id;
 * the page reloads when a later id differs (a rebuild, or a restarted server after a reconnect).
 */
export const LIVE_SCRIPT = `(function () {
  if (!window.EventSource) return;
  var seen = null;
  var source = new EventSource('${EVENTS_PATH}');
  source.addEventListener('build', function (ev) {
    var id = JSON.parse(ev.data).id;
    if (seen !== null && id !== seen) { source.close(); window.location.reload(); return; }
    seen = id;
    document.documentElement.setAttribute('data-mds-live', 'connected');
  });
})();
`;

export const LIVE_CSS = `#mds-build-errors { background: #fdecea; border-bottom: 2px solid #d93025; color: #5f1a14; padding: 10px 24px; font-size: 14px; }
#mds-build-errors strong { display: block; margin-bottom: 4px; }
#mds-build-errors ol { margin: 0; padding-left: 20px; } #mds-build-errors code { font-size: 13px; }
`;

/** One error of a failed rebuild, as the banner and `/_mds/status` show it. */
export interface BuildError {
    file: string;
    line: number;
    column: number;
    code: string;
    message: string;
}

const BANNER_LIMIT = 20;

/** The banner a page carries while the standards have errors: the last good build is what is shown. */
export function errorBanner(errors: readonly BuildError[], hasBuild: boolean): string {
    const items = errors.slice(0, BANNER_LIMIT).map(e => `<li><code>${esc(e.file)}:${e.line}:${e.column}</code> ${esc(e.code)}：${esc(e.message)}</li>`).join('');
    const more = errors.length > BANNER_LIMIT ? `<li>……另有 ${errors.length - BANNER_LIMIT} 个错误</li>` : '';
    const title = hasBuild
        ? `标准有 ${errors.length} 个错误，以下仍是上次成功构建的内容 / the standards have errors; showing the last good build`
        : `标准有 ${errors.length} 个错误，尚无成功的构建 / the standards have errors; there is no good build yet`;
    return `<div id="mds-build-errors" role="alert"><strong>${esc(title)}</strong><ol>${items}${more}</ol></div>`;
}

/** The page served at every site path before any build has succeeded. */
export function errorPage(errors: readonly BuildError[]): string {
    return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>标准有错误 · MDS</title><link rel="stylesheet" href="${LIVE_CSS_PATH}"></head>
<body>
${errorBanner(errors, false)}
<script src="${LIVE_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
