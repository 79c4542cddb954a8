/**
 * The monthly appraisal workbook (月度考核) as plain data: every sheet's cells, formulas with their
 * cached results (= the core's values), widths, validations and conditional fills. The Node writer
 * (scripts/workbook/write.ts) and the add-in (Office.js) both write this one model.
 *
 * Formula design (speed: one pass per entry row, then per-employee SUMIFS/COUNTIFS over helper columns):
 * each 考核记录 row looks up its item (MATCH, cached by Excel/LibreOffice), derives tier, category,
 * unit points and validity, builds a key 工号|代码[@类别] and flags the key's first occurrence with
 * MATCH(key, key column) = ROW(); 月度汇总 then sums/counts those helper columns per employee.
 */
import type { Policy } from '../policy/types';
import { Catalog } from '../policy/catalog';
import { policyFingerprint } from '../policy/load';
import type { AdjustmentRecord, EntryRecord, Roster, RosterRecord } from '../input/records';
import { EmployeeLookup } from '../input/records';
import type { MonthResult } from '../scoring/monthly';
import type { PastMonth } from '../scoring/warnings';
import { cleanText, isoDateToSerial, monthFromIndex, monthIndex, parseDate, parseEmployeeId, parseMonth, parseNumber } from '../values';
import { SHEET, SUMMARY_HEADERS, PROBLEM_HEADERS } from './sheets';
import {
  ADJ_COLS, ADJ_HEADERS, CHECK, checkOfProblems, ENTRY_COLS, ENTRY_FIRST_HELPER, ENTRY_HEADERS, POLICY_BLOCKS, PolicyLayout, ROSTER_COLS,
  ROSTER_HEADERS, SETTINGS_KEYS, ENTRY_SPARE_ROWS, ENTRY_FIRST_DYNAMIC, SUMMARY_COLS, SettingKey, colLetter, defaultPolicyLayout, sheetRef,
} from './layout';

/** A cell value: text stays text (never a formula), numbers are numbers; dates are serials in date columns. */
export type Scalar = string | number | boolean | null;

export interface ColumnModel {
  header: string;
  width: number;
  /** 'date' columns hold Excel serials shown as yyyy-mm-dd. */
  kind?: 'text' | 'number' | 'date';
  numFmt?: string;
  hidden?: boolean;
  /** Formula of every data row, A1 style: {r} is the row number, {p} the row above, {n} the row below; the cached results are in rows. */
  formula?: string;
}

/** The formula of a column at one row: {r} → row, {p} → row − 1, {n} → row + 1 (Office.js writers use this too). */
export function formulaAt(template: string, row: number): string {
  return template.replace(/\{r\}/g, String(row)).replace(/\{p\}/g, String(row - 1)).replace(/\{n\}/g, String(row + 1));
}

/** A rectangular block: a header row at (row, col) and data rows below it. */
export interface BlockModel {
  /** The place's defined name (template) or '' for a sheet's main block. */
  place: string;
  row: number;
  col: number;
  columns: ColumnModel[];
  rows: Scalar[][];
}

export interface ValidationModel {
  /** A1 range on the sheet, e.g. B2:B5001. */
  ref: string;
  type: 'list' | 'decimal' | 'whole' | 'custom';
  /** list: a range formula like =员工名单!$A$2:$A$51 or a literal "有效,作废"; decimal/whole: [min, max]; custom: [formula]. */
  formulae: string[];
  operator?: 'between' | 'greaterThanOrEqual';
  allowBlank: boolean;
  error: string;
  prompt?: string;
}

export interface ConditionalFill {
  ref: string;
  /** Formula relative to the top-left cell of ref (Excel's rule), e.g. $K2="A". */
  formula: string;
  fill?: string;
  fontColor?: string;
  strike?: boolean;
}

export interface SheetModel {
  name: string;
  blocks: BlockModel[];
  /** Rows and columns frozen above/left (e.g. {rows: 1, cols: 0}). */
  freeze?: { rows: number; cols: number };
  validations: ValidationModel[];
  fills: ConditionalFill[];
  /** The main block is an Excel table with this name. */
  table?: { name: string; style: string };
  print?: { landscape: boolean; fitToWidth: boolean; title?: string };
  /** Columns of the printable area (e.g. A:N); the rest are helper columns. */
  printColumns?: number;
}

export interface WorkbookModel {
  month: string;
  sheets: SheetModel[];
  /** Defined names to (re)write: name → absolute reference. */
  names: Record<string, string>;
}

export interface MonthlyModelInput {
  policy: Policy;
  month: string;
  roster: Roster;
  /** The roster's records as read (every row, also rejected ones), in order. */
  rosterRecords: RosterRecord[];
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
  history?: PastMonth[];
  result: MonthResult;
  /** ISO timestamp shown in 说明. */
  generatedAt: string;
  sources?: { roster?: string; entries?: string; adjustments?: string; previous?: string[] };
  layout?: PolicyLayout;
  /** Blank formula rows below the entries (default ENTRY_SPARE_ROWS; the bench measures other values). */
  spareRows?: number;
}

const DATE_FMT = 'yyyy-mm-dd';
/** Header of the coverage check cell (月度汇总 beside 预警, 说明 A1; the check itself is in row 2). */
export const COVERAGE_HEADER = '公式范围检查';
/** The coverage message is shown in slices of this many characters, one row each (so it prints whole): 月度汇总, 说明. */
const COVERAGE_LINES = { summary: { chars: 24, rows: 8 }, readme: { chars: 56, rows: 3 } } as const;
/** 说明's text starts below the coverage check. */
const README_FIRST_ROW = 2 + COVERAGE_LINES.readme.rows + 1;
/** Separator of the key lists in the 本行及以后的键 helper column. */
const SEP = '¦';

/** A cell's number, 0 when it is empty or text: N() in Excel and LibreOffice, but Gnumeric gives #NUM! for N() of an empty cell. */
const num = (x: string) => `IF(ISNUMBER(${x}),${x},0)`;

const blankEntry = (i: number): EntryRecord => ({
  file: '', row: -1 - i, date: null, id: null, code: null, count: null, points: null, minutes: null, note: null, recorder: null, status: null, voidReason: null,
});
const YES = '是';
const NO = '否';

const textOrNull = (v: unknown): string | null => {
  const t = cleanText(v as string);
  return t === '' ? null : t;
};

/** A number cell for numeric input, the original text when it is not a number (the row is then rejected). */
function numberCell(v: unknown): Scalar {
  const n = parseNumber(v as string);
  if (n === null) return null;
  if (Number.isNaN(n)) return textOrNull(v);
  return n;
}

function dateCell(v: unknown): Scalar {
  const iso = parseDate(v as string);
  return iso ? isoDateToSerial(iso) : textOrNull(v);
}

/** Problem codes of each input row (`file\u0000row`), in order. */
function problemCodesByRow(problems: readonly { file: string; row: number; code: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const key = `${p.file}\u0000${p.row}`;
    const list = out.get(key);
    if (list) list.push(p.code);
    else out.set(key, [p.code]);
  }
  return out;
}

const effectText = { add: '加分', deduct: '扣分', none: '不计分' } as const;

