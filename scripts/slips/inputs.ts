/**
 * Reading a scored month for slips / summary / period: from the monthly workbook (read back by
 * scripts/workbook/read.ts), from the CSV/xlsx inputs, or (summary/period only) from a
 * `kaohe score --json` file. Scoring is always core's scoreMonth: nothing here computes a rule.
 */
import * as path from 'path';
import { InputError, Problem } from '../../core/problems';
import { monthInputsOverlong, overlongTexts } from '../../core/cell-limit';
import { AdjustmentRecord, EntryRecord, Roster, assertScorableMonth, readRoster } from '../../core/input/records';
import { ADJUSTMENT_SCHEMA, ENTRY_SCHEMA, ROSTER_SCHEMA } from '../../core/input/schemas';
import type { Policy } from '../../core/policy/types';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import { checkPastScores, parseScoreJson, scoreJsonWarnings, type ScoreJsonEmployee } from '../../core/scoring/history';
import type { PastMonth } from '../../core/scoring/warnings';
import { MonthScores, monthScoresOf } from '../../core/periods';
import { keptText } from '../../core/values';
import { readInputRecords } from '../import/table';
import { SHEET } from '../../core/workbook/sheets';
import { readPastMonthBefore } from '../month-inputs';
import { jsonText, readJsonObject } from '../import/json';
import { resolvePolicy } from '../policy';
import { presetIds } from '../../core/policy/presets';
import { type MonthlyWorkbook, readMonthlyWorkbook } from '../workbook/read';
import { mergeMonthlyWorkbooks } from '../workbook/set';
import { splitReadNotices } from '../../core/input/split';

export interface MonthlyWorkbookData {
  month: string | null;
  policy: Policy;
  roster: Roster;
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
  /** Earlier months as 月度汇总 remembers them (used when none are given). */
  storedHistory: PastMonth[];
}

/** A scored month plus what the result itself does not carry: entry notes (说明) and roster 状态. */
export interface ScoredMonth {
  result: MonthResult;
  policy: Policy;
  /** `${file}\u0000${row}` → 说明 of that entry row. */
  notes: Map<string, string>;
  statusById: Map<string, string>;
  /** Every roster employee (id, name): used to keep other employees' names out of a slip. */
  people: { id: string; name: string }[];
  /** Input texts longer than an Excel cell holds: cut on the slips, said by the command. */
  cut: Problem[];
  /** The roster the month was scored with (absent when read from a score JSON). */
  roster?: Roster;
  /** Read from some, not all, of the workbooks of a month split by 组别: 名次 and 末位 are not the company's. */
  splitNotices?: string[];
}

export const noteKey = (file: string, row: number) => `${file}\u0000${row}`;

function scored(
  policy: Policy,
  month: string,
  roster: Roster,
  entries: EntryRecord[],
  adjustments: AdjustmentRecord[],
  history: PastMonth[],
): ScoredMonth {
  const result = scoreMonth({ policy, month, roster, entries, adjustments, history });
  const notes = new Map<string, string>();
  for (const e of entries) {
    const n = keptText(e.note);
    if (n !== '') notes.set(noteKey(e.file, e.row), n);
  }
  return {
    result,
    policy,
    notes,
    statusById: new Map(roster.employees.map((e) => [e.id, e.status])),
    people: roster.employees.map((e) => ({ id: e.id, name: e.name })),
    cut: [
      ...overlongTexts(
        roster.employees,
        [
          { key: 'name', header: '姓名' },
          { key: 'team', header: '组别' },
          { key: 'position', header: '岗位' },
        ],
        '考核单中',
      ),
      ...monthInputsOverlong({ entries, adjustments }, '考核单中'),
    ],
    roster,
  };
}

export interface MonthSource {
  workbook?: string;
  /** Several monthly workbooks of one month (split by 组别), read as that month; instead of `workbook`. */
  workbooks?: string[];
  roster?: string;
  entries?: string;
  adjustments?: string;
  /** --month; required with CSV inputs, checked against the workbook's month otherwise. */
  month?: string;
  /** --policy; with a workbook the workbook's own policy is used unless this is given. */
  policy?: string;
  /** Earlier months: score JSON files or monthly workbooks (for the multi-month warnings). */
  previous?: string[];
  /** Earlier months already read (added to those from `previous`). */
  history?: PastMonth[];
}

