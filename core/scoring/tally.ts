import { unreachable, type Item, type Policy } from '../policy/types';
import type { CountedEntry, VoidedEntry } from './types';

/**
 * One category some rule counts (an escalation trigger, a category warning): per employee, the 次数
 * summed and which different items occurred, as bits. Within one category "different items" is
 * exactly the escalation rule's count: a minute-tiered item counts once per tier, and its tier is the
 * category.
 */
class CategoryCount {
  /** Bit position of each item that can land in this category. */
  private readonly bitOf = new Map<Item, number>();
  private readonly words: number;
  private readonly bits: Uint32Array;
  readonly distinct: Int32Array;
  readonly occurrences: Float64Array;

  constructor(
    readonly category: string,
    items: Item[],
    employees: number,
  ) {
    for (const it of items) this.bitOf.set(it, this.bitOf.size);
    this.words = Math.max(1, Math.ceil(items.length / 32));
    this.bits = new Uint32Array(employees * this.words);
    this.distinct = new Int32Array(employees);
    this.occurrences = new Float64Array(employees);
  }

  add(item: Item, at: number, count: number): void {
    this.occurrences[at] += count;
    const b = this.bitOf.get(item)!;
    const w = at * this.words + (b >>> 5);
    const mask = 1 << (b & 31);
    if ((this.bits[w] & mask) === 0) {
      this.bits[w] |= mask;
      this.distinct[at]++;
    }
  }
}

/** The categories an item can land in: its own, or its minute tiers'. */
function landsIn(it: Item): string[] {
  switch (it.kind) {
    case 'minuteTiers':
      return [...new Set(it.minuteTiers.map((t) => t.category))];
    case 'fixed':
    case 'range':
    case 'unscored':
      return [it.category];
    default:
      return unreachable(it);
  }
}

/**
 * The month's counted entries summed per employee, in flat arrays indexed by the employee's position
 * in the roster. A busy month has hundreds of thousands of entries spread over thousands of employees:
 * one object (with its own arrays and maps) per employee, touched at random by every entry, no longer
 * fits in the processor's cache at 5,000 employees, and the pass then slows down by more than the
 * number of entries grows. Counted entries are not kept either, only whose they are (`owner`): the
 * explanation of a score rebuilds them from the records when it is asked for.
 */
export class MonthTally {
  readonly bonusTenths: Float64Array;
  readonly deductionTenths: Float64Array;
  /** Deductions per rubric group (扣完为止 is applied when scoring). */
  private readonly groupTenths = new Map<string, Float64Array>();
  /** Employees with a counted violation this month (1), for the items that exclude violations. */
  readonly violation: Uint8Array;
  readonly counted: Int32Array;
  /** Per record: the roster position of the employee it counted for, −1 when it did not count. */
  readonly owner: Int32Array;
  private readonly tracked = new Map<string, CategoryCount>();
  /** Once-a-month items: per employee, 1 + the record index of the entry that counted. */
  private readonly monthlyFirst = new Map<Item, Int32Array>();
  /** Items held by at most one employee a month (for the data notice): their holders' positions. */
  readonly holders = new Map<Item, Set<number>>();
  private readonly voidedBy = new Map<number, VoidedEntry[]>();

  constructor(
    policy: Policy,
    readonly employees: number,
    records: number,
  ) {
    this.bonusTenths = new Float64Array(employees);
    this.deductionTenths = new Float64Array(employees);
    this.violation = new Uint8Array(employees);
    this.counted = new Int32Array(employees);
    this.owner = new Int32Array(records).fill(-1);
    for (const g of policy.groups) this.groupTenths.set(g.id, new Float64Array(employees));
    for (const category of trackedCategories(policy)) {
      const items = policy.items.filter((it) => landsIn(it).includes(category));
      this.tracked.set(category, new CategoryCount(category, items, employees));
    }
    for (const it of policy.items) if (it.frequency === 'monthly') this.monthlyFirst.set(it, new Int32Array(employees));
  }

  add(e: CountedEntry, index: number): void {
    const at = e.rosterIndex;
    const total = e.unitTenths * e.count;
    if (e.effect === 'add') this.bonusTenths[at] += total;
    else if (e.effect === 'deduct') {
      this.deductionTenths[at] += total;
      if (e.item.group !== undefined) this.groupTenths.get(e.item.group)![at] += total;
    }
    this.tracked.get(e.category)?.add(e.item, at, e.count);
    if (e.item.singleHolder) {
      let s = this.holders.get(e.item);
      if (!s) this.holders.set(e.item, (s = new Set()));
      s.add(at);
    }
    this.owner[index] = at;
    this.counted[at]++;
  }

  /**
   * Marks a once-a-month item as counted for the employee; when an earlier entry already counted,
   * returns that entry's record index (and marks nothing), otherwise −1.
   */
  claimMonthly(item: Item, at: number, index: number): number {
    const first = this.monthlyFirst.get(item)!;
    if (first[at] !== 0) return first[at] - 1;
    first[at] = index + 1;
    return -1;
  }

  addVoided(v: VoidedEntry): void {
    let list = this.voidedBy.get(v.rosterIndex);
    if (!list) this.voidedBy.set(v.rosterIndex, (list = []));
    list.push(v);
  }

  voided(at: number): VoidedEntry[] {
    return this.voidedBy.get(at) ?? [];
  }

  groupDeduction(group: string, at: number): number {
    return this.groupTenths.get(group)?.[at] ?? 0;
  }

  /** Different items, or occurrences (次数 summed), of one category in an employee's month. */
  categoryCount(category: string, at: number, counting: 'distinct' | 'occurrences'): number {
    const c = this.tracked.get(category);
    if (!c) return 0;
    return counting === 'occurrences' ? c.occurrences[at] : c.distinct[at];
  }
}

/** The categories of the escalation triggers and the category warnings: the ones counted per employee. */
function trackedCategories(policy: Policy): Set<string> {
  const out = new Set<string>();
  for (const t of policy.escalation?.triggers ?? []) out.add(t.category);
  for (const w of policy.warnings) if (w.type === 'category') out.add(w.category);
  return out;
}