/** Builds the whole workbook model. Pure: the same input gives the same model. */
export function buildMonthlyModel(input: MonthlyModelInput): WorkbookModel {
  const layout = input.layout ?? defaultPolicyLayout();
  const ctx = new ModelContext(input, layout);
  const policySheet = ctx.policySheet();
  const roster = ctx.rosterSheet();
  const entries = ctx.entriesSheet();
  const adjustments = ctx.adjustmentsSheet();
  const summary = ctx.summarySheet();
  const problems = ctx.problemsSheet();
  const readme = ctx.readmeSheet();
  const names: Record<string, string> = {};
  for (const key of Object.keys(POLICY_BLOCKS) as (keyof typeof POLICY_BLOCKS)[]) {
    const a = layout[key];
    names[POLICY_BLOCKS[key].name] = `${sheetRef(SHEET.items)}!$${colLetter(a.col)}$${a.row}`;
  }
  return { month: input.month, sheets: [readme, summary, entries, adjustments, roster, policySheet, problems], names, };
}

/** Everything the sheet builders share: addresses of the policy cells and the core's verdicts. */
class ModelContext {
  readonly catalog: Catalog;
  readonly P = sheetRef(SHEET.items);
  readonly E = sheetRef(SHEET.entries);
  readonly R = sheetRef(SHEET.roster);
  readonly A = sheetRef(SHEET.adjustments);
  readonly monthStart: number;
  readonly monthEnd: number;
  /** Row in 考核项目 of each item code; of each category name; first row of each tiered code. */
  readonly itemRow = new Map<string, number>();
  readonly categoryRow = new Map<string, number>();
  readonly tierFirstRow = new Map<string, number>();
  /** Item rows in order (for the cached-value mirror): code → item. */
  readonly rosterRowOf = new Map<string, number>();
  rosterJoin = new Map<number, Scalar>();
  /** Last row of the entry ranges in formulas (entries + spare rows). */
  readonly entryEnd: number;
  readonly spareRows: number;
  /** Running-count column of each escalation trigger, running-text column of each category warning. */
  readonly triggerCols: { index: number; col: number; category: string; name: string }[] = [];
  readonly warnCols: { index: number; col: number; category: string }[] = [];
  /** Index (1-based, within the entry range) of each employee's first row in 考核记录; set by the entries sheet. */
  readonly firstEntryRow = new Map<string, number>();

  constructor(readonly input: MonthlyModelInput, readonly layout: PolicyLayout) {
    this.catalog = new Catalog(input.policy);
    this.spareRows = input.spareRows ?? ENTRY_SPARE_ROWS;
    this.entryEnd = input.entries.length + 1 + this.spareRows;
    let dyn = ENTRY_FIRST_DYNAMIC;
    (input.policy.escalation?.triggers ?? []).forEach((t, index) => this.triggerCols.push({ index, col: dyn++, category: t.category, name: this.catalog.category(t.category).name }));
    input.policy.warnings.forEach((w, index) => {
      if (w.type === 'category') this.warnCols.push({ index, col: dyn++, category: w.category });
    });
    const [y, m] = input.month.split('-').map(Number);
    this.monthStart = isoDateToSerial(`${input.month}-01`);
    this.monthEnd = isoDateToSerial(monthFromIndex(monthIndex(input.month) + 1) + '-01') - 1;
    void y;
    void m;
    const p = input.policy;
    p.items.forEach((it, i) => this.itemRow.set(it.code, layout.items.row + 1 + i));
    p.categories.forEach((c, i) => this.categoryRow.set(c.name, layout.categories.row + 1 + i));
    let t = layout.tiers.row + 1;
    for (const it of p.items) {
      if (!it.minuteTiers) continue;
      this.tierFirstRow.set(it.code, t);
      t += it.minuteTiers.length;
    }
  }

  /** Absolute whole-column reference of column `offset` (0-based) of a policy block. */
  pcol(block: keyof PolicyLayout, offset: number): string {
    const l = colLetter(this.layout[block].col + offset);
    return `${this.P}!$${l}:$${l}`;
  }

  /** Absolute cell of the settings value for `key`. */
  setting(key: SettingKey): string {
    const a = this.layout.settings;
    return `${this.P}!$${colLetter(a.col + 1)}$${a.row + 1 + SETTINGS_KEYS.indexOf(key)}`;
  }

  /** Absolute cell in a policy block: data row i (0-based), column offset. */
  pcell(block: keyof PolicyLayout, i: number, offset: number): string {
    const a = this.layout[block];
    return `${this.P}!$${colLetter(a.col + offset)}$${a.row + 1 + i}`;
  }

  categoryName(id: string): string {
    return this.catalog.category(id).name;
  }

  /**
   * The coverage check shown in red at the top of 月度汇总 and 说明: counts what the formulas cannot see —
   * 考核记录 rows with a 工号 outside the helper formulas' rows (typed below the range, or inserted rows
   * without formulas), and 员工名单 employees (not 退回, joined by the month's end) without a row in
   * 月度汇总 — with whole-column COUNTA/COUNTIFS only (one pass each, cheap on every recalculation).
   * Empty when everything is covered (always so when generated).
   */
  /** The coverage message cut into rows of `chars` characters: the row below the header shows the first slice. */
  coverageLines(chars: number, firstRow: number): string {
    return `MID(${this.coverageMessage()},(ROW()-${firstRow})*${chars}+1,${chars})`;
  }

  private coverageMessage(): string {
    const { E, R } = this;
    const end = this.entryEnd;
    const sumLast = Math.max(2, this.input.result.employees.length + 1);
    const id = colLetter(ENTRY_COLS.id);
    const empRow = colLetter(ENTRY_COLS.empRow);
    const rid = colLetter(ROSTER_COLS.id);
    const rcheck = colLetter(ROSTER_COLS.check);
    const rjoin = colLetter(ROSTER_COLS.joinDate);
    const tenure = colLetter(SUMMARY_COLS.tenure);
    const ke = `(COUNTA(${E}!$${id}:$${id})-1-COUNTIFS(${E}!$${id}$2:$${id}$${end},"<>",${E}!$${empRow}$2:$${empRow}$${end},">=0"))`;
    const keep = `${R}!$${rid}:$${rid},"<>",${R}!$${rcheck}:$${rcheck},"<>${CHECK.rejected}"`;
    const kr = `(COUNTIFS(${keep})-1-COUNTIFS(${keep},${R}!$${rjoin}:$${rjoin},">"&${this.setting('月末')})-COUNT(${sheetRef(SHEET.summary)}!$${tenure}$2:$${tenure}$${sumLast}))`;
    const parts = `IF(${ke}>0,"「${SHEET.entries}」有 "&${ke}&" 条记录不在公式范围内（公式只到第 "&ROW(${E}!$${id}$${end})&" 行，插入的行也没有公式），未计入月度汇总。","")`
      + `&IF(${kr}>0,"「${SHEET.roster}」有 "&${kr}&" 名员工不在月度汇总中（新增或改动了员工名单），其分数没有计算。","")`;
    return `IF(OR(${ke}>0,${kr}>0),"【汇总不完整】"&${parts}&"请用加载项「刷新公式」，或用 npx kaohe monthly 以本工作簿重新生成（方法见「${SHEET.readme}」）。","")`;
  }

