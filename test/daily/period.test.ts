/**
 * 周报 and 月报: the daily report's figures over a week or a month. The period's figures are checked
 * against the daily reports of its days (`daily --date --json`, the path the 日报 already trusts), the
 * weighted means against hand-worked numbers, and the workbook against LibreOffice.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { combineDays, monthPeriod, weekPeriod } from '../../core/daily/period';
import { EXPORT_HEADERS, generateCallRows, sampleRows, writeCallCsv } from '../../scripts/daily/sample-export';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { cli } from '../helpers/cli';
import { editSheetXml } from '../workbook/helpers';
import { aggregate } from './helpers';

jest.setTimeout(120000);
const lo = testWith(['soffice'], '周报/月报的重算');

let dir: string;
let calls: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-period-'));
  calls = path.join(dir, '呼叫系统导出.csv');
  // The bundled sample (with its bad rows) plus a generated September tail, so 2026-W40 crosses the month.
  const sept = [
    ...generateCallRows({
      seed: 3,
      month: '2026-09',
      callsPerDay: 6,
      stations: ['东城维修站', '西城维修站'],
      agents: ['0101', '0102'],
    }),
  ].filter((r) => r[0] >= '2026-09-28');
  await writeCallCsv(calls, [EXPORT_HEADERS, ...sept, ...sampleRows()], 'gb18030');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('periods', () => {
  test('an ISO week is Monday to Sunday and may cross the month; a month is its days', () => {
    expect(weekPeriod('2026-W40')!.days).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
    ]);
    expect(weekPeriod('2026-W53')!.days[6]).toBe('2027-01-03');
    expect(weekPeriod('2025-W53')).toBeNull();
    expect(weekPeriod('2026-41')).toBeNull();
    expect(monthPeriod('2026-02').days).toHaveLength(28);
  });

  test('means are weighted: handling time by completed repairs, score by visits with a score', () => {
    const agg = aggregate([
      // 5 Oct: one repair done in 2 h, one visit scored 10.
      {
        受理时间: '2026-10-05 08:00',
        完成时间: '2026-10-05 10:00',
        回访时间: '2026-10-05 12:00',
        是否解决: '是',
        维修工态度: '满意',
        是否收费: '否',
        评分: '10',
      },
      // 6 Oct: four repairs done in 1 h each; three visits scored 4, one visit without a score.
      ...[0, 1, 2].map(() => ({
        受理时间: '2026-10-06 08:00',
        接单时间: '2026-10-06 08:10',
        联系住户时间: '2026-10-06 08:20',
        完成时间: '2026-10-06 09:00',
        回访时间: '2026-10-06 12:00',
        是否解决: '否',
        维修工态度: '一般',
        是否收费: '否',
        评分: '4',
      })),
      {
        受理时间: '2026-10-06 08:00',
        接单时间: '2026-10-06 08:10',
        联系住户时间: '2026-10-06 08:20',
        完成时间: '2026-10-06 09:00',
        回访时间: '2026-10-06 13:00',
        是否解决: '是',
        维修工态度: '满意',
        是否收费: '是',
        评分: '',
      },
    ]);
    agg.finish();
    const period = weekPeriod('2026-W41')!;
    const r = combineDays(
      period,
      period.days.map((d) => agg.report(d)),
    );
    expect(r.perDay.slice(0, 2).map((d) => [d.meanHandlingHours, d.meanScore])).toEqual([
      [2, 10],
      [1, 4],
    ]);
    expect(r.meanHandlingHours).toBeCloseTo((2 + 4 * 1) / 5, 12); // not (2 + 1) / 2
    expect(r.meanScore).toBeCloseTo((10 + 3 * 4) / 4, 12); // 5.5, not (10 + 4) / 2
    expect([r.total, r.repairs, r.completed, r.visits, r.solved, r.charged]).toEqual([5, 5, 5, 5, 2, 1]);
    expect(r.attitude).toEqual({ 满意: 2, 一般: 3, 不满意: 0, 未填: 0 });
    expect(r.reconciliation).toMatchObject({ fileRows: 5, periodRows: 5, otherDays: 0, unreadable: 0, balanced: true });
  });
});

describe('kaohe daily --week / --month --report', () => {
  const dayJson = async (d: string) =>
    JSON.parse((await cli(['daily', '--calls', calls, '--date', d, '--json'])).stdout);

  test("--week --json: the totals are the sums of the days' own reports, including the days in September", async () => {
    const r = await cli(['daily', '--calls', calls, '--week', '2026-W40', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.period, j.kind, j.from, j.to]).toEqual(['2026-W40', 'week', '2026-09-28', '2026-10-04']);
    const days = await Promise.all(j.perDay.map((d: { date: string }) => dayJson(d.date)));
    expect(days.map((d) => d.total)).toEqual(j.perDay.map((d: { total: number }) => d.total));
    expect(j.perDay[0].total).toBeGreaterThan(0); // 28 Sep is in the file: the week crosses the month
    for (const k of ['total', 'repairs', 'completed', 'over4h', 'visits', 'solved', 'charged'] as const) {
      expect([k, j.totals[k]]).toEqual([k, sum(days.map((d) => d[k]))]);
    }
    for (const t of ['报修', '咨询', '投诉', '表扬', '建议'])
      expect(j.totals.byType[t]).toBe(sum(days.map((d) => d.byType[t])));
    for (const k of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) {
      expect(j.totals.exceptions[k].count).toBe(sum(days.map((d) => d.exceptions[k].count)));
      expect(j.totals.exceptions[k].list.map((e: { ticket: string }) => e.ticket)).toEqual(
        days.flatMap((d) => d.exceptions[k].list.map((e: { ticket: string }) => e.ticket)),
      );
    }
    const stations = new Set(days.flatMap((d) => Object.keys(d.byStation)));
    for (const s of stations) expect(j.totals.byStation[s]).toBe(sum(days.map((d) => d.byStation[s] ?? 0)));
    expect(j.totals.unreadable).toHaveLength(2);
    const c = j.reconciliation;
    expect(c.balanced).toBe(true);
    expect(c.fileRows).toBe(c.periodRows + c.otherDays + c.unreadable);
    expect(c.periodRows).toBe(c.counted + c.problem);
  });

  test('--month --report --json covers every day; the problem rows of the month are listed', async () => {
    const j = JSON.parse((await cli(['daily', '--calls', calls, '--month', '2026-10', '--report', '--json'])).stdout);
    expect(j.perDay).toHaveLength(31);
    expect(j.totals.total).toBe(sum(j.perDay.map((d: { total: number }) => d.total)));
    expect(j.totals.problemRows.map((p: { code: string }) => p.code).sort()).toEqual([
      'TIME_UNREADABLE',
      'TYPE_UNKNOWN',
    ]);
    expect(j.reconciliation.otherDays).toBe(j.reconciliation.fileRows - j.reconciliation.unreadable - j.totals.total);
    expect(j.reconciliation.otherDays).toBeGreaterThan(0); // the September rows
  });

  test('the 周报 workbook: a column per day, native charts, the event list, 核对', async () => {
    const out = path.join(dir, 'week');
    const r = await cli(['daily', '--calls', calls, '--week', '2026-W41', '--out', out]);
    expect(r.code).toBe(0);
    const file = path.join(out, '周报-2026-W41.xlsx');
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    expect(Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toHaveLength(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '维修站',
      '工号',
      '完成情况',
      '异常事件',
      '问题数据',
      '核对',
    ]);
    const ov = wb.getWorksheet('概况')!;
    expect(ov.getRow(3).values).toEqual([
      undefined,
      '项目',
      ...weekPeriod('2026-W41')!.days.map((d) => new Date(`${d}T00:00:00Z`)),
      '合计',
    ]);
    const j = JSON.parse((await cli(['daily', '--calls', calls, '--week', '2026-W41', '--json'])).stdout);
    expect(ov.getCell('I4').value).toMatchObject({ formula: 'SUM(B4:H4)', result: j.totals.total });
    const ev = wb.getWorksheet('异常事件')!;
    const listed = sum(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => j.totals.exceptions[k].count));
    let lines = 0;
    ev.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number' && typeof row.getCell(3).value === 'string') lines++;
    });
    expect(lines).toBe(listed);
    const ck = wb.getWorksheet('核对')!;
    let verdict: ExcelJS.CellValue = null;
    ck.eachRow((row) => {
      if (row.getCell(1).value === '核对结果') verdict = row.getCell(2).value;
    });
    expect(verdict).toMatchObject({ result: '相符' });
    expect((await cli(['daily', '--calls', calls, '--week', '2026-W41', '--out', out])).stderr).toContain('--force');
  });

  lo("LibreOffice recalculates the 月报's totals and the reconciliation to the same figures", async () => {
    const out = path.join(dir, 'month');
    expect((await cli(['daily', '--calls', calls, '--month', '2026-10', '--report', '--out', out])).code).toBe(0);
    const file = path.join(out, '月报-2026-10.xlsx');
    // Canaries: wrong cached values that only a recalculation puts right.
    await editSheetXml(file, '概况', (xml) =>
      xml.replace(/(<c r="AG4"[^>]*><f>SUM\(B4:AF4\)<\/f>)<v>\d+<\/v>/, '$1<v>-1</v>'),
    );
    const recalc = await recalcWithLibreOffice(file, path.join(dir, 'month-lo'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(recalc);
    const j = JSON.parse((await cli(['daily', '--calls', calls, '--month', '2026-10', '--report', '--json'])).stdout);
    const ov = wb.getWorksheet('概况')!;
    const value = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'result' in v ? v.result : v);
    expect(value(ov.getCell('AG4').value)).toBe(j.totals.total);
    const rows = new Map<string, number>();
    ov.eachRow((row, n) => rows.set(String(row.getCell(1).value).trim(), n));
    expect(value(ov.getCell(`AG${rows.get('完成率')}`).value)).toBeCloseTo(j.totals.completionRate, 12);
    expect(value(ov.getCell(`AG${rows.get('已解决')}`).value)).toBe(j.totals.solved);
    let verdict: unknown = null;
    wb.getWorksheet('核对')!.eachRow((row) => {
      if (row.getCell(1).value === '核对结果') verdict = value(row.getCell(2).value);
    });
    expect(verdict).toBe('相符');
  });

  test('bad arguments and a wrong period: one Chinese line, exit 2', async () => {
    for (const [args, text] of [
      [['--week', '2026-41', '--json'], '--week 应为 ISO 周'],
      [['--week', '2026-W41', '--date', '2026-10-05', '--json'], '只能给一个'],
      [['--report', '--date', '2026-10-05', '--json'], '--report 只能与 --month 一起使用'],
      [['--week', '2026-W41'], '缺少参数 --out'],
      [['--week', '2027-W10', '--json'], '文件中没有 2027-W10'],
    ] as const) {
      const r = await cli(['daily', '--calls', calls, ...args]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(text)]);
    }
  });
});
