import type { CommandSpec } from '../cli/args';
import { requireString } from '../cli/args';
import { closeWorkbook } from '../closing/close';

export const closeCommand: CommandSpec = {
  name: 'close',
  summary: 'kaohe close — 月度考核定稿：写出受保护的定稿版本，记录定稿人、时间和数据指纹',
  usage: 'npx kaohe close --workbook 月度考核-YYYY-MM.xlsx --by 姓名 --out 目录 [--password 密码] [--force]',
  options: {
    workbook: { type: 'string', value: '文件', help: '要定稿的月度考核工作簿（不会被修改）' },
    by: { type: 'string', value: '姓名', help: '定稿人' },
    out: { type: 'string', value: '目录', help: '输出目录（写出 <原文件名>-定稿.xlsx）' },
    password: { type: 'string', value: '密码', help: '工作表保护密码（可选；不给时保护不设密码）' },
    force: { type: 'boolean', help: '覆盖已存在的定稿文件' },
  },
  examples: ['npx kaohe close --workbook 月度考核-2026-10.xlsx --by 张敏 --out 定稿/'],
  async run(values, io) {
    const { file, record } = await closeWorkbook({
      workbook: requireString(values, 'workbook', 'close'),
      by: requireString(values, 'by', 'close'),
      outDir: requireString(values, 'out', 'close'),
      password: typeof values.password === 'string' ? values.password : undefined,
      force: Boolean(values.force),
    });
    io.out(
      `已定稿：${file}\n定稿人 ${record.by}，时间 ${record.at}（北京时间），指纹 SHA-256 ${record.fingerprint}\n请另外保存这个指纹（例如记在邮件或台账里），日后可用来证明数据未被改动。\n`,
    );
    return 0;
  },
};
