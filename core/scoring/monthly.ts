import { byPosition } from '../problems';
import { Catalog } from '../policy/catalog';
import { unreachable, type Item, type Policy } from '../policy/types';
import { AdjustmentRecord, Employee, EmployeeLookup, EntryRecord, Roster } from '../input/records';
import { fromTenths } from '../values';
import { CountedAdjustment, checkAdjustments } from './adjustments';
import { EntryCheck, checkEntries } from './entries';
import { clampScore, competitionRanks, gradeOf, payFloatOf, tenureMonth } from './standing';
import { monthWarnings } from './warnings';
import type { BreakdownLine, CountedEntry, EmployeeResult, MonthResult, PastMonth, VoidedEntry } from './types';

export type { BreakdownLine, EmployeeResult, MonthCounts, MonthResult } from './types';

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
  const item = e.item;
  switch (item.kind) {
    case 'minuteTiers':
      return `超时${e.minutes}分钟 → ${cat} ${unit}分${times}`;
    case 'range':
      return `${cat}，范围${item.range.min}–${item.range.max}分，本次${unit}分${times}`;
    case 'fixed':
    case 'unscored':
      if (catalog.category(e.category).effect === 'none') return `${cat}（不计分，列入预警）`;
      return `${cat} ${unit}分${item.frequency === 'monthly' ? '（每月一次）' : ''}${times}`;
    default:
      return unreachable(item);
  }
}

/** Scores one month for every employee on the roster who had joined by the end of the month. */
export function scoreMonth(input: MonthInput): MonthResult {
  const { policy, month, roster } = input;
  const catalog = new Catalog(policy);
  const lookup = new EmployeeLookup(roster.employees, roster);
  // Roster positions of the employees who had joined by the end of the month, in roster order.
  const scored = roster.employees.flatMap((e, at) => (tenureMonth(e.joinDate, month) >= 1 ? [at] : []));
  const check = checkEntries(input.entries, { catalog, month, lookup, invalidRosterIds: roster.invalidIds });
  const adj = checkAdjustments(input.adjustments ?? [], policy, month, lookup);

  const partial = scored.map((at) => {
    const emp = roster.employees[at];
    return scoreEmployee(emp, at, adj.byEmployee.get(emp.id), catalog, month, check);
  });
  const ranks = competitionRanks(partial.map((r) => r.score));
  partial.forEach((r, i) => (r.rank = ranks[i]));

  const notices: string[] = [];
  for (const [at, rows] of check.shadowedHits) {
    const e = roster.employees[at];
    const others = lookup
      .shadowed(at)
      .map((o) => `「${o.id} ${o.name}」`)
      .join('');
    notices.push(
      `数据提示：考核记录中工号「${e.id}」的 ${rows} 行计给了员工名单中的「${e.id} ${e.name}」；名单中还有${others}。Excel 会把数字格式单元格里的 007 变成 7：如果这些行指的是后者，请把工号列设为文本后填写完整的工号。`,
    );
  }
  for (const item of policy.items.filter((it) => it.singleHolder)) {
    const holders = [...(check.tally.holders.get(item) ?? [])].sort((x, y) => x - y).map((at) => roster.employees[at]);
    if (holders.length > 1) {
      notices.push(
        `数据提示：「${item.code} ${item.name}」本月给了${holders.length}人（${holders.map((h) => `${h.id} ${h.name}`).join('、')}），该项原则上每月仅一人，请核实。`,
      );
    }
  }
  // The different items of a category in an employee's month, in row order (for the category warnings).
  const categoryItems = (i: number, category: string): Item[] => {
    if (check.tally.categoryCount(category, scored[i], 'distinct') === 0) return [];
    return [
      ...new Set(
        check
          .countedEntries(scored[i])
          .filter((e) => e.category === category)
          .map((e) => e.item),
      ),
    ];
  };
  monthWarnings(policy, month, partial, { categoryItems, conflicts: check.conflicts }, input.history ?? [], notices);

  const rejected = [...roster.problems, ...check.problems, ...adj.problems].sort(byPosition);
  return {
    month,
    policy: { id: policy.id, name: policy.name },
    employees: partial,
    rejected,
    counts: {
      entries: input.entries.length,
      accepted: check.accepted,
      voided: check.voided,
      rejected: check.rejectedRows,
      adjustments: {
        read: (input.adjustments ?? []).length,
        accepted: adj.byEmployee.size,
        rejected: adj.rejectedRows,
      },
      roster: roster.counts,
    },
    notices,
  };
}

interface Explanation {
  counted: () => CountedEntry[];
  voided: VoidedEntry[];
  caps: { id: string; name: string; points: number; taken: number }[];
  escalation: { trigger: { category: string; atLeast: number } } | null;
  adjustment: CountedAdjustment | undefined;
  clampTenths: number;
}

