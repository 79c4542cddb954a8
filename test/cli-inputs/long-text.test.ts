/**
 * Text over 32,767 characters (issue 13, item 6): every writer cuts it to fit an Excel cell and says
 * so with the file, row and column, never silently.
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { ENTRY_HEADER, ROSTER_HEADER, ROSTER_ROWS, cli, tmpDir, writeCsv } from '../helpers/user-files';
import { EXPORT_HEADERS } from '../../scripts/daily/sample-export';
import { aggregate } from '../daily/helpers';

const LONG = '长'.repeat(40000);

let dir: string;
let args: string[];
beforeAll(async () => {
  dir = await tmpDir('long-text');
  const roster = await writeCsv(path.join(dir, '员工名单.csv'), [ROSTER_HEADER, ...ROSTER_ROWS]);
  const entries = await writeCsv(path.join(dir, '考核记录.csv'), [
    ENTRY_HEADER,
    ['2026-10-05', '0007', 'L01', '', '', '', '短说明', '主管', '', ''],
    ['2026-10-06', '0008', 'L02', '', '', '', LONG, '主管', '', ''],
  ]);
  const adjustments = await writeCsv(path.join(dir, '额外奖惩.csv'), [
    ['月份', '工号', '分值', '理由'],
    ['2026-10', '0009', '2', LONG],
  ]);
  args = ['--roster', roster, '--entries', entries, '--adjustments', adjustments, '--month', '2026-10'];
});

const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: string[] = [];
  ws.eachRow((r, n) => n > 1 && out.push([1, 2, 3, 4].map((c) => String(r.getCell(c).value ?? '')).join('|')));
  return out;
};

test('monthly: 问题数据 lists each cut text with its file, row and column; the rows still count', async () => {
  const out = path.join(dir, 'monthly');
  const r = await cli(['monthly', ...args, '--out', out]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/2 处文字超过 Excel 单元格上限/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, '月度考核-2026-10.xlsx'));
  const listed = rowsOf(wb.getWorksheet('问题数据')!);
  expect(listed).toEqual(['考核记录.csv|3|说明|TEXT_TOO_LONG', '额外奖惩.csv|2|理由|TEXT_TOO_LONG']);
  const json = JSON.parse((await cli(['score', ...args, '--json'])).stdout);
  expect(json.employees.find((e: { id: string }) => e.id === '0008').deduction).toBe(2);
  expect(json.employees.find((e: { id: string }) => e.id === '0009').adjustment).toBe(2);
});

test('slips: the command says which texts were cut on the slips', async () => {
  const r = await cli(['slips', ...args, '--out', path.join(dir, 'slips')]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/考核记录\.csv 第3行「说明」/);
  expect(r.stdout).toMatch(/额外奖惩\.csv 第2行「理由」/);
});

test('daily: an 意见 cut in the event list is listed on 问题数据 with its row', async () => {
  const r = aggregate([
    { 来电类型: '表扬', 意见: LONG },
    { 来电类型: '咨询', 意见: LONG },
  ]).report('2026-10-05');
  // The 表扬's 意见 is written (event 5) and cut; the 咨询's is written nowhere.
  expect(r.partProblems.map((p) => [p.row, p.column, p.code])).toEqual([[2, '意见', 'TEXT_TOO_LONG']]);
  expect(r.reconciliation).toMatchObject({ counted: 2, problem: 0, balanced: true });
  void EXPORT_HEADERS;
});
