import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES } from '../generators/helpers.js';
import { launch } from '../docs/browser.js';
import { startServe, type Served } from './serve-process.js';

/**
 * `mds serve` in headless Chromium: the site works under the server's Content-Security-Policy,
 * the page's search ranks as `GET /api/search`, and editing a `.mds` file reloads the open page —
 * with the new text after a good edit, with the error banner (and the last good content) after a
 * broken one.
 */
describe('mds serve in a browser: live reload and the error banner', () => {
    let browser: Browser, page: Page, served: Served, dir: string;
    const violations: string[] = [];

    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'mds-serve-live-'));
        cpSync(join(FIXTURES, 'kitchen'), dir, { recursive: true });
        served = await startServe(['.', '--port', '0'], dir);
        browser = await launch();
        page = await browser.newPage();
        page.on('console', m => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
        page.on('pageerror', e => violations.push(String(e)));
    }, 60_000);

    afterAll(async () => {
        await browser?.close();
        expect(await served?.stop('SIGINT')).toBe(0);
    });

    test('the site works under the CSP, and its search ranks as /api/search', async () => {
        await page.goto(served.url);
        expect(await page.locator('h1').textContent()).toBe('数据标准一览');
        for (const q of ['名称', 'a', '人', 'kitchen.base']) {
            await page.fill('#search', q);
            const shown = await page.locator('#search-results a').evaluateAll(as => as.map(a => new URL((a as HTMLAnchorElement).href).pathname));
            const api = await (await fetch(new URL('/api/search?limit=30&q=' + encodeURIComponent(q), served.url))).json() as { results: Array<{ page: string }> };
            expect(shown.length).toBeGreaterThan(0);
            expect(shown).toEqual(api.results.map(r => r.page.replace(/#.*$/, '')));
        }
        await page.goto(new URL('/record/kitchen.app.Person.html', served.url).href);
        expect(await page.locator('svg, table').count()).toBeGreaterThan(0);
        expect(violations).toEqual([]);
    });

    test('a good edit reloads the open page with the new text; a broken one shows the errors over the last good build', async () => {
        const file = join(dir, 'app.mds');
        const original = readFileSync(file, 'utf8');
        await page.goto(new URL('/record/kitchen.app.Person.html', served.url).href);
        expect(await page.locator('h1').textContent()).toContain('人');
        await page.waitForSelector('html[data-mds-live=connected]', { timeout: 10_000 });

        const reloaded = page.waitForEvent('load', { timeout: 20_000 });
        writeFileSync(file, original.replace('record Person "人"', 'record Person "居民"'));
        await reloaded;
        await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('居民');
        expect(await page.locator('#mds-build-errors').count()).toBe(0);
        await page.waitForSelector('html[data-mds-live=connected]', { timeout: 10_000 });

        const broken = page.waitForEvent('load', { timeout: 20_000 });
        writeFileSync(file, original.replace('record Person "人"', 'record Person "居民"').replace('name: Name', 'name: Nmae'));
        await broken;
        await expect.poll(() => page.locator('#mds-build-errors').count(), { timeout: 20_000 }).toBe(1);
        const banner = await page.locator('#mds-build-errors').textContent();
        expect(banner).toContain('app.mds:');
        expect(banner).toContain('Nmae');
        expect(await page.locator('h1').textContent()).toContain('居民'); // the last good build
        const status = await (await fetch(new URL('/_mds/status', served.url))).json() as { ok: boolean; errors: unknown[] };
        expect(status.ok).toBe(false);
        await page.waitForSelector('html[data-mds-live=connected]', { timeout: 10_000 });

        const fixed = page.waitForEvent('load', { timeout: 20_000 });
        writeFileSync(file, original);
        await fixed;
        await expect.poll(() => page.locator('#mds-build-errors').count(), { timeout: 20_000 }).toBe(0);
        await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).not.toContain('居民');
        expect(violations).toEqual([]);
    }, 90_000);
});
