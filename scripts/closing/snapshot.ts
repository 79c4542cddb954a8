/**
 * What counts in a monthly workbook, read as a ClosingSnapshot (core/closing/fingerprint.ts): the input
 * columns of 员工名单/考核记录/额外奖惩 (with their 核对 column, which decides what the formulas count),
 * every cell of 考核项目 (the policy), and the results in 月度汇总 (cached formula values).
 * Hidden helper columns are left out: they follow from these, and another engine may write them differently.
 */
import { ClosingSnapshot, columnLabels, sheetSnapshot } from '../../core/closing/fingerprint';
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { XlsxBook, readSheetRows } from '../workbook/sheet-reader';

/** Sheet and number of counted columns (from column A), in snapshot order. */
export const COUNTED_SHEETS: { sheet: string; cols: number; headed: boolean }[] = [
  { sheet: SHEET.roster, cols: 7, headed: true }, // 工号…状态, 核对
  { sheet: SHEET.entries, cols: 11, headed: true }, // 日期…作废原因, 核对
  { sheet: SHEET.adjustments, cols: 5, headed: true }, // 月份, 工号, 分值, 理由, 核对
  { sheet: SHEET.items, cols: 60, headed: false }, // the whole policy sheet (several blocks side by side)
  { sheet: SHEET.summary, cols: SUMMARY_HEADERS.length + 1, headed: true }, // results and 往月末位(系统写入)
];

export async function takeSnapshot(book: XlsxBook): Promise<ClosingSnapshot> {
  const sheets = [];
  for (const c of COUNTED_SHEETS) {
    const rows = await readSheetRows(book, c.sheet, c.cols);
    const labels = columnLabels(c.headed ? (rows.get(1) ?? []) : [], c.cols);
    sheets.push(sheetSnapshot(c.sheet, rows, c.cols, labels));
  }
  return { format: 1, sheets };
}
