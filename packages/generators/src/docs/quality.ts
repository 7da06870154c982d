import { esc, table } from './html.js';

/**
 * One run of `mds validate`, as `--history` keeps it (a row of `mds_quality`, with its rule
 * counts from `mds_quality_rules`).
 */
export interface QualityRun {
    runId: string;
    /** When the run happened (RFC 3339). */
    runAt: string;
    record: string;
    recordLabel?: string;
    /** The record's 数源部门 (qualified name) and its label. */
    department?: string;
    departmentLabel?: string;
    input: string;
    /** stream, duckdb or postgres. */
    engine: string;
    rows: number;
    valid: number;
    invalid: number;
    /** Share of valid rows, 0..1. */
    validity: number;
    /** Share of rows older than the update cycle allows (更新及时性), when assessed. */
    staleShare?: number;
    rules: Array<{ code: string; violations: number; rows: number }>;
}

const pct = (x: number | undefined) => x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
/** A run's time in Beijing time (UTC+8), to the minute. */
const day = (iso: string) => {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
};

/** Each record's runs, oldest first. */
export function runsByRecord(runs: QualityRun[]): Map<string, QualityRun[]> {
    const byRecord = new Map<string, QualityRun[]>();
    for (const r of [...runs].sort((a, b) => a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0)) {
        const list = byRecord.get(r.record);
        if (list) list.push(r); else byRecord.set(r.record, [r]);
    }
    return byRecord;
}

/** Validity over the runs as a small line (0–100 %), drawn at build time; the last point marked. */
function sparkline(values: number[]): string {
    const w = 120, h = 28;
    if (values.length === 0) return '';
    const x = (i: number) => values.length === 1 ? w / 2 : 2 + (i * (w - 4)) / (values.length - 1);
    const y = (v: number) => 2 + (1 - v) * (h - 4);
    const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const last = values.length - 1;
    return `<svg class="spark" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="合格率趋势">`
        + `<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${points}"/>`
        + `<circle cx="${x(last).toFixed(1)}" cy="${y(values[last]).toFixed(1)}" r="2.5"/></svg>`;
}

/** The change of validity from the previous run, in percentage points. */
function delta(runs: QualityRun[]): string {
    if (runs.length < 2) return '—';
    const d = (runs[runs.length - 1].validity - runs[runs.length - 2].validity) * 100;
    if (Math.abs(d) < 0.05) return '持平';
    return d > 0 ? `<span class="up">↑ ${d.toFixed(1)}</span>` : `<span class="down">↓ ${(-d).toFixed(1)}</span>`;
}

/**
 * 数据质量: per 数源部门 and record, the validity of every run as a trend, the latest figures
 * (rows, validity, 更新及时性, the rules violated most), and every run of each record. Records and
 * departments still in the standards link to their pages (`known`, `linkTo`).
 */
export function qualityPage(runs: QualityRun[], known: (q: string) => boolean, linkTo: (q: string) => string): string {
    const byRecord = runsByRecord(runs);
    const departments = new Map<string, string[]>();
    for (const [record, list] of byRecord) {
        const latest = list[list.length - 1];
        const key = latest.department ?? '';
        const records = departments.get(key);
        if (records) records.push(record); else departments.set(key, [record]);
    }
    const recordName = (q: string, r: QualityRun) => known(q) ? linkTo(q) : esc(r.recordLabel ?? q);
    const departmentName = (q: string, r: QualityRun) => !q ? '（未登记数源部门）' : known(q) ? linkTo(q) : esc(r.departmentLabel ?? q);
    const sections: string[] = [];
    for (const [department, records] of [...departments].sort((a, b) => a[0] < b[0] ? -1 : 1)) {
        const first = byRecord.get(records[0])!;
        sections.push(`<h2>${departmentName(department, first[first.length - 1])}</h2>` + table(
            ['数据集', '最近一次（北京时间）', '行数', '合格率', '较上次（百分点）', '趋势', '超期比例', '主要问题'],
            records.sort().map(q => {
                const list = byRecord.get(q)!, latest = list[list.length - 1];
                const top = [...latest.rules].sort((a, b) => b.violations - a.violations).slice(0, 3)
                    .map(r => `<code>${esc(r.code)}</code> ${r.violations}`).join('<br>');
                return [recordName(q, latest), esc(day(latest.runAt)), String(latest.rows), pct(latest.validity), delta(list),
                    sparkline(list.map(r => r.validity)), pct(latest.staleShare), top || '—'];
            })));
    }
    const details = [...byRecord].sort((a, b) => a[0] < b[0] ? -1 : 1).map(([q, list]) =>
        `<h3 id="${esc(q)}">${esc(list[list.length - 1].recordLabel ?? q)} <code>${esc(q)}</code></h3>` + table(
            ['时间（北京时间）', '数据', '方式', '行数', '合格', '不合格', '合格率', '超期比例'],
            [...list].reverse().map(r => [esc(day(r.runAt)), esc(r.input), esc(r.engine), String(r.rows), String(r.valid), String(r.invalid), pct(r.validity), pct(r.staleShare)])));
    return '<h1>数据质量</h1>'
        + `<p>每次以 <code>mds validate --history</code> 校验部门数据的结果：按数源部门与数据集列出合格率及其趋势、更新及时性（超过更新周期的记录所占比例）和违反最多的规则。共 ${runs.length} 次校验、${byRecord.size} 个数据集。</p>`
        + (runs.length ? sections.join('') + '<h2>每次校验</h2>' + details.join('') : '<p>还没有校验记录。</p>');
}

/** A record page's 数据质量 section from its runs (oldest first, see runsByRecord): the latest run and the trend. */
export function recordQuality(list: QualityRun[] | undefined, record: string, root: string): string {
    if (!list?.length) return '';
    const latest = list[list.length - 1];
    return `<h2>数据质量</h2><p>最近一次校验（北京时间 ${esc(day(latest.runAt))}，${esc(latest.input)}）：${latest.rows} 行，合格率 ${pct(latest.validity)}，`
        + `较上次 ${delta(list)}，超期比例 ${pct(latest.staleShare)}。${sparkline(list.map(r => r.validity))} `
        + `<a href="${root}quality.html#${esc(record)}">全部 ${list.length} 次校验</a></p>`;
}
