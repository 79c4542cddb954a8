/**
 * One row of the call export -> a call that can be counted, a row of day D that cannot be counted
 * (with every reason), or a row whose 受理时间 cannot be read (it belongs to no day).
 */
import type { Problem } from '../problems';
import { cellAt, ColumnIndex } from '../input/table';
import { Cell, cleanText, parseNumber } from '../values';
import { dayOf, parseDateTime } from './datetime';
import { ATTITUDES, Attitude, CALL_SCHEMA, CALL_TYPES, CallKey, CallType, SOURCES, STATUSES } from './schema';

export interface Visit {
  at: number;
  solved: boolean | null;
  attitude: Attitude | null;
  score: number | null;
  charged: boolean | null;
}

export interface Call {
  row: number;
  day: string;
  ticket: string;
  agent: string;
  type: CallType;
  source: string;
  station: string;
  /** Local seconds (see datetime.ts). */
  received: number;
  accepted: number | null;
  contacted: number | null;
  done: number | null;
  status: string;
  noAnswer: boolean;
  target: string;
  visit: Visit | null;
  opinion: string;
}

/**
 * The parts of a row other than the call itself, each counted where it can be and listed where it
 * cannot: the return visit (on the day of its 回访时间) and the 投诉对象 of a complaint.
 */
export interface RowParts {
  /** The return visit when its 回访时间 is readable (a bad result field counts as not filled). */
  visit: Visit | null;
  /** Bad visit fields, listed on `visitDay` (the visit's day, or the call's day when 回访时间 is bad). */
  visitProblems: Problem[];
  visitDay: string;
  /** A 投诉 whose 投诉对象 is neither 维修人员 nor 收费人员: counted as 投诉, listed on the call's day. */
  targetProblem: Problem | null;
}

export type RowOutcome =
  | { kind: 'call'; call: Call; parts: RowParts }
  | {
      kind: 'problem';
      day: string;
      received: number;
      ticket: string;
      agent: string;
      station: string;
      problems: Problem[];
      parts: RowParts;
    }
  | { kind: 'unreadable'; ticket: string; text: string; problem: Problem };

/** Columns of the return visit: a bad one spoils the visit's field, never the call. */
const VISIT_KEYS: ReadonlySet<CallKey> = new Set<CallKey>(['visit', 'solved', 'attitude', 'charged', 'score']);
export const COMPLAINT_TARGETS = ['维修人员', '收费人员'] as const;

const HEADER: Record<CallKey, string> = Object.fromEntries(CALL_SCHEMA.columns.map((c) => [c.key, c.header])) as Record<
  CallKey,
  string
>;

/** Text shown for a cell in messages: what HR will find in the file. */
export function cellText(value: Cell): string {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().replace('T', ' ').slice(0, 19);
  return cleanText(value);
}

/** Free text (意见) kept as written: only padding removed, no width folding. */
function rawText(value: Cell): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function yesNo(text: string): boolean | null | undefined {
  if (text === '') return null;
  if (text === '是' || text === 'Y' || text === 'y') return true;
  if (text === '否' || text === 'N' || text === 'n') return false;
  return undefined;
}