  // ---------------------------------------------------------------- 考核项目 (the policy)
  policySheet(): SheetModel {
    const p = this.input.policy;
    const L = this.layout;
    const col = (header: string, width: number, kind: ColumnModel['kind'] = 'text'): ColumnModel => ({ header, width, kind });
    const block = (key: keyof PolicyLayout, widths: number[], rows: Scalar[][], kinds: ColumnModel['kind'][] = []): BlockModel => ({
      place: POLICY_BLOCKS[key].name,
      row: L[key].row,
      col: L[key].col,
      columns: POLICY_BLOCKS[key].headers.map((h, i) => col(h, widths[i] ?? 10, kinds[i] ?? 'text')),
      rows,
    });
    const items = p.items.map((it): Scalar[] => [
      it.code, it.name, this.categoryName(it.category), it.points ?? null, it.range?.min ?? null, it.range?.max ?? null,
      it.frequency === 'monthly' ? '每月一次' : '每次', it.minuteTiers ? YES : null, it.excludesViolations ? YES : null,
      it.singleHolder ? YES : null, it.group ?? null, it.note ?? null,
    ]);
    const esc = p.escalation;
    const adj = p.adjustment;
    const pf = p.payFloat;
    const t = p.tiers;
    const settings: Record<SettingKey, Scalar> = {
      考核月份: this.input.month, 月初: this.monthStart, 月末: this.monthEnd, 方案ID: p.id, 方案名称: p.name,
      基础分: p.base, 最低分: p.scoreMin, 最高分: p.scoreMax,
      追加扣分代码: esc?.code ?? null, 追加扣分名称: esc?.name ?? null, 追加扣分分值: esc?.points ?? null,
      追加扣分计数: esc ? (esc.counting === 'distinct' ? '不同项目' : '次数') : null,
      额外奖惩下限: adj?.min ?? null, 额外奖惩上限: adj?.max ?? null, 额外奖惩须填理由: adj ? (adj.reasonRequired ? YES : NO) : null,
      浮动基准分: pf?.pivot ?? null, '每分浮动(元)': pf?.perPoint ?? null, '浮动下限(元)': pf?.min ?? null, '浮动上限(元)': pf?.max ?? null,
      浮动起始入职月: pf?.fromTenureMonth ?? null,
      '排名前(%)': t.topPercent, '排名后(%)': t.bottomPercent, '月度金额-前': t.monthly.top, '月度金额-中': t.monthly.middle,
      '月度金额-后': t.monthly.bottom, '季度金额-前': t.quarterly.top, '季度金额-中': t.quarterly.middle, '季度金额-后': t.quarterly.bottom,
      '试用期扣减(元)': t.probationDeduction, 试用期月数: t.probationMonths, 连续两季末位预警: t.lastTwoQuartersText,
    };
    const settingRows = SETTINGS_KEYS.map((k): Scalar[] => [k, settings[k]]);
    const categories = p.categories.map((c): Scalar[] => [c.name, effectText[c.effect], c.violation ? YES : NO, c.id]);
    const tiers: Scalar[][] = [];
    for (const it of p.items) for (const tr of it.minuteTiers ?? []) tiers.push([it.code, tr.over, tr.upTo ?? null, this.categoryName(tr.category), tr.points]);
    const groups = p.groups.map((g): Scalar[] => [g.id, g.name, g.points]);
    const grades = p.grades.map((g): Scalar[] => [g.name, g.min ?? null, g.min === undefined ? null : g.minInclusive === false ? NO : YES, g.color ?? null]);
    const triggers = (esc?.triggers ?? []).map((tr): Scalar[] => [this.categoryName(tr.category), tr.atLeast]);
    const warnings = p.warnings.map((w): Scalar[] => {
      switch (w.type) {
        case 'scoreBelow': return [w.type, w.below, null, null, w.text];
        case 'lastPlaceStreak': return [w.type, w.below, w.months, null, w.text];
        case 'category': return [w.type, null, null, this.categoryName(w.category), w.text];
        case 'bonusConflict': return [w.type, null, null, null, w.text];
        case 'gradeStreak': return [w.type, null, w.months, w.grade, w.text];
      }
    });
    const settingsBlock = block('settings', [16, 22], settingRows);
    // 月初/月末 are dates; the writer formats a block cell as a date when its column is 'date', so keep
    // them as serials and say so in the key's label through the number format of the whole column.
    settingsBlock.columns[1].numFmt = 'General';
    return {
      name: SHEET.items,
      blocks: [
        block('items', [7, 34, 10, 7, 9, 9, 9, 9, 9, 9, 7, 28], items, ['text', 'text', 'text', 'number', 'number', 'number']),
        settingsBlock,
        block('categories', [10, 7, 6, 10], categories),
        block('tiers', [7, 9, 9, 10, 7], tiers, ['text', 'number', 'number', 'text', 'number']),
        block('groups', [7, 24, 7], groups, ['text', 'text', 'number']),
        block('grades', [8, 7, 7, 11], grades, ['text', 'number']),
        block('triggers', [10, 6], triggers, ['text', 'number']),
        block('warnings', [14, 7, 6, 10, 24], warnings, ['text', 'number', 'number']),
      ],
      freeze: { rows: 1, cols: 0 },
      validations: [],
      fills: [],
    };
  }

  // ---------------------------------------------------------------- 员工名单
  rosterSheet(): SheetModel {
    const problemRows = new Set(this.input.roster.problems.map((p) => `${p.file}\u0000${p.row}`));
    const rows = this.input.rosterRecords.map((rec, i): Scalar[] => {
      const id = parseEmployeeId(rec.id);
      const row = i + 2;
      if (id !== '' && !this.rosterRowOf.has(id)) this.rosterRowOf.set(id, row);
      const join = dateCell(rec.joinDate);
      this.rosterJoin.set(row, join);
      return [id === '' ? null : id, textOrNull(rec.name), textOrNull(rec.team), textOrNull(rec.position), join, textOrNull(rec.status),
        problemRows.has(`${rec.file}\u0000${rec.row}`) ? CHECK.rejected : null];
    });
    const widths = [9, 10, 10, 10, 12, 8, 8];
    return {
      name: SHEET.roster,
      blocks: [{ place: '', row: 1, col: 1, rows, columns: ROSTER_HEADERS.map((h, i) => ({ header: h, width: widths[i], kind: i === ROSTER_COLS.joinDate - 1 ? 'date' : 'text', numFmt: i === ROSTER_COLS.joinDate - 1 ? DATE_FMT : undefined })) }],
      freeze: { rows: 1, cols: 0 },
      validations: [],
      fills: [{ ref: `A2:G${Math.max(2, rows.length + 1)}`, formula: '$G2="退回"', fill: 'FFFFC7CE' }],
    };
  }

