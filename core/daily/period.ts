/**
 * 周报 and 月报 (seed 001, 异常事件 "整理入日报、周报和月报"): the daily report's figures over a
 * period, combined from the period's DayReports (the same aggregator, the same rules, no second
 * count). Means are combined with their weights: mean handling time by completed repairs, mean
 * score by visits that have a score.
 */
import type { Problem } from '../problems';
import { isoWeekDays } from '../calendar';
import { daysOfMonth } from './datetime';
import { type DayReport, type ExceptionEntry, reportFigures, type StationRepairs } from './aggregate';
import { CALL_TYPES, CallType, EXCEPTION_KEYS, EXCEPTION_KINDS, ExceptionKind } from './schema';

export type PeriodKind = 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** '2026-W41' or '2026-10'. */
  id: string;
  days: string[];
}

/** `--week 2026-W41`: Monday to Sunday (a week may cross a month's or a year's end). */
export function weekPeriod(week: string): Period | null {
  const days = isoWeekDays(week);
  return days ? { kind: 'week', id: week.trim(), days } : null;
}

export function monthPeriod(month: string): Period {
  return { kind: 'month', id: month, days: daysOfMonth(month) };
}

/** The figures a day and a period share with the daily report (one definition: DayReport's). */
type SharedFigures = Pick<
  DayReport,
  | 'total'
  | 'byType'
  | 'repairs'
  | 'completed'
  | 'completionRate'
  | 'meanHandlingHours'
  | 'over4h'
  | 'visits'
  | 'solved'
  | 'attitude'
  | 'meanScore'
  | 'charged'
>;

/**
 * One day's headline figures, with its events and problem rows as counts: a column of the 周报/月报,
 * an element of perDay, a row of the 日报汇总.
 */
export interface PeriodDay extends SharedFigures {
  date: string;
  exceptions: Record<ExceptionKind, number>;
  problemRows: number;
}

/** The period's figures, as the daily report's for one day. */
export interface PeriodReport
  extends SharedFigures,
    Pick<DayReport, 'byStation' | 'byAgent' | 'exceptions' | 'stationRepairs'> {
  period: Period;
  /** Per station and per agent, the calls of each day (for the workbook's day columns). */
  stationByDay: Record<string, number[]>;
  agentByDay: Record<string, number[]>;
  problemRows: Problem[];
  unreadable: Problem[];
  perDay: PeriodDay[];
  reconciliation: PeriodReconciliation;
}

/** 核对: the period's rows = the sum of its days; the file's rows = the period + other days + unreadable. */
export interface PeriodReconciliation {
  file: string;
  fileRows: number;
  /** Calls received in the period (counted + problem rows) = the sum of the days' totals. */
  periodRows: number;
  counted: number;
  problem: number;
  otherDays: number;
  unreadable: number;
  blankLines: number;
  /** Every day balanced and fileRows = periodRows + otherDays + unreadable. */
  balanced: boolean;
}

const sortedCounts = (m: Map<string, number>) =>
  Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

export function periodDay(r: DayReport): PeriodDay {
  return {
    date: r.date,
    total: r.total,
    byType: { ...r.byType },
    repairs: r.repairs,
    completed: r.completed,
    completionRate: r.completionRate,
    meanHandlingHours: r.meanHandlingHours,
    over4h: r.over4h,
    visits: r.visits,
    solved: r.solved,
    attitude: { ...r.attitude },
    meanScore: r.meanScore,
    charged: r.charged,
    exceptions: Object.fromEntries(EXCEPTION_KEYS.map((k) => [k, r.exceptions[k].count])) as Record<
      ExceptionKind,
      number
    >,
    problemRows: r.reconciliation.problem,
  };
}

