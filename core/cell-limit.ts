/**
 * Excel keeps at most 32,767 characters in a cell: a longer text from an input is cut in the written
 * workbook (the cell then ends with a note saying so). Cutting is never silent: each such text is
 * also reported with its file, row and column, so HR can find the full text in the input.
 */
import { byPosition, Problem } from './problems';
import type { Cell } from './values';
import { ADJUSTMENT_SCHEMA, ENTRY_SCHEMA, ROSTER_SCHEMA } from './input/schemas';
import type { AdjustmentRecord, EntryRecord, RosterRecord } from './input/records';

/** The most characters one Excel cell holds. */
export const EXCEL_CELL_MAX = 32767;

export const TEXT_TOO_LONG = 'TEXT_TOO_LONG';

/** The problem of one text longer than a cell holds (the row itself still counts). */
export function textTooLong(file: string, row: number, column: string, length: number, where: string): Problem {
  return {
    file,
    row,
    column,
    code: TEXT_TOO_LONG,
    message: `「${column}」有 ${length} 字，超过 Excel 单元格 ${EXCEL_CELL_MAX} 字的上限：${where}只保留了前面部分并注明“已截断”（该行照常计入，输入文件未改动）。如需完整保存，请把它缩短到 ${EXCEL_CELL_MAX} 字以内。`,
  };
}

const lengthOf = (v: Cell): number => (typeof v === 'string' ? v.length : 0);

/**
 * Every text cell of `records` longer than a cell holds, in row order: one problem per cell.
 * `columns` names the fields that are written out, with their headers.
 */
export function overlongTexts<R extends { file: string; row: number }>(
  records: readonly R[],
  columns: readonly { key: keyof R & string; header: string }[],
  where: string,
): Problem[] {
  const out: Problem[] = [];
  for (const rec of records) {
    for (const c of columns) {
      const n = lengthOf(rec[c.key] as unknown as Cell);
      if (n > EXCEL_CELL_MAX) out.push(textTooLong(rec.file, rec.row, c.header, n, where));
    }
  }
  return out;
}

/** The cut texts of a month's inputs (roster, entries, adjustments are all written to the workbooks). */
export function monthInputsOverlong(
  input: {
    rosterRecords?: readonly RosterRecord[];
    entries: readonly EntryRecord[];
    adjustments?: readonly AdjustmentRecord[];
  },
  where: string,
): Problem[] {
  return [
    ...overlongTexts(input.rosterRecords ?? [], ROSTER_SCHEMA.columns, where),
    ...overlongTexts(input.entries, ENTRY_SCHEMA.columns, where),
    ...overlongTexts(input.adjustments ?? [], ADJUSTMENT_SCHEMA.columns, where),
  ].sort(byPosition);
}
