/**
 * The last place of a month or quarter: everyone with the lowest score (all tied for last). The
 * one definition behind 连续两月末位 (core/scoring/warnings.ts) and 连续两季末位 (core/periods). The
 * monthly workbook states the same rule as a formula (score = MIN of the 总分 column).
 */
export function lastPlace(scored: readonly { id: string; score: number }[]): Set<string> {
  if (scored.length === 0) return new Set();
  const min = Math.min(...scored.map((s) => s.score));
  return new Set(scored.filter((s) => s.score === min).map((s) => s.id));
}
