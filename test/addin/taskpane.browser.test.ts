/**
 * The BUILT task pane (dist/) in the system's headless Chromium, served from 127.0.0.1 with every
 * other request blocked: it must render its Chinese UI outside Excel with a clear 请在 Excel 中打开
 * state and no console errors. Saves out/addin-taskpane.png for people to look at.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { OFFICE_JS_CDN } from '../../addin/ui/host';
import { ensureBuilt, launchChromium, offlineRoutes, serveDir } from './browser-helpers';
import { describeWith } from '../helpers/tools';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');

describeWith(['chromium'], '任务窗格浏览器测试')('the built task pane in headless Chromium, outside Excel', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await serveDir(dist);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  test('renders the Chinese UI with 请在 Excel 中打开, office.js from the CDN (routed to the local copy), no console errors, no outside requests, fits 320 px', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 720 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const { routed, blocked } = await offlineRoutes(page);
    await page.goto(`${base}/taskpane.html`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => document.querySelector('#banner strong')?.textContent === '请在 Excel 中打开',
      null,
      { timeout: 15000 },
    );

    expect(await page.title()).toBe('考核助手');
    expect(await page.locator('header h1').textContent()).toBe('考核助手');
    expect(await page.locator('nav button').allTextContents()).toEqual(['初始化', '校验', '结果', '录入', '检查']);
    expect(await page.locator('#banner').textContent()).toContain('在 Excel（Windows、Mac 或网页版）中旁加载本加载项');
    expect(await page.locator('#btn-setup').isDisabled()).toBe(true);
    expect(await page.locator('#policy option').allTextContents()).toEqual([
      '客服日常考核（kefu-daily）',
      '客服主管岗位考核（kefu-supervisor）',
    ]);
    // office.js is loaded from Microsoft's CDN (answered here by the local npm copy), not bundled in dist/.
    expect(await page.locator('script[src*="office.js"]').getAttribute('src')).toBe(OFFICE_JS_CDN);
    expect(routed[0]).toBe(OFFICE_JS_CDN);
    expect(fs.existsSync(path.join(dist, 'office'))).toBe(false);
    expect(await page.evaluate(() => typeof (window as unknown as { Office?: unknown }).Office)).toBe('object');
    // The help says what happens to undo, and that WPS cannot load the add-in.
    expect(await page.locator('#tab-check').textContent()).toContain('Ctrl+Z');
    expect(await page.locator('#tab-check').textContent()).toContain('WPS 不能加载本加载项');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(320);
    fs.mkdirSync(path.join(root, 'out'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'out', 'addin-taskpane.png'), fullPage: true });

    // The entry form groups the catalogue by category, even in preview.
    await page.locator('nav button', { hasText: '录入' }).click();
    expect(
      await page.locator('#entry-item optgroup').evaluateAll((g) => g.map((x) => x.getAttribute('label'))),
    ).toEqual(['加分', '轻度违规', '中度违规', '重度违规', '突发事件', '直接辞退']);
    await page.screenshot({ path: path.join(root, 'out', 'addin-taskpane-entry.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(blocked.filter((u) => !u.startsWith('data:'))).toEqual([]);
    await page.close();
  }, 60000);
});
