/**
 * 录音抽查 (recording spot checks) of one month, from the 抽查记录 rows: problems and highlights per
 * agent, the fines for 严重违纪 (policy data: which 问题类型 are serious, the amounts, the threshold),
 * and the check coverage (days without a 领班 check, ISO weeks without a 部长 check).
 *
 * Every row is counted or rejected with file, row, column, a stable code and a Chinese fix:
 * read = counted + rejected. An unknown 问题类型 is counted as a problem that is not serious, and said
 * in the notices.
 */
import { InputError, Problem } from '../problems';
import { qaTypeKey } from '../policy/load';
import type { Policy, QaFine, QaPolicy, QaProblemType } from '../policy/types';
import { EmployeeLookup, RawRecord, Roster, locateHeader, tableToRecords } from '../input/records';
import { presetPolicy } from '../policy/presets';
import { CHECK_SCHEMA, CheckKey, headerOf } from '../input/schemas';
import { Table, mapColumns } from '../input/table';
import { cleanText, parseDate, parseEmployeeId } from '../values';
import { Coverage, coverage } from './coverage';

export type CheckRecord = RawRecord<CheckKey>;

export const CHECK_RESULTS = ['问题', '亮点', '无问题'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const CHECKER_ROLES = ['领班', '部长', '其他'] as const;
export type CheckerRole = (typeof CHECKER_ROLES)[number];

/** The policy's 录音抽查 section, or the kefu-daily preset's when a Policy object was built without one. */
export function qaPolicyOf(policy: Policy): QaPolicy {
  return policy.qa ?? presetPolicy('kefu-daily').qa!;
}

/** The month's fine for n 严重违纪: n × each, plus extra for each one after the threshold. */
export function fineFor(n: number, fine: QaFine): number {
  return n * fine.each + Math.max(0, n - fine.threshold) * fine.extra;
}

/** The fine of the k-th (1-based) 严重违纪 of a month: each, plus extra once past the threshold. */
export function fineOfOccurrence(k: number, fine: QaFine): number {
  return fine.each + (k > fine.threshold ? fine.extra : 0);
}

/** A counted check row. */
export interface QaCheck {
  file: string;
  row: number;
  date: string;
  checker: string;
  role: CheckerRole;
  /** The checked agent's 工号 as on the roster ('' for a 无问题 check that names nobody). */
  id: string;
  ticket: string;
  recording: string;
  result: CheckResult;
  /** 问题类型 as typed (for 亮点: what was good, may be empty). */
  type: string;
  /** The policy's name of the type ('' when unknown or not a problem). */
  canonicalType: string;
  serious: boolean;
  /** This occurrence's fine in yuan (0 unless serious): the k-th serious of the month costs each (+ extra). */
  fine: number;
  note: string;
}

export interface QaEmployee {
  id: string;
  name: string;
  team: string;
  problems: number;
  highlights: number;
  serious: number;
  fine: number;
  /** The agent's problems and highlights, by date then row. */
  checks: QaCheck[];
}

export interface QaResult {
  month: string;
  policy: { id: string; name: string };
  fine: QaFine;
  /** Every roster employee, in roster order. */
  employees: QaEmployee[];
  coverage: Coverage;
  /** All counted rows (including 无问题), in file order. */
  checks: QaCheck[];
  rejected: Problem[];
  notices: string[];
  counts: { read: number; counted: number; rejected: number; problems: number; highlights: number; clean: number };
}

const problem = (rec: CheckRecord, key: CheckKey, code: string, message: string): Problem => ({
  file: rec.file,
  row: rec.row,
  column: headerOf(CHECK_SCHEMA, key),
  code,
  message,
});

/**
 * Reads 抽查记录 rows from a table (title lines above the header are skipped, as for the other
 * inputs; a missing required column is named). A file with neither a 工单号 nor a 录音编号 column is
 * refused: a check names the recording it listened to.
 */
export function readCheckRecords(table: Table): CheckRecord[] {
  const located = locateHeader(table, CHECK_SCHEMA);
  const { index, missing } = mapColumns(located.headers, CHECK_SCHEMA);
  if (missing.length === 0 && index.ticket < 0 && index.recording < 0) {
    throw new InputError(
      `${table.file}：抽查记录缺少「工单号」或「录音编号」列（两者至少要有一列），否则无法核对抽查的是哪一条录音。`,
      'MISSING_COLUMN',
    );
  }
  return tableToRecords(table, CHECK_SCHEMA);
}

interface Draft {
  rec: CheckRecord;
  check: QaCheck;
}

export interface QaInput {
  policy: Policy;
  month: string;
  roster: Roster;
  records: CheckRecord[];
}

/**
 * Refuses a month that cannot be checked meaningfully: no valid employee on the roster, or check rows
 * none of which is dated in the month (a wrong file or a wrong --month).
 */
export function assertCheckableMonth(roster: Roster, records: CheckRecord[], month: string, rosterFile: string): void {
  if (roster.employees.length === 0) {
    throw new InputError(
      `${rosterFile}：员工名单里没有一名有效的员工，无法核对抽查记录中的工号。请改正员工名单后重新运行。`,
      'ROSTER_NO_VALID_EMPLOYEE',
    );
  }
  let dated = 0;
  let earliest = '';
  let latest = '';
  for (const r of records) {
    const d = parseDate(r.date);
    if (d === null) continue;
    if (d.slice(0, 7) === month) return;
    dated++;
    if (earliest === '' || d < earliest) earliest = d;
    if (latest === '' || d > latest) latest = d;
  }
  if (dated > 0) {
    const span = earliest === latest ? earliest : `${earliest} 至 ${latest}`;
    throw new InputError(
      `${records[0].file}：抽查记录中有日期的 ${dated} 行都不在 ${month} 内（日期为 ${span}）。是否给错了抽查记录文件或 --month？`,
      'CHECKS_WRONG_MONTH',
    );
  }
}

/** Scores a month of spot checks. */
export function checkMonth(input: QaInput): QaResult {
  const { policy, month, roster, records } = input;
  const qa = qaPolicyOf(policy);
  const lookup = new EmployeeLookup(roster.employees);
  const types = new Map<string, QaProblemType>();
  for (const t of qa.problemTypes) for (const n of [t.name, ...t.aliases]) types.set(qaTypeKey(n), t);

  const rejected: Problem[] = [];
  const drafts: Draft[] = [];
  let rejectedRows = 0;
  const unknownTypes = new Map<string, string[]>();
  const noReference: string[] = [];
  const seen = new Map<string, CheckRecord>();

  for (const rec of records) {
    const rowProblems: Problem[] = [];
    const date = parseDate(rec.date);
    const dateText = cleanText(rec.date);
    if (date === null) {
      rowProblems.push(
        dateText === ''
          ? problem(rec, 'date', 'DATE_MISSING', '日期为空：请填写抽查的日期，如 2026-10-05。')
          : problem(
              rec,
              'date',
              'DATE_INVALID',
              `日期「${dateText}」无法识别：请填写如 2026-10-05 或 2026/10/5 的日期。`,
            ),
      );
    } else if (date.slice(0, 7) !== month) {
      rowProblems.push(
        problem(
          rec,
          'date',
          'DATE_OUTSIDE_MONTH',
          `日期 ${date} 不在 ${month} 内：请改正日期，或放到对应月份的抽查记录中。`,
        ),
      );
    }
    const checker = cleanText(rec.checker);
    if (checker === '')
      rowProblems.push(
        problem(
          rec,
          'checker',
          'CHECKER_EMPTY',
          '检查人为空：请填写做这次抽查的人（领班、部长或其他），抽查要有检查结果记录。',
        ),
      );
    const roleText = cleanText(rec.role);
    const role = (CHECKER_ROLES as readonly string[]).includes(roleText) ? (roleText as CheckerRole) : null;
    if (role === null) {
      rowProblems.push(
        roleText === ''
          ? problem(
              rec,
              'role',
              'CHECKER_ROLE_EMPTY',
              '检查人岗位为空：请填写「领班」「部长」或「其他」（据此核对每日领班抽查、每周部长抽查）。',
            )
          : problem(
              rec,
              'role',
              'CHECKER_ROLE_UNKNOWN',
              `检查人岗位「${roleText}」无法识别：只能为「领班」「部长」或「其他」。`,
            ),
      );
    }
    const resultText = cleanText(rec.result);
    const result = (CHECK_RESULTS as readonly string[]).includes(resultText) ? (resultText as CheckResult) : null;
    if (result === null) {
      rowProblems.push(
        resultText === ''
          ? problem(rec, 'result', 'CHECK_RESULT_EMPTY', '结果为空：请填写「问题」「亮点」或「无问题」。')
          : problem(
              rec,
              'result',
              'CHECK_RESULT_UNKNOWN',
              `结果「${resultText}」无法识别：只能为「问题」「亮点」或「无问题」。`,
            ),
      );
    }
    const idText = parseEmployeeId(rec.id);
    let at = -1;
    if (idText === '') {
      if (result !== '无问题')
        rowProblems.push(
          problem(
            rec,
            'id',
            'EMPLOYEE_ID_EMPTY',
            `工号为空：结果为「${resultText || '问题/亮点'}」时必须填写被抽查话务员的工号（只有「无问题」可以不填）。`,
          ),
        );
    } else {
      at = lookup.indexOf(idText);
      if (at < 0) {
        const rosterRow = roster.invalidIds.get(idText);
        rowProblems.push(
          rosterRow !== undefined
            ? problem(
                rec,
                'id',
                'EMPLOYEE_ROSTER_INVALID',
                `工号「${idText}」在员工名单第${rosterRow}行的信息有误，请先改正员工名单。`,
              )
            : problem(
                rec,
                'id',
                'EMPLOYEE_UNKNOWN',
                `工号「${idText}」不在员工名单中：请核对工号，或先把该员工加入员工名单。`,
              ),
        );
      }
    }
    const typeText = cleanText(rec.type);
    if (result === '问题' && typeText === '') {
      rowProblems.push(
        problem(
          rec,
          'type',
          'PROBLEM_TYPE_EMPTY',
          `结果为「问题」但问题类型为空：请填写问题类型（如 ${qa.problemTypes
            .slice(0, 3)
            .map((t) => t.name)
            .join('、')}），严重违纪据此罚款。`,
        ),
      );
    }
    if (rowProblems.length > 0) {
      rejected.push(...rowProblems);
      rejectedRows++;
      continue;
    }
    const type = result === '问题' ? types.get(qaTypeKey(typeText)) : undefined;
    const ticket = cleanText(rec.ticket);
    const recording = cleanText(rec.recording);
    const where = `${rec.file} 第${rec.row}行`;
    if (result === '问题' && !type) {
      const list = unknownTypes.get(typeText);
      if (list) list.push(String(rec.row));
      else unknownTypes.set(typeText, [where]);
    }
    const id = at >= 0 ? lookup.ids[at] : '';
    // The same problem of the same recording recorded twice (the 领班 and the 部长 both heard it) is one event.
    if (result !== '无问题' && (ticket !== '' || recording !== '')) {
      const key = [id, ticket, recording, result, type ? type.name : typeText].join('\u0000');
      const first = seen.get(key);
      if (first) {
        rejected.push(
          problem(
            rec,
            ticket !== '' ? 'ticket' : 'recording',
            'CHECK_DUPLICATE',
            `与 ${first.file} 第${first.row}行是同一条录音（${ticket || recording}）的同一${result === '问题' ? '问题' : '亮点'}：同一件事只计一次（不重复罚款），请删除本行。`,
          ),
        );
        rejectedRows++;
        continue;
      }
      seen.set(key, rec);
    } else if (result !== '无问题') noReference.push(where);
    drafts.push({
      rec,
      check: {
        file: rec.file,
        row: rec.row,
        date: date!,
        checker,
        role: role!,
        id,
        ticket,
        recording,
        result: result!,
        type: typeText,
        canonicalType: type ? type.name : '',
        serious: Boolean(type?.serious),
        fine: 0,
        note: cleanText(rec.note),
      },
    });
  }

  // Fines: the k-th serious problem of an agent's month (by date, then file and row) costs each (+ extra).
  const employees: QaEmployee[] = roster.employees.map((e) => ({
    id: e.id,
    name: e.name,
    team: e.team,
    problems: 0,
    highlights: 0,
    serious: 0,
    fine: 0,
    checks: [],
  }));
  const byId = new Map(employees.map((e, i) => [e.id, i]));
  const ordered = drafts
    .map((d) => d.check)
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row,
    );
  for (const c of ordered) {
    if (c.id === '' || c.result === '无问题') continue;
    const e = employees[byId.get(c.id)!];
    e.checks.push(c);
    if (c.result === '亮点') {
      e.highlights++;
      continue;
    }
    e.problems++;
    if (c.serious) {
      e.serious++;
      c.fine = fineOfOccurrence(e.serious, qa.fine);
      e.fine += c.fine;
    }
  }

  const checks = drafts.map((d) => d.check);
  const cov = coverage(
    month,
    checks.filter((c) => c.role === '领班').map((c) => c.date),
    checks.filter((c) => c.role === '部长').map((c) => c.date),
  );
  const notices: string[] = [];
  for (const [text, rows] of unknownTypes) {
    notices.push(
      `问题类型「${text}」不在考核方案的问题类型中（${rows.length > 1 ? `${rows[0]}，及第${rows.slice(1).join('、')}行` : rows[0]}）：已按一般问题计入，不算严重违纪、不罚款。如是笔误请改为方案中的名称（${qa.problemTypes.map((t) => t.name).join('、')}）。`,
    );
  }
  if (noReference.length > 0) {
    notices.push(
      `${noReference.length} 条问题或亮点没有填写工单号或录音编号（${noReference.slice(0, 5).join('、')}${noReference.length > 5 ? ' 等' : ''}）：已计入，但无法核对是哪条录音，也无法发现重复记录，请补填。`,
    );
  }
  const problems = checks.filter((c) => c.result === '问题').length;
  const highlights = checks.filter((c) => c.result === '亮点').length;
  return {
    month,
    policy: { id: policy.id, name: policy.name },
    fine: qa.fine,
    employees,
    coverage: cov,
    checks,
    rejected,
    notices,
    counts: {
      read: records.length,
      counted: checks.length,
      rejected: rejectedRows,
      problems,
      highlights,
      clean: checks.length - problems - highlights,
    },
  };
}

/** The `kaohe qa --json` document. */
export function qaJson(r: QaResult) {
  return {
    month: r.month,
    policy: r.policy.name,
    policyId: r.policy.id,
    fineRule: r.fine,
    employees: r.employees.map((e) => ({
      id: e.id,
      name: e.name,
      team: e.team,
      problems: e.problems,
      highlights: e.highlights,
      serious: e.serious,
      fine: e.fine,
      checks: e.checks.map((c) => ({
        date: c.date,
        result: c.result,
        type: c.type,
        serious: c.serious,
        fine: c.fine,
        ticket: c.ticket,
        recording: c.recording,
        checker: c.checker,
        role: c.role,
        note: c.note,
        file: c.file,
        row: c.row,
      })),
    })),
    coverage: {
      missingDays: r.coverage.missingDays,
      missingWeeks: r.coverage.missingWeeks,
      weeks: r.coverage.weeks.map((w) => ({ week: w.week, days: w.days, headChecks: w.checkedDays })),
    },
    rejected: r.rejected,
    notices: r.notices,
    counts: r.counts,
  };
}