  // ---------------------------------------------------------------- 考核记录 (entries + helper formulas)
  entriesSheet(): SheetModel {
    const { P } = this;
    const C = ENTRY_COLS;
    const c = (k: keyof typeof ENTRY_COLS) => `${colLetter(C[k])}{r}`;
    const col = (k: keyof typeof ENTRY_COLS) => `$${colLetter(C[k])}$2:$${colLetter(C[k])}$${this.entryEnd}`;
    const items = (o: number) => this.pcol('items', o);
    const cats = (o: number) => this.pcol('categories', o);
    const tiers = (o: number) => this.pcol('tiers', o);
    const idx = (range: string, row: string) => `INDEX(${range},${row})`;
    const item = (o: number) => idx(items(o), c('itemRow'));
    const tierPts = idx(tiers(4), c('tierRow'));
    const fixedPts = num(item(3));
    const E = c('points');
    const pointsCheck = (pts: string) => `IF(${E}="",${pts},IF(ISNUMBER(${E}),IF(ABS(${E})=${pts},${pts},-1),-1))`;
    const allKeys = `INDEX(${col('laterKeys')},MATCH(${c('id')},${col('id')},0))`;
    const F: Partial<Record<keyof typeof ENTRY_COLS, string>> = {
      itemRow: `IFERROR(MATCH(${c('code')},${items(0)},0),0)`,
      // blank rows (the spare rows below the entries) stop here: no roster lookup on every recalculation
      empRow: `IF(${c('id')}="",0,IFERROR(MATCH(${c('id')},${this.R}!$A:$A,0),0))`,
      tierRow: `IF(${c('itemRow')}=0,0,IF(${item(7)}<>"是",0,IF(${num(c('minutes'))}<=0,0,MATCH(${c('code')},${tiers(0)},0)+COUNTIFS(${tiers(0)},${c('code')},${tiers(1)},"<"&${c('minutes')})-1)))`,
      category: `IF(${c('itemRow')}=0,"",IF(${c('tierRow')}>0,${tierPts},${item(2)}))`
        .replace(tierPts, idx(tiers(3), c('tierRow'))),
      catRow: `IF(${c('category')}="",0,IFERROR(MATCH(${c('category')},${cats(0)},0),0))`,
      unit: `IF(${c('itemRow')}=0,-1,IF(${item(7)}="是",IF(${c('tierRow')}=0,-1,${pointsCheck(tierPts)}),IF(${item(4)}<>"",IF(ISNUMBER(${E}),IF(AND(ABS(${E})>=${item(4)},ABS(${E})<=${item(5)}),ABS(${E}),-1),-1),${pointsCheck(fixedPts)})))`,
      times: `IF(${c('count')}="",1,IF(ISNUMBER(${c('count')}),IF(AND(${c('count')}>=1,${c('count')}=INT(${c('count')})),${c('count')},0),0))`,
      valid: `IF(OR(${c('itemRow')}=0,${c('empRow')}=0,${c('catRow')}=0),0,IF(AND(${c('unit')}>=0,${c('check')}<>"${CHECK.rejected}",OR(${c('status')}="",${c('status')}="有效"),ISNUMBER(${c('date')}),${c('date')}>=${this.setting('月初')},${c('date')}<=${this.setting('月末')},${c('date')}>=${num(`INDEX(${this.R}!$E:$E,${c('empRow')})`)},${c('times')}>=1,OR(${item(6)}<>"每月一次",${c('times')}=1)),1,0))`,
      key: `IF(${c('valid')}=1,UPPER(${c('id')}&"|"&${c('code')}&IF(${c('tierRow')}>0,"@"&${c('category')},"")),"")`,
      // first occurrence of the key: not among the keys of this employee's earlier rows, which are the
      // employee's whole key list (on the employee's first row) minus this row's suffix of the list
      first: `IF(${c('key')}="",0,IF(ISERROR(FIND("${SEP}"&${c('key')}&"${SEP}","${SEP}"&LEFT(${allKeys},LEN(${allKeys})-LEN(${c('laterKeys')})))),1,0))`,
      violation: `IF(${c('valid')}=1,IF(INDEX(${cats(2)},${c('catRow')})="是",1,0),0)`,
      counted: `IF(${c('valid')}=0,0,IF(AND(${item(6)}="每月一次",${c('first')}=0),0,IF(${item(8)}="是",IF(COUNTIFS(${col('id')},${c('id')},${col('violation')},1)>0,0,1),1)))`,
      signed: `IF(${c('counted')}=0,0,${c('times')}*${c('unit')}*IF(INDEX(${cats(1)},${c('catRow')})="加分",1,IF(INDEX(${cats(1)},${c('catRow')})="扣分",-1,0)))`,
      group: `IF(${c('itemRow')}=0,"无",IF(${item(10)}="","无",${item(10)}&""))`,
      conflict: `IF(${c('valid')}=0,0,IF(${item(8)}<>"是",0,IF(AND(${item(6)}="每月一次",${c('first')}=0),0,1-${c('counted')})))`,
    };
    // Running totals along each employee's chain of rows (next row of the same 工号, found by MATCH in the
    // rows below): the employee's first row then holds the month's totals, so 月度汇总 needs one lookup
    // per figure instead of a SUMIFS/COUNTIFS over the whole table.
    const end1 = this.entryEnd + 1;
    const below = (k: number) => `INDEX($${colLetter(k)}{n}:$${colLetter(k)}$${end1},${c('next')}-ROW())`;
    const run = (k: number, here: string, empty = '0') => `${here}&IF(${c('next')}=0,${empty},${below(k)})`;
    const runNum = (k: number, here: string) => `${here}+IF(${c('next')}=0,0,${below(k)})`;
    F.next = `IF(${c('id')}="",0,IFERROR(MATCH(${c('id')},$${colLetter(C.id)}{n}:$${colLetter(C.id)}$${end1},0)+ROW(),0))`;
    F.runBonus = runNum(C.runBonus, `IF(${c('signed')}>0,${c('signed')},0)`);
    F.runDeduct = runNum(C.runDeduct, `IF(${c('signed')}<0,-${c('signed')},0)`);
    F.runConflict = runNum(C.runConflict, c('conflict'));
    F.laterKeys = run(C.laterKeys, `IF(${c('key')}="","",${c('key')}&"${SEP}")`, '""');
    const S = (k: SettingKey) => this.setting(k);
    const dynamic: ColumnModel[] = [];
    this.triggerCols.forEach((t) => {
      const cat = this.pcell('triggers', t.index, 0);
      dynamic.push({
        header: `累计${t.name}`, width: 8, hidden: true,
        formula: runNum(t.col, `IF(${S('追加扣分计数')}="次数",IF(AND(${c('counted')}=1,${c('category')}=${cat}),${c('times')},0),IF(AND(${c('first')}=1,${c('category')}=${cat}),1,0))`),
      });
    });
    this.warnCols.forEach((w) => {
      const cat = this.pcell('warnings', w.index, 3);
      const text = this.pcell('warnings', w.index, 4);
      dynamic.push({
        header: `累计预警${w.index + 1}`, width: 8, hidden: true,
        formula: run(w.col, `IF(AND(${c('counted')}=1,${c('first')}=1,${c('category')}=${cat}),"；"&SUBSTITUTE(${text},"{name}",${item(1)}),"")`, '""'),
      });
    });
    void P;
    void run;
    const mirror = new EntryMirror(this);
    const rows = this.input.entries.map((rec) => mirror.row(rec));
    for (let i = 0; i < this.spareRows; i++) rows.push(mirror.row(blankEntry(i)));
    mirror.finish(rows);
    rows.forEach((o, i) => {
      const id = o[ENTRY_COLS.id - 1];
      if (id !== null && id !== '' && !this.firstEntryRow.has(String(id))) this.firstEntryRow.set(String(id), i + 1);
    });
    const widths: Record<number, number> = { 1: 11, 2: 8, 3: 8, 4: 6, 5: 6, 6: 8, 7: 26, 8: 14, 9: 6, 10: 16, 11: 11 };
    const staticColumns: ColumnModel[] = ENTRY_HEADERS.map((h, i) => {
      const n = i + 1;
      const key = (Object.keys(C) as (keyof typeof C)[]).find((k) => C[k] === n)!;
      return {
        header: h,
        width: widths[n] ?? 8,
        kind: n === C.date ? 'date' : [C.count, C.points, C.minutes].includes(n as 4) ? 'number' : 'text',
        numFmt: n === C.date ? DATE_FMT : undefined,
        hidden: n >= ENTRY_FIRST_HELPER,
        formula: F[key] ? F[key] : undefined,
      };
    });
    const columns = [...staticColumns, ...dynamic];
    const last = Math.max(2, rows.length + 1);
    const listEnd = Math.max(2, this.input.rosterRecords.length + 1);
    const itemsEnd = this.layout.items.row + this.input.policy.items.length;
    const itemsCol = colLetter(this.layout.items.col);
    const iMin = colLetter(this.layout.items.col + 4);
    const iMax = colLetter(this.layout.items.col + 5);
    const m = (col: string) => `INDEX(${P}!$${col}:$${col},MATCH($C2,${P}!$${itemsCol}:$${itemsCol},0))`;
    const spare = last + 2000;
    return {
      name: SHEET.entries,
      blocks: [{ place: '', row: 1, col: 1, columns, rows }],
      freeze: { rows: 1, cols: 0 },
      table: { name: '考核记录表', style: 'TableStyleLight9' },
      validations: [
        { ref: `B2:B${spare}`, type: 'list', formulae: [`${this.R}!$A$2:$A$${listEnd}`], allowBlank: true, error: '工号不在员工名单中：请从下拉列表选择。' },
        { ref: `C2:C${spare}`, type: 'list', formulae: [`${P}!$${itemsCol}$${this.layout.items.row + 1}:$${itemsCol}$${itemsEnd}`], allowBlank: true, error: '项目代码不在考核项目表中：请从下拉列表选择。' },
        { ref: `D2:D${spare}`, type: 'whole', formulae: ['1', '1000'], operator: 'between', allowBlank: true, error: '次数应为不小于1的整数。' },
        {
          ref: `E2:E${spare}`, type: 'custom', allowBlank: true, error: '分值超出该项目的范围（见考核项目表的分值下限、分值上限）。',
          formulae: [`OR($E2="",IFERROR(${m(iMin)}="",TRUE),IFERROR(AND(ABS($E2)>=${m(iMin)},ABS($E2)<=${m(iMax)}),FALSE))`],
        },
        { ref: `I2:I${spare}`, type: 'list', formulae: ['"有效,作废"'], allowBlank: true, error: '状态只能为空、「有效」或「作废」。' },
      ],
      fills: [
        { ref: `A2:K${last}`, formula: `$K2="${CHECK.rejected}"`, fill: 'FFFFC7CE' },
        { ref: `A2:K${last}`, formula: '$I2="作废"', fontColor: 'FF808080', strike: true },
        { ref: `A2:K${last}`, formula: `OR($K2="${CHECK.duplicate}",$K2="${CHECK.conflict}")`, fill: 'FFFFEB9C' },
      ],
      print: { landscape: true, fitToWidth: true },
    };
  }

