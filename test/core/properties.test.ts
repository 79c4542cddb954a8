import fc from 'fast-check';
import { EmployeeLookup, EntryRecord } from '../../core/input/records';
import { gradeOf } from '../../core/scoring/standing';
import type { Cell } from '../../core/values';
import { DAILY, SUPERVISOR, adjustments, entries, roster, score } from './fixtures';

// Generated months, valid and invalid: the invariants a payroll officer would swear by.
const codes = [...DAILY.items.map((i) => i.code), 'X01', 'L99', '', 'b03', ' M01 '];
const supervisorCodes = SUPERVISOR.items.map((i) => i.code);
const cell = (...values: Cell[]) => fc.constantFrom(...values);

const entryRow = (ids: string[], codeList: string[]) =>
  fc.record({
    date: fc.oneof(
      fc.integer({ min: 1, max: 31 }).map((d) => `2026-10-${String(d).padStart(2, '0')}`),
      cell('2026/10/5', '2026年10月9日', 46300, '2026-11-01', '昨天', null, '2026-09-30'),
    ),
    id: fc.oneof(fc.constantFrom(...ids), cell('9999', '', null)),
    code: fc.constantFrom(...codeList),
    count: fc.oneof(cell(null, '', 1, 2, 3, '２', 0, -1, 1.5, 'x')),
    points: fc.oneof(cell(null, '', 1, 2, 3, 4, 5, 10, 2.5, 2.25, '五', -2)),
    minutes: fc.oneof(cell(null, 5, 10, 10.5, 25, 30, 31, 120, 0, 'abc')),
    status: fc.oneof(cell(null, '', '有效', '作废', '待定')),
    voidReason: fc.oneof(cell(null, '', '误录')),
  });

const month = (codeList: string[]) =>
  fc.integer({ min: 1, max: 12 }).chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `00${i + 1}` : String(100 + i)));
    return fc.record({
      ids: fc.constant(ids),
      rows: fc.array(entryRow(ids, codeList), { maxLength: 60 }),
      adj: fc.array(
        fc.record({
          month: cell('2026-10', '2026-09', 'x'),
          id: fc.constantFrom(...ids, '404'),
          value: cell(-6, -5, -2.5, 0, 3, 5, 5.5, 'abc', null),
          reason: cell('理由', '', null),
        }),
        { maxLength: 8 },
      ),
    });
  });

function build(
  m: { ids: string[]; rows: object[]; adj: object[] },
  policy = DAILY,
  permute?: (r: EntryRecord[]) => EntryRecord[],
) {
  const people = roster(
    m.ids.map((id, i) => [id, `员工${i}`, i === 1 ? '2026-09-20' : '2021-05-01'] as [string, string, string]),
  );
  let rows = entries(m.rows as never[]);
  if (permute) rows = permute(rows);
  return {
    rows,
    result: score({
      roster: people,
      entries: rows,
      adjustments: policy.adjustment ? adjustments(m.adj as never[]) : [],
      policy,
    }),
  };
}

