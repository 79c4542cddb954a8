import { gradeOf, payFloatOf, tenureMonth, competitionRanks } from '../../core/scoring/standing';
import { DAILY, SUPERVISOR, adjustments, employee, entries, roster, score, scoreOf } from './fixtures';

describe('规则说明 §2.7 pay float (入职月数 ≥ 3)', () => {
  test.each([
    [80, 0],
    [91, 110],
    [68, -120],
    [110, 300],
    [45, -300],
    [80.5, 5],
  ])('%p points pays %p yuan', (points, yuan) => {
    expect(payFloatOf(points, 3, DAILY.payFloat)).toBe(yuan);
  });

  test('no float in the first two months (前二个月只评考核分, 不浮动工资)', () => {
    expect(payFloatOf(91, 2, DAILY.payFloat)).toBe(0);
    expect(payFloatOf(45, 1, DAILY.payFloat)).toBe(0);
    expect(payFloatOf(91, 3, DAILY.payFloat)).toBe(110);
  });

  test('tenure: joined 2026-03-20 → March 1, April 2, May 3', () => {
    expect(tenureMonth('2026-03-20', '2026-03')).toBe(1);
    expect(tenureMonth('2026-03-20', '2026-04')).toBe(2);
    expect(tenureMonth('2026-03-20', '2026-05')).toBe(3);
    expect(tenureMonth('2025-12-31', '2026-02')).toBe(3);
  });

  test('an employee in tenure month 2 gets no float, in month 3 the full float', () => {
    const r = score({
      roster: roster([
        ['01', '二月', '2026-09-01'],
        ['02', '三月', '2026-08-31'],
      ]),
      entries: entries([
        { date: '2026-10-02', id: '01', code: 'B03' },
        { date: '2026-10-02', id: '02', code: 'B03' },
      ]),
    });
    expect(employee(r, '01')).toMatchObject({ tenureMonth: 2, score: 85, payFloat: 0 });
    expect(employee(r, '02')).toMatchObject({ tenureMonth: 3, score: 85, payFloat: 50 });
  });
});

describe('规则说明 §2.7 grade bands', () => {
  test.each([
    [90, 'B'],
    [90.5, 'A'],
    [80, 'B'],
    [79.9, 'C'],
    [70, 'C'],
    [65, 'D'],
    [64.9, 'E'],
    [60, 'E'],
    [59.5, '不合格'],
    [0, '不合格'],
    [110, 'A'],
  ])('%p → %s', (s, g) => expect(gradeOf(s, DAILY.grades)).toBe(g));

  test.each([
    [90, '优秀'],
    [89.9, '良好'],
    [80, '良好'],
    [70, '合格'],
    [60, '待提高'],
    [59.9, '差'],
  ])('rubric %p → %s', (s, g) => {
    expect(gradeOf(s, SUPERVISOR.grades)).toBe(g);
  });
});

describe('规则说明 §2.2 T01: minutes decide the tier', () => {
  test.each([
    [10, 5, '轻度违规'],
    [10.5, 10, '中度违规'],
    [30, 10, '中度违规'],
    [31, 20, '重度违规'],
    [0.5, 5, '轻度违规'],
  ])('%p minutes over → %p points (%s)', (minutes, points, category) => {
    const { emp } = scoreOf([{ code: 'T01', minutes }]);
    expect(emp.deduction).toBe(points);
    expect(emp.breakdown[0].category).toBe(category);
  });

  test('T01 without minutes, or with 0, is rejected', () => {
    const { result } = scoreOf([{ code: 'T01' }, { code: 'T01', minutes: 0 }]);
    expect(result.rejected.map((p) => [p.row, p.code, p.column])).toEqual([
      [2, 'MINUTES_REQUIRED', '超时分钟'],
      [3, 'MINUTES_INVALID', '超时分钟'],
    ]);
    expect(employee(result, '001').score).toBe(80);
  });

  test('the derived tier counts in the escalation rule', () => {
    // T01 at 25 min is a medium violation; with M03 that is two different medium items → −20.
    const { emp } = scoreOf([{ code: 'T01', minutes: 25 }, { code: 'M03' }]);
    expect(emp).toMatchObject({ deduction: 20, escalation: 20, score: 40 });
  });
});

