/**
 * kaohe monthly --split-by 组别 end to end: the sample month split into one workbook per team, read back
 * with score --workbook (each alone, and all together) and summary across them, compared with the
 * unsplit month's score --json and summary --json.
 */
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './run';
import { schemaTest, validateXlsx } from '../helpers/ooxml';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { cleanText } from '../../core/values';
import { OWN_FIGURES } from '../../core/workbook/sheets';

jest.setTimeout(120_000);

const samples = path.resolve(__dirname, '../../samples');
const S = (f: string) => path.join(samples, f);
const MONTH = '2026-10';
const TEAMS = ['一组', '二组', '三组', '夜班组'];
let tmp: string;
let prev: string;
let parts: string[];
let whole: ScoreDoc;

interface Employee {
  id: string;
  score: number;
  grade: string;
  payFloat: number;
  rank: number;
  warnings: string[];
  [k: string]: unknown;
}
interface ScoreDoc {
  employees: Employee[];
  counts: { entries: number; accepted: number; voided: number; rejected: number; [k: string]: unknown };
  rejected: { code: string; column: string; message: string; file: string; row: number }[];
  notices: string[];
}

async function json<T>(args: string[]): Promise<T> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.code} ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as T;
}
const wbArgs = (files: string[]) => files.flatMap((f) => ['--workbook', f]);
const byId = (d: ScoreDoc) => new Map(d.employees.map((e) => [e.id, e]));
/** A problem without where it is (the rows of a team's workbook are not those of the input file). */
const what = (d: ScoreDoc) =>
  d.rejected.map((p) => `${p.code}|${p.column}|${p.message.replace(/（[^（）]*第\d+行）/g, '（…）')}`).sort();

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-split-'));
  prev = path.join(tmp, 'prev.json');
  const sept = await runCli([
    'score',
    '--roster',
    S('员工名单.csv'),
    '--entries',
    S('考核记录-2026-09.csv'),
    '--adjustments',
    S('额外奖惩-2026-09.csv'),
    '--month',
    '2026-09',
    '--json',
  ]);
  await fs.writeFile(prev, sept.stdout);
  const inputs = [
    '--roster',
    S('员工名单.csv'),
    '--entries',
    S(`考核记录-${MONTH}.csv`),
    '--adjustments',
    S(`额外奖惩-${MONTH}.csv`),
    '--previous',
    prev,
    '--month',
    MONTH,
  ];
  whole = await json<ScoreDoc>(['score', ...inputs, '--json']);
  const r = await runCli(['monthly', ...inputs, '--out', path.join(tmp, 'whole')]);
  expect(r.code).toBe(0);
  const s = await runCli(['monthly', ...inputs, '--split-by', '组别', '--out', path.join(tmp, 'parts')]);
  expect(s.stderr).toBe('');
  expect(s.code).toBe(0);
  parts = TEAMS.map((t) => path.join(tmp, 'parts', `月度考核-${MONTH}-${t}.xlsx`));
});

