/**
 * kaohe correct: the next version of a closed month. The closed version's inputs are read, the
 * corrections applied (core/closing/corrections.ts), the monthly workbook regenerated from them (every
 * formula and cached result from the core again), and the result closed as version N+1 with a 更正记录
 * sheet listing every change of every version (what, before → after, why, who, when, appeal number).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { AppealRegister, checkAppealReference, correctionTargets, readAppeals } from '../../core/closing/appeals';
import { Correction, applyCorrections } from '../../core/closing/corrections';
import { EmployeeLookup, readRoster } from '../../core/input/records';
import { readTable } from '../import/table';
import { APPEAL_SHEET } from './appeals-sheet';
import { fingerprint } from '../../core/closing/fingerprint';
import { InputError } from '../../core/problems';
import { SHEET } from '../../core/workbook/sheets';
import { readMonthlyWorkbook } from '../workbook/read';
import { ensureDir, refuseOverwrite, writeFileAtomically } from '../output';
import { generateMonthlyWorkbook, readWorkbookInputs } from '../workbook/monthly';
import { openXlsx, readSheetRows } from '../workbook/sheet-reader';
import { chinaTime } from './close';
import { takeSnapshot } from './snapshot';
import { closedState, describeClosed } from './verify';
import { ClosingRecord, closedWorkbookBytes } from './workbook';

export const CORRECTION_SHEET = '更正记录';
export const CORRECTION_HEADERS = [
  '版本',
  '工作表',
  '行',
  '列',
  '原值',
  '新值',
  '原因',
  '申诉编号',
  '更正人',
  '更正时间',
];

export function correctedFileName(input: string, version: number): string {
  let base = path
    .basename(input)
    .replace(/\.(xlsx|xlsm)$/i, '')
    .replace(/-v\d+$/i, '');
  if (!base.endsWith('-定稿')) base += '-定稿';
  return `${base}-v${version}.xlsx`;
}

export interface CorrectOptions {
  workbook: string;
  by: string;
  reason: string;
  appeal?: string;
  /** The appeals register (CSV, or .xlsx with a 申诉登记 sheet) --appeal is checked against. */
  appeals?: string;
  corrections: Correction[];
  outDir: string;
  previous?: string[];
  password?: string;
  force?: boolean;
  now?: Date;
}

