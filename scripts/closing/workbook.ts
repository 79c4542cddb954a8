/**
 * 定稿 at the file level. The closed copy is the input workbook with, edited as zip parts (so nothing
 * else of the workbook — formulas, styles, validations, hidden helper columns — is touched):
 * - sheet protection on every sheet (optional password, hashed as Excel does: SHA-512, 100,000 spins);
 * - who/when appended at the bottom of 说明;
 * - a 定稿记录 sheet (one row per version: who, when, fingerprint, what);
 * - a very hidden 定稿数据 sheet holding the snapshot taken at closing, so later changes can be named.
 * Parts added are written with inline strings, so the shared-string table is not rewritten.
 */
import { createHash, randomBytes } from 'crypto';
import JSZip from 'jszip';
import * as path from 'path';
import { ClosingSnapshot } from '../../core/closing/fingerprint';
import { InputError } from '../../core/problems';
import { XlsxBook, readSheetRows } from '../workbook/sheet-reader';
import { xmlEscape } from '../workbook/write';
import {
  NS,
  Document,
  Element,
  addOverride,
  addRelationship,
  child,
  children,
  createLike,
  fragment,
  parseXml,
  removeOverride,
  root,
  serializeXml,
  splitAtMarker,
} from '../workbook/xml-dom';

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

/** Spins of the sheet-protection hash: what Excel writes for a new password. */
export const PROTECTION_SPINS = 100000;

/**
 * The sheet-protection password hash of ISO/IEC 29500 (the `hashValue` of <sheetProtection>, SHA-512):
 * H0 = SHA-512(salt ‖ UTF-16LE password), then Hi+1 = SHA-512(Hi ‖ i as 4 bytes little-endian) for
 * i = 0 … spinCount − 1; base64. (The iterator comes after the hash here — the reverse of the file
 * encryption's key derivation — which is why crypto.pbkdf2 does not fit.)
 */
export function sheetPasswordHash(password: string, saltBase64: string, spinCount = PROTECTION_SPINS): string {
  let hash = createHash('sha512')
    .update(Buffer.from(saltBase64, 'base64'))
    .update(Buffer.from(password, 'utf16le'))
    .digest();
  const iterator = Buffer.alloc(4);
  for (let i = 0; i < spinCount; i++) {
    iterator.writeUInt32LE(i, 0);
    hash = createHash('sha512').update(hash).update(iterator).digest();
  }
  return hash.toString('base64');
}

/** The <sheetProtection> element: with a password, its SHA-512 hash over a fresh random 16-byte salt. */
export function protectionXml(password?: string, saltBase64 = randomBytes(16).toString('base64')): string {
  const base = 'sheet="1" objects="1" scenarios="1"';
  if (!password) return `<sheetProtection ${base}/>`;
  const hash = sheetPasswordHash(password, saltBase64);
  return `<sheetProtection algorithmName="SHA-512" hashValue="${hash}" saltValue="${saltBase64}" spinCount="${PROTECTION_SPINS}" ${base}/>`;
}

/**
 * A worksheet edited on its DOM without its rows: the <sheetData> is cut out of the text, the rest of the
 * worksheet is parsed and edited, and the rows go back in unchanged. Measured 2026-11-30 on the bench
 * machine, the 考核记录 of a 2,000 × 30,000 month (the size bench/close.bench.ts closes; 72.9 MB of XML):
 * a whole DOM (@xmldom/xmldom) ran out of a 4 GB heap after five minutes; cut out like this, 0.01 s.
 */
function editWorksheet(xml: string, part: string, edit: (doc: Document, worksheet: Element) => void): string {
  const open = /<((?:[\w.-]+:)?)sheetData\b[^>]*?(\/?)>/.exec(xml); // the first: nothing before it holds text
  if (!open) throw new Error(`${part}: worksheet without sheetData`);
  let rows = '';
  let after = open.index + open[0].length;
  if (open[2] !== '/') {
    const closeTag = `</${open[1]}sheetData>`;
    const close = xml.lastIndexOf(closeTag);
    if (close < after) throw new Error(`${part}: malformed XML: <sheetData> is not closed`);
    rows = xml.slice(after, close);
    after = close + closeTag.length;
  }
  const doc = parseXml(xml.slice(0, open.index) + open[0].replace(/\/?>$/, '/>') + xml.slice(after), part);
  const ws = root(doc);
  const sheetData = child(ws, 'sheetData');
  if (!sheetData) throw new Error(`${part}: worksheet without sheetData`);
  edit(doc, ws);
  const [head, tail] = splitAtMarker(doc, sheetData);
  return head + rows + tail;
}

/** Puts `protection` into a worksheet's XML where the schema wants it (after sheetData/sheetCalcPr). */
export function protectSheetXml(xml: string, protection: string, part = 'worksheet'): string {
  return editWorksheet(xml, part, (doc, ws) => {
    for (const old of children(ws, 'sheetProtection')) ws.removeChild(old);
    const anchor = child(ws, 'sheetCalcPr') ?? child(ws, 'sheetData')!;
    for (const el of fragment(doc, protection, ws.namespaceURI ?? SHEET_NS)) ws.insertBefore(el, anchor.nextSibling);
  });
}

