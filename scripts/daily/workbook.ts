/**
 * The 日报 workbook writers: one day's report (日报-YYYY-MM-DD.xlsx) and the month summary
 * (日报汇总-YYYY-MM.xlsx, with a native trend chart), both from templates/日报模板.xlsx.
 * Input text is always written as a string cell, never as a formula.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { InputError } from '../../core/problems';
import type { DayReport } from '../../core/daily/aggregate';
import { type PeriodDay, periodDay } from '../../core/daily/period';
import { DailySettings, EXCEPTION_KEYS, EXCEPTION_KINDS, CALL_TYPES } from '../../core/daily/schema';
import { addCharts } from '../charts/chart';
import { fitExcelLimits } from '../import/xlsx';
import { assertInputFile } from '../import/table';
import { appendRows, PlainCell } from './append-rows';
import { DAILY_SHEETS, DAY_SHEET_NAMES, FORMATS, LAYOUT } from './layout';
import { refuseOverwrite, templatePath, writeFileAtomically } from '../output';
import { colLetter } from '../../core/workbook/layout';

export const defaultDailyTemplate = () => templatePath('日报模板.xlsx');

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const FONT: Partial<ExcelJS.Font> = { name: '宋体', size: 10.5 };
const dataStyle: Partial<ExcelJS.Style> = { font: FONT, border: thin, alignment: { vertical: 'middle' } };
const textStyle: Partial<ExcelJS.Style> = {
  font: FONT,
  border: thin,
  alignment: { vertical: 'middle', wrapText: true },
};
const totalStyle: Partial<ExcelJS.Style> = {
  font: { ...FONT, bold: true },
  border: thin,
  alignment: { vertical: 'middle' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};

/** Reads the template once and checks it has every sheet the writers fill. */
export async function loadDailyTemplate(file = defaultDailyTemplate()): Promise<Buffer> {
  try {
    await fs.access(file);
  } catch {
    throw new InputError(`找不到日报模板：${file}`, 'TEMPLATE_MISSING');
  }
  await assertInputFile(file, { label: '日报模板', xlsx: true });
  const buf = await fs.readFile(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new InputError(
      `${path.basename(file)}：日报模板无法作为 Excel 工作簿打开，文件可能已损坏。请在 Excel 中打开确认后重新保存为 .xlsx。`,
      'TEMPLATE_UNREADABLE',
    );
  }
  const missing = [...DAY_SHEET_NAMES, DAILY_SHEETS.summary].filter((n) => !wb.getWorksheet(n));
  if (missing.length > 0) {
    throw new InputError(
      `${path.basename(file)}：日报模板缺少工作表「${missing.join('」「')}」。`,
      'TEMPLATE_SHEET_MISSING',
    );
  }
  return buf;
}

/** A calendar day 'YYYY-MM-DD' as the UTC-built Date exceljs needs (right under TZ=Asia/Shanghai). */
export function dayCell(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Writes cells of the daily workbooks (日报, 日报汇总, 周报/月报): put(ws, row, col, value, style, numFmt)
 * sets the value and the style (with the number format, if given); `defaultStyle` when none is given.
 */
export function cellWriter(defaultStyle: Partial<ExcelJS.Style>) {
  return function put(
    ws: ExcelJS.Worksheet,
    r: number,
    c: number,
    value: ExcelJS.CellValue,
    style: Partial<ExcelJS.Style> = defaultStyle,
    numFmt?: string,
  ): void {
    const cell = ws.getCell(r, c);
    cell.value = value;
    cell.style = numFmt ? { ...style, numFmt } : style;
  };
}

const put = cellWriter(dataStyle);

/** A figure that may be missing (nothing to average): shown as 无 rather than a misleading 0. */
const orNone = (v: number | null): ExcelJS.CellValue => (v === null ? '无' : v);

async function openTemplate(template: Buffer, keep: readonly string[]): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  // A template without a theme (LibreOffice saves none) leaves exceljs with no theme to write, yet it
  // always lists xl/theme/theme1.xml: a dangling part Excel repairs. With none loaded it writes its own.
  const themes = wb as unknown as { _themes?: Record<string, string> };
  if (!themes._themes?.theme1) themes._themes = undefined;
  for (const ws of [...wb.worksheets]) if (!keep.includes(ws.name)) wb.removeWorksheet(ws.id);
  wb.calcProperties.fullCalcOnLoad = true;
  return wb;
}

/**
 * Row height for wrapped text: viewers do not grow rows by themselves. A CJK character is about two
 * width units of a column; 14 points a line.
 */
function lineHeight(text: string, width: number): number {
  let units = 0;
  for (const ch of text) units += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return Math.max(1, Math.ceil(units / Math.max(1, width - 2))) * 14 + 2;
}

