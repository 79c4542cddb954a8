/**
 * Reads a monthly appraisal workbook (月度考核) back — as generated, or after HR edited it in Excel, WPS or
 * LibreOffice: its 员工名单, 考核记录 and 额外奖惩 (by their headers, extra columns ignored) and the policy
 * from 考核项目 (so a policy edited in the workbook is the policy used). An unknown or damaged workbook
 * is refused with a clear message.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import type { Table } from '../../core/input/table';
import { AdjustmentRecord, EntryRecord, Roster, RosterRecord, readAdjustmentRecords, readEntryRecords, readRoster, tableToRecords } from '../../core/input/records';
import { ROSTER_SCHEMA } from '../../core/input/schemas';
import { loadPolicy, PolicyError } from '../../core/policy/load';
import type { Policy } from '../../core/policy/types';
import { Cell, cleanText, parseMonth, parseNumber } from '../../core/values';
import { POLICY_BLOCKS, PolicyBlock, PolicyLayout, SETTINGS_KEYS, colNumber, defaultPolicyLayout } from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';
import type { PastMonth } from '../../core/scoring/warnings';
import { monthFromIndex, monthIndex } from '../../core/values';
import { XlsxBook, openXlsx, readSheetRows } from './sheet-reader';

export interface MonthlyWorkbook {
  month: string | null;
  policy: Policy;
  roster: Roster;
  /** 员工名单 rows as read (also rejected ones), to regenerate the workbook from it. */
  rosterRecords: RosterRecord[];
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
  /**
   * The earlier months as far as 月度汇总's 往月…(系统写入) columns remember them (written from --previous when
   * the workbook was made): used when no --previous is given, so 连续两月末位 is not lost on reading back.
   */
  storedHistory: PastMonth[];
}

const NOT_OURS = (file: string, why: string) =>
  new InputError(`${path.basename(file)} 不是可识别的月度考核工作簿（${why}）。请使用 npx kaohe monthly 生成的工作簿，不要删除或改名其中的工作表。`, 'WORKBOOK_UNKNOWN');

async function sheetTable(book: XlsxBook, sheet: string, maxCol: number): Promise<Table> {
  const rows = await readSheetRows(book, sheet, maxCol);
  const header = rows.get(1) ?? [];
  const last = Math.max(1, ...rows.keys());
  const data: Cell[][] = [];
  for (let r = 2; r <= last; r++) data.push(rows.get(r) ?? []);
  return { file: `${path.basename(book.file)}:${sheet}`, headers: header, rows: data, firstRow: 2 };
}

function placeOf(book: XlsxBook, key: PolicyBlock, fallback: PolicyLayout): { row: number; col: number } {
  const ref = book.names.get(POLICY_BLOCKS[key].name);
  const m = ref ? /!\$?([A-Z]+)\$?(\d+)/.exec(ref) : null;
  return m ? { row: Number(m[2]), col: colNumber(m[1]) } : fallback[key];
}

const yes = (v: Cell) => cleanText(v) === '是';
const num = (v: Cell): number | undefined => {
  const n = parseNumber(v);
  return n === null || Number.isNaN(n) ? undefined : n;
};
const text = (v: Cell) => cleanText(v);
/** Free text (names, notes, warning texts) exactly as written, only trimmed: no full-width folding. */
const plain = (v: Cell) => (v === null || v === undefined ? '' : v instanceof Date ? cleanText(v) : String(v).trim());

