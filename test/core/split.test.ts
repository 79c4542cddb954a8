/**
 * Splitting a month by 组别 (kaohe monthly --split-by 组别): every input row lands in exactly one team's
 * part, each employee's figures in their part equal the whole month's, and the parts read together give
 * every employee the whole month's 名次 and 预警.
 */
import { InputError } from '../../core/problems';
import {
  UNASSIGNED_TEAM,
  parseSplitPartNotice,
  safeFileSegment,
  splitMonthByTeam,
  splitPartNotice,
  splitReadNotices,
} from '../../core/input/split';
import { readRoster } from '../../core/input/records';
import type { RosterRecord } from '../../core/input/records';
import { presetPolicy } from '../../core/policy/presets';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import type { PastMonth } from '../../core/scoring/warnings';
import { syntheticMonth } from '../../scripts/workbook/synthetic';
import type { MonthlyInputs } from '../../scripts/month-inputs';
import { rng } from '../../scripts/random';
import { GROUP_FIGURES, OWN_FIGURES } from '../../core/workbook/sheets';

const DAILY = presetPolicy('kefu-daily');
const MONTH = '2026-10';

function score(m: Pick<MonthlyInputs, 'rosterRecords' | 'entries' | 'adjustments'>, history: PastMonth[] = []) {
  return scoreMonth({
    policy: DAILY,
    month: MONTH,
    roster: readRoster(m.rosterRecords),
    entries: m.entries,
    adjustments: m.adjustments,
    history,
  });
}

const byId = (r: MonthResult) => new Map(r.employees.map((e) => [e.id, e]));
const codes = (r: MonthResult) => r.rejected.map((p) => p.code).sort();

/** A synthetic month made awkward: employees without a team, a 工号 on two teams' rows, 工号 typed as numbers, unknown 工号. */
function awkwardMonth(seed: number): { inputs: MonthlyInputs; history: PastMonth[] } {
  const inputs = syntheticMonth(DAILY, MONTH, 40, 400, seed);
  const r = rng(seed + 1000);
  inputs.rosterRecords.forEach((rec, i) => {
    if (i % 9 === 4) rec.team = '';
    if (i % 13 === 7) rec.team = ' 一组 '; // spaces around a team: the same team
  });
  // the same 工号 on a second roster row, in another team: nobody's, in the whole month and in the split
  const dup = { ...inputs.rosterRecords[3], row: inputs.rosterRecords.length + 2, team: '外包组', name: '重复' };
  inputs.rosterRecords.push(dup);
  // a roster row rejected (no name): entries for it are refused with the roster's reason
  inputs.rosterRecords.push({
    ...inputs.rosterRecords[5],
    id: '77777',
    name: '',
    row: inputs.rosterRecords.length + 2,
  });
  inputs.entries.forEach((e) => {
    const x = r();
    if (x < 0.05)
      e.id = Number(e.id); // Excel turned 00012 into 12
    else if (x < 0.07) e.id = '77777';
    else if (x < 0.09) e.id = '';
  });
  // B01 (每月仅一人) given in two teams: a month-wide notice
  for (const [k, team] of ['一组', '二组'].entries()) {
    const id = `B000${k}`;
    inputs.rosterRecords.push({ ...inputs.rosterRecords[0], id, team, row: inputs.rosterRecords.length + 2 });
    inputs.entries.push({ ...inputs.entries[0], id, code: 'B01', row: inputs.entries.length + 2, status: null });
  }
  // last month and this month last of the whole company and below 70: 连续两月末位
  inputs.rosterRecords.push({
    ...inputs.rosterRecords[0],
    id: 'L0000',
    team: '三组',
    row: inputs.rosterRecords.length + 2,
  });
  for (let k = 0; k < 5; k++)
    inputs.entries.push({
      ...inputs.entries[0],
      id: 'L0000',
      code: 'S01',
      row: inputs.entries.length + 2,
      status: null,
    });
  const history: PastMonth[] = [
    {
      month: '2026-09',
      employees: inputs.rosterRecords.map((rec) => ({
        id: String(rec.id),
        score: rec.id === 'L0000' ? 50 : 85,
        grade: '',
      })),
    },
  ];
  return { inputs, history };
}