describe('规则说明 §2.6 escalation (追加扣分 X01)', () => {
  test('two different medium items → −20 once', () => {
    const { emp } = scoreOf([{ code: 'M01' }, { code: 'M06' }, { code: 'M04' }]);
    expect(emp).toMatchObject({ deduction: 30, escalation: 20, score: 30 });
  });

  test('one medium item twice is not two different items', () => {
    const { emp } = scoreOf([{ code: 'M01' }, { code: 'M01' }]);
    expect(emp).toMatchObject({ deduction: 20, escalation: 0, score: 60 });
  });

  test('four different light items → −20; three different, one repeated five times, does not', () => {
    expect(scoreOf([{ code: 'L01' }, { code: 'L02' }, { code: 'L03' }, { code: 'L10' }]).emp).toMatchObject({
      deduction: 8,
      escalation: 20,
      score: 52,
    });
    expect(scoreOf([{ code: 'L01' }, { code: 'L02' }, { code: 'L03', count: 5 }]).emp).toMatchObject({
      deduction: 14,
      escalation: 0,
      score: 66,
    });
  });

  test('T01 at different tiers are different items; at the same tier the same item', () => {
    const light = [{ code: 'L01' }, { code: 'L02' }, { code: 'T01', minutes: 5 }];
    expect(scoreOf([...light, { code: 'T01', minutes: 8 }]).emp.escalation).toBe(0);
    expect(scoreOf([...light, { code: 'L12' }]).emp.escalation).toBe(20);
  });

  test('counting occurrences is a policy setting', () => {
    const policy = { ...DAILY, escalation: { ...DAILY.escalation!, counting: 'occurrences' as const } };
    expect(scoreOf([{ code: 'M01' }, { code: 'M01' }], policy).emp.escalation).toBe(20);
    expect(scoreOf([{ code: 'L01', count: 4 }], policy).emp.escalation).toBe(20);
  });

  test('X01 typed by hand is rejected', () => {
    const { result, emp } = scoreOf([{ code: 'X01', points: 20 }]);
    expect(result.rejected[0]).toMatchObject({ row: 2, column: '项目代码', code: 'ITEM_AUTOMATIC' });
    expect(emp.score).toBe(80);
  });
});

describe('规则说明 §2.4 once-a-month items', () => {
  test('the first entry counts, later ones are rejected as duplicates (本月已记录)', () => {
    const { result, emp } = scoreOf([
      { code: 'B02', date: '2026-10-03' },
      { code: 'B03' },
      { code: 'B02', date: '2026-10-20' },
    ]);
    expect(emp.bonus).toBe(10);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ row: 4, code: 'ONCE_A_MONTH_DUPLICATE' });
    expect(result.rejected[0].message).toContain('本月已记录');
    expect(result.rejected[0].message).toContain('第2行');
  });

  test('次数 > 1 on a once-a-month item is rejected', () => {
    const { result, emp } = scoreOf([{ code: 'B05', count: 2 }]);
    expect(result.rejected[0]).toMatchObject({ code: 'ONCE_A_MONTH_COUNT', column: '次数' });
    expect(emp.bonus).toBe(0);
  });

  test('a rejected first entry does not block a later valid one', () => {
    const { result, emp } = scoreOf([{ code: 'B02', count: 2 }, { code: 'B02' }]);
    expect(result.rejected.map((p) => p.row)).toEqual([2]);
    expect(emp.bonus).toBe(5);
  });
});

describe('规则说明 §2.5 B01 and 加分项冲突', () => {
  test('B01 with a violation that month is rejected and the warning stays', () => {
    const { result, emp } = scoreOf([{ code: 'B01' }, { code: 'L01', date: '2026-10-28' }]);
    expect(result.rejected[0]).toMatchObject({ row: 2, code: 'BONUS_CONFLICT' });
    expect(emp).toMatchObject({ bonus: 0, score: 78 });
    expect(emp.warnings).toContain('加分项冲突');
  });

  test('a voided or rejected violation does not block B01', () => {
    const { result, emp } = scoreOf([
      { code: 'S01', status: '作废', voidReason: '病假条已补交' },
      { code: 'L09', points: 3 },
      { code: 'B01' },
    ]);
    expect(result.rejected.map((p) => p.code)).toEqual(['POINTS_OUT_OF_RANGE']);
    expect(emp).toMatchObject({ bonus: 5, score: 85, warnings: [] });
  });

  test('a D01–D04 entry is a violation for B01', () => {
    const { emp } = scoreOf([{ code: 'B01' }, { code: 'D01' }]);
    expect(emp.warnings).toEqual(['直接辞退:工作时间内睡觉', '加分项冲突']);
  });

  test('B01 given to two employees is a data notice, not a warning', () => {
    const r = score({
      roster: roster([
        ['1', '甲'],
        ['2', '乙'],
      ]),
      entries: entries([
        { date: '2026-10-01', id: '1', code: 'B01' },
        { date: '2026-10-01', id: '2', code: 'B01' },
      ]),
    });
    expect(r.employees.every((e) => e.score === 85 && e.warnings.length === 0)).toBe(true);
    expect(r.notices.some((n) => n.includes('B01') && n.includes('2人'))).toBe(true);
  });
});

