import { InputError, Problem } from '../problems';
import { Cell, cleanText, isoDate, keptText, parseDate, parseEmployeeId } from '../values';
import { ADJUSTMENT_SCHEMA, AdjustmentKey, ENTRY_SCHEMA, EntryKey, ROSTER_SCHEMA, RosterKey, headerOf } from './schemas';
import { RecordSchema, Table, cellAt, isEmptyRow, mapColumns, requireColumns } from './table';

/** A record of raw cells keyed by column, with where it came from. Blank rows are not records. */
export type RawRecord<K extends string> = Record<K, Cell> & { file: string; row: number };
export type EntryRecord = RawRecord<EntryKey>;
export type AdjustmentRecord = RawRecord<AdjustmentKey>;
export type RosterRecord = RawRecord<RosterKey>;

/**
 * Real files often carry a title line ("2026年10月考核记录") above the header: when the first row is
 * not the header, the first of the next few rows that has every required column is.
 */
export function locateHeader<K extends string>(table: Table, schema: RecordSchema<K>): Table {
  if (mapColumns(table.headers, schema).missing.length === 0) return table;
  const limit = Math.min(table.rows.length, 10);
  for (let i = 0; i < limit; i++) {
    if (mapColumns(table.rows[i], schema).missing.length === 0) {
      return { ...table, headers: table.rows[i], rows: table.rows.slice(i + 1), firstRow: table.firstRow + i + 1 };
    }
  }
  return table;
}

export function tableToRecords<K extends string>(source: Table, schema: RecordSchema<K>): RawRecord<K>[] {
  const table = locateHeader(source, schema);
  const index = requireColumns(table, schema, table.firstRow - 1);
  const out: RawRecord<K>[] = [];
  const keys = schema.columns.map((c) => c.key);
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (!row || isEmptyRow(row)) continue;
    const rec = { file: table.file, row: table.firstRow + r } as RawRecord<K>;
    for (const k of keys) (rec as Record<string, Cell>)[k] = cellAt(row, index, k);
    out.push(rec);
  }
  return out;
}

export const readEntryRecords = (t: Table): EntryRecord[] => tableToRecords(t, ENTRY_SCHEMA);
export const readAdjustmentRecords = (t: Table): AdjustmentRecord[] => tableToRecords(t, ADJUSTMENT_SCHEMA);

export interface Employee {
  id: string;
  name: string;
  team: string;
  position: string;
  /** 'YYYY-MM-DD' */
  joinDate: string;
  status: string;
  file: string;
  row: number;
}

export interface Roster {
  employees: Employee[];
  problems: Problem[];
  /** 工号 rejected from the roster (so entries for them can say why). */
  invalidIds: Map<string, number>;
  counts: { read: number; accepted: number; rejected: number };
}

const rosterProblem = (rec: RosterRecord, key: RosterKey, code: string, message: string): Problem => ({
  file: rec.file,
  row: rec.row,
  column: headerOf(ROSTER_SCHEMA, key),
  code,
  message,
});

/** Reads 员工名单: 工号 unique text (leading zeros kept), 姓名 and a readable 入职日期 required. */
export function readRoster(records: RosterRecord[]): Roster {
  const employees: Employee[] = [];
  const problems: Problem[] = [];
  const invalidIds = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const rec of records) {
    const id = parseEmployeeId(rec.id);
    const name = keptText(rec.name);
    const joinDate = parseDate(rec.joinDate);
    const rowProblems: Problem[] = [];
    if (id === '') rowProblems.push(rosterProblem(rec, 'id', 'EMPLOYEE_ID_EMPTY', '工号为空：请填写该员工的工号。'));
    else if (/[*?~]/.test(id)) {
      rowProblems.push(rosterProblem(rec, 'id', 'EMPLOYEE_ID_WILDCARD', `工号「${id}」含有 * ? ~：这些字符在 Excel 公式里是通配符，会让月度考核表算错，请改用字母和数字。`));
    } else if (seen.has(id)) {
      rowProblems.push(rosterProblem(rec, 'id', 'EMPLOYEE_ID_DUPLICATE', `工号「${id}」与第${seen.get(id)}行重复：工号必须唯一，请核对后删除或更正其中一行。`));
    }
    if (name === '') rowProblems.push(rosterProblem(rec, 'name', 'EMPLOYEE_NAME_EMPTY', '姓名为空：请填写员工姓名。'));
    if (joinDate === null) {
      rowProblems.push(rosterProblem(rec, 'joinDate', 'JOIN_DATE_INVALID', `入职日期「${cleanText(rec.joinDate)}」无法识别：请填写如 2026-03-20 的日期（入职月数和绩效浮动依此计算）。`));
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      if (id !== '' && !seen.has(id)) invalidIds.set(id, rec.row);
      continue;
    }
    seen.set(id, rec.row);
    employees.push({
      id,
      name,
      team: cleanText(rec.team),
      position: keptText(rec.position),
      joinDate: joinDate!,
      status: cleanText(rec.status) || '在职',
      file: rec.file,
      row: rec.row,
    });
  }
  return { employees, problems, invalidIds, counts: { read: records.length, accepted: employees.length, rejected: records.length - employees.length } };
}

