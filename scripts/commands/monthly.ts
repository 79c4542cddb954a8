import * as path from 'path';
import { InputError } from '../../core/problems';
import { monthInputsOverlong } from '../../core/cell-limit';
import type { CommandSpec } from '../cli/args';
import { INPUT_FILE_OPTIONS, POLICY_OPTION, readMonthArgs } from '../cli/options';
import { optionalStrings, requireMonth, requireString } from '../cli/args';
import { generateMonthlyWorkbook, generateSplitWorkbooks, monthlyFileName } from '../workbook/monthly';
import { readRoster } from '../../core/input/records';
import { assertCheckableMonth, checkMonth, readCheckRecords } from '../../core/qa/checks';
import { readTable } from '../import/table';
import { CHECKS_OPTION } from './qa';

export const monthlyCommand: CommandSpec = {
  name: 'monthly',
  summary: 'kaohe monthly — 生成月度考核工作簿（汇总为公式，在 Excel/WPS 中修改记录后自动重算）',
  usage:
    'npx kaohe monthly (--roster 文件 --entries 文件 [--adjustments 文件] | --workbook 文件) [--previous 文件] --month YYYY-MM [--checks 文件] [--policy 方案] [--template 文件] [--split-by 组别] --out 目录 [--force]',
  options: {
    ...INPUT_FILE_OPTIONS,
    workbook: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '从已有的月度考核工作簿重新生成（读取其员工名单、考核记录、额外奖惩和考核项目表中的方案；代替 --roster/--entries/--adjustments）；按组别拆分的各组工作簿可一起给出（每个文件前写一次），合成一个工作簿',
    },
    previous: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '上月 kaohe score --json 的输出（用于连续两月末位预警）',
    },
    month: { type: 'string', value: 'YYYY-MM', help: '考核月份，如 2026-10' },
    policy: POLICY_OPTION,
    checks: {
      ...CHECKS_OPTION,
      help: `${CHECKS_OPTION.help}：「月度汇总」增加「罚款(元)」列（每人本月的录音抽查罚款，为数值，不是公式）`,
    },
    template: { type: 'string', value: '文件', help: '月度考核模板（默认 templates/月度考核模板.xlsx）' },
    out: { type: 'string', value: '目录', help: '输出目录，写入 月度考核-YYYY-MM.xlsx' },
    'split-by': {
      type: 'string',
      value: '组别',
      help: '按组别拆分：每组写一个 月度考核-YYYY-MM-组别.xlsx（组别为空的员工在「未分组」）；全公司的名次和汇总用 score/summary 同时读取全部工作簿',
    },
    force: { type: 'boolean', help: '覆盖已存在的输出文件' },
  },
  examples: [
    'npx kaohe monthly --roster 员工名单.csv --entries 考核记录-2026-10.csv --adjustments 额外奖惩-2026-10.csv --previous 考核结果-2026-09.json --month 2026-10 --out out',
    'npx kaohe monthly --workbook out/月度考核-2026-10.xlsx --month 2026-10 --out out/重新生成',
    'npx kaohe monthly --roster 员工名单.csv --entries 考核记录-2026-10.csv --month 2026-10 --split-by 组别 --out out/各组',
  ],
  async run(values, io) {
    const month = requireMonth(values, 'monthly');
    const outDir = requireString(values, 'out', 'monthly');
    const inputs = await readMonthArgs(values, 'monthly', month);
    const splitBy = values['split-by'];
    if (splitBy !== undefined && splitBy !== '组别')
      throw new InputError(`--split-by 目前只能是「组别」（收到「${String(splitBy)}」）。`, 'BAD_ARGS');
    const outFile = path.join(outDir, monthlyFileName(month));
    const workbooks = optionalStrings(values, 'workbook');
    if (splitBy === undefined && workbooks.some((w) => path.resolve(outFile) === path.resolve(w))) {
      throw new InputError(
        `输出文件与 --workbook 是同一个文件（${outFile}）：输入不会被覆盖，请用另一个 --out 目录。`,
        'OUTPUT_IS_INPUT',
      );
    }
    let qa;
    if (typeof values.checks === 'string') {
      const roster = readRoster(inputs.rosterRecords);
      const records = readCheckRecords(await readTable(values.checks, '抽查记录'));
      assertCheckableMonth(roster, records, month, path.basename(values.checks));
      qa = checkMonth({ policy: inputs.policy, month, roster, records });
    }
    const fines = qa ? new Map(qa.employees.map((e) => [e.id, e.fine])) : undefined;
    const options = { template: values.template as string | undefined, force: Boolean(values.force), fines };
    let result;
    if (splitBy !== undefined) {
      if (workbooks.some((w) => path.resolve(path.dirname(w)) === path.resolve(outDir)))
        throw new InputError(
          `--out 目录与 --workbook 所在目录相同（${outDir}）：输入不会被覆盖，请用另一个 --out 目录。`,
          'OUTPUT_IS_INPUT',
        );
      const split = await generateSplitWorkbooks(inputs, { ...options, outDir });
      result = split.whole;
      io.out(`按组别拆分为 ${split.files.length} 个工作簿：\n`);
      for (const f of split.files)
        io.out(
          `  ${f.file}：${f.team} ${f.result.employees.length} 人，考核记录 ${f.result.counts.entries} 行（计入 ${f.result.counts.accepted}，作废 ${f.result.counts.voided}，退回 ${f.result.counts.rejected}）\n`,
        );
      io.out(
        `各组工作簿中的名次和连续两月末位只在本组内比较；全公司的名次和预警：npx kaohe score --month ${month} --workbook ${split.files.map((f) => f.file).join(' --workbook ')}\n`,
      );
      if (split.orphanPart !== null)
        io.out(`工号不在员工名单中的记录放在「${split.orphanPart}」的工作簿中（退回，见其「问题数据」表）。\n`);
    } else {
      result = await generateMonthlyWorkbook(inputs, { ...options, outFile });
      io.out(`已写入 ${outFile}\n`);
    }
    const c = result.counts;
    io.out(
      `${month} 月度考核（${result.policy.name}）：${result.employees.length} 人；考核记录读取 ${c.entries} 行，计入 ${c.accepted} 行，作废 ${c.voided} 行，退回 ${c.rejected} 行。\n`,
    );
    if (result.rejected.length > 0)
      io.out(
        `有 ${result.rejected.length} 条问题数据，见${splitBy !== undefined ? '各组' : ''}工作簿的「问题数据」表。\n`,
      );
    const cut = monthInputsOverlong(inputs, '').length;
    if (cut > 0) io.out(`有 ${cut} 处文字超过 Excel 单元格上限（32767 字），工作簿中已截断，见「问题数据」表。\n`);
    for (const n of result.notices) io.out(`提示：${n}\n`);
    if (qa) {
      io.out(
        `录音抽查：「月度汇总」的「罚款(元)」列已填入每人本月的罚款，合计 ${qa.employees.reduce((a, e) => a + e.fine, 0)} 元（严重违纪每次 ${qa.fine.each} 元，当月超过 ${qa.fine.threshold} 次的每次加罚 ${qa.fine.extra} 元；这一列是数值，修改考核记录不会改变它）。\n`,
      );
      if (values.workbook && !values.policy)
        io.out(
          '提示：月度考核工作簿不保存方案的录音抽查部分，罚款按默认规则计算；方案改过罚款规则时请加 --policy 方案文件。\n',
        );
      if (qa.rejected.length > 0)
        io.out(`注意：抽查记录有 ${qa.rejected.length} 条问题数据未计入（运行 npx kaohe qa 查看明细）。\n`);
    }
    return 0;
  },
};
