/**
 * Why scripts/workbook/sheet-reader.ts keeps two hand-written pieces (issue 14 item 5: a library where
 * it meets the target). On the biggest read there is, 考核记录 of a 2,000 × 300,000 month (822 MB of
 * XML), columns 1–11 as `score --workbook` reads them:
 *  - kaohe's reader (JSZip's stream, indexOf scanner) next to exceljs's streaming WorkbookReader;
 * and 300,000 distinct shared strings (an Excel export with a different 说明 on each row):
 *  - kaohe's cut of sharedStrings.xml next to a @xmldom/xmldom DOM of it.
 * Each in its own process, so its peak memory is its own. KAOHE_BENCH_READER_ENTRIES changes the size.
 */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { presetPolicy } from '../core/policy/presets';
import { ENTRY_COLS } from '../core/workbook/layout';
import { SHEET } from '../core/workbook/sheets';
import { generateMonthlyWorkbook } from '../scripts/workbook/monthly';
import { syntheticMonth } from '../scripts/workbook/synthetic';
import { openXlsx, readSheetRows } from '../scripts/workbook/sheet-reader';
import { peakRssMB, report, timed } from './measure';

const ENTRIES = Number(process.env.KAOHE_BENCH_READER_ENTRIES ?? 300000);
const COLS = ENTRY_COLS.check;

async function child(mode: string, file: string): Promise<void> {
  const t = await timed(async (): Promise<number> => {
    if (mode === 'kaohe') return (await readSheetRows(await openXlsx(file), SHEET.entries, COLS)).size;
    if (mode === 'exceljs') {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'ignore',
        hyperlinks: 'ignore',
      });
      const rows = new Map<number, unknown[]>();
      for await (const ws of reader) {
        const sheet = ws as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
        for await (const row of sheet) {
          if (sheet.name !== SHEET.entries) continue;
          const cells: unknown[] = [];
          for (let c = 1; c <= COLS; c++) cells.push(row.getCell(c).value);
          rows.set(row.number, cells);
        }
      }
      return rows.size;
    }
    // shared strings: the same sharedStrings.xml, kaohe's reader (through a one-cell sheet) or a DOM
    if (mode === 'strings-kaohe') return (await readSheetRows(await openXlsx(file), 'S', 1)).size;
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const xml = await zip.file('xl/sharedStrings.xml')!.async('string');
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const si = doc.getElementsByTagNameNS('*', 'si');
    const texts: string[] = [];
    for (let i = 0; i < si.length; i++) texts.push(si[i].textContent ?? '');
    return texts.length;
  });
  process.stdout.write(JSON.stringify({ seconds: t.seconds, rss: peakRssMB(), n: t.value }));
}

function runChild(mode: string, file: string): { seconds: number; rss: number; n: number } {
  return JSON.parse(
    execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, mode, file], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    }),
  );
}

/** An .xlsx whose sheet S has `n` rows of distinct text, all in the shared-string table (as Excel saves). */
async function sharedStringsBook(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('S');
  for (let i = 0; i < n; i++) ws.addRow([`客户来电投诉处理超时第${i}号工单需要回访`]).commit();
  ws.commit();
  await wb.commit();
}

async function parent(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-bench-reader-'));
  try {
    const month = path.join(dir, 'month.xlsx');
    const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', 2000, ENTRIES, 11);
    await generateMonthlyWorkbook(inputs, { outFile: month, force: true });
    for (const mode of ['kaohe', 'exceljs']) {
      const r = runChild(mode, month);
      report(`${SHEET.entries} 2000×${ENTRIES}, ${COLS} columns: ${mode}`, {
        rows: r.n,
        seconds: r.seconds.toFixed(2),
        peakMB: r.rss,
      });
    }
    const strings = path.join(dir, 'strings.xlsx');
    await sharedStringsBook(strings, ENTRIES);
    for (const mode of ['strings-kaohe', 'strings-xmldom']) {
      const r = runChild(mode, strings);
      report(
        `${ENTRIES} distinct shared strings: ${mode === 'strings-kaohe' ? 'kaohe (strings and sheet)' : 'xmldom DOM (strings only)'}`,
        {
          strings: r.n,
          seconds: r.seconds.toFixed(2),
          peakMB: r.rss,
          limit: '500 MB (an xlsx input)',
        },
      );
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const [mode, file] = process.argv.slice(2);
(mode ? child(mode, file) : parent()).catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
