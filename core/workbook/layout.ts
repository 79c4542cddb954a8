/**
 * Where things live in the monthly workbook (月度考核). The data sheets start at A1 with a fixed
 * column order; the policy sheet 考核项目 holds several blocks side by side, each starting at a named
 * place (a defined name in the template) so HR may move them. Formulas are built from this layout.
 */
import { SHEET, SUMMARY_COLUMNS } from './sheets';

/** 1-based column number → letters (1 → A, 27 → AA). */
export function colLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Letters → 1-based column number. */
export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A sheet name as formulas quote it. */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export interface Anchor {
  row: number;
  col: number;
}

/** The blocks of 考核项目 and their defined names (the template's required places). */
export const POLICY_BLOCKS = {
  items: {
    name: 'KH_ITEMS',
    headers: [
      '代码',
      '名称',
      '类别',
      '分值',
      '分值下限',
      '分值上限',
      '频次',
      '按超时分钟分档',
      '当月无违规方可',
      '每月仅一人',
      '分组',
      '备注',
    ],
  },
  settings: { name: 'KH_SETTINGS', headers: ['参数', '值'] },
  categories: { name: 'KH_CATEGORIES', headers: ['类别', '计分', '违规', '类别ID'] },
  tiers: { name: 'KH_TIERS', headers: ['代码', '超过分钟', '至多分钟', '类别', '分值'] },
  groups: { name: 'KH_GROUPS', headers: ['分组', '名称', '满分'] },
  grades: { name: 'KH_GRADES', headers: ['等级', '下限', '含下限', '颜色'] },
  triggers: { name: 'KH_TRIGGERS', headers: ['违规类别', '至少'] },
  warnings: { name: 'KH_WARNINGS', headers: ['类型', '分数线', '月数', '类别或等级', '文字'] },
} as const;

export type PolicyBlock = keyof typeof POLICY_BLOCKS;
export type PolicyLayout = Record<PolicyBlock, Anchor>;

/** The default places: every block starts on row 1, side by side, one empty column between. */
export function defaultPolicyLayout(): PolicyLayout {
  const out = {} as PolicyLayout;
  let col = 1;
  for (const key of Object.keys(POLICY_BLOCKS) as PolicyBlock[]) {
    out[key] = { row: 1, col };
    col += POLICY_BLOCKS[key].headers.length + 1;
  }
  return out;
}

/** Keys of the settings block, in order (the value of key i is on the anchor row + 1 + i). */
export const SETTINGS_KEYS = [
  '考核月份',
  '月初',
  '月末',
  '方案ID',
  '方案名称',
  '基础分',
  '最低分',
  '最高分',
  '追加扣分代码',
  '追加扣分名称',
  '追加扣分分值',
  '追加扣分计数',
  '额外奖惩下限',
  '额外奖惩上限',
  '额外奖惩须填理由',
  '浮动基准分',
  '每分浮动(元)',
  '浮动下限(元)',
  '浮动上限(元)',
  '浮动起始入职月',
  '排名前(%)',
  '排名后(%)',
  '月度金额-前',
  '月度金额-中',
  '月度金额-后',
  '季度金额-前',
  '季度金额-中',
  '季度金额-后',
  '试用期扣减(元)',
  '试用期月数',
  '连续两季末位预警',
] as const;
export type SettingKey = (typeof SETTINGS_KEYS)[number];

/**
 * Settings a 考核项目 sheet may lack when it is read back (a policy without 追加扣分, 额外奖惩 or 绩效浮动,
 * and sheets written before those settings existed): the others must all be there.
 */
export const OPTIONAL_SETTINGS: ReadonlySet<SettingKey> = new Set(
  SETTINGS_KEYS.slice(SETTINGS_KEYS.indexOf('追加扣分代码'), SETTINGS_KEYS.indexOf('浮动起始入职月') + 1),
);

