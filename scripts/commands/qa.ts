import * as path from 'path';
import type { CommandSpec } from '../cli/args';
import { requireMonth, requireString } from '../cli/args';
import { INPUT_FILE_OPTIONS, POLICY_OPTION } from '../cli/options';
import { renderTable } from '../cli/text-table';
import { readEntryRecords, readRosterTable } from '../../core/input/records';
import { AppraisalProposal, proposeEntries } from '../../core/qa/entries';
import { QaResult, assertCheckableMonth, checkMonth, qaJson, readCheckRecords } from '../../core/qa/checks';
import type { Policy } from '../../core/policy/types';
import { SHEET } from '../../core/workbook/sheets';
import { readTable } from '../import/table';
import { resolvePolicy } from '../policy';
import { ensureDir, refuseOverwrite, writeFileAtomically } from '../output';
import { buildQaWorkbook, qaFileName } from '../qa/workbook';

export const CHECKS_OPTION = {
  type: 'string' as const,
  value: '文件',
  help: '录音抽查记录（.csv 或 .xlsx；列：日期、检查人、检查人岗位、工号、工单号或录音编号、结果、问题类型、说明）',
};

/**
 * Reads 抽查记录 and the roster and checks the month (core's checkMonth does every rule); with the
 * month's 考核记录 (optional), the problems of types the policy maps to a 考核项目 are proposed as
 * entries unless already recorded (core's proposeEntries).
 */
export async function readQaMonth(
  files: { checks: string; roster: string; entries?: string },
  policy: Policy,
  month: string,
): Promise<{ result: QaResult; proposal: AppraisalProposal }> {
  const roster = readRosterTable(await readTable(files.roster, SHEET.roster));
  const records = readCheckRecords(await readTable(files.checks, '抽查记录'));
  assertCheckableMonth(roster, records, month, path.basename(files.roster));
  const result = checkMonth({ policy, month, roster, records });
  const existing = files.entries ? readEntryRecords(await readTable(files.entries, SHEET.entries)) : [];
  return { result, proposal: proposeEntries(result, policy, roster, existing) };
}

/** The JSON of the proposed 考核记录 rows. */
export function proposalJson(p: AppraisalProposal) {
  return {
    entries: p.entries.map((e) => ({
      date: e.date,
      id: e.id,
      code: e.code,
      note: e.note,
      recorder: e.recorder,
      file: e.check.file,
      row: e.check.row,
    })),
    alreadyRecorded: p.alreadyRecorded.map((c) => ({
      date: c.date,
      id: c.id,
      type: c.canonicalType,
      file: c.file,
      row: c.row,
    })),
  };
}

export function describeQa(r: QaResult): string {
  const f = r.fine;
  let text = `${r.month} 录音抽查（${r.policy.name}；严重违纪每次 ${f.each} 元，当月超过 ${f.threshold} 次的每次加罚 ${f.extra} 元）\n\n`;
  const shown = r.employees.filter((e) => e.problems > 0 || e.highlights > 0);
  if (shown.length > 0) {
    text += renderTable(
      ['工号', '姓名', '组别', '问题', '亮点', '严重违纪', '罚款(元)'],
      shown.map((e) => [
        e.id,
        e.name,
        e.team,
        String(e.problems),
        String(e.highlights),
        String(e.serious),
        String(e.fine),
      ]),
      new Set([3, 4, 5, 6]),
    );
  } else text += '本月没有抽查出问题或亮点。\n';
  const others = r.employees.length - shown.length;
  if (others > 0 && shown.length > 0) text += `（其余 ${others} 人本月没有抽查出问题或亮点）\n`;
  text += `罚款合计 ${r.employees.reduce((a, e) => a + e.fine, 0)} 元。\n`;
  const c = r.coverage;
  text += `\n抽查覆盖：缺少领班抽查 ${c.missingDays.length} 天${c.missingDays.length ? `：${c.missingDays.join('、')}` : ''}\n`;
  text += `          缺少部长抽查 ${c.missingWeeks.length} 周${c.missingWeeks.length ? `：${c.missingWeeks.join('、')}` : ''}\n`;
  const n = r.counts;
  text += `\n抽查记录：读取 ${n.read} 行，计入 ${n.counted} 行（问题 ${n.problems}、亮点 ${n.highlights}、无问题 ${n.clean}），退回 ${n.rejected} 行。\n`;
  if (r.rejected.length > 0) {
    text += `\n问题数据（${r.rejected.length} 条，未计入，请改正后重新运行）：\n`;
    text += renderTable(
      ['文件', '行', '列', '代码', '说明'],
      r.rejected.map((p) => [p.file, String(p.row), p.column, p.code, p.message]),
    );
  }
  if (r.notices.length > 0) text += `\n提示：\n${r.notices.map((x) => `  - ${x}`).join('\n')}\n`;
  return text;
}

