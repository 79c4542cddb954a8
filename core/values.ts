/**
 * Parsing of the cell values HR's files really contain: full-width digits, padded text, Excel date
 * serials, `2026/10/5`, `2026年10月5日`. Pure functions; no time zone is ever consulted: a date is a
 * calendar day written as 'YYYY-MM-DD'.
 */
export type Cell = string | number | boolean | Date | null | undefined;

/** Printable ASCII with no padding needs neither NFKC nor trim: the common case, kept cheap. */
function isPlainAscii(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.charCodeAt(0) <= 32 || text.charCodeAt(n - 1) <= 32) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 126) return false;
  return true;
}

/** NFKC folds full-width digits, letters and brackets to ASCII; trim removes padding (incl. U+3000). */
export function cleanText(value: Cell): string {
  if (typeof value === 'string') return isPlainAscii(value) ? value : value.normalize('NFKC').trim();
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDateFromDate(value);
  return String(value).normalize('NFKC').trim();
}

/**
 * Free text (说明, 理由, 作废原因, 记录人, names, 意见) as typed: only the padding around it is trimmed.
 * It is shown back to people, never matched, so nothing is folded: a full-width 「，」 stays 「，」.
 * Codes, numbers, dates and 工号 go through cleanText / the parsers instead.
 */
export function keptText(value: Cell): string {
  if (typeof value === 'string') return value.trim();
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDateFromDate(value);
  return String(value).trim();
}

export function isBlank(value: Cell): boolean {
  return cleanText(value) === '';
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A finite number from a number cell or numeric text; null when blank; NaN when not a number. */
export function parseNumber(value: Cell): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (value === '' || value === null || value === undefined) return null;
  if (value === '1') return 1;
  const text = cleanText(value)
    .replace(/,/g, '')
    .replace(/^\u2212/, '-');
  if (text === '') return null;
  return NUMBER_RE.test(text) ? Number(text) : NaN;
}

/** Value in tenths when it has at most one decimal, else NaN. Scores are kept in integer tenths. */
export function toTenths(value: number): number {
  const tenths = Math.round(value * 10);
  return Math.abs(tenths - value * 10) < 1e-6 ? tenths : NaN;
}

export function fromTenths(tenths: number): number {
  return tenths / 10;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1];
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Dates read by exceljs are UTC midnights of the calendar day; the add-in never hands us Dates. */
function isoDateFromDate(date: Date): string {
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) ?? '';
}

/** Excel's 1900 date system: serial 1 = 1900-01-01, with the phantom 1900-02-29 (serial 60). */
export function serialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 400000) return null;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000;
  return isoDateFromDate(new Date(ms));
}

export function isoDateToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
}

const DATE_RE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

// A month's entries repeat a few dozen date texts: remember them (bounded, pure).
const dateMemo = new Map<string, string | null>();

/** A calendar day as 'YYYY-MM-DD', or null when the value is not a readable date. */
export function parseDate(value: Cell): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDateFromDate(value) || null;
  if (typeof value === 'number') return serialToIsoDate(value);
  if (typeof value !== 'string') return parseDateText(cleanText(value));
  const known = dateMemo.get(value);
  if (known !== undefined) return known;
  const parsed = parseDateText(cleanText(value));
  if (dateMemo.size > 4096) dateMemo.clear();
  dateMemo.set(value, parsed);
  return parsed;
}

function parseDateText(text: string): string | null {
  if (text === '') return null;
  const m = DATE_RE.exec(text) ?? COMPACT_RE.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d+(\.\d+)?$/.test(text)) return serialToIsoDate(Number(text));
  return null;
}

const TIME_RE = /^(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})\s*秒?)?\s*分?$/;

/**
 * The time of a cell that holds a time of day and no date ("12:30" typed into a 日期 cell: Excel keeps
 * it as the fraction 0.52 of day 0, exceljs as 1899-12-30 12:30), as "12:30"; null for anything else.
 */
export function timeOnly(value: Cell): string | null {
  let fraction: number | null = null;
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return null;
    const day0 = Date.UTC(1899, 11, 30);
    if (t >= day0 && t < day0 + 2 * 86400000 && value.getUTCFullYear() < 1900)
      fraction = ((t - day0) % 86400000) / 86400000;
  } else if (typeof value === 'number') {
    if (value > 0 && value < 1) fraction = value;
  } else {
    const m = TIME_RE.exec(cleanText(value));
    if (m && Number(m[1]) < 24 && Number(m[2]) < 60) return `${m[1]}:${m[2]}${m[3] ? ':' + m[3] : ''}`;
  }
  if (fraction === null) return null;
  const minutes = Math.round(fraction * 1440) % 1440;
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** 'YYYY-MM' from '2026-10', '2026/10', '2026年10月', a date, or a date serial. */
export function parseMonth(value: Cell): string | null {
  const text = cleanText(value);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? `${m[1]}-${pad2(month)}` : null;
  }
  const day = parseDate(value);
  return day ? day.slice(0, 7) : null;
}

export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

export function previousMonth(month: string): string {
  return monthFromIndex(monthIndex(month) - 1);
}

/**
 * 工号 as text. A number cell (or numeric text) may have lost its leading zeros in Excel; callers
 * resolve that against the roster (see resolveEmployeeId), never by guessing a width here.
 */
export function parseEmployeeId(value: Cell): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return cleanText(value);
}

/** Header names with spaces, full-width brackets or line breaks all compare equal. */
export function normalizeHeader(header: Cell): string {
  return cleanText(header).replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/[*＊]/g, '');
}
