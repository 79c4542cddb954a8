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
import { unreachable, type Policy } from '../policy/types';
import { Catalog, tiersOf } from '../policy/catalog';
import { policyFingerprint } from '../policy/load';
import type { AdjustmentRecord, EntryRecord, Roster, RosterRecord } from '../input/records';
import { EmployeeLookup } from '../input/records';
import type { MonthResult } from '../scoring/monthly';
import type { PastMonth } from '../scoring/warnings';
import {
  cleanText,
  isoDate,
  isoDateToSerial,
  keptText,
  monthFromIndex,
  monthIndex,
  parseDate,
  parseEmployeeId,
  parseMonth,
  parseNumber,
} from '../values';
import { SHEET, SUMMARY_COLUMNS, SUMMARY_HEADERS, PROBLEM_HEADERS, FINE_COLUMN } from './sheets';
import { monthInputsOverlong } from '../cell-limit';
import {
  ADJ_COLS,
  ADJ_COLUMNS,
  ADJ_FIRST_HELPER,
  ADJ_SPARE_ROWS,
  CHECK,
  checkOfProblems,
  ENTRY_COLS,
  ENTRY_COLUMNS,
  ENTRY_FIRST_HELPER,
  ENTRY_HEADERS,
  POLICY_BLOCKS,
  PolicyLayout,
  ROSTER_COLS,
  ROSTER_HEADERS,
  SETTINGS_KEYS,
  ENTRY_SPARE_ROWS,
  ROSTER_SPARE_ROWS,
  ENTRY_FIRST_DYNAMIC,
  ENTRY_DYNAMIC_PREFIX,
  SUMMARY_COLS,
  SettingKey,
  colLetter,
  defaultPolicyLayout,
  sheetRef,
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
  /** Formulas of single cells of a column without `formula` (data row index → A1 formula); their cached results are in rows. */
  cellFormulas?: Record<number, string>;
}

/** The formula of a column at one row: {r} → row, {p} → row − 1, {n} → row + 1 (Office.js writers use this too). */
export function formulaAt(template: string, row: number): string {
  return template
    .replace(/\{r\}/g, String(row))
    .replace(/\{p\}/g, String(row - 1))
    .replace(/\{n\}/g, String(row + 1));
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
  /** 录音抽查 fine in yuan by 工号 (`monthly --checks`): 月度汇总 gets a 罚款(元) value column; absent: no column. */
  fines?: ReadonlyMap<string, number>;
}

const DATE_FMT = 'yyyy-mm-dd';
/** Header of the coverage check cell (月度汇总 beside 预警, 说明 A1; the check itself is in row 2). */
export const COVERAGE_HEADER = '公式范围检查';
/** The coverage message is shown in slices of this many characters, one row each (so it prints whole): 月度汇总, 说明. */
const COVERAGE_LINES = { summary: { chars: 24, rows: 16 }, readme: { chars: 56, rows: 6 } } as const;
/** 说明's text starts below the coverage check. */
const README_FIRST_ROW = 2 + COVERAGE_LINES.readme.rows + 1;
/** Starts each entry of the 各键首行 helper column (¦key=row;). */
const SEP = '¦';

/** A cell's number, 0 when it is empty or text: N() in Excel and LibreOffice, but Gnumeric gives #NUM! for N() of an empty cell. */
const num = (x: string) => `IF(ISNUMBER(${x}),${x},0)`;

/** Full-width digits and letters → ASCII, the ideographic space removed (the core's NFKC for codes, in formulas). */
const FULL_WIDTH = '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ';
const HALF_WIDTH = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export function fold(x: string, only?: string): string {
  let out = `SUBSTITUTE(${x},"\u3000","")`;
  for (let i = 0; i < FULL_WIDTH.length; i++) {
    if (only !== undefined && !only.includes(HALF_WIDTH[i])) continue;
    out = `SUBSTITUTE(${out},"${FULL_WIDTH[i]}","${HALF_WIDTH[i]}")`;
  }
  return out;
}

/** What the core's NFKC does to the characters of a number or a date typed as text (the rest stays, and fails). */
const NUMBER_FOLD: [string, string][] = [
  ['\u3000', ' '],
  ['\u00a0', ' '],
  ['\u2212', '-'],
  ['．', '.'],
  ['，', ','],
  ['＋', '+'],
  ['－', '-'],
  ...[...'０１２３４５６７８９'].map((c, i): [string, string] => [c, String(i)]),
];
const DATE_FOLD: [string, string][] = [
  ['\u3000', ' '],
  ['\u00a0', ' '],
  ['．', '.'],
  ['／', '/'],
  ['－', '-'],
  ['Ｔ', 'T'],
  ...[...'０１２３４５６７８９'].map((c, i): [string, string] => [c, String(i)]),
];
const substituteAll = (x: string, pairs: [string, string][]) =>
  pairs.reduce((acc, [a, b]) => `SUBSTITUTE(${acc},"${a}","${b}")`, x);
/** The JS twin of substituteAll (SUBSTITUTE replaces every occurrence, left to right). */
const replaceAll = (x: string, pairs: [string, string][]) => pairs.reduce((acc, [a, b]) => acc.split(a).join(b), x);
/** Excel's TRIM: spaces (U+0020 only) off both ends, runs of spaces inside made one. */
const excelTrim = (x: string) => x.replace(/^ +| +$/g, '').replace(/ {2,}/g, ' ');
/** Text of digits only, as the formulas test it (TEXT(VALUE(s),"00…")=s: up to 15 significant digits). */
// (the first character tested on its own: HyperFormula's TEXT(-5,"00") is "-5", not "-05")
const digitsOnly = (s: string) =>
  `AND(ISNUMBER(FIND(LEFT(${s},1),"0123456789")),IFERROR(TEXT(VALUE(${s}),REPT("0",LEN(${s})))=${s},FALSE()))`;
const isDigitsOnly = (s: string) => /^\d+$/.test(s) && Number(s) < 1e15;

/**
 * A number cell's text as the core reads it, in a helper column: full-width digits and signs folded, trimmed,
 * thousands commas removed; "" for a number cell or a blank one.
 */
export function numberText(x: string): string {
  // (an empty cell stops at the second test: most 次数 and 超时分钟 cells are empty)
  return `IF(ISNUMBER(${x}),"",IF(${x}="","",SUBSTITUTE(TRIM(${substituteAll(`${x}&""`, NUMBER_FOLD)}),",","")))`;
}

/**
 * The number the core reads from a cell (t: its numberText): the number of a number cell; "" when blank;
 * the text's number when it is the core's grammar (one sign at the start, digits, at most one decimal point,
 * a digit somewhere); else "#" (so ISNUMBER is false). VALUE() only after that check: on its own it takes 4- and,
 * in some engines, 1.2.3 (a date), which the core refuses.
 */
export function numberOf(x: string, t: string): string {
  let rest = t;
  for (const ch of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '+', '-'])
    rest = `SUBSTITUTE(${rest},"${ch}","")`;
  // only digits, "." and signs; one "." at most; a sign only first; a digit somewhere. Then VALUE agrees in
  // every engine (few tokens on purpose: LibreOffice's memory grows with each formula cell's tokens)
  const ok = `AND(${rest}="",LEN(${t})-LEN(SUBSTITUTE(${t},".",""))<=1,ISERROR(FIND("+",MID(${t},2,99))),ISERROR(FIND("-",MID(${t},2,99))),LEN(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${t},"+",""),"-",""),".",""))>0)`;
  return `IF(ISNUMBER(${x}),${x},IF(${t}="","",IF(${ok},IFERROR(VALUE(${t}),"#"),"#")))`;
}

/** The JS twins of numberText and numberOf (the cached values). */
export function mirrorNumberText(x: Scalar): string {
  if (typeof x === 'number' || x === null) return '';
  const text = typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : x;
  return excelTrim(replaceAll(text, NUMBER_FOLD)).split(',').join('');
}
export function mirrorNumberOf(x: Scalar, t: string): Scalar {
  if (typeof x === 'number') return x;
  if (t === '') return '';
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : '#';
}

/**
 * A date typed as text, folded as the core folds it, its separators made "-" (年, 月, /; spaces around them
 * dropped), and what may follow the day (a space or T and anything, 日, 日 and a space or T) begun with a
 * space: 2026 年 11 月 5 日 → 2026-11-5, 2026-11-05T09:30 → 2026-11-05 09:30. A "." stays (46333.5 is a
 * serial). The order matters: T and 日 only after the separators are made, so 2026T-11-5 stays unreadable.
 */
export function dateText(x: string): string {
  return `TRIM(${substituteAll(`TRIM(${substituteAll(x, DATE_FOLD)})&" "`, DATE_SEPARATORS)})`;
}
const DATE_SEPARATORS: [string, string][] = [
  ['年', '-'],
  ['月', '-'],
  ['/', '-'],
  [' -', '-'],
  ['- ', '-'],
  ['T', ' '],
  ['日 ', ' '],
];

/** Where dateText's second separator (- or .) is, from the 6th character on; 0 when the text is too short. */
export function secondSeparator(t: string): string {
  return `IFERROR(MIN(FIND("-",${t}&"-",6),FIND(".",${t}&".",6)),0)`;
}
function mirrorSecondSeparator(t: string): number {
  if (t.length < 5) return 0;
  return Math.min((t + '-').indexOf('-', 5), (t + '.').indexOf('.', 5)) + 1;
}

/**
 * The date serial of dateText's text, "" when the core cannot read it. The core's grammar: yyyy, a separator
 * (- or .), one or two digits, a separator, one or two digits, then nothing or a space (dateText made 日 and
 * T so); digits only: eight as a compact date (20261105), else with at most one decimal point a date serial
 * (61 to 400000, Excel's 1900 system).
 */