/** Reads and scores one month from either a monthly workbook or the separate input files. */
export async function loadScoredMonth(src: MonthSource, command: string): Promise<ScoredMonth> {
  const files = src.workbooks && src.workbooks.length > 0 ? src.workbooks : src.workbook ? [src.workbook] : [];
  if (files.length > 0) {
    if (src.roster || src.entries || src.adjustments) {
      throw new InputError(
        `--workbook 不能与 --roster/--entries/--adjustments 同时使用。运行 npx kaohe ${command} --help 查看用法。`,
        'BAD_ARGS',
      );
    }
    const books: { file: string; wb: MonthlyWorkbook }[] = [];
    for (const f of files) books.push({ file: f, wb: await readMonthlyWorkbook(f) });
    // several workbooks (a month split by 组别): read as the one month they are
    const wb = books.length === 1 ? books[0].wb : mergeMonthlyWorkbooks(books, src.policy !== undefined);
    const name = files.map((f) => path.basename(f)).join('、');
    const month = wb.month ?? src.month ?? null;
    if (!month) throw new InputError(`${name}：工作簿中没有考核月份，请用 --month YYYY-MM 指定。`, 'MONTH_MISSING');
    if (src.month && wb.month && src.month !== wb.month) {
      throw new InputError(`--month ${src.month} 与工作簿 ${name} 的考核月份 ${wb.month} 不一致。`, 'MONTH_MISMATCH');
    }
    const policy = src.policy ? await resolvePolicy(src.policy) : wb.policy;
    assertScorableMonth(wb.roster, wb.entries, month, `${name}:员工名单`);
    const given = [...(src.history ?? []), ...(await readHistory(src.previous ?? [], policy, month, command))];
    // without earlier months given, those the workbook remembers (月度汇总's 往月…(系统写入) columns)
    const history = given.length > 0 ? given : wb.storedHistory;
    const split = splitReadNotices(
      books.map((b) => b.wb.splitPart),
      files.map((f) => path.basename(f)),
    );
    const month_ = scored(policy, month, wb.roster, wb.entries, wb.adjustments, history);
    month_.result.notices.unshift(...split);
    month_.splitNotices = split;
    return month_;
  }
  if (!src.roster || !src.entries) {
    throw new InputError(
      `请给出 --workbook，或同时给出 --roster 和 --entries。运行 npx kaohe ${command} --help 查看用法。`,
      'BAD_ARGS',
    );
  }
  if (!src.month) throw new InputError(`缺少参数 --month。运行 npx kaohe ${command} --help 查看用法。`, 'BAD_ARGS');
  const policy = await resolvePolicy(src.policy);
  // Every sheet with the headers is read, as for score and monthly; what is not read is said in the notices.
  const notices: string[] = [];
  const roster = readRoster(await readInputRecords(src.roster, ROSTER_SCHEMA, SHEET.roster, notices));
  const entries = await readInputRecords(src.entries, ENTRY_SCHEMA, SHEET.entries, notices);
  const adjustments = src.adjustments
    ? await readInputRecords(src.adjustments, ADJUSTMENT_SCHEMA, SHEET.adjustments, notices)
    : [];
  assertScorableMonth(roster, entries, src.month, path.basename(src.roster));
  const history = [...(src.history ?? []), ...(await readHistory(src.previous ?? [], policy, src.month, command))];
  const month = scored(policy, src.month, roster, entries, adjustments, history);
  month.result.notices.unshift(...notices);
  return month;
}

/** Earlier months for the look-back warnings: `kaohe score --json` files or monthly workbooks. */
export async function readHistory(
  files: string[],
  policy: Policy,
  month: string,
  command: string,
): Promise<PastMonth[]> {
  const out: PastMonth[] = [];
  for (const f of files) {
    if (/\.xlsx$/i.test(f)) {
      const m = await loadScoredMonth({ workbook: f }, command);
      if (month && m.result.month >= month) {
        throw new InputError(
          `${path.basename(f)} 是 ${m.result.month} 的月度考核工作簿，不早于考核月份 ${month}：--previous 应给之前月份的文件。`,
          'PREVIOUS_NOT_EARLIER',
        );
      }
      out.push({
        month: m.result.month,
        employees: m.result.employees.map((e) => ({ id: e.id, score: e.score, grade: e.grade })),
      });
    } else {
      const past = await readPastMonthBefore(f, month);
      checkPastScores(past, policy, path.basename(f));
      out.push(past);
    }
  }
  return out;
}

/**
 * Months for summary/period: each file is a monthly workbook (.xlsx) or a `kaohe score --json`
 * output (.json). Workbooks are scored in month order, each with the earlier months as history, so
 * the multi-month warnings (连续两月末位…) are the same as in the monthly workbook.
 */