  // ---------------------------------------------------------------- 额外奖惩
  adjustmentsSheet(): SheetModel {
    const problems = problemCodesByRow(this.input.result.rejected);
    const lookup = new EmployeeLookup(this.input.roster.employees);
    const month = this.input.month;
    const adj = this.input.policy.adjustment;
    const seen = new Set<string>();
    const rows = this.input.adjustments.map((rec, i): Scalar[] => {
      const r = i + 2;
      const idText = parseEmployeeId(rec.id);
      const emp = idText === '' ? undefined : lookup.find(idText);
      const m = parseMonth(rec.month);
      const check = checkOfProblems(problems.get(`${rec.file}\u0000${rec.row}`) ?? []) ?? CHECK.counted;
      const value = numberCell(rec.value);
      const id = emp?.id ?? (idText === '' ? null : idText);
      const monthCell = m ?? textOrNull(rec.month);
      const reason = textOrNull(rec.reason);
      // mirror of the 计入 formula
      let counted = 0;
      if (check !== CHECK.rejected && adj && id !== null && this.rosterRowOf.has(String(id)) && typeof value === 'number'
        && value >= adj.min && value <= adj.max && (!adj.reasonRequired || reason !== null) && monthCell === month && !seen.has(String(id).toUpperCase())) {
        counted = 1;
        seen.add(String(id).toUpperCase());
      }
      void r;
      return [monthCell, id, value, reason, check, counted];
    });
    const S = (k: SettingKey) => this.setting(k);
    const formula = `IF(E{r}="${CHECK.rejected}",0,IF(${S('额外奖惩下限')}="",0,IF(AND(A{r}=${S('考核月份')},ISNUMBER(MATCH(B{r},${this.R}!$A:$A,0)),ISNUMBER(C{r}),C{r}>=${S('额外奖惩下限')},C{r}<=${S('额外奖惩上限')},OR(${S('额外奖惩须填理由')}<>"是",D{r}<>""),COUNTIFS(B$1:B{p},B{r},F$1:F{p},1)=0),1,0)))`;
    const widths = [9, 9, 7, 36, 11, 6];
    const last = Math.max(2, rows.length + 1);
    return {
      name: SHEET.adjustments,
      blocks: [{ place: '', row: 1, col: 1, rows, columns: ADJ_HEADERS.map((h, i) => ({ header: h, width: widths[i], kind: i === ADJ_COLS.value - 1 ? 'number' : 'text', hidden: i === ADJ_COLS.counted - 1, formula: i === ADJ_COLS.counted - 1 ? formula : undefined })) }],
      freeze: { rows: 1, cols: 0 },
      validations: adj ? [
        { ref: `B2:B${last + 500}`, type: 'list', formulae: [`${this.R}!$A$2:$A$${Math.max(2, this.input.rosterRecords.length + 1)}`], allowBlank: true, error: '工号不在员工名单中：请从下拉列表选择。' },
        { ref: `C2:C${last + 500}`, type: 'decimal', formulae: [String(adj.min), String(adj.max)], operator: 'between', allowBlank: true, error: `额外奖惩应在 ${adj.min}～${adj.max} 分之间。` },
      ] : [],
      fills: [{ ref: `A2:E${last}`, formula: `$E2="${CHECK.rejected}"`, fill: 'FFFFC7CE' }],
    };
  }

