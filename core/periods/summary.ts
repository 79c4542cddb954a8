/**
 * The management summary of one month (管理汇总): grade distribution by team, team averages, the
 * warnings with each case's reason, top and bottom 5, and the change against earlier months.
 * Pure: takes scored months, returns figures. Stated rules:
 * - 占比 = count / the group's head count, shown with one decimal of a percent.
 * - 平均分 = mean of 总分, rounded half up to one decimal.
 * - 前5名 / 后5名: the 5 best / worst by 总分; everyone tied with the 5th is included (so the list can
 *   be longer than 5); with fewer than 10 people the two lists can overlap.
 * - 环比: against the latest earlier month given; employees not in that month show 上月 as empty.
 */
import { type Policy, unreachable } from '../policy/types';
import type { EmployeeResult, MonthResult } from '../scoring/monthly';
import type { Warning } from '../scoring/warnings';
import { meanOneDecimal, MonthScores } from './index';

export interface GradeRow {
  grade: string;
  /** team → count; '' is the 合计 column. */
  counts: Map<string, number>;
}

export interface TeamRow {
  team: string;
  count: number;
  mean: number;
  max: number;
  min: number;
  previousMean: number | null;
  change: number | null;
}

export interface WarningCase {
  id: string;
  name: string;
  team: string;
  score: number;
  grade: string;
  /** The rule's type (scoreBelow, lastPlaceStreak, category, bonusConflict, gradeStreak); null for a text no rule has. */
  code: Warning['code'] | null;
  warning: string;
  reason: string;
}

export interface ChangeRow {
  id: string;
  name: string;
  team: string;
  previous: number | null;
  previousGrade: string;
  score: number;
  grade: string;
  change: number | null;
}

export interface MonthSummary {
  month: string;
  policyName: string;
  headcount: number;
  mean: number;
  max: number;
  min: number;
  teams: string[];
  grades: GradeRow[];
  teamRows: TeamRow[];
  warnings: WarningCase[];
  top: EmployeeResult[];
  bottom: EmployeeResult[];
  previousMonth: string | null;
  changes: ChangeRow[];
  /** Team means per month, oldest first (the current month last). */
  trend: { month: string; teamMeans: Map<string, number | null>; mean: number }[];
  notices: string[];
}

export const NO_TEAM = '（未分组）';
const teamOf = (t: string) => (t === '' ? NO_TEAM : t);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The lowest score of an earlier month (for the 连续两月末位 reason). */
function lowest(m: MonthScores | undefined): number | null {
  if (!m || m.employees.length === 0) return null;
  return Math.min(...m.employees.map((e) => e.score));
}

/**
 * Why the warning was raised, from the warning's own data (the rule's parameters as the month was
 * scored, which a month read from a score JSON file keeps even if the policy has changed since).
 */
function reasonFor(
  w: Warning,
  emp: EmployeeResult,
  policy: Policy,
  previous: MonthScores | undefined,
  notes: (file: string, row: number) => string,
): string {
  switch (w.code) {
    case 'scoreBelow':
      return `总分 ${emp.score} 分，低于 ${w.below} 分`;
    case 'lastPlaceStreak': {
      const prev = previous?.employees.find((e) => e.id === emp.id);
      const low = lowest(previous);
      return `本月 ${emp.score} 分为末位${prev && low !== null ? `；上月（${previous!.month}）${prev.score} 分也为末位` : '；上月也为末位'}；两月均低于 ${w.below} 分`;
    }
    case 'category': {
      // A rule whose text has no {name} names no item: every entry line is the reason.
      const rule = policy.warnings[w.rule];
      const unnamed = rule?.type === 'category' && rule.category === w.category && !rule.text.includes('{name}');
      const lines = emp.breakdown.filter((b) => b.kind === 'entry' && (unnamed || w.name === '' || b.name === w.name));
      if (lines.length) {
        return lines
          .map((b) => {
            const n = notes(b.file, b.row);
            return `${b.date} ${b.code} ${b.name}${n ? `（${n}）` : ''}（${b.file} 第${b.row}行）`;
          })
          .join('；');
      }
      return '考核记录中有此项';
    }
    case 'bonusConflict':
      return '当月有违规记录，要求“当月无违规”的加分未计入（该行已退回）';
    case 'gradeStreak':
      return `连续 ${w.months} 个月等级为「${w.grade}」`;
    default:
      return unreachable(w);
  }
}

