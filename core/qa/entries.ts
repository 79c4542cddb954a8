/**
 * Spot-check problems as appraisal entries (考核记录). A policy may map a 问题类型 to a fixed-points
 * 考核项目 (qa.problemTypes[].item); each counted problem of such a type is proposed as one entry row.
 *
 * The same event is never counted twice:
 * - the scoring never adds these rows by itself: they are written out (`kaohe qa --entries-out`) and
 *   count only once HR has put them into the month's 考核记录, the one input every command scores;
 * - the same problem of the same recording recorded twice is rejected as CHECK_DUPLICATE (checks.ts);
 * - rows already in the given 考核记录 are not proposed again: for each 工号 + 日期 + 项目代码, as many
 *   proposals are dropped as the 考核记录 already has rows (any 状态: a voided row was HR's decision).
 */
import type { Policy } from '../policy/types';
import { EmployeeLookup, EntryRecord, Roster } from '../input/records';
import { cleanText, parseDate, parseEmployeeId } from '../values';
import { QaCheck, QaResult, qaPolicyOf } from './checks';

export interface ProposedEntry {
  date: string;
  id: string;
  code: string;
  note: string;
  recorder: string;
  /** The check it comes from. */
  check: QaCheck;
}

export interface AppraisalProposal {
  entries: ProposedEntry[];
  /** Mapped problems already in the 考核记录 (not proposed again). */
  alreadyRecorded: QaCheck[];
}

export function proposeEntries(
  result: QaResult,
  policy: Policy,
  roster: Roster,
  existing: EntryRecord[],
): AppraisalProposal {
  const mapped = new Map(
    qaPolicyOf(policy)
      .problemTypes.filter((t) => t.item)
      .map((t) => [t.name, t.item!]),
  );
  const lookup = new EmployeeLookup(roster.employees);
  const key = (id: string, date: string, code: string) => `${id}\u0000${date}\u0000${code}`;
  const recorded = new Map<string, number>();
  for (const e of existing) {
    const date = parseDate(e.date);
    const at = lookup.indexOf(parseEmployeeId(e.id));
    if (date === null || at < 0) continue;
    const k = key(lookup.ids[at], date, cleanText(e.code).toUpperCase());
    recorded.set(k, (recorded.get(k) ?? 0) + 1);
  }
  const out: AppraisalProposal = { entries: [], alreadyRecorded: [] };
  const checks = result.employees
    .flatMap((e) => e.checks)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row));
  for (const c of checks) {
    const code = c.result === '问题' ? mapped.get(c.canonicalType) : undefined;
    if (!code) continue;
    const k = key(c.id, c.date, code);
    const left = recorded.get(k) ?? 0;
    if (left > 0) {
      recorded.set(k, left - 1);
      out.alreadyRecorded.push(c);
      continue;
    }
    const ref = c.ticket ? `工单号 ${c.ticket}` : c.recording ? `录音编号 ${c.recording}` : `${c.file} 第${c.row}行`;
    out.entries.push({
      date: c.date,
      id: c.id,
      code,
      note: `录音抽查：${c.canonicalType}（${ref}）${c.note ? `；${c.note}` : ''}`,
      recorder: `${c.checker}（${c.role}）`,
      check: c,
    });
  }
  return out;
}