describe('splitting a month by 组别', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seed %i: every row in one part; parts equal the whole month, together and alone',
    (seed) => {
      const { inputs, history } = awkwardMonth(seed);
      const whole = score(inputs, history);
      const split = splitMonthByTeam(inputs);
      // nothing vanishes, nothing doubles
      const all = <T>(f: (p: (typeof split.parts)[number]) => T[]) => split.parts.flatMap(f);
      expect(all((p) => p.rosterRecords)).toHaveLength(inputs.rosterRecords.length);
      expect(new Set(all((p) => p.entries))).toEqual(new Set(inputs.entries));
      expect(all((p) => p.entries)).toHaveLength(inputs.entries.length);
      expect(new Set(all((p) => p.adjustments))).toEqual(new Set(inputs.adjustments));
      expect(all((p) => p.adjustments)).toHaveLength(inputs.adjustments.length);

      // each part alone: each employee's figures as in the whole month
      const w = byId(whole);
      const parts = split.parts.map((p) => score(p, history));
      for (const r of parts)
        for (const e of r.employees)
          for (const f of OWN_FIGURES) expect([e.id, f, e[f]]).toEqual([e.id, f, w.get(e.id)![f]]);
      // read = counted + voided + rejected across the parts, and the same rejections
      const sum = (f: (r: MonthResult) => number) => parts.reduce((a, r) => a + f(r), 0);
      expect(sum((r) => r.counts.entries)).toBe(whole.counts.entries);
      expect(sum((r) => r.counts.accepted)).toBe(whole.counts.accepted);
      expect(sum((r) => r.counts.voided)).toBe(whole.counts.voided);
      expect(sum((r) => r.counts.rejected)).toBe(whole.counts.rejected);
      expect(whole.counts.entries).toBe(whole.counts.accepted + whole.counts.voided + whole.counts.rejected);
      expect(parts.flatMap(codes).sort()).toEqual(codes(whole));
      expect(sum((r) => r.employees.length)).toBe(whole.employees.length);

      // the parts together (as score/summary with several --workbook read them): everything equal
      const together = score(
        {
          rosterRecords: all((p) => p.rosterRecords),
          entries: all((p) => p.entries),
          adjustments: all((p) => p.adjustments),
        },
        history,
      );
      const t = byId(together);
      for (const e of whole.employees) {
        const g = t.get(e.id)!;
        for (const f of [...OWN_FIGURES, ...GROUP_FIGURES]) expect([e.id, f, g[f]]).toEqual([e.id, f, e[f]]);
      }
      expect(together.counts).toEqual(whole.counts);
      expect(codes(together)).toEqual(codes(whole));
      // the same notices (a list of people may come in another order: the roster is in team order)
      const words = (ns: string[]) =>
        ns
          .map((n) =>
            n
              .split(/[（）、]/)
              .sort()
              .join('|'),
          )
          .sort();
      expect(words(together.notices)).toEqual(words(whole.notices));
    },
  );

  test('the awkward month really has what it claims (the test above is not vacuous)', () => {
    const { inputs, history } = awkwardMonth(1);
    const whole = score(inputs, history);
    const split = splitMonthByTeam(inputs);
    expect(split.parts.map((p) => p.team)).toContain(UNASSIGNED_TEAM);
    expect(codes(whole)).toEqual(expect.arrayContaining(['EMPLOYEE_ID_DUPLICATE', 'EMPLOYEE_UNKNOWN']));
    expect(whole.notices.some((n) => n.includes('B01'))).toBe(true);
    expect(whole.employees.some((e) => e.warnings.some((w) => w.includes('连续两月末位')))).toBe(true);
    // a team alone does not see the B01 given in another team, nor the company's last place
    const alone = split.parts.map((p) => score(p, history));
    expect(alone.some((r) => r.notices.some((n) => n.includes('B01')))).toBe(false);
  });

  test('an employee with an empty 组别 goes to 未分组; rows naming no roster row go there too', () => {
    const rec = (row: number, id: string, team: string): RosterRecord => ({
      file: 'r.csv',
      row,
      id,
      name: `员工${id}`,
      team,
      position: '',
      joinDate: '2020-01-01',
      status: '',
    });
    const entry = (row: number, id: string) => ({
      file: 'e.csv',
      row,
      date: '2026-10-02',
      id,
      code: 'L01',
      count: null,
      points: null,
      minutes: null,
      note: null,
      recorder: null,
      status: null,
      voidReason: null,
    });
    const split = splitMonthByTeam({
      rosterRecords: [rec(2, '0235', '一组'), rec(3, '0300', '  '), rec(4, '0400', '二组')],
      entries: [entry(2, '0300'), entry(3, '9999'), entry(4, 235 as never), entry(5, '0400')],
      adjustments: [],
    });
    expect(split.parts.map((p) => [p.team, p.rosterRecords.map((r) => r.id), p.entries.map((e) => e.row)])).toEqual([
      ['一组', ['0235'], [4]],
      [UNASSIGNED_TEAM, ['0300'], [2, 3]],
      ['二组', ['0400'], [5]],
    ]);
    expect(split.orphanPart).toBe(UNASSIGNED_TEAM);
    expect(split.parts[1].orphans).toEqual({ entries: 1, adjustments: 0 });
    // without employees lacking a team, the orphans go to the first team
    const noUnassigned = splitMonthByTeam({
      rosterRecords: [rec(2, '0235', '一组'), rec(3, '0400', '二组')],
      entries: [entry(2, '9999')],
      adjustments: [],
    });
    expect(noUnassigned.orphanPart).toBe('一组');
    expect(noUnassigned.parts[0].entries).toHaveLength(1);
  });

  test('team names become safe file names', () => {
    expect(safeFileSegment('一组')).toBe('一组');
    expect(safeFileSegment('客服/夜班:A*?')).toBe('客服_夜班_A__');
    expect(safeFileSegment(' ..组.. ')).toBe('组');
    expect(safeFileSegment('CON')).toBe('CON_');
    expect(safeFileSegment('...')).toBe('_');
    expect(safeFileSegment('a\u0001b')).toBe('a_b');
  });

  test.each([
    ['一组/夜班', '一组_夜班'],
    ['A组', 'a组'],
  ])('two teams with one file name (%s, %s) are refused, naming both', (t1, t2) => {
    const rec = (row: number, team: string): RosterRecord => ({
      file: 'r.csv',
      row,
      id: String(row),
      name: 'x',
      team,
      position: '',
      joinDate: '2020-01-01',
      status: '',
    });
    let err: unknown;
    try {
      splitMonthByTeam({ rosterRecords: [rec(2, t1), rec(3, t2)], entries: [], adjustments: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('SPLIT_FILE_NAME_CLASH');
    expect((err as Error).message).toContain(`「${t1}」与「${t2}」`);
  });

  test('the 说明 line of a team workbook reads back; a set missing parts is said', () => {
    const mark = { month: MONTH, index: 2, count: 3, team: '二组（白班）' };
    const text = splitPartNotice(mark, ['一组', '二组（白班）', '三组']);
    expect(parseSplitPartNotice(text)).toEqual(mark);
    expect(parseSplitPartNotice('本工作簿是别的东西')).toBeNull();
    const m = (index: number) => ({ month: MONTH, index, count: 3, team: `组${index}` });
    expect(splitReadNotices([m(1), m(2), m(3)], ['a', 'b', 'c'])).toEqual([]);
    expect(splitReadNotices([null], ['a'])).toEqual([]);
    const partial = splitReadNotices([m(1), m(3)], ['a.xlsx', 'c.xlsx']);
    expect(partial).toHaveLength(1);
    expect(partial[0]).toContain('3 个工作簿中的 2 个');
    expect(splitReadNotices([m(1), m(1), m(3)], ['a', 'a2', 'c'])).toHaveLength(1);
  });
});
