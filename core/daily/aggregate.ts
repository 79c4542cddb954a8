/**
 * The incremental 日报 aggregator: rows go in one at a time (header first), and only per-day
 * aggregates and per-day lists are kept, so a month of 300,000 calls streams in bounded memory.
 *
 * Boundary semantics (all durations in whole seconds of local time):
 * - 接单 within 接单时限 when 接单时间 − 受理时间 ≤ limit (exactly 30 min is on time; 30 min 1 s is late);
 *   no 接单时间 on a repair is also event 1. Same for 联系住户时间 and event 2.
 * - over4h / event 3: 完成时间 − 受理时间 > 4 h on a completed repair (exactly 4 h is not over).
 * - A day is 00:00:00–23:59:59 local; a call belongs to the day of its 受理时间, a visit to the day
 *   of its 回访时间 (which may be days after the call, or in another month).
 * - A row is counted part by part: the call on the day of its 受理时间, the return visit on the day
 *   of its 回访时间. A row whose call has an unreadable or impossible field is a problem row of its
 *   day: listed with every reason, counted in that day's total and in no other call figure; its
 *   visit still counts when the visit's own fields are readable.
 * - A bad visit field (回访时间, 是否解决, 维修工态度, 是否收费, 评分) never drops the call: the call is
 *   counted, and the bad part is listed in partProblems (of the visit's day, or of the call's day when
 *   回访时间 itself is bad). A bad result field counts as not filled; a bad 回访时间 drops the visit.
 * - A 投诉 whose 投诉对象 is neither 维修人员 nor 收费人员 counts as 投诉 and is listed in partProblems.
 * - A text written to the report (维修站, 工号, 工单号, 意见) longer than an Excel cell holds is cut
 *   there and listed in partProblems (TEXT_TOO_LONG); the call counts.
 */
import type { Problem } from '../problems';
import { InputError } from '../problems';
import { ColumnIndex, duplicateColumns, isEmptyRow, mapColumns } from '../input/table';
import type { Cell } from '../values';
import { EXCEL_CELL_MAX, textTooLong } from '../cell-limit';
import { dayOf, formatDateTime } from './datetime';
import { Call, parseCallRow, RowParts, Visit } from './row';
import {
  ATTITUDES,
  CALL_SCHEMA,
  CALL_TYPES,
  CallKey,
  CallType,
  DailySettings,
  DEFAULT_DAILY_SETTINGS,
  EXCEPTION_KEYS,
  EXCEPTION_KINDS,
  ExceptionKind,
} from './schema';

export interface ExceptionEntry {
  ticket: string;
  /** 受理时间 as 'YYYY-MM-DD HH:MM:SS'. */
  time: string;
  station: string;
  agent: string;
  /** What happened, in Chinese. */
  detail: string;
}

export interface StationRepairs {
  repairs: number;
  completed: number;
  over4h: number;
}

export interface DayReport {
  date: string;
  total: number;
  byType: Record<CallType, number>;
  byStation: Record<string, number>;
  byAgent: Record<string, number>;
  repairs: number;
  completed: number;
  completionRate: number;
  meanHandlingHours: number | null;
  over4h: number;
  visits: number;
  solved: number;
  attitude: Record<'满意' | '一般' | '不满意' | '未填', number>;
  meanScore: number | null;
  /** Visits that have a 评分 (the weight of meanScore when days are combined into a week or month). */
  scoredVisits: number;
  charged: number;
  exceptions: Record<ExceptionKind, { name: string; count: number; list: ExceptionEntry[] }>;
  /** One Problem per row that could not be counted (column/code list every bad column; message all reasons). */
  problemRows: Problem[];
  /** Rows of the whole file whose 受理时间 cannot be read. */
  unreadable: Problem[];
  /**
   * Parts of rows that could not be counted while the rest of the row was (a bad return-visit field,
   * an unknown 投诉对象): one Problem per row and part, listed on the day the part belongs to.
   */
  partProblems: Problem[];
  /** Repairs by 维修站 (for the 完成情况 sheet). */
  stationRepairs: Record<string, StationRepairs>;
  reconciliation: Reconciliation;
}

