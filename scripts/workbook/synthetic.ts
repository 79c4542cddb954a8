/**
 * Seeded synthetic months for the bench and the tests: a roster and entries that exercise every rule
 * (range items, minute tiers, once-a-month items, voided and bad rows, adjustments).
 */
import type { AdjustmentRecord, EntryRecord, RosterRecord } from '../../core/input/records';
import { unreachable, type Policy } from '../../core/policy/types';
import type { MonthlyInputs } from '../month-inputs';
import { rng } from '../random';

export function syntheticMonth(
  policy: Policy,
  month: string,
  employees: number,
  entries: number,
  seed = 42,
): MonthlyInputs {
  const r = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const ids = Array.from({ length: employees }, (_, i) => String(i + 1).padStart(5, '0'));
  const teams = ['一组', '二组', '三组', '夜班组'];
  const rosterRecords: RosterRecord[] = ids.map((id, i) => ({
    file: '员工名单.csv',
    row: i + 2,
    id,
    name: `员工${i + 1}`,
    team: pick(teams),
    position: '客服',
    joinDate: i % 17 === 0 ? `${month}-0${1 + (i % 9)}` : `20${15 + (i % 11)}-0${1 + (i % 9)}-1${i % 10}`,
    status: '在职',
  }));
  const items = policy.items;
  const days = 28;
  const out: EntryRecord[] = [];
  for (let k = 0; k < entries; k++) {
    const item = r() < 0.35 ? pick(items.filter((it) => it.category !== 'bonus')) : pick(items);
    const id = pick(ids);
    const rec: EntryRecord = {
      file: '考核记录.csv',
      row: k + 2,
      date: `${month}-${String(1 + Math.floor(r() * days)).padStart(2, '0')}`,
      id,
      code: item.code,
      count: null,
      points: null,
      minutes: null,
      note: k % 50 === 0 ? '=HYPERLINK("http://x")' : '记录',
      recorder: '培训专员',
      status: null,
      voidReason: null,
    };
    switch (item.kind) {
      case 'range':
        rec.points =
          r() < 0.03 ? item.range.max + 1 : item.range.min + Math.floor(r() * (item.range.max - item.range.min + 1));
        break;
      case 'minuteTiers':
        rec.minutes = 1 + Math.floor(r() * 50);
        break;
      case 'fixed':
      case 'unscored':
        break;
      default:
        unreachable(item);
    }
    if (item.frequency === 'each' && r() < 0.1) rec.count = 2;
    if (r() < 0.02) {
      rec.status = '作废';
      rec.voidReason = '录入错误';
    }
    if (r() < 0.005) rec.id = '99999';
    out.push(rec);
  }
  const adjustments: AdjustmentRecord[] = [];
  for (let i = 0; i < Math.floor(employees / 10); i++) {
    adjustments.push({
      file: '额外奖惩.csv',
      row: i + 2,
      month,
      id: pick(ids),
      value: Math.round((r() * 12 - 6) * 2) / 2,
      reason: i % 7 === 0 ? '' : '表现',
    });
  }
  return {
    policy,
    month,
    rosterRecords,
    entries: out,
    adjustments,
    history: [],
    sources: { roster: '员工名单.csv', entries: '考核记录.csv', adjustments: '额外奖惩.csv' },
  };
}
