/**
 * Bulk range reads and writes that respect Excel on the web's 5 MB request/response limit. Nothing
 * here knows a rule: it moves rectangles of cells and counts bytes.
 */
import type { XCell, XContext, XRange, XWorksheet } from './types';
import { colLetter } from '../../core/workbook/layout';

/** Stay well under Excel on the web's 5 MB payload limit (JSON in UTF-8, plus envelope). */
export const REQUEST_BUDGET_BYTES = 4_000_000;
/** First guess of a row's JSON size before any row was seen; adapted from what is actually read. */
const FIRST_GUESS_BYTES_PER_CELL = 64;
/**
 * Request bytes of one queued operation, measured with office.js's own serializer: the Excel runtime
 * of @microsoft/office-js with a RequestContext pointed at a local URL, the POSTed body captured
 * (test/addin/request-size.browser.test.ts keeps these at or above the measurement). Measured at
 * 6,000-7,000 operations in one request (object ids of 5 digits; an operation grows by about 8 bytes
 * per extra digit), then rounded up with room for 6-digit ids. Contents (values, note texts,
 * formulas) come on top, as their JSON size.
 */
export const OP_BYTES = {
  /** getRange(cell).format.fill.color = …  (measured 534 for the first, 591 at 6,000) */
  fill: 640,
  /** getRange(range).format.fill.clear()  (525, 582) */
  fillClear: 630,
  /** getRange(range).values = …, without the values  (281, 296 + JSON of [[""]]) */
  values: 340,
  /** notes.add(cell, text) without the text  (measured on comments.add, the same shape: 188) */
  noteAdd: 240,
  /** notes.getItem(cell).delete()  (274) */
  noteDelete: 320,
  /** notes.getItem(cell).content = text, without the text  (275) */
  noteSet: 320,
  /** conditionalFormats.add('Custom') with rule, fill and font colour set  (1,610) */
  conditionalFormat: 1750,
  /** Anything else: a range and one property or method (column width, freeze, table, name). */
  other: 640,
} as const;

/** Column letters for a 0-based column index, as office.js counts columns: 0 → A, 26 → AA. */
export const columnLetter = (index: number): string => colLetter(index + 1);

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 'A2:J9' for 0-based first column, column count, and Excel row numbers. */
export function rectAddress(firstCol: number, cols: number, firstRow: number, lastRow: number): string {
  return `${columnLetter(firstCol)}${firstRow}:${columnLetter(firstCol + cols - 1)}${lastRow}`;
}

export function cellAddress(col: number, row: number): string {
  return `${columnLetter(col)}${row}`;
}

export interface Area {
  /** Excel row numbers, inclusive; lastRow is Infinity for whole columns. */
  firstRow: number;
  lastRow: number;
  /** 0-based columns, inclusive; lastCol Infinity for whole rows. */
  firstCol: number;
  lastCol: number;
}

/** Parses 'C7', 'A2:J501', 'A:C', '5:9', optionally 'Sheet'!-prefixed, or comma-separated areas. */
export function parseAddress(address: string): Area[] {
  const out: Area[] = [];
  for (const part of address.split(',')) {
    const bare = part.includes('!') ? part.slice(part.lastIndexOf('!') + 1) : part;
    const [a, b = a] = bare.replace(/\$/g, '').trim().split(':');
    const pa = parseRef(a);
    const pb = parseRef(b);
    if (!pa || !pb) continue;
    out.push({
      firstRow: Math.min(pa.row, pb.row),
      lastRow: Math.max(pa.rowEnd, pb.rowEnd),
      firstCol: Math.min(pa.col, pb.col),
      lastCol: Math.max(pa.colEnd, pb.colEnd),
    });
  }
  return out;
}

function parseRef(ref: string): { row: number; rowEnd: number; col: number; colEnd: number } | null {
  const m = /^([A-Za-z]*)(\d*)$/.exec(ref);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const col = m[1] === '' ? 0 : columnIndex(m[1]);
  const colEnd = m[1] === '' ? Infinity : col;
  const row = m[2] === '' ? 1 : Number(m[2]);
  const rowEnd = m[2] === '' ? Infinity : row;
  return { row, rowEnd, col, colEnd };
}

