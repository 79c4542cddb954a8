import type { Problem } from '../problems';
import type { Effect, Item } from '../policy/types';

/**
 * The data the scoring modules hand each other and their callers: a counted or voided entry, a
 * month's results, a warning, an earlier month. Kept apart from the rules that make them, so that no
 * two rule modules need to import each other.
 */

/** An entry that counts: its category is the derived one for minute-tiered items. */
export interface CountedEntry {
  file: string;
  row: number;
  date: string;
  employeeId: string;
  /** The employee's position in the roster. */
  rosterIndex: number;
  item: Item;
  count: number;
  category: string;
  /** The category's effect on the score (add, deduct, none) and whether it is a violation. */
  effect: Effect;
  violation: boolean;
  /** Points of one occurrence, in tenths, positive. */
  unitTenths: number;
  minutes: number | null;
  note: string;
}

export interface VoidedEntry {
  file: string;
  row: number;
  date: string | null;
  employeeId: string;
  /** The employee's position in the roster; −1 when not on it (then the entry is only counted as voided). */
  rosterIndex: number;
  code: string;
  reason: string;
  note: string;
}

/** One line of the explanation of a score; the signed points of all lines add up to 总分 − 基础分. */
export interface BreakdownLine {
  kind: 'entry' | 'voided' | 'escalation' | 'cap' | 'adjustment' | 'clamp';
  file: string;
  row: number;
  date: string;
  code: string;
  name: string;
  category: string;
  count: number;
  /** Signed points this line contributed (0 for voided lines and items without points). */
  points: number;
  /** The rule applied, in Chinese. */
  rule: string;
  /** 说明 as recorded on the entry ('' for lines that are not entries). */
  note: string;
}

export interface EmployeeResult {
  id: string;
  name: string;
  team: string;
  position: string;
  joinDate: string;
  base: number;
  bonus: number;
  deduction: number;
  escalation: number;
  adjustment: number;
  adjustmentReason: string;
  score: number;
  grade: string;
  tenureMonth: number;
  payFloat: number;
  rank: number;
  /** The warnings' text, as shown (the policy's wording). */
  warnings: string[];
  /**
   * warnings[i] as data (rule and parameters). null only for a month read from a `kaohe score --json`
   * file: an older file (text only) whose text is no rule's wording in the policy, or a warning of a
   * kind this version does not know.
   */
  warningDetails: (Warning | null)[];
  breakdown: BreakdownLine[];
}

export interface MonthCounts {
  entries: number;
  accepted: number;
  voided: number;
  rejected: number;
  adjustments: { read: number; accepted: number; rejected: number };
  roster: { read: number; accepted: number; rejected: number };
}

export interface MonthResult {
  month: string;
  policy: { id: string; name: string };
  employees: EmployeeResult[];
  rejected: Problem[];
  counts: MonthCounts;
  /** Notices about the data (not employee warnings), e.g. B01 given to more than one employee. */
  notices: string[];
}

/** An earlier month's results, as `kaohe score --json` printed them (only these fields are used). */
export interface PastMonth {
  month: string;
  employees: { id: string; score: number; grade: string }[];
}

/**
 * One warning of one employee, as data: which rule of `policy.warnings` fired (`rule` is its index in
 * the policy the month was scored with, `code` its type) and the rule's parameters as they were then
 * (the score line, the months, the grade; for a category warning the category and the item's name).
 * The Chinese text is the policy's own wording, filled in by `warningText` at the edge; a
 * `kaohe score --json` file carries both (warnings and warningDetails), so nothing reads a warning
 * back from its text except a file written before warningDetails existed.
 */
export type Warning =
  | { code: 'scoreBelow'; rule: number; below: number }
  | { code: 'lastPlaceStreak'; rule: number; months: number; below: number }
  | { code: 'category'; rule: number; category: string; name: string }
  | { code: 'bonusConflict'; rule: number }
  | { code: 'gradeStreak'; rule: number; grade: string; months: number };
