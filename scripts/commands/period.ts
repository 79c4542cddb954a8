import { checkClosedWorkbooks, closedJson } from '../closing/verify';
import * as path from 'path';
import type { CommandSpec } from '../cli/args';
import { optionalStrings, requireString } from '../cli/args';
import { InputError } from '../../core/problems';
import { computePeriod, parseQuarter, parseYear, Period, readLeave } from '../../core/periods';
import { readTable } from '../import/table';
import { loadMonths } from '../slips/inputs';
import { ensureDir, refuseOverwrite, writeFileAtomically as writeAtomic } from '../output';
import { buildPeriodWorkbook, periodJson } from '../summary/period';

export const periodCommand: CommandSpec = {
  name: 'period',
  summary: 'kaohe period — 季度/年度考核：平均分、排名档次与金额、连续季度末位和连续等级预警、敬业奖',
  usage:
    'npx kaohe period (--quarter 2026Q4 | --year 2026) --workbooks 文件... [--leave 文件] [--policy 方案] --out 目录 [--json] [--force]',
  options: {
    quarter: { type: 'string', value: 'YYYYQn', help: '季度，如 2026Q4' },
    year: { type: 'string', value: 'YYYY', help: '年度，如 2026' },
    workbooks: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '各月的月度考核工作簿（.xlsx）或 kaohe score --json 输出（.json），每个文件前写一次 --workbooks；可含上一季度的月份，用于连续季度末位检查',
    },
    leave: {
      type: 'string',
      value: '文件',
      help: '请假记录（列：工号、月份、请假天数；.csv 或 .xlsx），给出时计算敬业奖',
    },
    policy: {
      type: 'string',
      value: '方案',
      help: '考核方案（档次比例和金额取自方案；默认用工作簿中的方案或 kefu-daily）',
    },
    out: { type: 'string', value: '目录', help: '输出目录，写出 季度考核-2026Q4.xlsx 或 年度考核-2026.xlsx' },
    json: { type: 'boolean', help: '同时在标准输出打印每位员工的数据（JSON）' },
    force: { type: 'boolean', help: '覆盖已存在的文件' },
  },
  examples: [
    'npx kaohe period --quarter 2026Q4 --workbooks 月度考核-2026-10.xlsx --workbooks 月度考核-2026-11.xlsx --workbooks 月度考核-2026-12.xlsx --out 季度/',
    'npx kaohe period --year 2026 --workbooks 考核结果-2026-10.json --workbooks 考核结果-2026-11.json --leave 请假-2026.csv --out 年度/ --json > 年度-2026.json',
  ],
  async run(values, io) {
    let period: Period | null = null;
    if (values.quarter && values.year) throw new InputError('--quarter 与 --year 只能给一个。', 'BAD_ARGS');
    if (typeof values.quarter === 'string') {
      period = parseQuarter(values.quarter);
      if (!period) throw new InputError(`--quarter 应为如 2026Q4 的季度（收到「${values.quarter}」）。`, 'BAD_ARGS');
    } else if (typeof values.year === 'string') {
      period = parseYear(values.year);
      if (!period) throw new InputError(`--year 应为如 2026 的年份（收到「${values.year}」）。`, 'BAD_ARGS');
    } else
      throw new InputError(
        '请给出 --quarter（如 2026Q4）或 --year（如 2026）。运行 npx kaohe period --help 查看用法。',
        'BAD_ARGS',
      );
    const files = optionalStrings(values, 'workbooks');
    if (files.length === 0)
      throw new InputError('缺少参数 --workbooks（各月的月度考核工作簿或 score --json 输出）。', 'BAD_ARGS');
    const outDir = requireString(values, 'out', 'period');
    const closed = await checkClosedWorkbooks(files, io, { quiet: Boolean(values.json) });
    const { months, policy } = await loadMonths(files, values.policy as string | undefined);
    const leave = typeof values.leave === 'string' ? readLeave(await readTable(values.leave)) : undefined;
    const result = computePeriod({ policy, period, months: months.map((m) => m.scores), leave });
    if (result.rows.length === 0) {
      throw new InputError(
        `给出的文件中没有 ${result.title} 的任何月份（${result.months.join('、')}）。`,
        'PERIOD_EMPTY',
      );
    }
    const file = path.join(outDir, `${period.kind === 'quarter' ? '季度考核' : '年度考核'}-${result.period}.xlsx`);
    await ensureDir(outDir);
    await refuseOverwrite(file, values.force === true);
    await writeAtomic(file, await buildPeriodWorkbook(result, policy.name));
    if (values.json) {
      const doc = periodJson(result);
      io.out(
        JSON.stringify(
          closed.states.length
            ? { ...doc, closed: closed.states.map((s) => ({ file: path.basename(s.file), ...closedJson(s.state) })) }
            : doc,
          null,
          2,
        ) + '\n',
      );
      io.err(`${result.title}：${result.rows.length} 人；已写出 ${file}\n`);
    } else {
      io.out(`${result.title}：${result.rows.length} 人；已写出 ${file}\n`);
      for (const n of result.notices) io.out(`提示：${n}\n`);
      if (result.leaveProblems.length)
        io.out(`请假数据有 ${result.leaveProblems.length} 行无法读取，未计入（见工作簿「请假数据问题」）。\n`);
    }
    return closed.changed ? 1 : 0;
  },
};
