/**
 * Check coverage (录音抽查制度 二.5/二.6): every 领班 checks the day's recordings once a day, the 部长
 * once a week. Pure calendar arithmetic on 'YYYY-MM-DD' strings; no time zone is consulted.
 */
import { daysInMonth, isoDate } from '../values';

/** Every day of a month 'YYYY-MM', in order. */
export function monthDays(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => isoDate(y, m, i + 1)!);
}

/**
 * The ISO 8601 week of a day, as "2026-W41": weeks start on Monday and belong to the year of their
 * Thursday, so 2027-01-01 (a Friday) is in 2026-W53 and 2024-12-30 (a Monday) in 2025-W01.
 */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = Date.UTC(y, m - 1, d);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(t + (3 - weekday) * 86400000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday … Sunday of an ISO week "2026-W41", or null when the text is not such a week. */
export function isoWeekDays(week: string): string[] | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1900 || year > 2999 || n < 1) return null;
  // The week of January 4th is week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000;
  const days: string[] = [];
  for (let i = 0; i < 7; i++) {
    const t = new Date(monday1 + ((n - 1) * 7 + i) * 86400000);
    days.push(isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())!);
  }
  return isoWeek(days[0]) === week.trim() ? days : null; // week 53 of a 52-week year does not exist
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