  // ---------------------------------------------------------------- 月度汇总
  summarySheet(): SheetModel {
    const p = this.input.policy;
    const res = this.input.result;
    const n = res.employees.length;
    const last = Math.max(2, n + 1);
    const S = (k: SettingKey) => this.setting(k);
    const E = (k: keyof typeof ENTRY_COLS) => `${this.E}!$${colLetter(ENTRY_COLS[k])}$2:$${colLetter(ENTRY_COLS[k])}$${this.entryEnd}`;
    const multi = p.warnings.map((w, i) => ({ w, i })).filter(({ w }) => w.type === 'lastPlaceStreak' || w.type === 'gradeStreak');
    const histCol = (wi: number) => colLetter(SUMMARY_COLS.history + multi.findIndex((m) => m.i === wi));
    const W = (i: number, o: number) => this.pcell('warnings', i, o);

    const grades = p.grades.map((_, i) => ({ name: this.pcell('grades', i, 0), min: this.pcell('grades', i, 1), incl: this.pcell('grades', i, 2) }));
    let grade = grades[grades.length - 1].name;
    for (let i = grades.length - 2; i >= 0; i--) {
      const g = grades[i];
      grade = `IF(IF(${g.incl}="否",J{r}>${g.min},J{r}>=${g.min}),${g.name},${grade})`;
    }

    const frCol = SUMMARY_COLS.history + multi.length;
    const fr = colLetter(frCol);
    const at = (k: number) => `IF($${fr}{r}=0,0,INDEX(${this.E}!$${colLetter(k)}$2:$${colLetter(k)}$${this.entryEnd},$${fr}{r}))`;
    let deduction = `IF($${fr}{r}=0,0,ROUND(INDEX(${E('runDeduct')},$${fr}{r}),1))`;
    if (p.groups.length > 0) {
      deduction = `-SUMIFS(${E('signed')},${E('id')},$A{r},${E('signed')},"<0",${E('group')},"无")`;
      p.groups.forEach((_, i) => {
        deduction += `+MIN(-SUMIFS(${E('signed')},${E('id')},$A{r},${E('signed')},"<0",${E('group')},${this.pcell('groups', i, 0)}),${this.pcell('groups', i, 2)})`;
      });
    }
    let escalation = '0';
    if (p.escalation && p.escalation.triggers.length > 0) {
      const conds = p.escalation.triggers.map((_, i) => {
        const cat = this.pcell('triggers', i, 0);
        const atLeast = this.pcell('triggers', i, 1);
        void cat;
        return `${at(this.triggerCols[i].col)}>=${atLeast}`;
      });
      escalation = `IF(${S('追加扣分分值')}="",0,IF(OR(${conds.join(',')}),${S('追加扣分分值')},0))`;
    }
    const adjustment = p.adjustment ? `SUMIFS(${this.A}!$C:$C,${this.A}!$B:$B,$A{r},${this.A}!$F:$F,1)` : '0';
    const payFloat = p.payFloat
      ? `IF(${S('浮动基准分')}="",0,IF(D{r}<${S('浮动起始入职月')},0,MIN(MAX(ROUND((J{r}-${S('浮动基准分')})*${S('每分浮动(元)')},1),${S('浮动下限(元)')}),${S('浮动上限(元)')})))`
      : '0';
    const parts = p.warnings.map((w, i) => {
      const text = W(i, 4);
      switch (w.type) {
        case 'scoreBelow': return `IF(J{r}<${W(i, 1)},"；"&${text},"")`;
        case 'lastPlaceStreak': return `IF(AND(${histCol(i)}{r}="是",J{r}=MIN($J$2:$J$${last}),J{r}<${W(i, 1)}),"；"&${text},"")`;
        case 'gradeStreak': return `IF(AND(${histCol(i)}{r}="是",K{r}=${W(i, 3)}),"；"&${text},"")`;
        case 'bonusConflict': return `IF(${at(ENTRY_COLS.runConflict)}>0,"；"&${text},"")`;
        case 'category': {
          const wc = this.warnCols.find((x) => x.index === i)!;
          return `IF($${fr}{r}=0,"",INDEX(${this.E}!$${colLetter(wc.col)}$2:$${colLetter(wc.col)}$${this.entryEnd},$${fr}{r}))`;
        }
      }
    });
    const warnings = parts.length ? `MID(${parts.join('&')},2,999)` : '""';
    const formulas: Record<number, string> = {
      [SUMMARY_COLS.tenure]: `(YEAR(${S('月初')})-YEAR(INDEX(${this.R}!$E:$E,MATCH($A{r},${this.R}!$A:$A,0))))*12+MONTH(${S('月初')})-MONTH(INDEX(${this.R}!$E:$E,MATCH($A{r},${this.R}!$A:$A,0)))+1`,
      [SUMMARY_COLS.base]: `${S('基础分')}`,
      [SUMMARY_COLS.bonus]: `IF($${fr}{r}=0,0,ROUND(INDEX(${E('runBonus')},$${fr}{r}),1))`,
      [SUMMARY_COLS.deduction]: deduction,
      [SUMMARY_COLS.escalation]: escalation,
      [SUMMARY_COLS.adjustment]: adjustment,
      [SUMMARY_COLS.score]: `ROUND(MIN(MAX(E{r}+F{r}-G{r}-H{r}+I{r},${S('最低分')}),${S('最高分')}),1)`,
      [SUMMARY_COLS.grade]: grade,
      [SUMMARY_COLS.payFloat]: payFloat,
      // 1 + the number of higher scores = RANK (HyperFormula has no RANK)
      [SUMMARY_COLS.rank]: `1+COUNTIF($J$2:$J$${last},">"&J{r})`,
      [SUMMARY_COLS.warnings]: warnings,
      [frCol]: `IFERROR(MATCH($A{r},${E('id')},0),0)`,
    };
    const history = new Map<string, PastMonth>((this.input.history ?? []).map((h) => [h.month, h]));
    const back = (k: number) => history.get(monthFromIndex(monthIndex(this.input.month) - k));
    const histValues = multi.map(({ w }) => {
      const months = w.type === 'lastPlaceStreak' || w.type === 'gradeStreak' ? w.months : 2;
      const earlier = Array.from({ length: months - 1 }, (_, i) => back(i + 1));
      if (earlier.some((m) => !m)) return () => '无上月数据';
      if (w.type === 'lastPlaceStreak') {
        const sets = earlier.map((m) => {
          const min = Math.min(...m!.employees.map((e) => e.score));
          return new Set(m!.employees.filter((e) => e.score === min && e.score < w.below).map((e) => e.id));
        });
        return (id: string) => (sets.every((s) => s.has(id)) ? YES : NO);
      }
      const g = w.type === 'gradeStreak' ? w.grade : '';
      const maps = earlier.map((m) => new Map(m!.employees.map((e) => [e.id, e.grade])));
      return (id: string) => (maps.every((mp) => mp.get(id) === g) ? YES : NO);
    });
    const rows = res.employees.map((e): Scalar[] => [
      e.id, e.name, e.team || null, e.tenureMonth, e.base, e.bonus, e.deduction, e.escalation, e.adjustment, e.score, e.grade,
      e.payFloat, e.rank, e.warnings.join('；'), ...histValues.map((f) => f(e.id)), this.firstEntryRow.get(e.id) ?? 0,
    ]);
    const headers: string[] = [...SUMMARY_HEADERS, ...multi.map(({ w }) => (w.type === 'lastPlaceStreak' ? '往月末位(系统写入)' : `往月${(w as { grade: string }).grade}(系统写入)`)), '记录首行'];
    const widths = [8, 9, 9, 8, 7, 6, 6, 8, 8, 7, 7, 11, 6, 30];
    const fills: ConditionalFill[] = p.grades.filter((g) => g.color).map((g) => ({ ref: `K2:K${last}`, formula: `$K2="${g.name}"`, fill: g.color! }));
    fills.push({ ref: `N2:N${last}`, formula: '$N2<>""', fill: 'FFFFEBEE', fontColor: 'FFC00000' });
    // the coverage check: right of the (hidden) helper columns, so on screen and on paper it sits beside 预警
    const checkCol = frCol + 2;
    const cl = colLetter(checkCol);
    fills.push({ ref: `${cl}2:${cl}${1 + COVERAGE_LINES.summary.rows}`, formula: `LEN($${cl}$2)>0`, fill: 'FFFFC7CE', fontColor: 'FFC00000' });
    return {
      name: SHEET.summary,
      blocks: [{
        place: '', row: 1, col: 1, rows,
        columns: headers.map((h, i) => ({ header: h, width: widths[i] ?? 14, kind: i < 3 || i === 10 || i >= 13 ? 'text' : 'number', formula: formulas[i + 1], hidden: i >= SUMMARY_COLS.history - 1 })),
      }, {
        place: '', row: 1, col: checkCol, rows: Array.from({ length: COVERAGE_LINES.summary.rows }, () => [null]),
        columns: [{ header: COVERAGE_HEADER, width: 50, kind: 'text', formula: this.coverageLines(COVERAGE_LINES.summary.chars, 2) }],
      }],
      freeze: { rows: 1, cols: 2 },
      validations: [],
      fills,
      print: { landscape: true, fitToWidth: true, title: `${this.input.month} 月度考核汇总` },
      printColumns: checkCol,
    };
  }

  // ---------------------------------------------------------------- 问题数据
  problemsSheet(): SheetModel {
    const rows = this.input.result.rejected.map((p): Scalar[] => [p.file, p.row, p.column || null, p.code, p.message]);
    const widths = [22, 6, 10, 26, 80];
    return {
      name: SHEET.problems,
      blocks: [{ place: '', row: 1, col: 1, rows, columns: PROBLEM_HEADERS.map((h, i) => ({ header: h, width: widths[i], kind: i === 1 ? 'number' : 'text' })) }],
      freeze: { rows: 1, cols: 0 },
      validations: [],
      fills: [],
      print: { landscape: true, fitToWidth: true },
    };
  }

