/**
 * One rule, several engines: the workbook's formulas that read a number or a date typed as text
 * (numberText/numberOf, dateText/dateOfText) give, in HyperFormula, LibreOffice and Gnumeric, what the
 * core's parseNumber and parseDate give for the same text. Text a person may type: full-width digits, spaces
 * around 年 and 月, a time after the date, a serial with a fraction; and text the core refuses but a
 * spreadsheet's VALUE() would read (4-, 2026-011-04, 1.2.3).
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { parseDate, parseNumber, isoDateToSerial } from '../../core/values';
import { dateOfText, dateText, numberOf, numberText, secondSeparator } from '../../core/workbook/model';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { recalcWithGnumeric } from '../../scripts/gnumeric';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { testWith } from '../helpers/tools';
import { sheetsByHyperFormula } from './engines';
import { tmpDir } from './helpers';

jest.setTimeout(180000);

const NUMBERS = [
  '5',
  ' 5 ',
  '５',
  '１２',
  '1,234',
  '１，２３４',
  '-5',
  '\u22125',
  '－３',
  '+5',
  '.5',
  '5.',
  '-.5',
  '+.5',
  '+5.',
  '.5.',
  '5-5',
  '５．５',
  '1.25',
  '0.3',
  '0012',
  '\u3000',
  ',',
  '1.2.3',
  '4-',
  '--5',
  '+-5',
  '1+2',
  '1e3',
  '5%',
  '$5',
  '1 2',
  '.',
  '-',
  'abc',
  '12345678',
];

const DATES = [
  '2026-11-05',
  '2026/11/5',
  '2026.11.5',
  '2026年11月5日',
  '２０２６年１１月５日',
  '２０２６－１１－０５',
  '２０２６／１１／０５',
  '2026 年 11 月 5 日',
  '2026 - 11 - 5',
  '2026-11-05T09:30',
  '2026-11-05 09:30',
  '2026-11-5日',
  '2026-11-5 日',
  '2026-11-5日 10:00',
  '2026-11-5日T10',
  '2026-11-5 日日',
  '2026-11-5日日',
  '2026-11日 -5',
  '2026T-11-5',
  '2026-11-日 5',
  '2026-11-05\u3000',
  '46333',
  '46333.5',
  '20261105',
  '2026.11',
  '2026-011-04',
  '2026-11-+6',
  '2026-1日1-5',
  '2026-11-5日x',
  '2026-11-5x',
  '2026-11-5t',
  '2026-13-1',
  '2026-2-30',
  '2026-2-29',
  '2028-2-29',
  '2026--11-5',
  '2026-11-123',
  '46300.',
  '.5',
  '60',
  '400001',
  '1900-3-1',
  '3000-1-1',
  'abc',
];

type Got = unknown[][];

function expected(): { numbers: (string | number)[]; dates: (string | number)[] } {
  return {
    numbers: NUMBERS.map((t) => {
      const n = parseNumber(t);
      return n === null ? '' : Number.isNaN(n) ? '#' : n;
    }),
    dates: DATES.map((t) => {
      const iso = parseDate(t);
      return iso === null ? '' : isoDateToSerial(iso);
    }),
  };
}

/** Column A the text, B numberText, C numberOf, D dateText, E dateOfText, F-G the same with a helper (rows from 1). */
async function parserSheet(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('p');
  const texts = [...NUMBERS, ...DATES];
  texts.forEach((t, i) => {
    const r = i + 1;
    ws.getCell(r, 1).value = t;
    ws.getCell(r, 2).value = { formula: numberText(`A${r}`) };
    ws.getCell(r, 3).value = { formula: numberOf(`A${r}`, `B${r}`) };
    ws.getCell(r, 4).value = { formula: `IF(ISTEXT(A${r}),${dateText(`A${r}`)},"")` };
    ws.getCell(r, 5).value = { formula: `IF(D${r}="","",${dateOfText(`D${r}`)})` };
    // 考核记录's form: the second separator in a helper column
    ws.getCell(r, 6).value = { formula: `IF(D${r}="",0,${secondSeparator(`D${r}`)})` };
    ws.getCell(r, 7).value = { formula: `IF(D${r}="","",${dateOfText(`D${r}`, `F${r}`)})` };
  });
  await wb.xlsx.writeFile(file);
}

