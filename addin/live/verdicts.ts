/**
 * The 核对 column's word for each input row, exactly as the Node generator writes it
 * (core/workbook/layout.ts CHECK): 计入, 作废, 退回, 本月已记录, 加分项冲突 — from the one problem-code
 * mapping both use (checkOfProblems). The 月度汇总 formulas exclude the rows marked 退回, so the add-in keeps this column current as HR types.
 */
import type { Problem } from '../../core/problems';
import { CHECK, checkOfProblems } from '../../core/workbook/layout';

export type SheetRole = 'roster' | 'entries' | 'adjustments';

/** Verdicts of one sheet's non-blank rows, from that sheet's problems (any other problem = 退回). */
export function verdicts(
  role: SheetRole,
  problems: Problem[],
  rows: Array<{ row: number; voided: boolean }>,
): Map<number, string> {
  const codes = new Map<number, string[]>();
  for (const p of problems) codes.set(p.row, [...(codes.get(p.row) ?? []), p.code]);
  const out = new Map<number, string>();
  for (const { row, voided } of rows) {
    const v = checkOfProblems(codes.get(row) ?? []);
    if (v !== undefined) out.set(row, v);
    else if (role === 'roster') continue;
    else out.set(row, role === 'entries' && voided ? CHECK.voided : CHECK.counted);
  }
  return out;
}
