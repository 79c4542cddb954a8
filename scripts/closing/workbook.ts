/**
 * 定稿 at the file level. The closed copy is the input workbook with, edited as zip parts (so nothing
 * else of the workbook — formulas, styles, validations, hidden helper columns — is touched):
 * - sheet protection on every sheet (optional password, hashed as Excel does: SHA-512, 100,000 spins);
 * - who/when appended at the bottom of 说明;
 * - a 定稿记录 sheet (one row per version: who, when, fingerprint, what);
 * - a very hidden 定稿数据 sheet holding the snapshot taken at closing, so later changes can be named.
 * Parts added are written with inline strings, so the shared-string table is not rewritten.
 */
import JSZip from 'jszip';
import * as path from 'path';
import { ClosingSnapshot } from '../../core/closing/fingerprint';
import { InputError } from '../../core/problems';
import { XlsxBook, readSheetRows } from '../workbook/sheet-reader';
import { xmlEscape } from '../workbook/write';

import {
  CLOSING_DATA_SHEET,
  CLOSING_HEADERS,
  CLOSING_SHEET,
  CLOSING_WIDTHS,
  ClosingRecord,
  closingRecordRows,
} from '../../core/closing/record';
import { parseSnapshotCells, snapshotCells } from '../../core/closing/snapshot';
import { colLetter } from '../../core/workbook/layout';

export { CLOSING_DATA_SHEET, CLOSING_HEADERS, CLOSING_SHEET };
export type { ClosingRecord };

/** The one XML text escape of the workbook writers (also drops characters XML 1.0 does not allow). */
const esc = xmlEscape;

/** A row of inline-string / number cells. */
function rowXml(r: number, values: (string | number)[], style?: number): string {
  const s = style !== undefined ? ` s="${style}"` : '';
  const cells = values.map((v, i) => {
    const ref = `${colLetter(i + 1)}${r}`;
    if (typeof v === 'number') return `<c r="${ref}"${s}><v>${v}</v></c>`;
    if (v === '') return '';
    return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
  });
  return `<row r="${r}">${cells.join('')}</row>`;
}

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function sheetXml(rows: string[], cols: number[], protection: string): string {
  const colXml = cols.length
    ? `<cols>${cols.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${colXml}<sheetData>${rows.join('')}</sheetData>${protection}</worksheet>`;
}

/** The <sheetProtection> element: with a password, its SHA-512 hash as Excel writes it (exceljs's hasher). */
export function protectionXml(password?: string): string {
  const base = 'sheet="1" objects="1" scenarios="1"';
  if (!password) return `<sheetProtection ${base}/>`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const enc = require('exceljs/lib/utils/encryptor') as {
    randomBytes(n: number): Buffer;
    convertPasswordToHash(p: string, a: string, salt: string, spin: number): string;
  };
  const salt = enc.randomBytes(16).toString('base64');
  const hash = enc.convertPasswordToHash(password, 'SHA512', salt, 100000);
  return `<sheetProtection algorithmName="SHA-512" hashValue="${hash}" saltValue="${salt}" spinCount="100000" ${base}/>`;
}

/** Puts `protection` into a worksheet's XML where the schema wants it (after sheetData/sheetCalcPr). */
export function protectSheetXml(xml: string, protection: string): string {
  const without = xml
    .replace(/<sheetProtection\b[^>]*\/>/g, '')
    .replace(/<sheetProtection\b[^>]*>[\s\S]*?<\/sheetProtection>/g, '');
  const m = /<\/sheetData>|<sheetData\s*\/>/.exec(without);
  if (!m) throw new Error('worksheet without sheetData');
  let at = m.index + m[0].length;
  const calc = /^\s*<sheetCalcPr\b[^>]*\/>/.exec(without.slice(at));
  if (calc) at += calc[0].length;
  return without.slice(0, at) + protection + without.slice(at);
}

/** Appends rows of inline text at the bottom of a worksheet (after its last row). */
export function appendRowsXml(xml: string, lines: string[][]): string {
  let last = 0;
  for (const m of xml.matchAll(/<row\b[^>]*\sr="(\d+)"/g)) last = Math.max(last, Number(m[1]));
  const rows = lines.map((l, i) => rowXml(last + 2 + i, l)).join('');
  let out: string;
  if (/<sheetData\s*\/>/.test(xml)) out = xml.replace(/<sheetData\s*\/>/, `<sheetData>${rows}</sheetData>`);
  else out = xml.replace('</sheetData>', `${rows}</sheetData>`);
  // The <dimension> is a hint; widen it so readers that trust it see the new rows.
  return out.replace(
    /<dimension ref="([A-Z]+\d+)(?::([A-Z]+)(\d+))?"\/>/,
    (_m, a: string, c?: string) => `<dimension ref="${a}:${c ?? 'F'}${last + 1 + lines.length}"/>`,
  );
}

/** The stored snapshot (core's pieces of JSON), one cell a row in column A. */
function dataRows(snapshot: ClosingSnapshot): string[] {
  return snapshotCells(snapshot).map((piece, i) => rowXml(i + 1, [piece]));
}

export interface CloseParts {
  record: ClosingRecord;
  /** All versions so far (earlier ones from the input's 定稿记录), the new one last. */
  history: ClosingRecord[];
  snapshot: ClosingSnapshot;
  /** Lines appended to 说明 (each a row of cells). */
  readmeLines: string[][];
  password?: string;
  /** Extra sheets to add or replace (e.g. 更正记录), as name → rows of cells. */
  extraSheets?: { name: string; headers: string[]; rows: (string | number)[][]; widths: number[] }[];
}