function compare(got: Got, rowOffset: number): string[] {
  const want = expected();
  const out: string[] = [];
  const norm = (v: unknown) => (v === null || v === undefined ? '' : v);
  NUMBERS.forEach((t, i) => {
    const g = norm(got[i + rowOffset]?.[2]);
    if (g !== want.numbers[i])
      out.push(`数字 ${JSON.stringify(t)}: 公式 ${JSON.stringify(g)} ≠ 核心 ${want.numbers[i]}`);
  });
  DATES.forEach((t, i) => {
    for (const col of [4, 6]) {
      const g = norm(got[NUMBERS.length + i + rowOffset]?.[col]);
      if (g !== want.dates[i]) out.push(`日期 ${JSON.stringify(t)}: 公式 ${JSON.stringify(g)} ≠ 核心 ${want.dates[i]}`);
    }
  });
  return out;
}

async function rowsOf(file: string): Promise<Got> {
  const rows = await readSheetRows(await openXlsx(file), 'p', 7);
  const out: Got = [];
  for (const [r, cells] of rows) out[r - 1] = cells as Got[number];
  return out;
}

const lo = testWith(['soffice'], '文字数字与日期公式的 LibreOffice 对照');
const gn = testWith(['ssconvert'], '文字数字与日期公式的 Gnumeric 对照');

test('the cases are the ones meant: the core reads some and refuses others', () => {
  const want = expected();
  expect(want.numbers.filter((n) => typeof n === 'number').length).toBeGreaterThan(15);
  expect(want.numbers.filter((n) => n === '#').length).toBeGreaterThan(10);
  expect(want.dates.filter((n) => typeof n === 'number').length).toBeGreaterThan(15);
  expect(want.dates.filter((n) => n === '').length).toBeGreaterThan(15);
});

test('HyperFormula reads every text as the core does', async () => {
  const dir = await tmpDir('parsers-hf');
  const file = path.join(dir, 'p.xlsx');
  await parserSheet(file);
  const got = (await sheetsByHyperFormula(file, ['p'])).get('p')!;
  expect(compare(got, 0)).toEqual([]);
});

lo('LibreOffice reads every text as the core does', async () => {
  const dir = await tmpDir('parsers-lo');
  const file = path.join(dir, 'p.xlsx');
  await parserSheet(file);
  expect(compare(await rowsOf(await recalcWithLibreOffice(file, path.join(dir, 'lo'))), 0)).toEqual([]);
});

gn('Gnumeric reads every text as the core does', async () => {
  const dir = await tmpDir('parsers-gn');
  const file = path.join(dir, 'p.xlsx');
  await parserSheet(file);
  expect(compare(await rowsOf(await recalcWithGnumeric(file, path.join(dir, 'gn'))), 0)).toEqual([]);
});

test('what the formulas still refuse although the core reads it: refused, so the row is red, never counted silently', async () => {
  // spaces around a "." separator, a "-" right after the day, a tab: the core's \s is wider than TRIM
  const known = ['2026 . 11 . 5', '2026-11-5 -', '2026-11-05\t'];
  const dir = await tmpDir('parsers-known');
  const file = path.join(dir, 'k.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('k');
  known.forEach((t, i) => {
    ws.getCell(i + 1, 1).value = t;
    ws.getCell(i + 1, 2).value = { formula: `IF(ISTEXT(A${i + 1}),${dateText(`A${i + 1}`)},"")` };
    ws.getCell(i + 1, 3).value = { formula: `IF(B${i + 1}="","",${dateOfText(`B${i + 1}`)})` };
  });
  await wb.xlsx.writeFile(file);
  const got = (await sheetsByHyperFormula(file, ['k'])).get('k')!;
  expect(known.map((t) => parseDate(t))).toEqual(['2026-11-05', '2026-11-05', '2026-11-05']);
  expect(known.map((_, i) => got[i][2] ?? '')).toEqual(['', '', '']);
});
