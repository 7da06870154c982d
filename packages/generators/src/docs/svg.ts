import { esc } from './html.js';

/** Approximate rendered width of a label: CJK and full-width characters take about one em. */
export function textWidth(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? size : size * 0.6;
    return Math.ceil(w);
}

export function svgText(x: number, y: number, text: string, attrs = ''): string {
    return `<text x="${x}" y="${y}" ${attrs}>${esc(text)}</text>`;
}

export function svgDoc(width: number, height: number, body: string, label: string): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif">`
        + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0b5cad"/></marker></defs>'
        + body + '</svg>';
}
