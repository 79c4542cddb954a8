/**
 * 申诉登记 (appeals register): an agent may appeal within 7 working days of receiving the slip, and HR
 * answers each appeal (维持 / 撤销 / 变更). An appeal not answered within 7 working days of 提出日期 is
 * overdue (逾期): still open after the due date, or answered after it. Working days skip Saturdays,
 * Sundays and the holidays file's 放假 days; a 上班 (调休补班) day in it counts even on a weekend.
 */
import { InputError, Problem } from '../problems';
import { Cell, cleanText, parseDate, parseEmployeeId } from '../values';
import type { RecordSchema, Table } from '../input/table';
import { EmployeeLookup, EntryRecord, tableToRecords } from '../input/records';

export type AppealKey = 'no' | 'id' | 'filed' | 'target' | 'reason' | 'outcome' | 'handler' | 'handled';

export const APPEAL_SCHEMA: RecordSchema<AppealKey> = {
  title: '申诉登记',
  columns: [
    { key: 'no', header: '编号', required: true, aliases: ['申诉编号'] },
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号'] },
    { key: 'filed', header: '提出日期', required: true, aliases: ['申诉日期'] },
    { key: 'target', header: '针对的记录', required: false, aliases: ['针对记录', '申诉内容'] },
    { key: 'reason', header: '理由', required: false, aliases: ['申诉理由'] },
    { key: 'outcome', header: '处理结果', required: false },
    { key: 'handler', header: '处理人', required: false },
    { key: 'handled', header: '处理日期', required: false },
  ],
};

export const APPEAL_OUTCOMES = ['维持', '撤销', '变更'] as const;
export const APPEAL_WORKING_DAYS = 7;

export interface Appeal {
  no: string;
  id: string;
  filed: string;
  target: string;
  reason: string;
  outcome: string;
  handler: string;
  handled: string;
  file: string;
  row: number;
}

export interface Calendar {
  /** ISO dates that are days off although weekdays (法定节假日). */
  off: Set<string>;
  /** ISO dates that are working days although weekends (调休补班). */
  on: Set<string>;
}

export const NO_HOLIDAYS: Calendar = { off: new Set(), on: new Set() };

const dayOfWeek = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

export function isWorkingDay(iso: string, cal: Calendar): boolean {
  if (cal.on.has(iso)) return true;
  if (cal.off.has(iso)) return false;
  const d = dayOfWeek(iso);
  return d !== 0 && d !== 6;
}

