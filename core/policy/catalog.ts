import { unreachable, type Category, type Item, type MinuteTier, type MinuteTieredItem, type Policy } from './types';

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

/** The minute tiers of an item: its own when it is minute-tiered, none otherwise. */
export const tiersOf = (item: Item): readonly MinuteTier[] => (item.kind === 'minuteTiers' ? item.minuteTiers : []);

/** The tier of a minute-tiered item that `minutes` falls in. */
export function minuteTier(item: MinuteTieredItem, minutes: number): MinuteTier | undefined {
  return item.minuteTiers.find((t) => minutes > t.over && (t.upTo === undefined || minutes <= t.upTo));
}

/** "2–5" style text for a range or the fixed points, for messages and sheets. */
export function pointsText(item: Item): string {
  switch (item.kind) {
    case 'range':
      return `${item.range.min}–${item.range.max}`;
    case 'minuteTiers':
      return item.minuteTiers.map((t) => t.points).join('/');
    case 'fixed':
      return String(item.points);
    case 'unscored':
      return '';
    default:
      return unreachable(item);
  }
}
