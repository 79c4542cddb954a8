import { Problem, byPosition } from '../problems';
import { Catalog } from '../policy/catalog';
import type { Policy } from '../policy/types';
import { AdjustmentRecord, Employee, EmployeeLookup, EntryRecord, Roster } from '../input/records';
import { fromTenths } from '../values';
import { CountedAdjustment, checkAdjustments } from './adjustments';
import { CountedEntry, VoidedEntry, checkEntries } from './entries';
import { clampScore, competitionRanks, gradeOf, payFloatOf, tenureMonth } from './standing';
import { PastMonth, monthWarnings } from './warnings';

/** One line of the explanation of a score; the signed points of all lines add up to 总分 − 基础分. */
export interface BreakdownLine {
  kind: 'entry' | 'voided' | 'escalation' | 'cap' | 'adjustment' | 'clamp';
  file: string;
  row: number;
  date: string;
  code: string;
  name: string;
  category: string;
  count: number;
  /** Signed points this line contributed (0 for voided lines and items without points). */
  points: number;
  /** The rule applied, in Chinese. */
  rule: string;
}

export interface EmployeeResult {
  id: string;
  name: string;
  team: string;
  position: string;
  joinDate: string;
  base: number;
  bonus: number;
  deduction: number;
  escalation: number;
  adjustment: number;
  adjustmentReason: string;
  score: number;
  grade: string;
  tenureMonth: number;
  payFloat: number;
  rank: number;
  warnings: string[];
  breakdown: BreakdownLine[];
}

export interface MonthCounts {
  entries: number;
  accepted: number;
  voided: number;
  rejected: number;
  adjustments: { read: number; accepted: number; rejected: number };
  roster: { read: number; accepted: number; rejected: number };
}

export interface MonthResult {
  month: string;
  policy: { id: string; name: string };
  employees: EmployeeResult[];
  rejected: Problem[];
  counts: MonthCounts;
  /** Notices about the data (not employee warnings), e.g. B01 given to more than one employee. */
  notices: string[];
}

export interface MonthInput {
  policy: Policy;
  month: string;
  roster: Roster;
  entries: EntryRecord[];
  adjustments?: AdjustmentRecord[];
  /** Earlier months' results, for the multi-month warnings (any order). */
  history?: PastMonth[];
}

const signed = (tenths: number) => fromTenths(tenths);

function entryRule(e: CountedEntry, catalog: Catalog): string {
  const cat = catalog.category(e.category).name;
  const unit = fromTenths(e.unitTenths);
  const times = e.count > 1 ? ` × ${e.count}次` : '';
  if (e.item.minuteTiers) return `超时${e.minutes}分钟 → ${cat} ${unit}分${times}`;
  if (e.item.range) return `${cat}，范围${e.item.range.min}–${e.item.range.max}分，本次${unit}分${times}`;
  if (catalog.category(e.category).effect === 'none') return `${cat}（不计分，列入预警）`;
  return `${cat} ${unit}分${e.item.frequency === 'monthly' ? '（每月一次）' : ''}${times}`;
}

/** Scores one month for every employee on the roster who had joined by the end of the month. */
export function scoreMonth(input: MonthInput): MonthResult {
  const { policy, month, roster } = input;
  const catalog = new Catalog(policy);
  const employees = roster.employees.filter((e) => tenureMonth(e.joinDate, month) >= 1);
  const lookup = new EmployeeLookup(roster.employees);
  const joinDates = new Map(roster.employees.map((e) => [e.id, e.joinDate]));
  const check = checkEntries(input.entries, { catalog, month, lookup, invalidRosterIds: roster.invalidIds, joinDates });
  const adj = checkAdjustments(input.adjustments ?? [], policy, month, lookup);

  const countedBy = groupBy(check.counted, (e) => e.employeeId);
  const voidedBy = groupBy(check.voided, (e) => e.employeeId);

  const partial = employees.map((emp) => scoreEmployee(emp, countedBy.get(emp.id) ?? [], voidedBy.get(emp.id) ?? [], adj.byEmployee.get(emp.id), catalog, month));
  const ranks = competitionRanks(partial.map((r) => r.score));
  partial.forEach((r, i) => (r.rank = ranks[i]));

  const notices: string[] = [];
  for (const item of policy.items.filter((it) => it.singleHolder)) {
    const holders = employees.filter((emp) => (countedBy.get(emp.id) ?? []).some((e) => e.item.code === item.code));
    if (holders.length > 1) {
      notices.push(`数据提示：「${item.code} ${item.name}」本月给了${holders.length}人（${holders.map((h) => `${h.id} ${h.name}`).join('、')}），该项原则上每月仅一人，请核实。`);
    }
  }
  monthWarnings(policy, month, partial, countedBy, check.conflicts, input.history ?? [], notices);

  const rejected = [...roster.problems, ...check.problems, ...adj.problems].sort(byPosition);
  return {
    month,
    policy: { id: policy.id, name: policy.name },
    employees: partial,
    rejected,
    counts: {
      entries: input.entries.length,
      accepted: check.counted.length,
      voided: check.voided.length,
      rejected: check.rejectedRows,
      adjustments: { read: (input.adjustments ?? []).length, accepted: adj.byEmployee.size, rejected: adj.rejectedRows },
      roster: roster.counts,
    },
    notices,
  };
}

