/**
 * 录音抽查 rules (seed 001, 呼叫中心录音抽查制度): fines for 严重违纪, problems and highlights per agent,
 * check coverage (领班 every day, 部长 every ISO week), and every bad row listed.
 */
import { loadPolicy } from '../../core/policy/load';
import { presetPolicy } from '../../core/policy/presets';
import type { CheckKey } from '../../core/input/schemas';
import { CheckRecord, checkMonth, fineFor, fineOfOccurrence, readCheckRecords } from '../../core/qa/checks';
import { coverage, isoWeek, isoWeekDays, monthDays } from '../../core/qa/coverage';
import type { Cell } from '../../core/values';
import daily from '../../templates/policies/kefu-daily.json';
import { roster } from '../core/fixtures';

const DAILY = presetPolicy('kefu-daily');
const KEYS: CheckKey[] = ['date', 'checker', 'role', 'id', 'ticket', 'recording', 'result', 'type', 'note'];

function checks(rows: Partial<Record<CheckKey, Cell>>[], file = '抽查记录.csv'): CheckRecord[] {
  return rows.map((r, i) => {
    const rec = { file, row: i + 2 } as CheckRecord;
    for (const k of KEYS) (rec as Record<string, Cell>)[k] = r[k] ?? null;
    return rec;
  });
}

const ROSTER = roster([
  ['0101', '张三'],
  ['0102', '李四'],
  ['007', '王五'],
]);
const problemRow = (date: string, id: string, type: string, ticket: string) => ({
  date,
  checker: '赵领班',
  role: '领班',
  id,
  ticket,
  result: '问题',
  type,
});
const run = (rows: Partial<Record<CheckKey, Cell>>[], month = '2026-10', policy = DAILY) =>
  checkMonth({ policy, month, roster: ROSTER, records: checks(rows) });

describe('fines for 严重违纪 (每次均罚10元，超过3次的每次加罚50元)', () => {
  test('five serious in a month = 5 × 10 + 2 × 50 = 150 元', () => {
    expect(fineFor(5, DAILY.qa!.fine)).toBe(150);
    const r = run(
      ['地址填写错误', '维修站选错', '无效承诺', '地址填写错误', '选错维修站'].map((t, i) =>
        problemRow(`2026-10-0${i + 1}`, '0101', t, `GD${i}`),
      ),
    );
    const e = r.employees.find((x) => x.id === '0101')!;
    expect([e.problems, e.serious, e.fine]).toEqual([5, 5, 150]);
    expect(e.checks.map((c) => c.fine)).toEqual([10, 10, 10, 60, 60]);
  });

  test.each([
    [0, 0],
    [1, 10],
    [3, 30],
    [4, 90],
    [6, 210],
  ])('%i serious → %i 元', (n, yuan) => {
    expect(fineFor(n, DAILY.qa!.fine)).toBe(yuan);
    let sum = 0;
    for (let k = 1; k <= n; k++) sum += fineOfOccurrence(k, DAILY.qa!.fine);
    expect(sum).toBe(yuan);
  });

  test("only the policy's serious types are fined; other problems and highlights are counted, not fined", () => {
    const r = run([
      problemRow('2026-10-02', '0102', '接报用语不标准', 'A1'),
      problemRow('2026-10-03', '0102', '电话填写错误', 'A2'),
      {
        date: '2026-10-04',
        checker: '钱部长',
        role: '部长',
        id: '0102',
        ticket: 'A3',
        result: '亮点',
        type: '受到住户表扬',
      },
      problemRow('2026-10-05', '0102', '对外进行无效承诺', 'A4'),
    ]);
    const e = r.employees.find((x) => x.id === '0102')!;
    expect([e.problems, e.highlights, e.serious, e.fine]).toEqual([3, 1, 1, 10]);
  });

  test('the order of the fines is by date, not by row', () => {
    const r = run([
      problemRow('2026-10-20', '0101', '地址填写错误', 'B4'),
      problemRow('2026-10-01', '0101', '地址填写错误', 'B1'),
      problemRow('2026-10-02', '0101', '地址填写错误', 'B2'),
      problemRow('2026-10-03', '0101', '地址填写错误', 'B3'),
    ]);
    const e = r.employees.find((x) => x.id === '0101')!;
    expect(e.checks.map((c) => [c.ticket, c.fine])).toEqual([
      ['B1', 10],
      ['B2', 10],
      ['B3', 10],
      ['B4', 60],
    ]);
  });

  test('the amounts, threshold and serious types are policy data', () => {
    const custom = loadPolicy({
      ...daily,
      qa: { problemTypes: [{ name: '错误引导', serious: true }], fine: { each: 20, threshold: 1, extra: 5 } },
    });
    const r = run(
      ['错误引导', '错误引导', '地址填写错误'].map((t, i) => problemRow(`2026-10-1${i}`, '0101', t, `C${i}`)),
      '2026-10',
      custom,
    );
    const e = r.employees.find((x) => x.id === '0101')!;
    expect([e.serious, e.fine]).toEqual([2, 45]);
    // 地址填写错误 is not a type of this policy: counted as a problem, not serious, and noticed.
    expect(e.problems).toBe(3);
    expect(r.notices.join('')).toContain('问题类型「地址填写错误」不在考核方案的问题类型中');
  });

  test("the kefu-daily preset has the seed's three serious types, 10 元, 50 元 from the 4th", () => {
    expect(DAILY.qa!.problemTypes.filter((t) => t.serious).map((t) => t.name)).toEqual([
      '无效承诺',
      '地址填写错误',
      '维修站选错',
    ]);
    expect(DAILY.qa!.fine).toEqual({ each: 10, threshold: 3, extra: 50 });
    // A policy without a qa section gets the same defaults (so a policy read back from a workbook is unchanged).
    const { qa: _qa, ...noQa } = daily as Record<string, unknown>;
    void _qa;
    expect(loadPolicy(noQa).qa).toEqual(DAILY.qa);
    expect(presetPolicy('kefu-supervisor').qa).toEqual(DAILY.qa);
  });
});

