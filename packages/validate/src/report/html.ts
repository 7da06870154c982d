import { esc } from '@mds/generators';
import type { ValidationReport } from '../validate.js';
import { lossyNotes } from './notes.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A bar for a share, in plain HTML/CSS (no script, no network). */
function bar(share: number, good = true): string {
    const color = !good ? '#c0392b' : share >= 0.99 ? '#2e7d32' : share >= 0.9 ? '#f9a825' : '#c62828';
    return `<span class="bar"><span style="width:${(share * 100).toFixed(1)}%;background:${color}"></span></span> ${pct(share)}`;
}

/**
 * One self-contained page a data officer opens from file:// and takes to the meeting: summary,
 * per-field bars, timeliness, the failing rows with their values (every user text escaped), no
 * script and no network.
 */
export function htmlReport(report: ValidationReport): string {
    const s = report.summary;
    const inputs = Array.isArray(report.input) ? report.input : [report.input];
    const t = report.timeliness;
    const title = `数据质量报告：${report.recordLabel ?? report.record}`;
    const rules = Object.entries(s.byRule).sort((a, b) => b[1].rows - a[1].rows);
    const failing = report.rows.filter(r => !r.valid);
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}.num{text-align:right;white-space:nowrap}code{background:#f3f5f7;padding:0 .2rem;word-break:break-all}
.bar{display:inline-block;width:8rem;height:.7rem;background:#eee;vertical-align:middle}.bar span{display:block;height:100%}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:.4rem;padding:.8rem 1.2rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}.note{border-left:4px solid #f9a825;background:#fff8e1;padding:.5rem .8rem}.bad{color:#c62828}.ok{color:#2e7d32}.muted{color:#666}
</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">数据集 <code>${esc(report.record)}</code> · 文件 ${inputs.map(i => `<code>${esc(i)}</code>`).join('、')}${report.encoding ? ` · 编码 ${esc(Array.isArray(report.encoding) ? report.encoding.filter(Boolean).join('、') : report.encoding)}` : ''}${report.sampled !== undefined ? ` · 抽样：每个文件前 ${report.sampled} 行` : ''}${report.titleRows ? ` · 跳过了表头之前的标题行：${report.titleRows.map(t => `${t.file ? esc(t.file) + ' ' : ''}第 ${t.line} 行“${esc(t.text)}”`).join('，')}` : ''}</p>
<section id="summary"><h2>概况</h2><div class="cards">
<div class="card">总行数<b>${s.rows}</b></div>
<div class="card">有效行<b class="ok">${s.valid}</b>${pct(s.validity)}</div>
<div class="card">无效行<b class="${s.invalid ? 'bad' : 'ok'}">${s.invalid}</b></div>
<div class="card">更新及时性<b>${'assessed' in t ? '—' : pct(1 - t.staleShare)}</b>${'assessed' in t ? '未评估' : `${t.stale} 行过期`}</div>
</div>
${rules.length ? `<table style="margin-top:1rem"><tr><th>规则</th><th class="num">违反次数</th><th class="num">涉及行数</th></tr>${rules.map(([code, r]) => `<tr><td><code>${esc(code)}</code></td><td class="num">${r.violations}</td><td class="num">${r.rows}</td></tr>`).join('')}</table>` : '<p class="ok">所有行均符合标准。</p>'}
</section>
<section id="fields"><h2>各字段质量</h2>
${lossyNotes(report).map(n => `<p class="note">${esc(n)}</p>`).join('\n')}
<table><tr><th>字段</th><th>中文名称</th><th>完整率</th><th>有效率</th><th class="num">不同值</th><th>常见无效值</th></tr>
${Object.entries(report.fields).map(([path, f]) => `<tr><td><code>${esc(path)}</code></td><td>${esc(f.label)}</td><td>${bar(f.completeness)}</td><td>${f.present ? bar(f.validity) : '—'}</td><td class="num">${f.distinctEstimated ? '≈' : ''}${f.distinct}</td><td>${f.topInvalid.map(v => `<code>${esc(v.value)}</code> ×${v.count}`).join('<br>')}</td></tr>`).join('\n')}
</table></section>
<section id="timeliness"><h2>更新及时性</h2>
${'assessed' in t ? `<p>未评估：${esc(t.reason)}</p>` : `<p>以字段 <code>${esc(t.field)}</code> 衡量；更新周期 <code>${esc(t.cycle)}</code> 允许的最长间隔为 ${t.allowedAgeHours} 小时，基准时间 ${esc(t.asOf)}。</p>
<p>${t.checked} 行中 <b class="${t.stale ? 'bad' : 'ok'}">${t.stale}</b> 行过期（${pct(t.staleShare)}）${t.unreadable ? `，${t.unreadable} 行时间缺失或无法识别` : ''}。${t.oldest ? `最早 ${esc(t.oldest)}，最新 ${esc(t.newest)}。` : ''}</p>`}
</section>
<section id="rows"><h2>无效行${failing.length < s.invalid ? `（列出前 ${failing.length} 行，共 ${s.invalid} 行）` : ''}</h2>
${failing.length ? `<table><tr><th class="num">行</th><th>字段</th><th>值</th><th>问题</th><th>规则</th></tr>
${failing.map(r => r.errors.map((e, i) => `<tr>${i === 0 ? `<td class="num" rowspan="${r.errors.length}">${r.file ? esc(r.file) + ':' : ''}${r.line}</td>` : ''}<td><code>${esc(e.path || '（整行）')}</code></td><td>${e.value !== undefined ? `<code>${esc(e.value)}</code>` : ''}</td><td>${esc(e.message)}</td><td><code>${esc(e.code)}</code></td></tr>`).join('\n')).join('\n')}
</table>` : '<p class="ok">没有无效行。</p>'}
</section>
<p class="muted">由 MDS 生成 · 规则与生成的校验包一致</p>
</body></html>
`;
}
