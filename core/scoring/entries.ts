import { Problem } from '../problems';
import { Catalog, minuteTier, pointsText } from '../policy/catalog';
import { unreachable, type Item } from '../policy/types';
import { EmployeeLookup, EntryRecord } from '../input/records';
import { ENTRY_SCHEMA, EntryKey, headerOf } from '../input/schemas';
import { cleanText, isBlank, keptText, parseDate, parseEmployeeId, parseNumber, timeOnly, toTenths } from '../values';
import { MonthTally } from './tally';
import type { CountedEntry, VoidedEntry } from './types';

export type { CountedEntry, VoidedEntry } from './types';

export interface EntryCheck {
  /** The month summed per employee, by roster position (`EmployeeLookup.employees`). */
  tally: MonthTally;
  accepted: number;
  voided: number;
  problems: Problem[];
  /** Rows rejected (a row may carry several problems). */
  rejectedRows: number;
  /** Employees whose bonus was refused because of a violation that month (加分项冲突), by 工号. */
  conflicts: Map<string, CountedEntry[]>;
  /**
   * Counted rows given to a 工号 like "7" while the roster also has "007" (the same number with
   * zeros), by roster position: the notices say so, as an entry typed 7 may have meant 007.
   */
  shadowedHits: Map<number, number>;
  /** An employee's counted entries in row order, rebuilt from the records (for explanations). */
  countedEntries(at: number): CountedEntry[];
}

export interface EntryContext {
  catalog: Catalog;
  month: string;
  lookup: EmployeeLookup;
  /** 工号 whose roster row was rejected, with that row. */
  invalidRosterIds?: Map<string, number>;
}

const STATUS_VALID = '有效';
/** More occurrences than this in one line is a typing slip far more often than a fact. */
export const MAX_COUNT = 100;
const STATUS_VOID = '作废';

function problem(rec: EntryRecord, key: EntryKey, code: string, message: string): Problem {
  return { file: rec.file, row: rec.row, column: headerOf(ENTRY_SCHEMA, key), code, message };
}

const show = (v: unknown) => cleanText(v as string);

/** Free text is kept as typed (trimmed), not folded: it is shown back to people, never parsed. */
const noteText = (v: unknown) => keptText(v as string);

// Codes repeat thousands of times a month: fold each distinct spelling once (bounded, pure).
const codeMemo = new Map<unknown, string>();
function itemCode(value: unknown): string {
  const known = codeMemo.get(value);
  if (known !== undefined) return known;
  const code = cleanText(value as string).toUpperCase();
  if (codeMemo.size > 4096) codeMemo.clear();
  codeMemo.set(value, code);
  return code;
}

/** The context of the row checks: the caller's, plus what is worked out once per month. */
interface RowContext extends EntryContext {
  /**
   * Per roster position, 1 when the employee joined on or before the month's first day: no date in
   * the month can then be before joining, and the row needs no look at the employee's record.
   */
  joinedBefore: Uint8Array;
}

function rowContext(ctx: EntryContext): RowContext {
  const first = `${ctx.month}-01`;
  return { ...ctx, joinedBefore: Uint8Array.from(ctx.lookup.employees, (e) => (e.joinDate <= first ? 1 : 0)) };
}

/** A CountedEntry to be filled by checkRow. */
const blankEntry = (): CountedEntry => ({
  file: '',
  row: 0,
  date: '',
  employeeId: '',
  rosterIndex: -1,
  item: undefined as unknown as Item,
  count: 0,
  category: '',
  effect: 'none',
  violation: false,
  unitTenths: 0,
  minutes: null,
  note: '',
});

/**
 * The row checks proper: problems go to the caller's list; null when the row is rejected. A row that
 * counts is written into `into`, which is returned: the month's pass reuses one object for all its
 * rows (hundreds of thousands of short-lived objects are most of its garbage) and copies the few it keeps.
 */