export function readRosterTable(table: Table): Roster {
  return readRoster(tableToRecords(table, ROSTER_SCHEMA));
}

/**
 * A 工号 of 1–8 digits as one number that keeps leading zeros apart ("007" → 73, "7" → 71), else −1.
 * Most 工号 are such, and as numbers they are found without comparing strings: with thousands of
 * employees, comparing each entry's 工号 with the roster's spelling costs a cache miss per entry.
 */
function digitKey(id: string): number {
  const n = id.length;
  if (n === 0 || n > 8) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value * 10 + n;
}

/**
 * Finds an employee by 工号. Exact text first ("007" ≠ "7"); a purely numeric 工号 that matches no one
 * exactly is tried without leading zeros, because Excel turns "0007" typed into a number cell into 7.
 * An ambiguous match (the roster has both 007 and 0007) is no match.
 */
export class EmployeeLookup {
  private readonly exact = new Map<string, number>();
  /** The short all-digit 工号 of `exact` again, by digitKey: found without comparing strings. */
  private readonly short = new Map<number, number>();
  /** Without leading zeros → position; -1 when two employees share it. */
  private readonly numeric = new Map<string, number>();

  /** 工号 by position (a flat list: cheaper to read per entry than each employee's record). */
  readonly ids: string[];

  constructor(readonly employees: readonly Employee[]) {
    this.ids = employees.map((e) => e.id);
    employees.forEach((e, i) => {
      this.exact.set(e.id, i);
      const key = digitKey(e.id);
      if (key >= 0) this.short.set(key, i);
      if (/^\d+$/.test(e.id)) {
        const stripped = e.id.replace(/^0+(?=\d)/, '');
        this.numeric.set(stripped, this.numeric.has(stripped) ? -1 : i);
      }
    });
  }

  /** The employee's position in the roster, or -1 when none matches. */
  indexOf(id: string): number {
    const key = digitKey(id);
    const hit = key >= 0 ? this.short.get(key) : this.exact.get(id);
    if (hit !== undefined || !/^\d+$/.test(id)) return hit ?? -1;
    return this.numeric.get(id.replace(/^0+(?=\d)/, '')) ?? -1;
  }

  find(id: string): Employee | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.employees[i];
  }
}

export function monthStart(month: string): string {
  return isoDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)!;
}

/**
 * Refuses a month that cannot be scored meaningfully, instead of giving everyone the base score:
 * a roster without one valid employee, or entries none of which is dated in the appraised month (a
 * wrong file or a wrong --month). Row problems are still reported row by row when the month is usable.
 */
export function assertScorableMonth(roster: Roster, entries: EntryRecord[], month: string, rosterFile: string): void {
  if (roster.employees.length === 0) {
    if (roster.counts.read === 0) {
      throw new InputError(`${rosterFile}：员工名单里没有任何员工（只有表头或是空表）。请确认给的是员工名单文件。`, 'ROSTER_EMPTY');
    }
    const first = roster.problems[0];
    const example = first ? `，如第${first.row}行「${first.column}」：${first.message}` : '';
    throw new InputError(`${rosterFile}：员工名单的 ${roster.counts.read} 行都有问题，没有一名有效的员工${example} 请改正员工名单后重新运行。`, 'ROSTER_NO_VALID_EMPLOYEE');
  }
  let dated = 0;
  let inMonth = 0;
  let earliest = '';
  let latest = '';
  for (const e of entries) {
    const d = parseDate(e.date);
    if (d === null) continue;
    dated++;
    if (d.slice(0, 7) === month) {
      inMonth++;
      break;
    }
    if (earliest === '' || d < earliest) earliest = d;
    if (latest === '' || d > latest) latest = d;
  }
  if (dated > 0 && inMonth === 0) {
    const file = entries[0].file;
    const span = earliest === latest ? earliest : `${earliest} 至 ${latest}`;
    throw new InputError(`${file}：考核记录中有日期的 ${dated} 行都不在考核月份 ${month} 内（日期为 ${span}）。是否给错了考核记录文件或 --month？`, 'ENTRIES_WRONG_MONTH');
  }
}
