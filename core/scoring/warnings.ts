import type { Item, Policy } from '../policy/types';
import { monthFromIndex, monthIndex } from '../values';
import type { CountedEntry } from './entries';
import type { EmployeeResult } from './monthly';

/** An earlier month's results, as `kaohe score --json` printed them (only these fields are used). */
export interface PastMonth {
  month: string;
  employees: { id: string; score: number; grade: string }[];
}

function lastPlaceIds(scores: { id: string; score: number }[], below: number): Set<string> {
  if (scores.length === 0) return new Set();
  const min = Math.min(...scores.map((s) => s.score));
  return new Set(scores.filter((s) => s.score === min && s.score < below).map((s) => s.id));
}

/**
 * Adds each employee's warnings in the policy's order (for management; nothing here decides a
 * dismissal). Multi-month rules look back at `history`; a missing month is said in the notices.
 */
export function monthWarnings(
  policy: Policy,
  month: string,
  results: EmployeeResult[],
  facts: {
    /** The different items of a category in the month of results[i], in row order. */
    categoryItems: (i: number, category: string) => Item[];
    /** Employees whose bonus was refused because of a violation, by 工号. */
    conflicts: ReadonlyMap<string, CountedEntry[]>;
  },
  history: PastMonth[],
  notices: string[],
): void {
  const past = new Map(history.map((h) => [h.month, h]));
  const back = (k: number) => past.get(monthFromIndex(monthIndex(month) - k));
  for (const rule of policy.warnings) {
    switch (rule.type) {
      case 'scoreBelow':
        for (const r of results) if (r.score < rule.below) r.warnings.push(rule.text);
        break;
      case 'lastPlaceStreak': {
        const now = lastPlaceIds(results, rule.below);
        const earlier = Array.from({ length: rule.months - 1 }, (_, i) => back(i + 1));
        if (earlier.some((m) => !m)) {
          const who = results.filter((r) => now.has(r.id)).map((r) => `${r.id} ${r.name}`);
          notices.push(`「${rule.text}」检查：无上月数据${who.length ? `（本月末位且低于${rule.below}分：${who.join('、')}）` : ''}。`);
          break;
        }
        const lastSets = earlier.map((m) => lastPlaceIds(m!.employees, rule.below));
        for (const r of results) if (now.has(r.id) && lastSets.every((s) => s.has(r.id))) r.warnings.push(rule.text);
        break;
      }
      case 'category':
        results.forEach((r, i) => {
          for (const name of new Set(facts.categoryItems(i, rule.category).map((it) => it.name))) r.warnings.push(rule.text.replace('{name}', name));
        });
        break;
      case 'bonusConflict':
        for (const r of results) if (facts.conflicts.has(r.id)) r.warnings.push(rule.text);
        break;
      case 'gradeStreak': {
        const earlier = Array.from({ length: rule.months - 1 }, (_, i) => back(i + 1));
        if (earlier.some((m) => !m)) {
          if (results.some((r) => r.grade === rule.grade)) notices.push(`「${rule.text}」（连续${rule.months}个月${rule.grade}）检查：前几个月数据不全，未检查。`);
          break;
        }
        const grades = earlier.map((m) => new Map(m!.employees.map((e) => [e.id, e.grade])));
        for (const r of results) if (r.grade === rule.grade && grades.every((g) => g.get(r.id) === rule.grade)) r.warnings.push(rule.text);
        break;
      }
    }
  }
}
