/**
 * slips / summary / period read the monthly workbook (kaohe monthly) through the workbook helper's
 * readMonthlyWorkbook: the results must be the ones computed from the CSV inputs.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cli, sample } from '../helpers/cli';

async function cellTexts(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.worksheets[0].eachRow((row) => row.eachCell((c) => out.push(String(c.text))));
  return out;
}

describe('monthly workbook as input', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-wbin-'));
    for (const m of ['09', '10']) {
      const r = await cli([
        'monthly',
        '--roster',
        sample('员工名单.csv'),
        '--entries',
        sample(`考核记录-2026-${m}.csv`),
        '--adjustments',
        sample(`额外奖惩-2026-${m}.csv`),
        '--month',
        `2026-${m}`,
        '--out',
        dir,
      ]);
      expect(r.code).toBe(0);
    }
  }, 120000);

  test('slips from the workbook show the same figures and lines as slips from the CSV files', async () => {
    const a = await cli([
      'slips',
      '--workbook',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--previous',
      path.join(dir, '月度考核-2026-09.xlsx'),
      '--out',
      path.join(dir, 'wb'),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('已写出 40 份');
    const sep = await cli([
      'score',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-09.csv'),
      '--adjustments',
      sample('额外奖惩-2026-09.csv'),
      '--month',
      '2026-09',
      '--json',
    ]);
    await fs.writeFile(path.join(dir, '09.json'), sep.stdout);
    const b = await cli([
      'slips',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--adjustments',
      sample('额外奖惩-2026-10.csv'),
      '--previous',
      path.join(dir, '09.json'),
      '--month',
      '2026-10',
      '--out',
      path.join(dir, 'csv'),
    ]);
    expect(b.code).toBe(0);
    const names = (await fs.readdir(path.join(dir, 'wb'))).sort();
    expect(names).toEqual((await fs.readdir(path.join(dir, 'csv'))).sort());
    for (const n of names) {
      expect(await cellTexts(path.join(dir, 'wb', n))).toEqual(await cellTexts(path.join(dir, 'csv', n)));
    }
    const p = await cellTexts(path.join(dir, 'wb', '个人考核单-2026-10-0580-彭浩然.xlsx'));
    expect(p).toContain('当月低于60分；连续两月末位且低于70分');
  });

  test('summary and period take workbooks', async () => {
    const s = await cli([
      'summary',
      '--workbook',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--previous-workbooks',
      path.join(dir, '月度考核-2026-09.xlsx'),
      '--out',
      dir,
    ]);
    expect(s.stderr).toBe('');
    expect(s.stdout).toContain('40 人，平均分 70.8，预警 10 条');
    const p = await cli([
      'period',
      '--quarter',
      '2026Q4',
      '--workbooks',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--workbooks',
      path.join(dir, '月度考核-2026-09.xlsx'),
      '--out',
      dir,
      '--json',
    ]);
    expect(p.code).toBe(0);
    const doc = JSON.parse(p.stdout) as { employees: { id: string; score: number; warnings: string[] }[] };
    expect(doc.employees.find((e) => e.id === '0580')).toMatchObject({
      score: 20,
      warnings: ['连续两次季度排名最后一名:留岗查看或辞退评估（2026Q3、2026Q4）'],
    });
  });
});
