import type { CommandSpec } from '../cli/args';
import { optionalStrings, requireString } from '../cli/args';
import { Correction, parseAddArg, parseSetArg } from '../../core/closing/corrections';
import { InputError } from '../../core/problems';
import { correctWorkbook } from '../closing/correct';

/** A row number as typed after --void/--set. */
function rowNumber(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2)
    throw new InputError(`${option} 后应为「考核记录」中的行号（2 或更大的整数），收到「${text}」。`, 'BAD_ARGS');
  return n;
}

/**
 * --set values: "12 分值=3" as one argument, or `--set 12 分值=3` (which the parser hands over as the two
 * values "12" and "分值=3").
 */
function setArgs(values: string[]): Correction[] {
  const out: Correction[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i].trim();
    let m = /^(\S+)\s+([\s\S]+)$/.exec(v);
    if (!m && /^\d+$/.test(v) && i + 1 < values.length) m = ['', v, values[++i]] as unknown as RegExpExecArray;
    if (!m)
      throw new InputError(`--set 的写法应为 --set 行号 列名=新值，如 --set 12 分值=3（收到「${v}」）。`, 'BAD_ARGS');
    out.push(parseSetArg(rowNumber(m[1], '--set'), m[2]));
  }
  return out;
}

export const correctCommand: CommandSpec = {
  name: 'correct',
  summary: 'kaohe correct — 更正已定稿的月度考核：作废或改正记录，写出下一版定稿并记入更正记录',
  usage:
    'npx kaohe correct --workbook 定稿.xlsx (--void 行号 | --set 行号 列名=新值 | --add-entry 列名=值,…)… --reason 原因 [--appeal 申诉编号 --appeals 申诉登记.csv] --by 姓名 --out 目录 [--previous 文件…] [--password 密码] [--force]',
  options: {
    workbook: {
      type: 'string',
      value: '文件',
      help: '已定稿的月度考核工作簿（kaohe close 或上一次 correct 的输出；不会被修改）',
    },
    void: { type: 'string', multiple: true, value: '行号', help: '作废「考核记录」的这一行（可多次给出）' },
    set: {
      type: 'string',
      multiple: true,
      value: '"行号 列名=新值"',
      help: '改正「考核记录」一行中的一列，如 --set "12 分值=3"（可多次给出）',
    },
    'add-entry': {
      type: 'string',
      multiple: true,
      value: '列名=值,…',
      help: '补录一条考核记录，如 --add-entry 日期=2026-10-20,工号=0387,项目代码=L02（写在「考核记录」末尾）',
    },
    reason: { type: 'string', value: '原因', help: '更正原因（作废时即作废原因），如 申诉成立' },
    appeal: {
      type: 'string',
      value: '编号',
      help: '对应的申诉编号：须在申诉登记中，且是被更正记录的员工的申诉',
    },
    appeals: {
      type: 'string',
      value: '文件',
      help: '申诉登记（CSV，或含「申诉登记」表的 .xlsx），用来核对 --appeal；工作簿自带「申诉登记」表时可不给',
    },
    by: { type: 'string', value: '姓名', help: '更正人' },
    out: { type: 'string', value: '目录', help: '输出目录（写出 …-定稿-v2.xlsx 等）' },
    previous: { type: 'string', multiple: true, value: '文件', help: '生成时用过的上月结果（连续两月末位的检查）' },
    password: { type: 'string', value: '密码', help: '新版本的工作表保护密码（可选）' },
    force: { type: 'boolean', help: '覆盖已存在的输出文件' },
  },
  examples: [
    'npx kaohe correct --workbook 定稿/月度考核-2026-10-定稿.xlsx --void 12 --reason 申诉成立 --appeal SS-2026-10-001 --appeals 申诉登记-2026-10.csv --by 张敏 --out 定稿/',
    'npx kaohe correct --workbook 定稿/月度考核-2026-10-定稿-v2.xlsx --set 15 分值=3 --reason 核实为迟到3分钟 --by 张敏 --out 定稿/',
  ],
  async run(values, io) {
    const reason = requireString(values, 'reason', 'correct');
    const corrections: Correction[] = [
      ...optionalStrings(values, 'void').map(
        (r): Correction => ({ kind: 'void', row: rowNumber(r.trim(), '--void'), reason }),
      ),
      ...setArgs(optionalStrings(values, 'set')),
      ...optionalStrings(values, 'add-entry').map(parseAddArg),
    ];
    if (corrections.length === 0)
      throw new InputError(
        '请至少给出一项更正：--void 行号、--set 行号 列名=新值 或 --add-entry 列名=值,…。',
        'BAD_ARGS',
      );
    const { file, record, changes } = await correctWorkbook({
      workbook: requireString(values, 'workbook', 'correct'),
      by: requireString(values, 'by', 'correct'),
      reason,
      appeal: typeof values.appeal === 'string' ? values.appeal : undefined,
      appeals: typeof values.appeals === 'string' ? values.appeals : undefined,
      corrections,
      outDir: requireString(values, 'out', 'correct'),
      previous: optionalStrings(values, 'previous'),
      password: typeof values.password === 'string' ? values.password : undefined,
      force: Boolean(values.force),
    });
    io.out(
      `已写出第${record.version}版：${file}\n更正 ${changes} 处（见「更正记录」表），更正人 ${record.by}，时间 ${record.at}，指纹 SHA-256 ${record.fingerprint}\n`,
    );
    io.out(
      `用 npx kaohe diff 旧版 新版 查看每个人的变化；npx kaohe slips --workbook 新版 --changed-since 旧版 只重发有变化的考核单。\n`,
    );
    return 0;
  },
};
