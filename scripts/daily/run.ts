/**
 * The daily job: read the export once (streaming), then write one day's 日报, or every day of a
 * month plus the month summary. Used by `kaohe daily`, the demo and the bench.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { DailyAggregator, DayReport } from '../../core/daily/aggregate';
import { daysOfMonth } from '../../core/daily/datetime';
import { DailySettings } from '../../core/daily/schema';
import { aggregateCallFile } from './read';
import { assertInputFile } from '../import/table';
import {
  buildDayWorkbook,
  buildMonthSummary,
  loadDailyTemplate,
  summaryRow,
  SummaryRow,
  writeAtomic,
} from './workbook';
import { ensureDir, refuseOverwrite } from '../output';

export interface DailyJob {
  calls: string;
  /** One day 'YYYY-MM-DD' or a month 'YYYY-MM'. */
  date?: string;
  month?: string;
  template?: string;
  out?: string;
  settings: DailySettings;
  force: boolean;
  /** Called with (done, total, label) as reading and writing progress. */
  progress?: (done: number, total: number, label: string) => void;
}

export interface DailyResult {
  reports: DayReport[];
  summary: SummaryRow[];
  written: string[];
}

export const dayReportName = (day: string) => `日报-${day}.xlsx`;
export const monthSummaryName = (month: string) => `日报汇总-${month}.xlsx`;

/**
 * A file with readable calls, none of them (nor any return visit) in the month asked for (with --date:
 * the date's month), is a wrong file or a wrong --date/--month: refuse it rather than hand management
 * reports full of zeros. A quiet day in a month the file covers is a real report.
 */
function assertSomethingToReport(agg: DailyAggregator, days: string[], job: DailyJob): void {
  if (agg.fileRows === agg.unreadable.length) return; // nothing readable: every report lists the unreadable rows
  const month = job.date ? daysOfMonth(job.date.slice(0, 7)) : days;
  if (month.some((d) => agg.hasActivity(d))) return;
  const callDays = agg.callDays;
  const span =
    callDays.length === 0
      ? ''
      : callDays.length === 1
        ? `（文件中的来电都在 ${callDays[0]}）`
        : `（文件中来电的受理日期为 ${callDays[0]} 至 ${callDays[callDays.length - 1]}）`;
  const asked = job.date ? `${job.date} 的` : `${job.month} 月的`;
  throw new InputError(
    `${path.basename(job.calls)}：文件中没有 ${asked}来电或回访${span}。是否给错了文件或 ${job.date ? '--date' : '--month'}？`,
    'NO_CALLS_IN_PERIOD',
  );
}

export async function runDaily(job: DailyJob): Promise<DailyResult> {
  const days = job.date ? [job.date] : daysOfMonth(job.month!);
  const wanted = new Set(days);
  const targets = job.out
    ? [...days.map(dayReportName), ...(job.month ? [monthSummaryName(job.month)] : [])].map((n) =>
        path.join(job.out!, n),
      )
    : [];
  let template: Buffer | null = null;
  await assertInputFile(job.calls);
  if (job.out) {
    template = await loadDailyTemplate(job.template);
    for (const t of targets) await refuseOverwrite(t, job.force);
  }
  const steps = days.length + (job.month ? 1 : 0) + 1;
  job.progress?.(0, steps, '读取呼叫系统导出');
  const agg = await aggregateCallFile(job.calls, { settings: job.settings, keepLists: (d) => wanted.has(d) });
  job.progress?.(1, steps, '读取完成');
  assertSomethingToReport(agg, days, job);
  // The folder is made only once the input is known to be usable: a refused run leaves nothing behind.
  if (job.out) await ensureDir(job.out);

  const reports: DayReport[] = [];
  const summary: SummaryRow[] = [];
  const written: string[] = [];
  for (const [i, day] of days.entries()) {
    const report = agg.report(day);
    if (template) {
      const file = path.join(job.out!, dayReportName(day));
      await writeAtomic(file, await buildDayWorkbook(report, job.settings, template), job.force);
      written.push(file);
    }
    summary.push(summaryRow(report));
    if (job.month) {
      // A month keeps each day's figures; its lists were written and are not needed any more.
      agg.release(day);
      reports.push({
        ...report,
        exceptions: Object.fromEntries(
          Object.entries(report.exceptions).map(([k, e]) => [k, { ...e, list: [] }]),
        ) as unknown as DayReport['exceptions'],
        problemRows: [],
        partProblems: [],
      });
    } else {
      reports.push(report);
    }
    job.progress?.(2 + i, steps, day);
  }
  if (job.month && template) {
    const totals = agg.totals();
    let inMonth = 0;
    for (const [d, n] of totals) if (wanted.has(d)) inMonth += n;
    const footer = {
      file: path.basename(job.calls),
      fileRows: agg.fileRows,
      inMonth,
      otherMonths: agg.fileRows - agg.unreadable.length - inMonth,
      unreadable: agg.unreadable.length,
    };
    const file = path.join(job.out!, monthSummaryName(job.month));
    await writeAtomic(file, await buildMonthSummary(job.month, summary, footer, job.settings, template), job.force);
    written.push(file);
    job.progress?.(steps, steps, '汇总');
  }
  return { reports, summary, written };
}
