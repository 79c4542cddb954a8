import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { colLetter, colNumber } from '../../core/workbook/layout';

const root = path.resolve(__dirname, '../..');

describe('column letters: one function, A to XFD', () => {
  test.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [28, 'AB'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %d is %s, and back', (n, letters) => {
    expect(colLetter(n)).toBe(letters);
    expect(colNumber(letters)).toBe(n);
  });

  test('every column of a sheet round-trips', () => {
    const wrong = [];
    for (let n = 1; n <= 16384; n++) if (colNumber(colLetter(n)) !== n) wrong.push(n);
    expect(wrong).toEqual([]);
  });

  // scripts/daily/workbook.ts had its own String.fromCharCode(64 + c), right for A–Z only (column 27 gave "[").
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
    });
  const allowed = ['core/workbook/layout.ts'];
  const files = ['core', 'scripts', 'addin', 'fakes', 'bench']
    .flatMap((d) => sources(path.join(root, d)))
    .map((f) => path.relative(root, f))
    .filter((f) => !allowed.includes(f));

  test('no other module computes column letters of its own', () => {
    expect(files.length).toBeGreaterThan(100);
    const own = files.filter((f) =>
      /String\.fromCharCode\(\s*6[45]\s*\+/.test(readFileSync(path.join(root, f), 'utf8')),
    );
    expect(own).toEqual([]);
  });

  test('the daily summary (column letters of SUM formulas) uses the shared function', () => {
    const text = readFileSync(path.join(root, 'scripts/daily/workbook.ts'), 'utf8');
    expect(text).toMatch(/import \{ colLetter \} from '\.\.\/\.\.\/core\/workbook\/layout'/);
    expect(text).toContain('SUM(${colLetter(c)}');
  });
});