/** The date `n` working days after `iso` (the filing day itself does not count). */
export function addWorkingDays(iso: string, n: number, cal: Calendar): string {
  let d = iso;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Reads the holidays table: 日期 and optional 类型 (放假, default; 上班/补班 for a working weekend). */
export function readCalendar(table: Table): { calendar: Calendar; problems: Problem[] } {
  const schema: RecordSchema<'date' | 'kind'> = {
    title: '节假日',
    columns: [
      { key: 'date', header: '日期', required: true },
      { key: 'kind', header: '类型', required: false, aliases: ['放假/上班'] },
    ],
  };
  const cal: Calendar = { off: new Set(), on: new Set() };
  const problems: Problem[] = [];
  for (const r of tableToRecords(table, schema)) {
    const iso = parseDate(r.date);
    const kind = cleanText(r.kind) || '放假';
    if (!iso)
      problems.push({
        file: r.file,
        row: r.row,
        column: '日期',
        code: 'HOLIDAY_DATE_INVALID',
        message: `日期「${cleanText(r.date)}」无法识别：请写成 2026-10-01 这样的日期。`,
      });
    else if (kind === '放假' || kind === '休息') cal.off.add(iso);
    else if (kind === '上班' || kind === '补班' || kind === '调休上班') cal.on.add(iso);
    else
      problems.push({
        file: r.file,
        row: r.row,
        column: '类型',
        code: 'HOLIDAY_KIND_INVALID',
        message: `类型「${kind}」无法识别：应为 放假 或 上班（调休补班）。`,
      });
  }
  return { calendar: cal, problems };
}

/** Reads the register; a row that cannot be used is a problem (never dropped silently). */
export function readAppeals(table: Table): { appeals: Appeal[]; problems: Problem[] } {
  const appeals: Appeal[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const r of tableToRecords(table, APPEAL_SCHEMA)) {
    const p = (column: string, code: string, message: string) =>
      problems.push({ file: r.file, row: r.row, column, code, message });
    const before = problems.length;
    const no = cleanText(r.no);
    const filed = parseDate(r.filed);
    const outcome = cleanText(r.outcome);
    const handledText = cleanText(r.handled);
    const handled = handledText ? parseDate(r.handled) : '';
    if (!no) p('编号', 'APPEAL_NO_EMPTY', '编号为空：每条申诉都要有编号（更正时用 --appeal 编号 引用）。');
    else if (seen.has(no)) p('编号', 'APPEAL_NO_DUPLICATE', `编号「${no}」与第${seen.get(no)}行重复。`);
    if (parseEmployeeId(r.id) === '') p('工号', 'APPEAL_ID_EMPTY', '工号为空。');
    if (!filed)
      p('提出日期', 'APPEAL_DATE_INVALID', `提出日期「${cleanText(r.filed)}」无法识别：请写成 2026-11-03 这样的日期。`);
    if (outcome && !(APPEAL_OUTCOMES as readonly string[]).includes(outcome))
      p(
        '处理结果',
        'APPEAL_OUTCOME_INVALID',
        `处理结果「${outcome}」无法识别：应为 维持、撤销 或 变更（未处理时留空）。`,
      );
    if (handled === null) p('处理日期', 'APPEAL_DATE_INVALID', `处理日期「${handledText}」无法识别。`);
    if (outcome && !handledText)
      p('处理日期', 'APPEAL_HANDLED_DATE_MISSING', '已有处理结果但没有处理日期：请填写处理日期。');
    if (!outcome && handledText)
      p('处理结果', 'APPEAL_OUTCOME_MISSING', '有处理日期但没有处理结果：请填写 维持、撤销 或 变更。');
    if (problems.length > before) continue;
    seen.set(no, r.row);
    const text = (v: Cell) => (v === null || v === undefined ? '' : String(v).trim());
    appeals.push({
      no,
      id: parseEmployeeId(r.id),
      filed: filed!,
      target: text(r.target),
      reason: text(r.reason),
      outcome,
      handler: text(r.handler),
      handled: handled ?? '',
      file: r.file,
      row: r.row,
    });
  }
  return { appeals, problems };
}

export interface OverdueAppeal {
  appeal: Appeal;
  /** Last working day to answer. */
  due: string;
  /** 未处理 (still open) or 逾期处理 (answered after the due date). */
  state: '未处理' | '逾期处理';
}

/** Appeals not answered within 7 working days, as of `today` (ISO date), in filing order. */
export function overdueAppeals(
  appeals: Appeal[],
  today: string,
  cal: Calendar,
  days = APPEAL_WORKING_DAYS,
): OverdueAppeal[] {
  const out: OverdueAppeal[] = [];
  for (const a of appeals.slice().sort((x, y) => x.filed.localeCompare(y.filed) || x.row - y.row)) {
    const due = addWorkingDays(a.filed, days, cal);
    if (!a.outcome && today > due) out.push({ appeal: a, due, state: '未处理' });
    else if (a.outcome && a.handled > due) out.push({ appeal: a, due, state: '逾期处理' });
  }
  return out;
}

/** A read register and where it came from (a file name, for messages). */
export interface AppealRegister {
  source: string;
  appeals: Appeal[];
  problems: Problem[];
}

/** A 考核记录 row a correction changes, with the 工号 it concerns. */
export interface AppealTarget {
  row: number;
  id: string;
}

/**
 * The rows a correction changes and whose they are: a voided or changed row by its 工号 before the
 * change (an appeal against an entry given to the wrong person is that person's), an added row by its own.
 */
export function correctionTargets(
  before: readonly EntryRecord[],
  after: readonly EntryRecord[],
  changes: readonly { row: number }[],
): AppealTarget[] {
  const was = new Map(before.map((e) => [e.row, e]));
  const now = new Map(after.map((e) => [e.row, e]));
  return [...new Set(changes.map((c) => c.row))]
    .sort((a, b) => a - b)
    .map((row) => ({ row, id: parseEmployeeId((was.get(row) ?? now.get(row))?.id ?? null) }));
}

/**
 * The appeal a correction cites (--appeal 编号) must be in the register and be the appeal of the
 * employee whose rows are corrected. 工号 are compared through the roster when one is given (a
 * register saved by Excel may have lost the leading zeros: 387 is 0387 when the roster says so).
 */
export function checkAppealReference(
  no: string,
  register: AppealRegister,
  targets: readonly AppealTarget[],
  lookup?: EmployeeLookup,
): Appeal {
  const want = cleanText(no);
  const appeal = register.appeals.find((a) => a.no === want);
  if (!appeal) {
    const unread = register.problems.filter((p) => p.column === '编号' || p.code.startsWith('APPEAL_'));
    const hint = unread.length
      ? `另外，申诉登记有 ${unread.length} 行无法读取（如第${unread[0].row}行「${unread[0].column}」：${unread[0].message}），请先改正。`
      : '';
    throw new InputError(
      `申诉编号「${want}」不在申诉登记（${register.source}）中：请核对编号，或先把这条申诉登记进去（编号、工号、提出日期…）。${hint}未写出新版本。`,
      'APPEAL_UNKNOWN',
    );
  }
  const who = (id: string) => {
    const name = lookup?.find(id)?.name;
    return name ? `${id}（${name}）` : id;
  };
  const same = (a: string, b: string) => {
    if (a === b) return true;
    if (!lookup) return false;
    const i = lookup.indexOf(a);
    return i >= 0 && i === lookup.indexOf(b);
  };
  const other = targets.find((t) => !same(appeal.id, t.id));
  if (other)
    throw new InputError(
      `申诉「${want}」是工号 ${who(appeal.id)}的申诉，但更正的考核记录第${other.row}行是工号 ${who(other.id)}的：请核对行号或申诉编号。未写出新版本。`,
      'APPEAL_EMPLOYEE_MISMATCH',
    );
  return appeal;
}
