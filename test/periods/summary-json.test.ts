/**
 * kaohe summary --json: the management summary's figures as one JSON document on stdout (as score --json
 * does for the scores), checked against the employees of `kaohe score --json` for the same month.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { cli, sample } from '../helpers/cli';
import { tmpDir } from '../helpers/user-files';

jest.setTimeout(240000);

interface ScoreEmployee {
  id: string;
  name: string;
  team: string;
  score: number;
  grade: string;
  warnings: string[];
}

const monthArgs = (m: string) => [
  '--roster',
  sample('员工名单.csv'),
  '--entries',
  sample(`考核记录-${m}.csv`),
  '--adjustments',
  sample(`额外奖惩-${m}.csv`),
  '--month',
  m,
];

/** Mean to one decimal, half up, from tenths (as HR would do it by hand). */
const mean1 = (xs: number[]) => Math.round(xs.reduce((s, x) => s + Math.round(x * 10), 0) / xs.length) / 10;

describe('kaohe summary --json', () => {
  let dir: string;
  let sept: string;
  let oct: ScoreEmployee[];
  let doc: any;
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = await tmpDir('summary-json');
    const s = await cli(['score', ...monthArgs('2026-09'), '--json']);
    expect(s.code).toBe(0);
    sept = path.join(dir, '2026-09.json');
    await fs.writeFile(sept, s.stdout);
    // With September's results, as the summary gets them (连续两月末位 needs last month).
    const o = await cli(['score', ...monthArgs('2026-10'), '--previous', sept, '--json']);
    expect(o.code).toBe(0);
    oct = JSON.parse(o.stdout).employees;
    run = await cli([
      'summary',
      ...monthArgs('2026-10'),
      '--previous-workbooks',
      sept,
      '--appeals',
      sample('申诉登记-2026-10.csv'),
      '--today',
      '2026-11-20',
      '--json',
    ]);
    doc = JSON.parse(run.stdout);
  });

  test('one JSON document on stdout, nothing else there; no file without --out', async () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(doc.month).toBe('2026-10');
    expect(doc.policy).toBe('客服日常考核');
    expect(await fs.readdir(dir)).toEqual(['2026-09.json']);
  });

  test('head count, mean, max, min and the grade distribution agree with the scores', () => {
    const scores = oct.map((e) => e.score);
    expect(doc.headcount).toBe(oct.length);
    expect(doc.mean).toBeCloseTo(mean1(scores), 10);
    expect([doc.max, doc.min]).toEqual([Math.max(...scores), Math.min(...scores)]);
    expect(doc.teams.map((t: { team: string }) => t.team)).toEqual(['一组', '二组', '三组', '夜班组']);
    for (const g of doc.grades) {
      expect(g.total).toBe(oct.filter((e) => e.grade === g.grade).length);
      for (const [team, n] of Object.entries(g.byTeam))
        expect(n).toBe(oct.filter((e) => e.grade === g.grade && e.team === team).length);
    }
    expect(doc.grades.reduce((n: number, g: { total: number }) => n + g.total, 0)).toBe(oct.length);
    for (const t of doc.teams) {
      const mine = oct.filter((e) => e.team === t.team).map((e) => e.score);
      expect(t).toMatchObject({ count: mine.length, max: Math.max(...mine), min: Math.min(...mine) });
      expect(t.mean).toBeCloseTo(mean1(mine), 10);
    }
  });

  test('every warning of every employee, with its reason; top and bottom 5 with ties', () => {
    const expected = oct.flatMap((e) => e.warnings.map((w) => `${e.id} ${w}`)).sort();
    expect(doc.warnings.map((w: { id: string; warning: string }) => `${w.id} ${w.warning}`).sort()).toEqual(expected);
    expect(doc.warnings.find((w: { warning: string }) => w.warning === '当月低于60分').reason).toMatch(
      /^总分 \d+(\.\d)? 分，低于 60 分$/,
    );
    expect(doc.top.map((e: { id: string }) => e.id)).toEqual(['0235', '0163', '0795', '0800', '0075', '0744']);
    expect(doc.bottom[0]).toMatchObject({ id: '0580', name: '彭浩然', score: 20 });
  });

  test('month-on-month change against September; the trend; overdue appeals as of --today', () => {
    expect(doc.previousMonth).toBe('2026-09');
    const c0744 = doc.changes.find((c: { id: string }) => c.id === '0744');
    expect(c0744).toMatchObject({ previous: null, change: null });
    expect(doc.trend.map((t: { month: string }) => t.month)).toEqual(['2026-09', '2026-10']);
    expect(Object.keys(doc.trend[1].teamMeans)).toEqual(['一组', '二组', '三组', '夜班组']);
    expect(doc.appeals).toMatchObject({ today: '2026-11-20', count: 4, open: 2 });
    expect(doc.appeals.overdue.map((o: { no: string; state: string }) => [o.no, o.state])).toEqual([
      ['SS-2026-10-002', '逾期处理'],
      ['SS-2026-10-003', '未处理'],
    ]);
  });

  test('with --out the workbook is written too, and the JSON is the same', async () => {
    const out = path.join(dir, 'out');
    const r = await cli([
      'summary',
      ...monthArgs('2026-10'),
      '--previous-workbooks',
      sept,
      '--appeals',
      sample('申诉登记-2026-10.csv'),
      '--today',
      '2026-11-20',
      '--json',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(doc);
    expect(await fs.readdir(out)).toEqual(['管理汇总-2026-10.xlsx']);
    expect(r.stderr).toContain('已写出');
  });

  test('without --json, --out is still required', async () => {
    const r = await cli(['summary', ...monthArgs('2026-10')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
  });

  test('on a closed workbook the JSON carries closed (by, at, intact), as score --json does', async () => {
    const m = await cli(['monthly', ...monthArgs('2026-10'), '--out', dir]);
    expect(m.code).toBe(0);
    const c = await cli([
      'close',
      '--workbook',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--by',
      '张敏',
      '--out',
      path.join(dir, '定稿'),
    ]);
    expect(c.code).toBe(0);
    const r = await cli(['summary', '--workbook', path.join(dir, '定稿', '月度考核-2026-10-定稿.xlsx'), '--json']);
    expect(r.code).toBe(0);
    const closed = JSON.parse(r.stdout).closed;
    expect(closed).toMatchObject({ by: '张敏', version: 1, intact: true, changes: [] });
  });
});
