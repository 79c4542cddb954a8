/**
 * A lean .xlsx cell reader for big generated workbooks: reads only the sheets and columns asked for
 * (shared strings, inline strings, formula results, booleans). Numbers stay numbers (date serials are
 * turned into dates by core/values.parseDate where a date is expected). Works on files written by
 * kaohe, Excel, WPS and LibreOffice.
 *
 * Libraries where they meet the targets: the zip is JSZip's (its own inflate, through its public
 * stream), and the small parts (workbook, relationships, styles) are parsed with @xmldom/xmldom.
 * Two pieces are hand-written because the libraries measured too slow or too big — `npm run bench
 * sheet-reader` (bench/sheet-reader.bench.ts), 2026-11-30, 2 shared cores:
 * - the cells of a sheet are found by an indexOf scanner over the streamed XML. 考核记录 of a
 *   2,000 × 300,000 month (822 MB of XML), 11 columns: 11.4 s, 332 MB peak; exceljs's streaming
 *   WorkbookReader: 40.1 s (longer than the ~25 s `kaohe monthly` takes to write the file); a DOM
 *   cannot hold it at all (822 MB of text is more than a V8 string holds; a 72.9 MB sheet ran a 4 GB
 *   heap out, see scripts/closing/workbook.ts). (Inflating with node's zlib from JSZip's private
 *   compressed bytes was faster still, 8.4–11.9 s for the whole read-back, but at 500–530 MB and
 *   through a private field; JSZip's public stream meets the targets.)
 * - the shared strings are cut out of sharedStrings.xml the same way. 300,000 distinct texts (an Excel
 *   export with a different 说明 on each row): the whole read 1.35 s, 300 MB peak; a @xmldom/xmldom DOM
 *   of the strings alone 3.9 s and 586 MB, over the 500 MB an xlsx input may use (bench/xlsx-input).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import JSZip from 'jszip';
import { InputError } from '../../core/problems';
import { xlsxMismatch } from '../import/table';
import type { Cell } from '../../core/values';
import { Document, Element, children, child, parseXml, root } from './xml-dom';

const unescape = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
        if (dec) return String.fromCodePoint(Number(dec));
        if (hex) return String.fromCodePoint(parseInt(hex, 16));
        return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name];
      });

/** Excel writes control characters in text as _xHHHH_ (a line break in a cell as _x000D_). */
const unescapeOoxml = (s: string): string =>
  s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Text of <t> runs inside an <si> or <is> (rich text runs joined; phonetic runs skipped; any namespace prefix). */
function runText(xml: string): string {
  const simple = /^<t(?:\s[^>]*)?>([^<]*)<\/t>$/.exec(xml);
  if (simple) return unescapeOoxml(unescape(simple[1]));
  let out = '';
  const cleaned = xml.indexOf('rPh') < 0 ? xml : xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  for (const m of cleaned.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>|<(?:\w+:)?t\s*\/>/g))
    out += unescape(m[1] ?? '');
  return unescapeOoxml(out);
}

export interface XlsxBook {
  file: string;
  zip: JSZip;
  /** Sheet name → part, in the workbook's tab order. */
  sheets: Map<string, string>;
  names: Map<string, string>;
  shared: string[] | null;
  /** Sheets hidden by the user (state="hidden" or "veryHidden"). */
  hidden: Set<string>;
  /** The Mac 1904 date system: serial 0 is 1904-01-01. */
  date1904: boolean;
  /** Per cell style (the s="" index): 1 when its number format shows a date or time. */
  dateStyles: Uint8Array | null;
}

