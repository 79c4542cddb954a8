/**
 * Date-times of the call system's export. Everything is local China time written as a wall clock;
 * no time zone is ever consulted. A moment is kept as whole seconds since 1970-01-01 00:00:00 of
 * that wall clock ("local seconds"), so differences are exact integers and a day is a plain string.
 */
import { Cell, cleanText, isoDate } from '../values';

/** Local seconds of a wall-clock time, or null when a field is out of range. */
export function localSeconds(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (isoDate(y, mo, d) === null) return null;
  if (!Number.isInteger(h) || !Number.isInteger(mi) || !Number.isInteger(s)) return null;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

const EXCEL_EPOCH_S = Date.UTC(1899, 11, 30) / 1000;

/** Excel's 1900 serial (days, fraction = time of day), rounded to the nearest second. */
export function serialToLocalSeconds(serial: number): number | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 400000) return null;
  return EXCEL_EPOCH_S + Math.round(serial * 86400);
}

export function localSecondsToSerial(seconds: number): number {
  return (seconds - EXCEL_EPOCH_S) / 86400;
}

// 2026-10-05 08:30, 2026/10/5 8:30:00, 2026.10.05T08:30, 2026年10月5日 8时30分, 2026年10月5日 8:30:15
const TEXT_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[T\s]\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:分\s*)?(?:[:：]\s*(\d{1,2})\s*秒?|(\d{1,2})\s*秒)?(?:\.\d+)?$/;

// 2026年10月5日 9时, 2026年10月5日9时5分, 2026年10月5日 9点30分: whole hours or 时/分 without a colon
const HOUR_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[时点]\s*(?:(\d{1,2})\s*分?\s*(?:(\d{1,2})\s*秒)?)?$/;

/**
 * A date-time cell: an Excel serial number, a Date built by exceljs (its UTC wall clock is the local
 * time written in the sheet), or text. Text must carry a time of day: '2026-10-05' alone is not a
 * moment. Returns local seconds, or null when the value is not readable (blank included).
 */
export function parseDateTime(value: Cell): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : Math.round(ms / 1000);
  }
  if (typeof value === 'number') return serialToLocalSeconds(value);
  if (typeof value === 'boolean') return null;
  const text = cleanText(value);
  if (text === '') return null;
  const m = TEXT_RE.exec(text);
  if (m) {
    return localSeconds(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? m[7] ?? 0),
    );
  }
  const h = HOUR_RE.exec(text);
  if (h)
    return localSeconds(Number(h[1]), Number(h[2]), Number(h[3]), Number(h[4]), Number(h[5] ?? 0), Number(h[6] ?? 0));
  if (/^\d+\.\d+$|^\d{5}$/.test(text)) return serialToLocalSeconds(Number(text));
  return null;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** 'YYYY-MM-DD' of a moment. */
export function dayOf(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:MM:SS' of a moment. */
export function formatDateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${dayOf(seconds)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** Every day of a month 'YYYY-MM', in order. */
export function daysOfMonth(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${pad2(i + 1)}`);
}

/** A --date argument: exactly 'YYYY-MM-DD' and a real calendar day. */
export function parseDayArg(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