function scoreEmployee(
  emp: Employee,
  counted: CountedEntry[],
  voided: VoidedEntry[],
  adjustment: CountedAdjustment | undefined,
  catalog: Catalog,
  month: string,
): EmployeeResult {
  const policy = catalog.policy;
  const breakdown: BreakdownLine[] = [];
  let bonus = 0;
  let deduction = 0;
  const groupDeduction = new Map<string, number>();
  for (const e of counted) {
    const effect = catalog.category(e.category).effect;
    const total = e.unitTenths * e.count;
    const sign = effect === 'add' ? 1 : effect === 'deduct' ? -1 : 0;
    if (sign > 0) bonus += total;
    if (sign < 0) {
      deduction += total;
      if (e.item.group) groupDeduction.set(e.item.group, (groupDeduction.get(e.item.group) ?? 0) + total);
    }
    breakdown.push({
      kind: 'entry', file: e.file, row: e.row, date: e.date, code: e.item.code, name: e.item.name,
      category: catalog.category(e.category).name, count: e.count, points: signed(sign * total), rule: entryRule(e, catalog),
    });
  }
  for (const v of voided) {
    breakdown.push({
      kind: 'voided', file: v.file, row: v.row, date: v.date ?? '', code: v.code, name: catalog.item(v.code)?.name ?? '',
      category: '', count: 0, points: 0, rule: `已作废，不计分（作废原因：${v.reason}）`,
    });
  }
  // 扣完为止: a rubric section never goes below 0.
  for (const g of policy.groups) {
    const taken = groupDeduction.get(g.id) ?? 0;
    const limit = g.points * 10;
    if (taken > limit) {
      deduction -= taken - limit;
      breakdown.push({
        kind: 'cap', file: '', row: 0, date: '', code: g.id, name: g.name, category: '', count: 0,
        points: signed(taken - limit), rule: `${g.name}满分${g.points}分，扣完为止（应扣${fromTenths(taken)}分，实扣${g.points}分）`,
      });
    }
  }

  let escalation = 0;
  const esc = policy.escalation;
  if (esc) {
    const fired = esc.triggers.find((t) => {
      const hits = counted.filter((e) => e.category === t.category);
      const n = esc.counting === 'distinct' ? new Set(hits.map((e) => e.distinctKey)).size : hits.reduce((s, e) => s + e.count, 0);
      return n >= t.atLeast;
    });
    if (fired) {
      escalation = esc.points * 10;
      const cat = catalog.category(fired.category).name;
      breakdown.push({
        kind: 'escalation', file: '', row: 0, date: '', code: esc.code, name: esc.name, category: '', count: 1, points: -esc.points,
        rule: `当月违反${cat}${esc.counting === 'distinct' ? '不同项目' : '共'}${fired.atLeast}${esc.counting === 'distinct' ? '条' : '次'}或以上，追加扣${esc.points}分（每月一次）`,
      });
    }
  }

  const adjTenths = adjustment?.tenths ?? 0;
  if (adjustment) {
    breakdown.push({
      kind: 'adjustment', file: adjustment.file, row: adjustment.row, date: '', code: '', name: '额外奖惩', category: '', count: 1,
      points: signed(adjTenths), rule: `额外奖惩（理由：${adjustment.reason}）`,
    });
  }
  const raw = policy.base * 10 + bonus - deduction - escalation + adjTenths;
  const scoreTenths = clampScore(raw, policy);
  if (scoreTenths !== raw) {
    breakdown.push({
      kind: 'clamp', file: '', row: 0, date: '', code: '', name: scoreTenths > raw ? '最低分' : '最高分', category: '', count: 0,
      points: signed(scoreTenths - raw), rule: scoreTenths > raw ? `总分不低于${policy.scoreMin}分` : `当月总分最高按${policy.scoreMax}分计`,
    });
  }
  const score = fromTenths(scoreTenths);
  const tenure = tenureMonth(emp.joinDate, month);
  return {
    id: emp.id, name: emp.name, team: emp.team, position: emp.position, joinDate: emp.joinDate,
    base: policy.base, bonus: fromTenths(bonus), deduction: fromTenths(deduction), escalation: fromTenths(escalation),
    adjustment: fromTenths(adjTenths), adjustmentReason: adjustment?.reason ?? '',
    score, grade: gradeOf(score, policy.grades), tenureMonth: tenure, payFloat: payFloatOf(score, tenure, policy.payFloat),
    rank: 0, warnings: [], breakdown,
  };
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const bucket = out.get(k);
    if (bucket) bucket.push(t);
    else out.set(k, [t]);
  }
  return out;
}