function scoreEmployee(
  emp: Employee,
  at: number,
  adjustment: CountedAdjustment | undefined,
  catalog: Catalog,
  month: string,
  check: EntryCheck,
): EmployeeResult {
  const policy = catalog.policy;
  const tally = check.tally;
  const bonus = tally.bonusTenths[at];
  let deduction = tally.deductionTenths[at];
  // 扣完为止: a rubric section never goes below 0.
  const caps: Explanation['caps'] = [];
  for (const g of policy.groups) {
    const taken = tally.groupDeduction(g.id, at);
    if (taken > g.points * 10) {
      deduction -= taken - g.points * 10;
      caps.push({ id: g.id, name: g.name, points: g.points, taken });
    }
  }

  let escalation = 0;
  let fired: Explanation['escalation'] = null;
  const esc = policy.escalation;
  if (esc) {
    const trigger = esc.triggers.find((t) => tally.categoryCount(t.category, at, esc.counting) >= t.atLeast);
    if (trigger) {
      escalation = esc.points * 10;
      fired = { trigger };
    }
  }

  const adjTenths = adjustment?.tenths ?? 0;
  const raw = policy.base * 10 + bonus - deduction - escalation + adjTenths;
  const scoreTenths = clampScore(raw, policy);
  const score = fromTenths(scoreTenths);
  const tenure = tenureMonth(emp.joinDate, month);
  // The explanation is built when first read: scoring a month for the JSON report never needs it.
  let lines: BreakdownLine[] | undefined;
  const why: Explanation = {
    counted: () => check.countedEntries(at),
    voided: tally.voided(at),
    caps,
    escalation: fired,
    adjustment,
    clampTenths: scoreTenths - raw,
  };
  return {
    id: emp.id,
    name: emp.name,
    team: emp.team,
    position: emp.position,
    joinDate: emp.joinDate,
    base: policy.base,
    bonus: fromTenths(bonus),
    deduction: fromTenths(deduction),
    escalation: fromTenths(escalation),
    adjustment: fromTenths(adjTenths),
    adjustmentReason: adjustment?.reason ?? '',
    score,
    grade: gradeOf(score, policy.grades),
    tenureMonth: tenure,
    payFloat: payFloatOf(score, tenure, policy.payFloat),
    rank: 0,
    warnings: [],
    warningDetails: [],
    get breakdown() {
      return (lines ??= explain(why, catalog));
    },
  };
}

function explain(why: Explanation, catalog: Catalog): BreakdownLine[] {
  const policy = catalog.policy;
  const lines: BreakdownLine[] = [];
  const blank = { file: '', row: 0, date: '', code: '', name: '', category: '', count: 0, note: '' };
  for (const e of why.counted()) {
    const category = catalog.category(e.category);
    const sign = category.effect === 'add' ? 1 : category.effect === 'deduct' ? -1 : 0;
    lines.push({
      kind: 'entry',
      file: e.file,
      row: e.row,
      date: e.date,
      code: e.item.code,
      name: e.item.name,
      category: category.name,
      count: e.count,
      points: signed(sign * e.unitTenths * e.count),
      rule: entryRule(e, catalog),
      note: e.note,
    });
  }
  for (const v of why.voided) {
    lines.push({
      kind: 'voided',
      file: v.file,
      row: v.row,
      date: v.date ?? '',
      code: v.code,
      name: catalog.item(v.code)?.name ?? '',
      category: '',
      count: 0,
      points: 0,
      rule: `已作废，不计分（作废原因：${v.reason}）`,
      note: v.note,
    });
  }
  for (const c of why.caps) {
    lines.push({
      ...blank,
      kind: 'cap',
      code: c.id,
      name: c.name,
      points: signed(c.taken - c.points * 10),
      rule: `${c.name}满分${c.points}分，扣完为止（应扣${fromTenths(c.taken)}分，实扣${c.points}分）`,
    });
  }
  const esc = policy.escalation;
  if (esc && why.escalation) {
    const t = why.escalation.trigger;
    const cat = catalog.category(t.category).name;
    lines.push({
      ...blank,
      kind: 'escalation',
      code: esc.code,
      name: esc.name,
      count: 1,
      points: -esc.points,
      rule:
        esc.counting === 'distinct'
          ? `当月违反${cat}不同项目${t.atLeast}条或以上，追加扣${esc.points}分（每月一次）`
          : `当月${cat}共${t.atLeast}次或以上，追加扣${esc.points}分（每月一次）`,
    });
  }
  const adj = why.adjustment;
  if (adj) {
    lines.push({
      ...blank,
      kind: 'adjustment',
      file: adj.file,
      row: adj.row,
      name: '额外奖惩',
      count: 1,
      points: signed(adj.tenths),
      rule: `额外奖惩（理由：${adj.reason}）`,
    });
  }
  if (why.clampTenths !== 0) {
    const up = why.clampTenths > 0;
    lines.push({
      ...blank,
      kind: 'clamp',
      name: up ? '最低分' : '最高分',
      points: signed(why.clampTenths),
      rule: up ? `总分不低于${policy.scoreMin}分` : `当月总分最高按${policy.scoreMax}分计`,
    });
  }
  return lines;
}
