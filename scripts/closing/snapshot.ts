/**
 * What counts in a monthly workbook, read from the .xlsx as a ClosingSnapshot. Which sheets and columns
 * count, and how cells become the hashed text, is core's (core/closing/snapshot.ts): the add-in's 定稿
 * button takes its snapshot with the same code from Excel's range values.
 */
import { ClosingSnapshot } from '../../core/closing/fingerprint';
import { COUNTED_SHEETS, SheetRows, closingSnapshot } from '../../core/closing/snapshot';
import { XlsxBook, readSheetRows } from '../workbook/sheet-reader';

export { COUNTED_SHEETS };

export async function takeSnapshot(book: XlsxBook): Promise<ClosingSnapshot> {
  const sheets = new Map<string, SheetRows>();
  for (const c of COUNTED_SHEETS) sheets.set(c.sheet, await readSheetRows(book, c.sheet, c.cols));
  return closingSnapshot(sheets);
}