describe('规则说明 §2.3 range and fixed items', () => {
  test('range item: 分值 required and inside the range', () => {
    const { result, emp } = scoreOf([
      { code: 'L04', points: 4 },
      { code: 'L04' },
      { code: 'L04', points: 6 },
      { code: 'L04', points: 1.5 },
      { code: 'L04', points: 2.5 },
    ]);
    expect(result.rejected.map((p) => [p.row, p.code])).toEqual([
      [3, 'POINTS_REQUIRED'],
      [4, 'POINTS_OUT_OF_RANGE'],
      [5, 'POINTS_OUT_OF_RANGE'],
    ]);
    expect(emp.deduction).toBe(6.5);
    expect(emp.score).toBe(73.5);
  });

  test('fixed item: 分值 empty or equal to the fixed value', () => {
    const { result, emp } = scoreOf([
      { code: 'L01', points: '' },
      { code: 'L01', points: '２' },
      { code: 'L01', points: 3 },
    ]);
    expect(result.rejected.map((p) => [p.row, p.code])).toEqual([[4, 'POINTS_NOT_FIXED']]);
    expect(emp.deduction).toBe(4);
  });

  test('more than one decimal is refused', () => {
    expect(scoreOf([{ code: 'L04', points: 2.25 }]).result.rejected[0].code).toBe('POINTS_INVALID');
  });

  test('次数 multiplies; 次数 0, -1 or 1.5 is rejected', () => {
    const { result, emp } = scoreOf([
      { code: 'L12', count: 3 },
      { code: 'L12', count: 0 },
      { code: 'L12', count: -1 },
      { code: 'L12', count: 1.5 },
    ]);
    expect(emp.deduction).toBe(6);
    expect(result.rejected.map((p) => p.code)).toEqual(['COUNT_INVALID', 'COUNT_INVALID', 'COUNT_INVALID']);
  });
});

describe('规则说明 §1.2 voided entries and statuses', () => {
  test('a voided entry counts nowhere and is not rejected', () => {
    const { result, emp } = scoreOf([{ code: 'S01', status: '作废', voidReason: '误录' }]);
    expect(emp.score).toBe(80);
    expect(result.rejected).toEqual([]);
    expect(result.counts).toMatchObject({ entries: 1, accepted: 0, voided: 1, rejected: 0 });
    expect(emp.breakdown[0]).toMatchObject({ kind: 'voided', points: 0 });
  });

  test('作废 without 作废原因, or another status, is rejected', () => {
    const { result } = scoreOf([
      { code: 'S01', status: '作废' },
      { code: 'L01', status: '待定' },
      { code: 'L01', status: '有效' },
    ]);
    expect(result.rejected.map((p) => [p.row, p.code, p.column])).toEqual([
      [2, 'VOID_REASON_MISSING', '作废原因'],
      [3, 'STATUS_INVALID', '状态'],
    ]);
    expect(result.counts).toMatchObject({ entries: 3, accepted: 1, rejected: 2 });
  });
});