export const qaCommand: CommandSpec = {
  name: 'qa',
  summary: 'kaohe qa — 录音抽查：每人的问题、亮点、严重违纪罚款，以及领班每日、部长每周的抽查覆盖',
  usage:
    'npx kaohe qa --checks 文件 --roster 文件 --month YYYY-MM [--policy 方案] [--json] [--out 目录] [--force] [--strict]',
  options: {
    checks: CHECKS_OPTION,
    roster: INPUT_FILE_OPTIONS.roster,
    entries: {
      type: 'string',
      value: '文件',
      help: '本月考核记录（可选）：方案把问题类型对应到考核项目时，已录入考核记录的问题不再列入「转考核记录」',
    },
    month: { type: 'string', value: 'YYYY-MM', help: '月份，如 2026-10' },
    policy: POLICY_OPTION,
    json: { type: 'boolean', help: '在标准输出打印一个 JSON 文档（month、employees、coverage、rejected、counts）' },
    out: {
      type: 'string',
      value: '目录',
      help: '输出目录，写出 录音抽查-YYYY-MM.xlsx（罚款汇总、抽查明细、抽查覆盖、问题数据）',
    },
    force: { type: 'boolean', help: '覆盖已存在的输出文件' },
    strict: { type: 'boolean', help: '有任何退回的数据时以退出码 1 结束' },
  },
  examples: [
    'npx kaohe qa --checks 抽查记录-2026-10.csv --roster 员工名单.csv --month 2026-10',
    'npx kaohe qa --checks 抽查记录-2026-10.xlsx --roster 员工名单.csv --month 2026-10 --out 录音抽查 --json > 录音抽查-2026-10.json',
  ],
  async run(values, io) {
    const month = requireMonth(values, 'qa');
    const checks = requireString(values, 'checks', 'qa');
    const roster = requireString(values, 'roster', 'qa');
    const out = typeof values.out === 'string' ? values.out : undefined;
    const file = out ? path.join(out, qaFileName(month)) : undefined;
    if (file) await refuseOverwrite(file, values.force === true);
    const policy = await resolvePolicy(values.policy as string | undefined);
    const { result, proposal } = await readQaMonth(
      { checks, roster, entries: typeof values.entries === 'string' ? values.entries : undefined },
      policy,
      month,
    );
    const mapping = (policy.qa?.problemTypes ?? []).some((t) => t.item);
    if (values.json) io.out(JSON.stringify({ ...qaJson(result), appraisal: proposalJson(proposal) }, null, 2) + '\n');
    else {
      io.out(describeQa(result));
      if (mapping) {
        io.out(
          `\n转考核记录：${proposal.entries.length} 条问题按方案对应到考核项目${out ? '（见工作簿「转考核记录」表，复制到本月考核记录后才计分）' : '（加 --out 写出，复制到本月考核记录后才计分）'}`,
        );
        io.out(
          proposal.alreadyRecorded.length
            ? `；${proposal.alreadyRecorded.length} 条已在考核记录中，不再列出。\n`
            : '。\n',
        );
      }
    }
    if (out && file) {
      await ensureDir(out);
      await writeFileAtomically(file, await buildQaWorkbook(result, mapping ? proposal : undefined));
      (values.json ? io.err : io.out)(`已写入 ${file}\n`);
    }
    return values.strict && result.rejected.length > 0 ? 1 : 0;
  },
};
