/**
 * `kaohe monthly --checks FILE`: 月度汇总 gets a 罚款(元) column (values from the core QA module, apart from
 * 绩效浮动), and the workbook still reads back exactly like one made without it.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cli, sample } from '../helpers/cli';
import { schemaTest, validateXlsx } from '../helpers/ooxml';
import { compareSummary } from '../../addin/live/consistency';
import type { XCell } from '../../addin/excel/types';
import { loadScoredMonth } from '../../scripts/slips/inputs';

const INPUTS = [
  '--roster',
  sample('员工名单.csv'),
  '--entries',
  sample('考核记录-2026-10.csv'),
  '--adjustments',
  sample('额外奖惩-2026-10.csv'),
  '--month',
  '2026-10',
];
const FINE = '罚款(元)';

let dir: string;
let withChecks: string;
let without: string;
let stdout: string;

async function summaryOf(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet('月度汇总')!;
}

function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  let found = -1;
  ws.getRow(1).eachCell((c, col) => {
    if (c.value === header) found = col;
  });
  return found;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-monthly-checks-'));
  const a = await cli(['monthly', ...INPUTS, '--checks', sample('抽查记录-2026-10.csv'), '--out', path.join(dir, 'a')]);
  expect(a.stderr).toBe('');
  expect(a.code).toBe(0);
  stdout = a.stdout;
  withChecks = path.join(dir, 'a', '月度考核-2026-10.xlsx');
  const b = await cli(['monthly', ...INPUTS, '--out', path.join(dir, 'b')]);
  expect(b.code).toBe(0);
  without = path.join(dir, 'b', '月度考核-2026-10.xlsx');
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test("月度汇总 has 罚款(元) with each agent's fine (0387: 150), as values, apart from 绩效浮动", async () => {
  const ws = await summaryOf(withChecks);
  const fineCol = columnOf(ws, FINE);
  expect(fineCol).toBeGreaterThan(0);
  expect(fineCol).not.toBe(columnOf(ws, '绩效浮动(元)'));
  const qa = await cli([
    'qa',
    '--checks',
    sample('抽查记录-2026-10.csv'),
    '--roster',
    sample('员工名单.csv'),
    '--month',
    '2026-10',
    '--json',
  ]);
  const expected = new Map<string, number>(
    JSON.parse(qa.stdout).employees.map((e: { id: string; fine: number }) => [e.id, e.fine]),
  );
  const seen = new Map<string, unknown>();
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const id = row.getCell(1).value;
    if (typeof id !== 'string' || id === '') return;
    const cell = row.getCell(fineCol);
    expect(cell.formula).toBeUndefined();
    seen.set(id, cell.value);
  });
  expect(seen.get('0387')).toBe(150);
  expect(seen.size).toBeGreaterThan(5);
  for (const [id, fine] of seen) expect(fine).toBe(expected.get(id) ?? 0);
  expect(stdout).toContain('罚款');
});

test('without --checks there is no 罚款(元) column', async () => {
  expect(columnOf(await summaryOf(without), FINE)).toBe(-1);
});

test('bad check rows are reported like kaohe qa does: a note pointing to kaohe qa', () => {
  // the sample has a row dated 2026-09-30, outside the month
  expect(stdout).toMatch(/抽查记录有 \d+ 条问题数据未计入（运行 npx kaohe qa 查看明细）/);
});

test('score --workbook on the workbook with 罚款(元) equals score on the CSV inputs', async () => {
  const fromCsv = await cli(['score', ...INPUTS, '--json']);
  const fromWb = await cli(['score', '--workbook', withChecks, '--month', '2026-10', '--json']);
  const fromPlain = await cli(['score', '--workbook', without, '--month', '2026-10', '--json']);
  expect(fromCsv.code).toBe(0);
  expect(fromWb.code).toBe(0);
  const a = JSON.parse(fromCsv.stdout);
  const b = JSON.parse(fromWb.stdout);
  expect(b.employees).toEqual(a.employees);
  expect(b.employees.find((e: { id: string }) => e.id === '0387')).toBeDefined();
  const c = JSON.parse(fromPlain.stdout);
  expect({ ...b, sources: undefined }).toEqual({ ...c, sources: undefined });
});

/** 月度汇总's cached values as the add-in reads them (header row first). */
function valuesOf(ws: ExcelJS.Worksheet): XCell[][] {
  const out: XCell[][] = [];
  ws.eachRow((row, r) => {
    const line: XCell[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      const v = c.type === ExcelJS.ValueType.Formula ? c.result : c.value;
      line[col - 1] = (v && typeof v === 'object' && 'richText' in v ? c.text : v) as XCell;
    });
    out[r - 1] = Array.from(line, (v) => (v === undefined || v === null ? '' : v));
  });
  return out;
}

test("the add-in's consistency check reads the workbook with 罚款(元) as it reads the one without", async () => {
  const { result } = await loadScoredMonth(
    {
      roster: sample('员工名单.csv'),
      entries: sample('考核记录-2026-10.csv'),
      adjustments: sample('额外奖惩-2026-10.csv'),
      month: '2026-10',
    },
    'score',
  );
  const a = await summaryOf(withChecks);
  const b = await summaryOf(without);
  expect(compareSummary(result, valuesOf(b))).toEqual([]);
  expect(compareSummary(result, valuesOf(a))).toEqual([]);
  // and a typed-over 罚款(元) is not a formula difference (it is not a computed column)
  const col = columnOf(a, FINE);
  const edited = valuesOf(a);
  edited[1][col - 1] = 999;
  expect(compareSummary(result, edited)).toEqual([]);
  // the column is visible, beside 预警
  expect(a.getColumn(col).hidden).toBe(false);
});

schemaTest()('the workbook with 罚款(元) validates against the OOXML schemas', async () => {
  expect(await validateXlsx(withChecks)).toEqual([]);
});
