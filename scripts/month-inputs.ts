import * as path from 'path';
import { InputError } from '../core/problems';
import { AdjustmentRecord, EntryRecord, RosterRecord, assertScorableMonth, readRoster } from '../core/input/records';
import { ADJUSTMENT_SCHEMA, ENTRY_SCHEMA, ROSTER_SCHEMA } from '../core/input/schemas';
import type { Policy } from '../core/policy/types';
import { MonthResult, scoreMonth } from '../core/scoring/monthly';
import type { PastMonth } from '../core/scoring/warnings';
import { SHEET } from '../core/workbook/sheets';
import { readInputRecords } from './import/table';
import { readJsonObject } from './import/json';
import { checkPastScores, parsePastMonth } from '../core/scoring/history';

export interface MonthFiles {
  roster: string;
  entries: string;
  adjustments?: string;
  previous: string[];
}

/**
 * Reads an earlier `kaohe score --json` output (only month and each employee's id, score, grade).
 * With `before` (the appraised month), a file of that month or a later one is refused: it is almost
 * always this month's output given by mistake, and would silently mean "no data for last month".
 */
export async function readPastMonthBefore(file: string, before?: string): Promise<PastMonth> {
  const doc = await readJsonObject(file, '上月结果文件', ' kaohe score --json 的输出', 'PREVIOUS_INVALID');
  return parsePastMonth(doc, path.basename(file), before);
}

/** The --previous files for `month`: each must be an earlier month, and no month twice; checked against the policy when given. */
export async function readPastMonths(files: string[], month: string, policy?: Policy): Promise<PastMonth[]> {
  const out: PastMonth[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const past = await readPastMonthBefore(f, month);
    if (policy) checkPastScores(past, policy, path.basename(f));
    const prev = seen.get(past.month);
    if (prev)
      throw new InputError(
        `${path.basename(prev)} 与 ${path.basename(f)} 都是 ${past.month} 的结果：每个月只能给一个 --previous 文件。`,
        'PREVIOUS_DUPLICATE',
      );
    seen.set(past.month, f);
    out.push(past);
  }
  return out;
}

/** A month's inputs as read, before scoring: from input files here, or from a monthly workbook (readWorkbookInputs). */
export interface MonthlyInputs {
  policy: Policy;
  month: string;
  rosterRecords: RosterRecord[];
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
  history: PastMonth[];
  /** What the importers could not read as data and said so (columns, sheets), in Chinese. */
  notices?: string[];
  sources?: { roster?: string; entries?: string; adjustments?: string; previous?: string[] };
}

/** Reads the roster, entries, adjustments and earlier results, refusing a month that cannot be scored. */
export async function readMonthlyInputs(files: MonthFiles, policy: Policy, month: string): Promise<MonthlyInputs> {
  const notices: string[] = [];
  const rosterRecords = await readInputRecords(files.roster, ROSTER_SCHEMA, SHEET.roster, notices);
  const entries = await readInputRecords(files.entries, ENTRY_SCHEMA, SHEET.entries, notices);
  const adjustments = files.adjustments
    ? await readInputRecords(files.adjustments, ADJUSTMENT_SCHEMA, SHEET.adjustments, notices)
    : [];
  // No valid employee, entries all of another month, a wrong --previous: refused, not scored.
  assertScorableMonth(readRoster(rosterRecords), entries, month, path.basename(files.roster));
  const history = await readPastMonths(files.previous, month, policy);
  return {
    policy,
    month,
    rosterRecords,
    entries,
    adjustments,
    history,
    notices,
    sources: {
      roster: path.basename(files.roster),
      entries: path.basename(files.entries),
      adjustments: files.adjustments ? path.basename(files.adjustments) : undefined,
      previous: files.previous.map((p) => path.basename(p)),
    },
  };
}

export function scoreInputs(inputs: MonthlyInputs): MonthResult {
  const { policy, month, entries, adjustments, history } = inputs;
  const result = scoreMonth({ policy, month, roster: readRoster(inputs.rosterRecords), entries, adjustments, history });
  if (inputs.notices && inputs.notices.length > 0) result.notices.unshift(...inputs.notices);
  return result;
}

/** The document `kaohe score --json` prints. */
export function scoreJson(result: MonthResult) {
  return {
    month: result.month,
    policy: result.policy.name,
    policyId: result.policy.id,
    employees: result.employees.map((e) => ({
      id: e.id,
      name: e.name,
      team: e.team,
      bonus: e.bonus,
      deduction: e.deduction,
      escalation: e.escalation,
      adjustment: e.adjustment,
      score: e.score,
      grade: e.grade,
      tenureMonth: e.tenureMonth,
      payFloat: e.payFloat,
      rank: e.rank,
      warnings: e.warnings,
      // warnings[i] as data (code, rule index, parameters): what readers of this file go by, so
      // that no one has to match the text back to a rule. Added after the shared contract's keys.
      warningDetails: e.warningDetails,
    })),
    rejected: result.rejected,
    counts: result.counts,
    notices: result.notices,
  };
}
