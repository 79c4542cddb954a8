/**
 * A lean .xlsx cell reader for big generated workbooks: reads only the sheets and columns asked for,
 * straight from the XML (shared strings, inline strings, formula results, booleans). Numbers stay
 * numbers (date serials are turned into dates by core/values.parseDate where a date is expected).
 * Works on files written by kaohe, Excel, WPS and LibreOffice.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import JSZip from 'jszip';
import { InputError } from '../../core/problems';
import { xlsxMismatch } from '../import/table';
import type { Cell } from '../../core/values';
import { colNumber } from '../../core/workbook/layout';

const unescape = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name];
  });

/** Text of <t> runs inside an <si> or <is> (rich text runs joined; phonetic runs skipped). */
function runText(xml: string): string {
  let out = '';
  const cleaned = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  for (const m of cleaned.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t\s*\/>/g)) out += unescape(m[1] ?? '');
  return out;
}

export interface XlsxBook {
  file: string;
  zip: JSZip;
  sheets: Map<string, string>;
  names: Map<string, string>;
  shared: string[] | null;
}

export async function openXlsx(file: string, what = '工作簿'): Promise<XlsxBook> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch {
    throw new InputError(`找不到文件：${file}`, 'FILE_MISSING');
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    // The zip library's own words are English (and carry a URL): say what the file looks like instead.
    const name = path.basename(file);
    const ext = path.extname(file).toLowerCase();
    const given = ext === '.xlsx' || ext === '.xlsm' ? '' : `这里应给 .xlsx 文件，收到的是「${ext || '无扩展名'}」文件；`;
    const looks = xlsxMismatch(name, buf.subarray(0, 512));
    const detail = looks ? looks.slice(looks.indexOf('，') + 1) : '文件已损坏或不完整。请在 Excel 中打开确认后重新保存。';
    throw new InputError(`${name}：无法作为 Excel ${what}打开，${given}${detail}`, 'WORKBOOK_UNREADABLE');
  }
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) throw new InputError(`${path.basename(file)}：不是有效的 .xlsx ${what}（缺少 workbook.xml）。`, 'WORKBOOK_UNREADABLE');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\sId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\sTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`));
  }
  const sheets = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescape(/\sname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\sr:id="([^"]*)"/.exec(m[0])?.[1] ?? /\s\w+:id="([^"]*)"/.exec(m[0])?.[1];
    if (rid && targets.has(rid)) sheets.set(name, targets.get(rid)!);
  }
  const names = new Map<string, string>();
  for (const m of wb.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    if (/localSheetId=/.test(m[1])) continue;
    names.set(unescape(/\sname="([^"]*)"/.exec(m[0])?.[1] ?? ''), unescape(m[2]));
  }
  return { file, zip, sheets, names, shared: null };
}

async function sharedStrings(book: XlsxBook): Promise<string[]> {
  if (book.shared) return book.shared;
  const part = [...Object.keys(book.zip.files)].find((n) => /^xl\/sharedStrings\.xml$/i.test(n));
  const xml = part ? await book.zip.file(part)!.async('string') : '';
  book.shared = [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runText(m[1] ?? ''));
  return book.shared;
}

/** Cells of one sheet as rows of values for columns 1..maxCol (row numbers as Excel numbers them). */
export async function readSheetRows(book: XlsxBook, sheet: string, maxCol: number): Promise<Map<number, Cell[]>> {
  const part = book.sheets.get(sheet);
  const file = part ? book.zip.file(part) : null;
  if (!file) throw new InputError(`${path.basename(book.file)}：找不到工作表「${sheet}」。`, 'SHEET_MISSING');
  const shared = await sharedStrings(book);
  const rows = new Map<number, Cell[]>();
  let rowNo = 0;
  const parseRows = (xml: string) => {
    for (const m of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const rAttr = /\sr="(\d+)"/.exec(m[1] ?? '');
      rowNo = rAttr ? Number(rAttr[1]) : rowNo + 1;
      if (!m[2]) continue;
      const cells: Cell[] = new Array(maxCol).fill(null);
      let col = 0;
      let any = false;
      for (const c of m[2].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1];
        const ref = /\sr="([A-Z]+)\d+"/.exec(attrs);
        col = ref ? colNumber(ref[1]) : col + 1;
        if (col > maxCol || c[2] === undefined) continue;
        const t = /\st="(\w+)"/.exec(attrs)?.[1] ?? 'n';
        const inner = c[2];
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        let value: Cell = null;
        if (t === 'inlineStr') value = runText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
        else if (v === undefined) value = null;
        else if (t === 's') value = shared[Number(v)] ?? '';
        else if (t === 'str') value = unescape(v);
        else if (t === 'b') value = v === '1';
        else if (t === 'e') value = unescape(v); // '#DIV/0!' is refused as a value, never read as blank
        else value = Number(v);
        if (value === '') value = null;
        cells[col - 1] = value;
        if (value !== null) any = true;
      }
      if (any) rows.set(rowNo, cells);
    }
  };
  // the sheet XML is streamed: a big 考核记录 is never held whole in memory
  const decoder = new StringDecoder('utf8');
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    file.nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => {
        pending += decoder.write(chunk);
        const cut = pending.lastIndexOf('</row>');
        if (cut >= 0) {
          parseRows(pending.slice(0, cut + 6));
          pending = pending.slice(cut + 6);
        }
      })
      .on('error', () =>
        reject(new InputError(`${path.basename(book.file)}：工作表「${sheet}」的数据已损坏，无法读取。请用 Excel 打开后另存为 .xlsx，或重新生成该工作簿。`, 'WORKBOOK_DAMAGED')))
      .on('end', () => {
        parseRows(pending + decoder.end());
        resolve();
      });
  });
  return rows;
}
