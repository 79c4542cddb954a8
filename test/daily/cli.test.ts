import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { main } from '../../scripts/cli/main';
import { EXPORT_HEADERS, sampleRows, writeCallCsv } from '../../scripts/daily/sample-export';

let dir: string;
let calls: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-daily-cli-'));
  calls = path.join(dir, '呼叫系统导出-2026-10.csv');
  await writeCallCsv(calls, [EXPORT_HEADERS, ...sampleRows()], 'gb18030');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function run(args: string[], isTTY = false) {
  let out = '';
  let err = '';
  const code = await main(['daily', ...args], { out: (t) => (out += t), err: (t) => (err += t), isTTY });
  return { code, out, err };
}

const KEYS = [
  'date',
  'total',
  'byType',
  'byStation',
  'byAgent',
  'repairs',
  'completed',
  'completionRate',
  'meanHandlingHours',
  'over4h',
  'visits',
  'solved',
  'attitude',
  'meanScore',
  'charged',
  'exceptions',
  'problemRows',
  'unreadable',
  'partProblems',
];

describe('kaohe daily --json', () => {
  test('prints exactly one JSON document with the 规则说明 §5 keys', async () => {
    const { code, out, err } = await run(['--calls', calls, '--date', '2026-10-05', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(Object.keys(j)).toEqual(KEYS);
    expect(Object.keys(j.exceptions)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(j.date).toBe('2026-10-05');
    // The boundary rows of the sample: GD…900001 is on time (exactly 30 min, exactly 4 h),
    // GD…900002 is late in every way (31 min, 61 min, 4 h 1 s), unanswered, and from 供热办.
    const tickets = (k: string) => j.exceptions[k].list.map((e: { ticket: string }) => e.ticket);
    for (const k of ['1', '2', '3', '4', '9']) expect(tickets(k)).toContain('GD20261005900002');
    for (const k of ['1', '3']) expect(tickets(k)).not.toContain('GD20261005900001');
    expect(tickets('5')).toContain('GD20261005900008');
    expect(tickets('6')).toContain('GD20261005900009');
    for (const k of Object.keys(j.exceptions)) expect(j.exceptions[k].count).toBe(j.exceptions[k].list.length);
    expect(j.problemRows.map((p: { code: string }) => p.code).sort()).toEqual(['TIME_UNREADABLE', 'TYPE_UNKNOWN']);
    expect(j.unreadable.map((p: { code: string }) => p.code)).toEqual(['CALL_TIME_UNREADABLE', 'CALL_TIME_MISSING']);
    const sumTypes = Object.values(j.byType as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sumTypes + j.problemRows.length).toBe(j.total);
    expect(j.completionRate).toBeCloseTo(j.completed / j.repairs, 12);
  });

  test('means are null when there is nothing to average', async () => {
    const j = JSON.parse((await run(['--calls', calls, '--date', '2026-10-20', '--json'])).out);
    expect([j.total, j.repairs, j.completionRate, j.meanHandlingHours, j.meanScore]).toEqual([0, 0, 0, null, null]);
    expect(j.unreadable).toHaveLength(2);
  });

  test('bad arguments: one Chinese line, exit 2', async () => {
    for (const args of [
      ['--calls', calls, '--date', '2026-10-05'], // no --out, no --json
      ['--calls', calls, '--date', '2026-13-05', '--json'],
      ['--calls', calls, '--month', '2026-10', '--json'],
      ['--calls', calls, '--date', '2026-10-05', '--month', '2026-10', '--json'],
      ['--calls', path.join(dir, 'nope.csv'), '--date', '2026-10-05', '--json'],
      ['--calls', calls, '--date', '2026-10-05', '--json', '--accept-minutes', '半小时'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^错误：[^\n]+\n$/);
    }
  });

  test('--accept-minutes changes event 1', async () => {
    const a = JSON.parse((await run(['--calls', calls, '--date', '2026-10-05', '--json'])).out);
    const b = JSON.parse(
      (await run(['--calls', calls, '--date', '2026-10-05', '--json', '--accept-minutes', '200'])).out,
    );
    expect(b.exceptions['1'].count).toBeLessThan(a.exceptions['1'].count);
    expect(b.exceptions['1'].list.every((e: { detail: string }) => e.detail.startsWith('没有接单时间'))).toBe(true);
  });
});

describe('the 日报 workbook', () => {
  let out: string;
  let json: Record<string, any>;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    out = path.join(dir, 'out');
    const r = await run(['--calls', calls, '--date', '2026-10-05', '--out', out, '--json']);
    expect(r.code).toBe(0);
    json = JSON.parse(r.out);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '日报-2026-10-05.xlsx'));
  });

  test('has the three required parts, the abnormal events, the problem rows and the 核对', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '每日报修情况',
      '每日报修完成情况',
      '每日回访情况',
      '异常事件',
      '问题数据',
      '核对',
    ]);
  });

  test('每日报修情况: by type (with the problem rows), by 维修站, by agent, and the 核对 line', () => {
    const ws = wb.getWorksheet('每日报修情况')!;
    expect((ws.getCell('B2').value as Date).toISOString()).toBe('2026-10-05T00:00:00.000Z');
    const types: Record<string, unknown> = {};
    for (let r = 6; r <= 12; r++) types[String(ws.getCell(r, 1).value)] = ws.getCell(r, 2).value;
    expect(types).toEqual({ ...json.byType, '问题数据（未计入）': json.problemRows.length, 本日来电合计: json.total });
    const stations: Record<string, unknown> = {};
    for (let r = 6; ws.getCell(r, 4).value !== '合计'; r++)
      stations[String(ws.getCell(r, 4).value)] = ws.getCell(r, 5).value;
    expect(stations).toEqual(json.byStation);
    const agents: Record<string, unknown> = {};
    for (let r = 6; ws.getCell(r, 7).value !== '合计'; r++)
      agents[String(ws.getCell(r, 7).value)] = ws.getCell(r, 8).value;
    expect(agents).toEqual(json.byAgent);
    expect(String(ws.getCell('A3').value)).toMatch(
      /共 394 行数据 = 本日计入 60 \+ 本日问题数据 2 \+ 其他日期的来电 330 \+ 受理时间无法读取 2.*相符/,
    );
  });

  test('完成情况 and 回访情况', () => {
    const c = wb.getWorksheet('每日报修完成情况')!;
    expect([4, 5, 6, 8].map((r) => c.getCell(r, 2).value)).toEqual([
      json.repairs,
      json.completed,
      json.completionRate,
      json.over4h,
    ]);
    expect(c.getCell(7, 2).value).toBeCloseTo(json.meanHandlingHours, 9);
    const v = wb.getWorksheet('每日回访情况')!;
    expect([5, 6, 8, 9, 10, 11, 13].map((r) => v.getCell(r, 2).value)).toEqual([
      json.visits,
      json.solved,
      json.attitude.满意,
      json.attitude.一般,
      json.attitude.不满意,
      json.attitude.未填,
      json.charged,
    ]);
    expect(v.getCell(12, 2).value).toBeCloseTo(json.meanScore, 9);
  });

  test('异常事件: the nine counts, and one list line per event', () => {
    const ws = wb.getWorksheet('异常事件')!;
    for (let k = 1; k <= 9; k++) expect(ws.getCell(4 + k, 3).value).toBe(json.exceptions[String(k)].count);
    let lines = 0;
    for (let r = 16; ws.getCell(r, 3).value; r++) lines++;
    const total = Object.values(json.exceptions as Record<string, { count: number }>).reduce((a, e) => a + e.count, 0);
    expect(lines).toBe(total);
    // Input text that looks like a formula is written as text.
    let found = false;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (String(cell.value).includes('=HYPERLINK')) {
          found = true;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
        }
      }),
    );
    expect(found).toBe(true);
  });

  test("问题数据 lists the day's problem rows and the unreadable rows of the file", () => {
    const ws = wb.getWorksheet('问题数据')!;
    const listed: string[] = [];
    for (let r = 4; ws.getCell(r, 1).value; r++)
      listed.push(`${ws.getCell(r, 1).value}|${ws.getCell(r, 3).value}|${ws.getCell(r, 5).value}`);
    expect(listed).toEqual([
      ...json.problemRows.map((p: { row: number; code: string }) => `本日问题数据|${p.row}|${p.code}`),
      ...json.partProblems.map(
        (p: { row: number; code: string }) => `部分未计入或已截断（其余已计入）|${p.row}|${p.code}`,
      ),
      ...json.unreadable.map((p: { row: number; code: string }) => `受理时间无法读取|${p.row}|${p.code}`),
    ]);
  });

  test('核对 sheet: the formula and its result agree', () => {
    const ws = wb.getWorksheet('核对')!;
    const v = (r: number) => ws.getCell(r, 2).value as number;
    expect(v(4)).toBe(v(5) + v(6) + v(7) + v(8));
    const check = ws.getCell(10, 2).value as ExcelJS.CellFormulaValue;
    expect(check.formula).toBe('IF(B4=B5+B6+B7+B8,"相符","不符")');
    expect(check.result).toBe('相符');
  });

  test('never overwrites without --force', async () => {
    const file = path.join(out, '日报-2026-10-05.xlsx');
    const before = await fs.stat(file);
    const r = await run(['--calls', calls, '--date', '2026-10-05', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/已存在.*--force/);
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect((await run(['--calls', calls, '--date', '2026-10-05', '--out', out, '--force'])).code).toBe(0);
    expect((await fs.readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('kaohe daily --month', () => {
  test('every day of the month plus the summary with a native chart; progress on a terminal', async () => {
    const out = path.join(dir, 'month');
    const r = await run(['--calls', calls, '--month', '2026-10', '--out', out], true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\[#+\] 33\/33/);
    const files = (await fs.readdir(out)).sort();
    expect(files).toHaveLength(32);
    expect(files[0]).toBe('日报-2026-10-01.xlsx');
    expect(files[31]).toBe('日报汇总-2026-10.xlsx');

    const summary = path.join(out, '日报汇总-2026-10.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(summary);
    const ws = wb.getWorksheet('日报汇总')!;
    expect(wb.worksheets).toHaveLength(1);
    const day5 = JSON.parse((await run(['--calls', calls, '--date', '2026-10-05', '--json'])).out);
    expect((ws.getCell(8, 1).value as Date).toISOString().slice(0, 10)).toBe('2026-10-05');
    expect([2, 3, 4, 5, 7, 8, 9].map((c) => ws.getCell(8, c).value)).toEqual([
      day5.total,
      day5.repairs,
      day5.completed,
      day5.completionRate,
      day5.over4h,
      day5.visits,
      day5.solved,
    ]);
    expect((ws.getCell(35, 2).value as ExcelJS.CellFormulaValue).result).toBe(392);
    expect(String(ws.getCell(36, 1).value)).toMatch(
      /共 394 行数据 = 本月各日来电合计 392 \+ 其他月份的来电 0 \+ 受理时间无法读取 2，相符/,
    );

    const zip = await JSZip.loadAsync(await fs.readFile(summary));
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:barChart>');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain("<c:f>'日报汇总'!$B$4:$B$34</c:f>");
    expect(chart).toContain("<c:f>'日报汇总'!$E$4:$E$34</c:f>");
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/xl/charts/chart1.xml');
    const sheets = zip.file(/^xl\/worksheets\/sheet\d+\.xml$/);
    expect(sheets).toHaveLength(1);
    const sheetXml = await sheets[0].async('string');
    expect(sheetXml).toMatch(/<drawing r:id="[^"]+"\/>/);
  });
});

describe('--template', () => {
  test('a restyled template is used; a template without a needed sheet is named', async () => {
    const { buildDailyTemplateWorkbook } = await import('../../scripts/templates/daily-template');
    const restyled = buildDailyTemplateWorkbook();
    restyled.getWorksheet('每日报修情况')!.getCell('A1').value = '某某热力公司 呼叫中心日报';
    const good = path.join(dir, '我的模板.xlsx');
    await restyled.xlsx.writeFile(good);
    const out = path.join(dir, 'custom');
    expect((await run(['--calls', calls, '--date', '2026-10-05', '--out', out, '--template', good])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '日报-2026-10-05.xlsx'));
    expect(wb.getWorksheet('每日报修情况')!.getCell('A1').value).toBe('某某热力公司 呼叫中心日报');

    const broken = buildDailyTemplateWorkbook();
    broken.removeWorksheet(broken.getWorksheet('异常事件')!.id);
    const bad = path.join(dir, '坏模板.xlsx');
    await broken.xlsx.writeFile(bad);
    const r = await run([
      '--calls',
      calls,
      '--date',
      '2026-10-05',
      '--out',
      path.join(dir, 'custom2'),
      '--template',
      bad,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/日报模板缺少工作表「异常事件」/);
  });
});
