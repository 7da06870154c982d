import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from '../docs/browser.js';
import { mds } from '../cli/helpers.js';
import { FIXTURES, VALID_ID } from '../generators/helpers.js';

/** The HTML report opened from file:// in headless Chromium: readable, self-contained, hostile cells shown as text. */
describe('mds validate --format html in a browser', () => {
    let browser: Browser;
    let dir: string;
    beforeAll(async () => {
        browser = await launch();
        dir = mkdtempSync(join(tmpdir(), 'mds-report-'));
        writeFileSync(join(dir, 'a.csv'), [
            'id,name,phone',
            `${VALID_ID},张三,13912345678`,
            `${VALID_ID.slice(0, 17)}0,"<script>window.__pwned=1</script>",<img src=x onerror="window.__pwned=2">`,
            `x,"</code><b id=injected>注入</b>",`
        ].join('\n'));
        const r = mds(['validate', 'a.csv', '--standards', join(FIXTURES, 'kitchen'), '--record', 'Person', '--format', 'html', '--out', 'report.html'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('无效 2');
    }, 60_000);
    afterAll(async () => { await browser?.close(); });

    test('summary, per-field bars, failing rows with their values escaped; no script runs, nothing is fetched', async () => {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', r => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
        await page.goto(pathToFileURL(join(dir, 'report.html')).href);
        expect(await page.title()).toBe('数据质量报告：人');
        expect(await page.locator('#summary .card').first().textContent()).toContain('3');
        expect(await page.locator('#fields tr').count()).toBeGreaterThan(10);
        const rows = await page.locator('#rows').textContent();
        expect(rows).toContain('<script>window.__pwned=1</script>');
        expect(rows).toContain('<img src=x onerror="window.__pwned=2">');
        expect(rows).toContain('</code><b id=injected>注入</b>');
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.locator('#injected').count()).toBe(0);
        expect(requests).toEqual([]);
        await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
        expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toMatch(/<script\b/);
    });
});
