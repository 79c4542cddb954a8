import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { SHEET } from '../../core/workbook/sheets';
import type { Cell } from '../../core/values';

export { EXAMPLES, ROOT, SAMPLES } from '../helpers/cli';

export async function tmpDir(tag: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `kaohe-wb-${tag}-`));
}

export { cli } from '../helpers/cli';

/** 月度汇总 rows keyed by 工号: 总分, 等级, 绩效浮动, 名次, 预警 as the file's cached values say. */
export async function summaryOf(file: string): Promise<
  Map<
    string,
    {
      score: Cell;
      grade: Cell;
      payFloat: Cell;
      rank: Cell;
      warnings: Cell;
      bonus: Cell;
      deduction: Cell;
      escalation: Cell;
    }
  >
> {
  const book = await openXlsx(file);
  const rows = await readSheetRows(book, SHEET.summary, 14);
  const out = new Map();
  for (const [r, c] of rows) {
    if (r === 1) continue;
    out.set(String(c[0]), {
      bonus: c[5] ?? 0,
      deduction: c[6] ?? 0,
      escalation: c[7] ?? 0,
      score: c[9],
      grade: c[10],
      payFloat: c[11] ?? 0,
      rank: c[12],
      warnings: c[13] ?? '',
    });
  }
  return out;
}

/** Edits one sheet's XML inside an .xlsx (a stand-in for a manager's edit in Excel). */
export async function editSheetXml(
  file: string,
  sheet: string,
  edit: (xml: string) => string,
  out = file,
): Promise<void> {
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

/** Sets one cell of a sheet's XML as a person types it: a number, text (inline string) or nothing; the style is kept. */
export const setCell =
  (ref: string, value: string | number | null) =>
  (xml: string): string => {
    const re = new RegExp(`<c r="${ref}"((?: [a-z]+="[^"]*")*?)(?:/>|>[\\s\\S]*?</c>)`);
    const m = re.exec(xml);
    const style = m ? (/ s="\d+"/.exec(m[1])?.[0] ?? '') : '';
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const cell =
      value === null
        ? `<c r="${ref}"${style}/>`
        : typeof value === 'number'
          ? `<c r="${ref}"${style}><v>${value}</v></c>`
          : `<c r="${ref}"${style} t="inlineStr"><is><t>${esc(value)}</t></is></c>`;
    if (m) return xml.replace(m[0], cell);
    const row = Number(/\d+$/.exec(ref)![0]);
    const rowRe = new RegExp(`<row r="${row}"([^>]*)>([\\s\\S]*?)</row>`);
    if (rowRe.test(xml))
      return xml.replace(
        rowRe,
        (_, a: string, cells: string) => `<row r="${row}"${a}>${sortCells(cells + cell)}</row>`,
      );
    // a new row, in order
    const rows = [...xml.matchAll(/<row r="(\d+)"/g)];
    const after = rows.find((r) => Number(r[1]) > row);
    return after
      ? xml.slice(0, after.index) + `<row r="${row}">${cell}</row>` + xml.slice(after.index)
      : xml.replace('</sheetData>', `<row r="${row}">${cell}</row></sheetData>`);
  };

/** One <c> element: self-closing, or up to its own </c> (a formula cell holds a self-closing <f/>). */
const CELL = /<c r="[A-Z]+\d+"[^>]*?\/>|<c r="[A-Z]+\d+"[^>]*[^/]>[\s\S]*?<\/c>/g;

function sortCells(cells: string): string {
  const list = cells.match(CELL) ?? [];
  const num = (c: string) => {
    const l = /<c r="([A-Z]+)/.exec(c)![1];
    let n = 0;
    for (const ch of l) n = n * 26 + ch.charCodeAt(0) - 64;
    return n;
  };
  return list.sort((a, b) => num(a) - num(b)).join('');
}

/** Removes the cells of columns ≥ fromCol (1-based) in one row: a row typed where Excel inserted a row without formulas. */
export const stripFormulas =
  (row: number, fromCol: number) =>
  (xml: string): string =>
    xml.replace(new RegExp(`<row r="${row}"([^>]*)>([\\s\\S]*?)</row>`), (_, a: string, cells: string) => {
      const kept = (cells.match(CELL) ?? []).filter((c) => {
        const l = /<c r="([A-Z]+)/.exec(c)![1];
        let n = 0;
        for (const ch of l) n = n * 26 + ch.charCodeAt(0) - 64;
        return n < fromCol;
      });
      return `<row r="${row}"${a}>${kept.join('')}</row>`;
    });
