import type { CommandSpec } from '../cli/args';
import { INPUT_FILE_OPTIONS, POLICY_OPTION, monthInputArgs } from '../cli/options';
import { optionalStrings, requireMonth, requireString } from '../cli/args';
import { loadScoredMonth } from '../slips/inputs';
import { SlipEncryption, writeSlips } from '../slips/write';
import { slipEncryption } from '../slips/encryption-args';
import { checkClosedWorkbooks } from '../closing/verify';
import { changedSince } from '../closing/reissue';
import { InputError } from '../../core/problems';
import { assertCheckableMonth, checkMonth, readCheckRecords } from '../../core/qa/checks';
import { readTable } from '../import/table';
import { CHECKS_OPTION } from './qa';
import * as path from 'path';

export const slipsCommand: CommandSpec = {
  name: 'slips',
  summary: 'kaohe slips — 为每位员工生成个人考核单（每人一个工作簿，仅含本人信息）',
  usage:
    'npx kaohe slips (--workbook 文件 | --roster 文件 --entries 文件 [--adjustments 文件]) --month YYYY-MM [--previous 文件...] [--checks 文件] [--template 文件] --out 目录 [--force] [--password-column 密码 | --generate-passwords]',
  options: {
    workbook: { type: 'string', value: '文件', help: '月度考核工作簿（代替 --roster/--entries/--adjustments）' },
    ...INPUT_FILE_OPTIONS,
    month: { type: 'string', value: 'YYYY-MM', help: '考核月份，如 2026-10（用工作簿时可省略）' },
    previous: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '之前月份的 kaohe score --json 输出或月度考核工作簿（用于连续多月的预警）',
    },
    policy: POLICY_OPTION,
    checks: {
      ...CHECKS_OPTION,
      help: `${CHECKS_OPTION.help}：每人的考核单列出本月每条抽查问题和亮点（日期、罚款）及罚款合计`,
    },
    template: { type: 'string', value: '文件', help: '个人考核单模板（默认 templates/个人考核单模板.xlsx）' },
    out: { type: 'string', value: '目录', help: '输出目录' },
    force: { type: 'boolean', help: '覆盖已存在的考核单（默认跳过）' },
    'password-column': {
      type: 'string',
      value: '列名',
      help: '用员工名单中这一列（如 密码）的密码给每份考核单加打开密码；密码为空的人不写出',
    },
    'password-file': {
      type: 'string',
      value: '文件',
      help: '密码所在的表（含 工号 和密码列；默认是 --roster 的员工名单或工作簿的「员工名单」表）',
    },
    'generate-passwords': {
      type: 'boolean',
      help: '为每人生成随机打开密码，并写出 密码表-YYYY-MM.xlsx（仅供人力资源部）',
    },
    'changed-since': {
      type: 'string',
      value: '旧版.xlsx',
      help: '只写出与这一版相比结果有变化的人的考核单，标明第几版、替换哪一版',
    },
    'password-table': {
      type: 'string',
      value: '文件',
      help: '密码表写到哪里（默认：输出目录的上一级目录中的 密码表-YYYY-MM.xlsx）',
    },
  },
  examples: [
    'npx kaohe slips --workbook 月度考核-2026-10.xlsx --out 个人考核单/',
    'npx kaohe slips --workbook 月度考核-2026-10.xlsx --out 个人考核单/ --generate-passwords',
    'npx kaohe slips --roster 员工名单.csv --entries 考核记录-2026-10.csv --month 2026-10 --out 个人考核单/ --password-column 密码',
    'npx kaohe slips --roster 员工名单.csv --entries 考核记录-2026-10.csv --adjustments 额外奖惩-2026-10.csv --month 2026-10 --out 个人考核单/ --force',
  ],
  async run(values, io) {
    const month = values.month !== undefined || !values.workbook ? requireMonth(values, 'slips') : undefined;
    const outDir = requireString(values, 'out', 'slips');
    await checkClosedWorkbooks([values.workbook as string | undefined], io, { refuse: true });
    const scored = await loadScoredMonth(
      { ...monthInputArgs(values), month, previous: optionalStrings(values, 'previous') },
      'slips',
    );
    // one team's workbook of a month split by 组别: the slips' 名次 is within that team
    for (const n of scored.splitNotices ?? [])
      io.out(`注意：${n}考核单上的名次是本组内的名次（第几名/共本组几人）。\n`);
    let qa;
    if (typeof values.checks === 'string') {
      if (!scored.roster)
        throw new InputError('--checks 需要员工名单：请同时给出 --workbook 或 --roster。', 'BAD_ARGS');
      const records = readCheckRecords(await readTable(values.checks, '抽查记录'));
      assertCheckableMonth(scored.roster, records, scored.result.month, path.basename(values.checks));
      qa = checkMonth({ policy: scored.policy, month: scored.result.month, roster: scored.roster, records });
    }
    const reissue =
      typeof values['changed-since'] === 'string'
        ? await changedSince(
            values['changed-since'],
            values.workbook as string | undefined,
            scored,
            io,
            optionalStrings(values, 'previous'),
          )
        : undefined;
    const encryption: SlipEncryption | undefined = await slipEncryption(
      values,
      scored.result.month,
      outDir,
      io,
      reissue?.edition.tag,
    );
    const run = await writeSlips(scored, {
      qa,
      encryption,
      only: reissue?.only,
      edition: reissue?.edition,
      outDir,
      template: values.template as string | undefined,
      force: Boolean(values.force),
      isTTY: io.isTTY,
      err: io.err,
    });
    const skipped = run.skipped.length ? `，跳过 ${run.skipped.length} 份（文件已存在，加 --force 覆盖）` : '';
    const locked = encryption ? '（已加打开密码）' : '';
    io.out(`${scored.result.month} 个人考核单：已写出 ${run.written.length} 份${locked}${skipped}，位置：${outDir}\n`);
    if (scored.cut.length > 0) {
      const where = scored.cut.map((p) => `${p.file} 第${p.row}行「${p.column}」`).join('、');
      io.out(
        `注意：${where} 超过 Excel 单元格上限（32767 字），考核单中只保留了前面部分并注明已截断（这些行照常计入）。\n`,
      );
    }
    if (run.refused.length > 0) {
      io.err(`有 ${run.refused.length} 名员工没有可用的密码，未写出其考核单（不会写出不加密的考核单）：\n`);
      for (const r of run.refused) {
        const where =
          r.problem.row > 0 ? `${r.problem.file} 第${r.problem.row}行「${r.problem.column}」列` : r.problem.file;
        io.err(`  ${r.id} ${r.name}：${where}：[${r.problem.code}] ${r.problem.message}\n`);
      }
    }
    if (scored.result.rejected.length > 0) {
      io.out(
        `注意：有 ${scored.result.rejected.length} 条问题数据未计入（${values.workbook ? '见月度考核工作簿的「问题数据」表' : '运行 npx kaohe score 查看明细'}）。\n`,
      );
    }
    if (qa) {
      io.out(
        `录音抽查：问题 ${qa.counts.problems} 条、亮点 ${qa.counts.highlights} 条已列入个人考核单，罚款合计 ${qa.employees.reduce((a, e) => a + e.fine, 0)} 元（严重违纪每次 ${qa.fine.each} 元，当月超过 ${qa.fine.threshold} 次的每次加罚 ${qa.fine.extra} 元）。\n`,
      );
      if (values.workbook && !values.policy)
        io.out(
          '提示：月度考核工作簿不保存方案的录音抽查部分，罚款按默认规则计算；方案改过罚款规则时请加 --policy 方案文件。\n',
        );
      if (qa.rejected.length > 0)
        io.out(`注意：抽查记录有 ${qa.rejected.length} 条问题数据未计入（运行 npx kaohe qa 查看明细）。\n`);
    }
    return run.refused.length > 0 ? 1 : 0;
  },
};
