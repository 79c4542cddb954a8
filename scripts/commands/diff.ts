import * as path from 'path';
import type { CommandSpec } from '../cli/args';
import { InputError } from '../../core/problems';
import { diffResults } from '../../core/closing/result-diff';
import { loadScoredMonth } from '../slips/inputs';
import { checkClosedWorkbooks, closedJson } from '../closing/verify';
import { renderTable } from '../cli/text-table';

export const diffCommand: CommandSpec = {
  name: 'diff',
  summary:
    'kaohe diff — 比较同一个月的两个版本（如定稿与更正后的版本）：逐人列出总分、等级、浮动、名次、预警和记录的变化',
  usage: 'npx kaohe diff 旧版.xlsx 新版.xlsx [--previous 文件…] [--json]',
  positionals: true,
  options: {
    previous: {
      type: 'string',
      multiple: true,
      value: '文件',
      help: '上月结果（两个版本生成时用过时给出，用于连续两月末位的检查）',
    },
    json: { type: 'boolean', help: '只在标准输出打印一个 JSON 文档' },
  },
  examples: ['npx kaohe diff 定稿/月度考核-2026-10-定稿.xlsx 定稿/月度考核-2026-10-定稿-v2.xlsx'],
  async run(values, io) {
    const files = (values._ as string[] | undefined) ?? [];
    if (files.length !== 2)
      throw new InputError(
        `请给出两个月度考核工作簿：旧版和新版（收到 ${files.length} 个）。运行 npx kaohe diff --help 查看用法。`,
        'BAD_ARGS',
      );
    const previous = (values.previous as string[] | undefined) ?? [];
    const [a, b] = await Promise.all(files.map((f) => loadScoredMonth({ workbook: f, previous }, 'diff')));
    if (a.result.month !== b.result.month) {
      throw new InputError(
        `${path.basename(files[0])}（${a.result.month}）与 ${path.basename(files[1])}（${b.result.month}）不是同一个月。`,
        'MONTH_MISMATCH',
      );
    }
    const closed = await checkClosedWorkbooks(files, io, { quiet: true });
    const diffs = diffResults(a.result, b.result);
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            month: a.result.month,
            from: path.basename(files[0]),
            to: path.basename(files[1]),
            closed: closed.states.map((s) => ({ file: path.basename(s.file), ...closedJson(s.state) })),
            employees: diffs,
          },
          null,
          2,
        ) + '\n',
      );
    } else if (diffs.length === 0) {
      io.out(`${a.result.month}：两个版本中每个人的结果和明细都相同。\n`);
    } else {
      io.out(
        `${a.result.month}：${diffs.length} 人有变化（${path.basename(files[0])} → ${path.basename(files[1])}）\n\n`,
      );
      const rows = diffs.map((d) => [
        d.id,
        d.name,
        d.status === 'added' ? '新增' : d.status === 'removed' ? '删除' : '变化',
        d.fields
          .map((f) => `${f.field} ${f.before === '' ? '（无）' : f.before} → ${f.after === '' ? '（无）' : f.after}`)
          .join('；'),
        [...d.linesRemoved.map((l) => `− ${l}`), ...d.linesAdded.map((l) => `+ ${l}`)].join('；'),
      ]);
      io.out(renderTable(['工号', '姓名', '', '结果', '明细'], rows));
    }
    return closed.changed ? 1 : 0;
  },
};