/** 核对: rows in the file = counted on D + problem rows of D + rows of other days + unreadable. */
export interface Reconciliation {
  file: string;
  fileRows: number;
  counted: number;
  problem: number;
  otherDays: number;
  unreadable: number;
  /** Entirely empty lines: not data rows, not in fileRows. */
  blankLines: number;
  /** Parts listed on this day of rows that are otherwise counted (partProblems; not extra rows). */
  partial: number;
  balanced: boolean;
}

interface DayAgg {
  total: number;
  byType: Record<CallType, number>;
  byStation: Map<string, number>;
  byAgent: Map<string, number>;
  stationRepairs: Map<string, StationRepairs>;
  repairs: number;
  completed: number;
  handlingSeconds: number;
  handlingCount: number;
  over4h: number;
  exceptionCounts: Record<ExceptionKind, number>;
  exceptionLists: Record<ExceptionKind, ExceptionEntry[]> | null;
  problemRows: Problem[] | null;
  problemCount: number;
  tickets: Set<string> | null;
  released: boolean;
}

interface VisitAgg {
  visits: number;
  solved: number;
  attitude: Record<'满意' | '一般' | '不满意' | '未填', number>;
  scoreSum: number;
  scoreCount: number;
  charged: number;
}

export const NO_STATION = '（未填维修站）';

const zeroTypes = () => Object.fromEntries(CALL_TYPES.map((t) => [t, 0])) as Record<CallType, number>;
const zeroExceptions = () => Object.fromEntries(EXCEPTION_KEYS.map((k) => [k, 0])) as Record<ExceptionKind, number>;
const emptyLists = () =>
  Object.fromEntries(EXCEPTION_KEYS.map((k) => [k, []])) as unknown as Record<ExceptionKind, ExceptionEntry[]>;
const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
/**
 * A copy of a string that does not share storage with the text it was cut from: a cell read from a
 * big decoded chunk of the file would otherwise keep the whole chunk alive in the per-day lists.
 */
const own = (s: string) => (s.length < 13 ? s : (' ' + s).slice(1));

function minutesText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} 分钟` : `${m} 分 ${s} 秒`;
}

function hoursText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h} 小时 ${m} 分${s ? ` ${s} 秒` : ''}`;
}

/** One row that could not be counted, as a single Problem listing every reason. */
function rowProblem(problems: Problem[]): Problem {
  const first = problems[0];
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];
  return {
    file: first.file,
    row: first.row,
    column: uniq(problems.map((p) => p.column)).join('、'),
    code: uniq(problems.map((p) => p.code)).join(','),
    message: problems.map((p) => p.message).join('；'),
  };
}

function visitPartProblem(problems: Problem[], visitCounted: string | null): Problem {
  const p = rowProblem(problems);
  const reasons = p.message.replace(/[。；]$/, '');
  return {
    ...p,
    message: visitCounted
      ? `${reasons}。该行的来电已计入受理当天，回访已计入 ${visitCounted} 的回访情况，这一项按未填统计：请在呼叫系统中改正后重新导出。`
      : `${reasons}。该行的来电已计入受理当天，但这次回访无法归入任何一天，未计入回访情况：请补全或改正回访时间后重新导出。`,
  };
}

export interface AggregatorOptions {
  file: string;
  settings?: DailySettings;
  /** Days whose lists (abnormal events, problem rows) are kept; all days when omitted. */
  keepLists?: (day: string) => boolean;
}

export class DailyAggregator {
  readonly file: string;
  readonly settings: DailySettings;
  private readonly keepLists: (day: string) => boolean;
  private index: ColumnIndex<CallKey> | null = null;
  private readonly days = new Map<string, DayAgg>();
  private readonly visitDays = new Map<string, VisitAgg>();
  private readonly unreadableRows: Problem[] = [];
  /** Per day: parts of rows listed there (count, and the list when the day's lists are kept). */
  private readonly partDays = new Map<string, { count: number; list: Problem[] | null }>();
  private rows = 0;
  private blank = 0;
  private finished = false;

  constructor(options: AggregatorOptions) {
    this.file = options.file;
    this.settings = options.settings ?? DEFAULT_DAILY_SETTINGS;
    this.keepLists = options.keepLists ?? (() => true);
  }