function checkRow(
  rec: EntryRecord,
  ctx: RowContext,
  problems: Problem[],
  into: CountedEntry,
): CountedEntry | VoidedEntry | null {
  const before = problems.length;
  const status = cleanText(rec.status);
  const employeeText = parseEmployeeId(rec.id);
  const code = itemCode(rec.code);
  if (status === STATUS_VOID) {
    const voidReason = keptText(rec.voidReason);
    if (voidReason === '') {
      problems.push(
        problem(
          rec,
          'voidReason',
          'VOID_REASON_MISSING',
          '状态为「作废」但未填写作废原因：请写明作废原因（作废的记录保留可见，但不计分）。',
        ),
      );
      return null;
    }
    const at = ctx.lookup.indexOf(employeeText);
    const employeeId = at < 0 ? employeeText : ctx.lookup.ids[at];
    return {
      file: rec.file,
      row: rec.row,
      date: parseDate(rec.date),
      employeeId,
      rosterIndex: at,
      code,
      reason: voidReason,
      note: noteText(rec.note),
    };
  }
  if (status !== '' && status !== STATUS_VALID) {
    problems.push(
      problem(rec, 'status', 'STATUS_INVALID', `状态「${status}」无法识别：只能为空、「有效」或「作废」。`),
    );
  }

  const date = parseDate(rec.date);
  const inMonth = date !== null && date.startsWith(ctx.month);
  if (date === null) {
    const time = timeOnly(rec.date);
    problems.push(
      time !== null
        ? problem(
            rec,
            'date',
            'DATE_TIME_ONLY',
            `日期「${time}」只有时间，没有日期：请填写违规或加分发生的日期，如 2026-10-05（如需记录时间，可写 2026-10-05 ${time}）。`,
          )
        : isBlank(rec.date)
          ? problem(rec, 'date', 'DATE_MISSING', '日期为空：请填写违规或加分发生的日期，如 2026-10-05。')
          : problem(
              rec,
              'date',
              'DATE_INVALID',
              `日期「${show(rec.date)}」无法识别：请填写如 2026-10-05 或 2026/10/5 的日期。`,
            ),
    );
  } else if (!inMonth) {
    problems.push(
      problem(
        rec,
        'date',
        'DATE_OUTSIDE_MONTH',
        `日期 ${date} 不在考核月份 ${ctx.month} 内：请改正日期，或放到对应月份的考核表中。`,
      ),
    );
  }

  let employeeId = employeeText;
  let rosterIndex = -1;
  if (employeeText === '') {
    problems.push(problem(rec, 'id', 'EMPLOYEE_ID_EMPTY', '工号为空：请填写员工工号。'));
  } else {
    rosterIndex = ctx.lookup.indexOf(employeeText);
    if (rosterIndex < 0) {
      const rosterRow = ctx.invalidRosterIds?.get(employeeText);
      const why = ctx.lookup.unmatched(employeeText);
      problems.push(
        rosterRow !== undefined && why.code === 'EMPLOYEE_UNKNOWN'
          ? problem(
              rec,
              'id',
              'EMPLOYEE_ROSTER_INVALID',
              `工号「${employeeText}」在员工名单第${rosterRow}行的信息有误，请先改正员工名单。`,
            )
          : problem(rec, 'id', why.code, why.message),
      );
    } else {
      employeeId = ctx.lookup.ids[rosterIndex];
      if (date !== null && !(inMonth && ctx.joinedBefore[rosterIndex] === 1)) {
        const joined = ctx.lookup.employees[rosterIndex].joinDate;
        if (date < joined)
          problems.push(
            problem(rec, 'date', 'DATE_BEFORE_JOIN', `日期 ${date} 早于该员工的入职日期 ${joined}：请核对日期或工号。`),
          );
      }
    }
  }

  const item = code === '' ? undefined : ctx.catalog.item(code);
  if (code === '') {
    problems.push(problem(rec, 'code', 'ITEM_CODE_EMPTY', '项目代码为空：请从考核项目表中选择代码（如 L01）。'));
  } else if (ctx.catalog.isAutomatic(code)) {
    problems.push(
      problem(rec, 'code', 'ITEM_AUTOMATIC', `「${code}」由系统按规则自动计算，不能手工录入：请删除此行或改为作废。`),
    );
  } else if (!item) {
    problems.push(
      problem(rec, 'code', 'ITEM_UNKNOWN', `项目代码「${code}」不在考核项目表中：请核对代码（如 L01、M03、T01）。`),
    );
  }

  let count = 1;
  const countValue = parseNumber(rec.count);
  if (countValue !== null) {
    if (!Number.isInteger(countValue) || countValue < 1) {
      problems.push(
        problem(
          rec,
          'count',
          'COUNT_INVALID',
          `次数「${show(rec.count)}」无效：次数应为不小于1的整数（不填默认为1）。`,
        ),
      );
    } else if (countValue > MAX_COUNT) {
      problems.push(
        problem(
          rec,
          'count',
          'COUNT_TOO_LARGE',
          `次数 ${countValue} 过大（一行最多 ${MAX_COUNT} 次）：请核对是否多打了数字；确有其事请分多行录入。`,
        ),
      );
    } else count = countValue;
  }
  if (item && item.frequency === 'monthly' && count > 1) {
    problems.push(
      problem(
        rec,
        'count',
        'ONCE_A_MONTH_COUNT',
        `「${item.code} ${item.name}」每月只计一次，次数不能为${count}：请改为1。`,
      ),
    );
  }

  let minutes: number | null = null;
  let category = item?.category ?? '';
  let unitTenths = 0;
  if (item) {
    switch (item.kind) {
      case 'minuteTiers': {
        const m = parseNumber(rec.minutes);
        if (m === null)
          problems.push(
            problem(
              rec,
              'minutes',
              'MINUTES_REQUIRED',
              `「${item.code} ${item.name}」必须填写超时分钟（超出规定处理时间的分钟数），据此确定违规等级。`,
            ),
          );
        else if (Number.isNaN(m) || m <= 0)
          problems.push(
            problem(rec, 'minutes', 'MINUTES_INVALID', `超时分钟「${show(rec.minutes)}」无效：应为大于0的数字。`),
          );
        else {
          minutes = m;
          const tier = minuteTier(item, m)!;
          category = tier.category;
          unitTenths = toTenths(tier.points);
        }
        break;
      }
      case 'range':
        unitTenths = -1;
        break;
      case 'fixed':
        unitTenths = toTenths(item.points);
        break;
      case 'unscored':
        unitTenths = 0;
        break;
      default:
        unreachable(item);
    }
    const p = parseNumber(rec.points);
    const pTenths = p === null || Number.isNaN(p) ? NaN : toTenths(Math.abs(p));
    if (p !== null && (Number.isNaN(p) || Number.isNaN(pTenths))) {
      problems.push(
        problem(rec, 'points', 'POINTS_INVALID', `分值「${show(rec.points)}」无效：应为数字，最多一位小数。`),
      );
    } else if (item.kind === 'range') {
      if (p === null) {
        problems.push(
          problem(
            rec,
            'points',
            'POINTS_REQUIRED',
            `「${item.code} ${item.name}」的分值在 ${pointsText(item)} 分之间，必须填写本次扣分。`,
          ),
        );
      } else if (pTenths < toTenths(item.range.min) || pTenths > toTenths(item.range.max)) {
        problems.push(
          problem(
            rec,
            'points',
            'POINTS_OUT_OF_RANGE',
            `分值 ${Math.abs(p)} 超出「${item.code} ${item.name}」的范围 ${pointsText(item)} 分：请填写范围内的分值。`,
          ),
        );
      } else unitTenths = pTenths;
    } else if (p !== null && !(item.kind === 'minuteTiers' && minutes === null) && pTenths !== unitTenths) {
      const expected = unitTenths / 10;
      problems.push(
        problem(
          rec,
          'points',
          'POINTS_NOT_FIXED',
          item.kind === 'minuteTiers'
            ? `分值 ${Math.abs(p)} 与超时 ${minutes} 分钟对应的 ${expected} 分不符：分值可留空，由超时分钟自动确定。`
            : `「${item.code} ${item.name}」的分值固定为 ${expected} 分，不能填 ${Math.abs(p)}：请留空或填 ${expected}。`,
        ),
      );
    }
  }

  if (problems.length > before) return null;
  const cat = ctx.catalog.category(category);
  into.file = rec.file;
  into.row = rec.row;
  into.date = date!;
  into.employeeId = employeeId;
  into.rosterIndex = rosterIndex;
  into.item = item!;
  into.count = count;
  into.category = category;
  into.effect = cat.effect;
  into.violation = cat.violation;
  into.unitTenths = unitTenths;
  into.minutes = minutes;
  into.note = noteText(rec.note);
  return into;
}

