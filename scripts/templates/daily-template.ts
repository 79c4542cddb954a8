/**
 * Builds templates/日报模板.xlsx, the layout of the call centre's daily report (日报) and of the month
 * summary (日报汇总). Run: `npm run build:cli && node build/scripts/templates/daily-template.js [out.xlsx]`.
 *
 * The template holds sheet names, titles, labels, headers, column widths and print setup — never
 * data. The writers (scripts/daily/workbook.ts) fill the cells named in scripts/daily/layout.ts; HR may
 * restyle the template (fonts, colours, titles) as long as sheet names and header rows stay put.
 */
import ExcelJS from 'exceljs';
import * as path from 'path';
import { promises as fs } from 'fs';
import { DAILY_SHEETS, LAYOUT } from '../daily/layout';
import { EXCEPTION_KEYS, EXCEPTION_KINDS } from '../../core/daily/schema';
import { colLetter } from '../../core/workbook/layout';

export const DAILY_TEMPLATE_NAME = '日报模板.xlsx';

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};
const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: '宋体', size: 10.5, ...extra });
export const headerStyle: Partial<ExcelJS.Style> = {
  font: font({ bold: true }), border: thin, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
};
const labelStyle: Partial<ExcelJS.Style> = {
  font: font({ bold: true }), border: thin, alignment: { vertical: 'middle', horizontal: 'left' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};
const valueStyle: Partial<ExcelJS.Style> = { font: font(), border: thin, alignment: { vertical: 'middle', horizontal: 'right' } };
const titleStyle: Partial<ExcelJS.Style> = { font: font({ bold: true, size: 16 }), alignment: { vertical: 'middle', horizontal: 'left' } };
const noteStyle: Partial<ExcelJS.Style> = { font: font({ color: { argb: 'FF595959' } }), alignment: { vertical: 'middle', wrapText: true } };


function sheet(wb: ExcelJS.Workbook, name: string, widths: number[], landscape = false): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, orientation: landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    views: [{ showGridLines: false }],
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

function title(ws: ExcelJS.Worksheet, text: string, lastCol: number): void {
  ws.mergeCells(`A1:${colLetter(lastCol)}1`);
  const c = ws.getCell('A1');
  c.value = text;
  c.style = titleStyle;
  ws.getRow(1).height = 30;
}

function dateLine(ws: ExcelJS.Worksheet, label = '日期'): void {
  ws.getCell('A2').value = label;
  ws.getCell('A2').style = labelStyle;
  ws.getCell(LAYOUT.dateCell).style = { ...valueStyle, alignment: { horizontal: 'left' }, numFmt: 'yyyy-mm-dd' };
}

function headers(ws: ExcelJS.Worksheet, row: number, firstCol: number, names: readonly string[]): void {
  names.forEach((h, i) => {
    const c = ws.getCell(row, firstCol + i);
    c.value = h;
    c.style = headerStyle;
  });
  ws.getRow(row).height = 22;
}

function figures(ws: ExcelJS.Worksheet, firstRow: number, labels: readonly string[]): void {
  labels.forEach((l, i) => {
    ws.getCell(firstRow + i, 1).value = l;
    ws.getCell(firstRow + i, 1).style = labelStyle;
    ws.getCell(firstRow + i, 2).style = valueStyle;
  });
}

export function buildDailyTemplateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = '供暖报修呼叫中心日报';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = new Date(Date.UTC(2026, 0, 1));

  // 每日报修情况: by type, by 维修站, by agent, side by side; the 核对 line on row 3.
  const calls = sheet(wb, DAILY_SHEETS.calls, [16, 12, 3, 18, 10, 3, 12, 10]);
  title(calls, '供暖报修呼叫中心日报 · 每日报修情况', 8);
  dateLine(calls);
  calls.mergeCells('A3:H3');
  calls.getCell(LAYOUT.calls.checkLine).style = noteStyle;
  calls.getRow(3).height = 32;
  const L = LAYOUT.calls;
  headers(calls, L.headerRow, L.byType[0], L.headers[0]);
  headers(calls, L.headerRow, L.byStation[0], L.headers[1]);
  headers(calls, L.headerRow, L.byAgent[0], L.headers[2]);

  const completion = sheet(wb, DAILY_SHEETS.completion, [22, 12, 12, 12, 16]);
  title(completion, '供暖报修呼叫中心日报 · 每日报修完成情况', 5);
  dateLine(completion);
  figures(completion, LAYOUT.completion.firstFigureRow, LAYOUT.completion.figures);
  headers(completion, LAYOUT.completion.stationHeaderRow, 1, LAYOUT.completion.stationHeaders);

  const visits = sheet(wb, DAILY_SHEETS.visits, [22, 12, 40]);
  title(visits, '供暖报修呼叫中心日报 · 每日回访情况', 3);
  dateLine(visits);
  visits.mergeCells('A3:C3');
  visits.getCell('A3').value = '回访按回访时间计入当天（回访的可能是前几天的来电）。';
  visits.getCell('A3').style = noteStyle;
  figures(visits, LAYOUT.visits.firstFigureRow, LAYOUT.visits.figures);

  const events = sheet(wb, DAILY_SHEETS.events, [6, 28, 20, 20, 14, 10, 50], true);
  title(events, '供暖报修呼叫中心日报 · 异常事件', 7);
  dateLine(events);
  events.mergeCells('D2:G2');
  events.getCell(LAYOUT.events.settingsCell).style = noteStyle;
  headers(events, LAYOUT.events.summaryHeaderRow, 1, LAYOUT.events.summaryHeaders);
  EXCEPTION_KEYS.forEach((k, i) => {
    const r = LAYOUT.events.summaryHeaderRow + 1 + i;
    events.getCell(r, 1).value = Number(k);
    events.getCell(r, 1).style = { ...valueStyle, alignment: { horizontal: 'center' } };
    events.getCell(r, 2).value = EXCEPTION_KINDS[k];
    events.getCell(r, 2).style = labelStyle;
    events.getCell(r, 3).style = valueStyle;
  });
  headers(events, LAYOUT.events.listHeaderRow, 1, LAYOUT.events.listHeaders);

  const problems = sheet(wb, DAILY_SHEETS.problems, [18, 24, 8, 16, 22, 70], true);
  title(problems, '问题数据（未计入统计的行及原因）', 6);
  problems.mergeCells('A2:F2');
  problems.getCell('A2').value = '以下各行未计入本日报的统计。请在呼叫系统中改正后重新导出，再生成日报。行号按 Excel 计（表头为第1行）。';
  problems.getCell('A2').style = noteStyle;
  problems.getRow(2).height = 30;
  headers(problems, LAYOUT.problems.headerRow, 1, LAYOUT.problems.headers);

  const check = sheet(wb, DAILY_SHEETS.check, [22, 28, 66]);
  title(check, '核对（不得漏报、瞒报、虚报）', 3);
  dateLine(check);
  figures(check, LAYOUT.check.firstRow, LAYOUT.check.labels);

  const summary = sheet(wb, DAILY_SHEETS.summary, [12, 10, 8, 8, 9, 12, 12, 8, 8, 9, 9, 9], true);
  title(summary, '供暖报修呼叫中心 · 日报汇总', 12);
  summary.getCell('A2').value = '月份';
  summary.getCell('A2').style = labelStyle;
  summary.getCell(LAYOUT.summary.monthCell).style = { ...valueStyle, alignment: { horizontal: 'left' } };
  headers(summary, LAYOUT.summary.headerRow, 1, LAYOUT.summary.headers);
  summary.getRow(LAYOUT.summary.headerRow).height = 30;
  return wb;
}

export const DAILY_CELL_STYLES = { header: headerStyle, label: labelStyle, value: valueStyle, note: noteStyle };

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const out = process.argv[2] ?? path.join(root, 'templates', DAILY_TEMPLATE_NAME);
  await fs.mkdir(path.dirname(out), { recursive: true });
  const buf = Buffer.from(await buildDailyTemplateWorkbook().xlsx.writeBuffer());
  const tmp = `${out}.${process.pid}.tmp`;
  await fs.writeFile(tmp, buf);
  await fs.rename(tmp, out);
  process.stdout.write(`写入 ${out}\n`);
}

if (require.main === module) main().catch((e) => { process.stderr.write(String(e) + '\n'); process.exitCode = 1; });
