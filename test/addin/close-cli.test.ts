/**
 * A workbook closed with the pane's 定稿 button verifies with the CLI, and an edit after closing is
 * found. The month is written by `kaohe monthly`, opened "in Excel" (the fake, filled by exceljs — a
 * reader the CLI does not use — with formula results and dates as serials, as Office.js gives them),
 * formulas computed by a second engine (HyperFormula, as in fakes/excel-calc.ts), closed by the add-in, and saved back as .xlsx (exceljs again: the original file plus everything the
 * add-in changed, sheet protection and the very hidden sheet included). Then `kaohe score --workbook`
 * checks it.
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { fingerprint } from '../../core/closing/fingerprint';
import { CLOSING_DATA_SHEET, CLOSING_SHEET } from '../../core/closing/record';
import { COUNTED_SHEETS } from '../../core/closing/snapshot';
import { SHEET } from '../../core/workbook/sheets';
import { LiveSession } from '../../addin/live/session';
import { FakeExcel, SheetData } from '../../fakes/excel';
import { takeSnapshot } from '../../scripts/closing/snapshot';
import { openXlsx } from '../../scripts/workbook/sheet-reader';
import { SAMPLES, cli, tmpDir } from '../workbook/helpers';
import { monthInputs } from '../../scripts/demo';

type Value = string | number | boolean;

/** A cell as Office.js's range.values gives it: formula results, dates as serial numbers, '' for empty. */
function asExcelShows(v: ExcelJS.CellValue): Value | '' {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.getTime() / 86400000 + 25569;
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return asExcelShows((v as ExcelJS.CellFormulaValue).result ?? null);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return v.error;
    if ('text' in v) return String(v.text);
    throw new Error(`unexpected cell value ${JSON.stringify(v)}`);
  }
  return v;
}

/** Opens an .xlsx "in Excel": every sheet's cells and the workbook's defined names into a fake. */
async function openInFake(file: string): Promise<FakeExcel> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const fake = new FakeExcel();
  fake.coerceTypedText = true; // Excel's typing rules for what the add-in writes
  book.eachSheet((ws) => {
    const sheet = fake.addSheet(ws.name);
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // Formulas as formulas: the fake's engine (HyperFormula) computes what Excel would show.
        sheet.set(r, c - 1, cell.formula ? `=${cell.formula}` : asExcelShows(cell.value));
        if (cell.numFmt) sheet.formats.set(`${r},${c - 1}`, cell.numFmt);
      }),
    );
  });
  for (const { name, ranges } of book.definedNames.model) fake.names.set(name, `=${ranges[0]}`);
  fake.calculate();
  return fake;
}

/** Saves the fake's workbook over a copy of `original`: changed cells, added sheets, visibility, protection. */
async function saveFake(fake: FakeExcel, original: string, out: string): Promise<{ changedCounted: number }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(original);
  let changedCounted = 0;
  const counted = new Set(COUNTED_SHEETS.map((c) => c.sheet));
  for (const s of fake.sheets) {
    const ws =
      book.getWorksheet(s.name) ??
      book.addWorksheet(s.name, { state: s.visibility === 'VeryHidden' ? 'veryHidden' : 'visible' });
    const keys = new Set([...s.cells.keys()]);
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (_cell, c) => keys.add(`${r},${c - 1}`)),
    );
    for (const k of keys) {
      const [r, c] = k.split(',').map(Number);
      const cell = ws.getCell(r, c + 1);
      const now = s.get(r, c);
      if (cell.formula ? now === `=${cell.formula}` : asExcelShows(cell.value) === now) continue;
      if (counted.has(s.name)) changedCounted++;
      cell.value = now === '' ? null : now;
      const fmt = s.formats.get(k);
      if (fmt) cell.numFmt = fmt;
    }
    if (s.protection) await ws.protect(s.protection.password, {});
  }
  await book.xlsx.writeFile(out);
  return { changedCounted };
}

function entryRow(sheet: SheetData, code: string): number {
  for (let r = 2; r <= sheet.used()!.r1; r++) if (sheet.get(r, 2) === code) return r;
  throw new Error(`no ${code}`);
}

describe('a workbook closed in the add-in, checked by the CLI', () => {
  let dir: string;
  let monthly: string;

  beforeAll(async () => {
    dir = await tmpDir('addin-close-cli');
    const r = await cli(['monthly', ...monthInputs(SAMPLES, '2026-10'), '--month', '2026-10', '--out', dir]);
    expect(r.code).toBe(0);
    monthly = path.join(dir, '月度考核-2026-10.xlsx');
  }, 120000);

  test('same fingerprint as the CLI reading the file; kaohe score --workbook finds it intact; an edit after closing is named', async () => {
    const fake = await openInFake(monthly);
    const session = new LiveSession(fake.run, { notes: true, calculationMode: true });
    await session.fullCheck();
    expect(session.state.blocker).toBe('');
    const report = await session.close({ by: '张敏', password: 'hr-2026', now: new Date('2026-11-03T02:15:00Z') });

    // The add-in's fingerprint of what Excel shows = the CLI's fingerprint of the .xlsx it came from.
    const cliSnapshot = await takeSnapshot(await openXlsx(monthly));
    expect(report.snapshot).toEqual(cliSnapshot);
    expect(report.record.fingerprint).toBe(fingerprint(cliSnapshot));

    // Saved as .xlsx: the counted cells are the original's (the add-in wrote none of them).
    const closed = path.join(dir, '月度考核-2026-10-加载项定稿.xlsx');
    expect(await saveFake(fake, monthly, closed)).toEqual({ changedCounted: 0 });
    const book = await openXlsx(closed);
    expect(book.hidden.has(CLOSING_DATA_SHEET)).toBe(true);
    expect(book.sheets.has(CLOSING_SHEET)).toBe(true);

    const ok = await cli(['score', '--workbook', closed, '--month', '2026-10', '--json']);
    expect(ok.stderr).toContain('核对无误：定稿后计入的数据没有改动');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).closed).toEqual({
      by: '张敏',
      at: '2026-11-03 10:15',
      version: 1,
      fingerprint: report.record.fingerprint,
      intact: true,
      changes: [],
    });

    // Someone unprotects 考核记录 and changes a 项目代码 after closing: the CLI names the cell.
    const entries = fake.sheet(SHEET.entries);
    const row = entryRow(entries, 'L01');
    entries.protection = null;
    entries.set(row, 2, 'S01');
    const edited = path.join(dir, '改过.xlsx');
    await saveFake(fake, monthly, edited);
    const bad = await cli(['score', '--workbook', edited, '--month', '2026-10', '--json']);
    expect(bad.code).toBe(1);
    const doc = JSON.parse(bad.stdout);
    expect(doc.closed.intact).toBe(false);
    expect(doc.closed.changes).toEqual([
      { sheet: SHEET.entries, row, column: 'C（项目代码）', before: 'L01', after: 'S01' },
    ]);
    expect(bad.stderr).toContain(`「考核记录」第${row}行 C（项目代码）：L01 → S01`);
  }, 180000);
});
