/**
 * The BUILT task pane in headless Chromium against a stand-in Excel (the fake workbook, answering for
 * Microsoft's office.js CDN URL; every other non-loopback request is blocked): live problems with
 * click-to-select, an employee's breakdown, the entry form; a host whose office.js lacks the Notes API,
 * a late handshake, and checks while HR is in cell-edit mode.
 * Screenshots go to out/addin-pane-*.png.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import webpack from 'webpack';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, launchChromium, offlineRoutes, serveDir } from './browser-helpers';
import { describeWith } from '../helpers/tools';

const root = path.resolve(__dirname, '..', '..');

function bundleStub(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(
      {
        mode: 'development',
        devtool: false,
        context: root,
        entry: './test/addin/harness/office-stub.ts',
        output: { path: outDir, filename: 'office.js' },
        resolve: { extensions: ['.ts', '.js', '.json'] },
        module: {
          rules: [
            {
              test: /\.ts$/,
              exclude: /node_modules/,
              use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020' } } },
            },
          ],
        },
      },
      (err, stats) => (err || stats?.hasErrors() ? reject(err ?? new Error(stats!.toString())) : resolve()),
    );
  });
}

describeWith(['chromium'], '任务窗格浏览器测试')('the built task pane inside a stand-in Excel', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;
  let stubDir: string;

  beforeAll(async () => {
    ensureBuilt();
    stubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-stub-'));
    await bundleStub(stubDir);
    server = await serveDir(path.join(root, 'dist'));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    fs.rmSync(stubDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(root, 'out', `addin-pane-${name}.png`), fullPage: true });

  type Fake = { userEdit(s: string, a: string, v: unknown[][]): Promise<void>; editing: boolean; editFailures: number };
  /** Opens the pane with the stand-in host chosen by `query`; waits until it connected (the 校验 tab). */
  async function openPane(query = '', connectMs = 15000) {
    const page = await browser.newPage({ viewport: { width: 320, height: 760 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const net = await offlineRoutes(page, path.join(stubDir, 'office.js'));
    await page.goto(`${base}/taskpane.html${query}`);
    try {
      await page.waitForFunction(() => document.querySelector('#tab-check')?.classList.contains('active'), null, {
        timeout: connectMs,
      });
    } catch (e) {
      throw new Error(
        `pane did not connect: banner=${await page.locator('#banner').textContent()} errors=${errors.join(' | ')}`,
      );
    }
    return { page, errors, net };
  }
  const edit = (page: Page, address: string, values: unknown[][]) =>
    page.evaluate(
      ([a, v]) => (window as unknown as { __fake: Fake }).__fake.userEdit('考核记录', a as string, v as unknown[][]),
      [address, values] as const,
    );

  test('an ExcelApi 1.18 host with the old office.js (no Notes API) still starts the live check: messages go to 校验', async () => {
    const { page, errors, net } = await openPane('?runtime=old');
    await edit(page, 'A2:J2', [['2026-11-05', '9999', 'L01', '', '', '', '', '', '', '']]);
    await page.waitForSelector('#problems li', { timeout: 5000 });
    expect(await page.locator('#problems li').textContent()).toContain('工号「9999」不在员工名单中');
    const check = await page.evaluate(() => {
      const s = (
        window as unknown as { __fake: { sheet(n: string): { row(r: number, c: number): unknown[] } } }
      ).__fake.sheet('考核记录');
      const head = s.row(1, 120);
      const row = s.row(2, 120);
      return [row[head.indexOf('核对')], row[head.indexOf('校验')]];
    });
    expect(check).toEqual(['退回', '工号「9999」不在员工名单中：请核对工号，或先把该员工加入员工名单。']);
    expect(net.blocked).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);

  test('a closed (定稿) workbook: the pane shows 已定稿 and lists a problem without writing into the sheet', async () => {
    const { page, errors } = await openPane('?closed=1');
    await page.waitForFunction(
      () => document.querySelector('#banner strong')?.textContent?.startsWith('已定稿'),
      null,
      {
        timeout: 5000,
      },
    );
    expect(await page.locator('#banner strong').textContent()).toBe(
      '已定稿（第1版，定稿人 李主管，时间 2026-12-01 10:00）',
    );
    expect(await page.locator('#banner').isVisible()).toBe(true);
    await edit(page, 'A2:J2', [['2026-11-05', '9999', 'L01', '', '', '', '', '', '', '']]);
    await page.waitForSelector('#problems li', { timeout: 5000 });
    expect(await page.locator('#problems li').textContent()).toContain('工号「9999」不在员工名单中');
    const written = await page.evaluate(() => {
      const f = (
        window as unknown as {
          __fake: { writes: number; sheet(n: string): { fills: Map<string, string>; notes: Map<string, string> } };
        }
      ).__fake;
      const s = f.sheet('考核记录');
      return [s.fills.size, s.notes.size];
    });
    expect(written).toEqual([0, 0]);
    await shot(page, 'closed');
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);

  test('the 定稿 button: the name is required; then 已定稿, every sheet protected, and the pane asks for a saved copy', async () => {
    const { page, errors } = await openPane();
    await page.locator('nav button', { hasText: '检查' }).click();
    await page.locator('#btn-close').click();
    await page.waitForFunction(() => document.querySelector('#banner strong')?.textContent === '操作未完成');
    expect(await page.locator('#banner').textContent()).toContain('请填写定稿人姓名');
    await page.locator('#close-by').fill('李主管');
    await page.locator('#close-password').fill('hr-2026');
    await page.locator('#btn-close').click();
    await page.waitForFunction(
      () => document.querySelector('#banner strong')?.textContent?.startsWith('已定稿'),
      null,
      {
        timeout: 10000,
      },
    );
    expect(await page.locator('#banner strong').textContent()).toMatch(
      /^已定稿（第1版，定稿人 李主管，时间 \d{4}-\d\d-\d\d \d\d:\d\d）$/,
    );
    expect(await page.locator('#close-status').textContent()).toContain('请另存一份定稿副本');
    expect(await page.locator('#btn-close').isDisabled()).toBe(true);
    expect(await page.locator('#close-password').inputValue()).toBe('');
    const state = await page.evaluate(() => {
      const f = (
        window as unknown as {
          __fake: { sheets: Array<{ name: string; protection: { password: string } | null; visibility: string }> };
        }
      ).__fake;
      return f.sheets.map((s) => [s.name, s.protection?.password ?? null, s.visibility]);
    });
    expect(state.filter(([, p]) => p !== 'hr-2026')).toEqual([]);
    expect(state.find(([n]) => n === '定稿数据')?.[2]).toBe('VeryHidden');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shot(page, 'close');
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);

  test('a handshake later than the preview timeout still connects (no read-only latch)', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 760 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await offlineRoutes(page, path.join(stubDir, 'office.js'));
    await page.goto(`${base}/taskpane.html?late=5500`);
    await page.waitForFunction(
      () => document.querySelector('#banner strong')?.textContent === '请在 Excel 中打开',
      null,
      { timeout: 8000 },
    );
    await page.waitForFunction(() => document.querySelector('#tab-check')?.classList.contains('active'), null, {
      timeout: 10000,
    });
    expect(await page.locator('#btn-recheck').isDisabled()).toBe(false);
    expect(await page.locator('#context').textContent()).toBe('2026-11 · 客服日常考核');
    await edit(page, 'A2:J2', [['2026-11-05', '0007', 'L04', '', 7, '', '', '', '', '']]);
    await page.waitForSelector('#problems li', { timeout: 5000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);

  test('an edit checked while HR is typing in another cell waits for the cell to be left (delayForCellEdit)', async () => {
    const { page, errors } = await openPane();
    // HR commits a bad row, and is already typing in the next cell when the check runs.
    await page.evaluate(() => {
      (window as unknown as { __fake: Fake }).__fake.editing = true;
    });
    await edit(page, 'A2:J2', [['2026-11-05', '0007', 'L04', '', 7, '', '', '', '', '']]);
    await page.waitForTimeout(800);
    expect(await page.locator('#problems li').count()).toBe(0);
    await page.evaluate(() => {
      (window as unknown as { __fake: Fake }).__fake.editing = false;
    });
    await page.waitForSelector('#problems li', { timeout: 5000 });
    expect(await page.locator('#problems li').textContent()).toContain('分值 7 超出「L04 迟到早退」的范围 2–5 分');
    expect(await page.evaluate(() => (window as unknown as { __fake: Fake }).__fake.editFailures)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);

  test('an invalid edit is listed and selectable, the breakdown explains the score, the form appends a row', async () => {
    const { page, errors, net } = await openPane();
    expect(await page.locator('#context').textContent()).toBe('2026-11 · 客服日常考核');
    expect(await page.locator('#banner').isHidden()).toBe(true);

    // HR types an out-of-range L04 for 张敏 into 考核记录.
    await page.evaluate(() =>
      (
        window as unknown as { __fake: { userEdit(s: string, a: string, v: unknown[][]): Promise<void> } }
      ).__fake.userEdit('考核记录', 'A2:J2', [['2026-11-05', '0007', 'L04', '', 7, '', '迟到', '', '', '']]),
    );
    await page.waitForSelector('#problems li', { timeout: 5000 });
    expect(await page.locator('#problems li').textContent()).toContain(
      '考核记录 第2行 · 分值分值 7 超出「L04 迟到早退」的范围 2–5 分',
    );
    await fs.promises.mkdir(path.join(root, 'out'), { recursive: true });
    await shot(page, 'check');
    await page.locator('#problems li').click();
    await page.waitForFunction(
      () => (window as unknown as { __fake: { selected?: string } }).__fake.selected === '考核记录!E2',
    );

    // Fixed: the list empties; the breakdown explains 张敏's 77.
    await page.evaluate(() =>
      (
        window as unknown as { __fake: { userEdit(s: string, a: string, v: unknown[][]): Promise<void> } }
      ).__fake.userEdit('考核记录', 'E2', [[3]]),
    );
    await page.waitForFunction(() => document.querySelector('#check-summary')?.textContent === '没有发现问题。', null, {
      timeout: 5000,
    });
    await page.locator('nav button', { hasText: '结果' }).click();
    await page.selectOption('#emp-pick', '0007');
    expect(await page.locator('#result-card .score').textContent()).toBe('总分77等级C绩效浮动-30元名次3');
    expect(await page.locator('#result-card table.lines').textContent()).toContain(
      'L04 迟到早退轻度违规，范围2–5分，本次3分-3',
    );
    await shot(page, 'result');

    // The entry form: find 王强 by name, pick L09 with 分值 3 (refused), then 2 (added on row 3).
    await page.locator('nav button', { hasText: '录入' }).click();
    await page.fill('#emp-search', '王');
    await page.locator('#emp-matches div', { hasText: '0031 王强' }).click();
    await page.fill('#entry-date', '2026-11-12');
    await page.selectOption('#entry-item', 'L09');
    await page.fill('#entry-points', '3');
    await page.click('#btn-add');
    await page.waitForFunction(() => document.querySelector('#entry-status')?.textContent?.startsWith('未添加'), null, {
      timeout: 5000,
    });
    expect(await page.locator('#entry-status').textContent()).toBe(
      '未添加：分值 3 超出「L09 上班时间谈论与本职工作无关的事情」的范围 1–2 分：请填写范围内的分值。',
    );
    await page.fill('#entry-points', '2');
    await page.click('#btn-add');
    await page.waitForFunction(
      () => document.querySelector('#entry-status')?.textContent === '已添加到考核记录第3行。',
      null,
      { timeout: 5000 },
    );
    const row3 = await page.evaluate(() =>
      (window as unknown as { __fake: { sheet(n: string): { row(r: number, c: number): unknown[] } } }).__fake
        .sheet('考核记录')
        .row(3, 11),
    );
    expect(row3).toEqual([46338, '0031', 'L09', 1, 2, '', '', '', '有效', '', '计入']);
    await shot(page, 'entry');
    expect(net.routed.map((u) => u.split('?')[0])).toEqual([
      'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
    ]);
    expect(net.blocked).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);
});