export function parseCallRow(row: Cell[], index: ColumnIndex<CallKey>, file: string, excelRow: number): RowOutcome {
  const get = (k: CallKey) => cellAt(row, index, k);
  const text = (k: CallKey) => cleanText(get(k));
  const problems: Problem[] = [];
  const visitProblems: Problem[] = [];
  const add = (k: CallKey | '', code: string, message: string) =>
    (k !== '' && VISIT_KEYS.has(k) ? visitProblems : problems).push({
      file,
      row: excelRow,
      column: k ? HEADER[k] : '',
      code,
      message,
    });

  const ticket = text('ticket');
  const receivedCell = get('received');
  const received = parseDateTime(receivedCell);
  if (received === null) {
    const shown = cellText(receivedCell);
    const blank = shown === '';
    return {
      kind: 'unreadable',
      ticket,
      text: shown,
      problem: {
        file,
        row: excelRow,
        column: HEADER.received,
        code: blank ? 'CALL_TIME_MISSING' : 'CALL_TIME_UNREADABLE',
        message: blank
          ? '受理时间为空：无法确定这通来电属于哪一天，未计入任何一天的日报。请在呼叫系统中补全后重新导出。'
          : `受理时间「${shown}」无法识别为日期时间（应如 2026-10-05 08:30），未计入任何一天的日报。`,
      },
    };
  }
  const day = dayOf(received);

  if (ticket === '') add('ticket', 'TICKET_MISSING', '工单号为空。');
  const agent = text('agent');
  if (agent === '') add('agent', 'AGENT_MISSING', '工号为空：不知道是哪位坐席受理的。');
  const typeText = text('type');
  const type = (CALL_TYPES as readonly string[]).includes(typeText) ? (typeText as CallType) : null;
  if (typeText === '') add('type', 'TYPE_MISSING', `来电类型为空（应为 ${CALL_TYPES.join('/')}）。`);
  else if (!type) add('type', 'TYPE_UNKNOWN', `来电类型「${typeText}」不是 ${CALL_TYPES.join('/')} 之一。`);

  const source = text('source');
  if (source !== '' && !(SOURCES as readonly string[]).includes(source)) {
    add('source', 'SOURCE_UNKNOWN', `来源「${source}」不是 ${SOURCES.join('/')} 之一。`);
  }
  const station = text('station');
  const status = text('status');
  if (status !== '' && !(STATUSES as readonly string[]).includes(status)) {
    add('status', 'STATUS_UNKNOWN', `状态「${status}」不是 ${STATUSES.join('/')} 之一。`);
  } else if (status === '' && type === '报修') {
    add('status', 'STATUS_MISSING', '报修工单的状态为空（应为 待处理/处理中/已完成）。');
  }

  const moment = (k: CallKey, label: string): number | null => {
    const cell = get(k);
    const shown = cellText(cell);
    if (shown === '') return null;
    const t = parseDateTime(cell);
    if (t === null) {
      add(k, 'TIME_UNREADABLE', `${label}「${shown}」无法识别为日期时间（应如 2026-10-05 08:30）。`);
      return null;
    }
    if (t < received) {
      add(k, 'TIME_BEFORE_CALL', `${label}「${shown}」早于受理时间，不可能发生，请核对。`);
      return null;
    }
    return t;
  };
  const accepted = moment('accepted', '接单时间');
  const contacted = moment('contacted', '联系住户时间');
  const done = moment('done', '完成时间');
  if (type === '报修' && status === '已完成' && done === null && cellText(get('done')) === '') {
    add('done', 'DONE_TIME_MISSING', '报修工单状态为已完成，但完成时间为空：无法计算处理时长。');
  }

  const flag = (k: CallKey, label: string): boolean | null => {
    const t = text(k);
    const v = yesNo(t);
    if (v === undefined) {
      add(k, 'YES_NO_UNKNOWN', `${label}「${t}」应为 是 或 否。`);
      return null;
    }
    return v;
  };
  const noAnswer = flag('noAnswer', '维修站无人接听') === true;

  const visitAt = moment('visit', '回访时间');
  const solved = flag('solved', '是否解决');
  const charged = flag('charged', '是否收费');
  const attitudeText = text('attitude');
  let attitude: Attitude | null = null;
  if (attitudeText !== '') {
    if ((ATTITUDES as readonly string[]).includes(attitudeText)) attitude = attitudeText as Attitude;
    else add('attitude', 'ATTITUDE_UNKNOWN', `维修工态度「${attitudeText}」不是 ${ATTITUDES.join('/')} 之一。`);
  }
  const scoreText = text('score');
  let score: number | null = null;
  if (scoreText !== '') {
    const n = parseNumber(scoreText); // '1e1', '0x5', 'Infinity' are not scores
    if (n !== null && Number.isFinite(n) && n >= 1 && n <= 10) score = n;
    else add('score', 'SCORE_INVALID', `评分「${scoreText}」应为 1 到 10 的数。`);
  }
  const visitFields = ['solved', 'attitude', 'charged', 'score'] as CallKey[];
  if (cellText(get('visit')) === '' && visitFields.some((k) => text(k) !== '')) {
    add(
      'visit',
      'VISIT_TIME_MISSING',
      '有回访结果（是否解决/维修工态度/是否收费/评分）但回访时间为空：无法确定回访属于哪一天。',
    );
  }

  const target = text('target');
  let targetProblem: Problem | null = null;
  if (type === '投诉' && !(COMPLAINT_TARGETS as readonly string[]).includes(target)) {
    const what = COMPLAINT_TARGETS.join('/');
    targetProblem = {
      file,
      row: excelRow,
      column: HEADER.target,
      code: target === '' ? 'COMPLAINT_TARGET_MISSING' : 'COMPLAINT_TARGET_UNKNOWN',
      message: `${target === '' ? '投诉的投诉对象为空' : `投诉对象「${target}」不是 ${what} 之一`}：来电已计入「投诉」，但不计入异常事件6（投诉维修人员）或7（投诉收费人员）。请核对投诉对象后在呼叫系统中改正并重新导出。`,
    };
  }
  const parts: RowParts = {
    visit: visitAt === null ? null : { at: visitAt, solved, attitude, score, charged },
    visitProblems,
    visitDay: visitAt === null ? day : dayOf(visitAt),
    targetProblem,
  };

  if (problems.length > 0) return { kind: 'problem', day, received, ticket, agent, station, problems, parts };
  return {
    kind: 'call',
    parts,
    call: {
      row: excelRow,
      day,
      ticket,
      agent,
      type: type as CallType,
      source,
      station,
      received,
      accepted,
      contacted,
      done,
      status,
      noAnswer,
      target,
      visit: parts.visit,
      opinion: rawText(get('opinion')),
    },
  };
}
