import { InputError, Problem } from '../problems';
import { Cell, cleanText, isoDate, keptText, parseDate, parseEmployeeId, timeOnly } from '../values';
import {
  ADJUSTMENT_SCHEMA,
  AdjustmentKey,
  ENTRY_SCHEMA,
  EntryKey,
  ROSTER_SCHEMA,
  RosterKey,
  headerOf,
} from './schemas';
import { RecordSchema, Table, cellAt, helperColumns, isEmptyRow, mapColumns, requireColumns } from './table';

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
  return findHeader(table, schema) ?? table;
}

/** The table from its header row on, when the header is row 1 or one of the next 10 rows; else null. */
export function findHeader<K extends string>(table: Table, schema: RecordSchema<K>): Table | null {
  if (mapColumns(table.headers, schema).missing.length === 0) return table;
  const limit = Math.min(table.rows.length, 10);
  for (let i = 0; i < limit; i++) {
    if (mapColumns(table.rows[i], schema).missing.length === 0) {
      return { ...table, headers: table.rows[i], rows: table.rows.slice(i + 1), firstRow: table.firstRow + i + 1 };
    }
  }
  return null;
}

/**
 * The table's rows as records. Header cells that could not be read as a column (a second 备注 beside
 * 说明, 「说明2」) are described in `notices`; a near miss for a column not found is fatal (requireColumns).
 */
export function tableToRecords<K extends string>(
  source: Table,
  schema: RecordSchema<K>,
  notices?: string[],
): RawRecord<K>[] {
  const table = locateHeader(source, schema);
  const index = requireColumns(table, schema, table.firstRow - 1, notices);
  const out: RawRecord<K>[] = [];
  const keys = schema.columns.map((c) => c.key);
  // kaohe's own workbooks carry formula helper columns on spare rows below the data: such a row is blank
  const helpers = helperColumns(table.headers, schema);
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (!row || isEmptyRow(row, helpers)) continue;
    const rec = { file: table.file, row: table.firstRow + r } as RawRecord<K>;
    for (const k of keys) (rec as Record<string, Cell>)[k] = cellAt(row, index, k);
    out.push(rec);
  }
  return out;
}

export const readEntryRecords = (t: Table, notices?: string[]): EntryRecord[] =>
  tableToRecords(t, ENTRY_SCHEMA, notices);
export const readAdjustmentRecords = (t: Table, notices?: string[]): AdjustmentRecord[] =>
  tableToRecords(t, ADJUSTMENT_SCHEMA, notices);

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
  /** 工号 on more than one roster row, with those rows: none of them is an employee, entries for them are rejected. */
  duplicateIds: Map<string, number[]>;
  counts: { read: number; accepted: number; rejected: number };
}

const rosterProblem = (rec: RosterRecord, key: RosterKey, code: string, message: string): Problem => ({
  file: rec.file,
  row: rec.row,
  column: headerOf(ROSTER_SCHEMA, key),
  code,
  message,
});

const rowList = (rows: number[]) => rows.map((r) => `第${r}行`).join('和');

/**
 * Reads 员工名单: 工号 unique text (leading zeros kept), 姓名 and a readable 入职日期 required. A 工号 on
 * two rows is nobody's: both rows are rejected, and so are the entries for it (never given to the first).
 */
