/**
 * One format: a workbook written by the Node generator (kaohe monthly), opened where the add-in runs,
 * is understood by the add-in as is — it finds the month and policy, checks every row, and its
 * 核对 verdicts and problems agree with what the generator wrote.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { presetPolicy } from '../../core/policy/presets';
import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { isoDateToSerial } from '../../core/values';
import { generateMonthlyWorkbook } from '../../scripts/workbook/monthly';
import { readMonthlyInputs } from '../../scripts/month-inputs';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { readMonthlyWorkbook } from '../../scripts/workbook/read';
import { LiveSession } from '../../addin/live/session';
import { FakeExcel } from '../../fakes/excel';
import { sample } from '../helpers/cli';

test('the add-in reads a kaohe monthly workbook and agrees with its 核对 column and problems', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-addin-'));
  const file = path.join(dir, 'monthly.xlsx');
  const inputs = await readMonthlyInputs(
    {
      roster: sample('员工名单.csv'),
      entries: sample('考核记录-2026-10.csv'),
      adjustments: sample('额外奖惩-2026-10.csv'),
      previous: [],
    },
    presetPolicy('kefu-daily'),
    '2026-10',
  );
  const cli = await generateMonthlyWorkbook(inputs, { outFile: file, generatedAt: '2026-11-01 00:00:00 UTC' });

  // Load the file's cells as Office.js would show them (formula results, numbers as numbers).
  const book = await openXlsx(file);
  const fake = new FakeExcel();
  for (const name of book.sheets.keys()) {
    const sheet = fake.addSheet(name);
    const rows = await readSheetRows(book, name, 80);
    for (const [r, cells] of rows)
      cells.forEach((v, c) => sheet.set(r, c, v instanceof Date ? isoDateToSerial(v.toISOString().slice(0, 10)) : v));
  }
  // Defined names too (the add-in finds 考核项目's blocks through them, as the CLI does).
  for (const [name, ref] of book.names) fake.names.set(name, `=${ref}`);
  const K = ENTRY_COLS.check - 1;
  const entries = fake.sheet(SHEET.entries);
  const lastRow = inputs.entries.length + 1;
  const written = Array.from({ length: lastRow - 1 }, (_, i) => entries.get(i + 2, K));
  expect(written.filter((v) => v === '退回').length).toBeGreaterThan(0);

  const session = new LiveSession(fake.run, { notes: true });
  await session.fullCheck();
  expect(session.state.blocker).toBe('');
  expect(session.state.settings).toEqual(expect.objectContaining({ month: '2026-10', policyId: 'kefu-daily' }));
  // The policy the pane read from 考核项目 is the one the CLI reads back from the file.
  expect(session.state.settings!.policy).toEqual((await readMonthlyWorkbook(file)).policy);
  // The add-in repainted 核对 from its own check: identical to what the generator wrote.
  expect(Array.from({ length: lastRow - 1 }, (_, i) => entries.get(i + 2, K))).toEqual(written);
  // Same problems (codes per row) as the CLI found reading the CSV files.
  const key = (p: { row: number; code: string }) => `${p.row}:${p.code}`;
  const cliEntries = cli.rejected
    .filter((p) => p.file.includes('考核记录'))
    .map(key)
    .sort();
  expect(
    session.state.problems
      .filter((p) => p.file === SHEET.entries)
      .map(key)
      .sort(),
  ).toEqual(cliEntries);
  // Same scores.
  expect(session.state.result!.employees.map((e) => [e.id, e.score, e.grade, e.payFloat])).toEqual(
    cli.employees.map((e) => [e.id, e.score, e.grade, e.payFloat]),
  );
  // And the generator's 月度汇总 values pass the consistency check.
  const check = await session.consistency();
  expect(check).toEqual({ differences: [], syncs: expect.any(Number), manualCalculation: false });
  fs.rmSync(dir, { recursive: true, force: true });
}, 60000);
