/** The table look shared by the management summary and the period workbook. */
import ExcelJS from 'exceljs';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const HEAD: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF4472C4' } },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: thin,
};

export const CELL: Partial<ExcelJS.Style> = { border: thin, alignment: { vertical: 'middle' } };
