import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { MARK_FILL, NOTE_PREFIX } from '../../addin/excel/marks';
import { LiveSession } from '../../addin/live/session';
import { PAYLOAD_LIMIT_BYTES } from '../../fakes/excel';
import { liveOn, preparedWorkbook } from './helpers';

const K = ENTRY_COLS.check - 1; // 核对, 0-based
const E = ENTRY_COLS.points - 1; // 分值

describe('live check after an edit', () => {
  test('an out-of-range L04 is marked (fill, note, 核对 退回) and cleared when fixed, two syncs each', async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    const entries = fake.sheet(SHEET.entries);

    fake.resetCounters();
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-05', '0007', 'L04', '', 7, '', '迟到40分钟', '', '', '']]);
    await settle();
    expect(fake.syncs).toBe(2);
    expect(entries.fills.get(`2,${E}`)).toBe(MARK_FILL);
    expect(entries.notes.get('E2')).toBe(
      `${NOTE_PREFIX}分值 7 超出「L04 迟到早退」的范围 2–5 分：请填写范围内的分值。`,
    );
    expect(entries.get(2, K)).toBe('退回');
    expect(session.state.problems.map((p) => [p.row, p.code])).toEqual([[2, 'POINTS_OUT_OF_RANGE']]);
    // Nothing the user typed changed.
    expect(entries.row(2, 10)).toEqual(['2026-11-05', '0007', 'L04', '', 7, '', '迟到40分钟', '', '', '']);

    fake.resetCounters();
    await fake.userEdit(SHEET.entries, 'E2', [[3]]);
    await settle();
    expect(fake.syncs).toBe(2);
    expect(entries.fills.has(`2,${E}`)).toBe(false);
    expect(entries.notes.has('E2')).toBe(false);
    expect(entries.get(2, K)).toBe('计入');
    expect(session.state.problems).toEqual([]);
    const zhang = session.state.result!.employees.find((e) => e.id === '0007')!;
    expect(zhang.score).toBe(77);
  });

  test('without notes (ExcelApi < 1.18) the message goes to a 校验 column and is cleared when fixed', async () => {
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, false);
    const entries = fake.sheet(SHEET.entries);
    const checkCol = session.ownColumns(SHEET.entries)[1];
    expect(entries.get(1, checkCol)).toBe('校验');

    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-05', '9999', 'L01', '', '', '', '', '', '', '']]);
    await settle();
    expect(entries.get(2, checkCol)).toBe('工号「9999」不在员工名单中：请核对工号，或先把该员工加入员工名单。');
    expect(entries.fills.get('2,1')).toBe(MARK_FILL);
    expect(entries.notes.size).toBe(0);

    fake.resetCounters();
    await fake.userEdit(SHEET.entries, 'B2', [['0031']]);
    await settle();
    expect(fake.syncs).toBe(2);
    expect(entries.get(2, checkCol)).toBe('');
    expect(entries.fills.has('2,1')).toBe(false);
    expect(entries.get(2, K)).toBe('计入');
  });

  test('a 500-row paste is checked as one batch in two syncs, reading only the pasted rows', async () => {
    const fake = await preparedWorkbook();
    const { session, watcher, settle } = await liveOn(fake, true);
    const rows = Array.from({ length: 500 }, (_, i) => {
      const bad = i % 50 === 0; // 10 rows with 分值 out of range
      return [
        '2026-11-' + String((i % 28) + 1).padStart(2, '0'),
        ['0007', '0012', '0031'][i % 3],
        bad ? 'L04' : 'L01',
        '',
        bad ? 9 : '',
        '',
        `第${i}条`,
        '',
        '',
        '',
      ];
    });
    fake.resetCounters();
    const delivered = watcher.delivered;
    await fake.userEdit(SHEET.entries, 'A2:J501', rows);
    await settle();
    expect(watcher.delivered - delivered).toBe(1);
    expect(fake.syncs).toBe(2);
    expect(session.state.last!.rowsRead).toBe(500);
    const entries = fake.sheet(SHEET.entries);
    const marked = [...entries.fills.keys()]
      .filter((k) => entries.fills.get(k) === MARK_FILL)
      .map((k) => Number(k.split(',')[0]));
    expect(marked.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, k) => 2 + k * 50));
    expect(entries.get(2, K)).toBe('退回');
    expect(entries.get(3, K)).toBe('计入');
    expect(entries.get(501, K)).toBe('计入');
  });

  test.each([true, false])(
    "the add-in's own writes do not trigger another check (host reports triggerSource: %s)",
    async (modern) => {
      const fake = await preparedWorkbook();
      fake.triggerSource = modern;
      const { watcher, timers, settle } = await liveOn(fake, false);
      await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-05', '0007', 'L99', '', '', '', '', '', '', '']]);
      await settle();
      const own = fake.ownEvents;
      expect(own).toBeGreaterThan(0); // 核对 and 校验 were written and raised events...
      fake.resetCounters();
      await fake.settled();
      expect(timers.count).toBe(0); // ...which were ignored: nothing is scheduled
      timers.fire();
      await watcher.idle();
      expect(fake.syncs).toBe(0);
      expect(watcher.ignored).toBeGreaterThan(0);
    },
  );

  test('a single edit in a 2,000-row month reads one row, not the table', async () => {
    const fake = await preparedWorkbook();
    const entries = fake.sheet(SHEET.entries);
    for (let r = 2; r <= 2001; r++)
      ['2026-11-03', '0012', 'B03', '', '', '', '顶班', '', '', ''].forEach((v, c) => entries.set(r, c, v));
    const { session, settle } = await liveOn(fake, true);
    fake.resetCounters();
    await fake.userEdit(SHEET.entries, 'C1500', [['L02']]);
    await settle();
    // The row stays 计入 and unmarked: nothing to repaint, so the read is the only round trip.
    expect(fake.syncs).toBe(1);
    expect(entries.get(1500, K)).toBe('计入');
    expect(session.state.last!.rowsRead).toBe(1);
    expect(fake.log[0].responseBytes).toBeLessThan(1000);
    expect(session.state.result!.employees.find((e) => e.id === '0012')!.bonus).toBe(1999 * 5);
  });
});