/** UTF-8 byte length of a value's JSON, without building a Buffer (runs in the browser). */
export function jsonBytes(value: unknown): number {
  const s = JSON.stringify(value) ?? '';
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export interface ReadStats {
  syncs: number;
  maxResponseBytes: number;
}

/**
 * Reads rows firstRow..lastRow of columns [firstCol, firstCol + cols) in chunks whose responses stay under the budget.
 * The chunk size adapts to the largest row seen so far. One sync per chunk; no per-cell reads.
 */
export async function readRowsChunked(
  context: XContext,
  sheet: XWorksheet,
  cols: number,
  firstRow: number,
  lastRow: number,
  stats?: ReadStats,
  firstCol = 0,
): Promise<XCell[][]> {
  const rows: XCell[][] = [];
  // A first guess for the first chunk; then the largest row actually seen (× 1.5 for margin).
  let bytesPerRow = Math.max(1, cols) * FIRST_GUESS_BYTES_PER_CELL;
  let maxSeen = 0;
  let row = firstRow;
  while (row <= lastRow) {
    let take = Math.max(1, Math.min(lastRow - row + 1, Math.floor(REQUEST_BUDGET_BYTES / (bytesPerRow * 1.5))));
    let range = sheet.getRange(rectAddress(firstCol, cols, row, row + take - 1)).load('values');
    // Until a row has been seen its size is a guess (formula results, long texts): when the host says
    // the answer is too large, read half as many rows and try again.
    for (;;) {
      try {
        await context.sync();
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'ResponsePayloadSizeLimitExceeded' || take === 1) throw e;
        if (stats) stats.syncs++;
        take = Math.ceil(take / 2);
        range = sheet.getRange(rectAddress(firstCol, cols, row, row + take - 1)).load('values');
      }
    }
    if (stats) stats.syncs++;
    const values = range.values as XCell[][];
    let maxRow = 0;
    let total = 0;
    for (const r of values) {
      const b = jsonBytes(r);
      total += b;
      if (b > maxRow) maxRow = b;
      rows.push(r);
    }
    if (stats) stats.maxResponseBytes = Math.max(stats.maxResponseBytes, total);
    maxSeen = Math.max(maxSeen, maxRow);
    if (maxSeen > 0) bytesPerRow = maxSeen;
    row += take;
  }
  return rows;
}

/**
 * Splits a tall block of values into row chunks whose JSON stays under the budget, for writes.
 * Returns [offset, rows] pairs.
 */
export function chunkRowsByBytes(values: XCell[][], budget = REQUEST_BUDGET_BYTES): Array<[number, XCell[][]]> {
  const out: Array<[number, XCell[][]]> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    const b = jsonBytes(values[i]) + 1;
    if (i > start && bytes + b > budget) {
      out.push([start, values.slice(start, i)]);
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (start < values.length) out.push([start, values.slice(start)]);
  return out;
}

/**
 * A queue of writes that syncs whenever the next operation would push the pending request over the
 * budget. `flush()` sends what is left. Counts its syncs.
 */
export class WriteBatch {
  private pending = 0;
  syncs = 0;
  maxRequestBytes = 0;

  constructor(
    private readonly context: XContext,
    private readonly budget = REQUEST_BUDGET_BYTES,
  ) {}

  /** Queue one operation of about `bytes`; `op` makes the Office.js calls. */
  async add(bytes: number, op: () => void): Promise<void> {
    if (this.pending > 0 && this.pending + bytes > this.budget) await this.flush();
    op();
    this.pending += bytes;
  }

  /** Whether something is queued. */
  get dirty(): boolean {
    return this.pending > 0;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    this.maxRequestBytes = Math.max(this.maxRequestBytes, this.pending);
    this.pending = 0;
    this.syncs++;
    await this.context.sync();
  }
}

/** Sets values on a range in row chunks under the budget (for big blocks such as a 校验 column). */
export async function writeValuesChunked(
  batch: WriteBatch,
  sheet: XWorksheet,
  firstCol: number,
  firstRow: number,
  values: XCell[][],
): Promise<void> {
  if (values.length === 0) return;
  const cols = values[0].length;
  for (const [offset, part] of chunkRowsByBytes(values)) {
    const bytes = jsonBytes(part) + OP_BYTES.values;
    await batch.add(bytes, () => {
      sheet.getRange(rectAddress(firstCol, cols, firstRow + offset, firstRow + offset + part.length - 1)).values = part;
    });
  }
}

export type { XRange };

/** Counts the syncs of one Excel.run, independently of the host or the fake (reported as `syncs`). */
export function countingSyncs(context: XContext): XContext & { syncs: number } {
  const c = {
    workbook: context.workbook,
    syncs: 0,
    sync: () => {
      c.syncs++;
      return context.sync();
    },
  };
  return c;
}
