/**
 * 月报 at scale: a month of 300,000 calls (seeded CSV, GB18030) -> 月报-2026-10.xlsx through runPeriod
 * (read once, streaming; the days' reports combined; one workbook with the month's event list).
 * 75,000 calls too, for the scaling. Each run in its own child process: two runs each, best time,
 * worst peak memory.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchMain, bestOfTwoChildRuns, printChildRun, type ChildRun, report } from './measure';
import { CALL_MONTH_SIZES, writeMonthOfCalls } from './calls';
import { runPeriod } from '../scripts/daily/period-run';
import { monthPeriod } from '../core/daily/period';
import { DEFAULT_DAILY_SETTINGS, EXCEPTION_KEYS } from '../core/daily/schema';

interface RunResult extends ChildRun {
  total: number;
  events: number;
  xlsxMB: number;
}

async function child(file: string, out: string): Promise<void> {
  await printChildRun(
    () =>
      runPeriod({ calls: file, period: monthPeriod('2026-10'), out, settings: DEFAULT_DAILY_SETTINGS, force: true }),
    async ({ report: r, written }): Promise<Omit<RunResult, keyof ChildRun>> => ({
      total: r.total,
      events: EXCEPTION_KEYS.reduce((a, k) => a + r.exceptions[k].count, 0),
      xlsxMB: Number(((await fs.stat(written[0])).size / 1048576).toFixed(1)),
    }),
  );
}

async function parent(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-period-bench-'));
  try {
    const seconds: number[] = [];
    for (const calls of CALL_MONTH_SIZES) {
      const file = path.join(dir, `calls-${calls}.csv`);
      await writeMonthOfCalls(file, calls);
      const r = bestOfTwoChildRuns<RunResult>(__filename, [file, path.join(dir, `out-${calls}`)]);
      seconds.push(r.seconds);
      report(`daily --month --report, ${calls.toLocaleString('en')} calls`, {
        seconds: r.seconds.toFixed(2),
        peakRssMB: r.peakRssMB,
        calls: r.total,
        events: r.events,
        xlsxMB: r.xlsxMB,
      });
    }
    report('月报: 300,000 vs 75,000 time ratio', { ratio: (seconds[1] / seconds[0]).toFixed(2), linear: '4.00' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

benchMain(child, parent);
