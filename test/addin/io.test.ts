import {
  chunkRowsByBytes,
  columnLetter,
  columnIndex,
  jsonBytes,
  parseAddress,
  rectAddress,
} from '../../addin/excel/io';
import { mergeSpans } from '../../addin/live/session';

describe('Excel layer helpers', () => {
  test('column letters round-trip (A, Z, AA, AZ, XFD)', () => {
    expect([0, 25, 26, 51, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'XFD']);
    expect(['A', 'Z', 'AA', 'AZ', 'XFD'].map(columnIndex)).toEqual([0, 25, 26, 51, 16383]);
    expect(rectAddress(0, 10, 2, 501)).toBe('A2:J501');
  });

  test('change addresses: a cell, a pasted block, whole columns and rows, sheet-qualified, several areas', () => {
    expect(parseAddress('C7')).toEqual([{ firstRow: 7, lastRow: 7, firstCol: 2, lastCol: 2 }]);
    expect(parseAddress('A2:J501')).toEqual([{ firstRow: 2, lastRow: 501, firstCol: 0, lastCol: 9 }]);
    expect(parseAddress('B:C')).toEqual([{ firstRow: 1, lastRow: Infinity, firstCol: 1, lastCol: 2 }]);
    expect(parseAddress('5:9')).toEqual([{ firstRow: 5, lastRow: 9, firstCol: 0, lastCol: Infinity }]);
    expect(parseAddress("'考核记录'!$E$3")).toEqual([{ firstRow: 3, lastRow: 3, firstCol: 4, lastCol: 4 }]);
    expect(parseAddress('A2:B3,D9')).toHaveLength(2);
  });

  test('changed rows merge into spans from row 2 (the header is never data)', () => {
    expect(
      mergeSpans([
        [5, 5],
        [1, 3],
        [4, 4],
        [10, 12],
        [11, 20],
      ]),
    ).toEqual([
      [2, 5],
      [10, 20],
    ]);
  });

  test('JSON byte size counts UTF-8 (Chinese is 3 bytes) and writes are chunked under the budget', () => {
    expect(jsonBytes(['考核'])).toBe(10);
    const rows = Array.from({ length: 1000 }, () => ['说明'.repeat(50)]);
    const chunks = chunkRowsByBytes(rows, 60000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every(([, part]) => jsonBytes(part) <= 60000)).toBe(true);
    expect(chunks.reduce((n, [, part]) => n + part.length, 0)).toBe(1000);
    expect(chunks.map(([offset]) => offset)[1]).toBe(chunks[0][1].length);
  });
});
