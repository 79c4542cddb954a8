/**
 * SPEC §5: quarterly and annual scores, ranking tiers, the last-place-two-quarters warning, the
 * rubric's multi-month grade streaks and 敬业奖. Pure: takes monthly results, returns figures.
 *
 * Rules stated here (and in the README):
 * - 季度得分 = the mean of the employee's monthly 总分 over the quarter's months that HAVE a score.
 *   A month without a score (no data for that month, or the employee is not in it) is listed as
 *   missing and is NOT counted as 0. 年度得分 = the mean of the employee's quarterly scores over the
 *   quarters that have at least one month, the missing ones listed likewise. Means are rounded half
 *   up to one decimal (scores keep at most one decimal); the annual mean uses the quarterly scores
 *   as shown (one decimal), so anyone can redo it from the printed figures.
 * - 排名档次: n employees ranked by score (best first). k_top = round(n × p / 100), k_bottom =
 *   round(n × q / 100) (half up). The top tier is everyone whose score is at least the k_top-th best
 *   score; the bottom tier is everyone whose score is strictly below the score at place n − k_bottom
 *   (so ties at a boundary all get the better tier); the top tier wins when both apply; the rest is
 *   the middle. Consequences: n = 1 or 2 with p = q = 20 → everyone in the middle (k = 0); all
 *   scores equal → everyone in the top tier.
 * - 试用期: 状态 试用, or 入职月数 ≤ probationMonths at the period's last scored month → the tier
 *   amount − probationDeduction (never below 0).
 * - 连续两次季度排名最后一名: last place (lowest quarterly score; ties for last all count as last) in
 *   two consecutive quarters. Without the earlier quarter's data the check says so in the notices.
 * - Grade streaks (policy warnings of type gradeStreak): the grade in N consecutive calendar months;
 *   a month without a score breaks the streak.
 * - 敬业奖: the award (default 100 yuan) for each scored month in which the employee has no leave
 *   (请假天数 0, or no leave row for that month). Only months that the leave data covers (months that
 *   occur in it) are judged; the others are listed as 无请假数据 and pay nothing.
 */
import type { Problem } from '../problems';
import type { Policy, RankingTiers, TierAmounts, WarningRule } from '../policy/types';
import type { Table } from '../input/table';
import { cellAt, isEmptyRow, requireColumns, RecordSchema } from '../input/table';
import { cleanText, monthFromIndex, monthIndex, parseEmployeeId, parseMonth, parseNumber } from '../values';
import { lastPlace } from '../scoring/last-place';

/** One employee's result in one month (from a MonthResult, a workbook, or kaohe score --json). */
export interface MonthScore {
  id: string;
  name: string;
  team: string;
  score: number;
  grade: string;
  tenureMonth: number;
  /** Roster 状态 (在职/试用/…), when known. */
  status?: string;
}

export interface MonthScores {
  month: string;
  employees: MonthScore[];
}

export type Period = { kind: 'quarter'; year: number; quarter: number } | { kind: 'year'; year: number };

export type TierName = 'top' | 'middle' | 'bottom';
export const TIER_LABEL: Record<TierName, string> = { top: '前列', middle: '中间', bottom: '末尾' };

/** '2026Q4' / '2026-Q4' / '2026年第4季度' → a quarter; null when not one. */
export function parseQuarter(text: string): Period | null {
  const m = /^(\d{4})\s*(?:-|年)?\s*(?:Q|q|第)\s*([1-4])\s*(?:季度)?$/.exec(text.trim());
  return m ? { kind: 'quarter', year: Number(m[1]), quarter: Number(m[2]) } : null;
}

export function parseYear(text: string): Period | null {
  const m = /^(\d{4})\s*年?$/.exec(text.trim());
  return m ? { kind: 'year', year: Number(m[1]) } : null;
}

export function periodLabel(p: Period): string {
  return p.kind === 'quarter' ? `${p.year}Q${p.quarter}` : String(p.year);
}

export function periodTitle(p: Period): string {
  return p.kind === 'quarter' ? `${p.year}年第${p.quarter}季度` : `${p.year}年度`;
}

export function quarterMonths(year: number, quarter: number): string[] {
  return [0, 1, 2].map((i) => monthFromIndex(year * 12 + (quarter - 1) * 3 + i));
}

export function quarterOf(month: string): { year: number; quarter: number } {
  return { year: Number(month.slice(0, 4)), quarter: Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1 };
}