export function checkLine(r: DayReport): string {
  const c = r.reconciliation;
  return (
    `核对：文件「${c.file}」共 ${c.fileRows} 行数据 = 本日计入 ${c.counted} + 本日问题数据 ${c.problem} + 其他日期的来电 ${c.otherDays} + 受理时间无法读取 ${c.unreadable}` +
    `${c.blankLines ? `（另有空行 ${c.blankLines} 行，不计）` : ''}，${c.balanced ? '相符' : '不符！请联系维护人员'}。` +
    (c.partial
      ? `另有 ${c.partial} 处回访、投诉对象或过长的文字未能完整计入，所在行的其余部分已计入（见问题数据）。`
      : '')
  );
}

export function settingsLine(s: DailySettings): string {
  return `接单时限 ${s.acceptMinutes} 分钟；联系住户时限 ${s.contactMinutes} 分钟；处理时限 ${s.handlingHours} 小时（恰好等于时限不算超时）`;
}

/** One day's 日报 as .xlsx bytes. */
export async function buildDayWorkbook(r: DayReport, settings: DailySettings, template: Buffer): Promise<Buffer> {
  const wb = await openTemplate(template, DAY_SHEET_NAMES);
  const date = dayCell(r.date);
  for (const name of DAY_SHEET_NAMES) {
    const ws = wb.getWorksheet(name)!;
    if (name !== DAILY_SHEETS.problems) ws.getCell(LAYOUT.dateCell).value = date;
  }

  // 每日报修情况
  const calls = wb.getWorksheet(DAILY_SHEETS.calls)!;
  calls.getCell(LAYOUT.calls.checkLine).value = checkLine(r);
  const table = (cols: readonly number[], rows: [string, number][], totalLabel = '合计') => {
    let row = LAYOUT.calls.headerRow + 1;
    for (const [k, v] of rows) {
      put(calls, row, cols[0], k, textStyle);
      put(calls, row, cols[1], v);
      row++;
    }
    put(calls, row, cols[0], totalLabel, totalStyle);
    put(
      calls,
      row,
      cols[1],
      rows.reduce((a, [, v]) => a + v, 0),
      totalStyle,
    );
  };
  table(
    LAYOUT.calls.byType,
    [...CALL_TYPES.map((t) => [t, r.byType[t]] as [string, number]), ['问题数据（未计入）', r.problemRows.length]],
    '本日来电合计',
  );
  table(LAYOUT.calls.byStation, Object.entries(r.byStation));
  table(LAYOUT.calls.byAgent, Object.entries(r.byAgent));

  // 每日报修完成情况
  const comp = wb.getWorksheet(DAILY_SHEETS.completion)!;
  const C = LAYOUT.completion;
  const cf = C.firstFigureRow;
  comp.getCell(cf + 4, 1).value = `处理超过${settings.handlingHours}小时`;
  put(comp, cf, 2, r.repairs);
  put(comp, cf + 1, 2, r.completed);
  put(comp, cf + 2, 2, r.completionRate, dataStyle, FORMATS.rate);
  put(comp, cf + 3, 2, orNone(r.meanHandlingHours), dataStyle, FORMATS.hours);
  put(comp, cf + 4, 2, r.over4h);
  comp.getCell(C.stationHeaderRow, 5).value = `处理超过${settings.handlingHours}小时`;
  let row = C.stationHeaderRow + 1;
  for (const [station, s] of Object.entries(r.stationRepairs)) {
    put(comp, row, 1, station, textStyle);
    put(comp, row, 2, s.repairs);
    put(comp, row, 3, s.completed);
    put(comp, row, 4, s.repairs ? s.completed / s.repairs : 0, dataStyle, FORMATS.rate);
    put(comp, row, 5, s.over4h);
    row++;
  }
  put(comp, row, 1, '合计', totalStyle);
  put(comp, row, 2, r.repairs, totalStyle);
  put(comp, row, 3, r.completed, totalStyle);
  put(comp, row, 4, r.completionRate, totalStyle, FORMATS.rate);
  put(comp, row, 5, r.over4h, totalStyle);

  // 每日回访情况
  const vis = wb.getWorksheet(DAILY_SHEETS.visits)!;
  const vf = LAYOUT.visits.firstFigureRow;
  const vals: [ExcelJS.CellValue, string?][] = [
    [r.visits],
    [r.solved],
    [r.visits ? r.solved / r.visits : '无', FORMATS.rate],
    [r.attitude.满意],
    [r.attitude.一般],
    [r.attitude.不满意],
    [r.attitude.未填],
    [orNone(r.meanScore), FORMATS.score],
    [r.charged],
  ];
  vals.forEach(([v, fmt], i) => put(vis, vf + i, 2, v, dataStyle, fmt));

  // 异常事件
  const ev = wb.getWorksheet(DAILY_SHEETS.events)!;
  const E = LAYOUT.events;
  ev.getCell(E.settingsCell).value = settingsLine(settings);
  EXCEPTION_KEYS.forEach((k, i) => {
    put(ev, E.summaryHeaderRow + 1 + i, 1, Number(k), { ...dataStyle, alignment: { horizontal: 'center' } });
    put(ev, E.summaryHeaderRow + 1 + i, 2, EXCEPTION_KINDS[k], textStyle);
    put(ev, E.summaryHeaderRow + 1 + i, 3, r.exceptions[k].count);
  });
  // The first line of the list is written by exceljs (it carries the styles); the rest are appended
  // as XML once the workbook is written (see append-rows.ts).
  const lines: PlainCell[][] = [];
  for (const k of EXCEPTION_KEYS) {
    for (const e of r.exceptions[k].list)
      lines.push([Number(k), EXCEPTION_KINDS[k], e.ticket, e.time, e.station, e.agent, e.detail]);
  }
  row = E.listHeaderRow + 1;
  if (lines.length > 0) {
    const cells = ev.getRow(row);
    cells.values = lines[0];
    // No wrapping in the list: thousands of lines keep one line each (long text spills right).
    for (let c = 1; c <= 7; c++) cells.getCell(c).style = dataStyle;
    row++;
  }
  if (row === E.listHeaderRow + 1) put(ev, row, 1, '本日没有异常事件。', textStyle);

  // 问题数据
  const pr = wb.getWorksheet(DAILY_SHEETS.problems)!;
  row = LAYOUT.problems.headerRow + 1;
  const listed: [string, typeof r.problemRows][] = [
    ['本日问题数据', r.problemRows],
    ['部分未计入或已截断（其余已计入）', r.partProblems],
    ['受理时间无法读取', r.unreadable],
  ];
  for (const [kind, problems] of listed) {
    for (const p of problems) {
      const cells = pr.getRow(row);
      cells.values = [kind, p.file, p.row, p.column, p.code, p.message];
      for (let c = 1; c <= 6; c++) cells.getCell(c).style = c === 6 ? textStyle : dataStyle;
      cells.height = lineHeight(p.message, pr.getColumn(6).width ?? 70);
      row++;
    }
  }
  if (row === LAYOUT.problems.headerRow + 1) put(pr, row, 1, '没有问题数据：文件中每一行都已计入。', textStyle);

  // 核对
  const ck = wb.getWorksheet(DAILY_SHEETS.check)!;
  const c = r.reconciliation;
  const f = LAYOUT.check.firstRow;
  const figs: [ExcelJS.CellValue, string][] = [
    [c.file, ''],
    [c.fileRows, '表头以外的数据行（空行除外）'],
    [c.counted, '受理时间在本日、已计入各项统计'],
    [c.problem, '受理时间在本日、因数据问题未计入（见问题数据）'],
    [c.otherDays, '受理时间在其他日期'],
    [c.unreadable, '受理时间为空或无法识别，不属于任何一天（见问题数据）'],
    [c.blankLines, '整行为空，不是数据'],
  ];
  figs.forEach(([v, note], i) => {
    put(ck, f + i, 2, v);
    put(ck, f + i, 3, note, textStyle);
    ck.getRow(f + i).height = lineHeight(note, ck.getColumn(3).width ?? 50);
  });
  const rr = (i: number) => `B${f + i}`;
  put(
    ck,
    f + 7,
    2,
    {
      formula: `IF(${rr(1)}=${rr(2)}+${rr(3)}+${rr(4)}+${rr(5)},"相符","不符")`,
      result: c.balanced ? '相符' : '不符',
    } as ExcelJS.CellFormulaValue,
    totalStyle,
  );
  const rule = '文件数据行数 = 本日计入 + 本日问题数据 + 其他日期 + 受理时间无法读取';
  put(ck, f + 7, 3, rule, textStyle);
  ck.getRow(f + 7).height = lineHeight(rule, ck.getColumn(3).width ?? 50);
  fitExcelLimits(wb);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return appendRows(buf, DAILY_SHEETS.events, E.listHeaderRow + 1, lines.slice(1));
}

