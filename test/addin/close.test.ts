/**
 * The pane's 定稿 button (LiveSession.close → addin/excel/closing.ts) against the fake Excel: the same
 * 定稿记录 and stored snapshot `kaohe close` writes, every sheet protected, nothing written when a
 * check fails. (test/addin/close-cli.test.ts has the CLI verify a workbook closed this way.)
 */
import { diffSnapshots, fingerprint } from '../../core/closing/fingerprint';
import {
  CLOSING_DATA_SHEET,
  CLOSING_HEADERS,
  CLOSING_SHEET,
  closedText,
  closingReadmeLines,
} from '../../core/closing/record';
import { COUNTED_SHEETS, parseSnapshotCells } from '../../core/closing/snapshot';
import { SHEET } from '../../core/workbook/sheets';
import { NO_PROTECTION, snapshotInExcel } from '../../addin/excel/closing';
import { LiveSession } from '../../addin/live/session';
import { FakeExcel, typedValue } from '../../fakes/excel';
import { MONTH, preparedWorkbook } from './helpers';

const NOW = new Date('2026-12-01T02:15:00Z'); // 10:15 in Beijing

async function monthWithEntries(): Promise<FakeExcel> {
  const fake = await preparedWorkbook();
  const entries = fake.sheet(SHEET.entries);
  [
    ['2026-11-05', '0007', 'L04', '', 3, '', '迟到15分钟'],
    ['2026-11-06', '0012', 'B03', '', '', '', '顶班'],
    ['2026-11-07', '0031', 'L04', '', 9, '', '分值超出范围'],
  ].forEach((row, i) => row.forEach((v, c) => entries.set(i + 2, c, v)));
  return fake;
}

/** Every cell of the sheets the add-in never writes when closing (the counted sheets). */
function countedCells(fake: FakeExcel): string {
  return JSON.stringify(COUNTED_SHEETS.map((c) => [c.sheet, [...fake.sheet(c.sheet).cells]]));
}

async function closedSession(opts: { by?: string; password?: string } = {}) {
  const fake = await monthWithEntries();
  const session = new LiveSession(fake.run, { notes: true, calculationMode: true });
  await session.fullCheck();
  const before = countedCells(fake);
  const report = await session.close({ by: opts.by ?? '张敏', password: opts.password, now: NOW });
  return { fake, session, report, before };
}

