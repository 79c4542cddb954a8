/**
 * 日报 at scale: a month of calls (seeded CSV, GB18030, in a temp dir) -> 31 daily reports + the
 * month summary, through runDaily (read once, streaming). Targets: 300,000 calls < 30 s and
 * < 800 MB peak; 75,000 vs 300,000 rows within 4.5x.
 *
 * The CSV files are generated first; each run then happens in its own child process (same node
 * flags), so its time and peak memory are the daily job's own, not the generator's. Each size runs
 * twice: best time (the machine is shared), worst peak memory.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchMain, bestOfTwoChildRuns, printChildRun, type ChildRun, report, timed } from './measure';
import { CALL_MONTH_SIZES, writeMonthOfCalls } from './calls';
import { runDaily } from '../scripts/daily/run';
import { DEFAULT_DAILY_SETTINGS } from '../core/daily/schema';

interface RunResult extends ChildRun {
  files: number;
  counted: number;
  events: number;
}

/** Child: one month run, printed as one JSON line. */
async function child(file: string, out: string): Promise<void> {
  await printChildRun(
    () => runDaily({ calls: file, month: '2026-10', out, settings: DEFAULT_DAILY_SETTINGS, force: true }),
    async (v): Promise<Omit<RunResult, keyof ChildRun>> => ({
      files: (await fs.readdir(out)).length,
      counted: v.summary.reduce((a, d) => a + d.total, 0),
      events: v.summary.reduce((a, d) => a + d.exceptions, 0),
    }),
  );
}

async function parent(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-daily-bench-'));
  try {
    const seconds: number[] = [];
    for (const calls of CALL_MONTH_SIZES) {
      const file = path.join(dir, `calls-${calls}.csv`);
      const gen = await timed(() => writeMonthOfCalls(file, calls));
      const size = (await fs.stat(file)).size;
      // Two runs each, best time (the machine is shared), worst peak memory.
      const r = bestOfTwoChildRuns<RunResult>(__filename, [file, path.join(dir, `out-${calls}`)]);
      seconds.push(r.seconds);
      report(`daily --month, ${calls.toLocaleString('en')} calls`, {
        seconds: r.seconds.toFixed(2),
        peakRssMB: r.peakRssMB,
        files: r.files,
        counted: r.counted,
        events: r.events,
        csvMB: (size / 1048576).toFixed(1),
        generateSeconds: gen.seconds.toFixed(1),
      });
      if (calls === 300000) {
        report('daily: 300,000-call month targets', {
          time: r.seconds < 30 ? 'ok (<30 s)' : 'OVER 30 s',
          memory: r.peakRssMB < 800 ? 'ok (<800 MB)' : 'OVER 800 MB',
        });
      }
    }
    const ratio = seconds[1] / seconds[0];
    report('daily: 300,000 vs 75,000 time ratio', {
      ratio: ratio.toFixed(2),
      target: '<= 4.5',
      result: ratio <= 4.5 ? 'ok' : 'OVER',
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

benchMain(child, parent);
