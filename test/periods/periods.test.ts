import {
  MonthScores,
  assignTiers,
  attendanceAwards,
  computePeriod,
  gradeStreakWarnings,
  meanOneDecimal,
  parseQuarter,
  parseYear,
  quarterScores,
  readLeave,
  yearScores,
} from '../../core/periods';
import { presetPolicy } from '../../core/policy/presets';

const daily = presetPolicy('kefu-daily');
const rubric = presetPolicy('kefu-supervisor');

function month(m: string, list: [string, number, string?, number?, string?][]): MonthScores {
  return {
    month: m,
    employees: list.map(([id, score, grade, tenure, status]) => ({
      id,
      name: `员工${id}`,
      team: '一组',
      score,
      grade: grade ?? '',
      tenureMonth: tenure ?? 24,
      status,
    })),
  };
}

describe('means (规则说明 §4)', () => {
  test('quarterly = mean of the three monthly scores: 81, 80, 80 → 80.3', () => {
    const q = quarterScores(
      [month('2026-10', [['0007', 81]]), month('2026-11', [['0007', 80]]), month('2026-12', [['0007', 80]])],
      2026,
      4,
    );
    expect(q).toHaveLength(1);
    expect(q[0].score).toBe(80.3);
    expect(q[0].missingMonths).toEqual([]);
  });

  test('mean rounds half up to one decimal, in tenths: 80.2 and 80.3 → 80.3 (not 80.2 from float drift)', () => {
    expect(meanOneDecimal([80.2, 80.3])).toBe(80.3);
    expect(meanOneDecimal([90, 91, 91])).toBe(90.7);
    expect(meanOneDecimal([70, 71])).toBe(70.5);
  });

  test('a missing month is listed and not counted as 0: 90 and 80 with November missing → 85', () => {
    const q = quarterScores(
      [
        month('2026-10', [
          ['0007', 90],
          ['0012', 70],
        ]),
        month('2026-11', [['0012', 72]]),
        month('2026-12', [
          ['0007', 80],
          ['0012', 74],
        ]),
      ],
      2026,
      4,
    );
    const a = q.find((x) => x.id === '0007')!;
    expect(a.score).toBe(85);
    expect(a.missingMonths).toEqual(['2026-11']);
    expect(a.months.map((m) => m.month)).toEqual(['2026-10', '2026-12']);
    expect(q.find((x) => x.id === '0012')!.score).toBe(72);
  });

  test('months outside the quarter are ignored', () => {
    const q = quarterScores([month('2026-09', [['0007', 10]]), month('2026-10', [['0007', 90]])], 2026, 4);
    expect(q[0].score).toBe(90);
    expect(q[0].missingMonths).toEqual(['2026-11', '2026-12']);
  });

  test('annual = mean of the quarterly scores as shown; a quarter without data is listed', () => {
    const months = [
      month('2026-01', [['0007', 81]]),
      month('2026-02', [['0007', 80]]),
      month('2026-03', [['0007', 80]]), // Q1 80.3
      month('2026-04', [['0007', 90]]),
      month('2026-05', [['0007', 90]]),
      month('2026-06', [['0007', 91]]), // Q2 90.3
      month('2026-10', [['0007', 70]]), // Q4 70, Q3 missing
    ];
    const y = yearScores(months, 2026);
    expect(y[0].quarters.map((q) => q.score)).toEqual([80.3, 90.3, 70]);
    expect(y[0].score).toBe(80.2); // (80.3 + 90.3 + 70) / 3 = 80.2
    expect(y[0].missingQuarters).toEqual(['2026Q3']);
    expect(y[0].missingMonths).toEqual(['2026-07', '2026-08', '2026-09', '2026-11', '2026-12']);
  });

  test('period names', () => {
    expect(parseQuarter('2026Q4')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(parseQuarter('2026年第1季度')).toEqual({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(parseQuarter('2026Q5')).toBeNull();
    expect(parseYear('2026')).toEqual({ kind: 'year', year: 2026 });
    expect(parseYear('26')).toBeNull();
  });
});

describe('ranking tiers (top 20% / middle / bottom 20%)', () => {
  const t = daily.tiers;
  const people = (scores: number[], tenure = 24) =>
    scores.map((score, i) => ({ id: `E${i}`, score, tenureMonth: tenure }));

  test('10 people: k = 2 top, 2 bottom, quarterly amounts 2200 / 1200 / 600', () => {
    const r = assignTiers(people([95, 90, 88, 85, 84, 83, 80, 75, 70, 60]), t, t.quarterly);
    expect(r.map((x) => x.tier)).toEqual([
      'top',
      'top',
      'middle',
      'middle',
      'middle',
      'middle',
      'middle',
      'middle',
      'bottom',
      'bottom',
    ]);
    expect(r.map((x) => x.amount)).toEqual([2200, 2200, 1200, 1200, 1200, 1200, 1200, 1200, 600, 600]);
  });

  test('ties at the top boundary all get the better tier (3 people in top with k = 2)', () => {
    const r = assignTiers(people([95, 90, 90, 85, 84, 83, 80, 75, 70, 60]), t, t.quarterly);
    expect(r.filter((x) => x.tier === 'top').map((x) => x.id)).toEqual(['E0', 'E1', 'E2']);
    expect(r[1].rank).toBe(2);
    expect(r[2].rank).toBe(2);
  });

  test('ties at the bottom boundary all get the better tier (only the strictly lower one is bottom)', () => {
    const r = assignTiers(people([95, 90, 88, 85, 84, 83, 80, 70, 70, 60]), t, t.quarterly);
    expect(r.filter((x) => x.tier === 'bottom').map((x) => x.id)).toEqual(['E9']);
    expect(r[7].tier).toBe('middle');
    expect(r[8].tier).toBe('middle');
  });

  test('small teams: 2 people → k = round(0.4) = 0, both middle; 3 people → one of each', () => {
    expect(assignTiers(people([90, 60]), t, t.monthly).map((x) => x.tier)).toEqual(['middle', 'middle']);
    expect(assignTiers(people([90, 80, 60]), t, t.monthly).map((x) => x.tier)).toEqual(['top', 'middle', 'bottom']);
    expect(assignTiers(people([90]), t, t.monthly)[0].tier).toBe('middle');
    expect(assignTiers([], t, t.monthly)).toEqual([]);
  });

  test('everyone equal → everyone top (ties get the better tier), nobody bottom', () => {
    expect(assignTiers(people([80, 80, 80, 80, 80]), t, t.monthly).map((x) => x.tier)).toEqual([
      'top',
      'top',
      'top',
      'top',
      'top',
    ]);
  });

  test('probation: tenure ≤ 3 months or 状态 试用 → amount − 200', () => {
    const r = assignTiers(
      [
        { id: 'a', score: 95, tenureMonth: 2 },
        { id: 'b', score: 85, tenureMonth: 3 },
        { id: 'c', score: 84, tenureMonth: 4 },
        { id: 'd', score: 83, tenureMonth: 30, status: '试用' },
        { id: 'e', score: 60, tenureMonth: 30 },
      ],
      t,
      t.monthly,
    );
    expect(r.map((x) => x.probation)).toEqual([true, true, false, true, false]);
    expect(r.map((x) => x.amount)).toEqual([1300, 600, 800, 600, 500]);
  });

  test('no amounts (annual) → tier without amount', () => {
    expect(assignTiers(people([90, 80, 70]), t, null).map((x) => x.amount)).toEqual([null, null, null]);
  });
});

describe('multi-month warnings', () => {
  test('rubric: 待提高 two months in a row → 绩效面谈; 优秀 three in a row → 晋升重点考虑; a missing month breaks a run', () => {
    const months = [
      month('2026-09', [
        ['A', 95, '优秀'],
        ['B', 65, '待提高'],
        ['C', 95, '优秀'],
      ]),
      month('2026-10', [
        ['A', 92, '优秀'],
        ['B', 62, '待提高'],
        ['C', 95, '优秀'],
      ]),
      month('2026-11', [
        ['A', 90, '优秀'],
        ['B', 75, '合格'],
      ]),
      month('2026-12', [
        ['A', 85, '良好'],
        ['B', 50, '差'],
        ['C', 95, '优秀'],
      ]),
    ];
    const w = gradeStreakWarnings(rubric, months);
    expect(w).toEqual([
      { id: 'A', text: '晋升重点考虑', grade: '优秀', months: ['2026-09', '2026-10', '2026-11'] },
      { id: 'B', text: '绩效面谈', grade: '待提高', months: ['2026-09', '2026-10'] },
    ]);
  });

  test('the daily policy has no grade streak rules', () => {
    expect(gradeStreakWarnings(daily, [month('2026-10', [['A', 50, '不合格']])])).toEqual([]);
  });

  test('连续两次季度排名最后一名: last in Q3 and Q4 → warning; ties for last count', () => {
    const months = [
      month('2026-07', [
        ['A', 90],
        ['B', 60],
        ['C', 60],
      ]),
      month('2026-10', [
        ['A', 90],
        ['B', 50],
        ['C', 70],
      ]),
      month('2026-11', [
        ['A', 90],
        ['B', 50],
        ['C', 70],
      ]),
      month('2026-12', [
        ['A', 90],
        ['B', 50],
        ['C', 70],
      ]),
    ];
    const r = computePeriod({ policy: daily, period: { kind: 'quarter', year: 2026, quarter: 4 }, months });
    expect(r.rows.find((x) => x.id === 'B')!.warnings).toEqual([
      '连续两次季度排名最后一名:留岗查看或辞退评估（2026Q3、2026Q4）',
    ]);
    expect(r.rows.find((x) => x.id === 'C')!.warnings).toEqual([]);
  });

  test('without the previous quarter the check says so', () => {
    const r = computePeriod({
      policy: daily,
      period: { kind: 'quarter', year: 2026, quarter: 4 },
      months: [
        month('2026-10', [
          ['A', 90],
          ['B', 50],
        ]),
      ],
    });
    expect(r.notices.join('\n')).toContain('无上季度（2026Q3）数据');
    expect(r.notices.join('\n')).toContain('2026-11、2026-12');
    expect(r.rows.every((x) => x.warnings.length === 0)).toBe(true);
  });
});

describe('敬业奖 (leave data: 工号, 月份, 请假天数)', () => {
  const leave = readLeave({
    file: '请假.csv',
    headers: ['工号', '月份', '请假天数'],
    firstRow: 2,
    rows: [
      ['0007', '2026-10', '0'],
      ['0012', '2026-10', '1.5'],
      ['0012', '2026/11', 0],
      ['', '2026-11', '1'],
      ['0031', '2026-11', '-2'],
    ],
  });

  test('bad rows are listed with their Excel row', () => {
    expect(leave.problems.map((p) => [p.row, p.code])).toEqual([
      [5, 'EMPLOYEE_ID_EMPTY'],
      [6, 'LEAVE_DAYS_INVALID'],
    ]);
  });

  test('100 yuan per scored month without leave; months the leave data does not cover earn nothing and are listed', () => {
    const months = [
      month('2026-10', [
        ['0007', 80],
        ['0012', 80],
      ]),
      month('2026-11', [
        ['0007', 80],
        ['0012', 80],
        ['31', 80],
      ]),
      month('2026-12', [['0007', 80]]),
    ];
    const a = attendanceAwards(months, ['2026-10', '2026-11', '2026-12'], leave);
    expect(a.get('0007')).toEqual({
      id: '0007',
      awardedMonths: ['2026-10', '2026-11'],
      leaveMonths: [],
      unknownMonths: ['2026-12'],
      amount: 200,
    });
    expect(a.get('0012')).toEqual({
      id: '0012',
      awardedMonths: ['2026-11'],
      leaveMonths: [{ month: '2026-10', days: 1.5 }],
      unknownMonths: [],
      amount: 100,
    });
    // 0031's row was rejected, so "31" has no leave on record for November → awarded.
    expect(a.get('31')!.amount).toBe(100);
  });
});

describe('computePeriod (quarter, end to end)', () => {
  test('figures per employee: score, parts, tier amount with probation, missing months', () => {
    const months = [
      month('2026-10', [
        ['A', 95, 'A', 40],
        ['B', 80, 'B', 2],
        ['C', 70, 'C', 40],
        ['D', 60, 'E', 40],
        ['E', 85, 'B', 40],
      ]),
      month('2026-11', [
        ['A', 93, 'A', 41],
        ['B', 82, 'B', 3],
        ['C', 70, 'C', 41],
        ['E', 85, 'B', 41],
      ]),
      month('2026-12', [
        ['A', 94, 'A', 42],
        ['B', 84, 'B', 4],
        ['C', 72, 'C', 42],
        ['D', 58, '不合格', 42],
        ['E', 86, 'B', 42],
      ]),
    ];
    const r = computePeriod({ policy: daily, period: { kind: 'quarter', year: 2026, quarter: 4 }, months });
    expect(r.rows.map((x) => [x.id, x.score, x.rank, x.tier, x.tierAmount])).toEqual([
      ['A', 94, 1, 'top', 2200],
      ['E', 85.3, 2, 'middle', 1200],
      ['B', 82, 3, 'middle', 1200], // tenure 4 at December → not in probation
      ['C', 70.7, 4, 'middle', 1200],
      ['D', 59, 5, 'bottom', 600],
    ]);
    expect(r.rows.find((x) => x.id === 'D')!.missingMonths).toEqual(['2026-11']);
    expect(r.monthsWithoutData).toEqual([]);
  });
});