/** Column layout of the data sheets (1-based). The first columns are the input schemas' headers. */
export const ROSTER_COLS = {
  id: 1,
  name: 2,
  team: 3,
  position: 4,
  joinDate: 5,
  status: 6,
  check: 7,
  digits: 8,
  firstEntry: 9,
  joinText: 10,
  joinDay: 11,
} as const;
export const ROSTER_HEADERS = [
  '工号',
  '姓名',
  '组别',
  '岗位',
  '入职日期',
  '状态',
  '核对',
  '工号数字',
  '记录首行',
  '入职日期文字',
  '入职日期值',
];

/**
 * 考核记录's columns, described once: key, header, width and kind of the typed columns (A–J, then the
 * system's 核对 and 公式核对); the rest are hidden helper columns written by formulas (core/workbook/model.ts
 * gives each key its formula). ENTRY_COLS and ENTRY_HEADERS derive from this list.
 */
export const ENTRY_COLUMNS = [
  { key: 'date', header: '日期', width: 11, kind: 'date' },
  { key: 'id', header: '工号', width: 8, kind: 'text' },
  { key: 'code', header: '项目代码', width: 8, kind: 'text' },
  { key: 'count', header: '次数', width: 6, kind: 'number' },
  { key: 'points', header: '分值', width: 6, kind: 'number' },
  { key: 'minutes', header: '超时分钟', width: 8, kind: 'number' },
  { key: 'note', header: '说明', width: 26, kind: 'text' },
  { key: 'recorder', header: '记录人', width: 14, kind: 'text' },
  { key: 'status', header: '状态', width: 6, kind: 'text' },
  { key: 'voidReason', header: '作废原因', width: 16, kind: 'text' },
  { key: 'check', header: '核对', width: 11, kind: 'text' },
  { key: 'formulaCheck', header: '公式核对', width: 26, kind: 'text' },
  { key: 'itemRow', header: '项目行' },
  { key: 'empRow', header: '员工行' },
  { key: 'empId', header: '员工工号' },
  { key: 'dayText', header: '日期文字' },
  { key: 'daySep', header: '日期第二分隔' },
  { key: 'day', header: '日期值' },
  { key: 'qtyText', header: '次数文字' },
  { key: 'ptsText', header: '分值文字' },
  { key: 'minsText', header: '超时分钟文字' },
  { key: 'qty', header: '次数值' },
  { key: 'pts', header: '分值值' },
  { key: 'mins', header: '超时分钟值' },
  { key: 'tierRow', header: '分档行' },
  { key: 'category', header: '认定类别' },
  { key: 'catRow', header: '类别行' },
  { key: 'unit', header: '单次分值' },
  { key: 'times', header: '次数(计)' },
  { key: 'valid', header: '有效' },
  { key: 'key', header: '键' },
  { key: 'first', header: '首次' },
  { key: 'violation', header: '违规' },
  { key: 'counted', header: '计入' },
  { key: 'signed', header: '计分' },
  { key: 'group', header: '分组' },
  { key: 'conflict', header: '冲突' },
  { key: 'next', header: '同人下一行' },
  { key: 'runBonus', header: '累计加分' },
  { key: 'runDeduct', header: '累计扣分' },
  { key: 'runConflict', header: '累计冲突' },
  { key: 'runViolation', header: '累计违规' },
  { key: 'firstRows', header: '各键首行' },
  { key: 'uncounted', header: '未计入' },
] as const;
export type EntryKey = (typeof ENTRY_COLUMNS)[number]['key'];
/** 1-based column of each 考核记录 key. */
export const ENTRY_COLS = Object.fromEntries(ENTRY_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<EntryKey, number>;
/** After the fixed columns: one running count per escalation trigger, one running text per category warning. */
export const ENTRY_FIRST_DYNAMIC = ENTRY_COLUMNS.length + 1;
/** The headers of those dynamic columns start with this (累计轻度违规, 累计预警1). */
export const ENTRY_DYNAMIC_PREFIX = '累计';
export const ENTRY_HEADERS: string[] = ENTRY_COLUMNS.map((c) => c.header);
/** Helper columns written by formulas (hidden by default; 说明 explains them). */
export const ENTRY_FIRST_HELPER = ENTRY_COLS.itemRow;
/**
 * Blank rows below the entries that already carry the helper formulas, so rows a manager adds count
 * (beyond them, 公式范围检查 shows a red warning). 1,000: LibreOffice's full recalculation of 500 × 5,000
 * stays under 4 s with them (bench/monthly.bench.ts: blank rows skip the roster lookup), and the add-in's
 * 初始化考核表 stays within its sync budget.
 */
export const ENTRY_SPARE_ROWS = 1000;

/**
 * Blank rows below 员工名单's employees that already carry its helper formulas (工号数字, 记录首行, 入职日期值),
 * so an employee HR adds below the list is looked up like the others once 月度汇总 has their row.
 */
export const ROSTER_SPARE_ROWS = 200;

/**
 * 额外奖惩's columns, described once (as 考核记录's): the typed columns A–D, the system's 核对 and 公式核对,
 * then hidden helper columns written by formulas (core/workbook/model.ts gives each key its formula).
 * ADJ_COLS, ADJ_HEADERS, the widths and kinds, and the input schema's helper headers derive from this list.
 */
export const ADJ_COLUMNS = [
  { key: 'month', header: '月份', width: 9, kind: 'text' },
  { key: 'id', header: '工号', width: 9, kind: 'text' },
  { key: 'value', header: '分值', width: 7, kind: 'number' },
  { key: 'reason', header: '理由', width: 36, kind: 'text' },
  { key: 'check', header: '核对', width: 11, kind: 'text' },
  { key: 'formulaCheck', header: '公式核对', width: 24, kind: 'text' },
  { key: 'counted', header: '计入' },
  { key: 'empRow', header: '员工行' },
  { key: 'empId', header: '员工工号' },
  { key: 'amount', header: '计入分值' },
  { key: 'uncounted', header: '未计入' },
  { key: 'monthOk', header: '月份相符' },
  { key: 'val', header: '分值值' },
  { key: 'valText', header: '分值文字' },
] as const;
export type AdjKey = (typeof ADJ_COLUMNS)[number]['key'];
/** 1-based column of each 额外奖惩 key. */
export const ADJ_COLS = Object.fromEntries(ADJ_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<AdjKey, number>;
export const ADJ_HEADERS: string[] = ADJ_COLUMNS.map((c) => c.header);
/** Helper columns written by formulas (hidden). */
export const ADJ_FIRST_HELPER = ADJ_COLS.counted;
/** Blank formula rows below the 额外奖惩 rows (as far as its drop-downs reach). */
export const ADJ_SPARE_ROWS = 500;

/** 月度汇总 column numbers by key (from SUMMARY_COLUMNS); the hidden helper columns start at `history`. */
export const SUMMARY_COLS = {
  ...(Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c.key, i + 1])) as Record<
    (typeof SUMMARY_COLUMNS)[number]['key'],
    number
  >),
  history: SUMMARY_COLUMNS.length + 1,
};

