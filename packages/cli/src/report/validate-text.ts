import { lossyNotes, type ValidationReport } from '@mds/validate';
import { displayWidth as width } from './text-format.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/**
 * The report a data officer reads in a terminal: a summary, a table per field (completeness,
 * validity, distinct values, frequent invalid values), timeliness, then the first errors as
 * `file:line field — message (code)`.
 */
export function textReport(report: ValidationReport, locale: 'zh' | 'en', firstErrors = 20): string {
    const en = locale === 'en';
    const s = report.summary;
    const inputs = Array.isArray(report.input) ? report.input : [report.input];
    const out: string[] = [];
    const label = report.recordLabel ? `${report.recordLabel}（${report.record}）` : report.record;
    out.push(en ? `Data quality of ${inputs.join(', ')} against ${report.record}` : `数据质量报告：${inputs.join('、')} 对照 ${label}`);
    const enc = Array.isArray(report.encoding) ? report.encoding.filter(Boolean).join(', ') : report.encoding;
    if (enc) out.push(en ? `encoding: ${enc}${enc.includes('gb18030') ? ' (not UTF-8: read as GB18030)' : ''}` : `编码：${enc}${enc.includes('gb18030') ? '（不是 UTF-8，已按 GB18030 读取）' : ''}`);
    if (report.titleRows) {
        const titles = report.titleRows.map(t => en ? `${t.file ? t.file + ':' : ''}${t.line} ${JSON.stringify(t.text)}` : `${t.file ? t.file + ' ' : ''}第 ${t.line} 行“${t.text}”`);
        out.push(en ? `title rows above the header, skipped: ${titles.join(', ')}` : `跳过了表头之前的标题行：${titles.join('，')}`);
    }
    if (report.sampled !== undefined) out.push(en ? `sample: the first ${report.sampled} rows of each file` : `抽样：每个文件的前 ${report.sampled} 行`);
    out.push(en
        ? `rows: ${s.rows}, valid: ${s.valid} (${pct(s.validity)}), invalid: ${s.invalid}`
        : `行数 ${s.rows}，有效 ${s.valid}（${pct(s.validity)}），无效 ${s.invalid}`);
    const rules = Object.entries(s.byRule).sort((a, b) => b[1].rows - a[1].rows);
    if (rules.length) out.push((en ? 'by rule: ' : '按规则：') + rules.map(([code, r]) => `${code} ${r.rows}${en ? ' rows' : ' 行'}`).join(en ? ', ' : '，'));
    out.push('');
    const head = en ? ['field', 'label', 'completeness', 'validity', 'distinct', 'frequent invalid values'] : ['字段', '中文名称', '完整率', '有效率', '不同值', '常见无效值'];
    const rows = Object.entries(report.fields).map(([path, f]) => [path, f.label, pct(f.completeness), f.present ? pct(f.validity) : '—',
        `${f.distinctEstimated ? '≈' : ''}${f.distinct}`, f.topInvalid.map(t => `${JSON.stringify(t.value).slice(0, 24)}×${t.count}`).join(' ')]);
    const widths = head.map((h, i) => Math.max(width(h), ...rows.map(r => width(r[i]))));
    out.push(head.map((h, i) => pad(h, widths[i])).join('  ').trimEnd());
    out.push(widths.map(w => '-'.repeat(w)).join('  '));
    for (const r of rows) out.push(r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
    out.push('');
    const t = report.timeliness;
    if ('assessed' in t) out.push((en ? 'timeliness: not assessed — ' : '更新及时性：未评估——') + t.reason);
    else out.push(en
        ? `timeliness (${t.field}, cycle ${t.cycle}, at most ${t.allowedAgeHours} h old as of ${t.asOf}): ${t.stale} of ${t.checked} rows stale (${pct(t.staleShare)})${t.unreadable ? `, ${t.unreadable} without a readable time` : ''}`
        : `更新及时性（${t.field}，更新周期 ${t.cycle}，截至 ${t.asOf} 不超过 ${t.allowedAgeHours} 小时）：${t.checked} 行中 ${t.stale} 行过期（${pct(t.staleShare)}）${t.unreadable ? `，${t.unreadable} 行时间缺失或无法识别` : ''}`);
    out.push(...lossyNotes(report, en));
    const failing = report.rows.filter(r => !r.valid);
    if (failing.length) {
        const lines: string[] = [];
        let rowsShown = 0;
        for (const r of failing) {
            if (lines.length >= firstErrors) break;
            rowsShown++;
            const file = r.file ?? inputs[0];
            for (const e of r.errors.slice(0, firstErrors - lines.length)) {
                const field = e.path || (en ? '(row)' : '（整行）');
                const value = e.value !== undefined ? ` ${JSON.stringify(e.value.length > 40 ? e.value.slice(0, 40) + '…' : e.value)}` : '';
                lines.push(`${file}:${r.line} ${field}${value} — ${e.message} (${e.code})`);
            }
        }
        out.push('', en
            ? `first errors (${lines.length} errors in ${rowsShown} of ${s.invalid} invalid rows):`
            : `前 ${lines.length} 条错误（${rowsShown} 行，共 ${s.invalid} 行无效）：`, ...lines);
    }
    return out.join('\n') + '\n';
}
