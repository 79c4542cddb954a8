/**
 * Undo: every Office.js write can clear Excel's undo list (and where it does not, Ctrl+Z first undoes
 * the add-in's write). So the add-in writes only when the check's result changed: reopening the pane,
 * 全部重新检查, or retyping a value as it was writes nothing.
 */
import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { MARK_FILL } from '../../addin/excel/marks';
import { LiveSession } from '../../addin/live/session';
import { liveOn, preparedWorkbook } from './helpers';

const K = ENTRY_COLS.check - 1;
const ROWS = [
  ['2026-11-05', '0007', 'L04', '', 7, '', '', '', '', ''], // 分值 out of range
  ['2026-11-06', '9999', 'L01', '', '', '', '', '', '', ''], // 工号 unknown
  ['2026-11-07', '0031', 'B03', '', '', '', '顶班', '', '', ''],
];

describe.each([true, false])('nothing is written when nothing changed (notes: %s)', (notes) => {
  async function checked() {
    const fake = await preparedWorkbook();
    const live = await liveOn(fake, notes);
    await fake.userEdit(SHEET.entries, 'A2:J4', ROWS);
    await live.settle();
    expect(fake.sheet(SHEET.entries).get(2, K)).toBe('退回');
    return { fake, ...live };
  }

  test('reopening the pane: the first full check of a new session writes nothing', async () => {
    const { fake } = await checked();
    const entries = fake.sheet(SHEET.entries);
    const fills = new Map(entries.fills);
    fake.resetCounters();
    const writesBefore = fake.writes;
    const again = new LiveSession(fake.run, { notes });
    await again.fullCheck();
    expect(fake.writes - writesBefore).toBe(0);
    expect(again.state.problems).toHaveLength(2);
    expect(entries.fills).toEqual(fills);
    expect([2, 3, 4].map((r) => entries.get(r, K))).toEqual(['退回', '退回', '计入']);
  });

  test('全部重新检查 and a value retyped as it was write nothing; a real change writes only its row', async () => {
    const { fake, session, settle } = await checked();
    const entries = fake.sheet(SHEET.entries);
    let writes = fake.writes;
    await session.fullCheck();
    expect(fake.writes - writes).toBe(0);
    await fake.userEdit(SHEET.entries, 'E2', [[7]]);
    await settle();
    expect(fake.writes - writes).toBe(0);
    // The fix: this row's fill (and note) go, its 核对 becomes 计入; nothing else is written.
    writes = fake.writes;
    await fake.userEdit(SHEET.entries, 'E2', [[3]]);
    await settle();
    expect(entries.fills.get(`2,${ENTRY_COLS.points - 1}`)).toBeUndefined();
    expect(entries.get(2, K)).toBe('计入');
    // The fill cleared, the note deleted or the 校验 text emptied, 核对 rewritten: three writes.
    expect(fake.writes - writes).toBe(3);
    expect([...entries.fills.values()].filter((v) => v === MARK_FILL)).toHaveLength(1);
  });
});
