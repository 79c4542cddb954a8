/**
 * Check coverage (录音抽查制度 二.5/二.6): every 领班 checks the day's recordings once a day, the 部长
 * once a week. Pure calendar arithmetic on 'YYYY-MM-DD' strings; no time zone is consulted.
 */
import { daysInMonth, isoDate } from '../values';
import { isoWeek } from '../calendar';

export { isoWeek, isoWeekDays } from '../calendar';

/** Every day of a month 'YYYY-MM', in order. */
export function monthDays(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => isoDate(y, m, i + 1)!);
}

export interface WeekCoverage {
  week: string;
  /** The week's days that lie in the month (a week crossing the month's start or end has fewer than 7). */
  days: string[];
  /** Days of `days` with a 部长 check. */
  checkedDays: string[];
}

export interface Coverage {
  /** Days of the month without a 领班 check. */
  missingDays: string[];
  /** ISO weeks of the month's days without a 部长 check on any of those days. */
  missingWeeks: string[];
  /** Every week touching the month, with its days in the month. */
  weeks: WeekCoverage[];
  /** Counted checks per day by role (领班, 部长). */
  leaderChecksByDay: Record<string, number>;
}

/**
 * Coverage of a month from the days of counted checks by role. A 部长 check counts for its week only
 * on the month's days: the days of a crossing week in the neighbouring month are another month's file.
 */
export function coverage(month: string, leaderDays: Iterable<string>, headDays: Iterable<string>): Coverage {
  const days = monthDays(month);
  const leaderCount = new Map<string, number>();
  for (const d of leaderDays) leaderCount.set(d, (leaderCount.get(d) ?? 0) + 1);
  const head = new Set(headDays);
  const weeks: WeekCoverage[] = [];
  for (const d of days) {
    const w = isoWeek(d);
    let cur = weeks[weeks.length - 1];
    if (!cur || cur.week !== w) weeks.push((cur = { week: w, days: [], checkedDays: [] }));
    cur.days.push(d);
    if (head.has(d)) cur.checkedDays.push(d);
  }
  return {
    missingDays: days.filter((d) => !leaderCount.has(d)),
    missingWeeks: weeks.filter((w) => w.checkedDays.length === 0).map((w) => w.week),
    weeks,
    leaderChecksByDay: Object.fromEntries(days.map((d) => [d, leaderCount.get(d) ?? 0])),
  };
}