  // ---------------------------------------------------------------- 说明
  readmeSheet(): SheetModel {
    const { input } = this;
    const res = input.result;
    const c = res.counts;
    const teams = [...new Set(res.employees.map((e) => e.team).filter((t) => t))];
    const src = input.sources ?? {};
    const lines: [string, string | number][] = [
      ['考核月份', input.month],
      ['考核组', teams.length ? teams.join('、') : '（未分组）'],
      ['考核方案', `${input.policy.name}（${input.policy.id}）`],
      ['方案指纹', policyFingerprint(input.policy)],
      ['生成时间', input.generatedAt],
      ['员工名单', `${src.roster ?? ''} 读取 ${c.roster.read} 行，有效 ${c.roster.accepted} 行，退回 ${c.roster.rejected} 行`],
      ['考核记录', `${src.entries ?? ''} 读取 ${c.entries} 行，计入 ${c.accepted} 行，作废 ${c.voided} 行，退回 ${c.rejected} 行`],
      ['额外奖惩', `${src.adjustments ?? '（无）'} 读取 ${c.adjustments.read} 行，计入 ${c.adjustments.accepted} 行，退回 ${c.adjustments.rejected} 行`],
      ['上月结果', src.previous && src.previous.length ? src.previous.join('、') : '（未提供：连续两月末位的检查显示“无上月数据”）'],
      ['参加考核人数', `${res.employees.length} 人`],
      ['问题数据', `${res.rejected.length} 条，见「${SHEET.problems}」表`],
    ];
    for (const notice of res.notices) lines.push(['提示', notice]);
    lines.push(
      ['', ''],
      ['怎样使用', `「${SHEET.summary}」中加分、扣分、追加扣分、额外奖惩、总分、等级、绩效浮动、名次、预警都是公式。`],
      ['', `在「${SHEET.entries}」中修改或新增一行（表下方已预留 ${this.spareRows} 行带公式的空行，公式到第 ${this.entryEnd} 行），汇总自动重算。`],
      [COVERAGE_HEADER, `本页和「${SHEET.summary}」右上方的「${COVERAGE_HEADER}」为空，表示所有记录和员工都在公式范围内。出现红字时汇总不完整：`],
      ['', `记录录在第 ${this.entryEnd} 行以后、插入的行没有公式、或在「${SHEET.roster}」新增了员工。这些不会计入汇总，请重新生成：`],
      ['', '在 Excel 中用「客服考核助手」加载项的「刷新公式」；或用命令'],
      ['', `npx kaohe monthly --workbook 本文件 --month ${input.month} [--previous 上月结果.json] --out 新目录（读取本工作簿的员工名单、考核记录、额外奖惩和考核项目，公式覆盖全部行）。`],
      ['', `规则取自「${SHEET.items}」表：项目、分值、频次、超时分档、类别、等级分数线、绩效浮动、追加扣分门槛。`],
      ['', '修改这些参数，公式即按新规则计算；npx kaohe score --workbook 读回时也使用本工作簿中的参数。'],
      ['核对列', `「${SHEET.entries}」的「核对」列由系统生成时写入：计入、作废、退回、本月已记录、加分项冲突。`],
      ['', '公式只排除「退回」的行。改正一行被退回的数据后，请清空该行的「核对」。'],
      ['公式判断的规则', '日期在本月、工号在名单、项目代码、分值范围、次数、作废；每月一次的项目只计第一条；'],
      ['', '要求当月无违规的加分（如 B01）在员工有违规时不计并显示“加分项冲突”；追加扣分按不同项目计数。'],
      ['系统写入（非公式）', '「核对」列的结论；多人获得 B01 的数据提示（写在本页“提示”）；'],
      ['', `连续两月末位：由系统按 --previous 的上月结果写入「${SHEET.summary}」隐藏列“往月末位(系统写入)”，公式再结合本月分数判断。`],
      ['辅助列', `「${SHEET.entries}」L 列起、「${SHEET.adjustments}」F 列、「${SHEET.summary}」O 列起为隐藏的辅助列，请勿删除。`],
      ['', '同一员工有多个直接辞退项目时，重算后的预警按项目出现的先后列出。'],
    );
    return {
      name: SHEET.readme,
      blocks: [
        { place: '', row: README_FIRST_ROW, col: 1, rows: lines.map(([k, v]) => [k || null, v === '' ? null : v]), columns: [{ header: '项目', width: 18 }, { header: '内容', width: 100 }] },
        // the coverage check on top (A2, red when not empty; the text runs over into column B)
        { place: '', row: 1, col: 1, rows: Array.from({ length: COVERAGE_LINES.readme.rows }, () => [null]), columns: [{ header: COVERAGE_HEADER, width: 18, kind: 'text', formula: this.coverageLines(COVERAGE_LINES.readme.chars, 2) }] },
      ],
      validations: [],
      fills: [{ ref: `A2:B${1 + COVERAGE_LINES.readme.rows}`, formula: 'LEN($A$2)>0', fill: 'FFFFC7CE', fontColor: 'FFC00000' }],
      print: { landscape: false, fitToWidth: true },
    };
  }
}

/**
 * Computes the cached results of the 考核记录 helper formulas exactly as the formulas do, and the
 * core-written 核对 verdict. A row's verdict is the core's; the formulas must agree (tests check both).
 */
class EntryMirror {
  private readonly verdicts = new Map<string, string>();
  private readonly counted = new Set<string>();
  private readonly lookup: EmployeeLookup;
  private readonly tierRows: { code: string; over: number; category: string; points: number }[] = [];
  private readonly categoryById: Map<string, { name: string; effect: string; violation: boolean }>;

  constructor(private readonly ctx: ModelContext) {
    for (const [key, codes] of problemCodesByRow(ctx.input.result.rejected)) this.verdicts.set(key, checkOfProblems(codes)!);
    for (const e of ctx.input.result.employees) for (const b of e.breakdown) if (b.kind === 'entry') this.counted.add(`${b.file}\u0000${b.row}`);
    this.lookup = new EmployeeLookup(ctx.input.roster.employees);
    for (const it of ctx.input.policy.items) for (const t of it.minuteTiers ?? []) this.tierRows.push({ code: it.code, over: t.over, category: ctx.categoryName(t.category), points: t.points });
    this.categoryById = new Map(ctx.input.policy.categories.map((c) => [c.id, { name: c.name, effect: c.effect, violation: c.violation }]));
  }

  row(rec: EntryRecord): Scalar[] {
    const key = `${rec.file}\u0000${rec.row}`;
    const status = textOrNull(rec.status);
    const idText = parseEmployeeId(rec.id);
    const emp = idText === '' ? undefined : this.lookup.find(idText);
    const code = cleanText(rec.code).toUpperCase();
    let check: string | null = this.verdicts.get(key) ?? null;
    if (check === null) check = this.counted.has(key) ? CHECK.counted : status === '作废' ? CHECK.voided : null;
    const out: Scalar[] = new Array(ENTRY_HEADERS.length + this.ctx.triggerCols.length + this.ctx.warnCols.length).fill(null);
    out[0] = dateCell(rec.date);
    out[1] = emp?.id ?? (idText === '' ? null : idText);
    out[2] = code === '' ? null : code;
    out[3] = numberCell(rec.count);
    out[4] = numberCell(rec.points);
    out[5] = numberCell(rec.minutes);
    out[6] = textOrNull(rec.note);
    out[7] = textOrNull(rec.recorder);
    out[8] = status;
    out[9] = textOrNull(rec.voidReason);
    out[10] = check;
    this.helpers(out);
    return out;
  }