export async function loadMonths(
  files: string[],
  policyArg: string | undefined,
): Promise<{ months: ScoredMonthOrScores[]; policy: Policy }> {
  let policy: Policy | null = policyArg ? await resolvePolicy(policyArg) : null;
  let jsonPolicyId: string | undefined;
  const raw: (
    | { kind: 'json'; scores: MonthScores; file: string }
    | { kind: 'wb'; data: MonthlyWorkbook; month: string; file: string }
  )[] = [];
  for (const f of files) {
    if (/\.json$/i.test(f)) {
      const d = await readScoreJsonDoc(f);
      raw.push({ kind: 'json', scores: monthScoresOfJson(d), file: f });
      jsonPolicyId = jsonPolicyId ?? d.policyId;
    } else {
      const data = await readMonthlyWorkbook(f);
      if (!data.month) throw new InputError(`${path.basename(f)}：工作簿中没有考核月份。`, 'MONTH_MISSING');
      assertScorableMonth(data.roster, data.entries, data.month, `${path.basename(f)}:员工名单`);
      policy = policy ?? data.policy;
      raw.push({ kind: 'wb', data, month: data.month, file: f });
    }
  }
  const monthOf = (r: (typeof raw)[number]) => (r.kind === 'json' ? r.scores.month : r.month);
  const seen = new Map<string, string>();
  for (const r of raw) {
    const prev = seen.get(monthOf(r));
    if (prev)
      throw new InputError(
        `${path.basename(prev)} 与 ${path.basename(r.file)} 是同一个月（${monthOf(r)}）：每个月只能给一个文件。`,
        'MONTH_DUPLICATE',
      );
    seen.set(monthOf(r), r.file);
  }
  raw.sort((a, b) => monthOf(a).localeCompare(monthOf(b)));
  // No --policy: the workbooks' policy, else the one the score JSON names (policyId), else the default.
  const usePolicy = policy ?? (await resolvePolicy(jsonPolicyId));
  const out: ScoredMonthOrScores[] = [];
  const history: PastMonth[] = [];
  for (const r of raw) {
    if (r.kind === 'json') checkPastScores(r.scores, usePolicy, path.basename(r.file));
  }
  for (const r of raw) {
    if (r.kind === 'json') out.push({ kind: 'scores', scores: r.scores, file: r.file });
    else {
      const m = scored(usePolicy, r.month, r.data.roster, r.data.entries, r.data.adjustments, history.slice());
      out.push({ kind: 'scored', scored: m, scores: monthScoresOf(m.result, m.statusById), file: r.file });
    }
    const last = out[out.length - 1].scores;
    history.push({
      month: last.month,
      employees: last.employees.map((e) => ({ id: e.id, score: e.score, grade: e.grade })),
    });
  }
  return { months: out, policy: usePolicy };
}

export type ScoredMonthOrScores =
  | { kind: 'scored'; scored: ScoredMonth; scores: MonthScores; file: string }
  | { kind: 'scores'; scores: MonthScores; file: string };

/** A `kaohe score --json` document, read once (core's one reader): its month, the preset it names and its employees. */
interface ScoreJsonDoc {
  month: string;
  /** The policyId when it names a preset; undefined otherwise. */
  policyId: string | undefined;
  employees: ScoreJsonEmployee[];
}

async function readScoreJsonDoc(file: string): Promise<ScoreJsonDoc> {
  const raw = await readJsonObject(file, '考核结果文件', ' kaohe score --json 的输出', 'SCORE_JSON_INVALID');
  const { month, doc, employees } = parseScoreJson(raw, path.basename(file), '', 'SCORE_JSON_INVALID');
  const policyId = typeof doc.policyId === 'string' && presetIds().includes(doc.policyId) ? doc.policyId : undefined;
  return { month, policyId, employees };
}

/** A `kaohe score --json` document as MonthScores (id, name, team, score, grade, tenureMonth). */
function monthScoresOfJson(d: ScoreJsonDoc): MonthScores {
  return {
    month: d.month,
    employees: d.employees.map((e) => ({
      id: e.id,
      name: jsonText(e.name),
      team: jsonText(e.team),
      score: e.score,
      grade: e.grade,
      tenureMonth: typeof e.tenureMonth === 'number' ? e.tenureMonth : 999,
    })),
  };
}

/**
 * A month from a `kaohe score --json` file as a MonthResult for the summary: the JSON carries no
 * breakdown (so a warning's reason can only name the rule) and no roster 状态.
 */
export async function scoredMonthFromScoreJson(file: string, policyArg: string | undefined): Promise<ScoredMonth> {
  const d = await readScoreJsonDoc(file);
  const month = d.month;
  const policy = await resolvePolicy(policyArg ?? d.policyId);
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const employees = d.employees.map((e, i) => {
    const { warnings, warningDetails } = scoreJsonWarnings(
      e,
      policy,
      `${path.basename(file)} 的 employees[${i}]（第${i + 1}名员工，工号「${e.id}」）`,
    );
    return {
      id: e.id,
      name: jsonText(e.name),
      team: jsonText(e.team),
      position: '',
      joinDate: '',
      base: policy.base,
      bonus: num(e.bonus),
      deduction: num(e.deduction),
      escalation: num(e.escalation),
      adjustment: num(e.adjustment),
      adjustmentReason: '',
      score: e.score,
      grade: e.grade,
      tenureMonth: num(e.tenureMonth),
      payFloat: num(e.payFloat),
      rank: num(e.rank),
      warnings,
      warningDetails,
      breakdown: [],
    };
  });
  checkPastScores({ employees }, policy, path.basename(file));
  const result: MonthResult = {
    month,
    policy: { id: policy.id, name: policy.name },
    employees,
    rejected: [],
    counts: {
      entries: 0,
      accepted: 0,
      voided: 0,
      rejected: 0,
      adjustments: { read: 0, accepted: 0, rejected: 0 },
      roster: { read: 0, accepted: 0, rejected: 0 },
    },
    notices: [],
  };
  return {
    result,
    policy,
    notes: new Map(),
    statusById: new Map(),
    people: employees.map((e) => ({ id: e.id, name: e.name })),
    cut: [],
  };
}
