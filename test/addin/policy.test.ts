/**
 * The pane checks the policy the workbook itself holds in 考核项目 (read with the CLI's reader,
 * core/workbook/policy-sheet.ts), not the preset its 方案ID names.
 */
import { setupWorkbook } from '../../addin/excel/setup';
import { LiveSession } from '../../addin/live/session';
import { presetPolicy } from '../../core/policy/presets';
import { POLICY_BLOCKS } from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';
import { FakeExcel } from '../../fakes/excel';
import { ROSTER, liveOn, preparedWorkbook } from './helpers';

/** The 考核项目 cell of an item's column (header as in POLICY_BLOCKS.items), found through KH_ITEMS. */
function itemCell(fake: FakeExcel, code: string, header: string): [number, number] {
  const ref = fake.names.get(POLICY_BLOCKS.items.name)!;
  const m = /!\$([A-Z]+)\$(\d+)/.exec(ref)!;
  const col0 = m[1].split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const items = fake.sheet(SHEET.items);
  for (let r = Number(m[2]) + 1; r < Number(m[2]) + 200; r++) {
    if (items.get(r, col0) === code) return [r, col0 + POLICY_BLOCKS.items.headers.indexOf(header as never)];
  }
  throw new Error(`no ${code}`);
}

describe("the policy of the live check is the workbook's 考核项目", () => {
  test('HR widens L04 to 2–9 in 考核项目: an L04 of 9 points counts, as the formulas and kaohe score --workbook say', async () => {
    const fake = await preparedWorkbook();
    const [r, c] = itemCell(fake, 'L04', '分值上限');
    expect(fake.sheet(SHEET.items).get(r, c)).toBe(5);
    fake.sheet(SHEET.items).set(r, c, 9);
    const { session, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-05', '0007', 'L04', '', 9, '', '', '', '', '']]);
    await settle();
    expect(session.state.blocker).toBe('');
    expect(session.state.problems).toEqual([]);
    expect(session.state.result!.employees.find((e) => e.id === '0007')!.deduction).toBe(9);
  });

  test('a workbook made from a custom policy file is checked with that policy, not refused', async () => {
    const fake = new FakeExcel();
    const roster = fake.addSheet(SHEET.roster, [['工号', '姓名', '组别', '岗位', '入职日期', '状态', '核对']]);
    ROSTER.forEach((row, i) => row.forEach((v, col) => roster.set(i + 2, col, v)));
    const base = presetPolicy('kefu-daily');
    const custom = { ...base, id: 'acme-2026', name: '某物业客服考核', base: 90 };
    await setupWorkbook(fake.run, {
      policy: custom,
      month: '2026-11',
      features: { dataValidation: true },
      now: () => '2026-11-01T00:00:00Z',
    });
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    expect(session.state.blocker).toBe('');
    expect(session.state.settings).toEqual(expect.objectContaining({ month: '2026-11', policyId: 'acme-2026' }));
    expect(session.state.settings!.policy!.name).toBe('某物业客服考核');
    expect(session.state.result!.employees.find((e) => e.id === '0031')!.base).toBe(90);
  });

  test('a damaged 考核项目 (a block header renamed) stops the check with a message that says what and how to fix', async () => {
    const fake = await preparedWorkbook();
    const [r, c] = itemCell(fake, 'L04', '分值上限');
    const items = fake.sheet(SHEET.items);
    const ref = /!\$([A-Z]+)\$(\d+)/.exec(fake.names.get(POLICY_BLOCKS.items.name)!)!;
    items.set(Number(ref[2]), c, '上限');
    expect(r).toBeGreaterThan(Number(ref[2]));
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    expect(session.state.blocker).toBe(
      '本工作簿 不是可识别的月度考核工作簿（「考核项目」表缺少参数区「代码…」的表头「分值上限」）。请改正「考核项目」表（表头须与初始化时写入的一致）；若本工作簿尚未初始化，请点「初始化考核表」。',
    );
  });
});