export function readRoster(records: RosterRecord[]): Roster {
  const employees: Employee[] = [];
  const problems: Problem[] = [];
  const invalidIds = new Map<string, number>();
  const ids = records.map((rec) => parseEmployeeId(rec.id));
  const rowsOf = new Map<string, number[]>();
  ids.forEach((id, i) => {
    if (id === '') return;
    const list = rowsOf.get(id);
    if (list) list.push(records[i].row);
    else rowsOf.set(id, [records[i].row]);
  });
  const duplicateIds = new Map<string, number[]>();
  for (const [id, rows] of rowsOf) if (rows.length > 1) duplicateIds.set(id, rows);
  records.forEach((rec, i) => {
    const id = ids[i];
    const name = keptText(rec.name);
    const joinDate = parseDate(rec.joinDate);
    const rowProblems: Problem[] = [];
    if (id === '') rowProblems.push(rosterProblem(rec, 'id', 'EMPLOYEE_ID_EMPTY', '工号为空：请填写该员工的工号。'));
    else if (/[*?~]/.test(id)) {
      rowProblems.push(
        rosterProblem(
          rec,
          'id',
          'EMPLOYEE_ID_WILDCARD',
          `工号「${id}」含有 * ? ~：这些字符在 Excel 公式里是通配符，会让月度考核表算错，请改用字母和数字。`,
        ),
      );
    } else if (duplicateIds.has(id)) {
      const others = duplicateIds.get(id)!.filter((r) => r !== rec.row);
      rowProblems.push(
        rosterProblem(
          rec,
          'id',
          'EMPLOYEE_ID_DUPLICATE',
          `工号「${id}」与${rowList(others)}重复：无法确定考核记录属于谁，这个工号的记录都不计分。工号必须唯一，请核对后删除或更正其中一行。`,
        ),
      );
    }
    if (name === '') rowProblems.push(rosterProblem(rec, 'name', 'EMPLOYEE_NAME_EMPTY', '姓名为空：请填写员工姓名。'));
    if (joinDate === null) {
      const time = timeOnly(rec.joinDate);
      rowProblems.push(
        rosterProblem(
          rec,
          'joinDate',
          'JOIN_DATE_INVALID',
          time !== null
            ? `入职日期「${time}」只有时间，没有日期：请填写如 2026-03-20 的日期（入职月数和绩效浮动依此计算）。`
            : `入职日期「${cleanText(rec.joinDate)}」无法识别：请填写如 2026-03-20 的日期（入职月数和绩效浮动依此计算）。`,
        ),
      );
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      if (id !== '' && !duplicateIds.has(id) && !invalidIds.has(id)) invalidIds.set(id, rec.row);
      return;
    }
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
  });
  return {
    employees,
    problems,
    invalidIds,
    duplicateIds,
    counts: { read: records.length, accepted: employees.length, rejected: records.length - employees.length },
  };
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
  /**
   * Per position, 1 when the 工号 has no leading zero and another 工号 is the same number with zeros
   * ("7" beside "007"): an entry typed 7 is given to "7", and the month's notices say so.
   */
  readonly shadowing: Uint8Array;

  constructor(
    readonly employees: readonly Employee[],
    private readonly rejected: { invalidIds?: Map<string, number>; duplicateIds?: Map<string, number[]> } = {},
  ) {
    this.ids = employees.map((e) => e.id);
    this.shadowing = new Uint8Array(employees.length);
    const byNumber = new Map<string, number[]>();
    employees.forEach((e, i) => {
      this.exact.set(e.id, i);
      const key = digitKey(e.id);
      if (key >= 0) this.short.set(key, i);
      if (/^\d+$/.test(e.id)) {
        const stripped = stripZeros(e.id);
        this.numeric.set(stripped, this.numeric.has(stripped) ? -1 : i);
        const list = byNumber.get(stripped);
        if (list) list.push(i);
        else byNumber.set(stripped, [i]);
      }
    });
    for (const [stripped, list] of byNumber) {
      if (list.length < 2) continue;
      for (const i of list) if (this.ids[i] === stripped) this.shadowing[i] = 1;
    }
  }

  /** The other employees whose 工号 is the same number as the one at `at` ("007" for "7"). */
  shadowed(at: number): Employee[] {
    const n = stripZeros(this.ids[at]);
    return this.employees.filter((e, i) => i !== at && /^\d+$/.test(e.id) && stripZeros(e.id) === n);
  }

  /**
   * Why a 工号 that indexOf could not find matches no one, as a problem code and Chinese message: on
   * several roster rows, the same number as several roster 工号 ("7" for "007" and "0007"), on a roster
   * row that was rejected, or simply not on the roster. `fix` ends the unknown case's message.
   */
  unmatched(id: string, fix = '请核对工号，或先把该员工加入员工名单。'): { code: string; message: string } {
    const digits = /^\d+$/.test(id);
    const sameNumber = (other: string) =>
      other === id || (digits && /^\d+$/.test(other) && stripZeros(other) === stripZeros(id));
    for (const [dup, rows] of this.rejected.duplicateIds ?? []) {
      if (sameNumber(dup)) {
        return {
          code: 'EMPLOYEE_ID_AMBIGUOUS',
          message: `工号「${dup}」在员工名单中出现了不止一次（${rowList(rows)}），无法确定是谁：此行不计分。请先改正员工名单，使每个工号只出现一次。`,
        };
      }
    }
    if (digits) {
      const candidates = this.employees.filter((e) => /^\d+$/.test(e.id) && stripZeros(e.id) === stripZeros(id));
      if (candidates.length > 1) {
        const list = candidates.map((e) => `「${e.id} ${e.name}」`).join('');
        return {
          code: 'EMPLOYEE_ID_AMBIGUOUS',
          message: `工号「${id}」去掉开头的 0 后与员工名单中的多个工号相同：${list}，无法确定是谁（Excel 会把数字格式单元格里的 0007 变成 7）：请把工号列设为文本，填写完整的工号。`,
        };
      }
    }
    const invalid = this.rejected.invalidIds;
    if (invalid) {
      let row = invalid.get(id);
      if (row === undefined && digits) for (const [other, r] of invalid) if (sameNumber(other)) row = r;
      if (row !== undefined)
        return {
          code: 'EMPLOYEE_ROSTER_INVALID',
          message: `工号「${id}」在员工名单第${row}行的信息有误，请先改正员工名单。`,
        };
    }
    return { code: 'EMPLOYEE_UNKNOWN', message: `工号「${id}」不在员工名单中：${fix}` };
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

function stripZeros(id: string): string {
  return id.replace(/^0+(?=\d)/, '');
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
      throw new InputError(
        `${rosterFile}：员工名单里没有任何员工（只有表头或是空表）。请确认给的是员工名单文件。`,
        'ROSTER_EMPTY',
      );
    }
    const first = roster.problems[0];
    const example = first ? `，如第${first.row}行「${first.column}」：${first.message}` : '';
    throw new InputError(
      `${rosterFile}：员工名单的 ${roster.counts.read} 行都有问题，没有一名有效的员工${example} 请改正员工名单后重新运行。`,
      'ROSTER_NO_VALID_EMPLOYEE',
    );
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
    throw new InputError(
      `${file}：考核记录中有日期的 ${dated} 行都不在考核月份 ${month} 内（日期为 ${span}）。是否给错了考核记录文件或 --month？`,
      'ENTRIES_WRONG_MONTH',
    );
  }
}
