/**
 * What counts in a monthly workbook at 定稿, and how the snapshot taken at closing is stored in it.
 * One implementation for both sides: `kaohe close` (scripts/closing, reading the .xlsx XML) and the
 * add-in's 定稿 button (addin/excel/closing.ts, reading range values) hand their cells to
 * `closingSnapshot`, so a workbook closed in Excel verifies with `kaohe score --workbook` and back.
 *
 * Cells are read as stored: numbers as numbers (a date is its serial number, as Office.js gives it and
 * as the .xlsx holds it), text as typed, booleans, error values as their text (#N/A); formula cells as
 * their results. canonicalCell (fingerprint.ts) turns each into the text that is hashed.
 */
import { Cell } from '../values';
import { SHEET, SUMMARY_HEADERS } from '../workbook/sheets';
import { ClosingSnapshot, SheetSnapshot, columnLabels, sheetSnapshot } from './fingerprint';

export interface CountedSheet {
  sheet: string;
  /** Columns counted, from column A. */
  cols: number;
  /** Row 1 is a header row (its texts name the columns in messages). */
  headed: boolean;
}

/**
 * The sheets and columns that count, in snapshot order: the input columns of 员工名单/考核记录/额外奖惩
 * (with their 核对 column, which decides what the formulas count), every cell of 考核项目 (the policy),
 * and the results in 月度汇总. Hidden helper columns are left out: they follow from these, and another
 * engine may write them differently.
 */
export const COUNTED_SHEETS: readonly CountedSheet[] = [
  { sheet: SHEET.roster, cols: 7, headed: true }, // 工号…状态, 核对
  { sheet: SHEET.entries, cols: 11, headed: true }, // 日期…作废原因, 核对
  { sheet: SHEET.adjustments, cols: 5, headed: true }, // 月份, 工号, 分值, 理由, 核对
  { sheet: SHEET.items, cols: 60, headed: false }, // the whole policy sheet (several blocks side by side)
  { sheet: SHEET.summary, cols: SUMMARY_HEADERS.length + 1, headed: true }, // results and 往月末位(系统写入)
];

/** Rows of one sheet: Excel row number → cells of columns 1.. (index 0 is column A). */
export type SheetRows = ReadonlyMap<number, readonly Cell[]>;

/** One counted sheet's snapshot from its rows. */
export function countedSheetSnapshot(c: CountedSheet, rows: SheetRows): SheetSnapshot {
  const labels = columnLabels(c.headed ? [...(rows.get(1) ?? [])] : [], c.cols);
  return sheetSnapshot(c.sheet, rows as Map<number, Cell[]>, c.cols, labels);
}

/**
 * The snapshot of a workbook from the rows of every counted sheet (each read for at least its `cols`
 * columns). A counted sheet missing from `sheets` is a caller's error: both sides refuse to close, or
 * report the sheet, before they get here.
 */
export function closingSnapshot(sheets: ReadonlyMap<string, SheetRows>): ClosingSnapshot {
  return {
    format: 1,
    sheets: COUNTED_SHEETS.map((c) => {
      const rows = sheets.get(c.sheet);
      if (!rows) throw new Error(`closingSnapshot: rows of ${c.sheet} not given`);
      return countedSheetSnapshot(c, rows);
    }),
  };
}

/** Excel's limit is 32,767 characters a cell; the stored snapshot is cut well below it. */
export const SNAPSHOT_CELL_CHARS = 30000;

/** The snapshot as stored in column A of the very hidden 定稿数据 sheet, one piece per row from row 1. */
export function snapshotCells(snapshot: ClosingSnapshot): string[] {
  const json = JSON.stringify(snapshot);
  const out: string[] = [];
  for (let i = 0; i < json.length; i += SNAPSHOT_CELL_CHARS) out.push(json.slice(i, i + SNAPSHOT_CELL_CHARS));
  return out;
}

/** The snapshot back from 定稿数据's column A (rows in order); null when missing or damaged. */
export function parseSnapshotCells(cells: readonly Cell[]): ClosingSnapshot | null {
  const json = cells.map((c) => (c === null || c === undefined ? '' : String(c))).join('');
  try {
    const parsed = JSON.parse(json) as ClosingSnapshot;
    if (parsed && parsed.format === 1 && Array.isArray(parsed.sheets)) return parsed;
  } catch {
    // damaged: the caller names it
  }
  return null;
}
