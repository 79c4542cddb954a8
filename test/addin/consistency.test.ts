/**
 * 一致性检查 against what the workbook's formulas really compute: the fake Excel evaluates the
 * formulas the add-in's 初始化考核表 wrote (HyperFormula, fakes/excel-calc.ts), and the add-in
 * compares them with core's results.
 */
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { liveOn, preparedWorkbook } from './helpers';

describe('一致性检查 with formulas evaluated by a spreadsheet engine', () => {
  test('the formulas of a checked month agree with core; a total typed over its formula is reported', async () => {
    const fake = await preparedWorkbook();
    fake.calculate();
    const { session, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J6', [
      ['2026-11-05', '0007', 'L04', '', 3, '', '迟到', '', '', ''],
      ['2026-11-06', '0007', 'B03', '', '', '', '顶班', '', '', ''],
      ['2026-11-07', '0031', 'L04', '', 9, '', '', '', '', ''], // 分值 out of range: 退回, not counted
      ['2026-11-08', '9999', 'L01', '', '', '', '', '', '', ''], // unknown 工号: 退回
      ['2026-11-09', '0012', 'M01', '', '', '', '', '', '', ''],
    ]);
    await settle();
    const out = await session.consistency();
    if (!('differences' in out)) throw new Error(out.blocker);
    expect(out.differences.map((d) => d.message)).toEqual([]);
    const summary = fake.sheet(SHEET.summary);
    const total = SUMMARY_HEADERS.indexOf('总分');
    expect(fake.shown(summary, 2, total)).toBe(session.state.result!.employees.find((e) => e.id === '0007')!.score);
    summary.set(2, total, 99);
    const bad = await session.consistency();
    if (!('differences' in bad)) throw new Error(bad.blocker);
    expect(bad.differences.map((d) => [d.row, d.column, d.actual])).toEqual(
      expect.arrayContaining([[2, '总分', '99']]),
    );
  }, 60000);
});
