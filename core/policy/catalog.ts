import type { Category, Item, MinuteTier, Policy } from './types';

/** Lookups over a policy, built once per run. */
export class Catalog {
  readonly items = new Map<string, Item>();
  readonly categories = new Map<string, Category>();
  readonly groupPoints = new Map<string, number>();

  constructor(readonly policy: Policy) {
    for (const c of policy.categories) this.categories.set(c.id, c);
    for (const it of policy.items) this.items.set(it.code, it);
    for (const g of policy.groups) this.groupPoints.set(g.id, g.points);
  }

  item(code: string): Item | undefined {
    return this.items.get(code);
  }

  category(id: string): Category {
    return this.categories.get(id)!;
  }

  isAutomatic(code: string): boolean {
    return this.policy.escalation?.code === code;
  }
}

export function minuteTier(item: Item, minutes: number): MinuteTier | undefined {
  return item.minuteTiers?.find((t) => minutes > t.over && (t.upTo === undefined || minutes <= t.upTo));
}

/** "2–5" style text for a range or the fixed points, for messages and sheets. */
export function pointsText(item: Item): string {
  if (item.range) return `${item.range.min}–${item.range.max}`;
  if (item.minuteTiers) return item.minuteTiers.map((t) => t.points).join('/');
  return item.points === undefined ? '' : String(item.points);
}