describe('bad rows are listed with file, row, column, code and a Chinese fix; nothing is lost', () => {
  const rows = [
    problemRow('2026-10-01', '0101', '地址填写错误', 'D1'), // ok, row 2
    problemRow('2026-10-01', '9999', '地址填写错误', 'D2'), // unknown 工号, row 3
    problemRow('2026-11-01', '0101', '地址填写错误', 'D3'), // outside the month, row 4
    { ...problemRow('2026-10-02', '0101', '地址填写错误', 'D4'), result: '待定' }, // unknown 结果, row 5
    { ...problemRow('2026-10-02', '0101', '地址填写错误', 'D5'), role: '组长' }, // unknown 岗位, row 6
    { ...problemRow('2026-10-02', '0101', '', 'D6') }, // 问题 without 问题类型, row 7
    { ...problemRow('2026-10-02', '0101', '错误引导', 'D7'), checker: '' }, // no 检查人, row 8
    { date: '2026-10-03', checker: '赵领班', role: '领班', id: '', ticket: 'D8', result: '无问题' }, // ok without 工号, row 9
    { date: '2026-10-03', checker: '赵领班', role: '领班', id: '', ticket: 'D9', result: '问题', type: '错误引导' }, // 问题 without 工号, row 10
    { ...problemRow('10月3日', '0101', '错误引导', 'D10') }, // unreadable date, row 11
    problemRow('2026-10-01', '0101', '地址填写错误', 'D1'), // the same event again, row 12
    problemRow('2026-10-04', '0101', '态度冷淡', 'D11'), // unknown type: counted, noticed, row 13
  ];

  test('each rejection: row, column, code', () => {
    const r = run(rows);
    expect(r.rejected.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '工号', 'EMPLOYEE_UNKNOWN'],
      [4, '日期', 'DATE_OUTSIDE_MONTH'],
      [5, '结果', 'CHECK_RESULT_UNKNOWN'],
      [6, '检查人岗位', 'CHECKER_ROLE_UNKNOWN'],
      [7, '问题类型', 'PROBLEM_TYPE_EMPTY'],
      [8, '检查人', 'CHECKER_EMPTY'],
      [10, '工号', 'EMPLOYEE_ID_EMPTY'],
      [11, '日期', 'DATE_INVALID'],
      [12, '工单号', 'CHECK_DUPLICATE'],
    ]);
    for (const p of r.rejected) {
      expect(p.file).toBe('抽查记录.csv');
      expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(r.rejected.find((p) => p.code === 'CHECK_DUPLICATE')!.message).toContain('第2行');
  });

  test('read = counted + rejected; an unknown 问题类型 counts as a problem, not serious, and is in the notices', () => {
    const r = run(rows);
    expect(r.counts).toMatchObject({ read: 12, counted: 3, rejected: 9 });
    expect(r.counts.read).toBe(r.counts.counted + r.counts.rejected);
    const e = r.employees.find((x) => x.id === '0101')!;
    expect([e.problems, e.serious, e.fine]).toEqual([2, 1, 10]);
    expect(e.checks.find((c) => c.type === '态度冷淡')).toMatchObject({ serious: false, fine: 0, canonicalType: '' });
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('态度冷淡');
    expect(r.notices[0]).toContain('第13行');
  });

  test('several problems of one row are all listed; the row is rejected once', () => {
    const r = run([{ date: '', checker: '', role: '', id: '', ticket: 'E1', result: '' }]);
    expect(r.rejected.map((p) => p.code)).toEqual([
      'DATE_MISSING',
      'CHECKER_EMPTY',
      'CHECKER_ROLE_EMPTY',
      'CHECK_RESULT_EMPTY',
      'EMPLOYEE_ID_EMPTY',
    ]);
    expect(r.counts).toMatchObject({ read: 1, counted: 0, rejected: 1 });
  });

  test('a 工号 that lost its leading zeros is found; full-width text is folded', () => {
    const r = run([{ ...problemRow('２０２６-10-05', '7', '地址填写错误 ', 'F1'), role: ' 领班 ' }]);
    expect(r.rejected).toEqual([]);
    expect(r.employees.find((x) => x.id === '007')!.fine).toBe(10);
  });

  test('a file without 工单号 and 录音编号 columns is refused as a whole', () => {
    const table = {
      file: 'x.csv',
      headers: ['日期', '检查人', '检查人岗位', '工号', '结果', '问题类型'],
      rows: [],
      firstRow: 2,
    };
    expect(() => readCheckRecords(table)).toThrow(/工单号.*录音编号/);
    const ok = {
      ...table,
      headers: [...table.headers, '录音编号'],
      rows: [['2026-10-01', '赵', '领班', '0101', '无问题', '', 'R1']],
    };
    expect(readCheckRecords(ok)).toHaveLength(1);
    expect(() => readCheckRecords({ ...table, headers: ['日期', '工号'] })).toThrow(
      /缺少必需的列「检查人」「检查人岗位」「结果」/,
    );
  });
});