/** Appends rows of inline text at the bottom of a worksheet (after its last row). */
export function appendRowsXml(xml: string, lines: string[][]): string {
  const doc = parseXml(xml, 'worksheet');
  const ws = root(doc);
  const sheetData = child(ws, 'sheetData');
  if (!sheetData) throw new Error('worksheet without sheetData');
  const last = Math.max(0, ...children(sheetData, 'row').map((r) => Number(r.getAttribute('r')) || 0));
  const rows = lines.map((l, i) => rowXml(last + 2 + i, l)).join('');
  for (const el of fragment(doc, rows, sheetData.namespaceURI ?? SHEET_NS)) sheetData.appendChild(el);
  // The <dimension> is a hint; widen it so readers that trust it see the new rows.
  const dimension = child(ws, 'dimension');
  const ref = /^([A-Z]+\d+)(?::([A-Z]+)(\d+))?$/.exec(dimension?.getAttribute('ref') ?? '');
  if (dimension && ref) dimension.setAttribute('ref', `${ref[1]}:${ref[2] ?? 'F'}${last + 1 + lines.length}`);
  return serializeXml(doc);
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
  const rels = parseXml(await zip.file('xl/_rels/workbook.xml.rels')!.async('string'), 'xl/_rels/workbook.xml.rels');
  const wb = parseXml(await zip.file('xl/workbook.xml')!.async('string'), 'xl/workbook.xml');
  const types = parseXml(await zip.file('[Content_Types].xml')!.async('string'), '[Content_Types].xml');
  const sheets = child(root(wb), 'sheets');
  if (!sheets) throw new Error('xl/workbook.xml without sheets');

  // Replace our own sheets when re-closing (a correction): drop them first.
  const own = [CLOSING_SHEET, CLOSING_DATA_SHEET, ...(parts.extraSheets ?? []).map((s) => s.name)];
  for (const name of own) {
    const target = book.sheets.get(name);
    if (!target) continue;
    const sheet = children(sheets, 'sheet').find((el) => el.getAttribute('name') === name);
    if (sheet) {
      const rid = sheet.getAttributeNS(NS.r, 'id');
      sheets.removeChild(sheet);
      for (const rel of children(root(rels), 'Relationship'))
        if (rel.getAttribute('Id') === rid) root(rels).removeChild(rel);
    }
    zip.remove(target);
    removeOverride(types, `/${target}`);
  }

  // Protect every remaining worksheet; append who/when to 说明.
  const readmeTarget = book.sheets.get('说明');
  for (const [name, target] of book.sheets) {
    if (own.includes(name)) continue;
    const f = zip.file(target);
    if (!f) continue;
    let xml = await f.async('string');
    if (target === readmeTarget && parts.readmeLines.length) xml = appendRowsXml(xml, parts.readmeLines);
    zip.file(target, protectSheetXml(xml, protection, target));
  }

  let sheetId = Math.max(0, ...children(sheets, 'sheet').map((el) => Number(el.getAttribute('sheetId')) || 0));
  let relNo = Math.max(
    0,
    ...children(root(rels), 'Relationship').map((el) =>
      Number(/^rId(\d+)$/.exec(el.getAttribute('Id') ?? '')?.[1] ?? 0),
    ),
  );
  let partNo = Math.max(
    0,
    ...Object.keys(zip.files).map((n) => Number(/^xl\/worksheets\/sheet(\d+)\.xml$/.exec(n)?.[1] ?? 0)),
  );
  const rPrefix = root(wb).lookupPrefix(NS.r) ?? 'r';
  const addSheet = (name: string, xml: string, state?: 'veryHidden') => {
    const part = `worksheets/sheet${++partNo}.xml`;
    const rid = `rId${++relNo}`;
    zip.file(`xl/${part}`, xml);
    addRelationship(rels, rid, 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet', part);
    addOverride(types, `/xl/${part}`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml');
    const sheet = createLike(wb, sheets, 'sheet');
    sheet.setAttribute('name', name);
    sheet.setAttribute('sheetId', String(++sheetId));
    if (state) sheet.setAttribute('state', state);
    sheet.setAttributeNS(NS.r, `${rPrefix}:id`, rid);
    sheets.appendChild(sheet);
  };
  const recordRows = closingRecordRows(parts.history).map((cells, i) => rowXml(i + 1, cells));
  addSheet(CLOSING_SHEET, sheetXml(recordRows, [...CLOSING_WIDTHS], protection));
  for (const s of parts.extraSheets ?? []) {
    addSheet(s.name, sheetXml([rowXml(1, s.headers), ...s.rows.map((r, i) => rowXml(i + 2, r))], s.widths, protection));
  }
  addSheet(CLOSING_DATA_SHEET, sheetXml(dataRows(parts.snapshot), [], protection), 'veryHidden');
  // docProps/app.xml lists sheet titles; it is a hint Excel rebuilds, but a stale count upsets some readers.
  zip.remove('docProps/app.xml');
  removeOverride(types, '/docProps/app.xml');
  zip.file('xl/workbook.xml', serializeXml(wb));
  zip.file('xl/_rels/workbook.xml.rels', serializeXml(rels));
  zip.file('[Content_Types].xml', serializeXml(types));
  const relsRootXml = await zip.file('_rels/.rels')?.async('string');
  if (relsRootXml) {
    const relsRoot = parseXml(relsRootXml, '_rels/.rels');
    for (const rel of children(root(relsRoot), 'Relationship'))
      if (rel.getAttribute('Target')?.replace(/^\//, '') === 'docProps/app.xml') root(relsRoot).removeChild(rel);
    zip.file('_rels/.rels', serializeXml(relsRoot));
  }
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
