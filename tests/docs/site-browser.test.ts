import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MDS_BIN } from '../cli/helpers.js';
import { launch, serve } from './browser.js';

const STANDARDS = join(import.meta.dirname, '../../standards');

describe('the registry site in a real browser (headless Chromium)', () => {
    let browser: Browser;
    let page: Page;
    let server: Server;
    let url: string;
    let docs: string;

    beforeAll(async () => {
        const out = join(mkdtempSync(join(tmpdir(), 'mds-site-')), 'out');
        execFileSync(process.execPath, [MDS_BIN, 'docs', STANDARDS, '--out', out]);
        docs = out; // mds docs writes the site at the root of --out
        ({ server, url } = await serve(docs));
        browser = await launch();
        page = await browser.newPage();
    }, 60_000);

    afterAll(async () => {
        await browser?.close();
        server?.close();
    });

    test('the home page shows the registry at a glance', async () => {
        await page.goto(url + 'index.html');
        expect(await page.title()).toBe('首页 · 数据标准登记库');
        expect(await page.locator('h1').textContent()).toBe('数据标准一览');
        const cards = await page.locator('.card').allTextContents();
        expect(cards).toContain('152数据元');
        expect(await page.locator('main').textContent()).toContain('按数源部门');
    });

    test('searching a Chinese label finds the element and navigates to it', async () => {
        await page.goto(url + 'index.html');
        await page.fill('#search', '公民身份号码');
        const first = page.locator('#search-results a').first();
        expect(await first.textContent()).toContain('公民身份号码 CitizenId');
        await page.press('#search', 'Enter');
        await page.waitForURL(/element\/minhang\.common\.CitizenId\.html$/);
        expect(await page.locator('h1').textContent()).toContain('公民身份号码');
        expect(await page.locator('main').textContent()).toContain('闵行区公安分局');
        // Synonyms are searched too.
        await page.fill('#search', '身份证号');
        expect(await page.locator('#search-results a').first().textContent()).toContain('CitizenId');
    });

    test('cross-links resolve both ways: element → records, record → system and flows, department → stewarded', async () => {
        await page.goto(url + 'element/minhang.common.CitizenId.html');
        await page.click('a[href="../record/minhang.population.NaturalPerson.html"]');
        expect(await page.locator('h1').textContent()).toContain('自然人');
        const text = await page.locator('main').textContent();
        expect(text).toContain('实有人口管理系统');
        expect(text).toContain('人口数据归集');
        // Nested use shows the whole field path.
        await page.goto(url + 'element/minhang.common.ResidentialAddress.html');
        expect(await page.locator('main').textContent()).toContain('address.detail');
        await page.goto(url + 'department/minhang.org.QJYJ.html');
        expect(await page.locator('main').textContent()).toContain('学校');
    });

    test('no broken internal link anywhere on the site', async () => {
        // Each page is loaded once; its ids are kept, and every link's anchor is checked against them at the end.
        const ids = new Map<string, Set<string>>();
        const links = new Set<string>();
        const queue = [url + 'index.html'];
        const broken: string[] = [];
        while (queue.length) {
            const pageUrl = queue.shift()!;
            if (ids.has(pageUrl)) continue;
            // Fetched and parsed by the browser itself (DOMParser), without rendering each page.
            const found = await page.evaluate(async target => {
                const response = await fetch(target);
                if (response.status !== 200) return undefined;
                const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
                return {
                    ids: [...doc.querySelectorAll('[id]')].map(e => e.id),
                    links: [...doc.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href')!, target).href)
                };
            }, pageUrl);
            if (!found) { broken.push(pageUrl); ids.set(pageUrl, new Set()); continue; }
            ids.set(pageUrl, new Set(found.ids));
            for (const l of found.links) {
                if (!l.startsWith(url)) continue;
                links.add(l);
                const target = l.split('#')[0];
                if (!ids.has(target)) queue.push(target);
            }
        }
        for (const l of links) {
            const [target, anchor] = l.split('#');
            if (anchor && !ids.get(target)?.has(decodeURIComponent(anchor))) broken.push(l);
        }
        expect(broken).toEqual([]);
        expect(ids.size).toBeGreaterThan(280);
    }, 120_000);

    test('diagrams are SVG with the expected node labels', async () => {
        await page.goto(url + 'architecture.html');
        const labels = await page.locator('.diagram svg text').allTextContents();
        expect(labels).toEqual(expect.arrayContaining(['闵行区公共数据平台', '闵智作业平台', '闵行区数据局', '人口数据归集']));
        await page.goto(url + 'departments.html');
        expect(await page.locator('.diagram svg text').allTextContents()).toEqual(expect.arrayContaining(['上海市数据局', '闵行区人民政府', '莘庄镇人民政府', '区级']));
        await page.goto(url + 'record/minhang.population.NaturalPerson.html');
        expect(await page.locator('.diagram svg text').allTextContents()).toEqual(expect.arrayContaining(['自然人（NaturalPerson）', '个人地址（PersonAddress）']));
    });

    test('works from file:// with no server, search included', async () => {
        await page.goto(pathToFileURL(join(docs, 'index.html')).href);
        await page.fill('#search', '学校');
        expect(await page.locator('#search-results a').count()).toBeGreaterThan(0);
    });

    test('user text is escaped: an injected <script> label shows as text and does not run', async () => {
        const ws = mkdtempSync(join(tmpdir(), 'mds-xss-'));
        mkdirSync(join(ws, 'std'));
        writeFileSync(join(ws, 'std/a.mds'), 'namespace t.x\n'
            + 'element Evil "<script>window.__pwned = 1</script>" : string { definition "<img src=x onerror=\\"window.__pwned = 2\\">" }\n'
            + 'record R "<b>粗体</b>" { e: Evil }\n');
        execFileSync(process.execPath, [MDS_BIN, 'docs', 'std', '--out', 'out'], { cwd: ws });
        await page.goto(pathToFileURL(join(ws, 'out/element/t.x.Evil.html')).href);
        expect(await page.locator('h1').textContent()).toContain('<script>window.__pwned = 1</script>');
        expect(await page.locator('.definition').textContent()).toBe('<img src=x onerror="window.__pwned = 2">');
        await page.fill('#search', 'script');
        expect(await page.locator('#search-results a').first().textContent()).toContain('<script>');
        await page.goto(pathToFileURL(join(ws, 'out/record/t.x.R.html')).href);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.locator('b').count()).toBe(0);
    });
});