/** A <sheet>'s r:id, whatever the prefix (transitional or strict relationships namespace). */
function relationshipId(sheet: Element): string | null {
  for (let i = 0; i < sheet.attributes.length; i++) {
    const a = sheet.attributes.item(i)!;
    if (a.localName === 'id' && a.namespaceURI) return a.value;
  }
  return null;
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
    const given =
      ext === '.xlsx' || ext === '.xlsm' ? '' : `这里应给 .xlsx 文件，收到的是「${ext || '无扩展名'}」文件；`;
    const looks = xlsxMismatch(name, buf.subarray(0, 512));
    const detail = looks
      ? looks.slice(looks.indexOf('，') + 1)
      : '文件已损坏或不完整。请在 Excel 中打开确认后重新保存。';
    throw new InputError(`${name}：无法作为 Excel ${what}打开，${given}${detail}`, 'WORKBOOK_UNREADABLE');
  }
  const unreadable = () =>
    new InputError(`${path.basename(file)}：不是有效的 .xlsx ${what}（缺少 workbook.xml）。`, 'WORKBOOK_UNREADABLE');
  const wbText = await zip.file('xl/workbook.xml')?.async('string');
  const relsText = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wbText || !relsText) throw unreadable();
  let wb: Element;
  let rels: Element;
  try {
    wb = root(parseXml(wbText, 'xl/workbook.xml'));
    rels = root(parseXml(relsText, 'xl/_rels/workbook.xml.rels'));
  } catch {
    throw new InputError(
      `${path.basename(file)}：无法作为 Excel ${what}打开，文件已损坏（workbook.xml 不完整）。请在 Excel 中打开确认后重新保存。`,
      'WORKBOOK_UNREADABLE',
    );
  }
  const targets = new Map<string, string>();
  for (const rel of children(rels, 'Relationship')) {
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`));
  }
  const sheets = new Map<string, string>();
  const hidden = new Set<string>();
  for (const sheet of children(child(wb, 'sheets') ?? wb, 'sheet')) {
    const name = sheet.getAttribute('name') ?? '';
    const rid = relationshipId(sheet);
    if (rid && targets.has(rid)) sheets.set(name, targets.get(rid)!);
    if (/^(hidden|veryHidden)$/.test(sheet.getAttribute('state') ?? '')) hidden.add(name);
  }
  const date1904 = /^(1|true)$/.test(child(wb, 'workbookPr')?.getAttribute('date1904') ?? '');
  const names = new Map<string, string>();
  for (const dn of children(child(wb, 'definedNames') ?? wb, 'definedName')) {
    if (dn.hasAttribute('localSheetId')) continue;
    names.set(dn.getAttribute('name') ?? '', dn.textContent ?? '');
  }
  return { file, zip, sheets, names, shared: null, hidden, date1904, dateStyles: null };
}

async function sharedStrings(book: XlsxBook): Promise<string[]> {
  if (book.shared) return book.shared;
  const part = [...Object.keys(book.zip.files)].find((n) => /^xl\/sharedStrings\.xml$/i.test(n));
  const xml = part ? await book.zip.file(part)!.async('string') : '';
  book.shared = [...xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\/>/g)].map((m) =>
    runText(m[1] ?? ''),
  );
  return book.shared;
}

/** Built-in number formats that show a date or a time (including the Chinese and Japanese ones, 27–36 and 50–58). */
const BUILTIN_DATE = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A custom number format shows a date or time when it has y, m, d, h or s outside quotes and [..] (as exceljs decides). */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

async function dateStyles(book: XlsxBook): Promise<Uint8Array> {
  if (book.dateStyles) return book.dateStyles;
  const part = Object.keys(book.zip.files).find((n) => /^xl\/styles\.xml$/i.test(n));
  let styles: Document | null = null;
  try {
    if (part) styles = parseXml(await book.zip.file(part)!.async('string'), part);
  } catch {
    throw new InputError(
      `${path.basename(book.file)}：无法作为 Excel 工作簿读取，文件已损坏（styles.xml 不完整）。请在 Excel 中打开确认后重新保存。`,
      'WORKBOOK_DAMAGED',
    );
  }
  const custom = new Map<number, string>();
  const flags: number[] = [];
  if (styles) {
    const ss = root(styles);
    for (const fmt of children(child(ss, 'numFmts') ?? ss, 'numFmt')) {
      const id = fmt.getAttribute('numFmtId');
      const code = fmt.getAttribute('formatCode');
      if (id !== null && code !== null) custom.set(Number(id), code);
    }
    for (const xf of children(child(ss, 'cellXfs') ?? ss, 'xf')) {
      const id = Number(xf.getAttribute('numFmtId') ?? 0);
      const code = custom.get(id);
      flags.push(code !== undefined ? (isDateFormat(code) ? 1 : 0) : BUILTIN_DATE.has(id) ? 1 : 0);
    }
  }
  book.dateStyles = Uint8Array.from(flags);
  return book.dateStyles;
}

const DAY_MS = 86400000;
/** A date-formatted number as exceljs gives it: the UTC instant of that calendar day and time. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * DAY_MS));
}

/** Column number of a cell reference's letters ("AB12" → 28), or 0. */
function refColumn(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else break;
  }
  return n;
}

export interface SheetScan {
  /** Cells of each row that has a non-blank value; index 0 is column A; columns with no value are holes. */
  rows: Map<number, Cell[]>;
  /** The last row that has a value (0 when none). */
  lastRow: number;
}

interface ScanOptions {
  /** Only columns 1..maxCol (0: every column). */
  maxCol: number;
  /**
   * Read as exceljs reads a sheet (for input tables): date-formatted numbers become Dates, a formula
   * saved without its result is its formula text, merged cells give their value to the whole range.
   * Otherwise (kaohe's own workbooks) numbers stay serials and nothing is filled in.
   */
  dates: boolean;
}

/** After a tag name: whitespace, '>' or '/' (so <c> is not <col>). */
const tagEnds = (code: number) => code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;

/** The value of attribute `name` in a tag's attribute text (double-quoted, as every producer writes it). */
function attr(attrs: string, name: string): string | undefined {
  for (let from = 0; ; ) {
    const i = attrs.indexOf(`${name}="`, from);
    if (i < 0) return undefined;
    const before = attrs.charCodeAt(i - 1);
    if (i > 0 && (before === 32 || before === 9 || before === 10 || before === 13)) {
      const start = i + name.length + 2;
      return attrs.slice(start, attrs.indexOf('"', start));
    }
    from = i + 1;
  }
}
const CELL_V = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const CELL_IS = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;
const CELL_F = /<(?:\w+:)?f(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;

/**
 * Streams one sheet's XML and keeps only the cells that hold a value: the sheet's dimension, styled
 * empty cells and empty rows cost nothing (a styled cell at G1048576 is one skipped element). Merged
 * cells give their value to every cell of the range in rows that have data, as Excel shows them.
 */
async function scanSheet(book: XlsxBook, sheet: string, opts: ScanOptions): Promise<SheetScan> {
  const part = book.sheets.get(sheet);
  const file = part ? book.zip.file(part) : null;
  if (!file) throw new InputError(`${path.basename(book.file)}：找不到工作表「${sheet}」。`, 'SHEET_MISSING');
  const shared = await sharedStrings(book);
  const styles = opts.dates ? await dateStyles(book) : null;
  const maxCol = opts.maxCol > 0 ? opts.maxCol : Infinity;
  const rows = new Map<number, Cell[]>();
  let lastRow = 0;
  let rowNo = 0;
  const merges: string[] = [];
  let prefix = '';
  const cellValueOf = (t: string, v: string | undefined, attrs: string, inner: () => string): Cell => {
    if (t === 'inlineStr') return runText(CELL_IS.exec(inner())?.[1] ?? '');
    if (v === undefined) {
      // A formula saved without its result: shown as the formula, which no field accepts as data.
      const f = opts.dates ? CELL_F.exec(inner()) : null;
      return f ? `=${unescape(f[1] ?? '')}` : null;
    }
    if (t === 's') return shared[Number(v)] ?? '';
    if (t === 'str') return unescape(v);
    if (t === 'b') return v === '1' || v === 'true';
    if (t === 'e') return unescape(v); // '#DIV/0!' is refused as a value, never read as blank
    if (t === 'd') {
      const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      return Number.isNaN(d.getTime()) ? unescape(v) : d;
    }
    if (v.trim() === '') return null;
    const n = Number(v);
    if (styles !== null && Number.isFinite(n)) {
      const st = attr(attrs, 's');
      if (st !== undefined && styles[Number(st)] === 1) return serialDate(n, book.date1904);
    }
    return Number.isNaN(n) ? unescape(v) : n;
  };
  // A scanner with indexOf, not a regular expression per cell: a 300,000-row sheet has 3 million cells.
  const parseRows = (xml: string) => {
    const rowOpen = `<${prefix}row`;
    const rowClose = `</${prefix}row>`;
    const cOpen = `<${prefix}c`;
    const cClose = `</${prefix}c>`;
    const vOpen = `<${prefix}v>`;
    const vClose = `</${prefix}v>`;
    let pos = 0;
    for (;;) {
      const rs = xml.indexOf(rowOpen, pos);
      if (rs < 0) return;
      const gt = xml.indexOf('>', rs);
      if (gt < 0) return;
      if (!tagEnds(xml.charCodeAt(rs + rowOpen.length))) {
        pos = rs + 1;
        continue;
      }
      const r = attr(xml.slice(rs + rowOpen.length, gt), 'r');
      rowNo = r !== undefined && /^\d+$/.test(r) ? Number(r) : rowNo + 1;
      if (xml.charCodeAt(gt - 1) === 47) {
        pos = gt + 1;
        continue;
      }
      const end = xml.indexOf(rowClose, gt);
      if (end < 0) return;
      pos = end + rowClose.length;
      const cells: Cell[] = [];
      let col = 0;
      let any = false;
      let p = gt + 1;
      for (;;) {
        const cs = xml.indexOf(cOpen, p);
        if (cs < 0 || cs >= end) break;
        if (!tagEnds(xml.charCodeAt(cs + cOpen.length))) {
          p = cs + 1;
          continue;
        }
        const cgt = xml.indexOf('>', cs);
        const self = xml.charCodeAt(cgt - 1) === 47;
        const attrs = xml.slice(cs + cOpen.length, self ? cgt - 1 : cgt);
        const ref = attr(attrs, 'r');
        const at = ref !== undefined ? refColumn(ref) : 0;
        col = at > 0 ? at : col + 1;
        if (self) {
          p = cgt + 1;
          continue;
        }
        const ce = xml.indexOf(cClose, cgt);
        if (ce < 0 || ce > end) break;
        p = ce + cClose.length;
        if (col > maxCol) continue;
        // searched within the cell only: a sheet of inline strings has no <v> to find further on
        const inner = xml.slice(cgt + 1, ce);
        const vs = inner.indexOf(vOpen);
        const v = vs >= 0 ? inner.slice(vs + vOpen.length, inner.indexOf(vClose, vs)) : CELL_V.exec(inner)?.[1];
        const value = cellValueOf(attr(attrs, 't') ?? 'n', v, attrs, () => inner);
        if (value === '' || value === null) continue;
        cells[col - 1] = value;
        any = true;
      }
      if (any) {
        rows.set(rowNo, cells);
        if (rowNo > lastRow) lastRow = rowNo;
      }
    }
  };
  // The sheet XML is streamed: a big 考核记录 is never held whole in memory as text.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let closeRow = '';
  await new Promise<void>((resolve, reject) => {
    file
      .nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => {
        pending += decoder.write(chunk);
        if (closeRow === '') {
          const open = /<(\w+:)?sheetData\b/.exec(pending);
          if (!open) return;
          prefix = open[1] ?? '';
          closeRow = `</${prefix}row>`;
        }
        const cut = pending.lastIndexOf(closeRow);
        if (cut >= 0) {
          parseRows(pending.slice(0, cut + closeRow.length));
          pending = pending.slice(cut + closeRow.length);
        }
      })
      .on('error', () =>
        reject(
          new InputError(
            `${path.basename(book.file)}：工作表「${sheet}」的数据已损坏，无法读取。请用 Excel 打开后另存为 .xlsx，或重新生成该工作簿。`,
            'WORKBOOK_DAMAGED',
          ),
        ),
      )
      .on('end', () => {
        const rest = pending + decoder.end();
        parseRows(rest);
        if (opts.dates)
          for (const m of rest.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\sref="([A-Z]+\d+:[A-Z]+\d+)"/g)) merges.push(m[1]);
        resolve();
      });
  });
  for (const ref of merges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
    if (!m) continue;
    const [c1, r1, c2, r2] = [refColumn(m[1]), Number(m[2]), refColumn(m[3]), Number(m[4])];
    const master = rows.get(r1)?.[c1 - 1];
    if (master === undefined || master === null) continue;
    for (const [r, cells] of rows) {
      if (r < r1 || r > r2) continue;
      for (let c = c1; c <= Math.min(c2, maxCol); c++) if (cells[c - 1] === undefined) cells[c - 1] = master;
    }
  }
  return { rows, lastRow };
}

/** Cells of one sheet as rows of values for columns 1..maxCol (row numbers as Excel numbers them). */
export async function readSheetRows(book: XlsxBook, sheet: string, maxCol: number): Promise<Map<number, Cell[]>> {
  const { rows } = await scanSheet(book, sheet, { maxCol, dates: false });
  for (const cells of rows.values()) {
    for (let c = 0; c < maxCol; c++) if (cells[c] === undefined) cells[c] = null;
  }
  return rows;
}

/**
 * One sheet as a header row and data rows, by the cells that exist: date cells as Dates (as exceljs
 * reads them), every column that holds a value, rows without a value as empty rows.
 */
export async function readSheetGrid(book: XlsxBook, sheet: string): Promise<{ header: Cell[]; rows: Cell[][] }> {
  const { rows, lastRow } = await scanSheet(book, sheet, { maxCol: 0, dates: true });
  const empty: Cell[] = [];
  const data: Cell[][] = [];
  for (let r = 2; r <= lastRow; r++) data.push(rows.get(r) ?? empty);
  return { header: rows.get(1) ?? [], rows: data };
}
