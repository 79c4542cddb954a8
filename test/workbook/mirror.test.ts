/**
 * The values kaohe caches for 考核记录's helper formulas are the formulas' own results: a second engine
 * (HyperFormula, in-process) recalculates the file and every formula cell of 考核记录 must equal what the
 * generator wrote. A month with many rows per employee exercises the per-employee chains (next row,
 * running totals, the key → first row map behind 首次 and 每月一次).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { presetPolicy } from '../../core/policy/presets';
import { ENTRY_COLUMNS, ENTRY_FIRST_HELPER, ROSTER_COLS } from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';
import { generateMonthlyWorkbook } from '../../scripts/workbook/monthly';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { syntheticMonth } from '../../scripts/workbook/synthetic';
import { isoDateToSerial } from '../../core/values';
import { sheetsByHyperFormula } from './engines';

jest.setTimeout(180000);

test('every cached helper value of 考核记录 equals HyperFormula’s recalculation (8 employees × 40 rows each)', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-mirror-'));
  try {
    const file = path.join(dir, 'm.xlsx');
    const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', 8, 320, 5);
    // a 工号 with letters typed in both cases (the core counts KF02 only; MATCH finds the row for kf02),
    // an 入职日期 typed as text, and one nobody can read (that roster row is refused: its text is cached)
    const r = inputs.rosterRecords;
    r[1] = { ...r[1], id: 'KF02' };
    r[2] = { ...r[2], joinDate: '2017年3月12日' };
    r[3] = { ...r[3], joinDate: '2017年13月1日' };
    // dates typed as compact text (20261021) and as a serial typed as text
    let k = 0;
    inputs.entries = inputs.entries.map((e) =>
      typeof e.date === 'string' && k++ % 7 === 0
        ? { ...e, date: k % 2 ? e.date.replace(/-/g, '') : String(isoDateToSerial(e.date)) }
        : e,
    );
    let flip = 0;
    inputs.entries = inputs.entries.map((e) => (e.id === '00002' ? { ...e, id: flip++ % 2 ? 'kf02' : 'KF02' } : e));
    expect(flip).toBeGreaterThan(10);
    await generateMonthlyWorkbook(inputs, { outFile: file, spareRows: 5, generatedAt: 'x' });
    const width = ENTRY_COLUMNS.length + 6;
    const cached = await readSheetRows(await openXlsx(file), SHEET.entries, width);
    const engine = await sheetsByHyperFormula(file, [SHEET.entries, SHEET.roster]);
    const hf = engine.get(SHEET.entries)!;
    const header = hf[0];
    const differ: string[] = [];
    let compared = 0;
    let firstRowsSeen = 0;
    for (const [row, cells] of cached) {
      if (row === 1) continue;
      for (let c = ENTRY_FIRST_HELPER - 1; c < header.length; c++) {
        const a = cells[c] ?? null;
        const b = hf[row - 1]?.[c] ?? null;
        const blank = (x: unknown) => x === null || x === '';
        const same =
          (blank(a) && blank(b)) ||
          (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : String(a) === String(b));
        compared++;
        if (header[c] === '各键首行' && typeof a === 'string' && a.split(';').length > 3) firstRowsSeen++;
        if (!same && differ.length < 20)
          differ.push(`行${row} ${header[c]}: 缓存 ${JSON.stringify(a)} ≠ 公式 ${JSON.stringify(b)}`);
      }
    }
    // 员工名单's helpers as well: 工号数字, 记录首行 (each employee's first entry, the head of the chain),
    // 入职日期文字 and 入职日期值
    const roster = await readSheetRows(await openXlsx(file), SHEET.roster, ROSTER_COLS.joinDay);
    const rosterHf = engine.get(SHEET.roster)!;
    let heads = 0;
    for (const [row, cells] of roster) {
      if (row === 1) continue;
      const head = cells[ROSTER_COLS.firstEntry - 1];
      if (typeof head === 'number' && head > 0) heads++;
      for (let c = ROSTER_COLS.digits - 1; c < ROSTER_COLS.joinDay; c++) {
        const a = cells[c] ?? '';
        const b = rosterHf[row - 1]?.[c] ?? '';
        if (a !== b)
          differ.push(`员工名单 行${row} ${rosterHf[0][c]}: 缓存 ${JSON.stringify(a)} ≠ 公式 ${JSON.stringify(b)}`);
      }
    }
    expect(roster.get(4)?.[ROSTER_COLS.joinDay - 1]).toBe(42806); // 2017-03-12
    expect(roster.get(5)?.[ROSTER_COLS.joinText - 1]).toBe('2017-13-1');
    expect(heads).toBe(8);
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(320 * 20);
    // the map holds several keys on many rows: the chains were exercised
    expect(firstRowsSeen).toBeGreaterThan(50);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