function topN(
  list: EmployeeResult[],
  n: number,
  better: (a: EmployeeResult, b: EmployeeResult) => number,
): EmployeeResult[] {
  const sorted = [...list].sort((a, b) => better(a, b) || a.id.localeCompare(b.id));
  if (sorted.length <= n) return sorted;
  const cut = sorted[n - 1].score;
  return sorted.filter((e, i) => i < n || e.score === cut);
}

export function summarizeMonth(
  result: MonthResult,
  policy: Policy,
  earlier: MonthScores[],
  notes: (file: string, row: number) => string = () => '',
): MonthSummary {
  const emps = result.employees;
  // Teams in roster order (the order HR lists them), not alphabetical.
  const teams = [...new Set(emps.map((e) => teamOf(e.team)))];
  const grades: GradeRow[] = policy.grades.map((g) => {
    const counts = new Map<string, number>([['', 0]]);
    for (const t of teams) counts.set(t, 0);
    for (const e of emps) {
      if (e.grade !== g.name) continue;
      counts.set('', counts.get('')! + 1);
      counts.set(teamOf(e.team), counts.get(teamOf(e.team))! + 1);
    }
    return { grade: g.name, counts };
  });
  const prior = [...earlier].filter((m) => m.month < result.month).sort((a, b) => a.month.localeCompare(b.month));
  const previous = prior[prior.length - 1];
  const prevTeamMean = (t: string) => {
    if (!previous) return null;
    const s = previous.employees.filter((e) => teamOf(e.team) === t).map((e) => e.score);
    return s.length ? meanOneDecimal(s) : null;
  };
  const teamRows: TeamRow[] = teams.map((t) => {
    const s = emps.filter((e) => teamOf(e.team) === t).map((e) => e.score);
    const mean = meanOneDecimal(s);
    const prev = prevTeamMean(t);
    return {
      team: t,
      count: s.length,
      mean,
      max: Math.max(...s),
      min: Math.min(...s),
      previousMean: prev,
      change: prev === null ? null : round1(mean - prev),
    };
  });
  const warnings: WarningCase[] = [];
  for (const e of [...emps].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id))) {
    e.warnings.forEach((text, i) => {
      const w = e.warningDetails[i] ?? null;
      warnings.push({
        id: e.id,
        name: e.name,
        team: e.team,
        score: e.score,
        grade: e.grade,
        code: w?.code ?? null,
        warning: text,
        reason: w ? reasonFor(w, e, policy, previous, notes) : '',
      });
    });
  }
  const prevById = new Map((previous?.employees ?? []).map((e) => [e.id, e]));
  const changes: ChangeRow[] = previous
    ? [...emps]
        .sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id))
        .map((e) => {
          const p = prevById.get(e.id);
          return {
            id: e.id,
            name: e.name,
            team: e.team,
            previous: p ? p.score : null,
            previousGrade: p?.grade ?? '',
            score: e.score,
            grade: e.grade,
            change: p ? round1(e.score - p.score) : null,
          };
        })
    : [];
  const trendOf = (m: MonthScores) => ({
    month: m.month,
    teamMeans: new Map(
      teams.map((t) => {
        const s = m.employees.filter((e) => teamOf(e.team) === t).map((e) => e.score);
        return [t, s.length ? meanOneDecimal(s) : null] as const;
      }),
    ),
    mean: meanOneDecimal(m.employees.map((e) => e.score)),
  });
  const scores = emps.map((e) => e.score);
  const notices: string[] = [];
  if (earlier.some((m) => m.month >= result.month)) notices.push('给出的以前月份中有不早于本月的数据，已忽略。');
  return {
    month: result.month,
    policyName: result.policy.name,
    headcount: emps.length,
    mean: emps.length ? meanOneDecimal(scores) : 0,
    max: emps.length ? Math.max(...scores) : 0,
    min: emps.length ? Math.min(...scores) : 0,
    teams,
    grades,
    teamRows,
    warnings,
    top: topN(emps, 5, (a, b) => b.score - a.score),
    bottom: topN(emps, 5, (a, b) => a.score - b.score),
    previousMonth: previous?.month ?? null,
    changes,
    trend: [...prior.map(trendOf), trendOf({ month: result.month, employees: emps.map((e) => ({ ...e })) })],
    notices,
  };
}
