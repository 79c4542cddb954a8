/**
 * Rebuilds templates/月度考核模板.xlsx, the default template of `kaohe monthly`:
 *   npm run build:cli && node build/scripts/templates/monthly-template.js [OUT]
 * Every sheet has its header row (row 1, styled) and a styled prototype row 2 whose cell styles the
 * generator copies to every data row; the policy blocks of 考核项目 are marked by defined names
 * (KH_ITEMS, KH_SETTINGS, …). HR may restyle it in Excel: fonts, fills, borders, widths, print settings
 * are kept; sheet names and the defined names must stay.
 */
import * as path from 'path';
import { promises as fs } from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { presetPolicy } from '../../core/policy/presets';
import { readRoster } from '../../core/input/records';
import { scoreMonth } from '../../core/scoring/monthly';
import { buildMonthlyModel, ColumnModel, SheetModel } from '../../core/workbook/model';
import { colLetter } from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';

const HEADER_FILL = 'FF1F4E78';
const HELPER_FILL = 'FFD9D9D9';
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function headerStyle(cell: ExcelJS.Cell, helper: boolean): void {
  cell.font = { name: '微软雅黑', size: 10, bold: true, color: { argb: helper ? 'FF404040' : 'FFFFFFFF' } };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: helper ? HELPER_FILL : HEADER_FILL } };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = border;
}

function dataStyle(cell: ExcelJS.Cell, col: ColumnModel, sheet: string, header: string): void {
  cell.font = { name: '微软雅黑', size: 10, color: { argb: header === '预警' ? 'FFC00000' : 'FF000000' }, bold: header === '预警' || header === '总分' };
  cell.border = border;
  cell.alignment = { vertical: 'middle', wrapText: sheet === SHEET.problems || header === '预警' };
  if (col.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
  else if (header === '工号' || header === '项目代码') cell.numFmt = '@'; // typed 0007 stays text, as in 员工名单
  else if (col.kind === 'number' && header === '绩效浮动(元)') cell.numFmt = '+0.0;-0.0;0';
  if (col.kind === 'number' || col.kind === 'date') cell.alignment = { ...cell.alignment, horizontal: 'right' };
  if (['工号', '项目代码', '代码', '等级', '名次', '入职月数'].includes(header)) cell.alignment = { ...cell.alignment, horizontal: 'center' };
}

/** The template workbook, built from the model of an empty month (so columns always match the generator). */
export function buildTemplate(): ExcelJS.Workbook {
  const policy = presetPolicy('kefu-daily');
  const month = '2026-01';
  const roster = readRoster([]);
  const result = scoreMonth({ policy, month, roster, entries: [], adjustments: [] });
  const model = buildMonthlyModel({ policy, month, roster, rosterRecords: [], entries: [], adjustments: [], result, generatedAt: '' });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kaohe';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = new Date(Date.UTC(2026, 0, 1));
  wb.calcProperties.fullCalcOnLoad = true;
  for (const sheet of model.sheets) addSheet(wb, sheet);
  for (const [name, ref] of Object.entries(model.names)) {
    const m = /^(.*)!\$([A-Z]+)\$(\d+)$/.exec(ref)!;
    const ws = wb.getWorksheet(SHEET.items)!;
    ws.getCell(`${m[2]}${m[3]}`).name = name;
  }
  return wb;
}

function addSheet(wb: ExcelJS.Workbook, sheet: SheetModel): void {
  const ws = wb.addWorksheet(sheet.name, {
    properties: { tabColor: sheet.name === SHEET.summary ? { argb: HEADER_FILL } : undefined },
    views: sheet.freeze ? [{ state: 'frozen', xSplit: sheet.freeze.cols, ySplit: sheet.freeze.rows }] : undefined,
  });
  ws.getRow(1).height = 30;
  for (const b of sheet.blocks) {
    b.columns.forEach((c, i) => {
      const col = b.col + i;
      ws.getColumn(col).width = c.width;
      const h = ws.getCell(b.row, col);
      h.value = c.header;
      headerStyle(h, Boolean(c.hidden));
      dataStyle(ws.getCell(b.row + 1, col), c, sheet.name, c.header);
    });
  }
  if (sheet.print) {
    ws.pageSetup = {
      paperSize: 9, orientation: sheet.print.landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      horizontalCentered: true, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    };
    ws.headerFooter = sheet.print.title
      ? { oddHeader: `&C&"微软雅黑,Bold"&14${sheet.print.title.replace(/^\S+ /, '')}`, oddFooter: '&C第 &P 页，共 &N 页' }
      : { oddFooter: '&C第 &P 页，共 &N 页' };
  }
  void colLetter;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.resolve(__dirname, '..', '..', '..', 'templates', '月度考核模板.xlsx');
  const wb = buildTemplate();
  // fixed timestamps inside the zip: the same script gives the same bytes
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const date = new Date(Date.UTC(2026, 0, 1));
  zip.forEach((_, f) => {
    f.date = date;
  });
  await fs.writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' }));
  process.stdout.write(`已生成模板：${out}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  });
}
