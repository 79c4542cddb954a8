/** 密码表-YYYY-MM.xlsx: the generated slip passwords, for HR only (never sent with the slips). */
import ExcelJS from 'exceljs';
import { refuseOverwrite, writeFileAtomically } from '../output';
import type { IssuedPassword } from './write';

/** 密码表-2026-10.xlsx; a re-issue gets its own (密码表-2026-10-第2版.xlsx), never overwriting the first one. */
export const passwordTableName = (month: string, edition?: string) =>
  `密码表-${month}${edition ? `-${edition}` : ''}.xlsx`;

export const PASSWORD_TABLE_HEADERS = ['工号', '姓名', '组别', '考核单文件', '密码'] as const;

/** Writes the password table atomically; an existing one is kept unless force. */
export async function writePasswordTable(
  file: string,
  month: string,
  issued: IssuedPassword[],
  force: boolean,
): Promise<void> {
  await refuseOverwrite(file, force);
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.title = `个人考核单密码表 ${month}`;
  const ws = wb.addWorksheet('密码表', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.getCell('A1').value =
    `${month} 个人考核单打开密码：仅供人力资源部使用。不要与考核单放在同一封邮件或同一个聊天里发送；把密码单独告诉本人（短信、当面或另一渠道）。`;
  ws.getCell('A1').font = { bold: true, color: { argb: 'FFC00000' } };
  ws.mergeCells(1, 1, 1, PASSWORD_TABLE_HEADERS.length);
  ws.getRow(1).height = 36;
  ws.getCell('A1').alignment = { wrapText: true, vertical: 'middle' };
  ws.getRow(2).values = [...PASSWORD_TABLE_HEADERS];
  ws.getRow(2).font = { bold: true };
  for (const p of issued) {
    // Every value is a string cell: exceljs never turns a string into a formula, and 工号 keeps its zeros.
    ws.addRow([p.id, p.name, p.team, p.file, p.password]);
  }
  for (const [i, w] of [12, 10, 12, 44, 16].entries()) {
    ws.getColumn(i + 1).width = w;
    ws.getColumn(i + 1).numFmt = '@';
  }
  const buf = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  await writeFileAtomically(file, buf);
}