describe('规则说明 §1.2 entries that do not belong', () => {
  test('outside the month, unknown 工号, unknown code', () => {
    const { result } = scoreOf([
      { code: 'L01', date: '2026-11-01' },
      { code: 'L01', id: '999' },
      { code: 'L99' },
      { code: 'L01', date: '2026-10-32' },
    ]);
    expect(result.rejected.map((p) => [p.row, p.code])).toEqual([
      [2, 'DATE_OUTSIDE_MONTH'],
      [3, 'EMPLOYEE_UNKNOWN'],
      [4, 'ITEM_UNKNOWN'],
      [5, 'DATE_INVALID'],
    ]);
  });

  test('an entry dated before the employee joined is rejected; the join day itself counts', () => {
    const r = score({
      roster: roster([
        ['1', '月初', '2026-10-01'],
        ['2', '月中', '2026-10-15'],
        ['3', '下月', '2026-11-03'],
        ['4', '老员工', '2020-01-01'],
        ['5', '月末', '2026-10-20'],
      ]),
      entries: entries([
        { date: '2026-10-01', id: '1', code: 'L01' },
        { date: '2026-10-14', id: '2', code: 'L01' },
        { date: '2026-10-15', id: '2', code: 'L02' },
        { date: '2026-10-31', id: '3', code: 'L01' },
        { date: '2026-09-30', id: '4', code: 'L01' },
        { date: '2026-09-30', id: '5', code: 'L01' },
      ]),
    });
    expect(r.rejected.map((p) => [p.row, p.code])).toEqual([
      [3, 'DATE_BEFORE_JOIN'],
      [5, 'DATE_BEFORE_JOIN'],
      [6, 'DATE_OUTSIDE_MONTH'],
      [7, 'DATE_OUTSIDE_MONTH'],
      [7, 'DATE_BEFORE_JOIN'],
    ]);
    expect(r.rejected[0].message).toBe('日期 2026-10-14 早于该员工的入职日期 2026-10-15：请核对日期或工号。');
    expect(employee(r, '1').deduction).toBe(2);
    expect(employee(r, '2').deduction).toBe(2);
    expect(r.employees.map((e) => e.id)).toEqual(['1', '2', '4', '5']);
  });

  test('工号 "007" ≠ "7", but a number that lost its zeros finds its employee', () => {
    const r = score({
      roster: roster([
        ['007', '甲'],
        ['7', '乙'],
        ['0012', '丙'],
      ]),
      entries: entries([
        { date: '2026-10-01', id: '7', code: 'L01' },
        { date: '2026-10-01', id: 12, code: 'L01' },
        { date: '2026-10-01', id: '007', code: 'L02' },
      ]),
    });
    expect(employee(r, '7').deduction).toBe(2);
    expect(employee(r, '007').deduction).toBe(2);
    expect(employee(r, '0012').deduction).toBe(2);
  });
});

describe('规则说明 §2.1 floor and cap', () => {
  test('never below 0', () => {
    const { emp } = scoreOf([{ code: 'S01', count: 5 }]);
    expect(emp.score).toBe(0);
    expect(emp.payFloat).toBe(-300);
    expect(emp.grade).toBe('不合格');
  });

  test('110 is the monthly maximum', () => {
    const { emp } = scoreOf([{ code: 'B03', count: 7 }]);
    expect(emp).toMatchObject({ bonus: 35, score: 110, grade: 'A', payFloat: 300 });
    expect(emp.breakdown.at(-1)).toMatchObject({ kind: 'clamp', points: -5 });
  });
});

describe('规则说明 §1.3 额外奖惩', () => {
  const base = () =>
    roster([
      ['1', '甲'],
      ['2', '乙'],
      ['3', '丙'],
    ]);
  test('one value in [−5, +5] with a 理由; the first valid one counts', () => {
    const r = score({
      roster: base(),
      adjustments: adjustments([
        { month: '2026-10', id: '1', value: 5, reason: '带新人' },
        { month: '2026-10', id: '1', value: -2, reason: '重复' },
        { month: '2026-10', id: '2', value: 5.5, reason: '超范围' },
        { month: '2026-10', id: '2', value: -5, reason: '' },
        { month: '2026-09', id: '3', value: 1, reason: '上个月的' },
        { month: '2026年10月', id: '3', value: '-1.5', reason: '迟交报表' },
      ]),
    });
    expect(r.rejected.map((p) => [p.file, p.row, p.code])).toEqual([
      ['adjustments.csv', 3, 'ADJUSTMENT_DUPLICATE'],
      ['adjustments.csv', 4, 'ADJUSTMENT_OUT_OF_RANGE'],
      ['adjustments.csv', 5, 'ADJUSTMENT_REASON_MISSING'],
      ['adjustments.csv', 6, 'ADJUSTMENT_OTHER_MONTH'],
    ]);
    expect(r.rejected[2].message).toBe('必须说明额外奖惩理由：请填写理由。');
    expect([1, 2, 3].map((i) => employee(r, String(i)).score)).toEqual([85, 80, 78.5]);
    expect(r.counts.adjustments).toEqual({ read: 6, accepted: 2, rejected: 4 });
  });
});

