import { InputError } from '../problems';
import type { Policy } from '../policy/types';
import { parseMonth } from '../values';
import { gradeOf } from './standing';
import type { PastMonth, Warning } from './types';
import { warningFromText } from './warnings';

/**
 * A score as `kaohe score --json` writes it: a finite number with at most one decimal, of a sane size
 * (a hand-edited 1e308 would make every mean Infinity).
 */
export function isScore(v: unknown): v is number {
  return (
    typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100000 && Math.abs(Math.round(v * 10) - v * 10) < 1e-6
  );
}

/** An employee of a `kaohe score --json` document: id, score and grade checked; the other fields as printed. */
export type ScoreJsonEmployee = Record<string, unknown> & { id: string; score: number; grade: string };

/** A `kaohe score --json` document, checked: its month and employees (the other fields as printed). */
export interface ScoreJson {
  month: string;
  /** The document's own fields, as printed (policyId, …). */
  doc: Record<string, unknown>;
  employees: ScoreJsonEmployee[];
}

/**
 * The one reader of a `kaohe score --json` document (already JSON-parsed), for every command and the
 * add-in: an object with a valid month and employees each with id, score and grade. A message names
 * the file as `${label} ${name}` (label '' for just the name) and carries `code`.
 */
export function parseScoreJson(doc: unknown, name: string, label: string, code: string): ScoreJson {
  const file = label ? `${label} ${name}` : name;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InputError(`${file} 的内容不是 JSON 对象：应为 kaohe score --json 的输出。`, code);
  }
  const d = doc as Record<string, unknown>;
  const month = typeof d.month === 'string' ? parseMonth(d.month) : null;
  if (!month || !Array.isArray(d.employees)) {
    const why = typeof d.month === 'string' && !month ? `month「${d.month}」不是有效的月份` : '缺少 month 或 employees';
    throw new InputError(`${file} ${why}：应为 kaohe score --json 的输出。`, code);
  }
  const employees = (d.employees as unknown[]).map((raw, i) => {
    const e = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    if (typeof e.id !== 'string' || !isScore(e.score) || typeof e.grade !== 'string') {
      throw new InputError(`${file} 第${i + 1}名员工缺少 id/score/grade（score 应为最多一位小数的分数）。`, code);
    }
    return e as ScoreJsonEmployee;
  });
  return { month, doc: d, employees };
}

/**
 * An earlier month's results from the document `kaohe score --json` printed (already JSON-parsed):
 * only month and each employee's id, score, grade are used. The CLI's --previous and the add-in's
 * "载入往月结果" both read it here, with the same messages. With `before` (the appraised month), a
 * result of that month or later is refused: it is almost always this month's output given by mistake.
 */
export function parsePastMonth(doc: unknown, name: string, before?: string): PastMonth {
  const { month, employees } = parseScoreJson(doc, name, '上月结果文件', 'PREVIOUS_INVALID');
  if (before && month >= before) {
    throw new InputError(
      `上月结果文件 ${name} 是 ${month} 的结果，不早于考核月份 ${before}：--previous 应给之前月份的 kaohe score --json 输出。`,
      'PREVIOUS_NOT_EARLIER',
    );
  }
  return { month, employees: employees.map((e) => ({ id: e.id, score: e.score, grade: e.grade })) };
}

/**
 * A month's results read from a `kaohe score --json` file, checked like any other input against the
 * policy they are used with: each 工号 once, each 总分 inside the policy's range, each 等级 the one
 * the policy gives that 总分. A hand-edited file (总分 200) is refused with the file, the place in it
 * (employees[i] and the 工号), a stable code and what to do; nothing is averaged from it.
 */