/** Combines the period's day reports (one per day of `period.days`, in order) into the period's report. */
export function combineDays(period: Period, days: DayReport[]): PeriodReport {
  if (days.length !== period.days.length || days.some((d, i) => d.date !== period.days[i]))
    throw new Error('combineDays: one report per day of the period, in order');
  const n = days.length;
  const byType = Object.fromEntries(CALL_TYPES.map((t) => [t, 0])) as Record<CallType, number>;
  const byStation = new Map<string, number>();
  const byAgent = new Map<string, number>();
  const stationByDay: Record<string, number[]> = {};
  const agentByDay: Record<string, number[]> = {};
  const stationRepairs = new Map<string, StationRepairs>();
  const attitude = { 满意: 0, 一般: 0, 不满意: 0, 未填: 0 };
  const exceptions = Object.fromEntries(
    EXCEPTION_KEYS.map((k) => [k, { name: EXCEPTION_KINDS[k], count: 0, list: [] as ExceptionEntry[] }]),
  ) as PeriodReport['exceptions'];
  const problemRows: Problem[] = [];
  let total = 0,
    repairs = 0,
    completed = 0,
    over4h = 0,
    visits = 0,
    solved = 0,
    charged = 0;
  let handlingHours = 0,
    scoreSum = 0,
    scored = 0,
    counted = 0,
    problem = 0;
  let balancedDays = true;
  days.forEach((d, i) => {
    total += d.total;
    for (const t of CALL_TYPES) byType[t] += d.byType[t];
    for (const [s, c] of Object.entries(d.byStation)) {
      byStation.set(s, (byStation.get(s) ?? 0) + c);
      (stationByDay[s] ??= new Array<number>(n).fill(0))[i] = c;
    }
    for (const [a, c] of Object.entries(d.byAgent)) {
      byAgent.set(a, (byAgent.get(a) ?? 0) + c);
      (agentByDay[a] ??= new Array<number>(n).fill(0))[i] = c;
    }
    for (const [s, r] of Object.entries(d.stationRepairs)) {
      const acc = stationRepairs.get(s) ?? { repairs: 0, completed: 0, over4h: 0 };
      acc.repairs += r.repairs;
      acc.completed += r.completed;
      acc.over4h += r.over4h;
      stationRepairs.set(s, acc);
    }
    repairs += d.repairs;
    completed += d.completed;
    over4h += d.over4h;
    // meanHandlingHours of a day is over its completed repairs (the same ones counted in `completed`).
    if (d.meanHandlingHours !== null) handlingHours += d.meanHandlingHours * d.completed;
    visits += d.visits;
    solved += d.solved;
    charged += d.charged;
    for (const k of Object.keys(attitude) as (keyof typeof attitude)[]) attitude[k] += d.attitude[k];
    if (d.meanScore !== null) {
      scoreSum += d.meanScore * d.scoredVisits;
      scored += d.scoredVisits;
    }
    for (const k of EXCEPTION_KEYS) {
      exceptions[k].count += d.exceptions[k].count;
      for (const e of d.exceptions[k].list) exceptions[k].list.push(e);
    }
    for (const p of d.problemRows) problemRows.push(p);
    counted += d.reconciliation.counted;
    problem += d.reconciliation.problem;
    if (!d.reconciliation.balanced) balancedDays = false;
  });
  const last = days[n - 1].reconciliation;
  // Every day's report counts the file's other days; the last one's days together are all the file's days.
  const allDays = last.otherDays + days[n - 1].total;
  const otherDays = allDays - total;
  return {
    period,
    total,
    byType,
    byStation: sortedCounts(byStation),
    byAgent: sortedCounts(byAgent),
    repairs,
    completed,
    completionRate: repairs === 0 ? 0 : completed / repairs,
    meanHandlingHours: completed > 0 ? handlingHours / completed : null,
    over4h,
    visits,
    solved,
    attitude,
    meanScore: scored > 0 ? scoreSum / scored : null,
    charged,
    exceptions,
    stationRepairs: Object.fromEntries(
      [...stationRepairs].sort((a, b) => b[1].repairs - a[1].repairs || (a[0] < b[0] ? -1 : 1)),
    ),
    stationByDay,
    agentByDay,
    problemRows,
    unreadable: days[0].unreadable,
    perDay: days.map(periodDay),
    reconciliation: {
      file: last.file,
      fileRows: last.fileRows,
      periodRows: total,
      counted,
      problem,
      otherDays,
      unreadable: last.unreadable,
      blankLines: last.blankLines,
      balanced:
        balancedDays && counted + problem === total && allDays + last.unreadable === last.fileRows && otherDays >= 0,
    },
  };
}

/** The `--json` document of a 周报 or 月报: the period's totals (as the daily document) and each day's figures. */
export function periodJson(r: PeriodReport) {
  return {
    period: r.period.id,
    kind: r.period.kind,
    from: r.period.days[0],
    to: r.period.days[r.period.days.length - 1],
    totals: reportFigures(r),
    perDay: r.perDay,
    reconciliation: r.reconciliation,
  };
}
