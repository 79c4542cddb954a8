import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { isoDateToSerial } from '../../core/values';
import { REQUEST_BUDGET_BYTES } from '../../addin/excel/io';
import { MARK_FILL } from '../../addin/excel/marks';
import { LiveSession } from '../../addin/live/session';
import { parsePastMonth } from '../../addin/live/history';
import { liveOn, preparedWorkbook } from './helpers';

const K = ENTRY_COLS.check - 1;

describe('录入, 作废, 一致性检查, full check', () => {
  test('the form appends a row after the last entry (looked up in Excel first), checks it in three syncs, and its echo is ignored', async () => {
    const fake = await preparedWorkbook();
    fake.triggerSource = false; // old host: the echo must be recognised by address
    const { session, watcher, settle } = await liveOn(fake, true);
    session.ownWrite = (s, a) => watcher.expectEcho(s, a);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-02', '0031', 'L01', '', '', '', '', '', '', '']]);
    await settle();
    fake.resetCounters();
    const { row, report } = await session.appendRow(
      SHEET.entries,
      {
        date: isoDateToSerial('2026-11-20'),
        id: '0031',
        code: 'T01',
        minutes: 25,
        note: '=未及时处理',
        status: '有效',
      },
      { date: 'yyyy-mm-dd', id: '@' },
    );
    await settle();
    expect(row).toBe(3);
    // A look at the rows below the cached end, the write with the read-back, the marks.
    expect(report.syncs).toBe(3);
    expect(fake.syncs).toBe(3); // nothing re-triggered by the echo
    const entries = fake.sheet(SHEET.entries);
    expect(entries.get(3, 2)).toBe('T01');
    expect(entries.get(3, 6)).toBe('=未及时处理');
    expect(entries.formats.get('3,6')).toBe('@');
    expect(entries.get(3, K)).toBe('计入');
    const wang = session.state.result!.employees.find((e) => e.id === '0031')!;
    expect(wang.deduction).toBe(12); // L01 2 + T01 25 min → medium 10
    expect(wang.breakdown.find((b) => b.code === 'T01')!.rule).toBe('超时25分钟 → 中度违规 10分');
  });

  test('the form never overwrites a row HR pasted whose check has not run yet: it appends below it', async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    // The paste's change event is still in the debounce when HR clicks 添加.
    await fake.userEdit(SHEET.entries, 'A2:J3', [
      ['2026-11-02', '0031', 'L01', '', '', '', '粘贴1', '', '', ''],
      ['2026-11-03', '0007', 'L01', '', '', '', '粘贴2', '', '', ''],
    ]);
    const { row } = await session.appendRow(
      SHEET.entries,
      { date: isoDateToSerial('2026-11-20'), id: '0012', code: 'L01', status: '有效' },
      { date: 'yyyy-mm-dd', id: '@' },
    );
    await settle();
    expect(row).toBe(4);
    const entries = fake.sheet(SHEET.entries);
    expect([entries.get(2, 6), entries.get(3, 6), entries.get(4, 1)]).toEqual(['粘贴1', '粘贴2', '0012']);
    expect([2, 3, 4].map((r) => entries.get(r, K))).toEqual(['计入', '计入', '计入']);
  });

  test("the form refuses, with core's messages, an entry whose 分值 is out of range or a second B02 this month", async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-02', '0012', 'B02', '', '', '', '', '', '', '']]);
    await settle();
    fake.resetCounters();
    const date = isoDateToSerial('2026-11-05');
    expect(session.previewEntry({ date, id: '0007', code: 'L09', points: 3 }).map((p) => p.message)).toEqual([
      '分值 3 超出「L09 上班时间谈论与本职工作无关的事情」的范围 1–2 分：请填写范围内的分值。',
    ]);
    expect(session.previewEntry({ date, id: '0012', code: 'B02' }).map((p) => p.code)).toEqual([
      'ONCE_A_MONTH_DUPLICATE',
    ]);
    expect(session.previewEntry({ date, id: '0007', code: 'L09', points: 2 })).toEqual([]);
    expect(fake.syncs).toBe(0); // checked from the cache, nothing read or written
  });

  test('voiding keeps the row, marks it 作废 and stops counting it; 作废 without reason is rejected', async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-02', '0007', 'S01', '', '', '', '旷工', '', '', '']]);
    await settle();
    expect(session.state.result!.employees.find((e) => e.id === '0007')!.score).toBe(60);
    await session.updateRow(SHEET.entries, 2, { status: '作废', voidReason: '记错人' });
    const entries = fake.sheet(SHEET.entries);
    expect(entries.row(2, 10)).toEqual(['2026-11-02', '0007', 'S01', '', '', '', '旷工', '', '作废', '记错人']);
    expect(entries.get(2, K)).toBe('作废');
    expect(session.state.result!.employees.find((e) => e.id === '0007')!.score).toBe(80);
    await fake.userEdit(SHEET.entries, 'J2', [['']]);
    await settle();
    expect(entries.get(2, K)).toBe('退回');
    expect(entries.fills.get(`2,${ENTRY_COLS.voidReason - 1}`)).toBe(MARK_FILL);
  });

  test('一致性检查 notices manual calculation: the formulas may show stale results, and the pane says so', async () => {
    const fake = await preparedWorkbook();
    fake.calculationMode = 'Manual';
    const session = new LiveSession(fake.run, { notes: true, calculationMode: true });
    const out = await session.consistency();
    expect(out).toEqual(expect.objectContaining({ manualCalculation: true }));
    fake.calculationMode = 'Automatic';
    expect(await session.consistency()).toEqual(expect.objectContaining({ manualCalculation: false }));
    // A host before ExcelApi 1.8 cannot tell: the mode is not asked (that would fail the batch).
    fake.calculationMode = 'Manual';
    expect(await new LiveSession(fake.run, { notes: true }).consistency()).toEqual(
      expect.objectContaining({ manualCalculation: false }),
    );
  });

  test('一致性检查 lists a summary cell overwritten by hand, and nothing when the formulas agree', async () => {
    const fake = await preparedWorkbook();
    const session = new LiveSession(fake.run, { notes: true });
    const summary = fake.sheet(SHEET.summary);
    // The fake does not calculate: give the formula cells the values Excel would show.
    const result = (await session.fullCheck(), session.state.result!);
    const cols = SUMMARY_HEADERS.length;
    result.employees.forEach((e, i) => {
      const vals = [
        e.id,
        e.name,
        e.team,
        e.tenureMonth,
        e.base,
        e.bonus,
        e.deduction,
        e.escalation,
        e.adjustment,
        e.score,
        e.grade,
        e.payFloat,
        e.rank,
        e.warnings.join('；'),
      ];
      for (let c = 0; c < cols; c++) summary.set(i + 2, c, vals[c]);
    });
    const ok = await session.consistency();
    expect(ok).toEqual({ differences: [], syncs: expect.any(Number), manualCalculation: false });
    summary.set(3, SUMMARY_HEADERS.indexOf('总分'), 95);
    const bad = await session.consistency();
    if (!('differences' in bad)) throw new Error('blocked');
    expect(bad.differences).toEqual([
      expect.objectContaining({ row: 3, col: 9, column: '总分', id: '0012', expected: '80', actual: '95' }),
    ]);
    await session.select(SHEET.summary, 3, 9);
    expect((fake as unknown as { selected: string }).selected).toBe(`${SHEET.summary}!J3`);
  });

  test("last month's results (kaohe score --json) feed the 连续两月末位 warning that formulas cannot see", async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-09', '0031', 'S01', '', '', '', '', '', '', '']]);
    await settle();
    const wang = () => session.state.result!.employees.find((e) => e.id === '0031')!;
    expect(wang().score).toBe(60);
    expect(wang().warnings).toEqual([]);
    expect(session.state.result!.notices.join()).toContain('无上月数据');
    const october = parsePastMonth(
      JSON.stringify({
        month: '2026-10',
        employees: [
          { id: '0007', score: 85, grade: 'B' },
          { id: '0012', score: 88, grade: 'B' },
          { id: '0031', score: 66, grade: 'D' },
        ],
      }),
      'oct.json',
    );
    fake.resetCounters();
    session.setHistory([october]);
    expect(fake.syncs).toBe(0);
    expect(wang().warnings).toEqual(['连续两月末位且低于70分']);
    expect(() => parsePastMonth('{"month":"2026-10"}', 'x.json')).toThrow(
      '上月结果文件 x.json 缺少 month 或 employees',
    );
  });

  test('a full check of 20,000 rows reads and writes in chunks, each request under 5 MB', async () => {
    const fake = await preparedWorkbook();
    const entries = fake.sheet(SHEET.entries);
    const longNote = '客户来电反映报修后维修人员迟迟未到，'.repeat(12); // ~230 characters of Chinese
    for (let r = 2; r <= 20001; r++) {
      const bad = r % 100 === 0;
      [
        '2026-11-10',
        ['0007', '0012', '0031'][r % 3],
        bad ? 'L04' : 'L01',
        '',
        bad ? 8 : '',
        '',
        longNote,
        '质检',
        '',
        '',
      ].forEach((v, c) => entries.set(r, c, v));
    }
    const session = new LiveSession(fake.run, { notes: false });
    fake.resetCounters();
    const report = await session.fullCheck();
    expect(report.rowsRead).toBeGreaterThanOrEqual(20001);
    expect(fake.maxRequestBytes).toBeLessThan(5 * 1024 * 1024);
    expect(report.maxRequestBytes).toBeLessThan(REQUEST_BUDGET_BYTES);
    expect(fake.log.filter((l) => l.responseBytes > 1_000_000).length).toBeGreaterThan(1); // read in several bulk chunks
    expect(fake.syncs).toBeLessThan(20); // bulk, never per cell or per row
    expect(session.state.problems.filter((p) => p.code === 'POINTS_OUT_OF_RANGE')).toHaveLength(200);
    expect(entries.get(100, K)).toBe('退回');
    expect(entries.get(101, K)).toBe('计入');
  }, 60000);
});
