/**
 * 定稿 in Excel: the same closed workbook `kaohe close` writes, made in the open workbook.
 * - what counts is read as range values and fingerprinted by core (core/closing/snapshot.ts), so
 *   `kaohe score --workbook` on the saved file verifies it, and names any later edit;
 * - the snapshot goes into a very hidden 定稿数据 sheet, who/when at the bottom of 说明, and a 定稿记录
 *   sheet (the mark of a closed workbook) — text cells formatted as text first, so Excel keeps
 *   「2026-11-03 10:15」 and the fingerprint as typed instead of turning them into numbers;
 * - every sheet is protected (optional password), 定稿记录 last of all: if anything fails before, the
 *   workbook is not marked closed and 定稿 can be tried again.
 * Nothing is written before every check passed (the host can protect sheets, nothing is closed yet,
 * the month's sheets exist, Excel is not in manual calculation). Afterwards the written sheets are
 * read back and must give the same record and fingerprint.
 */
import { ClosingSnapshot, fingerprint } from '../../core/closing/fingerprint';
import {
  CLOSING_DATA_SHEET,
  CLOSING_SHEET,
  CLOSING_WIDTHS,
  ClosingRecord,
  chinaTime,
  closedText,
  closingNote,
  closingReadmeLines,
  closingRecordRows,
  closingRecords,
} from '../../core/closing/record';
import {
  COUNTED_SHEETS,
  SheetRows,
  closingSnapshot,
  parseSnapshotCells,
  snapshotCells,
} from '../../core/closing/snapshot';
import { SHEET } from '../../core/workbook/sheets';
import { OP_BYTES, WriteBatch, countingSyncs, jsonBytes, readRowsChunked, rectAddress, writeValuesChunked } from './io';
import type { XCell, XContext, XRun, XWorksheet } from './types';

export interface CloseInExcelOptions {
  /** Who closes (required; kept as typed, trimmed). */
  by: string;
  /** Sheet protection password; empty or undefined for none. */
  password?: string;
  /** The workbook's month (YYYY-MM), for the 定稿记录 说明. */
  month: string;
  now?: Date;
  /** ExcelApi 1.8: application.calculationMode can be read (manual calculation is refused). */
  calculationMode?: boolean;
}

export interface CloseInExcelReport {
  record: ClosingRecord;
  snapshot: ClosingSnapshot;
  /** Sheets protected now. */
  protectedSheets: string[];
  /** Sheets that were protected already (their protection, and password, were left as they were). */
  alreadyProtected: string[];
  /** 说明 was protected already: the who/when lines were not added there. */
  readmeSkipped: boolean;
  syncs: number;
}

/** Said when the running Excel cannot protect sheets from an add-in; nothing was written. */
export const NO_PROTECTION =
  '此 Excel 不支持由加载项保护工作表（缺少 WorksheetProtection 接口），未定稿，工作簿没有任何改动。请更新 Excel，或用命令行定稿：npx kaohe close --workbook 月度考核.xlsx --by 姓名 --out 目录。';

/** Office.js columnWidth is in points; 定稿记录's widths are in characters (about 6 points each). */
const POINTS_PER_CHAR = 6;

function hasProtection(sheet: XWorksheet): boolean {
  const p = sheet.protection as Partial<XWorksheet['protection']> | undefined;
  return !!p && typeof p.protect === 'function' && typeof p.load === 'function';
}

/** Reads one counted sheet's first `cols` columns, rows 1..last, as Excel row → cells. */
async function readCounted(
  context: XContext,
  sheet: XWorksheet,
  cols: number,
  lastRow: number,
  stats: { syncs: number; maxResponseBytes: number },
): Promise<SheetRows> {
  const rows = new Map<number, XCell[]>();
  if (lastRow < 1) return rows;
  const values = await readRowsChunked(context, sheet, cols, 1, lastRow, stats);
  values.forEach((r, i) => rows.set(i + 1, r));
  return rows;
}

/** The snapshot of what counts in the open workbook (throws, in Chinese, when a counted sheet is missing). */
export async function snapshotInExcel(context: XContext): Promise<ClosingSnapshot> {
  const ws = context.workbook.worksheets;
  const sheets = COUNTED_SHEETS.map((c) => ws.getItemOrNullObject(c.sheet).load('name'));
  await context.sync();
  const missing = COUNTED_SHEETS.filter((_, i) => sheets[i].isNullObject).map((c) => `「${c.sheet}」`);
  if (missing.length > 0)
    throw new Error(`缺少工作表${missing.join('、')}，无法定稿。请先点「初始化考核表」，或把改名的工作表改回原名。`);
  const used = sheets.map((s) => s.getUsedRangeOrNullObject(true).load('rowIndex,rowCount'));
  await context.sync();
  const stats = { syncs: 0, maxResponseBytes: 0 };
  const rows = new Map<string, SheetRows>();
  for (let i = 0; i < COUNTED_SHEETS.length; i++) {
    const u = used[i];
    const last = u.isNullObject ? 0 : u.rowIndex + u.rowCount;
    rows.set(COUNTED_SHEETS[i].sheet, await readCounted(context, sheets[i], COUNTED_SHEETS[i].cols, last, stats));
  }
  return closingSnapshot(rows);
}

/** Writes a block of text cells (formatted as text first) at rows firstRow.., columns from A. */
async function writeText(batch: WriteBatch, sheet: XWorksheet, firstRow: number, values: XCell[][]): Promise<void> {
  if (values.length === 0) return;
  const cols = values[0].length;
  const formats = values.map((r) => r.map((v) => (typeof v === 'number' ? 'General' : '@')));
  await batch.add(jsonBytes(formats) + OP_BYTES.values, () => {
    sheet.getRange(rectAddress(0, cols, firstRow, firstRow + values.length - 1)).numberFormat = formats;
  });
  await writeValuesChunked(batch, sheet, 0, firstRow, values);
}

