/**
 * What a payroll officer would swear by, for any month of spot-check rows (good and bad mixed):
 * every row is counted or rejected; each agent's fine is the rule applied to their serious count;
 * the fines of the lines add up to it; coverage names exactly the days and weeks without checks.
 */
import fc from 'fast-check';
import { presetPolicy } from '../../core/policy/presets';
import type { CheckKey } from '../../core/input/schemas';
import { CheckRecord, checkMonth, fineFor } from '../../core/qa/checks';
import { isoWeek, monthDays } from '../../core/qa/coverage';
import type { Cell } from '../../core/values';
import { roster } from '../core/fixtures';

const DAILY = presetPolicy('kefu-daily');
const ROSTER = roster([
  ['0101', '张三'],
  ['0102', '李四'],
  ['0103', '王五'],
]);
const KEYS: CheckKey[] = ['date', 'checker', 'role', 'id', 'ticket', 'recording', 'result', 'type', 'note'];

const rowArb = fc.record({
  date: fc.oneof(
    fc.integer({ min: 1, max: 30 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`),
    fc.constantFrom('2026-12-01', '11月3日', ''),
  ),
  checker: fc.constantFrom('赵领班', '钱部长', ''),
  role: fc.constantFrom('领班', '领班', '部长', '其他', '组长', ''),
  id: fc.constantFrom('0101', '0102', '103', '9999', ''),
  ticket: fc.constantFrom('T1', 'T2', 'T3', 'T4', ''),
  recording: fc.constantFrom('', 'R1'),
  result: fc.constantFrom('问题', '问题', '亮点', '无问题', '待定', ''),
  type: fc.constantFrom('地址填写错误', '维修站选错', '选错维修站', '无效承诺', '错误引导', '态度冷淡', ''),
});

describe('spot-check invariants (fast-check, fixed seed)', () => {
  test('read = counted + rejected; fine = rule(serious) = sum of the lines; coverage is exact', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 80 }), (rows) => {
        const records = rows.map((r, i) => {
          const rec = { file: 'c.csv', row: i + 2 } as CheckRecord;
          for (const k of KEYS) (rec as Record<string, Cell>)[k] = (r as Record<string, Cell>)[k] ?? null;
          return rec;
        });
        const res = checkMonth({ policy: DAILY, month: '2026-11', roster: ROSTER, records });
        expect(res.counts.read).toBe(rows.length);
        expect(res.counts.counted + res.counts.rejected).toBe(res.counts.read);
        expect(new Set(res.rejected.map((p) => p.row)).size).toBe(res.counts.rejected);
        expect(res.checks.length).toBe(res.counts.counted);
        for (const e of res.employees) {
          expect(e.fine).toBe(fineFor(e.serious, DAILY.qa!.fine));
          expect(e.checks.reduce((a, c) => a + c.fine, 0)).toBe(e.fine);
          expect(e.checks.filter((c) => c.result === '问题').length).toBe(e.problems);
          expect(e.checks.filter((c) => c.serious).length).toBe(e.serious);
        }
        const leaderDays = new Set(res.checks.filter((c) => c.role === '领班').map((c) => c.date));
        expect(res.coverage.missingDays).toEqual(monthDays('2026-11').filter((d) => !leaderDays.has(d)));
        const headWeeks = new Set(res.checks.filter((c) => c.role === '部长').map((c) => isoWeek(c.date)));
        expect(res.coverage.missingWeeks).toEqual(
          [...new Set(monthDays('2026-11').map(isoWeek))].filter((w) => !headWeeks.has(w)),
        );
      }),
      { numRuns: 60, seed: 1510 },
    );
  });
});
