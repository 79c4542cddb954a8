import { dayOf, formatDateTime, localSeconds, parseDateTime } from '../../core/daily/datetime';

const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => localSeconds(y, mo, d, h, mi, s);

describe('date-times of the call export (local China wall clock)', () => {
  test.each([
    ['2026-10-05 08:30', at(2026, 10, 5, 8, 30)],
    ['2026/10/5 8:30:00', at(2026, 10, 5, 8, 30)],
    ['2026/10/5 8:30', at(2026, 10, 5, 8, 30)],
    ['2026年10月5日 8时30分', at(2026, 10, 5, 8, 30)],
    ['2026年10月5日 8时30分15秒', at(2026, 10, 5, 8, 30, 15)],
    ['2026-10-05T23:59:59', at(2026, 10, 5, 23, 59, 59)],
    [' ２０２６-10-05 08:30 ', at(2026, 10, 5, 8, 30)],
    // Whole hours as the call system's Chinese export writes them (issue 13, item 7)
    ['2026年10月5日 9时', at(2026, 10, 5, 9, 0)],
    ['2026年10月5日9时', at(2026, 10, 5, 9, 0)],
    ['2026年10月5日 9时5分', at(2026, 10, 5, 9, 5)],
    ['2026年10月5日 9点30分', at(2026, 10, 5, 9, 30)],
  ])('text %p', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  test('an Excel serial with a time fraction, rounded to the second', () => {
    // 46300 = 2026-10-05; 0.354166… = 08:30
    expect(formatDateTime(parseDateTime(46300 + 8.5 / 24)!)).toBe('2026-10-05 08:30:00');
    expect(formatDateTime(parseDateTime('46300.5')!)).toBe('2026-10-05 12:00:00');
  });

  test('a Date built by exceljs: its UTC wall clock is the local time', () => {
    expect(formatDateTime(parseDateTime(new Date(Date.UTC(2026, 9, 5, 23, 59, 59)))!)).toBe('2026-10-05 23:59:59');
  });

  test.each([
    '',
    '2026-10-05',
    '2026-10-0? 09:00',
    '2026-10-05 24:00',
    '2026-02-30 08:00',
    '明天上午',
    '2026-10-5 25:00',
    '2026年10月5日 25时',
    '2026年10月5日 9时61分',
  ])('unreadable %p', (text) => expect(parseDateTime(text)).toBeNull());

  test('a day runs from 00:00:00 to 23:59:59', () => {
    expect(dayOf(at(2026, 10, 5, 0, 0, 0)!)).toBe('2026-10-05');
    expect(dayOf(at(2026, 10, 5, 23, 59, 59)!)).toBe('2026-10-05');
    expect(dayOf(at(2026, 10, 6, 0, 0, 0)!)).toBe('2026-10-06');
  });
});
