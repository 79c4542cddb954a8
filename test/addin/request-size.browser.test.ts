/**
 * Request sizes as office.js itself serializes them. The Excel runtime of @microsoft/office-js
 * (excel-web-16.00.js) runs in headless Chromium with an Excel.RequestContext pointed at a local URL,
 * so context.sync() POSTs the real request body to 127.0.0.1, where it is captured and measured. No
 * Excel answers, so only requests are measured (responses carry the values read, sized as JSON).
 *
 * The add-in sizes its batches with OP_BYTES (addin/excel/io.ts) and the fake Excel charges
 * MEASURED_BYTES (fakes/excel.ts): both are held to this measurement here.
 * The runtime has no Notes API; notes are measured on comments (the same shapes: add(cell, text),
 * getItem(cell).delete(), getItem(cell).content = text).
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { OP_BYTES } from '../../addin/excel/io';
import { MEASURED_BYTES } from '../../fakes/excel';
import { launchChromium } from './browser-helpers';
import { describeWith } from '../helpers/tools';

const runtime = path.resolve(
  __dirname,
  '..',
  '..',
  'node_modules',
  '@microsoft',
  'office-js',
  'dist',
  'excel-web-16.00.js',
);
const NOTE = '【考核助手】分值 7 超出「L04 迟到早退」的范围 2–5 分：请填写范围内的分值。';
type Kind = 'fill' | 'fillClear' | 'values' | 'noteAdd' | 'noteDelete' | 'noteSet' | 'conditionalFormat';

describeWith(['chromium'], '请求大小测量')(
  'request bytes per operation, measured with the office.js serializer',
  () => {
    let browser: Browser;
    let server: http.Server;
    let base: string;
    let page: Page;
    const bodies: Buffer[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.method === 'POST') {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            bodies.push(Buffer.concat(chunks));
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"Results":[]}');
          });
          return;
        }
        if (req.url === '/excel.js') {
          res.writeHead(200, { 'content-type': 'text/javascript' });
          fs.createReadStream(runtime).pipe(res);
          return;
        }
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><meta charset="utf-8"><script src="excel.js"></script>');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await launchChromium();
      page = await browser.newPage();
      await page.route('**/*', (route) =>
        route
          .request()
          .url()
          .startsWith(base + '/')
          ? route.continue()
          : route.abort(),
      );
      await page.goto(base + '/');
    }, 60000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((r) => server?.close(r));
    });

    /** Body bytes of one request carrying `n` operations of a kind (on 考核记录, rows from 10000). */
    async function requestBytes(kind: Kind, n: number): Promise<number> {
      bodies.length = 0;
      await page.evaluate(
        async ([url, kind, n, note]) => {
          const X = (window as unknown as { Excel: typeof Excel }).Excel;
          const ctx = new X.RequestContext(url + '/api');
          const s = ctx.workbook.worksheets.getItem('考核记录');
          for (let i = 0; i < n; i++) {
            const a = `E${10000 + i}`;
            if (kind === 'fill') s.getRange(a).format.fill.color = '#FFC7CE';
            if (kind === 'fillClear') s.getRange(a).format.fill.clear();
            if (kind === 'values') s.getRange(`K${10000 + i}:K${10000 + i}`).values = [['']];
            if (kind === 'noteAdd') s.comments.add(a, note);
            if (kind === 'noteDelete') s.comments.getItem(a).delete();
            if (kind === 'noteSet') s.comments.getItem(a).content = note;
            if (kind === 'conditionalFormat') {
              const cf = s.getRange(`A2:J${2000 + i}`).conditionalFormats.add(X.ConditionalFormatType.custom);
              cf.custom.rule.formula = '=$K2="退回"';
              cf.custom.format.fill.color = '#FFC7CE';
              cf.custom.format.font.color = '#9C0006';
            }
          }
          await ctx.sync().catch(() => undefined); // nothing real answers: only the request matters
        },
        [base, kind, n, NOTE] as const,
      );
      expect(bodies).toHaveLength(1);
      return bodies[0].length;
    }

    const contentBytes: Record<Kind, number> = {
      fill: 0,
      fillClear: 0,
      values: Buffer.byteLength(JSON.stringify([['']])),
      noteAdd: Buffer.byteLength(JSON.stringify(NOTE)),
      noteDelete: 0,
      noteSet: Buffer.byteLength(JSON.stringify(NOTE)),
      conditionalFormat: 0,
    };
    const fakeBytes: Record<Kind, number> = {
      fill: MEASURED_BYTES.fill,
      fillClear: MEASURED_BYTES.fillClear,
      values: MEASURED_BYTES.write,
      noteAdd: MEASURED_BYTES.noteAdd,
      noteDelete: MEASURED_BYTES.noteDelete,
      noteSet: MEASURED_BYTES.noteSet,
      conditionalFormat: MEASURED_BYTES.conditionalAdd + 3 * MEASURED_BYTES.conditionalProperty,
    };
    const measured: Record<string, number> = {};

    test.each(Object.keys(contentBytes) as Kind[])(
      '%s: the add-in budgets at least, and the fake charges about, what office.js sends',
      async (kind) => {
        // Per operation at 6,000-7,000 operations in one request (object ids of 5 digits), contents excluded.
        const perOp = ((await requestBytes(kind, 7000)) - (await requestBytes(kind, 6000))) / 1000 - contentBytes[kind];
        measured[kind] = perOp;
        expect(OP_BYTES[kind]).toBeGreaterThanOrEqual(perOp);
        expect(Math.abs(fakeBytes[kind] - perOp) / perOp).toBeLessThan(0.1);
      },
      60000,
    );

    afterAll(() => {
      process.stdout.write(`request bytes per operation (office.js excel-web-16.00.js): ${JSON.stringify(measured)}\n`);
    });
  },
);
