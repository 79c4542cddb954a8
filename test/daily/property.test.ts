import fc from 'fast-check';
import { aggregate, Call } from './helpers';
import { DEFAULT_DAILY_SETTINGS, EXCEPTION_KEYS } from '../../core/daily/schema';
import { formatExportTime } from '../../scripts/daily/sample-export';
import { daysOfMonth, localSeconds } from '../../core/daily/datetime';

const T0 = localSeconds(2026, 10, 4)!;
const time = (offsetMin: number, style: number) => formatExportTime(T0 + offsetMin * 60, style);

/** A row of an export: mostly sensible, sometimes broken in the ways real exports are. */
const arbCall: fc.Arbitrary<Call> = fc
  .record({
    at: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    style: fc.integer({ min: 0, max: 3 }),
    received: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'blank', 'junk'),
    type: fc.constantFrom('报修', '报修', '报修', '咨询', '投诉', '表扬', '建议', '保修', ''),
    source: fc.constantFrom('住户', '住户', '供热办', '', '居委会'),
    station: fc.constantFrom('东城', '西城', ''),
    agent: fc.constantFrom('0101', '0102', '007', ''),
    accept: fc.option(fc.integer({ min: -5, max: 120 })),
    contact: fc.option(fc.integer({ min: -5, max: 200 })),
    done: fc.option(fc.integer({ min: -5, max: 600 })),
    status: fc.constantFrom('已完成', '已完成', '处理中', '待处理', '', '完成了'),
    noAnswer: fc.constantFrom('是', '否', '', '也许'),
    target: fc.constantFrom('维修人员', '收费人员', ''),
    visit: fc.option(fc.integer({ min: 0, max: 5 * 24 * 60 })),
    solved: fc.constantFrom('是', '否', ''),
    attitude: fc.constantFrom('满意', '一般', '不满意', '', '很好'),
    score: fc.constantFrom('', '1', '7', '10', '0', '十'),
    badDone: fc.boolean(),
    ticket: fc.integer({ min: 1, max: 400 }),
  })
  .map((c) => ({
    受理时间: c.received === 'ok' ? time(c.at, c.style) : c.received === 'junk' ? '昨天' : '',
    工单号: `T${c.ticket}`,
    工号: c.agent,
    来电类型: c.type,
    来源: c.source,
    维修站: c.station,
    接单时间: c.accept === null ? '' : time(c.at + c.accept, c.style),
    联系住户时间: c.contact === null ? '' : time(c.at + c.contact, c.style),
    完成时间: c.badDone && c.done !== null ? '2026-13-01 08:00' : c.done === null ? '' : time(c.at + c.done, c.style),
    状态: c.status,
    维修站无人接听: c.noAnswer,
    投诉对象: c.target,
    回访时间: c.visit === null ? '' : time(c.at + c.visit, c.style),
    是否解决: c.visit === null ? '' : c.solved,
    维修工态度: c.visit === null ? '' : c.attitude,
    评分: c.visit === null ? '' : c.score,
  }));

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe('reconciliation over generated exports (不得漏报、瞒报、虚报)', () => {
  test('each day: total = byType + problem rows; all days + unreadable = file rows; each row in exactly one place', () => {
    fc.assert(
      fc.property(fc.array(arbCall, { maxLength: 120 }), (calls) => {
        const agg = aggregate(calls);
        let daysTotal = 0;
        let counted = 0;
        const placed = new Set<number>();
        for (const day of agg.callDays) {
          const r = agg.report(day);
          expect(sum(r.byType) + r.problemRows.length).toBe(r.total);
          expect(sum(r.byStation)).toBe(sum(r.byType));
          expect(sum(r.byAgent)).toBe(sum(r.byType));
          expect(r.reconciliation.balanced).toBe(true);
          expect(r.completed).toBeLessThanOrEqual(r.repairs);
          expect(r.over4h).toBeLessThanOrEqual(r.completed);
          for (const k of EXCEPTION_KEYS) expect(r.exceptions[k].list).toHaveLength(r.exceptions[k].count);
          for (const p of r.problemRows) {
            expect(placed.has(p.row)).toBe(false);
            placed.add(p.row);
          }
          daysTotal += r.total;
          counted += sum(r.byType);
        }
        const unreadable = agg.report('2026-10-05').unreadable;
        for (const p of unreadable) {
          expect(placed.has(p.row)).toBe(false);
          placed.add(p.row);
        }
        expect(daysTotal + unreadable.length).toBe(calls.length);
        expect(agg.fileRows).toBe(calls.length);
        expect(counted + placed.size).toBe(calls.length);
      }),
      { numRuns: 150 },
    );
  });

  test('the figures do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(fc.array(arbCall, { maxLength: 60 }), fc.integer(), (calls, seed) => {
        // Distinct 工单号 so that "first one of a duplicate" does not depend on order.
        const unique = calls.map((c, i) => ({ ...c, 工单号: `U${i}` }));
        const shuffled = unique
          .map((c, i) => ({ c, k: (i * 7919 + seed) % 1009 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.c);
        const a = aggregate(unique);
        const b = aggregate(shuffled);
        expect(b.callDays).toEqual(a.callDays);
        for (const day of [...a.callDays, '2026-10-09']) {
          const ra = a.report(day);
          const rb = b.report(day);
          for (const k of [
            'total',
            'byType',
            'byStation',
            'byAgent',
            'repairs',
            'completed',
            'over4h',
            'visits',
            'solved',
            'attitude',
            'charged',
          ] as const) {
            expect(rb[k]).toEqual(ra[k]);
          }
          expect(rb.meanHandlingHours ?? -1).toBeCloseTo(ra.meanHandlingHours ?? -1, 9);
          expect(rb.meanScore ?? -1).toBeCloseTo(ra.meanScore ?? -1, 9);
          for (const k of EXCEPTION_KEYS) expect(rb.exceptions[k].count).toBe(ra.exceptions[k].count);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('every return visit of a readable call is counted on some day or listed as not countable (issue 13, item 7)', () => {
    fc.assert(
      fc.property(fc.array(arbCall, { maxLength: 80 }), (calls) => {
        const unique = calls.map((c, i) => ({ ...c, 工单号: `V${i}` }));
        const agg = aggregate(unique);
        let visits = 0;
        let unplaced = 0;
        for (const day of daysOfMonth('2026-10')) {
          const r = agg.report(day);
          visits += r.visits;
          unplaced += r.partProblems.filter((p) => p.message.includes('无法归入任何一天')).length;
          expect(sum(r.attitude)).toBe(r.visits);
          expect(r.solved).toBeLessThanOrEqual(r.visits);
        }
        const withVisit = (unique as Call[]).filter(
          (c) => c.回访时间 !== '' && !['', '昨天'].includes(String(c.受理时间)),
        ).length;
        expect(visits + unplaced).toBe(withVisit);
      }),
      { numRuns: 80 },
    );
  });

  test('a longer 接单时限 never makes more late 接单 (event 1)', () => {
    fc.assert(
      fc.property(
        fc.array(arbCall, { maxLength: 60 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 0, max: 60 }),
        (calls, m, extra) => {
          const short = aggregate(calls, { ...DEFAULT_DAILY_SETTINGS, acceptMinutes: m });
          const long = aggregate(calls, { ...DEFAULT_DAILY_SETTINGS, acceptMinutes: m + extra });
          for (const day of short.callDays) {
            expect(long.report(day).exceptions['1'].count).toBeLessThanOrEqual(short.report(day).exceptions['1'].count);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
