/** Shared set-up for the add-in tests: a fake workbook made by the add-in's own 初始化考核表. */
import { setupWorkbook } from '../../addin/excel/setup';
import { ChangeWatcher, Timers } from '../../addin/excel/events';
import { LiveSession } from '../../addin/live/session';
import { presetPolicy } from '../../core/policy/presets';
import { SHEET } from '../../core/workbook/sheets';
import { FakeExcel } from '../../fakes/excel';

export const MONTH = '2026-11';

/** Timers the test fires by hand (the debounce is real code, time is not). */
export class ManualTimers implements Timers {
  private pending = new Map<number, () => void>();
  private next = 1;
  set(fn: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clear(h: unknown): void {
    this.pending.delete(h as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fire(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    fns.forEach((f) => f());
  }
}

export const ROSTER: Array<[string, string, string, string, string]> = [
  ['0007', '张敏', '一组', '客服', '2024-01-10'],
  ['0012', '李娜', '一组', '客服', '2026-09-01'],
  ['0031', '王强', '二组', '客服', '2023-05-20'],
];

/** Workbook set up by the add-in, roster typed in by HR (before the watcher is attached). */
export async function preparedWorkbook(opts: { employees?: number } = {}): Promise<FakeExcel> {
  const fake = new FakeExcel();
  const roster = fake.addSheet(SHEET.roster, [['工号', '姓名', '组别', '岗位', '入职日期', '状态', '核对']]);
  const rows: string[][] = ROSTER.map((r) => [...r]);
  for (let i = rows.length; i < (opts.employees ?? rows.length); i++)
    rows.push([String(1000 + i), `员工${i}`, i % 2 ? '一组' : '二组', '客服', '2025-01-01']);
  rows.forEach((r, i) => r.forEach((v, c) => roster.set(i + 2, c, v)));
  await setupWorkbook(fake.run, {
    policy: presetPolicy('kefu-daily'),
    month: MONTH,
    features: { dataValidation: true },
    now: () => '2026-11-01T00:00:00Z',
  });
  return fake;
}

export async function liveOn(fake: FakeExcel, notes: boolean) {
  const timers = new ManualTimers();
  const session = new LiveSession(fake.run, { notes });
  await session.fullCheck();
  const watcher = new ChangeWatcher({
    run: fake.run,
    sink: (b) => session.rowsChanged(b.sheet, b.areas, b.structural).then(() => undefined),
    ownColumns: (s) => session.ownColumns(s),
    delayMs: 300,
    timers,
  });
  // As the pane does: sorts re-check the sheet (ExcelApi 1.10), added sheets are attached and checked.
  watcher.watchSorts = true;
  let sheetsWork: Promise<unknown> = Promise.resolve();
  watcher.onSheetsChanged = () => {
    sheetsWork = sheetsWork.then(() => watcher.attach(session.trackedSheets)).then(() => session.fullCheck());
  };
  await watcher.attach(session.trackedSheets);
  /** Lets pending events arrive, fires the debounce, waits for the check. */
  const settle = async () => {
    await fake.settled();
    await sheetsWork;
    timers.fire();
    await watcher.idle();
    await fake.settled();
  };
  return { session, watcher, timers, settle };
}
