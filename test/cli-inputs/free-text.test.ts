/**
 * User text is kept exactly as typed (issue 13, item 5): a full-width 「，」「（）」「：」 or 「Ａ」 in 说明,
 * 理由, 作废原因, 记录人 or a name is never folded to ASCII, in any output. Codes, numbers, dates and 工号
 * are still read through full-width folding (「Ｌ０１」 is L01).
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { ENTRY_HEADER, ROSTER_HEADER, cli, listFiles, tmpDir, writeCsv } from '../helpers/user-files';

const NOTE = '已提醒，仍未改（第二次）：见记录';
const VOID_REASON = '录错人，应为０００８';
const RECORDER = '王主管（夜班）';
const REASON = '月度例会无故迟到，口头警告后未改';
const NAME = '张三Ａ';

async function texts(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (typeof c.value === 'string') out.push(c.value);
        else if (c.value && typeof c.value === 'object' && 'richText' in c.value)
          out.push(c.value.richText.map((r) => r.text).join(''));
      }),
    ),
  );
  return out;
}

const folded = (s: string) => s.normalize('NFKC');

let dir: string;
let args: string[];
beforeAll(async () => {
  dir = await tmpDir('free-text');
  const roster = await writeCsv(path.join(dir, '员工名单.csv'), [
    ROSTER_HEADER,
    ['0007', NAME, '一组', '客服', '2020-01-01', '在职'],
    ['0008', '李四', '一组', '客服', '2020-01-01', '在职'],
  ]);
  const entries = await writeCsv(path.join(dir, '考核记录.csv'), [
    ENTRY_HEADER,
    ['2026-10-05', '０００７', 'Ｌ０１', '', '', '', NOTE, RECORDER, '', ''],
    ['2026-10-06', '0007', 'D01', '', '', '', NOTE, RECORDER, '', ''],
    ['2026-10-07', '0007', 'L02', '', '', '', NOTE, RECORDER, '作废', VOID_REASON],
  ]);
  const adjustments = await writeCsv(path.join(dir, '额外奖惩.csv'), [
    ['月份', '工号', '分值', '理由'],
    ['2026-10', '0007', '-2', REASON],
  ]);
  args = ['--roster', roster, '--entries', entries, '--adjustments', adjustments, '--month', '2026-10'];
});

test('score JSON keeps a name as typed and still reads full-width codes and 工号', async () => {
  const r = await cli(['score', ...args, '--json']);
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  const e = json.employees.find((x: { id: string }) => x.id === '0007');
  expect(e.name).toBe(NAME);
  expect(e.deduction).toBe(2); // Ｌ０１ for ０００７ counted as L01 for 0007
  expect(e.adjustment).toBe(-2);
  expect(json.rejected).toEqual([]);
});

test('the monthly workbook keeps 说明, 记录人, 作废原因, 理由 and the name as typed', async () => {
  const out = path.join(dir, 'monthly');
  expect((await cli(['monthly', ...args, '--out', out])).code).toBe(0);
  const all = await texts(path.join(out, '月度考核-2026-10.xlsx'));
  for (const t of [NOTE, RECORDER, VOID_REASON, REASON, NAME]) expect(all).toContain(t);
  for (const t of [NOTE, RECORDER, VOID_REASON, REASON, NAME]) expect(all).not.toContain(folded(t));
});

test('a slip keeps 说明, 作废原因 and 理由 as typed', async () => {
  const out = path.join(dir, 'slips');
  expect((await cli(['slips', ...args, '--out', out])).code).toBe(0);
  const slip = (await listFiles(out)).find((f) => f.includes('0007'))!;
  const joined = (await texts(path.join(out, slip))).join('\n');
  for (const t of [NOTE, VOID_REASON, REASON, NAME]) expect(joined).toContain(t);
  for (const t of [NOTE, VOID_REASON, REASON]) expect(joined).not.toContain(folded(t));
});

test('the summary keeps the 说明 of a 直接辞退 warning and the name as typed', async () => {
  const out = path.join(dir, 'summary');
  expect((await cli(['summary', ...args, '--out', out])).code).toBe(0);
  const joined = (await texts(path.join(out, '管理汇总-2026-10.xlsx'))).join('\n');
  expect(joined).toContain(NAME);
  expect(joined).toContain(NOTE);
  expect(joined).not.toContain(folded(NOTE));
});

test('the monthly workbook read back keeps them too (slips from the workbook)', async () => {
  const out = path.join(dir, 'slips-wb');
  expect(
    (await cli(['slips', '--workbook', path.join(dir, 'monthly', '月度考核-2026-10.xlsx'), '--out', out])).code,
  ).toBe(0);
  const slip = (await listFiles(out)).find((f) => f.includes('0007'))!;
  const joined = (await texts(path.join(out, slip))).join('\n');
  for (const t of [NOTE, VOID_REASON, REASON, NAME]) expect(joined).toContain(t);
});