describe('properties over generated months (客服日常考核)', () => {
  test('never throws; 0 ≤ score ≤ 110; |float| ≤ 300; grade agrees with the bands; one decimal at most', () => {
    fc.assert(
      fc.property(month(codes), (m) => {
        const { result } = build(m);
        for (const e of result.employees) {
          expect(e.score).toBeGreaterThanOrEqual(0);
          expect(e.score).toBeLessThanOrEqual(110);
          expect(Math.abs(e.payFloat)).toBeLessThanOrEqual(300);
          expect(e.grade).toBe(gradeOf(e.score, DAILY.grades));
          expect(Math.round(e.score * 10)).toBeCloseTo(e.score * 10, 9);
          if (e.tenureMonth < 3) expect(e.payFloat).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('nothing vanishes: accepted + voided + rejected = rows read, and every rejected row is reported', () => {
    fc.assert(
      fc.property(month(codes), (m) => {
        const { rows, result } = build(m);
        const c = result.counts;
        expect(c.accepted + c.voided + c.rejected).toBe(rows.length);
        const reportedRows = new Set(result.rejected.filter((p) => p.file === 'entries.csv').map((p) => p.row));
        expect(reportedRows.size).toBe(c.rejected);
        for (const p of result.rejected) {
          expect(p.row).toBeGreaterThanOrEqual(2);
          expect(p.column).not.toBe('');
          expect(p.code).toMatch(/^[A-Z_]+$/);
          expect(p.message).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(c.adjustments.accepted + c.adjustments.rejected).toBe(c.adjustments.read);
        // Every accepted entry is explained in its employee's breakdown.
        const lines = result.employees.flatMap((e) => e.breakdown);
        expect(lines.filter((b) => b.kind === 'entry')).toHaveLength(c.accepted);
        expect(lines.filter((b) => b.kind === 'voided').length).toBeLessThanOrEqual(c.voided);
      }),
      { numRuns: 300 },
    );
  });

  test('every score is explained: base + the breakdown lines = 总分', () => {
    fc.assert(
      fc.property(month(codes), (m) => {
        for (const e of build(m).result.employees) {
          const sum = e.breakdown.reduce((s, b) => s + b.points * 10, 0);
          expect(e.base * 10 + sum).toBeCloseTo(e.score * 10, 6);
          expect(e.bonus * 10 - e.deduction * 10 - e.escalation * 10 + e.adjustment * 10 + e.base * 10).toBeCloseTo(
            e.score * 10 - e.breakdown.filter((b) => b.kind === 'clamp').reduce((s, b) => s + b.points * 10, 0),
            6,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  test('the result does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(month(codes), fc.integer(), (m, seed) => {
        const shuffle = (rows: EntryRecord[]) => {
          const out = rows.slice();
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const a = build(m).result;
        const b = build(m, DAILY, shuffle).result;
        const view = (r: typeof a) =>
          r.employees.map((e) => [e.id, e.score, e.grade, e.payFloat, e.rank, [...e.warnings].sort()]);
        expect(view(b)).toEqual(view(a));
        expect(b.counts).toEqual(a.counts);
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties over generated months (客服主管岗位考核)', () => {
  test('0 ≤ score ≤ 100; no section below 0; never throws', () => {
    fc.assert(
      fc.property(month(supervisorCodes), (m) => {
        const { rows, result } = build(m, SUPERVISOR);
        for (const e of result.employees) {
          expect(e.score).toBeGreaterThanOrEqual(0);
          expect(e.score).toBeLessThanOrEqual(100);
          expect(e.deduction).toBeLessThanOrEqual(100);
          expect(e.payFloat).toBe(0);
          expect(e.grade).toBe(gradeOf(e.score, SUPERVISOR.grades));
        }
        expect(result.counts.accepted + result.counts.voided + result.counts.rejected).toBe(rows.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('工号 lookup', () => {
  // The rule, spelled out slowly: the exact text first; an all-digit 工号 that matches no one exactly
  // is tried without leading zeros, and only when that is not ambiguous.
  function reference(ids: string[], query: string): number {
    const exact = ids.indexOf(query);
    if (exact >= 0 || !/^\d+$/.test(query)) return exact;
    const strip = (s: string) => s.replace(/^0+(?=\d)/, '');
    const hits = ids.flatMap((id, i) => (/^\d+$/.test(id) && strip(id) === strip(query) ? [i] : []));
    return hits.length === 1 ? hits[0] : -1;
  }

  test('finds the same employee as the rule, for short and long, padded and unpadded 工号', () => {
    const id = fc.oneof(
      fc.stringOf(fc.constantFrom('0', '1', '7'), { minLength: 1, maxLength: 10 }),
      fc.constantFrom('A7', '7A', '０７', '123456789', '0123456789', '99999999', '00000000'),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 12 }), fc.array(id, { maxLength: 12 }), (ids, queries) => {
        const lookup = new EmployeeLookup(
          ids.map((x, i) => ({
            id: x,
            name: `员工${i}`,
            team: '',
            position: '',
            joinDate: '2020-01-01',
            status: '在职',
            file: 'r.csv',
            row: i + 2,
          })),
        );
        for (const q of [...ids, ...queries]) expect([q, lookup.indexOf(q)]).toEqual([q, reference(ids, q)]);
      }),
      { numRuns: 500 },
    );
  });
});
