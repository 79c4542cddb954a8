/**
 * The policy of a monthly workbook, read from its 考核项目 sheet: the one reader behind `kaohe score
 * --workbook` / `kaohe monthly --workbook` (scripts/workbook/read.ts, cells from the .xlsx file) and
 * the Excel add-in (cells from Office.js), so a rule HR edits in 考核项目 is the rule both use. Pure:
 * it takes the sheet's cells and the workbook's defined names, and validates the result like any
 * policy file.
 */
import { InputError } from '../problems';
import { loadPolicy, PolicyError } from '../policy/load';
import type { Policy } from '../policy/types';
import { Cell, cleanText, parseMonth, parseNumber } from '../values';
import {
  OPTIONAL_SETTINGS,
  POLICY_BLOCKS,
  PolicyBlock,
  PolicyLayout,
  SETTINGS_KEYS,
  colNumber,
  defaultPolicyLayout,
} from './layout';
import { SHEET } from './sheets';

/** How the CLI tells HR to fix an unrecognised workbook (the add-in words it for the pane). */
export const NOT_OURS_FIX = '请使用 npx kaohe monthly 生成的工作簿，不要删除或改名其中的工作表。';

export const notOurs = (file: string, why: string): InputError =>
  new InputError(`${file} 不是可识别的月度考核工作簿（${why}）。${NOT_OURS_FIX}`, 'WORKBOOK_UNKNOWN');

/** Where each block of 考核项目 starts: its defined name (KH_ITEMS…) when present, else the default place. */
export function policyPlaces(names: ReadonlyMap<string, string>): { places: PolicyLayout; maxCol: number } {
  const layout = defaultPolicyLayout();
  const places = {} as PolicyLayout;
  let maxCol = 0;
  for (const key of Object.keys(POLICY_BLOCKS) as PolicyBlock[]) {
    const ref = names.get(POLICY_BLOCKS[key].name);
    const m = ref ? /!\$?([A-Z]+)\$?(\d+)/.exec(ref) : null;
    places[key] = m ? { row: Number(m[2]), col: colNumber(m[1]) } : layout[key];
    maxCol = Math.max(maxCol, places[key].col + POLICY_BLOCKS[key].headers.length);
  }
  return { places, maxCol };
}

const yes = (v: Cell) => cleanText(v) === '是';
const num = (v: Cell): number | undefined => {
  const n = parseNumber(v);
  return n === null || Number.isNaN(n) ? undefined : n;
};
const text = (v: Cell) => cleanText(v);
/** Free text (names, notes, warning texts) exactly as written, only trimmed: no full-width folding. */
const plain = (v: Cell) => (v === null || v === undefined ? '' : v instanceof Date ? cleanText(v) : String(v).trim());

/**
 * Reads the policy and month from 考核项目. `rows` maps Excel row numbers to that row's cells from
 * column A (index 0 = A); `file` names the workbook in messages. Throws InputError WORKBOOK_UNKNOWN
 * (a block or setting is missing) or WORKBOOK_POLICY_INVALID (the policy fails validation).
 */
export function readPolicySheet(
  file: string,
  rows: ReadonlyMap<number, Cell[]>,
  places: PolicyLayout,
  /** The escalation item's code when 追加扣分代码 is left empty (core spells no item code). */
  defaultEscalationCode: string,
): { policy: Policy; month: string | null } {
  const block = (key: PolicyBlock): Cell[][] => {
    const a = places[key];
    const headers = POLICY_BLOCKS[key].headers;
    const head = rows.get(a.row) ?? [];
    headers.forEach((h, i) => {
      if (text(head[a.col - 1 + i]) !== h)
        throw notOurs(file, `「${SHEET.items}」表缺少参数区「${headers[0]}…」的表头「${h}」`);
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
  const missing = SETTINGS_KEYS.filter((k) => !settings.has(k) && !OPTIONAL_SETTINGS.has(k));
  if (missing.length) throw notOurs(file, `「${SHEET.items}」表的参数区缺少「${missing.join('」「')}」`);
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
    const item: Record<string, unknown> = {
      code,
      name: plain(r[1]),
      category: catId(r[2]),
      frequency: text(r[6]) === '每月一次' ? 'monthly' : 'each',
    };
    if (yes(r[7])) {
      item.minuteTiers = tiers
        .filter((t) => text(t[0]).toUpperCase() === code)
        .map((t) => ({ over: num(t[1]), upTo: num(t[2]), category: catId(t[3]), points: num(t[4]) }));
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
    escalation:
      escPoints === undefined
        ? null
        : {
            code: text(s('追加扣分代码')) || defaultEscalationCode,
            name: plain(s('追加扣分名称')) || '追加扣分',
            points: escPoints,
            counting: text(s('追加扣分计数')) === '次数' ? 'occurrences' : 'distinct',
            triggers: block('triggers').map((r) => ({ category: catId(r[0]), atLeast: num(r[1]) })),
          },
    adjustment:
      adjMin === undefined
        ? null
        : { min: adjMin, max: num(s('额外奖惩上限')), reasonRequired: text(s('额外奖惩须填理由')) !== '否' },
    grades: block('grades').map((r) => {
      const g: Record<string, unknown> = { name: plain(r[0]) };
      if (num(r[1]) !== undefined) {
        g.min = num(r[1]);
        g.minInclusive = text(r[2]) !== '否';
      }
      if (text(r[3])) g.color = text(r[3]);
      return g;
    }),
    payFloat:
      pivot === undefined
        ? null
        : {
            pivot,
            perPoint: num(s('每分浮动(元)')),
            min: num(s('浮动下限(元)')),
            max: num(s('浮动上限(元)')),
            fromTenureMonth: num(s('浮动起始入职月')),
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
      topPercent: num(s('排名前(%)')),
      bottomPercent: num(s('排名后(%)')),
      monthly: { top: num(s('月度金额-前')), middle: num(s('月度金额-中')), bottom: num(s('月度金额-后')) },
      quarterly: { top: num(s('季度金额-前')), middle: num(s('季度金额-中')), bottom: num(s('季度金额-后')) },
      probationDeduction: num(s('试用期扣减(元)')),
      probationMonths: num(s('试用期月数')),
      lastTwoQuartersText: plain(s('连续两季末位预警')) || undefined,
    },
  };
  try {
    return { policy: loadPolicy(raw), month: parseMonth(s('考核月份')) };
  } catch (err) {
    if (err instanceof PolicyError) {
      throw new InputError(
        `${file}：「${SHEET.items}」表中的考核方案有误（${err.message}）。请改正该表后重试。`,
        'WORKBOOK_POLICY_INVALID',
      );
    }
    throw err;
  }
}
