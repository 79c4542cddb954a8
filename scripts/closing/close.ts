/** kaohe close: writes DIR/<name>-定稿.xlsx from a monthly workbook (the input is never modified). */
import * as path from 'path';
import { fingerprint } from '../../core/closing/fingerprint';
import { chinaTime, closingNote, closingReadmeLines } from '../../core/closing/record';
import { InputError } from '../../core/problems';
import { readMonthlyWorkbook } from '../workbook/read';
import { ensureDir, refuseOverwrite, writeFileAtomically } from '../output';
import { openXlsx } from '../workbook/sheet-reader';
import { takeSnapshot } from './snapshot';
import { closedState, closedStateOfBook } from './verify';
import { ClosingRecord, closedWorkbookBytes } from './workbook';

export { chinaTime };

export function closedFileName(input: string): string {
  return `${path.basename(input).replace(/\.(xlsx|xlsm)$/i, '')}-定稿.xlsx`;
}

export interface CloseOptions {
  workbook: string;
  by: string;
  outDir: string;
  password?: string;
  force?: boolean;
  now?: Date;
}

export async function closeWorkbook(opts: CloseOptions): Promise<{ file: string; record: ClosingRecord }> {
  const by = opts.by.trim();
  if (!by) throw new InputError('--by 不能为空：请写定稿人的姓名。', 'BAD_ARGS');
  // Refuses anything that is not a readable monthly workbook, with the reader's own messages.
  const data = await readMonthlyWorkbook(opts.workbook);
  const book = await openXlsx(opts.workbook, '月度考核工作簿');
  const already = await closedStateOfBook(book);
  if (already) {
    throw new InputError(
      `${path.basename(opts.workbook)} 已于 ${already.at} 由 ${already.by} 定稿（第${already.version}版）：不能再次定稿。需要更正时请用 npx kaohe correct。`,
      'ALREADY_CLOSED',
    );
  }
  const file = path.join(opts.outDir, closedFileName(opts.workbook));
  if (path.resolve(file) === path.resolve(opts.workbook))
    throw new InputError('定稿文件不能覆盖输入的工作簿：请换一个输出目录。', 'BAD_ARGS');
  await refuseOverwrite(file, Boolean(opts.force));
  const snapshot = await takeSnapshot(book);
  const at = chinaTime(opts.now ?? new Date());
  const record: ClosingRecord = {
    version: 1,
    by,
    at,
    fingerprint: fingerprint(snapshot),
    note: closingNote(data.month ?? ''),
  };
  const bytes = await closedWorkbookBytes(book, {
    record,
    history: [record],
    snapshot,
    password: opts.password,
    readmeLines: closingReadmeLines(record),
  });
  await ensureDir(opts.outDir);
  await writeFileAtomically(file, bytes);
  // Self-check: the file just written reads back as closed and intact.
  const check = await closedState(file);
  if (!check || !check.intact)
    throw new Error(`close: the written file does not verify (${check?.changes.length ?? 'no closing record'})`);
  return { file, record };
}