describe('规则说明 §2.7 warnings and ranks', () => {
  test('名次: ties share the rank (1, 2, 2, 4)', () => {
    expect(competitionRanks([90, 85, 85, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([50, 80, 80, 80])).toEqual([4, 1, 1, 1]);
  });

  test('当月低于60分 at 59.5, not at 60', () => {
    expect(
      scoreOf([
        { code: 'M01' },
        { code: 'L04', points: 5 },
        { code: 'L09', points: 1 },
        { code: 'L10' },
        { code: 'L03', count: 1 },
      ]).emp,
    ).toMatchObject({ score: 40 });
    const at60 = scoreOf([{ code: 'S01' }]).emp;
    expect(at60).toMatchObject({ score: 60, warnings: [] });
    const below = scoreOf([{ code: 'S01' }, { code: 'L09', points: 0.5 }]);
    expect(below.result.rejected[0].code).toBe('POINTS_OUT_OF_RANGE');
    expect(scoreOf([{ code: 'S01' }, { code: 'L04', points: 2.5 }]).emp).toMatchObject({
      score: 57.5,
      warnings: ['当月低于60分'],
    });
  });

  test('直接辞退 warning names the item exactly', () => {
    const { emp } = scoreOf([{ code: 'D04' }, { code: 'D02' }]);
    expect(emp.warnings).toEqual(['直接辞退:利用职权徇私舞弊', '直接辞退:将客服电话挂起导致用户无法打入']);
    expect(emp.score).toBe(80);
  });

  describe('连续两月末位且低于70分', () => {
    const people = roster([
      ['1', '甲'],
      ['2', '乙'],
      ['3', '丙'],
    ]);
    const october = entries([
      { date: '2026-10-01', id: '1', code: 'S01' },
      { date: '2026-10-01', id: '2', code: 'S01' },
      { date: '2026-10-01', id: '1', code: 'L01' },
      { date: '2026-10-01', id: '2', code: 'L01' },
    ]);

    test('ties for last all count as last, in both months', () => {
      const history = [
        {
          month: '2026-09',
          employees: [
            { id: '1', score: 65, grade: 'D' },
            { id: '2', score: 65, grade: 'D' },
            { id: '3', score: 90, grade: 'B' },
          ],
        },
      ];
      const r = score({ roster: people, entries: october, history });
      expect(employee(r, '1').warnings).toEqual(['当月低于60分', '连续两月末位且低于70分']);
      expect(employee(r, '2').warnings).toEqual(['当月低于60分', '连续两月末位且低于70分']);
      expect(employee(r, '3').warnings).toEqual([]);
      expect(employee(r, '1').rank).toBe(2);
    });

    test('last last month but not below 70 then: no warning', () => {
      const history = [
        {
          month: '2026-09',
          employees: [
            { id: '1', score: 70, grade: 'C' },
            { id: '3', score: 90, grade: 'B' },
          ],
        },
      ];
      expect(employee(score({ roster: people, entries: october, history }), '1').warnings).toEqual(['当月低于60分']);
    });

    test('not last last month: no warning', () => {
      const history = [
        {
          month: '2026-09',
          employees: [
            { id: '1', score: 60, grade: 'E' },
            { id: '3', score: 50, grade: '不合格' },
          ],
        },
      ];
      expect(employee(score({ roster: people, entries: october, history }), '1').warnings).toEqual(['当月低于60分']);
    });

    test('without last month the check says 无上月数据', () => {
      const r = score({ roster: people, entries: october, history: [{ month: '2026-08', employees: [] }] });
      expect(employee(r, '1').warnings).toEqual(['当月低于60分']);
      expect(r.notices.join()).toContain('无上月数据');
    });
  });
});

describe('规则说明 §3 rubric policy (客服主管岗位考核)', () => {
  test('R05N × 2 and R05P × 1 on 接待来访 → 12 − 10 − 3 → 0 (not −1)', () => {
    const { emp } = scoreOf([{ code: 'R05N', count: 2 }, { code: 'R05P' }], SUPERVISOR);
    expect(emp).toMatchObject({ score: 88, deduction: 12, grade: '良好', payFloat: 0, escalation: 0 });
    expect(emp.breakdown.find((b) => b.kind === 'cap')).toMatchObject({ points: 1 });
  });

  test('sections floor independently; the total is the sum of sections', () => {
    const { emp } = scoreOf([{ code: 'R01N', count: 3 }, { code: 'R03P' }, { code: 'R12N', count: 10 }], SUPERVISOR);
    expect(emp.score).toBe(100 - 10 - 1 - 8);
  });

  test('no 额外奖惩, no escalation code', () => {
    const r = score({
      roster: roster([['1', '甲']]),
      policy: SUPERVISOR,
      adjustments: adjustments([{ month: '2026-10', id: '1', value: 2, reason: 'x' }]),
    });
    expect(r.rejected[0].code).toBe('ADJUSTMENT_NOT_ALLOWED');
    expect(scoreOf([{ code: 'X01' }], SUPERVISOR).result.rejected[0].code).toBe('ITEM_UNKNOWN');
  });

  test('grade streaks: 差 three months → 降薪或降职评估; 待提高 two → 绩效面谈', () => {
    const people = roster([
      ['1', '甲'],
      ['2', '乙'],
    ]);
    const oct = entries([
      { date: '2026-10-01', id: '1', code: 'R01N', count: 2 },
      { date: '2026-10-01', id: '1', code: 'R02N', count: 3 },
      { date: '2026-10-01', id: '1', code: 'R05N', count: 3 },
      { date: '2026-10-01', id: '1', code: 'R08N', count: 2 },
      { date: '2026-10-01', id: '1', code: 'R10N', count: 1 },
      { date: '2026-10-01', id: '2', code: 'R01N', count: 2 },
      { date: '2026-10-01', id: '2', code: 'R05N', count: 3 },
      { date: '2026-10-01', id: '2', code: 'R08N', count: 2 },
    ]);
    const history = [
      {
        month: '2026-09',
        employees: [
          { id: '1', score: 50, grade: '差' },
          { id: '2', score: 65, grade: '待提高' },
        ],
      },
      {
        month: '2026-08',
        employees: [
          { id: '1', score: 55, grade: '差' },
          { id: '2', score: 85, grade: '良好' },
        ],
      },
    ];
    const r = score({ roster: people, entries: oct, policy: SUPERVISOR, history });
    // 10 (capped) + 8 (9 capped) + 12 (15 capped) + 10 + 5 = 45 deducted.
    expect(employee(r, '1')).toMatchObject({ score: 55, grade: '差', warnings: ['降薪或降职评估'] });
    expect(employee(r, '2')).toMatchObject({ score: 68, grade: '待提高', warnings: ['绩效面谈'] });
    const r2 = score({
      roster: people,
      entries: oct.filter((e) => e.id === '1'),
      policy: SUPERVISOR,
      history: history.slice(0, 1),
    });
    expect(employee(r2, '1').warnings).toEqual([]);
    expect(r2.notices.join()).toContain('未检查');
  });
});

describe('roster', () => {
  test('duplicate 工号, empty 姓名, unreadable 入职日期 and wildcard characters are reported; entries for them say why', () => {
    const people = roster([
      ['001', '甲'],
      ['001', '乙'],
      ['002', ''],
      ['003', '丙', '去年'],
      ['A*1', '丁'],
    ]);
    // A duplicate 工号 is nobody's: both rows are rejected (issue 13), never the first one kept.
    expect(people.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '工号', 'EMPLOYEE_ID_DUPLICATE'],
      [3, '工号', 'EMPLOYEE_ID_DUPLICATE'],
      [4, '姓名', 'EMPLOYEE_NAME_EMPTY'],
      [5, '入职日期', 'JOIN_DATE_INVALID'],
      [6, '工号', 'EMPLOYEE_ID_WILDCARD'],
    ]);
    expect(people.counts).toEqual({ read: 5, accepted: 0, rejected: 5 });
    const r = score({
      roster: people,
      entries: entries([
        { date: '2026-10-01', id: '003', code: 'L01' },
        { date: '2026-10-01', id: '001', code: 'L01' },
      ]),
    });
    expect(r.rejected.filter((p) => p.file === 'entries.csv')).toMatchObject([
      { code: 'EMPLOYEE_ROSTER_INVALID', message: expect.stringContaining('第5行') },
      { code: 'EMPLOYEE_ID_AMBIGUOUS', message: expect.stringContaining('第2行和第3行') },
    ]);
  });
});