export function periodMonths(p: Period): string[] {
  return p.kind === 'quarter'
    ? quarterMonths(p.year, p.quarter)
    : [1, 2, 3, 4].flatMap((q) => quarterMonths(p.year, q));
}

/** Mean rounded half up to one decimal, computed in integer tenths (no float drift: 80.25 → 80.3). */
export function meanOneDecimal(values: number[]): number {
  if (values.length === 0) return NaN;
  const tenths = values.reduce((s, v) => s + Math.round(v * 10), 0);
  return Math.floor((tenths * 2 + values.length) / (2 * values.length)) / 10;
}

export interface QuarterScore {
  id: string;
  name: string;
  team: string;
  /** e.g. '2026Q4' */
  quarter: string;
  score: number;
  /** Monthly scores counted, by month. */
  months: { month: string; score: number; grade: string }[];
  missingMonths: string[];
  /** From the latest scored month. */
  tenureMonth: number;
  status?: string;
}

function latestByEmployee(months: MonthScores[]): Map<string, { month: string; e: MonthScore }> {
  const out = new Map<string, { month: string; e: MonthScore }>();
  for (const m of [...months].sort((a, b) => a.month.localeCompare(b.month))) {
    for (const e of m.employees) out.set(e.id, { month: m.month, e });
  }
  return out;
}

