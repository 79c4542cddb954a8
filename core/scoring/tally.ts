import type { Item, Policy } from '../policy/types';
import type { CountedEntry, VoidedEntry } from './entries';

/** One category in an employee's month: what escalation and the category warnings look at. */
export interface CategoryTally {
  /**
   * Different items, in row order. Within one category this is exactly "different items" for the
   * escalation rule: a minute-tiered item counts once per tier, and its tier is the category.
   */
  items: Item[];
  /** 次数 summed. */
  occurrences: number;
}

/** The categories some rule counts per employee, each with its slot in EmployeeTally.categories. */
export type TrackedCategories = ReadonlyMap<string, number>;

/**
 * One employee's month, summed during the single pass over the entries. A counted entry is not kept,
 * only its index among the month's records: a busy month has hundreds of thousands of entries, and an
 * object kept for each (about 30 MB for 200,000) only served the explanation of a score, which
 * rebuilds the entries from those indices when it is asked for.
 */
export class EmployeeTally {
  bonusTenths = 0;
  deductionTenths = 0;
  /** Deductions per rubric group (扣完为止 is applied when scoring). */
  groupTenths: Map<string, number> | null = null;
  /** By slot (TrackedCategories): only the categories some rule looks at. */
  categories: (CategoryTally | undefined)[] | null = null;
  /** Items held by at most one employee a month that this employee has (for the data notice). */
  singleHeld: Set<Item> | null = null;
  violation = false;
  /** Record indices of the counted entries, in the order they were counted. */
  readonly counted: number[] = [];
  readonly voided: VoidedEntry[] = [];
  /** Once-a-month items already counted: code → the entry that counted. */
  monthly: Map<string, CountedEntry> | null = null;
  /** Entries of items that need a month without violations: decided once the month is complete. */
  held: { entry: CountedEntry; index: number }[] | null = null;

  add(e: CountedEntry, index: number, tracked: TrackedCategories): void {
    const total = e.unitTenths * e.count;
    if (e.effect === 'add') this.bonusTenths += total;
    else if (e.effect === 'deduct') {
      this.deductionTenths += total;
      const group = e.item.group;
      if (group) {
        const groups = (this.groupTenths ??= new Map());
        groups.set(group, (groups.get(group) ?? 0) + total);
      }
    }
    const slot = tracked.get(e.category);
    if (slot !== undefined) {
      const cats = (this.categories ??= []);
      const c = (cats[slot] ??= { items: [], occurrences: 0 });
      c.occurrences += e.count;
      if (!c.items.includes(e.item)) c.items.push(e.item);
    }
    if (e.item.singleHolder) (this.singleHeld ??= new Set()).add(e.item);
    this.counted.push(index);
  }
}

/** Slots for the categories of the escalation triggers and the category warnings. */
export function trackedCategories(policy: Policy): TrackedCategories {
  const out = new Map<string, number>();
  const track = (category: string) => {
    if (!out.has(category)) out.set(category, out.size);
  };
  for (const t of policy.escalation?.triggers ?? []) track(t.category);
  for (const w of policy.warnings) if (w.type === 'category') track(w.category);
  return out;
}
