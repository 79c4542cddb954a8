import * as path from 'path';
import ExcelJS from 'exceljs';
import { InputError } from '../../core/problems';
import type { Table } from '../../core/input/table';
import type { Cell } from '../../core/values';
import { XlsxBook, openXlsx, readSheetGrid } from '../workbook/sheet-reader';

/**
 * The plain value of an exceljs cell: formulas give their cached result, rich text its text. An error
 * value (#DIV/0!, #REF!, #N/A…) is kept as its text, never as a blank: a blank 次数 means 1 and a blank
 * 分值 means the item's fixed value, so an error read as blank would silently count. A formula saved
 * without a result (some generators do that) is shown as its formula, which no field accepts as data.
 */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return String((v as { error: unknown }).error);
    const f = v as { formula?: string; sharedFormula?: string; result?: ExcelJS.CellValue };
    if ('formula' in v || 'sharedFormula' in v) {
      if (f.result !== undefined && f.result !== null) return cellValue(f.result);
      return `=${f.formula ?? f.sharedFormula ?? ''}`;
    }
    if ('result' in v) return cellValue(f.result ?? null);
    if ('text' in v) return cellValue((v as { text: ExcelJS.CellValue }).text);
  }
  return String(v);
}

export interface SheetTable {
  sheet: string;
  hidden: boolean;
  table: Table;
}

/**
 * Every sheet of an .xlsx as a Table, read by the cells that exist (never by the sheet's dimension,
 * so one styled cell at G1048576 costs nothing), streaming the sheet XML: date cells are Dates, error
 * values their text, formulas their cached result. With several sheets, a table's file is
 * 「文件.xlsx:工作表」.
 */
export async function readXlsxTables(file: string): Promise<SheetTable[]> {
  const name = path.basename(file);
  let book: XlsxBook;
  try {
    book = await openXlsx(file);
  } catch {
    throw new InputError(
      `${name}：无法作为 Excel 工作簿打开，文件可能已损坏或不完整。请在 Excel 中打开确认后重新保存为 .xlsx。`,
      'WORKBOOK_UNREADABLE',
    );
  }
  if (book.sheets.size === 0) throw new InputError(`${name}：工作簿里没有工作表。`, 'SHEET_MISSING');
  const out: SheetTable[] = [];
  for (const sheet of book.sheets.keys()) {
    const grid = await readSheetGrid(book, sheet);
    const label = book.sheets.size > 1 ? `${name}:${sheet}` : name;
    out.push({
      sheet,
      hidden: book.hidden.has(sheet),
      table: { file: label, headers: grid.header, rows: grid.rows, firstRow: 2 },
    });
  }
  return out;
}

/**
 * The sheet named `preferSheet` when the workbook has one (so a 月度考核 workbook can be given as
 * --roster or --entries), else the first sheet.
 */
export async function readXlsxTable(file: string, preferSheet?: string): Promise<Table> {
  const sheets = await readXlsxTables(file);
  return (sheets.find((s) => s.sheet === preferSheet) ?? sheets[0]).table;
}

/** Excel refuses (and "repairs") a workbook with a cell of more than 32,767 characters. */
export const EXCEL_CELL_MAX = 32767;
const CUT_NOTE = '…（原文超过 Excel 单元格 32767 字的上限，已截断）';

/** A text cut to what one Excel cell can hold, saying that it was cut. */
export function fitCellText(text: string): string {
  return text.length <= EXCEL_CELL_MAX ? text : text.slice(0, EXCEL_CELL_MAX - CUT_NOTE.length) + CUT_NOTE;
}

/** Cuts every over-long text cell of a workbook about to be written (inputs may hold 100 KB cells). */
export function fitExcelLimits(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        if (typeof v === 'string' && v.length > EXCEL_CELL_MAX) cell.value = fitCellText(v);
        else if (v && typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) {
          const total = v.richText.reduce((n, r) => n + r.text.length, 0);
          if (total > EXCEL_CELL_MAX) cell.value = fitCellText(v.richText.map((r) => r.text).join(''));
        }
      });
    });
  });
}