describe('定稿 in the add-in', () => {
  test('writes 定稿记录 (as kaohe close does), the stored snapshot very hidden, who/when in 说明; the pane shows 已定稿', async () => {
    const { fake, session, report, before } = await closedSession();
    const record = {
      version: 1,
      by: '张敏',
      at: '2026-12-01 10:15',
      fingerprint: report.record.fingerprint,
      note: `${MONTH} 月度考核定稿`,
    };
    expect(report.record).toEqual(record);
    expect(report.record.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // 定稿记录: the header and one row, text cells formatted as text so Excel keeps them as typed.
    const sheet = fake.sheet(CLOSING_SHEET);
    expect(sheet.row(1, 5)).toEqual([...CLOSING_HEADERS]);
    expect(sheet.row(2, 5)).toEqual([1, '张敏', '2026-12-01 10:15', record.fingerprint, '2026-11 月度考核定稿']);
    expect(['B2', 'C2', 'D2', 'E2'].map((a) => sheet.formats.get(`2,${a.charCodeAt(0) - 65}`))).toEqual([
      '@',
      '@',
      '@',
      '@',
    ]);
    // 定稿数据: very hidden; its column A is the snapshot whose fingerprint is the record's.
    const data = fake.sheet(CLOSING_DATA_SHEET);
    expect(data.visibility).toBe('VeryHidden');
    const stored = parseSnapshotCells([...data.cells.values()] as string[]);
    expect(stored).toEqual(report.snapshot);
    expect(fingerprint(stored!)).toBe(record.fingerprint);
    expect(stored!.sheets.map((s) => s.sheet)).toEqual(COUNTED_SHEETS.map((c) => c.sheet));
    // The snapshot holds the entries as the sheet has them (dates as serials, as Excel stores them).
    const entries = stored!.sheets.find((s) => s.sheet === SHEET.entries)!;
    expect(entries.rows.find(([r]) => r === 2)![1].slice(1, 5)).toEqual(['0007', 'L04', '', '3']);
    // 说明: the CLI's lines, one empty row below what was there.
    const readme = fake.sheet(SHEET.readme);
    const last = readme.used()!.r1;
    const lines = closingReadmeLines(record);
    expect(readme.row(last - lines.length + 1, 2)).toEqual(lines[0]);
    expect(readme.row(last - lines.length, 2)).toEqual(['', '']);
    // Every sheet is protected; the counted cells are exactly as they were.
    expect(fake.sheets.filter((s) => !s.protection).map((s) => s.name)).toEqual([]);
    expect(report.alreadyProtected).toEqual([]);
    expect(countedCells(fake)).toBe(before);
    // The pane now reads the workbook as closed, and the form refuses to write.
    expect(session.state.closed).toEqual(record);
    expect(closedText(session.state.closed!)).toBe('已定稿（第1版，定稿人 张敏，时间 2026-12-01 10:15）');
    await expect(session.updateRow(SHEET.entries, 2, { status: '作废', voidReason: '申诉成立' })).rejects.toThrow(
      '各工作表已保护，窗格不会写入',
    );
    // The rejected row is still reported (closing does not hide problems).
    expect(report.rejected).toBe(1);
  });

  test('the password is given to every sheet protection', async () => {
    const { fake } = await closedSession({ password: 'hr-2026' });
    expect(new Set(fake.sheets.map((s) => s.protection?.password))).toEqual(new Set(['hr-2026']));
  });

  test('the fingerprint is what core computes from the counted cells, and an edit after closing is named', async () => {
    const { fake, report } = await closedSession();
    const entries = fake.sheet(SHEET.entries);
    // Someone unprotects 考核记录 and changes a 分值.
    entries.protection = null;
    entries.set(2, 4, 5);
    const now = await fake.run((c) => snapshotInExcel(c));
    expect(fingerprint(now)).not.toBe(report.record.fingerprint);
    expect(diffSnapshots(report.snapshot, now)).toEqual([
      { sheet: SHEET.entries, row: 2, column: 'E（分值）', before: '3', after: '5' },
    ]);
    entries.set(2, 4, 3);
    expect(fingerprint(await fake.run((c) => snapshotInExcel(c)))).toBe(report.record.fingerprint);
  });

  test('a 定稿人 name is required: nothing is written without one', async () => {
    const fake = await monthWithEntries();
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    const writes = fake.writes;
    await expect(session.close({ by: '  ', now: NOW })).rejects.toThrow('请填写定稿人姓名');
    expect(fake.writes).toBe(writes);
    expect(fake.has(CLOSING_SHEET)).toBe(false);
  });

  test('an Excel without worksheet protection gets a clear Chinese message and an untouched workbook', async () => {
    const fake = await monthWithEntries();
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    fake.noProtection = true;
    const writes = fake.writes;
    const sheets = fake.sheets.map((s) => s.name);
    await expect(session.close({ by: '张敏', now: NOW })).rejects.toThrow(NO_PROTECTION);
    expect(fake.writes).toBe(writes);
    expect(fake.sheets.map((s) => s.name)).toEqual(sheets);
    expect(session.state.closed).toBeNull();
  });

  test('manual calculation is refused before anything is written (the results may be stale)', async () => {
    const fake = await monthWithEntries();
    fake.calculationMode = 'Manual';
    const session = new LiveSession(fake.run, { notes: true, calculationMode: true });
    await session.fullCheck();
    const writes = fake.writes;
    await expect(session.close({ by: '张敏', now: NOW })).rejects.toThrow('手动计算');
    expect(fake.writes).toBe(writes);
    expect(fake.has(CLOSING_SHEET)).toBe(false);
  });

  test('a closed workbook cannot be closed again', async () => {
    const { fake, session } = await closedSession();
    const writes = fake.writes;
    await expect(session.close({ by: '王经理', now: NOW })).rejects.toThrow(
      '已定稿（第1版，定稿人 张敏，时间 2026-12-01 10:15）',
    );
    expect(fake.writes).toBe(writes);
  });

  test('a sheet HR protected already keeps its protection and is reported; the others are protected', async () => {
    const fake = await monthWithEntries();
    fake.sheet(SHEET.items).protection = { password: 'hr-own' };
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    const report = await session.close({ by: '张敏', password: 'p', now: NOW });
    expect(report.alreadyProtected).toEqual([SHEET.items]);
    expect(fake.sheet(SHEET.items).protection).toEqual({ password: 'hr-own' });
    expect(fake.sheet(SHEET.entries).protection).toEqual({ password: 'p' });
  });

  test('a 定稿数据 left by an interrupted 定稿 (no 定稿记录) is replaced', async () => {
    const fake = await monthWithEntries();
    fake.addSheet(CLOSING_DATA_SHEET, [['{"format":1,"sheets":[]}']]);
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    const report = await session.close({ by: '张敏', now: NOW });
    expect(fake.sheets.filter((s) => s.name === CLOSING_DATA_SHEET)).toHaveLength(1);
    expect(parseSnapshotCells([...fake.sheet(CLOSING_DATA_SHEET).cells.values()] as string[])).toEqual(report.snapshot);
  });

  test('where Excel turns typed text into numbers, the record still reads back as written (text cells are formatted as text)', async () => {
    // The fake's coercion is Excel's: a date-time text or a digits-and-e string becomes a number.
    expect(typedValue('2026-12-01 10:15')).toBeCloseTo(46357.427083, 5);
    expect(typedValue('12e45')).toBe(12e45);
    const fake = await monthWithEntries();
    fake.coerceTypedText = true;
    const session = new LiveSession(fake.run, { notes: true });
    await session.fullCheck();
    const report = await session.close({ by: '2026', now: NOW });
    expect(fake.sheet(CLOSING_SHEET).row(2, 3)).toEqual([1, '2026', '2026-12-01 10:15']);
    expect(session.state.closed).toEqual(report.record);
  });

  test('the protected sheets refuse writes, as in Excel', async () => {
    const { fake } = await closedSession();
    await expect(
      fake.run(async (c) => {
        c.workbook.worksheets.getItemOrNullObject(SHEET.entries).getRange('A9').values = [['x']];
        await c.sync();
      }),
    ).rejects.toThrow('AccessDenied');
  });
});
