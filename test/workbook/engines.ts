/**
 * Engines the tests recalculate the monthly workbook with, besides LibreOffice: Gnumeric (ssconvert) and
 * HyperFormula (npm, evaluated in this process from the file's formulas as exceljs reads them), and the
 * comparison of 月度汇总 with the core's reading of the same workbook (`score --workbook --json`).
 */
import ExcelJS from 'exceljs';
import { HyperFormula } from 'hyperformula';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import type { Cell } from '../../core/values';

/** The compared 月度汇总 columns and the core's JSON field of each. */
export const COMPARED: [header: (typeof SUMMARY_HEADERS)[number], field: string][] = [
  ['入职月数', 'tenureMonth'],
  ['加分', 'bonus'],
  ['扣分', 'deduction'],
  ['追加扣分', 'escalation'],
  ['额外奖惩', 'adjustment'],
  ['总分', 'score'],
  ['等级', 'grade'],
  ['绩效浮动(元)', 'payFloat'],
  ['名次', 'rank'],
  ['预警', 'warnings'],
];

export type SummaryRow = Record<string, Cell>;

function rowsToSummary(get: (r: number, c: number) => Cell, lastRow: number): Map<string, SummaryRow> {
  const out = new Map<string, SummaryRow>();
  const cols = COMPARED.map(([h]) => SUMMARY_HEADERS.indexOf(h));
  for (let r = 1; r < lastRow; r++) {
    const id = get(r, 0);
    if (id === null || id === undefined || id === '') continue;
    const row: SummaryRow = {};
    COMPARED.forEach(([, field], i) => {
      const v = get(r, cols[i]);
      row[field] = v === null || v === undefined ? (field === 'warnings' ? '' : 0) : v;
    });
    out.set(String(id), row);
  }
  return out;
}

/** 月度汇总 as the file's cached values say, keyed by 工号. */
export async function summaryFromFile(file: string): Promise<Map<string, SummaryRow>> {
  const rows = await readSheetRows(await openXlsx(file), SHEET.summary, SUMMARY_HEADERS.length);
  const last = Math.max(0, ...rows.keys());
  return rowsToSummary((r, c) => rows.get(r + 1)?.[c] ?? null, last);
}

/** The core's reading as 月度汇总 shows it (warnings joined with ；). */
export function summaryFromCore(json: { employees: Record<string, unknown>[] }): Map<string, SummaryRow> {
  const out = new Map<string, SummaryRow>();
  for (const e of json.employees) {
    const row: SummaryRow = {};
    for (const [, field] of COMPARED)
      row[field] = field === 'warnings' ? (e.warnings as string[]).join('；') : (e[field] as Cell);
    out.set(String(e.id), row);
  }
  return out;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * Loads every sheet of an .xlsx into HyperFormula (formulas as formulas, text kept text) and returns the
 * recalculated values of the named sheets (0-based rows and columns; a formula error as "#TYPE").
 */
export async function sheetsByHyperFormula(file: string, names: string[]): Promise<Map<string, Cell[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  wb.eachSheet((ws) => {
    const data: (string | number | boolean | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const out: (string | number | boolean | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cell.value as unknown;
        let x: string | number | boolean | null = null;
        if (cell.formula) x = '=' + cell.formula;
        else if (typeof v === 'string')
          x = "'" + v; // text stays text ('0235' is not a number)
        else if (typeof v === 'number' || typeof v === 'boolean') x = v;
        else if (v instanceof Date) x = (v.getTime() - EXCEL_EPOCH) / 86400000;
        else if (v && typeof v === 'object' && 'richText' in v)
          x = "'" + (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
        out[c - 1] = x;
      });
      data[r - 1] = out;
    });
    for (let i = 0; i < data.length; i++) if (!data[i]) data[i] = [];
    sheets[ws.name] = data;
  });
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' });
  try {
    const out = new Map<string, Cell[][]>();
    for (const name of names) {
      const values = hf.getSheetValues(hf.getSheetId(name)!);
      out.set(
        name,
        values.map((row) =>
          row.map((v) => (v && typeof v === 'object' ? `#${(v as { type: string }).type}` : ((v ?? null) as Cell))),
        ),
      );
    }
    return out;
  } finally {
    hf.destroy();
  }
}

/** 月度汇总 as HyperFormula recalculates it, keyed by 工号. */
export async function summaryByHyperFormula(file: string): Promise<Map<string, SummaryRow>> {
  const values = (await sheetsByHyperFormula(file, [SHEET.summary])).get(SHEET.summary)!;
  return rowsToSummary((r, c) => values[r]?.[c] ?? null, values.length);
}

/** Employees whose compared figures differ, as readable lines ('' when all agree). */
export function differences(engine: Map<string, SummaryRow>, core: Map<string, SummaryRow>): string[] {
  const out: string[] = [];
  for (const [id, c] of core) {
    const e = engine.get(id);
    if (!e) {
      out.push(`${id}: 月度汇总中没有`);
      continue;
    }
    for (const [, field] of COMPARED) {
      const a = e[field];
      const b = c[field];
      const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : String(a) === String(b);
      if (!same) out.push(`${id} ${field}: ${JSON.stringify(a)} ≠ core ${JSON.stringify(b)}`);
    }
  }
  for (const id of engine.keys()) if (!core.has(id)) out.push(`${id}: 核心结果中没有`);
  return out;
}