export function dateOfText(t: string, sep?: string): string {
  // a valid year and month and a day that DATE does not move (2026-2-30 is not a date; day 0 neither)
  const ymd = (y: string, m: string, d: string) =>
    `IF(AND(${y}>=1900,${y}<=2999,${m}>=1,${m}<=12),IF(DAY(DATE(${y},${m},${d}))=${d},DATE(${y},${m},${d}),""),"")`;
  const digit = (c: string) => `ISNUMBER(FIND(${c},"0123456789"))`;
  // the second separator: a helper column's (考核记录) or computed here (员工名单)
  const q = sep ?? secondSeparator(t);
  // one or two digits between the separators
  const monthOk = `AND(${q}>=7,${q}<=8,${digit(`MID(${t},6,1)`)},${digit(`MID(${t},${q}-1,1)`)})`;
  const m = `VALUE(MID(${t},6,${q}-6))`;
  // what follows the second separator, with a space after it: the day is its first one or two digits, and a
  // space must follow them
  const r = `MID(${t},${q}+1,LEN(${t}))&" "`;
  const k = `IF(${digit(`MID(${r},2,1)`)},2,1)`;
  const d = `VALUE(LEFT(${r},${k}))`;
  const dayOk = `AND(${digit(`LEFT(${r},1)`)},MID(${r},${k}+1,1)=" ")`;
  const dashed = `IF(AND(${digitsOnly(`LEFT(${t},4)`)},OR(MID(${t},5,1)="-",MID(${t},5,1)="."),${q}<=LEN(${t}),${monthOk},${dayOk}),${ymd(`VALUE(LEFT(${t},4))`, m, d)},"")`;
  const compact = ymd(`VALUE(LEFT(${t},4))`, `VALUE(MID(${t},5,2))`, `VALUE(MID(${t},7,2))`);
  const serial = `IF(AND(VALUE(${t})>=61,VALUE(${t})<=400000),INT(VALUE(${t})),"")`;
  const serialLike = `AND(LEFT(${t},1)<>".",RIGHT(${t},1)<>".",${digitsOnly(`SUBSTITUTE(${t},".","",1)`)})`;
  return `IFERROR(IF(${serialLike},IF(AND(LEN(${t})=8,ISERROR(FIND(".",${t}))),${compact},${serial}),${dashed}),"")`;
}

/** The number of an all-digit 工号 typed as text or number (0235 → 235), else "" (员工名单's 工号数字 column). */
export function idDigits(x: string): string {
  const t = `TRIM(${x}&"")`;
  return `IF(IFERROR(TEXT(VALUE(${t}),REPT("0",LEN(${t})))=${t},FALSE()),VALUE(${t}),"")`;
}

/**
 * The 员工名单 row of a typed 工号 as the core finds it (EmployeeLookup): the exact text first; a purely
 * numeric 工号 (235 for 0235) then by its number when exactly one roster 工号 has it (工号数字); else 0.
 */
export function rosterLookup(x: string, roster: string, digits: string): string {
  const t = `TRIM(${x}&"")`;
  const n = `VALUE(${t})`;
  return `IFERROR(MATCH(${t},${roster},0),IF(IFERROR(TEXT(${n},REPT("0",LEN(${t})))=${t},FALSE()),IF(COUNTIF(${digits},${n})=1,MATCH(${n},${digits},0),0),0))`;
}

/**
 * TRUE when the 工号 typed in `x` is the roster's `rosterId` as the core matches it: the same text, case
 * included (MATCH ignores case, the core does not), or all digits (found by its number, 235 for 0235).
 */
export function sameIdAsRoster(x: string, rosterId: string): string {
  const t = `TRIM(${x}&"")`;
  return `OR(EXACT(${rosterId},${t}),IFERROR(TEXT(VALUE(${t}),REPT("0",LEN(${t})))=${t},FALSE()))`;
}

const blankEntry = (i: number): EntryRecord => ({
  file: '',
  row: -1 - i,
  date: null,
  id: null,
  code: null,
  count: null,
  points: null,
  minutes: null,
  note: null,
  recorder: null,
  status: null,
  voidReason: null,
});
const YES = '是';
const NO = '否';