/**
 * Validates a month's entries in row order and sums each employee's month as it goes. Of several
 * entries of a once-a-month item for one employee the first counts and later ones are rejected; an
 * item that excludes violations is refused, once the month is complete, for an employee with any
 * counted violation that month.
 */
export function checkEntries(records: EntryRecord[], entryContext: EntryContext): EntryCheck {
  const ctx = rowContext(entryContext);
  const tally = new MonthTally(ctx.catalog.policy, ctx.lookup.employees.length, records.length);
  const problems: Problem[] = [];
  const held: { entry: CountedEntry; index: number }[] = [];
  const row = blankEntry();
  const shadowing = ctx.lookup.shadowing;
  const shadowedHits = new Map<number, number>();
  let rejectedRows = 0;
  let voided = 0;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    const r = checkRow(rec, ctx, problems, row);
    if (r === null) {
      rejectedRows++;
      continue;
    }
    if ('reason' in r) {
      voided++;
      if (r.rosterIndex >= 0) tally.addVoided(r);
      continue;
    }
    const at = r.rosterIndex;
    if (shadowing[at] === 1) shadowedHits.set(at, (shadowedHits.get(at) ?? 0) + 1);
    if (r.item.frequency === 'monthly') {
      const firstIndex = tally.claimMonthly(r.item, at, i);
      if (firstIndex >= 0) {
        const first = records[firstIndex];
        problems.push(
          problem(
            rec,
            'code',
            'ONCE_A_MONTH_DUPLICATE',
            `「${r.item.code} ${r.item.name}」每月只计一次，本月已记录（${first.file} 第${first.row}行）：请删除本行或改为作废。`,
          ),
        );
        rejectedRows++;
        continue;
      }
    }
    if (r.violation) tally.violation[at] = 1;
    if (r.item.excludesViolations) held.push({ entry: { ...r }, index: i });
    else tally.add(r, i);
  }

  const conflicts = new Map<string, CountedEntry[]>();
  for (const { entry: e, index } of held) {
    if (!tally.violation[e.rosterIndex]) {
      tally.add(e, index);
      continue;
    }
    problems.push({
      file: e.file,
      row: e.row,
      column: headerOf(ENTRY_SCHEMA, 'code'),
      code: 'BONUS_CONFLICT',
      message: `「${e.item.code} ${e.item.name}」要求当月无违规，但该员工本月有违规记录：此加分不计（加分项冲突）。`,
    });
    let list = conflicts.get(e.employeeId);
    if (!list) conflicts.set(e.employeeId, (list = []));
    list.push(e);
    rejectedRows++;
  }
  const accepted = tally.counted.reduce((a, b) => a + b, 0);

  // Each employee's record indices in row order (a counting sort over `owner`), built when first asked.
  let starts: Int32Array | undefined;
  let order: Int32Array | undefined;
  const countedEntries = (at: number): CountedEntry[] => {
    if (!starts || !order) {
      starts = new Int32Array(tally.employees + 1);
      for (let p = 0; p < tally.employees; p++) starts[p + 1] = starts[p] + tally.counted[p];
      order = new Int32Array(accepted);
      const next = starts.slice(0, tally.employees);
      tally.owner.forEach((p, i) => {
        if (p >= 0) order![next[p]++] = i;
      });
    }
    const scratch: Problem[] = [];
    return Array.from(
      order.subarray(starts[at], starts[at + 1]),
      (i) => checkRow(records[i], ctx, scratch, blankEntry()) as CountedEntry,
    );
  };
  return { tally, accepted, voided, problems, rejectedRows, conflicts, shadowedHits, countedEntries };
}
