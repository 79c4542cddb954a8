import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { SHEET } from '../../core/workbook/sheets';
import type { Cell } from '../../core/values';

export { ROOT, SAMPLES } from '../helpers/cli';
export const EXAMPLES = path.resolve(__dirname, '../fixtures/shared-example');

export async function tmpDir(tag: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `kaohe-wb-${tag}-`));
}

export { cli } from '../helpers/cli';

/** 月度汇总 rows keyed by 工号: 总分, 等级, 绩效浮动, 名次, 预警 as the file's cached values say. */
export async function summaryOf(file: string): Promise<Map<string, { score: Cell; grade: Cell; payFloat: Cell; rank: Cell; warnings: Cell; bonus: Cell; deduction: Cell; escalation: Cell }>> {
  const book = await openXlsx(file);
  const rows = await readSheetRows(book, SHEET.summary, 14);
  const out = new Map();
  for (const [r, c] of rows) {
    if (r === 1) continue;
    out.set(String(c[0]), { bonus: c[5] ?? 0, deduction: c[6] ?? 0, escalation: c[7] ?? 0, score: c[9], grade: c[10], payFloat: c[11] ?? 0, rank: c[12], warnings: c[13] ?? '' });
  }
  return out;
}

/** Edits one sheet's XML inside an .xlsx (a stand-in for a manager's edit in Excel). */
export async function editSheetXml(file: string, sheet: string, edit: (xml: string) => string, out = file): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const book = await openXlsx(file);
  const part = book.sheets.get(sheet)!;
  const xml = await zip.file(part)!.async('string');
  const next = edit(xml);
  if (next === xml) throw new Error(`edit of ${sheet} changed nothing`);
  zip.file(part, next);
  await fs.writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

export async function editPart(file: string, part: string, edit: (xml: string) => string, out: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const xml = await zip.file(part)!.async('string');
  zip.file(part, edit(xml));
  await fs.writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