/** What the verdict column 核对 says (written by the core; formulas exclude only 退回). */
export const CHECK = {
  counted: '计入',
  voided: '作废',
  rejected: '退回',
  duplicate: '本月已记录',
  conflict: '加分项冲突',
} as const;

/** The 核对 word of a problem code: the few with their own word, any other problem = 退回. */
export const CHECK_BY_PROBLEM: Readonly<Record<string, string>> = {
  ONCE_A_MONTH_DUPLICATE: CHECK.duplicate,
  BONUS_CONFLICT: CHECK.conflict,
  ADJUSTMENT_DUPLICATE: CHECK.duplicate,
};

export function checkOfProblem(code: string): string {
  return CHECK_BY_PROBLEM[code] ?? CHECK.rejected;
}

/** The 核对 word of a row with these problems (in order): 退回 when any says 退回, else the first one's word. */
export function checkOfProblems(codes: readonly string[]): string | undefined {
  let out: string | undefined;
  for (const code of codes) {
    const v = checkOfProblem(code);
    if (out === undefined || v === CHECK.rejected) out = v;
  }
  return out;
}

export const REQUIRED_SHEETS = [
  SHEET.readme,
  SHEET.roster,
  SHEET.items,
  SHEET.adjustments,
  SHEET.entries,
  SHEET.problems,
  SHEET.summary,
];