export function checkPastScores(
  past: { employees: readonly { id: string; score: number; grade: string }[] },
  policy: Policy,
  name: string,
): void {
  const redo = '这不是 kaohe score 算出的结果：请重新运行 kaohe score --json 生成该文件，不要手工修改。';
  const seen = new Map<string, number>();
  past.employees.forEach((e, i) => {
    const at = `${name} 的 employees[${i}]（第${i + 1}名员工，工号「${e.id}」）`;
    if (e.id.trim() === '') throw new InputError(`${at}的工号为空：${redo}`, 'SCORE_JSON_ID_EMPTY');
    const first = seen.get(e.id);
    if (first !== undefined)
      throw new InputError(
        `${at}与 employees[${first}] 的工号重复：每名员工只能出现一次。${redo}`,
        'SCORE_JSON_DUPLICATE_ID',
      );
    seen.set(e.id, i);
    if (e.score < policy.scoreMin || e.score > policy.scoreMax) {
      throw new InputError(
        `${at}的总分 score ${e.score} 超出考核方案「${policy.name}」的总分范围 ${policy.scoreMin}～${policy.scoreMax}：${redo}`,
        'SCORE_JSON_OUT_OF_RANGE',
      );
    }
    const grade = gradeOf(e.score, policy.grades);
    if (e.grade !== grade) {
      throw new InputError(
        `${at}的等级 grade「${e.grade}」与总分 ${e.score} 按考核方案「${policy.name}」应得的等级「${grade}」不符：${redo}若它是按别的考核方案算的，请用 --policy 指定同一方案。`,
        'SCORE_JSON_GRADE_MISMATCH',
      );
    }
  });
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The fields each kind of warning carries in a score JSON file (besides code and rule), with their checks. */
const WARNING_FIELDS: {
  [C in Warning['code']]: Record<
    Exclude<keyof Extract<Warning, { code: C }>, 'code' | 'rule'>,
    (v: unknown) => boolean
  >;
} = {
  scoreBelow: { below: isNumber },
  lastPlaceStreak: { months: isWhole, below: isNumber },
  category: { category: isText, name: isText },
  bonusConflict: {},
  gradeStreak: { grade: isText, months: isWhole },
};

/**
 * One employee's warnings from a `kaohe score --json` document: the text as printed (`warnings`) and
 * each warning as data (`warningDetails`, written beside it since that key exists). The data is what
 * counts; text is matched back to the policy's wording (warningFromText) only for a file written by an
 * older version, which carries the text alone, and for a warning of a kind this version does not know.
 * A warningDetails that does not go with warnings (another length, a known kind with wrong fields) was
 * edited by hand and is refused, naming the place (`at`) and the code SCORE_JSON_WARNING_INVALID.
 */
export function scoreJsonWarnings(
  e: ScoreJsonEmployee,
  policy: Policy,
  at: string,
): { warnings: string[]; warningDetails: (Warning | null)[] } {
  const warnings = Array.isArray(e.warnings) ? e.warnings.map(String) : [];
  const fromText = (text: string) => warningFromText(policy, text);
  if (e.warningDetails === undefined) return { warnings, warningDetails: warnings.map(fromText) };
  const redo = '这不是 kaohe score 写出的内容：请重新运行 kaohe score --json 生成该文件，不要手工修改。';
  const details = e.warningDetails;
  if (!Array.isArray(details) || details.length !== warnings.length) {
    throw new InputError(
      `${at}的 warningDetails 与 warnings 不是一一对应（应各 ${warnings.length} 条）：${redo}`,
      'SCORE_JSON_WARNING_INVALID',
    );
  }
  const warningDetails = details.map((raw, j): Warning | null => {
    const d = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const code = d.code;
    // A kind this version does not know (a newer version wrote the file): as an older file, by its text.
    if (typeof code !== 'string' || !Object.prototype.hasOwnProperty.call(WARNING_FIELDS, code))
      return raw === null || typeof code === 'string' ? fromText(warnings[j]) : bad(j);
    const fields = WARNING_FIELDS[code as Warning['code']] as Record<string, (v: unknown) => boolean>;
    if (!isWhole(d.rule) || Object.entries(fields).some(([k, ok]) => !ok(d[k]))) return bad(j);
    const w: Record<string, unknown> = { code, rule: d.rule };
    for (const k of Object.keys(fields)) w[k] = d[k];
    return w as Warning;
  });
  return { warnings, warningDetails };

  function bad(j: number): never {
    throw new InputError(
      `${at}的 warningDetails[${j}]（预警「${warnings[j]}」）不是有效的预警数据：${redo}`,
      'SCORE_JSON_WARNING_INVALID',
    );
  }
}
