import * as path from 'path';
import { InputError } from '../../core/problems';
import { monthInputsOverlong } from '../../core/cell-limit';
import type { CommandSpec } from '../cli/args';
import { INPUT_FILE_OPTIONS, POLICY_OPTION, readMonthArgs } from '../cli/options';
import { requireMonth, requireString } from '../cli/args';
import { generateMonthlyWorkbook, monthlyFileName } from '../workbook/monthly';

export const monthlyCommand: CommandSpec = {
  name: 'monthly',
  summary: 'kaohe monthly — 生成月度考核工作簿（汇总为公式，在 Excel/WPS 中修改记录后自动重算）',
  usage:
    'npx kaohe monthly (--roster 文件 --entries 文件 [--adjustments 文件] | --workbook 文件) [--previous 文件] --month YYYY-MM [--policy 方案] [--template 文件] --out 目录 [--force]',
  options: {
    ...INPUT_FILE_OPTIONS,
    workbook: {
      type: 'string',
      value: '文件',
      help: '从已有的月度考核工作簿重新生成（读取其员工名单、考核记录、额外奖惩和考核项目表中的方案；代替 --roster/--entries/--adjustments）',
    },
    previous: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '上月 kaohe score --json 的输出（用于连续两月末位预警）',
    },
    month: { type: 'string', value: 'YYYY-MM', help: '考核月份，如 2026-10' },
    policy: POLICY_OPTION,
    template: { type: 'string', value: '文件', help: '月度考核模板（默认 templates/月度考核模板.xlsx）' },
    out: { type: 'string', value: '目录', help: '输出目录，写入 月度考核-YYYY-MM.xlsx' },
    force: { type: 'boolean', help: '覆盖已存在的输出文件' },
  },
  examples: [
    'npx kaohe monthly --roster 员工名单.csv --entries 考核记录-2026-10.csv --adjustments 额外奖惩-2026-10.csv --previous 考核结果-2026-09.json --month 2026-10 --out out',
    'npx kaohe monthly --workbook out/月度考核-2026-10.xlsx --month 2026-10 --out out/重新生成',
  ],
  async run(values, io) {
    const month = requireMonth(values, 'monthly');
    const outDir = requireString(values, 'out', 'monthly');
    const inputs = await readMonthArgs(values, 'monthly', month);
    const outFile = path.join(outDir, monthlyFileName(month));
    if (values.workbook && path.resolve(outFile) === path.resolve(values.workbook as string)) {
      throw new InputError(
        `输出文件与 --workbook 是同一个文件（${outFile}）：输入不会被覆盖，请用另一个 --out 目录。`,
        'OUTPUT_IS_INPUT',
      );
    }
    const result = await generateMonthlyWorkbook(inputs, {
      template: values.template as string | undefined,
      outFile,
      force: Boolean(values.force),
    });
    const c = result.counts;
    io.out(
      `已写入 ${outFile}\n${month} 月度考核（${result.policy.name}）：${result.employees.length} 人；考核记录读取 ${c.entries} 行，计入 ${c.accepted} 行，作废 ${c.voided} 行，退回 ${c.rejected} 行。\n`,
    );
    if (result.rejected.length > 0) io.out(`有 ${result.rejected.length} 条问题数据，见工作簿的「问题数据」表。\n`);
    const cut = monthInputsOverlong(inputs, '').length;
    if (cut > 0) io.out(`有 ${cut} 处文字超过 Excel 单元格上限（32767 字），工作簿中已截断，见「问题数据」表。\n`);
    for (const n of result.notices) io.out(`提示：${n}\n`);
    return 0;
  },
};