/** One day of the month summary (日报汇总): core's figures of the day (periodDay), all events as one count. */
export type SummaryRow = Omit<PeriodDay, 'exceptions'> & { exceptions: number };

export function summaryRow(r: DayReport): SummaryRow {
  const day = periodDay(r);
  return { ...day, exceptions: EXCEPTION_KEYS.reduce((a, k) => a + day.exceptions[k], 0) };
}

export interface MonthFooter {
  file: string;
  fileRows: number;
  inMonth: number;
  otherMonths: number;
  unreadable: number;
}

/** 日报汇总-YYYY-MM.xlsx: one row per day and a native chart of calls (bars) and completion rate (line). */
export async function buildMonthSummary(
  month: string,
  rows: SummaryRow[],
  footer: MonthFooter,
  settings: DailySettings,
  template: Buffer,
): Promise<Buffer> {
  const wb = await openTemplate(template, [DAILY_SHEETS.summary]);
  const ws = wb.getWorksheet(DAILY_SHEETS.summary)!;
  const S = LAYOUT.summary;
  ws.getCell(S.monthCell).value = `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
  ws.getCell(S.headerRow, 7).value = `处理超过${settings.handlingHours}小时`;
  const first = S.headerRow + 1;
  rows.forEach((d, i) => {
    const r = first + i;
    const vals: [ExcelJS.CellValue, string?][] = [
      [dayCell(d.date), 'm"月"d"日"'],
      [d.total],
      [d.repairs],
      [d.completed],
      [d.completionRate, FORMATS.rate],
      [d.meanHandlingHours, FORMATS.hours],
      [d.over4h],
      [d.visits],
      [d.solved],
      [d.meanScore, FORMATS.score],
      [d.exceptions],
      [d.problemRows],
    ];
    vals.forEach(([v, fmt], c) => put(ws, r, c + 1, v, dataStyle, fmt));
  });
  const last = first + rows.length - 1;
  const t = last + 1;
  const sum = (k: keyof SummaryRow) => rows.reduce((a, d) => a + (d[k] as number), 0);
  const completed = sum('completed');
  const repairs = sum('repairs');
  const handled = rows.reduce((a, d) => a + (d.meanHandlingHours ?? 0) * d.completed, 0);
  put(ws, t, 1, '合计', totalStyle);
  const colSum = (c: number, k: keyof SummaryRow) =>
    put(
      ws,
      t,
      c,
      { formula: `SUM(${colLetter(c)}${first}:${colLetter(c)}${last})`, result: sum(k) } as ExcelJS.CellFormulaValue,
      totalStyle,
    );
  colSum(2, 'total');
  colSum(3, 'repairs');
  colSum(4, 'completed');
  put(
    ws,
    t,
    5,
    { formula: `IF(C${t}=0,0,D${t}/C${t})`, result: repairs ? completed / repairs : 0 } as ExcelJS.CellFormulaValue,
    totalStyle,
    FORMATS.rate,
  );
  put(ws, t, 6, completed ? handled / completed : null, totalStyle, FORMATS.hours);
  colSum(7, 'over4h');
  colSum(8, 'visits');
  colSum(9, 'solved');
  put(ws, t, 10, null, totalStyle);
  colSum(11, 'exceptions');
  colSum(12, 'problemRows');
  ws.mergeCells(t + 1, 1, t + 1, 12);
  put(
    ws,
    t + 1,
    1,
    `核对：文件「${footer.file}」共 ${footer.fileRows} 行数据 = 本月各日来电合计 ${footer.inMonth} + 其他月份的来电 ${footer.otherMonths} + 受理时间无法读取 ${footer.unreadable}` +
      `，${footer.fileRows === footer.inMonth + footer.otherMonths + footer.unreadable ? '相符' : '不符！'}。平均处理时长、平均评分为空表示当天没有可平均的数据。`,
    { font: FONT, alignment: { wrapText: true, vertical: 'middle' } },
  );
  ws.getRow(t + 1).height = 32;
  fitExcelLimits(wb);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const sheetRef = `'${DAILY_SHEETS.summary}'`;
  return addCharts(buf, [
    {
      sheet: DAILY_SHEETS.summary,
      title: `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月 每日来电与报修完成率`,
      categories: {
        ref: `${sheetRef}!$A$${first}:$A$${last}`,
        values: rows.map((d) => excelSerial(d.date)),
        numFmt: 'm"月"d"日"',
      },
      series: [
        {
          name: '来电总数',
          type: 'bar',
          ref: `${sheetRef}!$B$${first}:$B$${last}`,
          values: rows.map((d) => d.total),
          color: '4472C4',
        },
        {
          name: '报修完成率',
          type: 'line',
          secondary: true,
          ref: `${sheetRef}!$E$${first}:$E$${last}`,
          values: rows.map((d) => d.completionRate),
          color: 'ED7D31',
          numFmt: '0.0%',
        },
      ],
      anchor: { fromCol: 0, fromRow: t + 2, toCol: 12, toRow: t + 24 },
      yTitle: '来电（通）',
      y2Title: '完成率',
      y2NumFmt: '0%',
    },
  ]);
}

function excelSerial(day: string): number {
  return (dayCell(day).getTime() - Date.UTC(1899, 11, 30)) / 86400000;
}

/** Writes atomically (temp file in the same folder, then rename); refuses to overwrite without force. */
export async function writeAtomic(file: string, data: Buffer, force: boolean): Promise<void> {
  await refuseOverwrite(file, force);
  await writeFileAtomically(file, data);
}
