import * as path from 'path';
import type { CommandSpec } from '../cli/args';
import { requireMonth, requireString } from '../cli/args';
import { InputError } from '../../core/problems';
import { parseDayArg } from '../../core/daily/datetime';
import { dailyJson } from '../../core/daily/aggregate';
import { DEFAULT_DAILY_SETTINGS, DailySettings, EXCEPTION_KEYS } from '../../core/daily/schema';
import { runDaily } from '../daily/run';
import { monthPeriod, periodJson, weekPeriod } from '../../core/daily/period';
import { runPeriod } from '../daily/period-run';

function minutesOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const text = String(v).trim().normalize('NFKC');
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN; // not '1e3', '0x1E', '30.0', 'Infinity'
  if (!Number.isFinite(n) || n <= 0 || !Number.isInteger(n)) {
    throw new InputError(`--${name} 应为正整数分钟数（收到「${v}」）。`, 'BAD_ARGS');
  }
  return n;
}

/** A progress bar on stderr (only when it is a terminal). */
function progressBar(err: (t: string) => void) {
  let lastWidth = 0;
  return (done: number, total: number, label: string) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    err(line.padEnd(lastWidth));
    lastWidth = line.length;
    if (done === total) err('\n');
  };
}

export const dailyCommand: CommandSpec = {
  name: 'daily',
  summary: 'kaohe daily — 由呼叫系统导出生成供暖报修呼叫中心日报（报修、完成、回访、异常事件）',
  usage:
    'npx kaohe daily --calls 文件 (--date YYYY-MM-DD | --month YYYY-MM [--report] | --week YYYY-Www) [--template 文件] [--out 目录] [--accept-minutes 30] [--contact-minutes 60] [--json] [--force]',
  options: {
    calls: { type: 'string', value: '文件', help: '呼叫系统导出（.csv，GB18030 或 UTF-8；或 .xlsx）' },
    date: { type: 'string', value: 'YYYY-MM-DD', help: '生成这一天的日报（按受理时间计日，回访按回访时间计日）' },
    month: {
      type: 'string',
      value: 'YYYY-MM',
      help: '生成该月每一天的日报和日报汇总（含趋势图）；加 --report 则生成月报',
    },
    week: {
      type: 'string',
      value: 'YYYY-Www',
      help: '生成这一周（ISO 周，周一至周日，如 2026-W41）的周报 周报-2026-W41.xlsx',
    },
    report: { type: 'boolean', help: '（与 --month 一起）生成月报 月报-YYYY-MM.xlsx：全月合计和每天一列，含趋势图' },
    template: { type: 'string', value: '文件', help: '日报模板（默认 templates/日报模板.xlsx）' },
    out: { type: 'string', value: '目录', help: '输出目录（不用 --json 时必需）' },
    'accept-minutes': { type: 'string', value: '分钟', help: '接单时限，默认 30（恰好 30 分钟不算超时）' },
    'contact-minutes': { type: 'string', value: '分钟', help: '联系住户时限，默认 60' },
    json: { type: 'boolean', help: '（与 --date、--week 或 --month --report 一起）在标准输出打印一个 JSON 文档' },
    force: { type: 'boolean', help: '覆盖已存在的输出文件' },
  },
  examples: [
    'npx kaohe daily --calls 呼叫系统导出-2026-10.csv --date 2026-10-05 --out 日报',
    'npx kaohe daily --calls 呼叫系统导出-2026-10.csv --month 2026-10 --out 日报',
    'npx kaohe daily --calls 呼叫系统导出-2026-10.xlsx --date 2026-10-05 --json',
    'npx kaohe daily --calls 呼叫系统导出-2026-10.csv --week 2026-W41 --out 周报',
    'npx kaohe daily --calls 呼叫系统导出-2026-10.csv --month 2026-10 --report --out 月报',
  ],
  async run(values, io) {
    const calls = requireString(values, 'calls', 'daily');
    if ([values.date, values.month, values.week].filter((v) => v !== undefined).length > 1)
      throw new InputError('--date、--month 和 --week 只能给一个。', 'BAD_ARGS');
    if (values.report && values.month === undefined)
      throw new InputError('--report 只能与 --month 一起使用（生成月报）；周报用 --week。', 'BAD_ARGS');
    if (values.week !== undefined || values.report) {
      let period;
      if (values.week !== undefined) {
        period = weekPeriod(String(values.week));
        if (!period)
          throw new InputError(`--week 应为 ISO 周，如 2026-W41（周一至周日；收到「${values.week}」）。`, 'BAD_ARGS');
      } else period = monthPeriod(requireMonth(values, 'daily'));
      const out = values.out as string | undefined;
      if (!out && !values.json)
        throw new InputError('缺少参数 --out（输出目录）。只要 JSON 时请加 --json。', 'BAD_ARGS');
      const settings: DailySettings = {
        ...DEFAULT_DAILY_SETTINGS,
        acceptMinutes: minutesOption(values, 'accept-minutes', DEFAULT_DAILY_SETTINGS.acceptMinutes),
        contactMinutes: minutesOption(values, 'contact-minutes', DEFAULT_DAILY_SETTINGS.contactMinutes),
      };
      const { report, written } = await runPeriod({ calls, period, out, settings, force: Boolean(values.force) });
      const say = values.json ? io.err : io.out;
      if (values.json) io.out(JSON.stringify(periodJson(report), null, 2) + '\n');
      else {
        const ev = EXCEPTION_KEYS.reduce((a, k) => a + report.exceptions[k].count, 0);
        const c = report.reconciliation;
        io.out(
          `${period.id}（${period.days[0]} 至 ${period.days[period.days.length - 1]}）：来电 ${report.total}，报修 ${report.repairs}，完成 ${report.completed}（${(report.completionRate * 100).toFixed(1)}%），回访 ${report.visits}，异常事件 ${ev}，问题数据 ${c.problem} 行\n`,
        );
        io.out(
          `核对：文件「${c.file}」共 ${c.fileRows} 行数据 = 本期 ${c.periodRows} + 其他日期 ${c.otherDays} + 受理时间无法读取 ${c.unreadable}，${c.balanced ? '相符' : '不符'}。\n`,
        );
      }
      for (const f of written) say(`已写入 ${f}\n`);
      return 0;
    }
    let date: string | undefined;
    let month: string | undefined;
    if (values.date !== undefined) {
      const text = String(values.date);
      const d = parseDayArg(text);
      if (!d) throw new InputError(`--date 应为 YYYY-MM-DD 格式的日期，如 2026-10-05（收到「${text}」）。`, 'BAD_ARGS');
      date = d;
    } else if (values.month !== undefined) {
      month = requireMonth(values, 'daily');
    } else {
      throw new InputError('缺少参数 --date、--week 或 --month。运行 npx kaohe daily --help 查看用法。', 'BAD_ARGS');
    }
    const json = Boolean(values.json);
    if (json && !date)
      throw new InputError('--json 只能与 --date、--week 或 --month --report 一起使用（一个 JSON 文档）。', 'BAD_ARGS');
    const out = values.out as string | undefined;
    if (!out && !json) throw new InputError('缺少参数 --out（输出目录）。只要 JSON 时请加 --json。', 'BAD_ARGS');
    const settings: DailySettings = {
      ...DEFAULT_DAILY_SETTINGS,
      acceptMinutes: minutesOption(values, 'accept-minutes', DEFAULT_DAILY_SETTINGS.acceptMinutes),
      contactMinutes: minutesOption(values, 'contact-minutes', DEFAULT_DAILY_SETTINGS.contactMinutes),
    };
    const result = await runDaily({
      calls,
      date,
      month,
      out,
      settings,
      force: Boolean(values.force),
      template: values.template as string | undefined,
      progress: month && io.isTTY ? progressBar(io.err) : undefined,
    });
    if (json) {
      io.out(JSON.stringify(dailyJson(result.reports[0]), null, 2) + '\n');
      return 0;
    }
    for (const r of result.reports) {
      if (!date && r.total === 0 && r.visits === 0) continue;
      const ev = EXCEPTION_KEYS.reduce((a, k) => a + r.exceptions[k].count, 0);
      io.out(
        `${r.date}：来电 ${r.total}，报修 ${r.repairs}，完成 ${r.completed}（${(r.completionRate * 100).toFixed(1)}%），回访 ${r.visits}，异常事件 ${ev}，问题数据 ${r.reconciliation.problem} 行${r.reconciliation.partial ? `，部分未计入或已截断 ${r.reconciliation.partial} 处` : ''}\n`,
      );
    }
    const first = result.reports[0];
    if (first) {
      const c = first.reconciliation;
      io.out(
        `文件「${c.file}」共 ${c.fileRows} 行数据；受理时间无法读取 ${c.unreadable} 行（已列在每份日报的问题数据中）。\n`,
      );
    }
    if (result.written.length <= 3) for (const f of result.written) io.out(`已写入 ${f}\n`);
    else
      io.out(
        `已写入 ${result.written.length} 个文件到 ${out}：${path.basename(result.written[0])} … ${path.basename(result.written[result.written.length - 1])}\n`,
      );
    return 0;
  },
};
