/**
 * Sheets as HR handles them: renamed (followed by id), added later (attached and checked), sorted
 * (rows move with their fills and notes: the sheet is checked again from what it shows).
 */
import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { MARK_FILL } from '../../addin/excel/marks';
import { LiveSession } from '../../addin/live/session';
import { liveOn, preparedWorkbook } from './helpers';

const K = ENTRY_COLS.check - 1;
const key = (p: { file: string; row: number; code: string }) => `${p.file}:${p.row}:${p.code}`;

describe('renamed, added and sorted sheets', () => {
  test('a renamed 考核记录 is still checked (found by id) and the pane says it was renamed', async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    fake.renameSheet(SHEET.entries, '考核记录11月');
    await fake.userEdit('考核记录11月', 'A2:J2', [['2026-11-05', '9999', 'L01', '', '', '', '', '', '', '']]);
    await settle();
    expect(session.state.problems.map(key)).toEqual([`${SHEET.entries}:2:EMPLOYEE_UNKNOWN`]);
    expect(fake.sheet('考核记录11月').get(2, K)).toBe('退回');
    await session.fullCheck();
    expect(session.state.blocker).toBe('');
    expect(session.state.renamed).toEqual([{ sheet: SHEET.entries, now: '考核记录11月' }]);
    expect(fake.has(SHEET.entries)).toBe(false);
  });

  test('a 额外奖惩 sheet added after the pane connected (copied from last month) gets handlers and is checked', async () => {
    const fake = await preparedWorkbook();
    const headers = fake.sheet(SHEET.adjustments).row(1, 5);
    fake.sheets = fake.sheets.filter((s) => s.name !== SHEET.adjustments);
    const { session, settle } = await liveOn(fake, true);
    expect(session.state.blocker).toContain(SHEET.adjustments);
    await fake.userAddSheet(SHEET.adjustments, [headers as Array<string | number>]);
    await settle();
    expect(session.state.blocker).toBe('');
    await fake.userEdit(SHEET.adjustments, 'A2:D2', [['2026-11', '9999', 5, '表扬']]);
    await settle();
    expect(session.state.problems.filter((p) => p.file === SHEET.adjustments).map((p) => [p.row, p.code])).toEqual([
      [2, 'EMPLOYEE_UNKNOWN'],
    ]);
  });

  test.each([true, false])(
    'sorting 考核记录 moves marks with their rows; the check follows (notes: %s)',
    async (notes) => {
      const fake = await preparedWorkbook();
      const { session, watcher, settle } = await liveOn(fake, notes);
      const entries = fake.sheet(SHEET.entries);
      await fake.userEdit(SHEET.entries, 'A2:J5', [
        ['2026-11-05', '0031', 'L04', '', 7, '', '', '', '', ''],
        ['2026-11-06', '0007', 'L01', '', '', '', '', '', '', ''],
        ['2026-11-07', '9999', 'L01', '', '', '', '', '', '', ''],
        ['2026-11-08', '0012', 'B02', '', '', '', '', '', '', ''],
      ]);
      await settle();
      const width = entries.row(1, 40).filter((h) => h !== '').length;
      await fake.userSort(SHEET.entries, 2, 5, 0, width - 1, 1); // the whole table, by 工号
      await settle();
      expect(watcher.pendingSheets).toEqual([]);
      expect(entries.row(2, 10)[1]).toBe('0007');
      const live = session.state.problems.map(key).sort();
      const verdicts = [2, 3, 4, 5].map((r) => entries.get(r, K));
      const fills = [...entries.fills.entries()]
        .filter(([, v]) => v === MARK_FILL)
        .map(([k]) => k)
        .sort();
      const fresh = new LiveSession(fake.run, { notes });
      await fresh.fullCheck();
      expect(live).toEqual(fresh.state.problems.map(key).sort());
      expect(live).toEqual([`${SHEET.entries}:4:POINTS_OUT_OF_RANGE`, `${SHEET.entries}:5:EMPLOYEE_UNKNOWN`]);
      expect(verdicts).toEqual(['计入', '计入', '退回', '退回']);
      expect(fills).toEqual(['4,4', '5,1']);
      if (notes) expect([...entries.notes.keys()].sort()).toEqual(['B5', 'E4']);
    },
  );
});
