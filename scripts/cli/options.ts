/** Options several commands share, spelled once so their help reads the same in every command. */
import type { ArgValues, OptionSpec } from './args';

export const INPUT_FILE_OPTIONS: Record<'roster' | 'entries' | 'adjustments', OptionSpec> = {
  roster: { type: 'string', value: '文件', help: '员工名单（.csv 或 .xlsx）' },
  entries: { type: 'string', value: '文件', help: '考核记录（.csv 或 .xlsx）' },
  adjustments: { type: 'string', value: '文件', help: '额外奖惩（可选）' },
};

export const POLICY_OPTION: OptionSpec = { type: 'string', value: '方案', help: '考核方案：kefu-daily（默认）、kefu-supervisor，或方案 JSON 文件' };

const text = (v: ArgValues[string]) => (typeof v === 'string' ? v : undefined);

/** The month's input files and policy as given on the command line (any may be missing). */
export function monthInputArgs(values: ArgValues): { workbook?: string; roster?: string; entries?: string; adjustments?: string; policy?: string } {
  return { workbook: text(values.workbook), roster: text(values.roster), entries: text(values.entries), adjustments: text(values.adjustments), policy: text(values.policy) };
}
