/**
 * Builds templates/个人考核单模板.xlsx, the layout of the individual result slip (个人考核单).
 * Run: `npm run build:cli && node build/scripts/templates/slip-template.js [out.xlsx]`.
 *
 * The template holds labels and {占位符} only — never a name or a number of a real employee. HR may
 * restyle it or move fields; the slip writer replaces each {占位符} wherever it is, repeats the row
 * holding the {明细.*} placeholders once per breakdown line, and moves every row below it down.
 */
import ExcelJS from 'exceljs';
import * as path from 'path';
import { promises as fs } from 'fs';

export const SLIP_TEMPLATE_NAME = '个人考核单模板.xlsx';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};
const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: '宋体', size: 10.5, ...extra });
const label: Partial<ExcelJS.Style> = {
  font: font({ bold: true }), border: thin, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};
const value: Partial<ExcelJS.Style> = { font: font(), border: thin, alignment: { vertical: 'middle', horizontal: 'left', wrapText: true } };

export function buildSlipTemplateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = '个人考核单';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = new Date(Date.UTC(2026, 0, 1));
  const ws = wb.addWorksheet('个人考核单', {
    pageSetup: {
      paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    views: [{ showGridLines: false }],
  });
  ws.columns = [
    { width: 12 }, { width: 28 }, { width: 11 }, { width: 6 }, { width: 8 }, { width: 42 },
  ];

  const put = (addr: string, v: string, style: Partial<ExcelJS.Style>) => {
    const c = ws.getCell(addr);
    c.value = v;
    c.style = style;
  };
  const pair = (row: number, l1: string, v1: string, l2: string, v2: string, bold = false) => {
    const vs = bold ? { ...value, font: font({ bold: true, size: 12 }) } : value;
    put(`A${row}`, l1, label);
    put(`B${row}`, v1, vs);
    put(`C${row}`, l2, label);
    ws.mergeCells(`D${row}:F${row}`);
    put(`D${row}`, v2, vs);
    ws.getRow(row).height = 20;
  };

  ws.mergeCells('A1:F1');
  put('A1', '个人考核单', { font: font({ bold: true, size: 18 }), alignment: { horizontal: 'center', vertical: 'middle' } });
  ws.getRow(1).height = 32;
  pair(2, '考核月份', '{月份}', '考核方案', '{方案}');
  pair(3, '工号', '{工号}', '姓名', '{姓名}');
  pair(4, '组别', '{组别}', '岗位', '{岗位}');
  pair(5, '入职月数', '{入职月数}', '基础分', '{基础分}');
  pair(6, '加分', '{加分}', '扣分', '{扣分}');
  pair(7, '追加扣分', '{追加扣分}', '额外奖惩', '{额外奖惩}');
  pair(8, '总分', '{总分}', '等级', '{等级}', true);
  pair(9, '绩效浮动(元)', '{绩效浮动}', '名次', '{名次}', true);
  put('A10', '预警', label);
  ws.mergeCells('B10:F10');
  put('B10', '{预警}', { ...value, font: font({ bold: true, color: { argb: 'FFC00000' } }) });
  ws.getRow(10).height = 20;

  ws.mergeCells('A12:F12');
  put('A12', '考核明细（计入的每条记录、作废的记录、追加扣分和额外奖惩）', { font: font({ bold: true, size: 12 }), alignment: { vertical: 'middle' } });
  ws.getRow(12).height = 22;
  const heads = ['日期', '项目', '类别', '次数', '分值', '说明与依据'];
  heads.forEach((h, i) => put(`${'ABCDEF'[i]}13`, h, label));
  const detail = ['{明细.日期}', '{明细.项目}', '{明细.类别}', '{明细.次数}', '{明细.分值}', '{明细.说明}'];
  detail.forEach((d, i) => put(`${'ABCDEF'[i]}14`, d, { ...value, alignment: { vertical: 'middle', horizontal: i === 3 || i === 4 ? 'right' : 'left', wrapText: true } }));
  ws.mergeCells('A15:D15');
  put('A15', '合计（总分 − 基础分）', { ...label, alignment: { horizontal: 'right', vertical: 'middle' } });
  put('E15', '{明细合计}', { ...value, font: font({ bold: true }), alignment: { horizontal: 'right' } });
  put('F15', '', value);

  ws.mergeCells('A17:F17');
  put('A17', '签字确认：本人已知悉并核对以上考核结果。', { font: font({ bold: true }), alignment: { vertical: 'middle' } });
  const signLine: Partial<ExcelJS.Style> = { font: font(), border: { bottom: { style: 'thin' } } };
  const signRow = (row: number, who: string) => {
    put(`A${row}`, who, { font: font(), alignment: { horizontal: 'right', vertical: 'bottom' } });
    put(`B${row}`, '', signLine);
    put(`C${row}`, '日期：', { font: font(), alignment: { horizontal: 'right', vertical: 'bottom' } });
    ws.mergeCells(`D${row}:E${row}`);
    put(`D${row}`, '', signLine);
    ws.getRow(row).height = 30;
  };
  signRow(18, '员工签字：');
  signRow(19, '考核人签字：');
  ws.mergeCells('A21:F21');
  put('A21', '申诉：对考核结果有异议的，可在收到本单后7个工作日内向人力资源部书面申诉。', { font: font(), alignment: { wrapText: true, vertical: 'top' } });
  ws.getRow(21).height = 30;
  ws.mergeCells('A22:F22');
  put('A22', '本单仅含本人考核信息，属保密资料，请妥善保管。', { font: font({ size: 9, color: { argb: 'FF808080' } }) });
  return wb;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const out = process.argv[2] ?? path.join(root, 'templates', SLIP_TEMPLATE_NAME);
  const tmp = `${out}.tmp-${process.pid}`;
  await buildSlipTemplateWorkbook().xlsx.writeFile(tmp);
  await fs.rename(tmp, out);
  process.stdout.write(`已生成 ${out}\n`);
}

if (require.main === module) main().catch((err) => { process.stderr.write(String(err?.stack ?? err) + '\n'); process.exitCode = 1; });
