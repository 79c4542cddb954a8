/**
 * Per employee, what changed between two versions of a month's results (kaohe diff, slips
 * --changed-since): 总分, 等级, 绩效浮动, 名次, 预警 and the breakdown lines (entries counted, voided,
 * escalation, adjustment). An employee only in one version is listed as added or removed.
 */
import type { BreakdownLine, EmployeeResult, MonthResult } from '../scoring/monthly';

export interface FieldChange {
  field: '总分' | '等级' | '绩效浮动(元)' | '名次' | '预警' | '加分' | '扣分' | '追加扣分' | '额外奖惩';
  before: string | number;
  after: string | number;
}

export interface EmployeeDiff {
  id: string;
  name: string;
  status: 'changed' | 'added' | 'removed';
  fields: FieldChange[];
  /** Breakdown lines (as text) only in the old / only in the new version. */
  linesRemoved: string[];
  linesAdded: string[];
}

/** A breakdown line as one comparable text: 2026-10-03 L01 工作时间未使用普通话 −2 (第3行). */
export function lineText(b: BreakdownLine): string {
  const pts = b.points > 0 ? `+${b.points}` : `${b.points}`;
  const where = b.row > 0 ? `（第${b.row}行）` : '';
  const kind = b.kind === 'voided' ? '【已作废】' : '';
  return `${kind}${b.date ? `${b.date} ` : ''}${b.code ? `${b.code} ` : ''}${b.name} ${pts}${b.count > 1 ? ` ×${b.count}` : ''}${where}`.trim();
}

function fields(a: EmployeeResult, b: EmployeeResult): FieldChange[] {
  const out: FieldChange[] = [];
  const cmp = (field: FieldChange['field'], x: string | number, y: string | number) => {
    if (x !== y) out.push({ field, before: x, after: y });
  };
  cmp('总分', a.score, b.score);
  cmp('等级', a.grade, b.grade);
  cmp('绩效浮动(元)', a.payFloat, b.payFloat);
  cmp('名次', a.rank, b.rank);
  cmp('预警', a.warnings.join('；'), b.warnings.join('；'));
  cmp('加分', a.bonus, b.bonus);
  cmp('扣分', a.deduction, b.deduction);
  cmp('追加扣分', a.escalation, b.escalation);
  cmp('额外奖惩', a.adjustment, b.adjustment);
  return out;
}

function multisetDiff(a: string[], b: string[]): { removed: string[]; added: string[] } {
  const count = new Map<string, number>();
  for (const x of b) count.set(x, (count.get(x) ?? 0) + 1);
  const removed: string[] = [];
  for (const x of a) {
    const n = count.get(x) ?? 0;
    if (n > 0) count.set(x, n - 1);
    else removed.push(x);
  }
  const left = new Map<string, number>();
  for (const x of a) left.set(x, (left.get(x) ?? 0) + 1);
  const added: string[] = [];
  for (const x of b) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else added.push(x);
  }
  return { removed, added };
}

/** Employees whose results or breakdown differ, in the new version's rank order (removed ones last). */
export function diffResults(before: MonthResult, after: MonthResult): EmployeeDiff[] {
  const old = new Map(before.employees.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const out: EmployeeDiff[] = [];
  for (const e of after.employees.slice().sort((x, y) => x.rank - y.rank || x.id.localeCompare(y.id))) {
    seen.add(e.id);
    const o = old.get(e.id);
    if (!o) {
      out.push({
        id: e.id,
        name: e.name,
        status: 'added',
        fields: [],
        linesRemoved: [],
        linesAdded: e.breakdown.map(lineText),
      });
      continue;
    }
    const f = fields(o, e);
    const d = multisetDiff(o.breakdown.map(lineText), e.breakdown.map(lineText));
    if (f.length || d.removed.length || d.added.length)
      out.push({ id: e.id, name: e.name, status: 'changed', fields: f, linesRemoved: d.removed, linesAdded: d.added });
  }
  for (const o of before.employees) {
    if (!seen.has(o.id))
      out.push({
        id: o.id,
        name: o.name,
        status: 'removed',
        fields: [],
        linesRemoved: o.breakdown.map(lineText),
        linesAdded: [],
      });
  }
  return out;
}

/**
 * Whose slip changes: anyone whose numbers or breakdown changed, except a change of 名次 alone — then
 * the slip still differs (it shows 第N名), so it is re-issued too. Every listed employee counts.
 */
export function slipChanged(d: EmployeeDiff): boolean {
  return d.status !== 'removed';
}