describe('kaohe monthly --split-by 组别', () => {
  test('writes one 月度考核 workbook per team, named by month and team, and nothing else', async () => {
    expect((await fs.readdir(path.join(tmp, 'parts'))).sort()).toEqual(
      TEAMS.map((t) => `月度考核-${MONTH}-${t}.xlsx`).sort(),
    );
  });

  test('each team workbook alone: its own employees only, each with the whole month’s figures; its 名次 is said to be the team’s', async () => {
    const w = byId(whole);
    const seen: string[] = [];
    for (const [i, f] of parts.entries()) {
      const one = await json<ScoreDoc>(['score', '--month', MONTH, '--workbook', f, '--json']);
      for (const e of one.employees) {
        expect(e.team).toBe(TEAMS[i]);
        const all = w.get(e.id)!;
        // score --json carries every figure but 基础分 (the policy's base)
        for (const k of OWN_FIGURES.filter((f) => f !== 'base')) expect([e.id, k, e[k]]).toEqual([e.id, k, all[k]]);
        seen.push(e.id);
      }
      expect(one.notices.join('\n')).toContain(`组别「${TEAMS[i]}」`);
      expect(one.notices.join('\n')).toContain('不是全公司的');
    }
    expect(seen.sort()).toEqual(whole.employees.map((e) => e.id).sort());
  });

  test('all team workbooks together: every employee’s score, grade, pay float, 名次 and 预警 equal the unsplit month', async () => {
    // given in another order than written: the set is read in its split order
    const set = await json<ScoreDoc>(['score', '--month', MONTH, ...wbArgs([...parts].reverse()), '--json']);
    const w = byId(whole);
    expect(set.employees).toHaveLength(whole.employees.length);
    for (const e of set.employees) {
      const { ...all } = w.get(e.id)!;
      expect(e).toEqual(all);
    }
    // the month really has what the comparison is about
    expect(whole.employees.some((e) => e.warnings.some((x) => x.includes('连续两月末位')))).toBe(true);
    expect(new Set(whole.employees.map((e) => e.rank)).size).toBeGreaterThan(20);
    // read = counted + voided + rejected across the set, and the same rows refused for the same reasons
    expect(set.counts).toEqual(whole.counts);
    expect(set.counts.entries).toBe(set.counts.accepted + set.counts.voided + set.counts.rejected);
    expect(what(set)).toEqual(what(whole));
    expect(set.notices).toEqual(whole.notices);
  });

  test('each team workbook shows, as values beside its team-only formulas, every employee’s company 名次 and 预警', async () => {
    const w = byId(whole);
    for (const f of parts) {
      const rows = await readSheetRows(await openXlsx(f, 'x'), '月度汇总', 40);
      const header = rows.get(1)!.map((h) => cleanText(h));
      const rankCol = header.indexOf(cleanText(`全公司名次(生成时，共${whole.employees.length}人)`));
      const warnCol = header.indexOf(cleanText('全公司预警(生成时)'));
      expect([rankCol, warnCol].every((c) => c > header.indexOf('预警'))).toBe(true);
      let n = 0;
      for (const [r, row] of rows) {
        if (r === 1 || cleanText(row[0]) === '') continue;
        const e = w.get(cleanText(row[0]))!;
        expect([e.id, row[rankCol], row[warnCol] ?? '']).toEqual([e.id, e.rank, e.warnings.join('；')]);
        n++;
      }
      expect(n).toBe(10);
    }
  });

  schemaTest()('a team workbook is schema-valid (opens in Excel without a repair prompt)', async () => {
    expect(await validateXlsx(parts[3])).toEqual([]);
  });

  test('summary across the team workbooks equals the summary of the unsplit month', async () => {
    const wholeSummary = await json<object>([
      'summary',
      '--workbook',
      path.join(tmp, 'whole', `月度考核-${MONTH}.xlsx`),
      '--json',
    ]);
    const r = await runCli(['summary', ...wbArgs([...parts].reverse()), '--json', '--out', path.join(tmp, 'sum')]);
    expect(r.code).toBe(0);
    // a warning's reason names the file and row of its entry: the team's workbook instead of the month's
    const where = /（月度考核-[^（）]*\.xlsx:考核记录 第\d+行）/g;
    const norm = (doc: unknown) => JSON.parse(JSON.stringify(doc).replace(where, '（…）'));
    expect(JSON.stringify(wholeSummary)).toMatch(where);
    expect(norm(JSON.parse(r.stdout))).toEqual(norm(wholeSummary));
    expect(existsSync(path.join(tmp, 'sum', `管理汇总-${MONTH}.xlsx`))).toBe(true);
  });

  test('summary or score of some of the team workbooks says that they are not the whole company', async () => {
    const r = await runCli(['summary', ...wbArgs(parts.slice(0, 2)), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { notices: string[]; headcount: number };
    expect(doc.headcount).toBe(20);
    expect(doc.notices.join('')).toContain('4 个工作簿中的 2 个');
    const s = await runCli(['score', '--month', MONTH, ...wbArgs(parts.slice(1, 3))]);
    expect(s.stdout).toContain('不是全公司的');
  });

  test('monthly --workbook with every team workbook puts the month together again', async () => {
    const out = path.join(tmp, 'rejoined');
    const r = await runCli(['monthly', '--month', MONTH, ...wbArgs(parts), '--out', out]);
    expect(r.code).toBe(0);
    const back = await json<ScoreDoc>([
      'score',
      '--month',
      MONTH,
      '--workbook',
      path.join(out, `月度考核-${MONTH}.xlsx`),
      '--json',
    ]);
    // the roster now runs team by team; every employee's result is the month's
    const sorted = (d: ScoreDoc) => [...d.employees].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(back)).toEqual(sorted(whole));
    expect(back.counts).toEqual(whole.counts);
  });

  test('a team workbook is a normal monthly workbook: slips are written from it', async () => {
    const out = path.join(tmp, 'slips');
    const r = await runCli(['slips', '--workbook', parts[1], '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('本组内的名次');
    expect((await fs.readdir(out)).filter((f) => f.endsWith('.xlsx'))).toHaveLength(10);
  });
});

describe('kaohe monthly --split-by 组别: teams without a name, unsafe names, rows of no team', () => {
  const roster = [
    '工号,姓名,组别,岗位,入职日期,状态',
    '0001,张一,客服/一组,客服,2020-01-01,在职',
    '0002,张二,客服/一组,客服,2020-01-01,在职',
    '0003,李三,,客服,2020-01-01,在职',
    '0004,王四,二组,客服,2020-01-01,在职',
    '0005,王五,二组,客服,2020-01-01,在职',
  ].join('\n');
  const entries = [
    '日期,工号,项目代码,次数,分值,超时分钟,说明,记录人,状态,作废原因',
    '2026-10-02,0001,L01,,,,,,,',
    '2026-10-03,0003,M01,,,,,,,',
    '2026-10-03,9999,L01,,,,工号不在名单,,,',
    '2026-10-04,0004,L04,,9,,分值超范围,,,',
    '2026-10-05,0005,L02,,,,,,作废,录错了',
    '2026-10-06,0002,B02,,,,,,,',
    '2026-10-07,,L01,,,,没有工号,,,',
  ].join('\n');

  test('empty 组别 → 未分组, "/" made safe, rows of no team in 未分组; read = counted + voided + rejected across the set', async () => {
    const dir = path.join(tmp, 'odd');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'r.csv'), roster);
    await fs.writeFile(path.join(dir, 'e.csv'), entries);
    const inputs = ['--roster', path.join(dir, 'r.csv'), '--entries', path.join(dir, 'e.csv'), '--month', MONTH];
    const r = await runCli(['monthly', ...inputs, '--split-by', '组别', '--out', path.join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = ['客服_一组', '未分组', '二组'].map((t) => path.join(dir, 'out', `月度考核-${MONTH}-${t}.xlsx`));
    expect((await fs.readdir(path.join(dir, 'out'))).sort()).toEqual(names.map((n) => path.basename(n)).sort());
    const one = await Promise.all(
      names.map((f) => json<ScoreDoc>(['score', '--month', MONTH, '--workbook', f, '--json'])),
    );
    expect(one.map((d) => d.employees.map((e) => e.id))).toEqual([['0001', '0002'], ['0003'], ['0004', '0005']]);
    expect(one[0].employees[0].team).toBe('客服/一组'); // the team as typed, inside the workbook
    // the two rows naming no roster row are refused in 未分组's workbook, and only there
    expect(one.map((d) => d.rejected.map((p) => p.code).sort())).toEqual([
      [],
      ['EMPLOYEE_ID_EMPTY', 'EMPLOYEE_UNKNOWN'],
      ['POINTS_OUT_OF_RANGE'],
    ]);
    const single = await json<ScoreDoc>(['score', ...inputs, '--json']);
    const sum = (k: 'entries' | 'accepted' | 'voided' | 'rejected') => one.reduce((a, d) => a + d.counts[k], 0);
    expect(sum('entries')).toBe(7);
    expect([sum('accepted'), sum('voided'), sum('rejected')]).toEqual([3, 1, 3]);
    expect(single.counts).toMatchObject({ entries: 7, accepted: 3, voided: 1, rejected: 3 });
    const set = await json<ScoreDoc>(['score', '--month', MONTH, ...wbArgs(names), '--json']);
    expect(set.employees).toEqual(single.employees);
    expect(set.counts).toEqual(single.counts);
  });

  test('two teams that would give one file name are refused, and nothing is written', async () => {
    const dir = path.join(tmp, 'clash');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'r.csv'), roster.replace('二组', '客服_一组').replace('二组', '客服_一组'));
    await fs.writeFile(path.join(dir, 'e.csv'), entries);
    const args = ['--roster', path.join(dir, 'r.csv'), '--entries', path.join(dir, 'e.csv'), '--month', MONTH];
    const r = await runCli(['monthly', ...args, '--split-by', '组别', '--out', path.join(dir, 'out')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('「客服/一组」与「客服_一组」');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('--split-by only knows 组别; existing team files are kept without --force', async () => {
    const bad = await runCli([
      'monthly',
      '--roster',
      S('员工名单.csv'),
      '--entries',
      S(`考核记录-${MONTH}.csv`),
      '--month',
      MONTH,
      '--split-by',
      '岗位',
      '--out',
      path.join(tmp, 'x'),
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--split-by 目前只能是「组别」');
    const before = await fs.stat(parts[0]);
    const again = await runCli([
      'monthly',
      '--roster',
      S('员工名单.csv'),
      '--entries',
      S(`考核记录-${MONTH}.csv`),
      '--month',
      MONTH,
      '--split-by',
      '组别',
      '--out',
      path.join(tmp, 'parts'),
    ]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('输出文件已存在');
    expect((await fs.stat(parts[0])).mtimeMs).toBe(before.mtimeMs);
  });
});