describe('a check that fails is retried, its rows stay pending', () => {
  test('an edit whose check ran while HR was in cell-edit mode (host without delayForCellEdit) is checked once the cell is left', async () => {
    const fake = await preparedWorkbook();
    const { session, watcher, timers, settle } = await liveOn(fake, true);
    await fake.userEdit(SHEET.entries, 'A2:J2', [['2026-11-05', '9999', 'L01', '', '', '', '', '', '', '']]);
    fake.editing = true; // HR already types in the next cell when the check runs
    await settle();
    expect(fake.editFailures).toBe(1);
    expect(session.state.problems).toEqual([]);
    expect(watcher.pendingSheets).toEqual([SHEET.entries]);
    expect(timers.count).toBe(1); // a retry is scheduled
    fake.editing = false;
    await settle();
    expect(watcher.pendingSheets).toEqual([]);
    expect(session.state.problems.map((p) => [p.row, p.code])).toEqual([[2, 'EMPLOYEE_UNKNOWN']]);
    expect(fake.sheet(SHEET.entries).get(2, K)).toBe('退回');
  });
});

describe("requests stay under Excel on the web's 5 MB (sized as office.js serializes them)", () => {
  test.each([true, false])(
    'a full check of 20,000 rows with one bad cell each (notes: %s) sends every mark, no request over the limit',
    async (notes) => {
      const fake = await preparedWorkbook();
      const entries = fake.sheet(SHEET.entries);
      const N = 20000;
      for (let r = 2; r < N + 2; r++)
        ['2026-11-05', '0007', 'L04', '', 9, '', '', '', '', ''].forEach((v, c) => entries.set(r, c, v));
      fake.resetCounters();
      const session = new LiveSession(fake.run, { notes });
      const report = await session.fullCheck();
      expect(session.state.problems).toHaveLength(N);
      expect(Math.max(...fake.log.map((l) => l.requestBytes))).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
      expect(report.maxRequestBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
      const marked = [...entries.fills.entries()].filter(([, v]) => v === MARK_FILL).length;
      expect(marked).toBe(N);
      if (notes) expect(entries.notes.size).toBe(N);
      expect(entries.get(N + 1, K)).toBe('退回');
    },
    120000,
  );
});
