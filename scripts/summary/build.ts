/**
 * 管理汇总-YYYY-MM.xlsx: the month's summary for management, with native Excel charts (added to the
 * exceljs output by scripts/charts/chart.ts). Every chart reads its numbers from a table on the
 * same sheet, so the figures are there for anyone who prefers reading to looking.
 */
import ExcelJS from 'exceljs';
import { fitExcelLimits } from '../import/xlsx';
import type { MonthSummary } from '../../core/periods/summary';
import type { EmployeeResult } from '../../core/scoring/monthly';
import { ChartSpec, addCharts } from '../charts/chart';
import { CELL, HEAD } from './styles';
import { colLetter } from '../../core/workbook/layout';

const SECTION: Partial<ExcelJS.Style> = { font: { bold: true, size: 12, color: { argb: 'FF1F3864' } } };

const quote = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

/** Writes a table (header + rows) at (row, 1); returns the row after it. Strings are always text. */
function table(
  ws: ExcelJS.Worksheet,
  row: number,
  headers: string[],
  rows: (string | number | null)[][],
  fmts: Record<number, string> = {},
): number {
  headers.forEach((h, i) => {
    const c = ws.getCell(row, i + 1);
    c.value = h;
    c.style = HEAD;
  });
  rows.forEach((r, k) => {
    r.forEach((v, i) => {
      const c = ws.getCell(row + 1 + k, i + 1);
      c.value = v === null ? null : v;
      c.style = fmts[i] ? { ...CELL, numFmt: fmts[i] } : CELL;
    });
  });
  return row + 1 + rows.length;
}

function section(ws: ExcelJS.Worksheet, row: number, text: string): void {
  const c = ws.getCell(row, 1);
  c.value = text;
  c.style = SECTION;
}

const signed = '+0.0;-0.0;0.0';
const hasPrevTitle = (s: MonthSummary) => (s.previousMonth ? `各组平均分（上月 = ${s.previousMonth}）` : '各组平均分');

function peopleRows(list: EmployeeResult[]): (string | number)[][] {
  return list.map((e) => [e.rank, e.id, e.name, e.team, e.score, e.grade, e.payFloat, e.warnings.join('；')]);
}

