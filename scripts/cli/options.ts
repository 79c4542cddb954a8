/** Options several commands share, spelled once so their help reads the same in every command. */
import { InputError } from '../../core/problems';
import { MonthlyInputs, readMonthlyInputs } from '../month-inputs';
import { resolvePolicy } from '../policy';
import { readWorkbookInputs } from '../workbook/monthly';
import { ArgValues, OptionSpec, optionalStrings, requireString } from './args';

export const INPUT_FILE_OPTIONS: Record<'roster' | 'entries' | 'adjustments', OptionSpec> = {
  roster: { type: 'string', value: '文件', help: '员工名单（.csv 或 .xlsx）' },
  entries: { type: 'string', value: '文件', help: '考核记录（.csv 或 .xlsx）' },
  adjustments: { type: 'string', value: '文件', help: '额外奖惩（可选）' },
};

export const POLICY_OPTION: OptionSpec = {
  type: 'string',
  value: '方案',
  help: '考核方案：kefu-daily（默认）、kefu-supervisor，或方案 JSON 文件',
};

const text = (v: ArgValues[string]) => (typeof v === 'string' ? v : undefined);

/** The month's input files and policy as given on the command line (any may be missing). */
export function monthInputArgs(values: ArgValues): {
  workbook?: string;
  roster?: string;
  entries?: string;
  adjustments?: string;
  policy?: string;
} {
  return {
    workbook: text(values.workbook),
    roster: text(values.roster),
    entries: text(values.entries),
    adjustments: text(values.adjustments),
    policy: text(values.policy),
  };
}

/**
 * The month's inputs named on the command line: a monthly workbook (--workbook, with the policy in its
 * 考核项目 sheet unless --policy is given), or the --roster/--entries/--adjustments files.
 */
export async function readMonthArgs(values: ArgValues, command: string, month: string): Promise<MonthlyInputs> {
  const previous = optionalStrings(values, 'previous');
  const workbooks = optionalStrings(values, 'workbook');
  if (workbooks.length > 0) {
    if (values.roster || values.entries || values.adjustments) {
      throw new InputError(
        '--workbook 已包含员工名单、考核记录和额外奖惩，不能再与 --roster/--entries/--adjustments 同时使用。',
        'USAGE',
      );
    }
    // several workbooks: the teams of a month split by 组别, read as one month
    return readWorkbookInputs(
      workbooks,
      month,
      previous,
      values.policy ? await resolvePolicy(text(values.policy)) : undefined,
    );
  }
  const files = {
    roster: requireString(values, 'roster', command),
    entries: requireString(values, 'entries', command),
    adjustments: text(values.adjustments),
    previous,
  };
  return readMonthlyInputs(files, await resolvePolicy(text(values.policy)), month);
}
