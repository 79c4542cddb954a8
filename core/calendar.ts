/** ISO 8601 weeks of calendar days 'YYYY-MM-DD'. Pure; no time zone is consulted. */
import { isoDate } from './values';

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