export async function buildSummaryWorkbook(
  s: MonthSummary,
  addSheets?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = `管理汇总 ${s.month}`;
  const charts: ChartSpec[] = [];

  // ---- 汇总 ----
  const SHEET = '汇总';
  const ws = wb.addWorksheet(SHEET, {
    views: [{ showGridLines: false }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.getColumn(1).width = 14;
  for (let c = 2; c <= 10; c++) ws.getColumn(c).width = 11;
  ws.mergeCells(1, 1, 1, 10);
  ws.getCell(1, 1).value = `${s.month} 月度考核管理汇总（${s.policyName}）`;
  ws.getCell(1, 1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'left', vertical: 'middle' } };
  ws.getRow(1).height = 28;
  let r = 3;
  const warnedPeople = new Set(s.warnings.map((w) => w.id)).size;
  r = table(
    ws,
    r,
    ['人数', '平均分', '最高分', '最低分', '预警人数', '对比月份'],
    [[s.headcount, s.mean, s.max, s.min, warnedPeople, s.previousMonth ?? '（未提供）']],
  );

  r += 1;
  section(ws, r, '等级分布（人数，按组别）');
  r += 1;
  const gradeTop = r;
  r = table(
    ws,
    r,
    ['等级', '人数', '占比', ...s.teams],
    s.grades.map((g) => [
      g.grade,
      g.counts.get('')!,
      s.headcount ? g.counts.get('')! / s.headcount : 0,
      ...s.teams.map((t) => g.counts.get(t)!),
    ]),
    { 2: '0.0%' },
  );
  const gFirst = gradeTop + 1;
  const gLast = gradeTop + s.grades.length;
  const teamSize = new Map(s.teamRows.map((t) => [t.team, t.count]));
  r += 1;
  section(ws, r, '等级分布（各组占比）');
  r += 1;
  const fmtPct: Record<number, string> = {};
  s.teams.forEach((_, i) => (fmtPct[i + 1] = '0.0%'));
  r = table(
    ws,
    r,
    ['等级', ...s.teams],
    s.grades.map((g) => [g.grade, ...s.teams.map((t) => (teamSize.get(t) ? g.counts.get(t)! / teamSize.get(t)! : 0))]),
    fmtPct,
  );

  r += 1;
  section(ws, r, hasPrevTitle(s));
  r += 1;
  const teamTop = r;
  const hasPrev = s.previousMonth !== null;
  r = table(
    ws,
    r,
    ['组别', '人数', '平均分', '最高分', '最低分', ...(hasPrev ? ['上月平均分', '环比变化'] : [])],
    s.teamRows.map((t) => [t.team, t.count, t.mean, t.max, t.min, ...(hasPrev ? [t.previousMean, t.change] : [])]),
    hasPrev ? { 6: signed } : {},
  );
  const tFirst = teamTop + 1;
  const tLast = teamTop + s.teamRows.length;

  const chartCol = 11; // zero-based column L
  const gradeNames = s.grades.map((g) => g.grade);
  charts.push({
    sheet: SHEET,
    title: `${s.month} 等级分布（人数）`,
    categories: { ref: `${quote(SHEET)}!$A$${gFirst}:$A$${gLast}`, values: gradeNames },
    series: [
      {
        name: '人数',
        type: 'bar',
        ref: `${quote(SHEET)}!$B$${gFirst}:$B$${gLast}`,
        values: s.grades.map((g) => g.counts.get('')!),
        dataLabels: true,
        color: '4472C4',
      },
    ],
    anchor: { fromCol: chartCol, fromRow: 2, toCol: chartCol + 8, toRow: 19 },
    yTitle: '人数',
  });
  charts.push({
    sheet: SHEET,
    title: `${s.month} 各组平均分`,
    categories: { ref: `${quote(SHEET)}!$A$${tFirst}:$A$${tLast}`, values: s.teamRows.map((t) => t.team) },
    series: [
      ...(hasPrev
        ? [
            {
              name: `上月(${s.previousMonth})`,
              type: 'bar' as const,
              ref: `${quote(SHEET)}!$F$${tFirst}:$F$${tLast}`,
              values: s.teamRows.map((t) => t.previousMean),
              dataLabels: true,
              color: 'A5A5A5',
            },
          ]
        : []),
      {
        name: `本月(${s.month})`,
        type: 'bar',
        ref: `${quote(SHEET)}!$C$${tFirst}:$C$${tLast}`,
        values: s.teamRows.map((t) => t.mean),
        dataLabels: true,
        color: 'ED7D31',
      },
    ],
    anchor: { fromCol: chartCol, fromRow: 20, toCol: chartCol + 8, toRow: 37 },
    yTitle: '平均分',
  });
  if (s.teams.length > 1 && s.teams.length <= 8) {
    charts.push({
      sheet: SHEET,
      title: '等级分布（按组别，人数）',
      categories: { ref: `${quote(SHEET)}!$A$${gFirst}:$A$${gLast}`, values: gradeNames },
      series: s.teams.map((t, i) => ({
        name: t,
        type: 'bar' as const,
        ref: `${quote(SHEET)}!$${colLetter(4 + i)}$${gFirst}:$${colLetter(4 + i)}$${gLast}`,
        values: s.grades.map((g) => g.counts.get(t)!),
      })),
      anchor: { fromCol: chartCol, fromRow: 38, toCol: chartCol + 8, toRow: 55 },
      yTitle: '人数',
    });
  }

  // ---- 预警名单 ----
  const wsW = wb.addWorksheet('预警名单', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  [8, 10, 10, 8, 8, 26, 70].forEach((w, i) => (wsW.getColumn(i + 1).width = w));
  section(wsW, 1, `${s.month} 预警名单（共 ${s.warnings.length} 条，${warnedPeople} 人）`);
  const wEnd = table(
    wsW,
    2,
    ['工号', '姓名', '组别', '总分', '等级', '预警', '原因'],
    s.warnings.map((w) => [w.id, w.name, w.team, w.score, w.grade, w.warning, w.reason]),
  );
  for (let k = 3; k < wEnd; k++) wsW.getCell(k, 7).alignment = { wrapText: true, vertical: 'middle' };
  if (s.warnings.length === 0) wsW.getCell(3, 1).value = '本月无预警';

  // ---- 前后5名 ----
  const wsT = wb.addWorksheet('前后5名', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  [6, 8, 10, 10, 8, 8, 12, 40].forEach((w, i) => (wsT.getColumn(i + 1).width = w));
  const heads = ['名次', '工号', '姓名', '组别', '总分', '等级', '绩效浮动(元)', '预警'];
  section(wsT, 1, '前5名（与第5名同分者一并列出）');
  let t = table(wsT, 2, heads, peopleRows(s.top), { 6: '+0;-0;0' });
  section(wsT, t + 1, '后5名（与倒数第5名同分者一并列出）');
  t = table(wsT, t + 2, heads, peopleRows(s.bottom), { 6: '+0;-0;0' });

  // ---- 环比 ----
  if (hasPrev) {
    const wsC = wb.addWorksheet('环比', {
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    [8, 10, 10, 11, 9, 11, 9, 10].forEach((w, i) => (wsC.getColumn(i + 1).width = w));
    section(wsC, 1, `${s.month} 与 ${s.previousMonth} 对比（按本月名次）`);
    table(
      wsC,
      2,
      ['工号', '姓名', '组别', '上月总分', '上月等级', '本月总分', '本月等级', '变化'],
      s.changes.map((c) => [c.id, c.name, c.team, c.previous, c.previousGrade, c.score, c.grade, c.change]),
      { 7: signed },
    );
    if (s.trend.length > 1) {
      const TR = '月度趋势';
      const wsR = wb.addWorksheet(TR, {
        pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1 },
      });
      wsR.getColumn(1).width = 10;
      section(wsR, 1, '各组平均分（按月）');
      const trEnd = table(
        wsR,
        2,
        ['月份', '全部', ...s.teams],
        s.trend.map((m) => [m.month, m.mean, ...s.teams.map((tm) => m.teamMeans.get(tm) ?? null)]),
      );
      charts.push({
        sheet: TR,
        title: '各组平均分趋势',
        categories: { ref: `${quote(TR)}!$A$3:$A$${trEnd - 1}`, values: s.trend.map((m) => m.month) },
        series: [
          { name: '全部', type: 'line', ref: `${quote(TR)}!$B$3:$B$${trEnd - 1}`, values: s.trend.map((m) => m.mean) },
          ...s.teams.map((tm, i) => ({
            name: tm,
            type: 'line' as const,
            ref: `${quote(TR)}!$${colLetter(3 + i)}$3:$${colLetter(3 + i)}$${trEnd - 1}`,
            values: s.trend.map((m) => m.teamMeans.get(tm) ?? null),
          })),
        ],
        anchor: { fromCol: s.teams.length + 3, fromRow: 1, toCol: s.teams.length + 12, toRow: 20 },
        yTitle: '平均分',
      });
      // The print area covers the chart too (LibreOffice otherwise prints only up to the last cell).
      // exceljs only prefixes "$" to each corner: "A$1" becomes the absolute "$A$1" LibreOffice needs.
      wsR.pageSetup.printArea = `A$1:${colLetter(s.teams.length + 13)}$21`;
    }
  }

  if (s.notices.length) {
    const n = ws.getCell(r + 1, 1);
    n.value = `提示：${s.notices.join(' ')}`;
  }
  // Sheets other parts add (e.g. 申诉登记 with the overdue appeals), after the summary's own.
  addSheets?.(wb);
  fitExcelLimits(wb);
  const buf = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return addCharts(buf, charts);
}
