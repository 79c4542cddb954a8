/**
 * 一致性检查: compares what the 月度汇总 formulas show with what core/ computes from the same sheets.
 * A difference means a formula was overwritten by hand, a helper column was damaged, a row lies
 * outside the formulas' ranges, or an employee is missing from the summary.
 */
import type { MonthResult, EmployeeResult } from '../../core/scoring/monthly';
import { SUMMARY_COLUMNS, SummaryHeader } from '../../core/workbook/sheets';
import { cleanText, normalizeHeader, parseEmployeeId, parseNumber } from '../../core/values';
import type { XCell } from '../excel/types';

export interface Difference {
  /** Excel row in 月度汇总 (0 when the employee has no row). */
  row: number;
  /** 0-based column, for click-to-select. */
  col: number;
  column: string;
  id: string;
  expected: string;
  actual: string;
  message: string;
}

type Field = { header: SummaryHeader; get: (e: EmployeeResult) => number | string; text?: boolean };

/** The computed columns of 月度汇总 (SUMMARY_COLUMNS with a core figure) and the core's value of each. */
const FIELDS: Field[] = SUMMARY_COLUMNS.filter((c) => 'field' in c).map((c) => {
  const field = (c as { field: keyof EmployeeResult }).field;
  return {
    header: c.header,
    get: (e: EmployeeResult) => (field === 'warnings' ? e.warnings.join('；') : (e[field] as number | string)),
    text: c.kind === 'text',
  };
});

const warningSet = (s: string) =>
  new Set(
    s
      .split(/[;；\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );

function same(field: Field, expected: number | string, actual: XCell): boolean {
  if (field.header === '预警') {
    const a = warningSet(cleanText(actual as string));
    const b = warningSet(String(expected));
    return a.size === b.size && [...a].every((x) => b.has(x));
  }
  if (field.text) return cleanText(actual as string) === String(expected);
  const n = parseNumber(actual as string);
  return n !== null && !Number.isNaN(n) && Math.abs(n - (expected as number)) < 1e-6;
}

/** `values` is the 月度汇总 used range from A1 (header row first). */
export function compareSummary(result: MonthResult, values: XCell[][]): Difference[] {
  const out: Difference[] = [];
  const header = (values[0] ?? []).map((h) => normalizeHeader(h));
  const at = (name: string) => header.indexOf(normalizeHeader(name));
  const idCol = at('工号');
  if (idCol < 0) {
    return [
      {
        row: 1,
        col: 0,
        column: '工号',
        id: '',
        expected: '工号',
        actual: '',
        message: '月度汇总第1行没有「工号」列：表头被改动，无法核对。请重新初始化（先删除或改名此表）。',
      },
    ];
  }
  const byId = new Map(result.employees.map((e) => [e.id, e]));
  const seen = new Set<string>();
  for (let i = 1; i < values.length; i++) {
    const row = i + 1;
    const id = parseEmployeeId(values[i][idCol] as string);
    if (id === '') continue;
    const e = byId.get(id);
    if (!e) {
      out.push({
        row,
        col: idCol,
        column: '工号',
        id,
        expected: '',
        actual: id,
        message: `第${row}行的工号「${id}」不在员工名单（或本月尚未入职）：请核对。`,
      });
      continue;
    }
    seen.add(id);
    for (const f of FIELDS) {
      const col = at(f.header);
      if (col < 0) continue;
      const expected = f.get(e);
      const actual = values[i][col];
      if (!same(f, expected, actual)) {
        out.push({
          row,
          col,
          column: f.header,
          id,
          expected: String(expected),
          actual: cleanText(actual as string),
          message: `${e.id} ${e.name} 的「${f.header}」：表中为「${cleanText(actual as string)}」，按规则应为「${expected}」。公式可能被手工改写，或记录超出了公式范围。`,
        });
      }
    }
  }
  for (const e of result.employees) {
    if (!seen.has(e.id))
      out.push({
        row: 0,
        col: idCol,
        column: '工号',
        id: e.id,
        expected: e.id,
        actual: '',
        message: `${e.id} ${e.name} 在员工名单中，但月度汇总没有这一行：请重新生成月度汇总。`,
      });
  }
  return out;
}
