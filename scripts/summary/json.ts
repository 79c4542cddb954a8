/**
 * kaohe summary --json: the management summary's figures (core/periods/summary.ts) as one JSON
 * document, as score --json gives the scores. Maps become objects keyed by team, in roster order.
 */
import type { MonthSummary } from '../../core/periods/summary';
import type { EmployeeResult } from '../../core/scoring/monthly';
import type { AppealsReport } from '../closing/appeals-sheet';

const person = (e: EmployeeResult) => ({
  id: e.id,
  name: e.name,
  team: e.team,
  score: e.score,
  grade: e.grade,
  rank: e.rank,
});

function appealsJson(r: AppealsReport, names: ReadonlyMap<string, string>) {
  return {
    today: r.today,
    count: r.appeals.length,
    open: r.appeals.filter((a) => !a.outcome).length,
    overdue: r.overdue.map((o) => ({
      no: o.appeal.no,
      id: o.appeal.id,
      name: names.get(o.appeal.id) ?? '',
      filed: o.appeal.filed,
      due: o.due,
      state: o.state,
      outcome: o.appeal.outcome,
      handled: o.appeal.handled,
    })),
    problems: r.problems,
  };
}

export function summaryJson(s: MonthSummary, appeals?: AppealsReport, names: ReadonlyMap<string, string> = new Map()) {
  return {
    month: s.month,
    policy: s.policyName,
    headcount: s.headcount,
    mean: s.mean,
    max: s.max,
    min: s.min,
    /** Per grade (policy order): everyone, and per team. */
    grades: s.grades.map((g) => ({
      grade: g.grade,
      total: g.counts.get('') ?? 0,
      byTeam: Object.fromEntries(s.teams.map((t) => [t, g.counts.get(t) ?? 0])),
    })),
    teams: s.teamRows.map((t) => ({ ...t })),
    warnings: s.warnings.map((w) => ({ ...w })),
    top: s.top.map(person),
    bottom: s.bottom.map(person),
    previousMonth: s.previousMonth,
    changes: s.changes.map((c) => ({ ...c })),
    trend: s.trend.map((t) => ({ month: t.month, mean: t.mean, teamMeans: Object.fromEntries(t.teamMeans) })),
    notices: s.notices,
    ...(appeals ? { appeals: appealsJson(appeals, names) } : {}),
  };
}
