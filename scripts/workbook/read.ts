/**
 * Reads a monthly appraisal workbook (月度考核) back — as generated, or after HR edited it in Excel, WPS or
 * LibreOffice: its 员工名单, 考核记录 and 额外奖惩 (by their headers, extra columns ignored) and the policy
 * from 考核项目 (so a policy edited in the workbook is the policy used). An unknown or damaged workbook
 * is refused with a clear message.
 */
import * as path from 'path';
import type { Table } from '../../core/input/table';
import {
  AdjustmentRecord,
  EntryRecord,
  Roster,
  RosterRecord,
  readAdjustmentRecords,
  readEntryRecords,
  readRoster,
  tableToRecords,
} from '../../core/input/records';
import { ROSTER_SCHEMA } from '../../core/input/schemas';
import type { Policy } from '../../core/policy/types';
import { Cell, cleanText, keptText } from '../../core/values';
import { notOurs, policyPlaces, readPolicySheet } from '../../core/workbook/policy-sheet';
import { SHEET } from '../../core/workbook/sheets';
import { ADJ_COLS, ENTRY_COLS, ROSTER_COLS } from '../../core/workbook/layout';
import type { PastMonth } from '../../core/scoring/warnings';
import { monthFromIndex, monthIndex } from '../../core/values';
import { XlsxBook, openXlsx, readSheetRows } from './sheet-reader';
import { assertInputFile } from '../import/table';
import { InputError } from '../../core/problems';
import { SplitPartMark, parseSplitPartNotice } from '../../core/input/split';

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
  /** Which part of a month split by 组别 this workbook is (its 说明 says so); null for a whole month. */
  splitPart: SplitPartMark | null;
}

const NOT_OURS = (file: string, why: string) => notOurs(path.basename(file), why);
/** 追加扣分代码 when the cell is empty (as the generator has always assumed). */
const DEFAULT_ESCALATION_CODE = 'X01';

async function sheetTable(book: XlsxBook, sheet: string, maxCol: number): Promise<Table> {
  const rows = await readSheetRows(book, sheet, maxCol);
  const header = rows.get(1) ?? [];
  let last = 1; // a loop, not Math.max(...rows.keys()): 150,000 rows overflow the call stack
  for (const r of rows.keys()) if (r > last) last = r;
  const data: Cell[][] = [];
  for (let r = 2; r <= last; r++) data.push(rows.get(r) ?? []);
  return { file: `${path.basename(book.file)}:${sheet}`, headers: header, rows: data, firstRow: 2 };
}

/** Reads the policy from 考核项目 (core/workbook/policy-sheet.ts, the reader the add-in uses too). */
async function readPolicy(book: XlsxBook): Promise<{ policy: Policy; month: string | null }> {
  const { places, maxCol } = policyPlaces(book.names);
  const rows = await readSheetRows(book, SHEET.items, maxCol);
  return readPolicySheet(path.basename(book.file), rows, places, DEFAULT_ESCALATION_CODE);
}

/**
 * Reads a generated (possibly hand-edited) 月度考核 workbook back into the core's inputs: the one reader
 * for every command given --workbook. A folder, an empty file, a CSV renamed .xlsx, a .csv given as the
 * workbook or damaged sheet data is one Chinese sentence, never a crash.
 */
export async function readMonthlyWorkbook(file: string): Promise<MonthlyWorkbook> {
  await assertInputFile(file);
  if (!/\.(xlsx|xlsm)$/i.test(file)) {
    throw new InputError(
      `${path.basename(file)}：无法作为 Excel 工作簿打开：这里应给 npx kaohe monthly 生成的月度考核工作簿（.xlsx），收到的是「${path.extname(file) || '无扩展名'}」文件。`,
      'WORKBOOK_EXPECTED',
    );
  }
  try {
    return await readBook(file);
  } catch (err) {
    // jszip's inflate errors on damaged sheet data reach us as plain Errors: a damaged file, not a bug.
    if (!(err instanceof InputError) && ZIP_DAMAGE.test((err as Error)?.message ?? '')) {
      throw new InputError(
        `${path.basename(file)}：无法作为 Excel 月度考核工作簿读取，文件已损坏（其中的数据不完整）。请在 Excel 中打开确认后重新保存，或重新运行 kaohe monthly 生成。`,
        'WORKBOOK_UNREADABLE',
      );
    }
    throw err;
  }
}

const ZIP_DAMAGE =
  /uncompressed data size mismatch|Corrupted zip|invalid (stored block|distance|code|block type|literal|bit length)|unexpected signature|incorrect header check|unknown compression|crc32/i;

async function readBook(file: string): Promise<MonthlyWorkbook> {
  const book = await openXlsx(file, '月度考核工作簿');
  const missing = [SHEET.roster, SHEET.items, SHEET.entries, SHEET.adjustments].filter((s) => !book.sheets.has(s));
  if (missing.length) throw NOT_OURS(file, `缺少工作表「${missing.join('」「')}」`);
  const { policy, month } = await readPolicy(book);
  const rosterRecords = tableToRecords(await sheetTable(book, SHEET.roster, ROSTER_COLS.check), ROSTER_SCHEMA);
  const roster = readRoster(rosterRecords);
  const entries = readEntryRecords(await sheetTable(book, SHEET.entries, ENTRY_COLS.check));
  const adjustments = readAdjustmentRecords(await sheetTable(book, SHEET.adjustments, ADJ_COLS.check));
  const storedHistory = month ? await readStoredHistory(book, policy, month) : [];
  const splitPart = await readSplitMark(book);
  return { month, policy, roster, rosterRecords, entries, adjustments, storedHistory, splitPart };
}

/** The 说明 line `kaohe monthly --split-by` writes into each team's workbook, if it is still there. */
async function readSplitMark(book: XlsxBook): Promise<SplitPartMark | null> {
  if (!book.sheets.has(SHEET.readme)) return null;
  for (const row of (await readSheetRows(book, SHEET.readme, 2)).values()) {
    const mark = parseSplitPartNotice(keptText(row[1]));
    if (mark) return mark;
  }
  return null;
}

/** A flagged employee's score in a remembered month: the lowest, below any 分数线; the others' far above. */
const LAST = -1e6;
const NOT_LAST = 1e6;
const text = (v: Cell) => cleanText(v);

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
