/**
 * Generates the monthly appraisal workbook (月度考核) from input files: reads, scores with the core,
 * builds the sheet model and writes it into the template. Used by `kaohe monthly`, the tests and the bench.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { assertScorableMonth, readRoster } from '../../core/input/records';
import type { Policy } from '../../core/policy/types';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import { buildMonthlyModel } from '../../core/workbook/model';
import { SHEET } from '../../core/workbook/sheets';
import { MonthlyInputs, readPastMonths } from '../month-inputs';
import { ensureDir, refuseOverwrite, templatePath } from '../output';
import { loadTemplate, writeWorkbook } from './write';
import { readMonthlyWorkbook } from './read';

export const DEFAULT_MONTHLY_TEMPLATE = () => templatePath('月度考核模板.xlsx');

export function monthlyFileName(month: string): string {
  return `月度考核-${month}.xlsx`;
}

/**
 * The inputs of a month from a 月度考核 workbook (possibly hand-edited, e.g. entries typed below the
 * formulas' rows or employees added): its 员工名单, 考核记录, 额外奖惩 and the policy in its 考核项目 sheet
 * (unless `policy` is given). Regenerating from these rewrites every formula over all the rows.
 */
export async function readWorkbookInputs(
  file: string,
  month: string,
  previous: string[],
  policy?: Policy,
): Promise<MonthlyInputs> {
  const wb = await readMonthlyWorkbook(file);
  if (wb.month && wb.month !== month) {
    throw new InputError(
      `${path.basename(file)} 是 ${wb.month} 的月度考核工作簿，与 --month ${month} 不符。`,
      'WORKBOOK_MONTH_MISMATCH',
    );
  }
  const name = path.basename(file);
  assertScorableMonth(readRoster(wb.rosterRecords), wb.entries, month, `${name}「${SHEET.roster}」`);
  // without --previous, the earlier months the workbook remembers (月度汇总's 往月…(系统写入) columns)
  const history = previous.length > 0 ? await readPastMonths(previous, month, policy ?? wb.policy) : wb.storedHistory;
  return {
    policy: policy ?? wb.policy,
    month,
    rosterRecords: wb.rosterRecords,
    entries: wb.entries,
    adjustments: wb.adjustments,
    history,
    sources: {
      roster: `${name}「${SHEET.roster}」`,
      entries: `${name}「${SHEET.entries}」`,
      adjustments: `${name}「${SHEET.adjustments}」`,
      previous:
        previous.length > 0
          ? previous.map((p) => path.basename(p))
          : history.length > 0
            ? [`${name}「${SHEET.summary}」中保存的往月结果`]
            : [],
    },
  };
}

export interface GenerateOptions {
  template?: string;
  outFile: string;
  force?: boolean;
  /** Fixed timestamp for reproducible output (tests); default now. */
  generatedAt?: string;
  /** Blank formula rows below the entries (default ENTRY_SPARE_ROWS). */
  spareRows?: number;
  /** 录音抽查 fines by 工号 (`monthly --checks`): 月度汇总 gets a 罚款(元) column; absent: no column. */
  fines?: ReadonlyMap<string, number>;
}

/** Scores the month and writes the workbook; returns the core's result (the workbook's cached values). */
export async function generateMonthlyWorkbook(inputs: MonthlyInputs, opts: GenerateOptions): Promise<MonthResult> {
  await refuseOverwrite(opts.outFile, Boolean(opts.force));
  const template = await loadTemplate(opts.template ?? DEFAULT_MONTHLY_TEMPLATE());
  const roster = readRoster(inputs.rosterRecords);
  const result = scoreMonth({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
    history: inputs.history,
  });
  if (inputs.notices && inputs.notices.length > 0) result.notices.unshift(...inputs.notices);
  const model = buildMonthlyModel({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    rosterRecords: inputs.rosterRecords,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
    history: inputs.history,
    result,
    generatedAt: opts.generatedAt ?? new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
    sources: inputs.sources,
    layout: template.layout,
    spareRows: opts.spareRows,
    fines: opts.fines,
  });
  await ensureDir(path.dirname(path.resolve(opts.outFile)));
  await writeWorkbook(template, model, opts.outFile, { releaseRows: true });
  return result;
}