/** 定稿: see the file comment. Throws (in Chinese) before writing anything when a check fails. */
export async function closeInExcel(run: XRun, opts: CloseInExcelOptions): Promise<CloseInExcelReport> {
  const by = opts.by.trim();
  if (!by) throw new Error('请填写定稿人姓名：定稿记录要写明谁定稿。');
  const password = opts.password ? opts.password : undefined;
  return run(async (raw) => {
    const context = countingSyncs(raw);
    const ws = context.workbook.worksheets;
    ws.load('items/name');
    const closing = ws.getItemOrNullObject(CLOSING_SHEET).load('name');
    const app = opts.calculationMode ? context.workbook.application : null;
    app?.load('calculationMode');
    await context.sync();
    if (!closing.isNullObject) {
      const rows = closing.getUsedRangeOrNullObject(true).load('values');
      await context.sync();
      const records = rows.isNullObject ? [] : closingRecords(rows.values as XCell[][]);
      const last = records[records.length - 1];
      throw new Error(
        `本工作簿${last ? closedText(last) : '已定稿'}，不能再次定稿。需要更正时请用 npx kaohe correct 生成新版本。`,
      );
    }
    const sheets = ws.items;
    // Feature detection before any write: an old runtime has no worksheet.protection.
    if (sheets.length === 0 || !sheets.every(hasProtection)) throw new Error(NO_PROTECTION);
    if (app?.calculationMode === 'Manual')
      throw new Error(
        'Excel 当前为手动计算：月度汇总的公式结果可能不是最新的，不能定稿。请按 F9（或「公式 › 开始计算」）重算后再定稿。',
      );

    const snapshot = await snapshotInExcel(context);
    const record: ClosingRecord = {
      version: 1,
      by,
      at: chinaTime(opts.now ?? new Date()),
      fingerprint: fingerprint(snapshot),
      note: closingNote(opts.month),
    };

    // Which sheets are protected already, and where 说明 ends.
    const leftover = sheets.find((s) => s.name === CLOSING_DATA_SHEET);
    const others = sheets.filter((s) => s !== leftover);
    const states = others.map((s) => s.protection.load('protected'));
    const readme = others.find((s) => s.name === SHEET.readme);
    const readmeUsed = readme?.getUsedRangeOrNullObject(true).load('rowIndex,rowCount');
    await context.sync();
    const alreadyProtected = others.filter((_, i) => states[i].protected).map((s) => s.name);
    const readmeSkipped = !!readme && alreadyProtected.includes(readme.name);

    const batch = new WriteBatch(context);
    // An interrupted earlier 定稿 may have left its 定稿数据 (never a 定稿记录): replaced.
    if (leftover) await batch.add(OP_BYTES.other, () => leftover.delete());
    const data = ws.add(CLOSING_DATA_SHEET);
    await writeText(
      batch,
      data,
      1,
      snapshotCells(snapshot).map((piece) => [piece]),
    );
    await batch.add(OP_BYTES.other, () => (data.visibility = 'VeryHidden'));
    if (readme && !readmeSkipped) {
      const last = readmeUsed && !readmeUsed.isNullObject ? readmeUsed.rowIndex + readmeUsed.rowCount : 0;
      await writeText(batch, readme, last + 2, closingReadmeLines(record));
    }
    const protectedSheets: string[] = [];
    for (const s of [...others.filter((s) => !alreadyProtected.includes(s.name)), data]) {
      await batch.add(OP_BYTES.other, () => s.protection.protect(undefined, password));
      protectedSheets.push(s === data ? CLOSING_DATA_SHEET : s.name);
    }
    // The mark of a closed workbook, last.
    const sheet = ws.add(CLOSING_SHEET);
    await writeText(batch, sheet, 1, closingRecordRows([record]));
    for (let c = 0; c < CLOSING_WIDTHS.length; c++)
      await batch.add(OP_BYTES.other, () => {
        sheet.getRange(rectAddress(c, 1, 1, 1)).format.columnWidth = CLOSING_WIDTHS[c] * POINTS_PER_CHAR;
      });
    await batch.add(OP_BYTES.other, () => sheet.protection.protect(undefined, password));
    protectedSheets.push(CLOSING_SHEET);
    await batch.flush();

    // Read back what was written: the record and the stored snapshot must be what was computed.
    const back = ws.getItemOrNullObject(CLOSING_SHEET).getUsedRangeOrNullObject(true).load('values');
    const stored = ws.getItemOrNullObject(CLOSING_DATA_SHEET).getUsedRangeOrNullObject(true).load('values');
    await context.sync();
    const written = back.isNullObject ? [] : closingRecords(back.values as XCell[][]);
    const kept = stored.isNullObject ? null : parseSnapshotCells((stored.values as XCell[][]).map((r) => r[0]));
    const same = (a: ClosingRecord | undefined) =>
      !!a &&
      a.version === record.version &&
      a.by === record.by &&
      a.at === record.at &&
      a.fingerprint === record.fingerprint &&
      a.note === record.note;
    if (written.length !== 1 || !same(written[0]) || !kept || fingerprint(kept) !== record.fingerprint)
      throw new Error(
        `定稿已写入，但读回的「${CLOSING_SHEET}」或「${CLOSING_DATA_SHEET}」与计算结果不一致：请不要使用本工作簿的定稿，关闭不保存后重试，或用 npx kaohe close 定稿。`,
      );
    return { record, snapshot, protectedSheets, alreadyProtected, readmeSkipped, syncs: context.syncs };
  });
}
