import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cli, sample } from '../helpers/cli';

interface Row {
  id: string;
  score: number;
  parts: { label: string; score: number }[];
  missingMonths: string[];
  rank: number;
  tier: string;
  tierAmount: number | null;
  probation: boolean;
  attendanceAward: number | null;
  warnings: string[];
}

describe('kaohe period', () => {
  let dir: string;
  let oct: { employees: { id: string; score: number; tenureMonth: number }[] };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-period-'));
    for (const m of ['09', '10']) {
      const r = await cli([
        'score',
        '--roster',
        sample('员工名单.csv'),
        '--entries',
        sample(`考核记录-2026-${m}.csv`),
        '--adjustments',
        sample(`额外奖惩-2026-${m}.csv`),
        '--month',
        `2026-${m}`,
        '--json',
      ]);
      await fs.writeFile(path.join(dir, `2026-${m}.json`), r.stdout);
    }
    oct = JSON.parse(await fs.readFile(path.join(dir, '2026-10.json'), 'utf8'));
    await fs.writeFile(
      path.join(dir, 'leave.csv'),
      '工号,月份,请假天数\n0235,2026-10,1\n0163,2026-10,0\n0075,2026-10,abc\n',
    );
  });

  test('quarter from one month: score = that month (missing months not counted as 0), tiers with amounts, 敬业奖', async () => {
    const r = await cli([
      'period',
      '--quarter',
      '2026Q4',
      '--workbooks',
      path.join(dir, '2026-10.json'),
      '--workbooks',
      path.join(dir, '2026-09.json'),
      '--leave',
      path.join(dir, 'leave.csv'),
      '--out',
      dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      employees: Row[];
      notices: string[];
      monthsWithoutData: string[];
      leaveProblems: unknown[];
    };
    expect(doc.monthsWithoutData).toEqual(['2026-11', '2026-12']);
    expect(doc.employees).toHaveLength(40);
    for (const e of doc.employees) {
      const m = oct.employees.find((x) => x.id === e.id)!;
      expect(e.score).toBe(m.score);
      expect(e.missingMonths).toEqual(['2026-11', '2026-12']);
    }
    // 40 people, 20% → 8 top / 8 bottom; ties at the boundary get the better tier.
    const top = doc.employees.filter((e) => e.tier === '前列');
    expect(top.length).toBeGreaterThanOrEqual(8);
    const topCut = [...oct.employees].sort((a, b) => b.score - a.score)[7].score;
    expect(top.every((e) => e.score >= topCut)).toBe(true);
    const yang = doc.employees.find((e) => e.id === '0235')!;
    expect(yang).toMatchObject({
      score: 93,
      rank: 1,
      tier: '前列',
      tierAmount: 2200,
      probation: false,
      attendanceAward: 0,
    });
    expect(doc.employees.find((e) => e.id === '0163')!.attendanceAward).toBe(100);
    // 0795 joined 2026-09-14: tenure 2 → probation, 2200 − 200.
    expect(doc.employees.find((e) => e.id === '0795')).toMatchObject({ probation: true, tierAmount: 2000 });
    expect(doc.leaveProblems).toHaveLength(1);
    // The Q3 (September) data allows the last-two-quarters check: 0580 was last in both.
    expect(doc.employees.find((e) => e.id === '0580')!.warnings).toEqual([
      '连续两次季度排名最后一名:留岗查看或辞退评估（2026Q3、2026Q4）',
    ]);
    expect(r.stderr).toContain('已写出');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '季度考核-2026Q4.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['季度考核', '说明', '请假数据问题']);
    const ws = wb.getWorksheet('季度考核')!;
    expect(ws.getCell(3, 7).value).toBe('季度得分');
    expect(ws.getCell(4, 1).value).toBe('0235');
    expect(ws.getCell(4, 7).value).toBe(93);
  });

  test('year: mean of the quarters with data; no amounts for the year', async () => {
    const r = await cli([
      'period',
      '--year',
      '2026',
      '--workbooks',
      path.join(dir, '2026-09.json'),
      '--workbooks',
      path.join(dir, '2026-10.json'),
      '--out',
      dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { employees: (Row & { missingQuarters: string[] })[] };
    const e = doc.employees.find((x) => x.id === '0580')!;
    expect(e.parts).toEqual([
      { label: '2026Q3', score: 0 },
      { label: '2026Q4', score: 20 },
    ]);
    expect(e.score).toBe(10);
    expect(e.missingQuarters).toEqual(['2026Q1', '2026Q2']);
    expect(e.tierAmount).toBeNull();
  });

  test('bad arguments are one Chinese line and exit 2', async () => {
    expect((await cli(['period', '--quarter', '2026Q5', '--workbooks', 'x.json', '--out', dir])).stderr).toContain(
      '--quarter 应为如 2026Q4',
    );
    const none = await cli([
      'period',
      '--quarter',
      '2026Q1',
      '--workbooks',
      path.join(dir, '2026-10.json'),
      '--out',
      dir,
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('没有 2026年第1季度 的任何月份');
  });

  test('the rubric policy named in the score JSON gives its grade-streak warnings (待提高 × 2 → 绩效面谈)', async () => {
    const doc = (month: string, grade: string, score: number) =>
      JSON.stringify({
        month,
        policyId: 'kefu-supervisor',
        employees: [
          { id: 'S001', name: '赵主管', team: '物业', score, grade, tenureMonth: 40, rank: 2, warnings: [] },
          {
            id: 'S002',
            name: '钱主管',
            team: '物业',
            score: 95,
            grade: '优秀',
            tenureMonth: 40,
            rank: 1,
            warnings: [],
          },
        ],
      });
    await fs.writeFile(path.join(dir, 'r10.json'), doc('2026-10', '待提高', 65));
    await fs.writeFile(path.join(dir, 'r11.json'), doc('2026-11', '待提高', 62));
    const r = await cli([
      'period',
      '--quarter',
      '2026Q4',
      '--workbooks',
      path.join(dir, 'r10.json'),
      '--workbooks',
      path.join(dir, 'r11.json'),
      '--out',
      path.join(dir, 'rubric'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { employees: Row[] };
    expect(out.employees.find((e) => e.id === 'S001')!.warnings).toEqual([
      '绩效面谈（连续2个月待提高：2026-10、2026-11）',
    ]);
    expect(out.employees.find((e) => e.id === 'S001')!.score).toBe(63.5);
  });
});
