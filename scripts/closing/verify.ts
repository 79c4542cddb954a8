/**
 * Reading a closed (定稿) workbook: is what counts still as it was at closing? The stored snapshot is
 * compared with a new one taken the same way; changed cells are named (sheet, row, column, before → after).
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { CellChange, describeChange, diffSnapshots, fingerprint } from '../../core/closing/fingerprint';
import { XlsxBook, openXlsx } from '../workbook/sheet-reader';
import { takeSnapshot } from './snapshot';
import { CLOSING_DATA_SHEET, ClosingRecord, readClosing } from './workbook';

export interface ClosedState {
  by: string;
  at: string;
  version: number;
  fingerprint: string;
  /** True when everything that counts equals what was stored at closing. */
  intact: boolean;
  changes: CellChange[];
  history: ClosingRecord[];
}

export async function closedStateOfBook(book: XlsxBook): Promise<ClosedState | null> {
  const closing = await readClosing(book);
  if (!closing) return null;
  const record = closing.history[closing.history.length - 1];
  const now = await takeSnapshot(book);
  const nowPrint = fingerprint(now);
  const changes: CellChange[] = [];
  if (!closing.snapshot) {
    changes.push({
      sheet: CLOSING_DATA_SHEET,
      row: 0,
      column: '',
      before: '（定稿时保存的数据）',
      after: '（已被删除或改坏，无法逐项核对）',
    });
  } else {
    if (fingerprint(closing.snapshot) !== record.fingerprint) {
      changes.push({
        sheet: CLOSING_DATA_SHEET,
        row: 0,
        column: '',
        before: `（指纹 ${record.fingerprint.slice(0, 12)}…）`,
        after: '（定稿时保存的数据被改动过）',
      });
    }
    changes.push(...diffSnapshots(closing.snapshot, now));
  }
  const intact = nowPrint === record.fingerprint && changes.length === 0;
  return {
    by: record.by,
    at: record.at,
    version: record.version,
    fingerprint: record.fingerprint,
    intact,
    changes,
    history: closing.history,
  };
}

export async function closedState(file: string): Promise<ClosedState | null> {
  return closedStateOfBook(await openXlsx(file, '月度考核工作簿'));
}

/** The `closed` member of --json outputs. */
export function closedJson(s: ClosedState) {
  return {
    by: s.by,
    at: s.at,
    version: s.version,
    fingerprint: s.fingerprint,
    intact: s.intact,
    changes: s.changes.map((c) => ({ sheet: c.sheet, row: c.row, column: c.column, before: c.before, after: c.after })),
  };
}

/** Chinese lines for HR: the state, and each change (at most `limit`, then how many more). */
export function describeClosed(file: string, s: ClosedState, limit = 50): string {
  const head = `${path.basename(file)} 已于 ${s.at} 由 ${s.by} 定稿（第${s.version}版）`;
  if (s.intact) return `${head}，核对无误：定稿后计入的数据没有改动。\n`;
  const lines = s.changes
    .slice(0, limit)
    .map((c) => `  ${describeChange(c)}\n`)
    .join('');
  const more = s.changes.length > limit ? `  …另有 ${s.changes.length - limit} 处\n` : '';
  return `警告：${head}，但定稿后计入的数据被改动了（${s.changes.length} 处，与定稿时保存的值对比）：\n${lines}${more}如果这是更正，请在定稿版本上用 npx kaohe correct 生成新版本（会记入「更正记录」）；否则请用定稿时的文件。\n`;
}

/**
 * Checks the closed workbooks among `files` (.xlsx that carry a 定稿记录) and tells HR: an intact one in
 * one line, a changed one with every change. `refuse`: a changed closed workbook stops the command
 * (slips go to people: they are never made from numbers changed after closing without a correction).
 */
export async function checkClosedWorkbooks(
  files: (string | undefined)[],
  io: { out: (t: string) => void; err: (t: string) => void },
  opts: { refuse?: boolean; quiet?: boolean } = {},
): Promise<{ states: { file: string; state: ClosedState }[]; changed: boolean }> {
  const states: { file: string; state: ClosedState }[] = [];
  for (const file of files) {
    if (!file || !/\.(xlsx|xlsm)$/i.test(file)) continue;
    let state: ClosedState | null;
    try {
      state = await closedState(file);
    } catch {
      continue; // not readable as a workbook: the command's own reader says why
    }
    if (!state) continue;
    states.push({ file, state });
    if (!state.intact && opts.refuse) {
      throw new InputError(`${describeClosed(file, state).trim()}\n未生成任何文件。`, 'CLOSED_WORKBOOK_CHANGED');
    }
    if (!state.intact) io.err(describeClosed(file, state));
    else (opts.quiet ? io.err : io.out)(describeClosed(file, state));
  }
  return { states, changed: states.some((s) => !s.state.intact) };
}
