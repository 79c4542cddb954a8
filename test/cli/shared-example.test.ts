import * as path from 'path';
import { runCli } from './run';
import { SUMMARY_COLUMNS } from '../../core/workbook/sheets';

/** The figures 月度汇总 shows as numbers, all of which score --json carries but 基础分 (the policy's base). */
const NUMBER_FIGURES = SUMMARY_COLUMNS.flatMap((c) =>
  c.kind === 'number' && 'field' in c && c.field !== 'base' ? [c.field] : [],
);

// A copy of ../shared/examples: the worked example of `kaohe score`, row by row (README there).
const dir = path.resolve(__dirname, '../fixtures/shared-example');
const args = [
  'score',
  '--roster',
  path.join(dir, 'roster.csv'),
  '--entries',
  path.join(dir, 'entries-2026-11.csv'),
  '--adjustments',
  path.join(dir, 'adjustments-2026-11.csv'),
  '--month',
  '2026-11',
  '--json',
];

describe('shared worked example: kaohe score --json', () => {
  let doc: any;
  beforeAll(async () => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    doc = JSON.parse(r.stdout);
  });

  test.each([
    ['0007', 81, 'B', 34, 10, 3, []],
    ['0012', 100, 'A', 3, 200, 1, []],
    ['0031', 47, '不合格', 42, -300, 4, ['当月低于60分']],
    ['0045', 42, '不合格', 12, -300, 5, ['当月低于60分']],
    ['0050', 85, 'B', 59, 50, 2, []],
  ])(
    '%s: 总分 %p, 等级 %s, 入职月数 %p, 浮动 %p, 名次 %p',
    (id, score, grade, tenureMonth, payFloat, rank, warnings) => {
      const e = doc.employees.find((x: any) => x.id === id);
      expect(e).toMatchObject({ score, grade, tenureMonth, payFloat, rank, warnings });
    },
  );

  test('the components add up as the README explains', () => {
    const by = (id: string) => doc.employees.find((x: any) => x.id === id);
    expect(by('0031')).toMatchObject({ bonus: 0, deduction: 13, escalation: 20, adjustment: 0 });
    expect(by('0045')).toMatchObject({ bonus: 0, deduction: 20, escalation: 20, adjustment: 2 });
    expect(by('0012')).toMatchObject({ bonus: 20, deduction: 0 });
    expect(by('0007')).toMatchObject({ name: '甲一', team: '一组', bonus: 5, deduction: 4 });
  });

  test('exactly one row rejected: entries row 13, the L09 with 分值 3; the voided S01 is neither', () => {
    expect(doc.rejected).toEqual([
      {
        file: 'entries-2026-11.csv',
        row: 13,
        column: '分值',
        code: 'POINTS_OUT_OF_RANGE',
        message: expect.stringMatching(/L09.*1–2/),
      },
    ]);
    expect(doc.counts).toMatchObject({ entries: 13, accepted: 11, voided: 1, rejected: 1 });
  });

  test('the JSON document has exactly the contract keys (plus warningDetails after them), numbers as numbers', () => {
    expect(doc).toMatchObject({ month: '2026-11', policy: '客服日常考核' });
    // The shared contract fixes the values of its keys; warningDetails (the warnings as data, for the
    // readers of this file) is added after them on purpose.
    expect(Object.keys(doc.employees[0])).toEqual([
      'id',
      'name',
      'team',
      'bonus',
      'deduction',
      'escalation',
      'adjustment',
      'score',
      'grade',
      'tenureMonth',
      'payFloat',
      'rank',
      'warnings',
      'warningDetails',
    ]);
    expect(doc.employees.find((x: any) => x.id === '0031').warningDetails).toEqual([
      { code: 'scoreBelow', rule: 0, below: 60 },
    ]);
    for (const e of doc.employees)
      for (const k of NUMBER_FIGURES) expect([e.id, k, typeof e[k]]).toEqual([e.id, k, 'number']);
  });
});