export async function correctWorkbook(
  opts: CorrectOptions,
): Promise<{ file: string; record: ClosingRecord; changes: number }> {
  const name = path.basename(opts.workbook);
  const by = opts.by.trim();
  if (!by) throw new InputError('--by 不能为空：请写更正人的姓名。', 'BAD_ARGS');
  if (opts.reason.trim() === '')
    throw new InputError('--reason 不能为空：每项更正都要写明原因（如 申诉成立）。', 'BAD_ARGS');
  const wb = await readMonthlyWorkbook(opts.workbook);
  const state = await closedState(opts.workbook);
  if (!state)
    throw new InputError(`${name} 还没有定稿：未定稿的工作簿直接修改即可；定稿请用 npx kaohe close。`, 'NOT_CLOSED');
  if (!state.intact)
    throw new InputError(
      `${describeClosed(opts.workbook, state).trim()}\n只能在未被改动的定稿版本上更正。`,
      'CLOSED_WORKBOOK_CHANGED',
    );
  const month = wb.month;
  if (!month) throw new InputError(`${name}：工作簿中没有考核月份。`, 'MONTH_MISSING');
  const previous = opts.previous ?? [];
  if (previous.length === 0) await assertNoHistoryNeeded(opts.workbook);
  const inputs = await readWorkbookInputs(opts.workbook, month, previous);
  const { entries, changes } = applyCorrections(inputs.entries, opts.corrections);
  const appealNo = opts.appeal?.trim() ?? '';
  if (appealNo) {
    const register = await appealRegister(opts.appeals, opts.workbook);
    if (!register)
      throw new InputError(
        `--appeal ${appealNo} 要对照申诉登记核对：请用 --appeals 给出申诉登记（CSV，或含「${APPEAL_SHEET}」表的 .xlsx），如 --appeals 申诉登记-2026-10.csv。未写出新版本。`,
        'APPEAL_REGISTER_MISSING',
      );
    checkAppealReference(
      appealNo,
      register,
      correctionTargets(inputs.entries, entries, changes),
      new EmployeeLookup(readRoster(inputs.rosterRecords).employees),
    );
  }
  const version = state.version + 1;
  const file = path.join(opts.outDir, correctedFileName(opts.workbook, version));
  if (path.resolve(file) === path.resolve(opts.workbook))
    throw new InputError('新版本不能覆盖输入的文件：请换一个输出目录。', 'BAD_ARGS');
  await refuseOverwrite(file, Boolean(opts.force));
  await ensureDir(opts.outDir);
  const tmp = path.join(opts.outDir, `.correct-${process.pid}-${Date.now()}.xlsx`);
  try {
    await generateMonthlyWorkbook({ ...inputs, entries }, { outFile: tmp, force: true });
    const book = await openXlsx(tmp, '月度考核工作簿');
    const snapshot = await takeSnapshot(book);
    const at = chinaTime(opts.now ?? new Date());
    const appeal = opts.appeal?.trim() ?? '';
    const record: ClosingRecord = {
      version,
      by,
      at,
      fingerprint: fingerprint(snapshot),
      note: `更正：${opts.reason}${appeal ? `（申诉 ${appeal}）` : ''}`,
    };
    const earlier = await earlierCorrections(opts.workbook);
    const rows = [
      ...earlier,
      ...changes.map((c) => [version, SHEET.entries, c.row, c.column, c.before, c.after, opts.reason, appeal, by, at]),
    ];
    const history = [...state.history, record];
    const bytes = await closedWorkbookBytes(book, {
      record,
      history,
      snapshot,
      password: opts.password,
      readmeLines: [
        ...history.map((h) => [
          '定稿',
          `第${h.version}版：${h.by}，${h.at}（北京时间），${h.note}，指纹 SHA-256 ${h.fingerprint}。`,
        ]),
        [
          '',
          `本文件是第${version}版，替换第${state.version}版（${state.at}）。更正内容见「${CORRECTION_SHEET}」表；考核记录的行号与上一版相同。`,
        ],
      ],
      extraSheets: [
        { name: CORRECTION_SHEET, headers: CORRECTION_HEADERS, rows, widths: [6, 10, 6, 10, 24, 24, 24, 12, 10, 18] },
      ],
    });
    await writeFileAtomically(file, bytes);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  const check = await closedState(file);
  if (!check || !check.intact) throw new Error('correct: the written version does not verify');
  return { file, record: { ...check.history[check.history.length - 1] }, changes: changes.length };
}

/**
 * The register --appeal is checked against: the --appeals file, else a 申诉登记 sheet in the closed
 * workbook itself; null when there is neither.
 */
async function appealRegister(file: string | undefined, workbook: string): Promise<AppealRegister | null> {
  const source = file ?? ((await openXlsx(workbook)).sheets.has(APPEAL_SHEET) ? workbook : null);
  if (!source) return null;
  const read = readAppeals(await readTable(source, APPEAL_SHEET));
  return { source: path.basename(source), ...read };
}

/** 更正记录 rows of earlier versions, carried into the new version. */
async function earlierCorrections(file: string): Promise<(string | number)[][]> {
  const book = await openXlsx(file);
  if (!book.sheets.has(CORRECTION_SHEET)) return [];
  const rows = await readSheetRows(book, CORRECTION_SHEET, CORRECTION_HEADERS.length);
  return [...rows.keys()]
    .filter((r) => r > 1)
    .sort((a, b) => a - b)
    .map((r) => rows.get(r)!.map((v) => (typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v))));
}

/**
 * The closed version may have been made with last month's results (--previous: 连续两月末位). They are
 * not stored in the workbook; regenerating without them would change warnings nobody corrected.
 */
async function assertNoHistoryNeeded(file: string): Promise<void> {
  const book = await openXlsx(file);
  const rows = await readSheetRows(book, SHEET.summary, 15);
  const head = rows.get(1) ?? [];
  if (String(head[14] ?? '') !== '往月末位(系统写入)') return;
  for (const [r, c] of rows) {
    if (r === 1) continue;
    const v = String(c[14] ?? '');
    if (v !== '' && v !== '无上月数据') {
      throw new InputError(
        `${path.basename(file)} 生成时用了上月结果（连续两月末位的检查）：请用 --previous 给出与生成时相同的上月文件，否则新版本的预警会与原版不同。`,
        'PREVIOUS_REQUIRED',
      );
    }
  }
}
