import type { GradeBand, PayFloat, Policy } from '../policy/types';
import { monthIndex } from '../values';

/** The first band (best first) whose lower bound holds; bounds are explicit about inclusiveness. */
export function gradeOf(score: number, grades: GradeBand[]): string {
  for (const g of grades) {
    if (g.min === undefined) return g.name;
    if (g.minInclusive === false ? score > g.min : score >= g.min) return g.name;
  }
  return grades[grades.length - 1].name;
}

/** 入职月数: the join month is month 1 (joined 2026-03-20 → March 1, April 2, May 3). */
export function tenureMonth(joinDate: string, month: string): number {
  return monthIndex(month) - monthIndex(joinDate.slice(0, 7)) + 1;
}

/** 绩效浮动 in yuan; 0 before the tenure month the policy starts floating pay from. */
export function payFloatOf(score: number, tenure: number, rule: PayFloat | null): number {
  if (!rule || tenure < rule.fromTenureMonth) return 0;
  const raw = Math.round((score - rule.pivot) * rule.perPoint * 10) / 10;
  const v = Math.min(rule.max, Math.max(rule.min, raw));
  return v === 0 ? 0 : v; // no -0 in JSON or cells
}

export function clampScore(tenths: number, policy: Policy): number {
  return Math.min(policy.scoreMax * 10, Math.max(policy.scoreMin * 10, tenths));
}

/** Competition ranking, best first: ties share the rank and the next rank skips (1, 2, 2, 4). */
export function competitionRanks(scores: number[]): number[] {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  const ranks = new Array<number>(scores.length);
  order.forEach(([s, i], pos) => {
    ranks[i] = pos > 0 && order[pos - 1][0] === s ? ranks[order[pos - 1][1]] : pos + 1;
  });
  return ranks;
}