  /** The header row; a missing required column is fatal and named. */
  header(cells: Cell[]): void {
    const { index, missing } = mapColumns(cells, CALL_SCHEMA);
    if (missing.length > 0) {
      throw new InputError(
        `${this.file}：${CALL_SCHEMA.title}缺少必需的列「${missing.join('」「')}」。请检查第1行的表头（列的顺序不限，多余的列会被忽略）。`,
        'MISSING_COLUMN',
      );
    }
    const dups = duplicateColumns(cells, CALL_SCHEMA);
    if (dups.length > 0) {
      throw new InputError(
        `${this.file}：${CALL_SCHEMA.title}第1行的表头中 ${dups.join('、')} 出现了不止一次，无法确定该用哪一列。请删除多余的列或改掉其中一个列名。`,
        'DUPLICATE_COLUMN',
      );
    }
    this.index = index;
  }

  /** A data row with its Excel row number (header = row 1). */
  add(cells: Cell[], excelRow: number): void {
    if (!this.index) throw new Error('DailyAggregator.add before header');
    if (this.finished) throw new Error('DailyAggregator.add after finish');
    if (isEmptyRow(cells)) {
      this.blank++;
      return;
    }
    this.rows++;
    const outcome = parseCallRow(cells, this.index, this.file, excelRow);
    if (outcome.kind === 'unreadable') {
      this.unreadableRows.push(outcome.problem);
      return;
    }
    if (outcome.kind === 'problem') {
      const agg = this.day(outcome.day);
      agg.total++;
      agg.problemCount++;
      // The call is not counted: its bad visit fields are reasons of the same listed row (not a
      // part of a counted row), and its 投诉对象 does not matter; a readable visit still counts.
      const { visit, visitProblems } = outcome.parts;
      const visitDay = visit ? this.countVisit(visit) : null;
      const p = rowProblem([...outcome.problems, ...visitProblems]);
      if (visitDay)
        p.message += `；该行的回访已计入 ${visitDay} 的回访情况${visitProblems.length ? '（有误的回访项按未填统计）' : ''}`;
      agg.problemRows?.push(p);
      return;
    }
    const call = outcome.call;
    const agg = this.day(call.day);
    if (agg.tickets) {
      if (agg.tickets.has(call.ticket)) {
        agg.total++;
        agg.problemCount++;
        agg.problemRows?.push({
          file: this.file,
          row: excelRow,
          column: '工单号',
          code: 'DUPLICATE_TICKET',
          message: `工单号「${call.ticket}」在同一天已出现过：重复的行只计一次（不得虚报），请核对导出文件。`,
        });
        return;
      }
      agg.tickets.add(own(call.ticket));
    }
    this.count(agg, call);
    this.parts(outcome.parts, call.day);
  }

  /** Counts the visit of a counted call and lists the row's bad parts. */
  private parts(parts: RowParts, callDay: string): void {
    if (parts.targetProblem) this.listPart(callDay, parts.targetProblem);
    const visitDay = parts.visit ? this.countVisit(parts.visit) : null;
    if (parts.visitProblems.length > 0) this.listPart(parts.visitDay, visitPartProblem(parts.visitProblems, visitDay));
  }

  private listPart(day: string, problem: Problem): void {
    let d = this.partDays.get(day);
    if (!d) this.partDays.set(day, (d = { count: 0, list: this.keepLists(day) ? [] : null }));
    d.count++;
    d.list?.push(problem);
  }

  private day(day: string): DayAgg {
    let agg = this.days.get(day);
    if (!agg) {
      const keep = this.keepLists(day);
      agg = {
        total: 0,
        byType: zeroTypes(),
        byStation: new Map(),
        byAgent: new Map(),
        stationRepairs: new Map(),
        repairs: 0,
        completed: 0,
        handlingSeconds: 0,
        handlingCount: 0,
        over4h: 0,
        exceptionCounts: zeroExceptions(),
        exceptionLists: keep ? emptyLists() : null,
        problemRows: keep ? [] : null,
        problemCount: 0,
        tickets: keep ? new Set() : null,
        released: false,
      };
      this.days.set(day, agg);
    }
    return agg;
  }