/** Quarterly scores of everyone with at least one scored month in the quarter. */
export function quarterScores(all: MonthScores[], year: number, quarter: number): QuarterScore[] {
  const qMonths = quarterMonths(year, quarter);
  const inQuarter = all.filter((m) => qMonths.includes(m.month));
  const latest = latestByEmployee(inQuarter);
  const byMonth = new Map(qMonths.map((month) => [month, new Map<string, MonthScore>()]));
  for (const m of inQuarter) for (const e of m.employees) byMonth.get(m.month)!.set(e.id, e);
  const out: QuarterScore[] = [];
  for (const [id, { e }] of latest) {
    const months = qMonths
      .map((month) => {
        const hit = byMonth.get(month)!.get(id);
        return hit ? { month, score: hit.score, grade: hit.grade } : null;
      })
      .filter((x): x is { month: string; score: number; grade: string } => x !== null);
    out.push({
      id,
      name: e.name,
      team: e.team,
      quarter: `${year}Q${quarter}`,
      score: meanOneDecimal(months.map((m) => m.score)),
      months,
      missingMonths: qMonths.filter((m) => !months.some((x) => x.month === m)),
      tenureMonth: e.tenureMonth,
      status: e.status,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export interface YearScore {
  id: string;
  name: string;
  team: string;
  year: number;
  score: number;
  quarters: { quarter: string; score: number; missingMonths: string[] }[];
  missingQuarters: string[];
  missingMonths: string[];
  tenureMonth: number;
  status?: string;
}

/** Annual scores: mean of the quarterly scores (as shown, one decimal) of the quarters with data. */
export function yearScores(all: MonthScores[], year: number): YearScore[] {
  const byQuarter = [1, 2, 3, 4].map((q) => new Map(quarterScores(all, year, q).map((s) => [s.id, s])));
  const ids = new Set(byQuarter.flatMap((m) => [...m.keys()]));
  const out: YearScore[] = [];
  for (const id of ids) {
    const qs = byQuarter.map((m) => m.get(id)).filter((q): q is QuarterScore => q !== undefined);
    const last = qs[qs.length - 1];
    out.push({
      id,
      name: last.name,
      team: last.team,
      year,
      score: meanOneDecimal(qs.map((q) => q.score)),
      quarters: qs.map((q) => ({ quarter: q.quarter, score: q.score, missingMonths: q.missingMonths })),
      missingQuarters: [1, 2, 3, 4].filter((q) => !byQuarter[q - 1].has(id)).map((q) => `${year}Q${q}`),
      missingMonths: periodMonths({ kind: 'year', year }).filter(
        (m) => !qs.some((q) => q.months.some((x) => x.month === m)),
      ),
      tenureMonth: last.tenureMonth,
      status: last.status,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export interface TierResult {
  id: string;
  tier: TierName;
  /** Place by score, best first; ties share the place (1, 2, 2, 4). */
  rank: number;
  probation: boolean;
  /** Tier amount (− probation deduction), or null when the policy has no amounts for this period. */
  amount: number | null;
}

/** The stated tie/small-team rule (see the file comment); returns one result per input, same order. */
export function assignTiers(
  scored: { id: string; score: number; tenureMonth: number; status?: string }[],
  tiers: RankingTiers,
  amounts: TierAmounts | null,
): TierResult[] {
  const n = scored.length;
  const sorted = scored.map((s) => s.score).sort((a, b) => b - a);
  const kTop = Math.min(n, Math.floor((n * tiers.topPercent) / 100 + 0.5 + 1e-9));
  const kBottom = Math.min(n, Math.floor((n * tiers.bottomPercent) / 100 + 0.5 + 1e-9));
  const topCut = kTop > 0 ? sorted[kTop - 1] : Infinity;
  // Bottom: strictly below the best score that is outside the bottom k (ties go to the better tier).
  const bottomCut = kBottom === 0 ? -Infinity : kBottom >= n ? Infinity : sorted[n - kBottom - 1];
  return scored.map((s) => {
    const tier: TierName = s.score >= topCut ? 'top' : s.score < bottomCut ? 'bottom' : 'middle';
    const probation = s.status === '试用' || s.tenureMonth <= tiers.probationMonths;
    const base = amounts ? amounts[tier] : null;
    return {
      id: s.id,
      tier,
      rank: sorted.indexOf(s.score) + 1,
      probation,
      amount: base === null ? null : Math.max(0, base - (probation ? tiers.probationDeduction : 0)),
    };
  });
}

/** Ids in last place (lowest score; all tied for last). */
export { lastPlace };

export interface StreakWarning {
  id: string;
  text: string;
  grade: string;
  months: string[];
}

/**
 * The policy's gradeStreak rules over a sequence of months: each maximal run of ≥ N consecutive
 * calendar months with that grade gives one warning naming the months. A missing month breaks a run.
 */
export function gradeStreakWarnings(policy: Policy, all: MonthScores[]): StreakWarning[] {
  const rules = policy.warnings.filter(
    (w): w is Extract<WarningRule, { type: 'gradeStreak' }> => w.type === 'gradeStreak',
  );
  if (rules.length === 0 || all.length === 0) return [];
  const sorted = [...all].sort((a, b) => a.month.localeCompare(b.month));
  const grades = new Map<string, Map<number, string>>();
  for (const m of sorted) {
    for (const e of m.employees) {
      if (!grades.has(e.id)) grades.set(e.id, new Map());
      grades.get(e.id)!.set(monthIndex(m.month), e.grade);
    }
  }
  const out: StreakWarning[] = [];
  const first = monthIndex(sorted[0].month);
  const last = monthIndex(sorted[sorted.length - 1].month);
  for (const [id, byMonth] of grades) {
    for (const rule of rules) {
      let run: number[] = [];
      const flush = () => {
        if (run.length >= rule.months)
          out.push({ id, text: rule.text, grade: rule.grade, months: run.map(monthFromIndex) });
        run = [];
      };
      for (let i = first; i <= last; i++) {
        if (byMonth.get(i) === rule.grade) run.push(i);
        else flush();
      }
      flush();
    }
  }
  return out;
}

// ---- 敬业奖 (attendance award) ----

export type LeaveKey = 'id' | 'month' | 'days';
export const LEAVE_SCHEMA: RecordSchema<LeaveKey> = {
  title: '请假记录',
  columns: [
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号'] },
    { key: 'month', header: '月份', required: true, aliases: ['考核月份'] },
    { key: 'days', header: '请假天数', required: true, aliases: ['请假(天)', '天数'] },
  ],
};

export interface LeaveData {
  /** `${id}\u0000${month}` → days (summed over rows). */
  days: Map<string, number>;
  /** Months that occur in the leave data: only these are judged. */
  months: Set<string>;
  problems: Problem[];
}

/** Reads a leave table (工号, 月份, 请假天数). Bad rows are listed, never dropped silently. */
export function readLeave(table: Table): LeaveData {
  const index = requireColumns(table, LEAVE_SCHEMA);
  const days = new Map<string, number>();
  const months = new Set<string>();
  const problems: Problem[] = [];
  table.rows.forEach((row, i) => {
    if (!row || isEmptyRow(row)) return;
    const r = table.firstRow + i;
    const id = parseEmployeeId(cellAt(row, index, 'id'));
    const month = parseMonth(cellAt(row, index, 'month'));
    const d = parseNumber(cellAt(row, index, 'days'));
    const bad = (column: string, code: string, message: string) =>
      problems.push({ file: table.file, row: r, column, code, message });
    if (id === '') return bad('工号', 'EMPLOYEE_ID_EMPTY', '工号为空：请填写员工工号。');
    if (!month)
      return bad(
        '月份',
        'LEAVE_MONTH_INVALID',
        `月份「${cleanText(cellAt(row, index, 'month'))}」无法识别：请填写如 2026-10 的月份。`,
      );
    if (d === null || Number.isNaN(d) || d < 0) {
      return bad(
        '请假天数',
        'LEAVE_DAYS_INVALID',
        `请假天数「${cleanText(cellAt(row, index, 'days'))}」无效：应为不小于0的数字（没有请假填0）。`,
      );
    }
    months.add(month);
    const key = `${id}\u0000${month}`;
    days.set(key, (days.get(key) ?? 0) + d);
  });
  return { days, months, problems };
}

function leaveDays(leave: LeaveData, id: string, month: string): number {
  const direct = leave.days.get(`${id}\u0000${month}`);
  if (direct !== undefined || !/^\d+$/.test(id)) return direct ?? 0;
  // 工号 that lost leading zeros in Excel ("7" for "0007").
  const bare = id.replace(/^0+(?=\d)/, '');
  let sum = 0;
  for (const [k, v] of leave.days) {
    const [kid, km] = k.split('\u0000');
    if (km === month && /^\d+$/.test(kid) && kid.replace(/^0+(?=\d)/, '') === bare) sum += v;
  }
  return sum;
}

export interface AttendanceAward {
  id: string;
  awardedMonths: string[];
  leaveMonths: { month: string; days: number }[];
  /** Scored months the leave data does not cover. */
  unknownMonths: string[];
  amount: number;
}

export const DEFAULT_ATTENDANCE_AWARD = 100;

/** 敬业奖 per employee over the scored months of the period. */
export function attendanceAwards(
  all: MonthScores[],
  months: string[],
  leave: LeaveData,
  perMonth = DEFAULT_ATTENDANCE_AWARD,
): Map<string, AttendanceAward> {
  const out = new Map<string, AttendanceAward>();
  for (const m of [...all].filter((x) => months.includes(x.month)).sort((a, b) => a.month.localeCompare(b.month))) {
    for (const e of m.employees) {
      const a = out.get(e.id) ?? { id: e.id, awardedMonths: [], leaveMonths: [], unknownMonths: [], amount: 0 };
      out.set(e.id, a);
      if (!leave.months.has(m.month)) a.unknownMonths.push(m.month);
      else {
        const d = leaveDays(leave, e.id, m.month);
        if (d > 0) a.leaveMonths.push({ month: m.month, days: d });
        else {
          a.awardedMonths.push(m.month);
          a.amount += perMonth;
        }
      }
    }
  }
  return out;
}

// ---- the whole period ----

export interface PeriodRow {
  id: string;
  name: string;
  team: string;
  score: number;
  /** Quarter: its months; year: its quarters. */
  parts: { label: string; score: number }[];
  missingMonths: string[];
  missingQuarters: string[];
  rank: number;
  tier: TierName;
  probation: boolean;
  tierAmount: number | null;
  attendance: AttendanceAward | null;
  warnings: string[];
}

export interface PeriodResult {
  period: string;
  title: string;
  months: string[];
  /** Months of the period with no data at all. */
  monthsWithoutData: string[];
  rows: PeriodRow[];
  notices: string[];
  leaveProblems: Problem[];
}

export interface PeriodInput {
  policy: Policy;
  period: Period;
  months: MonthScores[];
  leave?: LeaveData;
  attendanceAward?: number;
}

function quarterLast(all: MonthScores[], year: number, quarter: number): Set<string> | null {
  const months = quarterMonths(year, quarter);
  if (!all.some((m) => months.includes(m.month))) return null;
  return lastPlace(quarterScores(all, year, quarter));
}

function prevQuarter(year: number, quarter: number): { year: number; quarter: number } {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/** Everything `kaohe period` shows. Months outside the period are used only for the look-back warnings. */
export function computePeriod(input: PeriodInput): PeriodResult {
  const { policy, period } = input;
  const months = periodMonths(period);
  const present = new Set(input.months.map((m) => m.month));
  const notices: string[] = [];
  const monthsWithoutData = months.filter((m) => !present.has(m));
  if (monthsWithoutData.length > 0) {
    notices.push(`以下月份没有考核数据，不计入（不按0分计）：${monthsWithoutData.join('、')}。`);
  }

  let base: {
    id: string;
    name: string;
    team: string;
    score: number;
    parts: { label: string; score: number }[];
    missingMonths: string[];
    missingQuarters: string[];
    tenureMonth: number;
    status?: string;
  }[];
  if (period.kind === 'quarter') {
    base = quarterScores(input.months, period.year, period.quarter).map((q) => ({
      ...q,
      parts: q.months.map((m) => ({ label: m.month, score: m.score })),
      missingQuarters: [],
    }));
  } else {
    base = yearScores(input.months, period.year).map((y) => ({
      ...y,
      parts: y.quarters.map((q) => ({ label: q.quarter, score: q.score })),
    }));
  }
  const amounts = period.kind === 'quarter' ? policy.tiers.quarterly : null;
  if (period.kind === 'year') notices.push('考核方案未设年度档次金额：年度只给出排名档次，不给金额。');
  const tiers = assignTiers(base, policy.tiers, amounts);

  const warnings = new Map<string, string[]>();
  const warn = (id: string, text: string) => {
    if (!warnings.has(id)) warnings.set(id, []);
    warnings.get(id)!.push(text);
  };

  // 连续两次季度排名最后一名: every pair of consecutive quarters ending inside the period.
  const quarters =
    period.kind === 'quarter'
      ? [{ year: period.year, quarter: period.quarter }]
      : [1, 2, 3, 4].map((q) => ({ year: period.year, quarter: q }));
  for (const q of quarters) {
    const now = quarterLast(input.months, q.year, q.quarter);
    if (!now) continue;
    const p = prevQuarter(q.year, q.quarter);
    const before = quarterLast(input.months, p.year, p.quarter);
    if (!before) {
      if (period.kind === 'quarter' || q.quarter === 1)
        notices.push(`「${policy.tiers.lastTwoQuartersText}」检查：无上季度（${p.year}Q${p.quarter}）数据，未检查。`);
      continue;
    }
    for (const id of now)
      if (before.has(id))
        warn(id, `${policy.tiers.lastTwoQuartersText}（${p.year}Q${p.quarter}、${q.year}Q${q.quarter}）`);
  }
  // Grade streaks: runs that include at least one month of the period.
  for (const s of gradeStreakWarnings(policy, input.months)) {
    if (s.months.some((m) => months.includes(m)))
      warn(s.id, `${s.text}（连续${s.months.length}个月${s.grade}：${s.months.join('、')}）`);
  }

  let awards: Map<string, AttendanceAward> | null = null;
  if (input.leave) {
    awards = attendanceAwards(input.months, months, input.leave, input.attendanceAward ?? DEFAULT_ATTENDANCE_AWARD);
    const uncovered = months.filter((m) => present.has(m) && !input.leave!.months.has(m));
    if (uncovered.length > 0) notices.push(`请假数据不含以下月份，这些月份不评敬业奖：${uncovered.join('、')}。`);
  }

  const rows: PeriodRow[] = base.map((b, i) => ({
    id: b.id,
    name: b.name,
    team: b.team,
    score: b.score,
    parts: b.parts,
    missingMonths: b.missingMonths,
    missingQuarters: b.missingQuarters,
    rank: tiers[i].rank,
    tier: tiers[i].tier,
    probation: tiers[i].probation,
    tierAmount: tiers[i].amount,
    attendance: awards ? (awards.get(b.id) ?? null) : null,
    warnings: warnings.get(b.id) ?? [],
  }));
  rows.sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  return {
    period: periodLabel(period),
    title: periodTitle(period),
    months,
    monthsWithoutData,
    rows,
    notices,
    leaveProblems: input.leave?.problems ?? [],
  };
}

/** MonthScores from a scored month (EmployeeResult carries no 状态: pass the roster's when known). */
export function monthScoresOf(
  result: {
    month: string;
    employees: { id: string; name: string; team: string; score: number; grade: string; tenureMonth: number }[];
  },
  statusById?: Map<string, string>,
): MonthScores {
  return {
    month: result.month,
    employees: result.employees.map((e) => ({
      id: e.id,
      name: e.name,
      team: e.team,
      score: e.score,
      grade: e.grade,
      tenureMonth: e.tenureMonth,
      status: statusById?.get(e.id),
    })),
  };
}
