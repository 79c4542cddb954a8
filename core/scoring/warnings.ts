import { type Item, type Policy, type WarningRule, unreachable } from '../policy/types';
import { monthFromIndex, monthIndex } from '../values';
import { lastPlace } from './last-place';
import type { CountedEntry, EmployeeResult, PastMonth, Warning } from './types';

export type { PastMonth, Warning } from './types';

/** The warning rule `policy.warnings[index]` raises, as data (`name`: the item, for a category rule). */
export function warningOf(rule: WarningRule, index: number, name = ''): Warning {
  switch (rule.type) {
    case 'scoreBelow':
      return { code: rule.type, rule: index, below: rule.below };
    case 'lastPlaceStreak':
      return { code: rule.type, rule: index, months: rule.months, below: rule.below };
    case 'category':
      return { code: rule.type, rule: index, category: rule.category, name };
    case 'bonusConflict':
      return { code: rule.type, rule: index };
    case 'gradeStreak':
      return { code: rule.type, rule: index, grade: rule.grade, months: rule.months };
    default:
      return unreachable(rule);
  }
}

/** The text shown for a warning: the rule's text, with `{name}` filled in for a category warning. */
export function warningText(policy: Policy, w: Warning): string {
  const text = policy.warnings[w.rule].text;
  return w.code === 'category' ? text.replace('{name}', w.name) : text;
}

/**
 * The warning a text stands for: the first rule of the policy whose wording it is; null when none is.
 * Only for a `kaohe score --json` file written before the file carried warningDetails (text only):
 * a text can be ambiguous (two rules worded alike, a `{name}…` wording that every text starts with)
 * or be the wording of a policy that has changed since, which the structured form is not.
 */
export function warningFromText(policy: Policy, text: string): Warning | null {
  for (let rule = 0; rule < policy.warnings.length; rule++) {
    const r = policy.warnings[rule];
    if (r.type === 'category' && r.text.includes('{name}')) {
      const at = r.text.indexOf('{name}');
      const [prefix, suffix] = [r.text.slice(0, at), r.text.slice(at + '{name}'.length)];
      if (text.startsWith(prefix) && text.endsWith(suffix) && text.length >= prefix.length + suffix.length)
        return warningOf(r, rule, text.slice(prefix.length, text.length - suffix.length));
    } else if (text === r.text) {
      return warningOf(r, rule);
    }
  }
  return null;
}

/** Last place (lastPlace) and below the rule's score line. */
function lastPlaceIds(scores: { id: string; score: number }[], below: number): Set<string> {
  const last = lastPlace(scores);
  return new Set(scores.filter((s) => last.has(s.id) && s.score < below).map((s) => s.id));
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
  policy.warnings.forEach((rule, index) => {
    const warn = (r: EmployeeResult, name?: string) => {
      const w = warningOf(rule, index, name);
      r.warningDetails.push(w);
      r.warnings.push(warningText(policy, w));
    };
    switch (rule.type) {
      case 'scoreBelow':
        for (const r of results) if (r.score < rule.below) warn(r);
        break;
      case 'lastPlaceStreak': {
        const now = lastPlaceIds(results, rule.below);
        const earlier = Array.from({ length: rule.months - 1 }, (_, i) => back(i + 1));
        if (earlier.some((m) => !m)) {
          const who = results.filter((r) => now.has(r.id)).map((r) => `${r.id} ${r.name}`);
          notices.push(
            `「${rule.text}」检查：无上月数据${who.length ? `（本月末位且低于${rule.below}分：${who.join('、')}）` : ''}。`,
          );
          break;
        }
        const lastSets = earlier.map((m) => lastPlaceIds(m!.employees, rule.below));
        for (const r of results) if (now.has(r.id) && lastSets.every((s) => s.has(r.id))) warn(r);
        break;
      }
      case 'category':
        results.forEach((r, i) => {
          for (const name of new Set(facts.categoryItems(i, rule.category).map((it) => it.name))) warn(r, name);
        });
        break;
      case 'bonusConflict':
        for (const r of results) if (facts.conflicts.has(r.id)) warn(r);
        break;
      case 'gradeStreak': {
        const earlier = Array.from({ length: rule.months - 1 }, (_, i) => back(i + 1));
        if (earlier.some((m) => !m)) {
          if (results.some((r) => r.grade === rule.grade))
            notices.push(`「${rule.text}」（连续${rule.months}个月${rule.grade}）检查：前几个月数据不全，未检查。`);
          break;
        }
        const grades = earlier.map((m) => new Map(m!.employees.map((e) => [e.id, e.grade])));
        for (const r of results) if (r.grade === rule.grade && grades.every((g) => g.get(r.id) === rule.grade)) warn(r);
        break;
      }
    }
  });
}