  private count(agg: DayAgg, call: Call): void {
    const s = this.settings;
    agg.total++;
    agg.byType[call.type]++;
    const station = call.station || NO_STATION;
    inc(agg.byStation, station);
    inc(agg.byAgent, call.agent);
    // Texts written to the report longer than a cell holds are cut there: say so (once per column).
    let cut: Set<string> | null = null;
    const fits = (column: string, text: string, length = text.length) => {
      if (text.length <= EXCEL_CELL_MAX || cut?.has(column)) return;
      (cut ??= new Set()).add(column);
      this.listPart(call.day, textTooLong(this.file, call.row, column, length, '日报中'));
    };
    fits('维修站', call.station);
    fits('工号', call.agent);
    const event = (k: ExceptionKind, detail: string) => {
      agg.exceptionCounts[k]++;
      fits('工单号', call.ticket);
      fits('意见', detail, call.opinion.length);
      agg.exceptionLists?.[k].push({
        ticket: own(call.ticket),
        time: formatDateTime(call.received),
        station: own(call.station),
        agent: own(call.agent),
        detail: own(detail),
      });
    };
    if (call.type === '报修') {
      agg.repairs++;
      let sr = agg.stationRepairs.get(station);
      if (!sr) agg.stationRepairs.set(station, (sr = { repairs: 0, completed: 0, over4h: 0 }));
      sr.repairs++;
      const acceptLimit = s.acceptMinutes * 60;
      if (call.accepted === null) event('1', `没有接单时间（时限 ${s.acceptMinutes} 分钟）`);
      else if (call.accepted - call.received > acceptLimit)
        event('1', `接单用时 ${minutesText(call.accepted - call.received)}，超过时限 ${s.acceptMinutes} 分钟`);
      const contactLimit = s.contactMinutes * 60;
      if (call.contacted === null) event('2', `没有联系住户时间（时限 ${s.contactMinutes} 分钟）`);
      else if (call.contacted - call.received > contactLimit)
        event('2', `联系住户用时 ${minutesText(call.contacted - call.received)}，超过时限 ${s.contactMinutes} 分钟`);
      if (call.status === '已完成' && call.done !== null) {
        agg.completed++;
        sr.completed++;
        const took = call.done - call.received;
        agg.handlingSeconds += took;
        agg.handlingCount++;
        if (took > s.handlingHours * 3600) {
          agg.over4h++;
          sr.over4h++;
          event('3', `处理用时 ${hoursText(took)}，超过 ${s.handlingHours} 小时`);
        }
      }
    }
    const said = call.opinion ? `：${call.opinion}` : '';
    if (call.noAnswer) event('4', `维修站「${call.station || '未填'}」电话无人接听`);
    if (call.type === '表扬') event('5', `住户表扬${said}`);
    if (call.type === '投诉' && call.target === '维修人员') event('6', `投诉维修人员${said}`);
    if (call.type === '投诉' && call.target === '收费人员') event('7', `投诉收费人员${said}`);
    if (call.type === '建议') event('8', `意见或建议${said}`);
    if (call.source === '供热办') event('9', `供热办转达（${call.type}）${said}`);
  }

  /** A return visit, on the day of its 回访时间; returns that day. */
  private countVisit(v: Visit): string {
    const vday = dayOf(v.at);
    let va = this.visitDays.get(vday);
    if (!va)
      this.visitDays.set(
        vday,
        (va = {
          visits: 0,
          solved: 0,
          attitude: { 满意: 0, 一般: 0, 不满意: 0, 未填: 0 },
          scoreSum: 0,
          scoreCount: 0,
          charged: 0,
        }),
      );
    va.visits++;
    if (v.solved === true) va.solved++;
    va.attitude[v.attitude ?? '未填']++;
    if (v.score !== null) {
      va.scoreSum += v.score;
      va.scoreCount++;
    }
    if (v.charged === true) va.charged++;
    return vday;
  }

  /** The file is read: forget what only reading needed (the 工单号 seen per day). */
  finish(): void {
    this.finished = true;
    for (const a of this.days.values()) a.tickets = null;
  }

  /** A day's report has been written: drop its lists (its figures stay). */
  release(day: string): void {
    const a = this.days.get(day);
    if (a) {
      a.exceptionLists = null;
      a.problemRows = null;
      a.released = true;
    }
    const p = this.partDays.get(day);
    if (p) p.list = null;
  }

  /** Data rows read so far (entirely empty lines excluded). */
  get fileRows(): number {
    return this.rows;
  }

  get unreadable(): Problem[] {
    return this.unreadableRows;
  }

  /** Days that have calls, in order. */
  get callDays(): string[] {
    return [...this.days.keys()].sort();
  }

  /** Whether any call was received or any return visit made (or listed) on the day. */
  hasActivity(day: string): boolean {
    return this.days.has(day) || this.visitDays.has(day) || this.partDays.has(day);
  }