describe('coverage: 领班 every day, 部长 every ISO week of the month', () => {
  test('ISO weeks, including the ones that belong to the neighbouring year', () => {
    expect(isoWeek('2026-10-05')).toBe('2026-W41');
    expect(isoWeek('2026-10-11')).toBe('2026-W41');
    expect(isoWeek('2026-10-12')).toBe('2026-W42');
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // a Friday: its Thursday is 2026-12-31
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeekDays('2026-W41')).toEqual([
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-11',
    ]);
    expect(isoWeekDays('2026-W53')![6]).toBe('2027-01-03');
    expect(isoWeekDays('2025-W53')).toBeNull();
  });

  test("October 2026: weeks W40 (1–4 Oct) to W44 (26–31 Oct) are the month's weeks", () => {
    const c = coverage('2026-10', monthDays('2026-10'), ['2026-10-04', '2026-10-06', '2026-10-13', '2026-10-31']);
    expect(c.weeks.map((w) => [w.week, w.days.length])).toEqual([
      ['2026-W40', 4],
      ['2026-W41', 7],
      ['2026-W42', 7],
      ['2026-W43', 7],
      ['2026-W44', 6],
    ]);
    expect(c.missingWeeks).toEqual(['2026-W43']);
    expect(c.missingDays).toEqual([]);
  });

  test("a week crossing the month boundary counts only the month's days: a 部长 check on 30 Sep is another month", () => {
    // 2026-W40 is 28 Sep – 4 Oct. The September file's check on 30 Sep does not cover October's 1–4.
    const r = run([
      { date: '2026-09-30', checker: '钱部长', role: '部长', id: '0101', ticket: 'G1', result: '无问题' },
      { date: '2026-10-05', checker: '钱部长', role: '部长', id: '', ticket: 'G2', result: '无问题' },
    ]);
    expect(r.rejected.map((p) => p.code)).toEqual(['DATE_OUTSIDE_MONTH']);
    expect(r.coverage.missingWeeks).toEqual(['2026-W40', '2026-W42', '2026-W43', '2026-W44']);
  });

  test('January 2027 starts in 2026-W53; December 2026 ends in it', () => {
    expect(coverage('2027-01', [], []).missingWeeks[0]).toBe('2026-W53');
    expect(coverage('2026-12', [], []).missingWeeks.slice(-1)).toEqual(['2026-W53']);
    expect(coverage('2027-01', [], ['2027-01-02']).missingWeeks[0]).toBe('2027-W01');
  });

  test('days without a 领班 check; 部长 and 其他 checks do not count for a day, rejected rows count nowhere', () => {
    const days = monthDays('2026-02');
    const r = run(
      [
        ...days
          .filter((d) => d !== '2026-02-10' && d !== '2026-02-11' && d !== '2026-02-12')
          .map((d, i) => ({ date: d, checker: '赵领班', role: '领班', id: '', ticket: `H${i}`, result: '无问题' })),
        { date: '2026-02-10', checker: '钱部长', role: '部长', id: '', ticket: 'H90', result: '无问题' },
        { date: '2026-02-11', checker: '孙质检', role: '其他', id: '', ticket: 'H91', result: '无问题' },
        { date: '2026-02-12', checker: '', role: '领班', id: '', ticket: 'H92', result: '无问题' },
      ],
      '2026-02',
    );
    expect(r.coverage.missingDays).toEqual(['2026-02-10', '2026-02-11', '2026-02-12']);
    expect(r.coverage.missingWeeks).toEqual(['2026-W05', '2026-W06', '2026-W08', '2026-W09']);
  });
});