/** Reads the policy from 考核项目; the result is validated like any policy file. */
async function readPolicy(book: XlsxBook): Promise<{ policy: Policy; month: string | null }> {
  const layout = defaultPolicyLayout();
  const places = {} as PolicyLayout;
  let maxCol = 0;
  for (const key of Object.keys(POLICY_BLOCKS) as PolicyBlock[]) {
    places[key] = placeOf(book, key, layout);
    maxCol = Math.max(maxCol, places[key].col + POLICY_BLOCKS[key].headers.length);
  }
  const rows = await readSheetRows(book, SHEET.items, maxCol);
  const block = (key: PolicyBlock): Cell[][] => {
    const a = places[key];
    const headers = POLICY_BLOCKS[key].headers;
    const head = rows.get(a.row) ?? [];
    headers.forEach((h, i) => {
      if (text(head[a.col - 1 + i]) !== h) throw NOT_OURS(book.file, `「${SHEET.items}」表缺少参数区「${headers[0]}…」的表头「${h}」`);
    });
    const out: Cell[][] = [];
    for (let r = a.row + 1; ; r++) {
      const row = rows.get(r);
      if (!row || text(row[a.col - 1]) === '') break;
      out.push(row.slice(a.col - 1, a.col - 1 + headers.length));
    }
    return out;
  };
  const settings = new Map<string, Cell>();
  for (const [k, v] of block('settings')) settings.set(text(k), v);
  const missing = SETTINGS_KEYS.filter((k) => !settings.has(k) && !['追加扣分代码', '追加扣分名称', '追加扣分分值', '追加扣分计数', '额外奖惩下限', '额外奖惩上限', '额外奖惩须填理由', '浮动基准分', '每分浮动(元)', '浮动下限(元)', '浮动上限(元)', '浮动起始入职月'].includes(k));
  if (missing.length) throw NOT_OURS(book.file, `「${SHEET.items}」表的参数区缺少「${missing.join('」「')}」`);
  const s = (k: string) => settings.get(k) ?? null;

  const categories = block('categories').map((r) => ({
    name: plain(r[0]),
    effect: ({ 加分: 'add', 扣分: 'deduct', 不计分: 'none' } as Record<string, string>)[text(r[1])] ?? text(r[1]),
    violation: yes(r[2]),
    id: text(r[3]) || text(r[0]),
  }));
  const catId = (name: Cell): string => {
    const n = plain(name);
    return categories.find((c) => c.name === n)?.id ?? n;
  };
  const tiers = block('tiers');
  const items = block('items').map((r) => {
    const code = text(r[0]).toUpperCase();
    const item: Record<string, unknown> = { code, name: plain(r[1]), category: catId(r[2]), frequency: text(r[6]) === '每月一次' ? 'monthly' : 'each' };
    if (yes(r[7])) {
      item.minuteTiers = tiers.filter((t) => text(t[0]).toUpperCase() === code).map((t) => ({ over: num(t[1]), upTo: num(t[2]), category: catId(t[3]), points: num(t[4]) }));
    } else if (num(r[4]) !== undefined || num(r[5]) !== undefined) item.range = { min: num(r[4]), max: num(r[5]) };
    else if (num(r[3]) !== undefined) item.points = num(r[3]);
    if (yes(r[8])) item.excludesViolations = true;
    if (yes(r[9])) item.singleHolder = true;
    if (text(r[10])) item.group = text(r[10]);
    if (plain(r[11])) item.note = plain(r[11]);
    return item;
  });
  const escPoints = num(s('追加扣分分值'));
  const adjMin = num(s('额外奖惩下限'));
  const pivot = num(s('浮动基准分'));
  const raw = {
    id: text(s('方案ID')) || 'workbook',
    name: plain(s('方案名称')) || '工作簿中的考核方案',
    base: num(s('基础分')),
    scoreMin: num(s('最低分')) ?? 0,
    scoreMax: num(s('最高分')),
    categories,
    items,
    groups: block('groups').map((r) => ({ id: text(r[0]), name: plain(r[1]), points: num(r[2]) })),
    escalation: escPoints === undefined ? null : {
      code: text(s('追加扣分代码')) || 'X01', name: plain(s('追加扣分名称')) || '追加扣分', points: escPoints,
      counting: text(s('追加扣分计数')) === '次数' ? 'occurrences' : 'distinct',
      triggers: block('triggers').map((r) => ({ category: catId(r[0]), atLeast: num(r[1]) })),
    },
    adjustment: adjMin === undefined ? null : { min: adjMin, max: num(s('额外奖惩上限')), reasonRequired: text(s('额外奖惩须填理由')) !== '否' },
    grades: block('grades').map((r) => {
      const g: Record<string, unknown> = { name: plain(r[0]) };
      if (num(r[1]) !== undefined) {
        g.min = num(r[1]);
        g.minInclusive = text(r[2]) !== '否';
      }
      if (text(r[3])) g.color = text(r[3]);
      return g;
    }),
    payFloat: pivot === undefined ? null : {
      pivot, perPoint: num(s('每分浮动(元)')), min: num(s('浮动下限(元)')), max: num(s('浮动上限(元)')), fromTenureMonth: num(s('浮动起始入职月')),
    },
    warnings: block('warnings').map((r) => {
      const type = text(r[0]);
      const w: Record<string, unknown> = { type, text: plain(r[4]) };
      if (type === 'scoreBelow' || type === 'lastPlaceStreak') w.below = num(r[1]);
      if (type === 'lastPlaceStreak' || type === 'gradeStreak') w.months = num(r[2]);
      if (type === 'category') w.category = catId(r[3]);
      if (type === 'gradeStreak') w.grade = plain(r[3]);
      return w;
    }),
    tiers: {
      topPercent: num(s('排名前(%)')), bottomPercent: num(s('排名后(%)')),
      monthly: { top: num(s('月度金额-前')), middle: num(s('月度金额-中')), bottom: num(s('月度金额-后')) },
      quarterly: { top: num(s('季度金额-前')), middle: num(s('季度金额-中')), bottom: num(s('季度金额-后')) },
      probationDeduction: num(s('试用期扣减(元)')), probationMonths: num(s('试用期月数')), lastTwoQuartersText: plain(s('连续两季末位预警')) || undefined,
    },
  };
  try {
    return { policy: loadPolicy(raw), month: parseMonth(s('考核月份')) };
  } catch (err) {
    if (err instanceof PolicyError) {
      throw new InputError(`${path.basename(book.file)}：「${SHEET.items}」表中的考核方案有误（${err.message}）。请改正该表后重试。`, 'WORKBOOK_POLICY_INVALID');
    }
    throw err;
  }
}