  /** Calls received on each day (counted + problem rows). */
  totals(): Map<string, number> {
    return new Map([...this.days].map(([d, a]) => [d, a.total]));
  }

  /** The report of one day (a day without calls or visits gives zeros). */
  report(date: string): DayReport {
    const agg = this.days.get(date);
    const va = this.visitDays.get(date);
    const sortedObject = (m: Map<string, number> | undefined) =>
      Object.fromEntries(
        [...(m ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      );
    const exceptions = {} as DayReport['exceptions'];
    for (const k of EXCEPTION_KEYS) {
      exceptions[k] = {
        name: EXCEPTION_KINDS[k],
        count: agg?.exceptionCounts[k] ?? 0,
        list: agg?.exceptionLists?.[k] ?? [],
      };
    }
    if (agg && !agg.exceptionLists) throw new Error(`lists of ${date} were ${agg.released ? 'released' : 'not kept'}`);
    const parts = this.partDays.get(date);
    if (parts && !parts.list) throw new Error(`part lists of ${date} were released or not kept`);
    const repairs = agg?.repairs ?? 0;
    const completed = agg?.completed ?? 0;
    const total = agg?.total ?? 0;
    const problem = agg?.problemCount ?? 0;
    const unreadable = this.unreadableRows.length;
    let otherDays = 0;
    for (const [d, a] of this.days) if (d !== date) otherDays += a.total;
    return {
      date,
      total,
      byType: agg ? { ...agg.byType } : zeroTypes(),
      byStation: sortedObject(agg?.byStation),
      byAgent: sortedObject(agg?.byAgent),
      repairs,
      completed,
      completionRate: repairs === 0 ? 0 : completed / repairs,
      meanHandlingHours: agg && agg.handlingCount > 0 ? agg.handlingSeconds / agg.handlingCount / 3600 : null,
      over4h: agg?.over4h ?? 0,
      visits: va?.visits ?? 0,
      solved: va?.solved ?? 0,
      attitude: va ? { ...va.attitude } : { 满意: 0, 一般: 0, 不满意: 0, 未填: 0 },
      meanScore: va && va.scoreCount > 0 ? va.scoreSum / va.scoreCount : null,
      scoredVisits: va?.scoreCount ?? 0,
      charged: va?.charged ?? 0,
      exceptions,
      problemRows: agg?.problemRows ?? [],
      unreadable: this.unreadableRows,
      partProblems: parts?.list ?? [],
      stationRepairs: Object.fromEntries(
        [...(agg?.stationRepairs ?? new Map<string, StationRepairs>())].sort(
          (a, b) => b[1].repairs - a[1].repairs || (a[0] < b[0] ? -1 : 1),
        ),
      ),
      reconciliation: {
        file: this.file,
        fileRows: this.rows,
        counted: total - problem,
        problem,
        otherDays,
        unreadable,
        blankLines: this.blank,
        partial: parts?.count ?? 0,
        balanced: total + otherDays + unreadable === this.rows && sumValues(agg?.byType) + problem === total,
      },
    };
  }
}

function sumValues(o: Record<string, number> | undefined): number {
  return o ? Object.values(o).reduce((a, b) => a + b, 0) : 0;
}

/** The SPEC §6 figures of a report, in the order the `--json` documents print them (a day's or a period's). */
const REPORT_FIGURES = [
  'total',
  'byType',
  'byStation',
  'byAgent',
  'repairs',
  'completed',
  'completionRate',
  'meanHandlingHours',
  'over4h',
  'visits',
  'solved',
  'attitude',
  'meanScore',
  'charged',
  'exceptions',
  'problemRows',
  'unreadable',
] as const satisfies readonly (keyof DayReport)[];

export type ReportFigures = Pick<DayReport, (typeof REPORT_FIGURES)[number]>;

/** A day's or a period's SPEC §6 figures, as the `--json` documents print them. */
export function reportFigures(r: ReportFigures): ReportFigures {
  return Object.fromEntries(REPORT_FIGURES.map((k) => [k, r[k]])) as ReportFigures;
}

/** The `--json` document of one day: exactly the SPEC §6 keys. */
export function dailyJson(r: DayReport) {
  return { date: r.date, ...reportFigures(r), partProblems: r.partProblems };
}

export { ATTITUDES };
