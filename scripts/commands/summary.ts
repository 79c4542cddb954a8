import { checkClosedWorkbooks, closedJson } from '../closing/verify';
import { summaryJson } from '../summary/json';
import * as path from 'path';
import type { CommandSpec } from '../cli/args';
import { INPUT_FILE_OPTIONS, monthInputArgs } from '../cli/options';
import { optionalStrings, requireMonth, requireString } from '../cli/args';
import { InputError } from '../../core/problems';
import { summarizeMonth } from '../../core/periods/summary';
import type { MonthScores } from '../../core/periods';
import { loadMonths, loadScoredMonth, noteKey, scoredMonthFromScoreJson } from '../slips/inputs';
import { ensureDir, refuseOverwrite, writeFileAtomically as writeAtomic } from '../output';
import { buildSummaryWorkbook } from '../summary/build';
import { addAppealsSheet, describeAppeals, readAppealsReport } from '../closing/appeals-sheet';
import { parseDate } from '../../core/values';

/** --today as an ISO date; default today in China time. */
function todayArg(v: unknown): string {
  if (typeof v === 'string') {
    const d = parseDate(v);
    if (!d) throw new InputError(`--today 应为如 2026-11-20 的日期（收到「${v}」）。`, 'BAD_ARGS');
    return d;
  }
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export const summaryCommand: CommandSpec = {
  name: 'summary',
  summary: 'kaohe summary — 生成给管理层的月度管理汇总（等级分布、各组平均分、预警名单、前后5名、环比，含图表）',
  usage:
    'npx kaohe summary (--workbook 文件... | --scores 文件 | --roster 文件 --entries 文件 [--adjustments 文件] --month YYYY-MM) [--previous-workbooks 文件...] [--appeals 申诉登记.csv [--holidays 节假日.csv] [--today YYYY-MM-DD]] (--out 目录 [--force] | --json [--out 目录])',
  options: {
    workbook: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '本月的月度考核工作簿；按组别拆分的各组工作簿一起给出（每个文件前写一次），汇总全公司',
    },
    scores: {
      type: 'string',
      value: '文件',
      help: '本月 kaohe score --json 的输出（代替工作簿；预警原因只能写出规则）',
    },
    ...INPUT_FILE_OPTIONS,
    month: { type: 'string', value: 'YYYY-MM', help: '考核月份（用工作簿时可省略）' },
    'previous-workbooks': {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '之前月份的月度考核工作簿或 kaohe score --json 输出（每个文件前写一次该选项；用于环比、趋势和连续多月预警）',
    },
    policy: { type: 'string', value: '方案', help: '考核方案（默认用工作簿中的方案或 kefu-daily）' },
    out: { type: 'string', value: '目录', help: '输出目录，写出 管理汇总-YYYY-MM.xlsx（用 --json 时可省略）' },
    json: {
      type: 'boolean',
      help: '在标准输出打印汇总的各项数字（一个 JSON 文档；其余提示写到标准错误）；不给 --out 时不写文件',
    },
    force: { type: 'boolean', help: '覆盖已存在的文件' },
    appeals: {
      type: 'string',
      value: '文件',
      help: '申诉登记（CSV 或 xlsx 的「申诉登记」表：编号、工号、提出日期、针对的记录、理由、处理结果、处理人、处理日期）；列出逾期（超过7个工作日）的申诉',
    },
    holidays: {
      type: 'string',
      value: '文件',
      help: '节假日表（日期，类型 放假/上班）：计算工作日时跳过放假日、计入调休上班日',
    },
    today: { type: 'string', value: 'YYYY-MM-DD', help: '按哪一天判断申诉是否逾期（默认今天）' },
  },
  examples: [
    'npx kaohe summary --workbook 月度考核-2026-10.xlsx --previous-workbooks 月度考核-2026-09.xlsx --out 汇总/',
    'npx kaohe summary --workbook 各组/月度考核-2026-10-一组.xlsx --workbook 各组/月度考核-2026-10-二组.xlsx --out 汇总/',
    'npx kaohe summary --roster 员工名单.csv --entries 考核记录-2026-10.csv --month 2026-10 --previous-workbooks 考核结果-2026-09.json --out 汇总/',
  ],
  async run(values, io) {
    const json = values.json === true;
    const outDir = json && values.out === undefined ? null : requireString(values, 'out', 'summary');
    // With --json, stdout carries the JSON document only; every line for people goes to stderr.
    const say = json ? io.err : io.out;
    const month =
      values.month !== undefined || (!values.workbook && !values.scores) ? requireMonth(values, 'summary') : undefined;
    const previousFiles = optionalStrings(values, 'previous-workbooks');
    const workbooks = optionalStrings(values, 'workbook');
    const closed = await checkClosedWorkbooks([...workbooks, ...previousFiles], io, {
      quiet: json,
    });
    const { months: earlier } = await loadMonths(previousFiles, values.policy as string | undefined);
    const history = earlier.map((m) => ({
      month: m.scores.month,
      employees: m.scores.employees.map((e) => ({ id: e.id, score: e.score, grade: e.grade })),
    }));
    const scored =
      typeof values.scores === 'string'
        ? await scoredMonthFromScoreJson(values.scores, values.policy as string | undefined)
        : await loadScoredMonth({ ...monthInputArgs(values), workbooks, month, history }, 'summary');
    const result = scored.result;
    const file = outDir === null ? null : path.join(outDir, `管理汇总-${result.month}.xlsx`);
    if (outDir !== null && file !== null) {
      await ensureDir(outDir);
      await refuseOverwrite(file, values.force === true);
    }
    const prior: MonthScores[] = earlier.map((m) => m.scores);
    const summary = summarizeMonth(result, scored.policy, prior, (f, r) => scored.notes.get(noteKey(f, r)) ?? '');
    // only some teams of a split month: said in the summary itself, not only on the console
    summary.notices.unshift(...(scored.splitNotices ?? []));
    const appeals =
      typeof values.appeals === 'string'
        ? await readAppealsReport(values.appeals, values.holidays as string | undefined, todayArg(values.today))
        : undefined;
    const names = new Map(result.employees.map((e) => [e.id, e.name]));
    if (file !== null)
      await writeAtomic(
        file,
        await buildSummaryWorkbook(summary, appeals ? (wb) => addAppealsSheet(wb, appeals, names) : undefined),
      );
    say(
      `${result.month} 管理汇总：${summary.headcount} 人，平均分 ${summary.mean}，预警 ${summary.warnings.length} 条${file !== null ? `；已写出 ${file}` : ''}\n`,
    );
    for (const n of summary.notices) say(`提示：${n}\n`);
    if (appeals) say(describeAppeals(appeals, names));
    if (json) {
      const state = workbooks.length === 1 ? closed.states.find((x) => x.file === workbooks[0])?.state : undefined;
      const doc = summaryJson(summary, appeals, names);
      io.out(JSON.stringify(state ? { ...doc, closed: closedJson(state) } : doc, null, 2) + '\n');
    }
    return closed.changed ? 1 : 0;
  },
};