/** Reads a generated (possibly hand-edited) 月度考核 workbook back into the core's inputs. */
export async function readMonthlyWorkbook(file: string): Promise<MonthlyWorkbook> {
  const book = await openXlsx(file, '月度考核工作簿');
  const missing = [SHEET.roster, SHEET.items, SHEET.entries, SHEET.adjustments].filter((s) => !book.sheets.has(s));
  if (missing.length) throw NOT_OURS(file, `缺少工作表「${missing.join('」「')}」`);
  const { policy, month } = await readPolicy(book);
  const rosterRecords = tableToRecords(await sheetTable(book, SHEET.roster, 7), ROSTER_SCHEMA);
  const roster = readRoster(rosterRecords);
  const entries = readEntryRecords(await sheetTable(book, SHEET.entries, 11));
  const adjustments = readAdjustmentRecords(await sheetTable(book, SHEET.adjustments, 5));
  const storedHistory = month ? await readStoredHistory(book, policy, month) : [];
  return { month, policy, roster, rosterRecords, entries, adjustments, storedHistory };
}

/** A flagged employee's score in a remembered month: the lowest, below any 分数线; the others' far above. */
const LAST = -1e6;
const NOT_LAST = 1e6;

/**
 * The earlier months the multi-month warnings need, rebuilt from 月度汇总's stored columns (是 / 否 per
 * employee; 无上月数据 or a missing column: that rule has no earlier months). Each remembered month holds
 * every employee: flagged ones last (lowest score, below the line) or with the streak's grade.
 */
async function readStoredHistory(book: XlsxBook, policy: Policy, month: string): Promise<PastMonth[]> {
  if (!book.sheets.has(SHEET.summary)) return [];
  const rows = await readSheetRows(book, SHEET.summary, 40);
  const header = (rows.get(1) ?? []).map((h) => text(h));
  const ids: string[] = [];
  for (const [r, row] of rows) if (r > 1 && text(row[0]) !== '') ids.push(text(row[0]));
  const score = new Map<string, number>(ids.map((id) => [id, NOT_LAST]));
  const grade = new Map<string, string>(ids.map((id) => [id, '']));
  let months = 0;
  for (const w of policy.warnings) {
    if (w.type !== 'lastPlaceStreak' && w.type !== 'gradeStreak') continue;
    const col = header.indexOf(w.type === 'lastPlaceStreak' ? '往月末位(系统写入)' : `往月${w.grade}(系统写入)`);
    if (col < 0) continue;
    const flags = new Map<string, string>();
    for (const [r, row] of rows) if (r > 1 && text(row[0]) !== '') flags.set(text(row[0]), text(row[col]));
    if ([...flags.values()].some((f) => f !== '是' && f !== '否')) continue;
    for (const [id, f] of flags) {
      if (f !== '是') continue;
      if (w.type === 'lastPlaceStreak') score.set(id, LAST);
      else grade.set(id, w.grade);
    }
    months = Math.max(months, w.months - 1);
  }
  return Array.from({ length: months }, (_, k) => ({
    month: monthFromIndex(monthIndex(month) - k - 1),
    employees: ids.map((id) => ({ id, score: score.get(id)!, grade: grade.get(id)! })),
  }));
}
