/**
 * 周报 and 月报: read the export once (streaming, as for the 日报), take each day's report from the
 * same aggregator and combine them (core/daily/period.ts), then write one workbook.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { Period, PeriodReport, combineDays } from '../../core/daily/period';
import type { DailySettings } from '../../core/daily/schema';
import { assertInputFile } from '../import/table';
import { ensureDir, refuseOverwrite, writeFileAtomically } from '../output';
import { aggregateCallFile } from './read';
import { buildPeriodWorkbook, periodFileName } from './period-workbook';

export interface PeriodJob {
  calls: string;
  period: Period;
  out?: string;
  settings: DailySettings;
  force: boolean;
}

export async function runPeriod(job: PeriodJob): Promise<{ report: PeriodReport; written: string[] }> {
  await assertInputFile(job.calls);
  const wanted = new Set(job.period.days);
  const file = job.out ? path.join(job.out, periodFileName({ period: job.period })) : undefined;
  if (file) await refuseOverwrite(file, job.force);
  const agg = await aggregateCallFile(job.calls, { settings: job.settings, keepLists: (d) => wanted.has(d) });
  // A file with readable calls none of which (nor any visit) falls in the period: a wrong file or period.
  if (agg.fileRows > agg.unreadable.length && !job.period.days.some((d) => agg.hasActivity(d))) {
    const days = agg.callDays;
    const span = days.length ? `（文件中来电的受理日期为 ${days[0]} 至 ${days[days.length - 1]}）` : '';
    throw new InputError(
      `${path.basename(job.calls)}：文件中没有 ${job.period.id}（${job.period.days[0]} 至 ${job.period.days[job.period.days.length - 1]}）的来电或回访${span}。是否给错了文件或${job.period.kind === 'week' ? ' --week' : ' --month'}？`,
      'NO_CALLS_IN_PERIOD',
    );
  }
  const report = combineDays(
    job.period,
    job.period.days.map((d) => agg.report(d)),
  );
  const written: string[] = [];
  if (file) {
    await ensureDir(job.out!);
    await writeFileAtomically(file, await buildPeriodWorkbook(report, job.settings));
    written.push(file);
  }
  return { report, written };
}
