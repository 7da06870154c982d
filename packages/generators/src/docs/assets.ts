import { searchScore } from './search.js';

/** The site's stylesheet and search script, written as files: nothing is fetched at view time. */
export const STYLE = `:root { --fg: #1d2733; --muted: #5b6b7c; --line: #d8dee6; --accent: #0b5cad; --bg: #f6f8fa; --warn: #a15c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.6 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: var(--fg); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
header.top { display: flex; gap: 24px; align-items: center; padding: 10px 24px; background: #0f2b46; color: #fff; position: sticky; top: 0; z-index: 10; }
header.top a { color: #fff; } .brand { font-weight: 600; font-size: 17px; } nav a { margin-right: 16px; opacity: .9; }
.search { position: relative; margin-left: auto; } #search { width: 340px; padding: 6px 10px; border-radius: 4px; border: 0; font-size: 14px; }
#search-results { position: absolute; right: 0; top: 36px; width: 480px; max-height: 70vh; overflow: auto; background: #fff; color: var(--fg); margin: 0; padding: 0; list-style: none; border: 1px solid var(--line); box-shadow: 0 6px 20px rgba(0,0,0,.15); }
#search-results li a { display: block; padding: 8px 12px; color: var(--fg); border-bottom: 1px solid var(--line); } #search-results li a:hover, #search-results li a:focus { background: var(--bg); }
#search-results .kind { color: var(--muted); font-size: 12px; margin-left: 8px; } #search-results .def { display: block; color: var(--muted); font-size: 12px; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 26px; margin: 16px 0 4px; } h1 code, .id { font-size: 15px; color: var(--muted); font-weight: normal; margin-left: 8px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.kind-tag { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--bg); border: 1px solid var(--line); color: var(--muted); }
.definition { font-size: 16px; margin: 8px 0 16px; }
table { border-collapse: collapse; margin: 8px 0; } table.facts th { text-align: left; font-weight: normal; color: var(--muted); padding: 4px 16px 4px 0; white-space: nowrap; vertical-align: top; }
table.list { width: 100%; } table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; } table.list th { background: var(--bg); font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; border: 1px solid var(--line); }
.badge.none { background: #fdecea; border-color: #f5c2bd; } .badge.conditional { background: #fff6e0; border-color: #f3d78b; } .badge.unconditional { background: #e8f6ec; border-color: #a9dcb7; }
.badge.core { background: #fdecea; } .badge.important { background: #fff6e0; } .warn { color: var(--warn); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; } .card { border: 1px solid var(--line); border-radius: 6px; padding: 12px; background: #fff; }
.card .n { font-size: 28px; font-weight: 600; } svg.spark { color: var(--accent); vertical-align: middle; } .up { color: #1a7f37; } .down { color: #b42318; } .diagram { overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fff; }
.diagram svg { display: block; } .empty, .muted { color: var(--muted); } footer { text-align: center; color: var(--muted); font-size: 12px; padding: 24px; }
`;

export const SEARCH_SCRIPT = `(function () {
  var index = window.MDS_SEARCH_INDEX || [];
  var root = document.body.getAttribute('data-root') || '';
  var input = document.getElementById('search'), list = document.getElementById('search-results');
  if (!input || !list) return;
  var score = ${searchScore.toString()};
  function render() {
    var q = input.value.trim().toLowerCase();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { list.hidden = true; return; }
    var hits = [];
    for (var i = 0; i < index.length; i++) { var s = score(index[i], q); if (s >= 0) hits.push([s, index[i]]); }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1].n.length - b[1].n.length; });
    hits.slice(0, 30).forEach(function (h) {
      var e = h[1], li = document.createElement('li'), a = document.createElement('a');
      a.href = root + e.u;
      a.appendChild(document.createTextNode((e.l ? e.l + ' ' : '') + e.n));
      var k = document.createElement('span'); k.className = 'kind'; k.textContent = e.k + ' · ' + e.q.slice(0, e.q.lastIndexOf('.'));
      a.appendChild(k);
      if (e.d) { var d = document.createElement('span'); d.className = 'def'; d.textContent = e.d; a.appendChild(d); }
      li.appendChild(a); list.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement('li'); li.textContent = '没有找到“' + input.value + '”'; li.style.padding = '8px 12px'; list.appendChild(li); }
    list.hidden = false;
  }
  input.addEventListener('input', render);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var first = list.querySelector('a'); if (first) window.location.href = first.href; }
    if (ev.key === 'Escape') { input.value = ''; render(); }
  });
})();
`;