  /** The per-row helper formulas (L..Z) except those that look at other rows (first, counted, signed, conflict). */
  private helpers(o: Scalar[]): void {
    const C = ENTRY_COLS;
    const v = (k: keyof typeof C) => o[C[k] - 1];
    const set = (k: keyof typeof C, x: Scalar) => (o[C[k] - 1] = x);
    const code = v('code');
    const item = typeof code === 'string' ? this.ctx.catalog.item(code.toUpperCase()) : undefined;
    const itemRow = item ? this.ctx.itemRow.get(item.code)! : 0;
    set('itemRow', itemRow);
    const id = v('id');
    set('empRow', id === null ? 0 : this.ctx.rosterRowOf.get(String(id)) ?? 0);
    const minutes = v('minutes');
    const mins = typeof minutes === 'number' ? minutes : 0;
    let tierRow = 0;
    let tier: (typeof this.tierRows)[number] | undefined;
    if (item?.minuteTiers && mins > 0) {
      const first = this.ctx.tierFirstRow.get(item.code)!;
      const k = item.minuteTiers.filter((t) => t.over < mins).length;
      tierRow = first + k - 1;
      tier = this.tierRows[tierRow - (this.ctx.layout.tiers.row + 1)];
    }
    set('tierRow', tierRow);
    const category = !item ? '' : tierRow > 0 ? tier!.category : this.ctx.categoryName(item.category);
    set('category', category);
    const catRow = category === '' ? 0 : this.ctx.categoryRow.get(category) ?? 0;
    set('catRow', catRow);
    const E = v('points');
    const pointsCheck = (pts: number) => (E === null ? pts : typeof E === 'number' ? (Math.abs(E) === pts ? pts : -1) : -1);
    let unit = -1;
    if (item) {
      if (item.minuteTiers) unit = tierRow === 0 ? -1 : pointsCheck(tier!.points);
      else if (item.range) unit = typeof E === 'number' && Math.abs(E) >= item.range.min && Math.abs(E) <= item.range.max ? Math.abs(E) : -1;
      else unit = pointsCheck(item.points ?? 0);
    }
    set('unit', unit);
    const D = v('count');
    const times = D === null ? 1 : typeof D === 'number' ? (D >= 1 && Number.isInteger(D) ? D : 0) : 0;
    set('times', times);
    const date = v('date');
    const status = v('status');
    const empRow = v('empRow') as number;
    const join = empRow > 0 ? this.ctx.rosterJoin.get(empRow) : null;
    const joinN = typeof join === 'number' ? join : 0;
    const valid = itemRow > 0 && empRow > 0 && catRow > 0 && unit >= 0 && v('check') !== CHECK.rejected && (status === null || status === '有效')
      && typeof date === 'number' && date >= this.ctx.monthStart && date <= this.ctx.monthEnd && date >= joinN && times >= 1
      && (item!.frequency !== 'monthly' || times === 1);
    set('valid', valid ? 1 : 0);
    set('key', valid ? `${id}|${code}${tierRow > 0 ? '@' + category : ''}`.toUpperCase() : '');
    const cat = item ? [...this.categoryById.values()].find((c) => c.name === category) : undefined;
    set('violation', valid && cat?.violation ? 1 : 0);
    set('group', item?.group ?? '无');
  }

  /** The helpers that look at other rows: first occurrence of the key, counted, signed points, conflict. */
  finish(rows: Scalar[][]): void {
    const C = ENTRY_COLS;
    const seen = new Set<string>();
    const violators = new Set<string>();
    for (const o of rows) {
      const key = o[C.key - 1] as string;
      const k = key.toUpperCase();
      const first = key !== '' && !seen.has(k) ? 1 : 0;
      if (key !== '') seen.add(k);
      o[C.first - 1] = first;
      if (o[C.violation - 1] === 1) violators.add(String(o[C.id - 1]).toUpperCase());
    }
    for (const o of rows) {
      const valid = o[C.valid - 1] === 1;
      const item = valid ? this.ctx.catalog.item(String(o[C.code - 1]).toUpperCase())! : undefined;
      let counted = 0;
      let conflict = 0;
      if (item) {
        const dup = item.frequency === 'monthly' && o[C.first - 1] === 0;
        counted = dup ? 0 : item.excludesViolations ? (violators.has(String(o[C.id - 1]).toUpperCase()) ? 0 : 1) : 1;
        conflict = item.excludesViolations && !dup ? 1 - counted : 0;
      }
      o[C.counted - 1] = counted;
      o[C.conflict - 1] = conflict;
      let signed = 0;
      if (counted) {
        const cat = this.ctx.input.policy.categories.find((c) => c.name === o[C.category - 1])!;
        const sign = cat.effect === 'add' ? 1 : cat.effect === 'deduct' ? -1 : 0;
        signed = sign === 0 ? 0 : (o[C.times - 1] as number) * (o[C.unit - 1] as number) * sign;
      }
      o[C.signed - 1] = signed;
    }
    // chains: next row of the same 工号 (absolute row), running totals from the bottom up
    const nextOf = new Map<string, number>();
    for (let i = rows.length - 1; i >= 0; i--) {
      const o = rows[i];
      const id = o[C.id - 1];
      const row = i + 2;
      if (id === null || id === '') {
        o[C.next - 1] = 0;
      } else {
        const k = String(id).toUpperCase();
        o[C.next - 1] = nextOf.get(k) ?? 0;
        nextOf.set(k, row);
      }
      const next = o[C.next - 1] as number;
      const nx = next > 0 ? rows[next - 2] : undefined;
      const signed = o[C.signed - 1] as number;
      o[C.runBonus - 1] = (signed > 0 ? signed : 0) + (nx ? (nx[C.runBonus - 1] as number) : 0);
      o[C.runDeduct - 1] = (signed < 0 ? -signed : 0) + (nx ? (nx[C.runDeduct - 1] as number) : 0);
      o[C.runConflict - 1] = (o[C.conflict - 1] as number) + (nx ? (nx[C.runConflict - 1] as number) : 0);
      const key = o[C.key - 1] as string;
      o[C.laterKeys - 1] = (key ? key + SEP : '') + (nx ? (nx[C.laterKeys - 1] as string) : '');
      const esc = this.ctx.input.policy.escalation;
      for (const t of this.ctx.triggerCols) {
        const name = t.name;
        const here = esc?.counting === 'occurrences'
          ? (o[C.counted - 1] === 1 && o[C.category - 1] === name ? (o[C.times - 1] as number) : 0)
          : (o[C.first - 1] === 1 && o[C.category - 1] === name ? 1 : 0);
        o[t.col - 1] = here + (nx ? (nx[t.col - 1] as number) : 0);
      }
      for (const w of this.ctx.warnCols) {
        const rule = this.ctx.input.policy.warnings[w.index] as { text: string };
        const name = this.ctx.categoryName(w.category);
        const item = o[C.counted - 1] === 1 && o[C.first - 1] === 1 && o[C.category - 1] === name ? this.ctx.catalog.item(String(o[C.code - 1]).toUpperCase()) : undefined;
        o[w.col - 1] = (item ? '；' + rule.text.split('{name}').join(item.name) : '') + (nx ? (nx[w.col - 1] as string) : '');
      }
    }
  }
}
