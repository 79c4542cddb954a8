import { SHEET } from '../../core/workbook/sheets';
import { CLOSING_DATA_SHEET, CLOSING_HEADERS, CLOSING_SHEET, closedText } from '../../core/closing/record';
import { LiveSession } from '../../addin/live/session';
import { FakeExcel } from '../../fakes/excel';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { closeWorkbook } from '../../scripts/closing/close';
import { cli, tmpDir, SAMPLES } from '../workbook/helpers';
import { liveOn, preparedWorkbook } from './helpers';

const PRINT = 'ab'.repeat(32);

/** A prepared month with one entry out of range, then closed as `kaohe close` writes it. */
async function closedWorkbook(versions: Array<[number, string, string]> = [[1, '李主管', '2026-12-01 10:00']]) {
  const fake = await preparedWorkbook();
  const entries = fake.sheet(SHEET.entries);
  ['2026-11-05', '0007', 'L04', '', 7, '', '迟到40分钟'].forEach((v, c) => entries.set(2, c, v));
  fake.addSheet(CLOSING_SHEET, [
    [...CLOSING_HEADERS],
    ...versions.map(([v, by, at]) => [v, by, at, PRINT, v === 1 ? '2026-11 月度考核定稿' : '申诉更正']),
  ]);
  fake.addSheet(CLOSING_DATA_SHEET, [['{"format":1,"sheets":[]}']]);
  return fake;
}

function snapshotOf(fake: FakeExcel) {
  return JSON.stringify(
    [SHEET.roster, SHEET.entries, SHEET.adjustments].map((n) => {
      const s = fake.sheet(n);
      return [n, s.row(1, 14), s.row(2, 14), s.row(3, 14), [...s.fills], [...s.notes]];
    }),
  );
}

describe('a closed (定稿) workbook in the add-in', () => {
  test('the session reads the latest 定稿记录 version; the check lists problems but writes nothing', async () => {
    const fake = await closedWorkbook([
      [1, '李主管', '2026-12-01 10:00'],
      [2, '王经理', '2026-12-05 16:30'],
    ]);
    const before = snapshotOf(fake);
    const writes = fake.writes;
    const { session, settle } = await liveOn(fake, true);
    expect(session.state.closed).toMatchObject({
      version: 2,
      by: '王经理',
      at: '2026-12-05 16:30',
      fingerprint: PRINT,
    });
    expect(closedText(session.state.closed!)).toBe('已定稿（第2版，定稿人 王经理，时间 2026-12-05 16:30）');
    // The problem is still found and listed in the pane…
    expect(session.state.problems.map((p) => [p.row, p.code])).toEqual([[2, 'POINTS_OUT_OF_RANGE']]);
    // …but no mark, note, 核对 verdict or 校验 header is written into the protected sheets.
    expect(fake.writes).toBe(writes);
    expect(snapshotOf(fake)).toBe(before);

    // An edit (someone unprotected the sheet) is checked, still without writing.
    await fake.userEdit(SHEET.entries, 'E2', [[9]]);
    await settle();
    expect(fake.writes).toBe(writes); // user edits are not counted: nothing of the add-in
    expect(fake.sheet(SHEET.entries).fills.size).toBe(0);
  });

  test('the entry form and 作废 refuse to write and say why', async () => {
    const fake = await closedWorkbook();
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    const writes = fake.writes;
    const why =
      '本工作簿已定稿（第1版，定稿人 李主管，时间 2026-12-01 10:00），各工作表已保护，窗格不会写入。需要更正时请用 npx kaohe correct 生成新版本（记入「更正记录」）。';
    await expect(
      session.appendRow(SHEET.entries, { date: 46331, id: '0007', code: 'L01', count: 1, status: '有效' }),
    ).rejects.toThrow(why);
    await expect(session.updateRow(SHEET.entries, 2, { status: '作废', voidReason: '申诉成立' })).rejects.toThrow(why);
    expect(fake.writes).toBe(writes);
    expect(fake.sheet(SHEET.entries).row(3, 3)).toEqual(['', '', '']);
  });

  test('an open (not closed) workbook is unaffected: marks are written as before', async () => {
    const fake = await preparedWorkbook();
    const entries = fake.sheet(SHEET.entries);
    ['2026-11-05', '0007', 'L04', '', 7, '', '迟到40分钟'].forEach((v, c) => entries.set(2, c, v));
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    expect(session.state.closed).toBeNull();
    expect(entries.fills.size).toBeGreaterThan(0);
  });

  test('the 定稿记录 sheet of a file written by kaohe close (read by exceljs as Office.js gives values) is understood', async () => {
    const dir = await tmpDir('addin-closed');
    const args = [
      '--roster',
      path.join(SAMPLES, '员工名单.csv'),
      '--entries',
      path.join(SAMPLES, '考核记录-2026-10.csv'),
    ];
    const r = await cli(['monthly', ...args, '--month', '2026-10', '--out', dir]);
    expect(r.code).toBe(0);
    const { file, record } = await closeWorkbook({
      workbook: path.join(dir, '月度考核-2026-10.xlsx'),
      by: '张敏',
      outDir: path.join(dir, '定稿'),
      now: new Date('2026-11-03T02:15:00Z'),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet(CLOSING_SHEET)!;
    const rows: (string | number)[][] = [];
    ws.eachRow((row) => rows.push((row.values as (string | number)[]).slice(1)));
    const fake = await preparedWorkbook();
    fake.addSheet(CLOSING_SHEET, rows);
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    expect(session.state.closed).toEqual(record);
    expect(closedText(session.state.closed!)).toBe('已定稿（第1版，定稿人 张敏，时间 2026-11-03 10:15）');
  }, 120000);
});