/** The closed workbook's bytes, from the input workbook's zip. */
export async function closedWorkbookBytes(book: XlsxBook, parts: CloseParts): Promise<Buffer> {
  const zip: JSZip = book.zip;
  const protection = protectionXml(parts.password);
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  let wb = await zip.file('xl/workbook.xml')!.async('string');
  let types = await zip.file('[Content_Types].xml')!.async('string');
  let relsOut = rels;
  const rPrefix =
    /xmlns:(\w+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(wb)?.[1] ?? 'r';

  // Replace our own sheets when re-closing (a correction): drop them first.
  const own = [CLOSING_SHEET, CLOSING_DATA_SHEET, ...(parts.extraSheets ?? []).map((s) => s.name)];
  for (const name of own) {
    const target = book.sheets.get(name);
    if (!target) continue;
    const sheetTag = [...wb.matchAll(/<sheet\b[^>]*\/>/g)].find((m) => new RegExp(`\\sname="${name}"`).test(m[0]));
    if (sheetTag) {
      const rid = new RegExp(`\\s${rPrefix}:id="([^"]*)"`).exec(sheetTag[0])?.[1];
      wb = wb.replace(sheetTag[0], '');
      if (rid) relsOut = relsOut.replace(new RegExp(`<Relationship\\b[^>]*\\sId="${rid}"[^>]*/>`), '');
    }
    zip.remove(target);
    types = types.replace(
      new RegExp(`<Override PartName="/${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`),
      '',
    );
  }

  // Protect every remaining worksheet; append who/when to 说明.
  const readmeTarget = book.sheets.get('说明');
  for (const [name, target] of book.sheets) {
    if (own.includes(name)) continue;
    const f = zip.file(target);
    if (!f) continue;
    let xml = await f.async('string');
    if (target === readmeTarget && parts.readmeLines.length) xml = appendRowsXml(xml, parts.readmeLines);
    zip.file(target, protectSheetXml(xml, protection));
  }

  let sheetId = Math.max(0, ...[...wb.matchAll(/<sheet\b[^>]*\ssheetId="(\d+)"/g)].map((m) => Number(m[1])));
  let relNo = Math.max(0, ...[...relsOut.matchAll(/\sId="rId(\d+)"/g)].map((m) => Number(m[1])));
  let partNo = Math.max(
    0,
    ...Object.keys(zip.files).map((n) => Number(/^xl\/worksheets\/sheet(\d+)\.xml$/.exec(n)?.[1] ?? 0)),
  );
  const addSheet = (name: string, xml: string, state?: 'veryHidden') => {
    const part = `worksheets/sheet${++partNo}.xml`;
    const rid = `rId${++relNo}`;
    zip.file(`xl/${part}`, xml);
    relsOut = relsOut.replace(
      '</Relationships>',
      `<Relationship Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${part}"/></Relationships>`,
    );
    types = types.replace(
      '</Types>',
      `<Override PartName="/xl/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    );
    wb = wb.replace(
      '</sheets>',
      `<sheet name="${esc(name)}" sheetId="${++sheetId}"${state ? ` state="${state}"` : ''} ${rPrefix}:id="${rid}"/></sheets>`,
    );
  };
  const recordRows = closingRecordRows(parts.history).map((cells, i) => rowXml(i + 1, cells));
  addSheet(CLOSING_SHEET, sheetXml(recordRows, [...CLOSING_WIDTHS], protection));
  for (const s of parts.extraSheets ?? []) {
    addSheet(s.name, sheetXml([rowXml(1, s.headers), ...s.rows.map((r, i) => rowXml(i + 2, r))], s.widths, protection));
  }
  addSheet(CLOSING_DATA_SHEET, sheetXml(dataRows(parts.snapshot), [], protection), 'veryHidden');
  zip.file('xl/workbook.xml', wb);
  zip.file('xl/_rels/workbook.xml.rels', relsOut);
  zip.file('[Content_Types].xml', types);
  // docProps/app.xml lists sheet titles; it is a hint Excel rebuilds, but a stale count upsets some readers.
  zip.remove('docProps/app.xml');
  types = types.replace(/<Override PartName="\/docProps\/app\.xml"[^>]*\/>/, '');
  zip.file('[Content_Types].xml', types);
  const relsRoot = await zip.file('_rels/.rels')?.async('string');
  if (relsRoot)
    zip.file('_rels/.rels', relsRoot.replace(/<Relationship\b[^>]*Target="docProps\/app\.xml"[^>]*\/>/, ''));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** The 定稿记录 rows and the stored snapshot of a workbook; null when it was never closed. */
export async function readClosing(
  book: XlsxBook,
): Promise<{ history: ClosingRecord[]; snapshot: ClosingSnapshot | null } | null> {
  if (!book.sheets.has(CLOSING_SHEET)) return null;
  const rows = await readSheetRows(book, CLOSING_SHEET, CLOSING_HEADERS.length);
  const history: ClosingRecord[] = [];
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    if (r === 1) continue;
    const c = rows.get(r)!;
    history.push({
      version: Number(c[0]) || history.length + 1,
      by: String(c[1] ?? ''),
      at: String(c[2] ?? ''),
      fingerprint: String(c[3] ?? ''),
      note: String(c[4] ?? ''),
    });
  }
  let snapshot: ClosingSnapshot | null = null;
  if (book.sheets.has(CLOSING_DATA_SHEET)) {
    const data = await readSheetRows(book, CLOSING_DATA_SHEET, 1);
    snapshot = parseSnapshotCells([...data.keys()].sort((a, b) => a - b).map((r) => data.get(r)![0] ?? null));
  }
  if (history.length === 0)
    throw new InputError(
      `${path.basename(book.file)}：「${CLOSING_SHEET}」表是空的，无法核对定稿。`,
      'CLOSING_RECORD_INVALID',
    );
  return { history, snapshot };
}