describe('the policy loader names bad qa fields', () => {
  const bad = (qa: unknown) => () => loadPolicy({ ...daily, qa });
  test.each([
    [{ problemTypes: [], fine: { each: 10, threshold: 3, extra: 50 } }, 'qa.problemTypes'],
    [{ problemTypes: [{ name: '' }], fine: { each: 10, threshold: 3, extra: 50 } }, 'qa.problemTypes[0].name'],
    [
      { problemTypes: [{ name: 'A' }, { name: 'B', aliases: ['Ａ'] }], fine: { each: 10, threshold: 3, extra: 50 } },
      'qa.problemTypes[1].aliases[0]',
    ],
    [
      { problemTypes: [{ name: 'A', serious: 'yes' }], fine: { each: 10, threshold: 3, extra: 50 } },
      'qa.problemTypes[0].serious',
    ],
    [
      { problemTypes: [{ name: 'A', item: 'Z99' }], fine: { each: 10, threshold: 3, extra: 50 } },
      'qa.problemTypes[0].item',
    ],
    [
      { problemTypes: [{ name: 'A', item: 'L04' }], fine: { each: 10, threshold: 3, extra: 50 } },
      'qa.problemTypes[0].item',
    ],
    [{ problemTypes: [{ name: 'A' }], fine: { each: -1, threshold: 3, extra: 50 } }, 'qa.fine.each'],
    [{ problemTypes: [{ name: 'A' }], fine: { each: 10, threshold: 2.5, extra: 50 } }, 'qa.fine.threshold'],
    [{ problemTypes: [{ name: 'A' }] }, 'qa.fine'],
  ])('%j → %s', (qa, field) => {
    expect(bad(qa)).toThrow(`字段 ${field} `);
  });
  test('a fixed-points item can be mapped', () => {
    expect(
      loadPolicy({
        ...daily,
        qa: { problemTypes: [{ name: 'A', item: 'l12' }], fine: { each: 10, threshold: 3, extra: 50 } },
      }).qa!.problemTypes[0].item,
    ).toBe('L12');
  });
});
