import type { CommandSpec } from '../cli/args';
import { INPUT_FILE_OPTIONS, POLICY_OPTION, readMonthArgs } from '../cli/options';
import { optionalStrings, requireMonth } from '../cli/args';
import { renderTable } from '../cli/text-table';
import { scoreInputs, scoreJson } from '../month-inputs';
import type { MonthResult } from '../../core/scoring/monthly';
import { checkClosedWorkbooks, closedJson } from '../closing/verify';

export function describeResult(result: MonthResult): string {
  const rows = result.employees
    .slice()
    .sort((a, b) => a.rank - b.rank)
    .map((e) => [
      e.id,
      e.name,
      e.team,
      String(e.bonus),
      String(e.deduction),
      String(e.escalation),
      String(e.adjustment),
      String(e.score),
      e.grade,
      String(e.tenureMonth),
      String(e.payFloat),
      String(e.rank),
      e.warnings.join('；'),
    ]);
  let text = `${result.month} 月度考核（${result.policy.name}）\n\n`;
  text += renderTable(
    [
      '工号',
      '姓名',
      '组别',
      '加分',
      '扣分',
      '追加扣分',
      '额外奖惩',
      '总分',
      '等级',
      '入职月数',
      '绩效浮动(元)',
      '名次',
      '预警',
    ],
    rows,
    new Set([3, 4, 5, 6, 7, 9, 10, 11]),
  );
  const c = result.counts;
  text += `\n考核记录：读取 ${c.entries} 行，计入 ${c.accepted} 行，作废 ${c.voided} 行，退回 ${c.rejected} 行。\n`;
  if (result.rejected.length > 0) {
    text += `\n问题数据（${result.rejected.length} 条，未计入，请改正后重新运行）：\n`;
    text += renderTable(
      ['文件', '行', '列', '代码', '说明'],
      result.rejected.map((p) => [p.file, String(p.row), p.column, p.code, p.message]),
    );
  }
  if (result.notices.length > 0) text += `\n提示：\n${result.notices.map((n) => `  - ${n}`).join('\n')}\n`;
  return text;
}

export const scoreCommand: CommandSpec = {
  name: 'score',
  summary: 'kaohe score — 计算某月每位员工的总分、等级、绩效浮动、名次和预警',
  usage:
    'npx kaohe score (--roster 文件 --entries 文件 [--adjustments 文件] | --workbook 文件) [--previous 文件] --month YYYY-MM [--policy 方案] [--json] [--strict]',
  options: {
    ...INPUT_FILE_OPTIONS,
    previous: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '上月 kaohe score --json 的输出（可多次给出，用于连续多月的预警）',
    },
    workbook: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '从月度考核工作簿读取（代替 --roster/--entries/--adjustments；方案取自其考核项目表，给了 --policy 时按 --policy 重算）；按组别拆分的各组工作簿一起给出（每个文件前写一次）时按全公司计算名次和预警',
    },
    month: { type: 'string', value: 'YYYY-MM', help: '考核月份，如 2026-10' },
    policy: POLICY_OPTION,
    json: { type: 'boolean', help: '只在标准输出打印一个 JSON 文档' },
    strict: { type: 'boolean', help: '有任何退回的数据时以退出码 1 结束' },
  },
  examples: [
    'npx kaohe score --roster 员工名单.csv --entries 考核记录-2026-11.csv --adjustments 额外奖惩-2026-11.csv --month 2026-11',
    'npx kaohe score --roster roster.xlsx --entries entries.xlsx --month 2026-11 --previous 2026-10.json --json > 2026-11.json',
  ],
  async run(values, io) {
    const month = requireMonth(values, 'score');
    const result = scoreInputs(await readMonthArgs(values, 'score', month));
    // A closed (定稿) workbook is checked against its fingerprint; changes after closing are named.
    const closed = await checkClosedWorkbooks(optionalStrings(values, 'workbook'), io, {
      quiet: Boolean(values.json),
    });
    const state = closed.states[0]?.state;
    if (values.json)
      io.out(
        JSON.stringify(state ? { ...scoreJson(result), closed: closedJson(state) } : scoreJson(result), null, 2) + '\n',
      );
    else io.out(describeResult(result));
    return (values.strict && result.rejected.length > 0) || closed.changed ? 1 : 0;
  },
};
