/**
 * The add-in's speed contract, measured against the fake Excel (fakes/excel.ts), which
 * counts context.sync() round trips and sizes each request by the bytes office.js's serializer
 * produces per operation (measured in test/addin/request-size.browser.test.ts) plus the JSON of the
 * values it carries, and fails any request or response over 5 MB:
 *  - one edited row in a 20,000-row month: at most 2 syncs, reading only that row;
 *  - a 500-row paste: checked as one batch, at most 2 syncs;
 *  - a full check of 20,000 rows (and of 20,000 rows each with a bad cell): bulk chunked reads and
 *    writes, each request under 5 MB.
 * "largest request" / "largest response" are bytes of the biggest single sync.
 * "core" is the time spent in core/ (scoreMonth over the cached month) for each.
 */
import { refreshFormulas, setupWorkbook } from '../addin/excel/setup';
import { ChangeWatcher } from '../addin/excel/events';
import { LiveSession } from '../addin/live/session';
import { presetPolicy } from '../core/policy/presets';
import { SHEET } from '../core/workbook/sheets';
import { FakeExcel } from '../fakes/excel';

/** Largest request and response of the syncs since the last resetCounters(), in bytes. */
function largest(fake: FakeExcel): Record<string, number> {
  return {
    'largest request B': Math.max(0, ...fake.log.map((l) => l.requestBytes)),
    'largest response B': Math.max(0, ...fake.log.map((l) => l.responseBytes)),
  };
}
import { report } from './measure';

const EMPLOYEES = 200;
const ROWS = 20000;
const CODES = ['L01', 'L02', 'L03', 'B03', 'B04', 'L05', 'M01', 'L04'];

function entryRow(i: number): Array<string | number> {
  const code = CODES[i % CODES.length];
  const points = code === 'L04' ? (i % 97 === 0 ? 9 : 3) : '';
  return [
    `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
    String(1000 + (i % EMPLOYEES)),
    code,
    '',
    points,
    '',
    `第${i}条记录：客户反映问题，已跟进处理`,
    '质检员',
    '',
    '',
  ];
}

async function workbook(rows: number): Promise<FakeExcel> {
  const fake = new FakeExcel();
  const roster = fake.addSheet(SHEET.roster, [['工号', '姓名', '组别', '岗位', '入职日期', '状态', '核对']]);
  for (let i = 0; i < EMPLOYEES; i++)
    [String(1000 + i), `员工${i}`, i % 2 ? '一组' : '二组', '客服', '2024-01-01'].forEach((v, c) =>
      roster.set(i + 2, c, v),
    );
  await setupWorkbook(fake.run, {
    policy: presetPolicy('kefu-daily'),
    month: '2026-11',
    features: { dataValidation: true },
  });
  const entries = fake.sheet(SHEET.entries);
  for (let r = 0; r < rows; r++) entryRow(r).forEach((v, c) => entries.set(r + 2, c, v));
  return fake;
}

async function main(): Promise<void> {
  for (const notes of [true, false]) {
    const fake = await workbook(ROWS);
    if (notes) {
      // Entries were put in past the set-up's formula rows: 刷新公式 extends the formulas over them.
      fake.resetCounters();
      const t = process.hrtime.bigint();
      const r = await refreshFormulas(fake.run, {
        policy: presetPolicy('kefu-daily'),
        month: '2026-11',
        features: { dataValidation: true },
      });
      report(`addin 刷新公式 over ${ROWS} rows`, {
        syncs: fake.syncs,
        'wall ms': (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0),
        ...largest(fake),
        sheets: r.lines.length,
      });
    }
    const session = new LiveSession(fake.run, { notes });
    const label = notes ? 'notes (ExcelApi 1.18)' : '校验 column (< 1.18)';

    fake.resetCounters();
    const t0 = process.hrtime.bigint();
    const full = await session.fullCheck();
    const fullMs = Number(process.hrtime.bigint() - t0) / 1e6;
    report(`addin full check ${ROWS} rows, ${label}`, {
      syncs: fake.syncs,
      'core ms': full.coreMs.toFixed(1),
      'wall ms': fullMs.toFixed(0),
      ...largest(fake),
      problems: session.state.problems.length,
    });

    const flushNow = { set: (fn: () => void) => (fn(), 0), clear: () => undefined };
    const watcher = new ChangeWatcher({
      run: fake.run,
      sink: (b) => session.rowsChanged(b.sheet, b.areas, b.structural).then(() => undefined),
      ownColumns: (s) => session.ownColumns(s),
      delayMs: 0,
      timers: flushNow,
    });
    await watcher.attach(session.trackedSheets);

    // One edited cell that makes its row invalid, then the fix.
    for (const [what, value] of [
      ['single-row edit (mark)', 12],
      ['single-row edit (clear)', 4],
    ] as const) {
      fake.resetCounters();
      const t1 = process.hrtime.bigint();
      await fake.userEdit(SHEET.entries, 'E10000', [[value]]);
      await fake.settled();
      await watcher.idle();
      await fake.settled();
      const ms = Number(process.hrtime.bigint() - t1) / 1e6;
      report(`addin ${what} in ${ROWS} rows, ${label}`, {
        syncs: fake.syncs,
        'rows read': session.state.last!.rowsRead,
        'core ms': session.state.last!.coreMs.toFixed(1),
        'wall ms': ms.toFixed(1),
        ...largest(fake),
      });
    }

    // A 500-row paste below the data.
    const paste = Array.from({ length: 500 }, (_, i) => entryRow(ROWS + i));
    fake.resetCounters();
    const t2 = process.hrtime.bigint();
    const before = watcher.delivered;
    await fake.userEdit(SHEET.entries, `A${ROWS + 2}:J${ROWS + 501}`, paste);
    await fake.settled();
    await watcher.idle();
    await fake.settled();
    const pasteMs = Number(process.hrtime.bigint() - t2) / 1e6;
    report(`addin 500-row paste in ${ROWS} rows, ${label}`, {
      batches: watcher.delivered - before,
      syncs: fake.syncs,
      'rows read': session.state.last!.rowsRead,
      'core ms': session.state.last!.coreMs.toFixed(1),
      'wall ms': pasteMs.toFixed(0),
      ...largest(fake),
    });

    // Every one of 20,000 rows with an out-of-range 分值: 20,000 fills (and notes) in one full check.
    const marked = await workbook(0);
    const sheet = marked.sheet(SHEET.entries);
    for (let r = 0; r < ROWS; r++)
      ['2026-11-05', String(1000 + (r % EMPLOYEES)), 'L04', '', 9, '', `第${r}条`, '', '', ''].forEach((v, c) =>
        sheet.set(r + 2, c, v),
      );
    const markedSession = new LiveSession(marked.run, { notes });
    marked.resetCounters();
    const t3 = process.hrtime.bigint();
    const m = await markedSession.fullCheck();
    report(`addin full check ${ROWS} rows all marked, ${label}`, {
      syncs: marked.syncs,
      'core ms': m.coreMs.toFixed(1),
      'wall ms': (Number(process.hrtime.bigint() - t3) / 1e6).toFixed(0),
      ...largest(marked),
      problems: markedSession.state.problems.length,
    });
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