const textOrNull = (v: unknown): string | null => {
  const t = cleanText(v as string);
  return t === '' ? null : t;
};
/** Free text (names, 说明, 记录人, 作废原因, 理由) as typed, only trimmed: never folded to half-width. */
const keptOrNull = (v: unknown): string | null => {
  const t = keptText(v as string);
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
  return { month: input.month, sheets: [readme, summary, entries, adjustments, roster, policySheet, problems], names };
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
  /** The first roster row of each 工号 ignoring case, as MATCH finds it. */
  readonly rosterRowFolded = new Map<string, number>();
  /** 入职日期值 of each roster row: the date serial, or "" when the cell is not a readable date. */
  rosterJoin = new Map<number, number | ''>();
  /** 员工名单's data rows (their 记录首行 is filled in once the entries are built). */
  rosterRows: Scalar[][] = [];
  /** Last row of the entry ranges in formulas (entries + spare rows). */
  readonly entryEnd: number;
  readonly spareRows: number;
  /** Running-count column of each escalation trigger, running-text column of each category warning. */
  readonly triggerCols: { index: number; col: number; category: string; name: string }[] = [];
  readonly warnCols: { index: number; col: number; category: string }[] = [];
  /** Index (1-based, within the entry range) of each employee's first row in 考核记录; set by the entries sheet. */
  readonly firstEntryRow = new Map<string, number>();

  constructor(
    readonly input: MonthlyModelInput,
    readonly layout: PolicyLayout,
  ) {
    this.catalog = new Catalog(input.policy);
    this.spareRows = input.spareRows ?? ENTRY_SPARE_ROWS;
    this.entryEnd = input.entries.length + 1 + this.spareRows;
    let dyn = ENTRY_FIRST_DYNAMIC;
    (input.policy.escalation?.triggers ?? []).forEach((t, index) =>
      this.triggerCols.push({ index, col: dyn++, category: t.category, name: this.catalog.category(t.category).name }),
    );
    input.policy.warnings.forEach((w, index) => {
      if (w.type === 'category') this.warnCols.push({ index, col: dyn++, category: w.category });
    });
    this.monthStart = isoDateToSerial(`${input.month}-01`);
    this.monthEnd = isoDateToSerial(monthFromIndex(monthIndex(input.month) + 1) + '-01') - 1;
    const p = input.policy;
    p.items.forEach((it, i) => this.itemRow.set(it.code, layout.items.row + 1 + i));
    p.categories.forEach((c, i) => this.categoryRow.set(c.name, layout.categories.row + 1 + i));
    let t = layout.tiers.row + 1;
    for (const it of p.items) {
      if (it.kind !== 'minuteTiers') continue;
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

  /** The characters of the catalogue's codes (full-width forms of only these need folding). */
  codeChars(): string {
    return [...new Set(this.input.policy.items.map((it) => it.code.toUpperCase()).join(''))].join('');
  }

  /** The drop-down of 工号: every 工号 in 员工名单, also those added after generation. */
  rosterList(): string {
    const a = `${this.R}!$${colLetter(ROSTER_COLS.id)}`;
    return `OFFSET(${a}$2,0,0,MAX(1,COUNTA(${a}:$${colLetter(ROSTER_COLS.id)})-1),1)`;
  }

  /** The drop-down of 项目代码: the codes of 考核项目, also those added after generation. */
  itemList(): string {
    const l = colLetter(this.layout.items.col);
    const top = this.layout.items.row + 1;
    return `OFFSET(${this.P}!$${l}$${top},0,0,MAX(1,COUNTA(${this.P}!$${l}:$${l})-${top - 1}),1)`;
  }

  /** The roster row MATCH finds for a typed 工号 (case ignored), as 员工行 caches it; 0 when none. */
  rosterRowLike(id: Scalar): number {
    if (id === null || id === '') return 0;
    const text = String(id).trim();
    return this.rosterRowOf.get(text) ?? this.rosterRowFolded.get(text.toUpperCase()) ?? 0;
  }

  /** The roster's 工号 on a roster row ("" for 0), as 员工工号 caches it. */
  rosterIdAt(row: number): string {
    const id = row > 0 ? this.rosterRows[row - 2]?.[ROSTER_COLS.id - 1] : null;
    return id === null || id === undefined ? '' : String(id);
  }

  /** A whole column of 员工名单 ('员工名单'!$K:$K). */
  rosterCol(k: keyof typeof ROSTER_COLS): string {
    const l = colLetter(ROSTER_COLS[k]);
    return `${this.R}!$${l}:$${l}`;
  }

  /** The 员工名单 row of the 工号 in `cell` (0 when none), as the core finds it. */
  rosterLookup(cell: string): string {
    const col = (k: keyof typeof ROSTER_COLS) =>
      `${this.R}!$${colLetter(ROSTER_COLS[k])}:$${colLetter(ROSTER_COLS[k])}`;
    return rosterLookup(cell, col('id'), col('digits'));
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
    const rjoin = colLetter(ROSTER_COLS.joinDay);
    const tenure = colLetter(SUMMARY_COLS.tenure);
    const ke = `(COUNTA(${E}!$${id}:$${id})-1-COUNTIFS(${E}!$${id}$2:$${id}$${end},"<>",${E}!$${empRow}$2:$${empRow}$${end},">=0"))`;
    const keep = `${R}!$${rid}:$${rid},"<>",${R}!$${rcheck}:$${rcheck},"<>${CHECK.rejected}"`;
    const kr = `(COUNTIFS(${keep})-1-COUNTIFS(${keep},${R}!$${rjoin}:$${rjoin},">"&${this.setting('月末')})-COUNT(${sheetRef(SHEET.summary)}!$${tenure}$2:$${tenure}$${sumLast}))`;
    // employees of 月度汇总 since deleted from 员工名单
    const multi = this.input.policy.warnings.filter(
      (w) => w.type === 'lastPlaceStreak' || w.type === 'gradeStreak',
    ).length;
    const rr = colLetter(SUMMARY_COLS.history + multi + 1);
    const sumRange = (l: string) => `${sheetRef(SHEET.summary)}!$${l}$2:$${l}$${sumLast}`;
    const kg = `COUNTIF(${sumRange(rr)},0)`;
    const goneRow = `MATCH(0,${sumRange(rr)},0)`;
    const parts =
      `IF(${ke}>0,"「${SHEET.entries}」有 "&${ke}&" 条记录不在公式范围内（公式只到第 "&ROW(${E}!$${id}$${end})&" 行，插入的行也没有公式），未计入月度汇总。","")` +
      `&IF(${kr}>0,"「${SHEET.roster}」有 "&${kr}&" 名员工不在月度汇总中（新增或改动了员工名单），其分数没有计算。","")` +
      `&IF(${kg}>0,"「${SHEET.summary}」有 "&${kg}&" 名员工已不在「${SHEET.roster}」中（第 "&(${goneRow}+1)&" 行 "&INDEX(${sumRange('A')},${goneRow})&" 等）。","")`;
    // rows the formulas do not count (the core does not either, or the row says why in red): named by row
    const eu = `${E}!$${colLetter(ENTRY_COLS.uncounted)}$2:$${colLetter(ENTRY_COLS.uncounted)}$${end}`;
    const ef = `${E}!$${colLetter(ENTRY_COLS.formulaCheck)}$2:$${colLetter(ENTRY_COLS.formulaCheck)}$${end}`;
    const A = this.A;
    const adjEnd = this.input.adjustments.length + 1 + ADJ_SPARE_ROWS;
    const au = `${A}!$${colLetter(ADJ_COLS.uncounted)}$2:$${colLetter(ADJ_COLS.uncounted)}$${adjEnd}`;
    const af = `${A}!$${colLetter(ADJ_COLS.formulaCheck)}$2:$${colLetter(ADJ_COLS.formulaCheck)}$${adjEnd}`;
    const uncounted = (sheet: string, u: string, f: string) =>
      `IF(SUM(${u})>0,"「${sheet}」有 "&SUM(${u})&" 行未计入：第 "&(MATCH(1,${u},0)+1)&" 行"&MID(INDEX(${f},MATCH(1,${u},0)),4,99)&IF(SUM(${u})>1," 等","")&"，见该表红色行的「公式核对」列。","")`;
    const incomplete = `IF(OR(${ke}>0,${kr}>0,${kg}>0),"【汇总不完整】"&${parts}&"请用加载项「刷新公式」，或用 npx kaohe monthly 以本工作簿重新生成（方法见「${SHEET.readme}」）。","")`;
    return `${incomplete}&IF(SUM(${eu})+SUM(${au})>0,"【未计入】"&${uncounted(SHEET.entries, eu, ef)}&${uncounted(SHEET.adjustments, au, af)},"")`;
  }

  // ---------------------------------------------------------------- 考核项目 (the policy)
  policySheet(): SheetModel {
    const p = this.input.policy;
    const L = this.layout;
    const col = (header: string, width: number, kind: ColumnModel['kind'] = 'text'): ColumnModel => ({
      header,
      width,
      kind,
    });
    const block = (
      key: keyof PolicyLayout,
      widths: number[],
      rows: Scalar[][],
      kinds: ColumnModel['kind'][] = [],
    ): BlockModel => ({
      place: POLICY_BLOCKS[key].name,
      row: L[key].row,
      col: L[key].col,
      columns: POLICY_BLOCKS[key].headers.map((h, i) => col(h, widths[i] ?? 10, kinds[i] ?? 'text')),
      rows,
    });
    const items = p.items.map((it): Scalar[] => [
      it.code,
      it.name,
      this.categoryName(it.category),
      it.kind === 'fixed' ? it.points : null,
      it.kind === 'range' ? it.range.min : null,
      it.kind === 'range' ? it.range.max : null,
      it.frequency === 'monthly' ? '每月一次' : '每次',
      it.kind === 'minuteTiers' ? YES : null,
      it.excludesViolations ? YES : null,
      it.singleHolder ? YES : null,
      it.group ?? null,
      it.note ?? null,
    ]);
    const esc = p.escalation;
    const adj = p.adjustment;
    const pf = p.payFloat;
    const t = p.tiers;
    const settings: Record<SettingKey, Scalar> = {
      考核月份: this.input.month,
      月初: this.monthStart,
      月末: this.monthEnd,
      方案ID: p.id,
      方案名称: p.name,
      基础分: p.base,
      最低分: p.scoreMin,
      最高分: p.scoreMax,
      追加扣分代码: esc?.code ?? null,
      追加扣分名称: esc?.name ?? null,
      追加扣分分值: esc?.points ?? null,
      追加扣分计数: esc ? (esc.counting === 'distinct' ? '不同项目' : '次数') : null,
      额外奖惩下限: adj?.min ?? null,
      额外奖惩上限: adj?.max ?? null,
      额外奖惩须填理由: adj ? (adj.reasonRequired ? YES : NO) : null,
      浮动基准分: pf?.pivot ?? null,
      '每分浮动(元)': pf?.perPoint ?? null,
      '浮动下限(元)': pf?.min ?? null,
      '浮动上限(元)': pf?.max ?? null,
      浮动起始入职月: pf?.fromTenureMonth ?? null,
      '排名前(%)': t.topPercent,
      '排名后(%)': t.bottomPercent,
      '月度金额-前': t.monthly.top,
      '月度金额-中': t.monthly.middle,
      '月度金额-后': t.monthly.bottom,
      '季度金额-前': t.quarterly.top,
      '季度金额-中': t.quarterly.middle,
      '季度金额-后': t.quarterly.bottom,
      '试用期扣减(元)': t.probationDeduction,
      试用期月数: t.probationMonths,
      连续两季末位预警: t.lastTwoQuartersText,
    };
    const settingRows = SETTINGS_KEYS.map((k): Scalar[] => [k, settings[k]]);
    const categories = p.categories.map((c): Scalar[] => [c.name, effectText[c.effect], c.violation ? YES : NO, c.id]);
    const tiers: Scalar[][] = [];
    for (const it of p.items)
      for (const tr of tiersOf(it))
        tiers.push([it.code, tr.over, tr.upTo ?? null, this.categoryName(tr.category), tr.points]);
    const groups = p.groups.map((g): Scalar[] => [g.id, g.name, g.points]);
    const grades = p.grades.map((g): Scalar[] => [
      g.name,
      g.min ?? null,
      g.min === undefined ? null : g.minInclusive === false ? NO : YES,
      g.color ?? null,
    ]);
    const triggers = (esc?.triggers ?? []).map((tr): Scalar[] => [this.categoryName(tr.category), tr.atLeast]);
    const warnings = p.warnings.map((w): Scalar[] => {
      switch (w.type) {
        case 'scoreBelow':
          return [w.type, w.below, null, null, w.text];
        case 'lastPlaceStreak':
          return [w.type, w.below, w.months, null, w.text];
        case 'category':
          return [w.type, null, null, this.categoryName(w.category), w.text];
        case 'bonusConflict':
          return [w.type, null, null, null, w.text];
        case 'gradeStreak':
          return [w.type, null, w.months, w.grade, w.text];
      }
    });
    const settingsBlock = block('settings', [16, 22], settingRows);
    // 月初/月末 are dates; the writer formats a block cell as a date when its column is 'date', so keep
    // them as serials and say so in the key's label through the number format of the whole column.
    settingsBlock.columns[1].numFmt = 'General';
    // 月初 and 月末 follow 考核月份 (typed as 2026-11, 2026/11, 2026年11月 or as a date), so editing it moves every formula
    const monthCell = this.setting('考核月份').replace(`${this.P}!`, '');
    const startCell = this.setting('月初').replace(`${this.P}!`, '');
    const ms = `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(${monthCell}&""),"年","-"),"月",""),"/","-"),".","-")`;
    settingsBlock.columns[1].cellFormulas = {
      [SETTINGS_KEYS.indexOf('月初')]:
        `IF(ISNUMBER(${monthCell}),DATE(YEAR(${monthCell}),MONTH(${monthCell}),1),DATE(VALUE(LEFT(${ms},4)),VALUE(MID(${ms},6,2)),1))`,
      [SETTINGS_KEYS.indexOf('月末')]: `DATE(YEAR(${startCell}+31),MONTH(${startCell}+31),1)-1`,
    };
    return {
      name: SHEET.items,
      blocks: [
        block('items', [7, 34, 10, 7, 9, 9, 9, 9, 9, 9, 7, 28], items, [
          'text',
          'text',
          'text',
          'number',
          'number',
          'number',
        ]),
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
      if (id !== '' && !this.rosterRowFolded.has(id.toUpperCase())) this.rosterRowFolded.set(id.toUpperCase(), row);
      const join = dateCell(rec.joinDate);
      // the mirror of 入职日期文字 and 入职日期值 (a text date is kept as typed only when it is unreadable)
      const joinText = typeof join === 'string' ? mirrorDateText(join) : '';
      const joinDay = typeof join === 'number' ? Math.floor(join) : joinText === '' ? '' : mirrorDateOfText(joinText);
      this.rosterJoin.set(row, joinDay);
      return [
        id === '' ? null : id,
        keptOrNull(rec.name),
        textOrNull(rec.team),
        keptOrNull(rec.position),
        join,
        textOrNull(rec.status),
        problemRows.has(`${rec.file}\u0000${rec.row}`) ? CHECK.rejected : null,
        /^\d+$/.test(id) && id.length <= 15 ? Number(id) : '',
        0, // 记录首行: set by entriesSheet once the entries' 员工行 are known
        joinText,
        joinDay,
      ];
    });
    this.rosterRows = rows;
    const data = rows.length;
    for (let i = 0; i < ROSTER_SPARE_ROWS; i++) rows.push([null, null, null, null, null, null, null, '', 0, '', '']);
    const widths = [9, 10, 10, 10, 12, 8, 8, 8, 8, 8, 8];
    const join = `${colLetter(ROSTER_COLS.joinDate)}{r}`;
    return {
      name: SHEET.roster,
      blocks: [
        {
          place: '',
          row: 1,
          col: 1,
          rows,
          columns: ROSTER_HEADERS.map((h, i) => ({
            header: h,
            width: widths[i],
            kind: i === ROSTER_COLS.joinDate - 1 ? 'date' : 'text',
            numFmt: i === ROSTER_COLS.joinDate - 1 ? DATE_FMT : undefined,
            // the number of an all-digit 工号, for a 工号 typed as a number elsewhere (hidden helper)
            ...(i === ROSTER_COLS.digits - 1
              ? { kind: 'number' as const, hidden: true, formula: idDigits(`A{r}`) }
              : {}),
            // the employee's first 考核记录 row (index in the entry ranges, 0 = none): the head of the employee's
            // chain, found once per employee here instead of once per entry row (a scan of 员工行 from the top)
            ...(i === ROSTER_COLS.firstEntry - 1
              ? {
                  kind: 'number' as const,
                  hidden: true,
                  formula: `IF(${colLetter(ROSTER_COLS.id)}{r}="",0,IFERROR(MATCH(ROW(),${this.E}!$${colLetter(ENTRY_COLS.empRow)}$2:$${colLetter(ENTRY_COLS.empRow)}$${this.entryEnd},0),0))`,
                }
              : {}),
            // 入职日期 read as the core reads it: a date, or a date typed as text (2026-09-15, 2026年9月15日 …);
            // "" when blank or unreadable (the core refuses that roster row)
            ...(i === ROSTER_COLS.joinText - 1
              ? { kind: 'text' as const, hidden: true, formula: `IF(ISTEXT(${join}),${dateText(join)},"")` }
              : {}),
            ...(i === ROSTER_COLS.joinDay - 1
              ? {
                  kind: 'number' as const,
                  hidden: true,
                  formula: `IF(ISNUMBER(${join}),INT(${join}),IF(${colLetter(ROSTER_COLS.joinText)}{r}="","",${dateOfText(`${colLetter(ROSTER_COLS.joinText)}{r}`)}))`,
                }
              : {}),
          })),
        },
      ],
      freeze: { rows: 1, cols: 0 },
      validations: [],
      fills: [{ ref: `A2:G${Math.max(2, data + 1)}`, formula: '$G2="退回"', fill: 'FFFFC7CE' }],
    };
  }

  // ---------------------------------------------------------------- 考核记录 (entries + helper formulas)
  entriesSheet(): SheetModel {
    const C = ENTRY_COLS;
    const c = (k: keyof typeof ENTRY_COLS) => `${colLetter(C[k])}{r}`;
    const col = (k: keyof typeof ENTRY_COLS) => `$${colLetter(C[k])}$2:$${colLetter(C[k])}$${this.entryEnd}`;
    const items = (o: number) => this.pcol('items', o);
    const cats = (o: number) => this.pcol('categories', o);
    const tiers = (o: number) => this.pcol('tiers', o);
    const idx = (range: string, row: string) => `INDEX(${range},${row})`;
    const item = (o: number) => idx(items(o), c('itemRow'));
    /** The item's code as 考核项目 spells it (the typed code may be lower-case, padded or full-width). */
    const code = item(0);
    const tierPts = idx(tiers(4), c('tierRow'));
    const fixedPts = num(item(3));
    const E = c('pts');
    const pointsCheck = (pts: string) => `IF(${E}="",${pts},IF(ISNUMBER(${E}),IF(ABS(${E})=${pts},${pts},-1),-1))`;
    /** The employee's key → first row map: 各键首行 on the employee's first row (the head of the chain). */
    const head = `INDEX(${this.R}!$${colLetter(ROSTER_COLS.firstEntry)}:$${colLetter(ROSTER_COLS.firstEntry)},${c('empRow')})`;
    const allFirst = `INDEX(${col('firstRows')},${head})`;
    // the employee's violations this month: 累计违规 on the employee's first row (one lookup; a COUNTIFS over
    // the whole table on every row of an item that excludes violations grew with the square of the rows)
    const empViolations = `INDEX(${col('runViolation')},${head})`;
    const status = `TRIM(${c('status')})`;
    const inMonth = `AND(${c('day')}>=${this.setting('月初')},${c('day')}<=${this.setting('月末')})`;
    const joinDay = `INDEX(${this.rosterCol('joinDay')},${c('empRow')})`;
    const joinKnown = `ISNUMBER(${joinDay})`;
    const joined = `AND(${joinKnown},${c('day')}>=${joinDay})`;
    const sameId = sameIdAsRoster(c('id'), c('empId'));
    const onceOk = `OR(${item(6)}<>"每月一次",${c('times')}=1)`;
    const F: Partial<Record<keyof typeof ENTRY_COLS, string>> = {
      itemRow: `IFERROR(MATCH(${c('code')},${items(0)},0),IF(TRIM(${c('code')})="",0,IFERROR(MATCH(${fold(`UPPER(TRIM(${c('code')}))`, this.codeChars())},${items(0)},0),0)))`,
      // blank rows (the spare rows below the entries) stop here: no roster lookup on every recalculation
      empRow: `IF(${c('id')}="",0,${this.rosterLookup(c('id'))})`,
      empId: `IF(${c('empRow')}=0,"",INDEX(${this.rosterCol('id')},${c('empRow')})&"")`,
      dayText: `IF(ISTEXT(${c('date')}),${dateText(c('date'))},"")`,
      daySep: `IF(${c('dayText')}="",0,${secondSeparator(c('dayText'))})`,
      day: `IF(ISNUMBER(${c('date')}),INT(${c('date')}),IF(${c('dayText')}="","",${dateOfText(c('dayText'), c('daySep'))}))`,
      qtyText: numberText(c('count')),
      ptsText: numberText(c('points')),
      minsText: numberText(c('minutes')),
      qty: numberOf(c('count'), c('qtyText')),
      pts: numberOf(c('points'), c('ptsText')),
      mins: numberOf(c('minutes'), c('minsText')),
      tierRow: `IF(${c('itemRow')}=0,0,IF(${item(7)}<>"是",0,IF(${num(c('mins'))}<=0,0,MATCH(${code},${tiers(0)},0)+COUNTIFS(${tiers(0)},${code},${tiers(1)},"<"&${c('mins')})-1)))`,
      category: `IF(${c('itemRow')}=0,"",IF(${c('tierRow')}>0,${idx(tiers(3), c('tierRow'))},${item(2)}))`,
      catRow: `IF(${c('category')}="",0,IFERROR(MATCH(${c('category')},${cats(0)},0),0))`,
      unit: `IF(${c('itemRow')}=0,-1,IF(${item(7)}="是",IF(${c('tierRow')}=0,-1,${pointsCheck(tierPts)}),IF(${item(4)}<>"",IF(ISNUMBER(${E}),IF(AND(ABS(${E})>=${item(4)},ABS(${E})<=${item(5)}),ABS(${E}),-1),-1),${pointsCheck(fixedPts)})))`,
      times: `IF(${c('qty')}="",1,IF(ISNUMBER(${c('qty')}),IF(AND(${c('qty')}>=1,${c('qty')}=INT(${c('qty')})),${c('qty')},0),0))`,
      valid: `IF(OR(${c('itemRow')}=0,${c('empRow')}=0,${c('catRow')}=0),0,IF(AND(${sameId},${c('unit')}>=0,${c('check')}<>"${CHECK.rejected}",OR(${status}="",${status}="有效"),ISNUMBER(${c('day')}),${inMonth},${joined},${c('times')}>=1,${onceOk}),1,0))`,
      // the item (and a tiered item's category): the chains are per employee, so the key need not name them
      key: `IF(${c('valid')}=1,UPPER(${code}&IF(${c('tierRow')}>0,"@"&${c('category')},"")),"")`,
      // first occurrence of the key among the employee's rows: the employee's key → first row map (on the
      // employee's first row) names this row for this key
      first: `IF(${c('key')}="",0,IF(ISNUMBER(FIND("${SEP}"&${c('key')}&"="&ROW()&";",${allFirst})),1,0))`,
      violation: `IF(${c('valid')}=1,IF(INDEX(${cats(2)},${c('catRow')})="是",1,0),0)`,
      counted: `IF(${c('valid')}=0,0,IF(AND(${item(6)}="每月一次",${c('first')}=0),0,IF(${item(8)}="是",IF(${empViolations}>0,0,1),1)))`,
      signed: `IF(${c('counted')}=0,0,${c('times')}*${c('unit')}*IF(INDEX(${cats(1)},${c('catRow')})="加分",1,IF(INDEX(${cats(1)},${c('catRow')})="扣分",-1,0)))`,
      group: `IF(${c('itemRow')}=0,"无",IF(${item(10)}="","无",${item(10)}&""))`,
      conflict: `IF(${c('valid')}=0,0,IF(${item(8)}<>"是",0,IF(AND(${item(6)}="每月一次",${c('first')}=0),0,1-${c('counted')})))`,
      // why a row with data is not counted (作废 and the core's 退回 say so themselves): shown in red
      formulaCheck: `IF(COUNTA($A{r}:$${colLetter(C.voidReason)}{r})=0,"",IF(OR(${c('valid')}=1,${status}="作废",${c('check')}="${CHECK.rejected}"),"",${[
        [`TRIM(${c('date')}&"")=""`, '未计入：缺少日期'],
        [`NOT(ISNUMBER(${c('day')}))`, '未计入：日期无法识别'],
        [`NOT(${inMonth})`, '未计入：日期不在考核月份'],
        [`TRIM(${c('id')}&"")=""`, '未计入：缺少工号'],
        [`${c('empRow')}=0`, '未计入：工号不在员工名单'],
        [`NOT(${sameId})`, '未计入：工号与员工名单的大小写不同'],
        [`NOT(${joinKnown})`, '未计入：员工名单中该员工的入职日期无法识别'],
        [`NOT(${joined})`, '未计入：日期早于入职日期'],
        [`TRIM(${c('code')}&"")=""`, '未计入：缺少项目代码'],
        [`${c('itemRow')}=0`, '未计入：项目代码不在考核项目表'],
        [`${c('catRow')}=0`, '未计入：项目的类别不在类别表'],
        [`${c('unit')}<0`, '未计入：分值或超时分钟与该项目不符'],
        [`${c('times')}<1`, '未计入：次数应为不小于1的整数'],
        [`NOT(${onceOk})`, '未计入：每月一次的项目次数只能为1'],
        [`NOT(OR(${status}="",${status}="有效"))`, '未计入：状态只能为空、有效或作废'],
      ].reduceRight((rest, [cond, text]) => `IF(${cond},"${text}",${rest})`, '"未计入"')}))`,
      uncounted: `IF(${c('formulaCheck')}="",0,1)`,
    };
    // Running totals along each employee's chain of rows (next row of the same employee, found by MATCH on
    // the formula-made 员工工号 in the rows below, so a row without formulas is skipped, never a cut): the
    // employee's first row then holds the month's totals, so 月度汇总 needs one lookup per figure.
    const end1 = this.entryEnd + 1;
    const below = (k: number) => `INDEX($${colLetter(k)}{n}:$${colLetter(k)}$${end1},${c('next')}-ROW())`;
    const run = (k: number, here: string, empty = '0') => `${here}&IF(${c('next')}=0,${empty},${below(k)})`;
    const runNum = (k: number, here: string) => `${here}+IF(${c('next')}=0,0,${below(k)})`;
    // (the employee is told by 员工行, the roster row: a number, so the lookups compare numbers, not text
    // with case folding — several times faster in LibreOffice)
    F.next = `IF(${c('empRow')}=0,0,IFERROR(MATCH(${c('empRow')},$${colLetter(C.empRow)}{n}:$${colLetter(C.empRow)}$${end1},0)+ROW(),0))`;
    F.runBonus = runNum(C.runBonus, `IF(${c('signed')}>0,${c('signed')},0)`);
    F.runDeduct = runNum(C.runDeduct, `IF(${c('signed')}<0,-${c('signed')},0)`);
    F.runConflict = runNum(C.runConflict, c('conflict'));
    F.runViolation = runNum(C.runViolation, c('violation'));
    // 各键首行: "¦key=row;" for each distinct key of this row and the employee's later rows, with the topmost
    // row of each: this row's entry first, the later rows' map without its old entry for this key. Bounded by
    // the number of distinct keys (items), not by the employee's rows (a list of every later key grew with
    // the square of the rows per employee: memory in `monthly`, time in every engine).
    const later = `IF(${c('next')}=0,"",${below(C.firstRows)})`;
    const tag = `"${SEP}"&${c('key')}&"="`;
    const at = `FIND(${tag},${later})`;
    F.firstRows = `IF(${c('key')}="",${later},${tag}&ROW()&";"&IFERROR(SUBSTITUTE(${later},MID(${later},${at},FIND(";",${later},${at}+LEN(${tag}))-${at}+1),""),${later}))`;
    const S = (k: SettingKey) => this.setting(k);
    const dynamic: ColumnModel[] = [];
    this.triggerCols.forEach((t) => {
      const cat = this.pcell('triggers', t.index, 0);
      dynamic.push({
        header: `${ENTRY_DYNAMIC_PREFIX}${t.name}`,
        width: 8,
        hidden: true,
        formula: runNum(
          t.col,
          `IF(${S('追加扣分计数')}="次数",IF(AND(${c('counted')}=1,${c('category')}=${cat}),${c('times')},0),IF(AND(${c('first')}=1,${c('category')}=${cat}),1,0))`,
        ),
      });
    });
    this.warnCols.forEach((w) => {
      const cat = this.pcell('warnings', w.index, 3);
      const text = this.pcell('warnings', w.index, 4);
      dynamic.push({
        header: `${ENTRY_DYNAMIC_PREFIX}预警${w.index + 1}`,
        width: 8,
        hidden: true,
        formula: run(
          w.col,
          `IF(AND(${c('counted')}=1,${c('first')}=1,${c('category')}=${cat}),"；"&SUBSTITUTE(${text},"{name}",${item(1)}),"")`,
          '""',
        ),
      });
    });
    const mirror = new EntryMirror(this);
    const rows = this.input.entries.map((rec) => mirror.row(rec));
    for (let i = 0; i < this.spareRows; i++) rows.push(mirror.row(blankEntry(i)));
    mirror.finish(rows);
    rows.forEach((o, i) => {
      const id = o[ENTRY_COLS.empId - 1];
      if (id !== null && id !== '' && !this.firstEntryRow.has(String(id))) this.firstEntryRow.set(String(id), i + 1);
      const emp = o[ENTRY_COLS.empRow - 1] as number;
      const r = emp > 0 ? this.rosterRows[emp - 2] : undefined;
      if (r && r[ROSTER_COLS.firstEntry - 1] === 0) r[ROSTER_COLS.firstEntry - 1] = i + 1;
    });
    const staticColumns: ColumnModel[] = ENTRY_COLUMNS.map((d, i): ColumnModel => {
      const kind = 'kind' in d ? d.kind : 'text';
      return {
        header: d.header,
        width: 'width' in d ? d.width : 8,
        kind,
        numFmt: kind === 'date' ? DATE_FMT : undefined,
        hidden: i + 1 >= ENTRY_FIRST_HELPER,
        formula: F[d.key],
      };
    });
    const columns = [...staticColumns, ...dynamic];
    const last = Math.max(2, rows.length + 1);
    const itemsCol = colLetter(this.layout.items.col);
    const iMin = colLetter(this.layout.items.col + 4);
    const iMax = colLetter(this.layout.items.col + 5);
    const m = (col: string) => `INDEX(${this.P}!$${col}:$${col},MATCH($C2,${this.P}!$${itemsCol}:$${itemsCol},0))`;
    const spare = last + 2000;
    const L = (k: keyof typeof ENTRY_COLS) => colLetter(C[k]);
    const visible = `A2:${L('formulaCheck')}`;
    return {
      name: SHEET.entries,
      blocks: [{ place: '', row: 1, col: 1, columns, rows }],
      freeze: { rows: 1, cols: 0 },
      table: { name: '考核记录表', style: 'TableStyleLight9' },
      validations: [
        {
          ref: `B2:B${spare}`,
          type: 'list',
          formulae: [this.rosterList()],
          allowBlank: true,
          error: '工号不在员工名单中：请从下拉列表选择。',
        },
        {
          ref: `C2:C${spare}`,
          type: 'list',
          formulae: [this.itemList()],
          allowBlank: true,
          error: '项目代码不在考核项目表中：请从下拉列表选择。',
        },
        {
          ref: `D2:D${spare}`,
          type: 'whole',
          formulae: ['1', '1000'],
          operator: 'between',
          allowBlank: true,
          error: '次数应为不小于1的整数。',
        },
        {
          ref: `E2:E${spare}`,
          type: 'custom',
          allowBlank: true,
          error: '分值超出该项目的范围（见考核项目表的分值下限、分值上限）。',
          formulae: [
            `OR($E2="",IFERROR(${m(iMin)}="",TRUE()),IFERROR(AND(ABS($E2)>=${m(iMin)},ABS($E2)<=${m(iMax)}),FALSE()))`,
          ],
        },
        {
          ref: `I2:I${spare}`,
          type: 'list',
          formulae: ['"有效,作废"'],
          allowBlank: true,
          error: '状态只能为空、「有效」或「作废」。',
        },
      ],
      fills: [
        { ref: `${visible}${last}`, formula: `$K2="${CHECK.rejected}"`, fill: 'FFFFC7CE' },
        { ref: `${visible}${last}`, formula: '$I2="作废"', fontColor: 'FF808080', strike: true },
        { ref: `${visible}${last}`, formula: `OR($K2="${CHECK.duplicate}",$K2="${CHECK.conflict}")`, fill: 'FFFFEB9C' },
        // not counted by the formulas, and why (公式核对); a row with a 工号 but no formulas (inserted or below the range)
        { ref: `${visible}${last}`, formula: `$${L('formulaCheck')}2<>""`, fill: 'FFFFC7CE', fontColor: 'FFC00000' },
        {
          ref: `${visible}${spare}`,
          formula: `AND($B2<>"",NOT(ISNUMBER($${L('empRow')}2)))`,
          fill: 'FFFFC7CE',
          fontColor: 'FFC00000',
        },
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
    const A = ADJ_COLS;
    const width = Object.keys(A).length;
    const mirror = (rec: AdjustmentRecord | null): Scalar[] => {
      const out: Scalar[] = new Array(width).fill(null);
      if (!rec) {
        out[A.counted - 1] = 0;
        out[A.empRow - 1] = 0;
        out[A.empId - 1] = '';
        out[A.amount - 1] = 0;
        out[A.uncounted - 1] = 0;
        out[A.monthOk - 1] = 0;
        out[A.val - 1] = '';
        out[A.valText - 1] = '';
        return out;
      }
      const idText = parseEmployeeId(rec.id);
      const emp = idText === '' ? undefined : lookup.find(idText);
      const m = parseMonth(rec.month);
      const check = checkOfProblems(problems.get(`${rec.file}\u0000${rec.row}`) ?? []) ?? CHECK.counted;
      const value = numberCell(rec.value);
      const id = emp?.id ?? (idText === '' ? null : idText);
      const monthCell = m ?? textOrNull(rec.month);
      const reason = keptOrNull(rec.reason);
      const empRow = this.rosterRowLike(id);
      const empId = this.rosterIdAt(empRow);
      // mirror of the 计入 and 公式核对 formulas
      const why: [boolean, string][] = [
        [monthCell !== month, '月份不是考核月份'],
        [empRow === 0, '工号不在员工名单'],
        [!sameIdAs(id, empId), '工号与员工名单的大小写不同'],
        [typeof value !== 'number', '分值不是数字'],
        [!!adj && typeof value === 'number' && (value < adj.min || value > adj.max), '分值超出范围'],
        [!!adj && adj.reasonRequired && reason === null, '缺少理由'],
        [seen.has(String(id).toUpperCase()), '本月已记录（只计第一条）'],
      ];
      const fail = !adj ? '方案没有额外奖惩' : why.find(([c]) => c)?.[1];
      const counted = check !== CHECK.rejected && !fail ? 1 : 0;
      if (counted) seen.add(String(id).toUpperCase());
      const shown =
        counted === 1 || check === CHECK.rejected || check === CHECK.duplicate ? null : `未计入：${fail ?? ''}`;
      out[A.month - 1] = monthCell;
      out[A.id - 1] = id;
      out[A.value - 1] = value;
      out[A.reason - 1] = reason;
      out[A.check - 1] = check;
      out[A.formulaCheck - 1] = shown;
      out[A.counted - 1] = counted;
      out[A.empRow - 1] = empRow;
      out[A.empId - 1] = empId;
      out[A.amount - 1] = counted ? (value as number) : 0;
      out[A.uncounted - 1] = shown === null ? 0 : 1;
      out[A.monthOk - 1] = monthCell === month ? 1 : 0;
      out[A.valText - 1] = mirrorNumberText(value);
      out[A.val - 1] = mirrorNumberOf(value, out[A.valText - 1] as string);
      return out;
    };
    const rows = this.input.adjustments.map((rec) => mirror(rec));
    for (let i = 0; i < ADJ_SPARE_ROWS; i++) rows.push(mirror(null));
    const S = (k: SettingKey) => this.setting(k);
    const c = (k: keyof typeof ADJ_COLS) => `${colLetter(A[k])}{r}`;
    const prefix = (k: keyof typeof ADJ_COLS) => `${colLetter(A[k])}$1:${colLetter(A[k])}{p}`;
    const v = c('val');
    const start = S('月初');
    // the month as typed: a date or month serial, or text like 2026-11, 2026/11, 2026年11月
    const ms = `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(${c('month')}&""),"年","-"),"月",""),"/","-"),".","-")`;
    const monthTest = `IF(ISNUMBER(${c('month')}),AND(YEAR(${c('month')})=YEAR(${start}),MONTH(${c('month')})=MONTH(${start})),IFERROR(AND(MID(${ms},5,1)="-",VALUE(LEFT(${ms},4))=YEAR(${start}),VALUE(MID(${ms},6,9))=MONTH(${start})),FALSE()))`;
    const monthOk = `${c('monthOk')}=1`;
    const inRange = `AND(ISNUMBER(${v}),${v}>=${S('额外奖惩下限')},${v}<=${S('额外奖惩上限')})`;
    const reasonOk = `OR(${S('额外奖惩须填理由')}<>"是",TRIM(${c('reason')}&"")<>"")`;
    const firstOk = `COUNTIFS(${prefix('empId')},${c('empId')},${prefix('counted')},1)=0`;
    const sameId = sameIdAsRoster(c('id'), c('empId'));
    const F: Partial<Record<keyof typeof ADJ_COLS, string>> = {
      counted: `IF(${c('check')}="${CHECK.rejected}",0,IF(${S('额外奖惩下限')}="",0,IF(AND(${monthOk},${c('empRow')}>0,${sameId},${inRange},${reasonOk},${firstOk}),1,0)))`,
      empRow: `IF(${c('id')}="",0,${this.rosterLookup(c('id'))})`,
      empId: `IF(${c('empRow')}=0,"",INDEX(${this.rosterCol('id')},${c('empRow')})&"")`,
      amount: `IF(${c('counted')}=1,${v},0)`,
      formulaCheck: `IF(COUNTA($A{r}:$${colLetter(A.reason)}{r})=0,"",IF(OR(${c('counted')}=1,${c('check')}="${CHECK.rejected}",${c('check')}="${CHECK.duplicate}"),"",${[
        [`${S('额外奖惩下限')}=""`, '方案没有额外奖惩'],
        [`NOT(${monthOk})`, '月份不是考核月份'],
        [`${c('empRow')}=0`, '工号不在员工名单'],
        [`NOT(${sameId})`, '工号与员工名单的大小写不同'],
        [`NOT(ISNUMBER(${v}))`, '分值不是数字'],
        [`NOT(${inRange})`, '分值超出范围'],
        [`NOT(${reasonOk})`, '缺少理由'],
        [`NOT(${firstOk})`, '本月已记录（只计第一条）'],
      ].reduceRight((rest, [cond, text]) => `IF(${cond},"未计入：${text}",${rest})`, '"未计入"')}))`,
      uncounted: `IF(${c('formulaCheck')}="",0,1)`,
      monthOk: `IF(${monthTest},1,0)`,
      valText: numberText(c('value')),
      val: numberOf(c('value'), c('valText')),
    };
    const last = Math.max(2, rows.length + 1);
    const visible = `A2:${colLetter(A.formulaCheck)}`;
    return {
      name: SHEET.adjustments,
      table: { name: '额外奖惩表', style: 'TableStyleLight9' },
      blocks: [
        {
          place: '',
          row: 1,
          col: 1,
          rows,
          columns: ADJ_COLUMNS.map(
            (d, i): ColumnModel => ({
              header: d.header,
              width: 'width' in d ? d.width : 8,
              kind: 'kind' in d ? d.kind : 'text',
              hidden: i + 1 >= ADJ_FIRST_HELPER,
              formula: F[d.key],
            }),
          ),
        },
      ],
      freeze: { rows: 1, cols: 0 },
      validations: adj
        ? [
            {
              ref: `B2:B${last}`,
              type: 'list',
              formulae: [this.rosterList()],
              allowBlank: true,
              error: '工号不在员工名单中：请从下拉列表选择。',
            },
            {
              ref: `C2:C${last}`,
              type: 'decimal',
              formulae: [String(adj.min), String(adj.max)],
              operator: 'between',
              allowBlank: true,
              error: `额外奖惩应在 ${adj.min}～${adj.max} 分之间。`,
            },
          ]
        : [],
      fills: [
        { ref: `${visible}${last}`, formula: `$E2="${CHECK.rejected}"`, fill: 'FFFFC7CE' },
        {
          ref: `${visible}${last}`,
          formula: `$${colLetter(A.formulaCheck)}2<>""`,
          fill: 'FFFFC7CE',
          fontColor: 'FFC00000',
        },
        {
          ref: `${visible}${last + 1000}`,
          formula: `AND($B2<>"",NOT(ISNUMBER($${colLetter(A.empRow)}2)))`,
          fill: 'FFFFC7CE',
          fontColor: 'FFC00000',
        },
      ],
    };
  }

  // ---------------------------------------------------------------- 月度汇总
  summarySheet(): SheetModel {
    const p = this.input.policy;
    const res = this.input.result;
    const n = res.employees.length;
    const last = Math.max(2, n + 1);
    const S = (k: SettingKey) => this.setting(k);
    const E = (k: keyof typeof ENTRY_COLS) =>
      `${this.E}!$${colLetter(ENTRY_COLS[k])}$2:$${colLetter(ENTRY_COLS[k])}$${this.entryEnd}`;
    const multi = p.warnings
      .map((w, i) => ({ w, i }))
      .filter(({ w }) => w.type === 'lastPlaceStreak' || w.type === 'gradeStreak');
    const histCol = (wi: number) => colLetter(SUMMARY_COLS.history + multi.findIndex((m) => m.i === wi));
    const W = (i: number, o: number) => this.pcell('warnings', i, o);

    // 月度汇总's own columns by key: J{r} is the score of this row, etc. (letters from SUMMARY_COLUMNS)
    const X = (k: keyof typeof SUMMARY_COLS) => `${colLetter(SUMMARY_COLS[k])}{r}`;
    const XL = (k: keyof typeof SUMMARY_COLS) => colLetter(SUMMARY_COLS[k]);
    const scoreRange = `$${XL('score')}$2:$${XL('score')}$${last}`;
    const grades = p.grades.map((_, i) => ({
      name: this.pcell('grades', i, 0),
      min: this.pcell('grades', i, 1),
      incl: this.pcell('grades', i, 2),
    }));
    let grade = grades[grades.length - 1].name;
    for (let i = grades.length - 2; i >= 0; i--) {
      const g = grades[i];
      grade = `IF(IF(${g.incl}="否",${X('score')}>${g.min},${X('score')}>=${g.min}),${g.name},${grade})`;
    }

    const frCol = SUMMARY_COLS.history + multi.length;
    const fr = colLetter(frCol);
    // the employee's row in 员工名单 (0: deleted from it since; the row then shows no figures and is flagged)
    const rrCol = frCol + 1;
    const gone = `$${colLetter(rrCol)}{r}=0`;
    // the roster row's 入职日期值 ("" when 入职日期 was cleared or made unreadable: the core refuses the row)
    const joinDay = `INDEX(${this.rosterCol('joinDay')},$${colLetter(rrCol)}{r})`;
    const unknownJoin = `IF(${gone},FALSE(),NOT(ISNUMBER(${joinDay})))`;
    const gate = (f: string) => `IF(OR(${gone},${unknownJoin}),"",${f})`;
    const at = (k: number) =>
      `IF($${fr}{r}=0,0,INDEX(${this.E}!$${colLetter(k)}$2:$${colLetter(k)}$${this.entryEnd},$${fr}{r}))`;
    let deduction = `IF($${fr}{r}=0,0,ROUND(INDEX(${E('runDeduct')},$${fr}{r}),1))`;
    if (p.groups.length > 0) {
      deduction = `-SUMIFS(${E('signed')},${E('empId')},$A{r},${E('signed')},"<0",${E('group')},"无")`;
      p.groups.forEach((_, i) => {
        deduction += `+MIN(-SUMIFS(${E('signed')},${E('empId')},$A{r},${E('signed')},"<0",${E('group')},${this.pcell('groups', i, 0)}),${this.pcell('groups', i, 2)})`;
      });
    }
    let escalation = '0';
    if (p.escalation && p.escalation.triggers.length > 0) {
      const conds = p.escalation.triggers.map((_, i) => {
        const atLeast = this.pcell('triggers', i, 1);
        return `${at(this.triggerCols[i].col)}>=${atLeast}`;
      });
      escalation = `IF(${S('追加扣分分值')}="",0,IF(OR(${conds.join(',')}),${S('追加扣分分值')},0))`;
    }
    const adjL = (k: keyof typeof ADJ_COLS) => `${this.A}!$${colLetter(ADJ_COLS[k])}:$${colLetter(ADJ_COLS[k])}`;
    const adjustment = p.adjustment ? `SUMIFS(${adjL('amount')},${adjL('empId')},$A{r})` : '0';
    const payFloat = p.payFloat
      ? `IF(${S('浮动基准分')}="",0,IF(${X('tenure')}<${S('浮动起始入职月')},0,MIN(MAX(ROUND((${X('score')}-${S('浮动基准分')})*${S('每分浮动(元)')},1),${S('浮动下限(元)')}),${S('浮动上限(元)')})))`
      : '0';
    const parts = p.warnings.map((w, i) => {
      const text = W(i, 4);
      switch (w.type) {
        case 'scoreBelow':
          return `IF(${X('score')}<${W(i, 1)},"；"&${text},"")`;
        case 'lastPlaceStreak':
          return `IF(AND(${histCol(i)}{r}="是",${X('score')}=MIN(${scoreRange}),${X('score')}<${W(i, 1)}),"；"&${text},"")`;
        case 'gradeStreak':
          return `IF(AND(${histCol(i)}{r}="是",${X('grade')}=${W(i, 3)}),"；"&${text},"")`;
        case 'bonusConflict':
          return `IF(${at(ENTRY_COLS.runConflict)}>0,"；"&${text},"")`;
        case 'category': {
          const wc = this.warnCols.find((x) => x.index === i)!;
          return `IF($${fr}{r}=0,"",INDEX(${this.E}!$${colLetter(wc.col)}$2:$${colLetter(wc.col)}$${this.entryEnd},$${fr}{r}))`;
        }
      }
    });
    const warnings = `IF(${gone},"已不在「${SHEET.roster}」中：本月不再计算（请重新生成）",IF(${unknownJoin},"「${SHEET.roster}」中的入职日期无法识别：本月不计算（请改正入职日期）",${parts.length ? `MID(${parts.join('&')},2,999)` : '""'}))`;
    const formulas: Record<number, string> = {
      [SUMMARY_COLS.tenure]: gate(`(YEAR(${S('月初')})-YEAR(${joinDay}))*12+MONTH(${S('月初')})-MONTH(${joinDay})+1`),
      [SUMMARY_COLS.base]: gate(`${S('基础分')}`),
      [SUMMARY_COLS.bonus]: gate(`IF($${fr}{r}=0,0,ROUND(INDEX(${E('runBonus')},$${fr}{r}),1))`),
      [SUMMARY_COLS.deduction]: gate(deduction),
      [SUMMARY_COLS.escalation]: gate(escalation),
      [SUMMARY_COLS.adjustment]: gate(adjustment),
      [SUMMARY_COLS.score]: gate(
        `ROUND(MIN(MAX(${X('base')}+${X('bonus')}-${X('deduction')}-${X('escalation')}+${X('adjustment')},${S('最低分')}),${S('最高分')}),1)`,
      ),
      [SUMMARY_COLS.grade]: `IF(${X('score')}="","",${grade})`,
      [SUMMARY_COLS.payFloat]: `IF(${X('score')}="","",${payFloat})`,
      // 1 + the number of higher scores = RANK (HyperFormula has no RANK)
      [SUMMARY_COLS.rank]: `IF(${X('score')}="","",1+COUNTIF(${scoreRange},">"&${X('score')}))`,
      [SUMMARY_COLS.warnings]: warnings,
      [frCol]: `IF($${colLetter(rrCol)}{r}=0,0,IFERROR(MATCH($${colLetter(rrCol)}{r},${E('empRow')},0),0))`,
      [rrCol]: `IFERROR(MATCH($A{r},${this.R}!$${colLetter(ROSTER_COLS.id)}:$${colLetter(ROSTER_COLS.id)},0),0)`,
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
      e.id,
      e.name,
      e.team || null,
      e.tenureMonth,
      e.base,
      e.bonus,
      e.deduction,
      e.escalation,
      e.adjustment,
      e.score,
      e.grade,
      e.payFloat,
      e.rank,
      e.warnings.join('；'),
      ...histValues.map((f) => f(e.id)),
      this.firstEntryRow.get(e.id) ?? 0,
      this.rosterRowOf.get(e.id) ?? 0,
    ]);
    const headers: string[] = [
      ...SUMMARY_HEADERS,
      ...multi.map(({ w }) =>
        w.type === 'lastPlaceStreak' ? '往月末位(系统写入)' : `往月${(w as { grade: string }).grade}(系统写入)`,
      ),
      '记录首行',
      '名单行',
    ];
    const gl = XL('grade');
    const wl = XL('warnings');
    const fills: ConditionalFill[] = p.grades
      .filter((g) => g.color)
      .map((g) => ({ ref: `${gl}2:${gl}${last}`, formula: `$${gl}2="${g.name}"`, fill: g.color! }));
    fills.push({ ref: `${wl}2:${wl}${last}`, formula: `$${wl}2<>""`, fill: 'FFFFEBEE', fontColor: 'FFC00000' });
    // the coverage check: right of the (hidden) helper columns, so on screen and on paper it sits beside 预警
    const checkCol = rrCol + 2;
    const cl = colLetter(checkCol);
    fills.push({
      ref: `${cl}2:${cl}${1 + COVERAGE_LINES.summary.rows}`,
      formula: `LEN($${cl}$2)>0`,
      fill: 'FFFFC7CE',
      fontColor: 'FFC00000',
    });
    return {
      name: SHEET.summary,
      blocks: [
        {
          place: '',
          row: 1,
          col: 1,
          rows,
          columns: headers.map((h, i) => ({
            header: h,
            width: SUMMARY_COLUMNS[i]?.width ?? 14,
            kind: SUMMARY_COLUMNS[i]?.kind ?? 'text',
            formula: formulas[i + 1],
            hidden: i >= SUMMARY_COLS.history - 1,
          })),
        },
        ...this.fineBlock(
          res.employees.map((e) => e.id),
          rrCol + 1,
        ),
        {
          place: '',
          row: 1,
          col: checkCol,
          rows: Array.from({ length: COVERAGE_LINES.summary.rows }, () => [null]),
          columns: [
            {
              header: COVERAGE_HEADER,
              width: 50,
              kind: 'text',
              formula: this.coverageLines(COVERAGE_LINES.summary.chars, 2),
            },
          ],
        },
      ],
      freeze: { rows: 1, cols: 2 },
      validations: [],
      fills,
      print: { landscape: true, fitToWidth: true, title: `${this.input.month} 月度考核汇总` },
      printColumns: checkCol,
    };
  }

  /**
   * 罚款(元) (only with `fines`): one value per employee row, in the column between the hidden helper
   * columns and the coverage check, so on screen it sits beside 预警 and apart from 绩效浮动.
   */
  private fineBlock(ids: string[], col: number): BlockModel[] {
    const fines = this.input.fines;
    if (!fines) return [];
    return [
      {
        place: '',
        row: 1,
        col,
        rows: ids.map((id): Scalar[] => [fines.get(id) ?? 0]),
        columns: [{ header: FINE_COLUMN.header, width: FINE_COLUMN.width, kind: FINE_COLUMN.kind }],
      },
    ];
  }

  // ---------------------------------------------------------------- 问题数据
  problemsSheet(): SheetModel {
    // Rejected rows, then texts cut to fit a cell (their rows count; see core/cell-limit.ts).
    const listed = [...this.input.result.rejected, ...monthInputsOverlong(this.input, '本工作簿中')];
    const rows = listed.map((p): Scalar[] => [p.file, p.row, p.column || null, p.code, p.message]);
    const widths = [22, 6, 10, 26, 80];
    return {
      name: SHEET.problems,
      blocks: [
        {
          place: '',
          row: 1,
          col: 1,
          rows,
          columns: PROBLEM_HEADERS.map((h, i) => ({ header: h, width: widths[i], kind: i === 1 ? 'number' : 'text' })),
        },
      ],
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
      [
        '员工名单',
        `${src.roster ?? ''} 读取 ${c.roster.read} 行，有效 ${c.roster.accepted} 行，退回 ${c.roster.rejected} 行`,
      ],
      [
        '考核记录',
        `${src.entries ?? ''} 读取 ${c.entries} 行，计入 ${c.accepted} 行，作废 ${c.voided} 行，退回 ${c.rejected} 行`,
      ],
      [
        '额外奖惩',
        `${src.adjustments ?? '（无）'} 读取 ${c.adjustments.read} 行，计入 ${c.adjustments.accepted} 行，退回 ${c.adjustments.rejected} 行`,
      ],
      [
        '上月结果',
        src.previous && src.previous.length
          ? src.previous.join('、')
          : '（未提供：连续两月末位的检查显示“无上月数据”）',
      ],
      ['参加考核人数', `${res.employees.length} 人`],
      ['问题数据', `${res.rejected.length} 条，见「${SHEET.problems}」表`],
    ];
    for (const notice of res.notices) lines.push(['提示', notice]);
    lines.push(
      ['', ''],
      ['怎样使用', `「${SHEET.summary}」中加分、扣分、追加扣分、额外奖惩、总分、等级、绩效浮动、名次、预警都是公式。`],
      [
        '',
        `在「${SHEET.entries}」中修改或新增一行（表下方已预留 ${this.spareRows} 行带公式的空行，公式到第 ${this.entryEnd} 行），汇总自动重算。`,
      ],
      [
        COVERAGE_HEADER,
        `本页和「${SHEET.summary}」右上方的「${COVERAGE_HEADER}」为空，表示所有记录和员工都在公式范围内。出现红字时汇总不完整：`,
      ],
      [
        '',
        `记录录在第 ${this.entryEnd} 行以后、插入的行没有公式、或在「${SHEET.roster}」新增了员工。这些不会计入汇总，请重新生成：`,
      ],
      ['', '在 Excel 中用「客服考核助手」加载项的「刷新公式」；或用命令'],
      [
        '',
        `npx kaohe monthly --workbook 本文件 --month ${input.month} [--previous 上月结果.json] --out 新目录（读取本工作簿的员工名单、考核记录、额外奖惩和考核项目，公式覆盖全部行）。`,
      ],
      ['', `规则取自「${SHEET.items}」表：项目、分值、频次、超时分档、类别、等级分数线、绩效浮动、追加扣分门槛。`],
      ['', '修改这些参数，公式即按新规则计算；npx kaohe score --workbook 读回时也使用本工作簿中的参数。'],
      ['核对列', `「${SHEET.entries}」的「核对」列由系统生成时写入：计入、作废、退回、本月已记录、加分项冲突。`],
      ['', '公式只排除「退回」的行。改正一行被退回的数据后，请清空该行的「核对」。'],
      [
        '公式核对列',
        `「${SHEET.entries}」和「${SHEET.adjustments}」的「公式核对」列由公式填写：有数据却未计入的行标红并写明原因（如日期不在考核月份、工号不在员工名单），`,
      ],
      [
        '',
        `并在「${COVERAGE_HEADER}」中给出行号。工号可录为数字（235 即 0235，名单中唯一时），日期、次数、分值可录为文字（如 2026/11/5、"2"）。`,
      ],
      ['公式判断的规则', '日期在本月、工号在名单、项目代码、分值范围、次数、作废；每月一次的项目只计第一条；'],
      [
        '',
        `要求当月无违规的加分（如 B01）在员工有违规时不计并显示“加分项冲突”；追加扣分${this.input.policy.escalation ? (this.input.policy.escalation.counting === 'distinct' ? '按不同项目计数' : '按次数计数') : '：本方案没有'}。`,
      ],
      ['系统写入（非公式）', '「核对」列的结论；多人获得 B01 的数据提示（写在本页“提示”）；'],
      [
        '',
        `连续两月末位：由系统按 --previous 的上月结果写入「${SHEET.summary}」隐藏列“往月末位(系统写入)”，公式再结合本月分数判断。`,
      ],
      [
        '辅助列',
        `「${SHEET.entries}」${colLetter(ENTRY_FIRST_HELPER)} 列起、「${SHEET.adjustments}」${colLetter(ADJ_COLS.counted)} 列起、「${SHEET.roster}」${colLetter(ROSTER_COLS.digits)} 列起、「${SHEET.summary}」${colLetter(SUMMARY_COLS.history)} 列起为隐藏的辅助列，请勿删除。`,
      ],
      ['', '同一员工有多个直接辞退项目时，重算后的预警按项目出现的先后列出。'],
    );
    return {
      name: SHEET.readme,
      blocks: [
        {
          place: '',
          row: README_FIRST_ROW,
          col: 1,
          rows: lines.map(([k, v]) => [k || null, v === '' ? null : v]),
          columns: [
            { header: '项目', width: 18 },
            { header: '内容', width: 100 },
          ],
        },
        // the coverage check on top (A2, red when not empty; the text runs over into column B)
        {
          place: '',
          row: 1,
          col: 1,
          rows: Array.from({ length: COVERAGE_LINES.readme.rows }, () => [null]),
          columns: [
            {
              header: COVERAGE_HEADER,
              width: 18,
              kind: 'text',
              formula: this.coverageLines(COVERAGE_LINES.readme.chars, 2),
            },
          ],
        },
      ],
      validations: [],
      fills: [
        {
          ref: `A2:B${1 + COVERAGE_LINES.readme.rows}`,
          formula: 'LEN($A$2)>0',
          fill: 'FFFFC7CE',
          fontColor: 'FFC00000',
        },
      ],
      print: { landscape: false, fitToWidth: true },
    };
  }
}

/** The JS twin of sameIdAsRoster. */
function sameIdAs(typed: Scalar, rosterId: string): boolean {
  const t = typed === null ? '' : String(typed).trim();
  return t === rosterId || /^\d+$/.test(t);
}

/** The JS twin of dateText. */
function mirrorDateText(x: string): string {
  return excelTrim(replaceAll(excelTrim(replaceAll(x, DATE_FOLD)) + ' ', DATE_SEPARATORS));
}

/** The JS twin of dateOfText. */
function mirrorDateOfText(t: string): number | '' {
  const ymd = (y: number, m: number, d: number): number | '' => {
    const iso = isoDate(y, m, d);
    return iso ? isoDateToSerial(iso) : '';
  };
  const digit = (c: string | undefined) => c !== undefined && c.length === 1 && c >= '0' && c <= '9';
  if (t[0] !== '.' && t[t.length - 1] !== '.' && isDigitsOnly(t.replace('.', ''))) {
    if (t.length === 8 && !t.includes('.'))
      return ymd(Number(t.slice(0, 4)), Number(t.slice(4, 6)), Number(t.slice(6, 8)));
    const n = Number(t);
    return n >= 61 && n <= 400000 ? Math.floor(n) : '';
  }
  const q = mirrorSecondSeparator(t);
  const m = t.slice(5, Math.max(5, q - 1));
  const r = t.slice(q) + ' ';
  const k = digit(r[1]) ? 2 : 1;
  const y = t.slice(0, 4);
  const ok =
    isDigitsOnly(y) &&
    (t[4] === '-' || t[4] === '.') &&
    q <= t.length &&
    m.length >= 1 &&
    m.length <= 2 &&
    digit(m[0]) &&
    digit(m[m.length - 1]) &&
    digit(r[0]) &&
    r[k] === ' ';
  return ok ? ymd(Number(y), Number(m), Number(r.slice(0, k))) : '';
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
    for (const [key, codes] of problemCodesByRow(ctx.input.result.rejected))
      this.verdicts.set(key, checkOfProblems(codes)!);
    for (const e of ctx.input.result.employees)
      for (const b of e.breakdown) if (b.kind === 'entry') this.counted.add(`${b.file}\u0000${b.row}`);
    this.lookup = new EmployeeLookup(ctx.input.roster.employees);
    for (const it of ctx.input.policy.items)
      for (const t of tiersOf(it))
        this.tierRows.push({ code: it.code, over: t.over, category: ctx.categoryName(t.category), points: t.points });
    this.categoryById = new Map(
      ctx.input.policy.categories.map((c) => [c.id, { name: c.name, effect: c.effect, violation: c.violation }]),
    );
  }

  row(rec: EntryRecord): Scalar[] {
    const key = `${rec.file}\u0000${rec.row}`;
    const status = textOrNull(rec.status);
    const idText = parseEmployeeId(rec.id);
    const emp = idText === '' ? undefined : this.lookup.find(idText);
    const code = cleanText(rec.code).toUpperCase();
    let check: string | null = this.verdicts.get(key) ?? null;
    if (check === null) check = this.counted.has(key) ? CHECK.counted : status === '作废' ? CHECK.voided : null;
    const out: Scalar[] = new Array(ENTRY_HEADERS.length + this.ctx.triggerCols.length + this.ctx.warnCols.length).fill(
      null,
    );
    out[0] = dateCell(rec.date);
    out[1] = emp?.id ?? (idText === '' ? null : idText);
    out[2] = code === '' ? null : code;
    out[3] = numberCell(rec.count);
    out[4] = numberCell(rec.points);
    out[5] = numberCell(rec.minutes);
    out[6] = keptOrNull(rec.note);
    out[7] = keptOrNull(rec.recorder);
    out[8] = status;
    out[9] = keptOrNull(rec.voidReason);
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
    const empRow = this.ctx.rosterRowLike(id);
    set('empRow', empRow);
    const empId = this.ctx.rosterIdAt(empRow);
    set('empId', empId);
    const sameId = empRow > 0 && sameIdAs(id, empId);
    const date = v('date');
    const dayText = typeof date === 'string' ? mirrorDateText(date) : '';
    set('dayText', dayText);
    set('daySep', dayText === '' ? 0 : mirrorSecondSeparator(dayText));
    const day = typeof date === 'number' ? Math.floor(date) : dayText === '' ? '' : mirrorDateOfText(dayText);
    set('day', day);
    const numberOfCell = (x: Scalar, k: 'qtyText' | 'ptsText' | 'minsText'): Scalar => {
      const t = mirrorNumberText(x);
      set(k, t);
      return mirrorNumberOf(x, t);
    };
    set('qty', numberOfCell(v('count'), 'qtyText'));
    set('pts', numberOfCell(v('points'), 'ptsText'));
    set('mins', numberOfCell(v('minutes'), 'minsText'));
    const minutes = v('mins');
    const mins = typeof minutes === 'number' ? minutes : 0;
    let tierRow = 0;
    let tier: (typeof this.tierRows)[number] | undefined;
    if (item?.kind === 'minuteTiers' && mins > 0) {
      const first = this.ctx.tierFirstRow.get(item.code)!;
      const k = item.minuteTiers.filter((t) => t.over < mins).length;
      tierRow = first + k - 1;
      tier = this.tierRows[tierRow - (this.ctx.layout.tiers.row + 1)];
    }
    set('tierRow', tierRow);
    const category = !item ? '' : tierRow > 0 ? tier!.category : this.ctx.categoryName(item.category);
    set('category', category);
    const catRow = category === '' ? 0 : (this.ctx.categoryRow.get(category) ?? 0);
    set('catRow', catRow);
    const E = v('pts');
    const pointsCheck = (pts: number) =>
      E === '' ? pts : typeof E === 'number' ? (Math.abs(E) === pts ? pts : -1) : -1;
    let unit = -1;
    if (item) {
      switch (item.kind) {
        case 'minuteTiers':
          unit = tierRow === 0 ? -1 : pointsCheck(tier!.points);
          break;
        case 'range':
          unit =
            typeof E === 'number' && Math.abs(E) >= item.range.min && Math.abs(E) <= item.range.max ? Math.abs(E) : -1;
          break;
        case 'fixed':
          unit = pointsCheck(item.points);
          break;
        case 'unscored':
          unit = pointsCheck(0);
          break;
        default:
          unreachable(item);
      }
    }
    set('unit', unit);
    const D = v('qty');
    const times = D === '' ? 1 : typeof D === 'number' ? (D >= 1 && Number.isInteger(D) ? D : 0) : 0;
    set('times', times);
    const status = v('status');
    const join = empRow > 0 ? this.ctx.rosterJoin.get(empRow) : '';
    const joinKnown = typeof join === 'number';
    const inMonth = typeof day === 'number' && day >= this.ctx.monthStart && day <= this.ctx.monthEnd;
    const joined = joinKnown && typeof day === 'number' && day >= join;
    const onceOk = !item || item.frequency !== 'monthly' || times === 1;
    const statusOk = status === null || status === '有效';
    const valid =
      itemRow > 0 &&
      empRow > 0 &&
      catRow > 0 &&
      sameId &&
      unit >= 0 &&
      v('check') !== CHECK.rejected &&
      statusOk &&
      inMonth &&
      joined &&
      times >= 1 &&
      onceOk;
    // mirror of 公式核对: why a row with data is not counted
    let reason = '';
    const blank = (k: keyof typeof C) => v(k) === null || String(v(k)).trim() === '';
    const hasData = (
      ['date', 'id', 'code', 'count', 'points', 'minutes', 'note', 'recorder', 'status', 'voidReason'] as const
    ).some((k) => v(k) !== null);
    if (hasData && !valid && status !== '作废' && v('check') !== CHECK.rejected) {
      const reasons: [boolean, string][] = [
        [blank('date'), '缺少日期'],
        [typeof day !== 'number', '日期无法识别'],
        [!inMonth, '日期不在考核月份'],
        [blank('id'), '缺少工号'],
        [empRow === 0, '工号不在员工名单'],
        [!sameId, '工号与员工名单的大小写不同'],
        [!joinKnown, '员工名单中该员工的入职日期无法识别'],
        [!joined, '日期早于入职日期'],
        [blank('code'), '缺少项目代码'],
        [itemRow === 0, '项目代码不在考核项目表'],
        [catRow === 0, '项目的类别不在类别表'],
        [unit < 0, '分值或超时分钟与该项目不符'],
        [times < 1, '次数应为不小于1的整数'],
        [!onceOk, '每月一次的项目次数只能为1'],
        [!statusOk, '状态只能为空、有效或作废'],
      ];
      const hit = reasons.find(([cond]) => cond);
      reason = hit ? `未计入：${hit[1]}` : '未计入';
    }
    set('formulaCheck', reason === '' ? null : reason);
    set('uncounted', reason === '' ? 0 : 1);
    set('valid', valid ? 1 : 0);
    set('key', valid ? `${item!.code}${tierRow > 0 ? '@' + category : ''}`.toUpperCase() : '');
    const cat = item ? [...this.categoryById.values()].find((c) => c.name === category) : undefined;
    set('violation', valid && cat?.violation ? 1 : 0);
    set('group', item?.group ?? '无');
  }

  /** The helpers that look at other rows: first occurrence of the key, counted, signed points, conflict. */
  finish(rows: Scalar[][]): void {
    const C = ENTRY_COLS;
    const seen = new Set<string>();
    const violators = new Set<number>();
    for (const o of rows) {
      const key = o[C.key - 1] as string;
      const k = key.toUpperCase();
      const emp = `${o[C.empRow - 1]}|${k}`;
      const first = key !== '' && !seen.has(emp) ? 1 : 0;
      if (key !== '') seen.add(emp);
      o[C.first - 1] = first;
      if (o[C.violation - 1] === 1) violators.add(o[C.empRow - 1] as number);
    }
    for (const o of rows) {
      const valid = o[C.valid - 1] === 1;
      const item = valid ? this.ctx.catalog.item(String(o[C.code - 1]).toUpperCase())! : undefined;
      let counted = 0;
      let conflict = 0;
      if (item) {
        const dup = item.frequency === 'monthly' && o[C.first - 1] === 0;
        counted = dup ? 0 : item.excludesViolations ? (violators.has(o[C.empRow - 1] as number) ? 0 : 1) : 1;
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
    const nextOf = new Map<number, number>();
    for (let i = rows.length - 1; i >= 0; i--) {
      const o = rows[i];
      const emp = o[C.empRow - 1] as number;
      const row = i + 2;
      if (!emp) {
        o[C.next - 1] = 0;
      } else {
        o[C.next - 1] = nextOf.get(emp) ?? 0;
        nextOf.set(emp, row);
      }
      const next = o[C.next - 1] as number;
      const nx = next > 0 ? rows[next - 2] : undefined;
      const signed = o[C.signed - 1] as number;
      o[C.runBonus - 1] = (signed > 0 ? signed : 0) + (nx ? (nx[C.runBonus - 1] as number) : 0);
      o[C.runDeduct - 1] = (signed < 0 ? -signed : 0) + (nx ? (nx[C.runDeduct - 1] as number) : 0);
      o[C.runConflict - 1] = (o[C.conflict - 1] as number) + (nx ? (nx[C.runConflict - 1] as number) : 0);
      o[C.runViolation - 1] = (o[C.violation - 1] as number) + (nx ? (nx[C.runViolation - 1] as number) : 0);
      const key = o[C.key - 1] as string;
      const later = nx ? (nx[C.firstRows - 1] as string) : '';
      if (key === '') o[C.firstRows - 1] = later;
      else {
        const tag = `${SEP}${key}=`;
        const at = later.indexOf(tag);
        const rest = at < 0 ? later : later.split(later.slice(at, later.indexOf(';', at + tag.length) + 1)).join('');
        o[C.firstRows - 1] = `${tag}${row};${rest}`;
      }
      const esc = this.ctx.input.policy.escalation;
      for (const t of this.ctx.triggerCols) {
        const name = t.name;
        const here =
          esc?.counting === 'occurrences'
            ? o[C.counted - 1] === 1 && o[C.category - 1] === name
              ? (o[C.times - 1] as number)
              : 0
            : o[C.first - 1] === 1 && o[C.category - 1] === name
              ? 1
              : 0;
        o[t.col - 1] = here + (nx ? (nx[t.col - 1] as number) : 0);
      }
      for (const w of this.ctx.warnCols) {
        const rule = this.ctx.input.policy.warnings[w.index] as { text: string };
        const name = this.ctx.categoryName(w.category);
        const item =
          o[C.counted - 1] === 1 && o[C.first - 1] === 1 && o[C.category - 1] === name
            ? this.ctx.catalog.item(String(o[C.code - 1]).toUpperCase())
            : undefined;
        o[w.col - 1] =
          (item ? '；' + rule.text.split('{name}').join(item.name) : '') + (nx ? (nx[w.col - 1] as string) : '');
      }
    }
  }
}
