/**
 * 周报-2026-W41.xlsx and 月报-2026-10.xlsx: the daily report's figures over a week or a month, a
 * column per day and a 合计 column (sums and rates as formulas with their results), native trend
 * charts, the abnormal events with their list, the rows that could not be counted, and the
 * reconciliation. Input text is always written as a string cell, never as a formula.
 */
import ExcelJS from 'exceljs';
import type { PeriodReport } from '../../core/daily/period';
import { CALL_TYPES, DailySettings, EXCEPTION_KEYS, EXCEPTION_KINDS } from '../../core/daily/schema';
import { isoDateToSerial } from '../../core/values';
import { ChartSpec, addCharts } from '../charts/chart';
import { fitExcelLimits } from '../import/xlsx';
import { CELL, HEAD } from '../summary/styles';
import { PlainCell, appendRows } from './append-rows';
import { cellWriter, dayCell, settingsLine } from './workbook';
import { colLetter } from '../../core/workbook/layout';

export const PERIOD_SHEETS = {
  overview: '概况',
  stations: '维修站',
  agents: '工号',
  completion: '完成情况',
  events: '异常事件',
  problems: '问题数据',
  check: '核对',
} as const;

export const periodFileName = (r: { period: { kind: string; id: string } }) =>
  `${r.period.kind === 'week' ? '周报' : '月报'}-${r.period.id}.xlsx`;

const TITLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 14 }, alignment: { vertical: 'middle' } };
const NOTE: Partial<ExcelJS.Style> = {
  font: { color: { argb: 'FF595959' } },
  alignment: { vertical: 'top', wrapText: true },
};
const LABEL: Partial<ExcelJS.Style> = { ...CELL, font: { bold: true } };
const TOTAL: Partial<ExcelJS.Style> = {
  ...CELL,
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};
const DAY_FMT = 'm"月"d"日"';
const FMT = { rate: '0.0%', hours: '0.00', score: '0.0' };

const quote = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;
const put = cellWriter(CELL);

function title(ws: ExcelJS.Worksheet, text: string, span: number, noteText?: string): void {
  ws.mergeCells(1, 1, 1, Math.max(2, span));
  put(ws, 1, 1, text, TITLE);
  ws.getRow(1).height = 24;
  if (noteText) {
    ws.mergeCells(2, 1, 2, Math.max(2, span));
    put(ws, 2, 1, noteText, NOTE);
    ws.getRow(2).height = noteHeight(noteText, 18 + (Math.max(2, span) - 1) * 8.5);
  }
}

/** Row height for wrapped text over merged columns `width` units wide (a CJK character is two units). */
function noteHeight(text: string, width: number): number {
  let units = 0;
  for (const ch of text) units += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return Math.max(1, Math.ceil(units / Math.max(10, width - 2))) * 15 + 4;
}

/** Header row: a label column, one column per day (date cells), and 合计. */
function dayHeader(ws: ExcelJS.Worksheet, row: number, label: string, days: string[]): void {
  put(ws, row, 1, label, HEAD);
  days.forEach((d, i) => put(ws, row, 2 + i, dayCell(d), HEAD, DAY_FMT));
  put(ws, row, 2 + days.length, '合计', HEAD);
  ws.getColumn(1).width = Math.max(ws.getColumn(1).width ?? 0, 18);
  for (let c = 2; c <= 2 + days.length; c++) ws.getColumn(c).width = 8.5;
}

/** A row of per-day counts with a SUM in the 合计 column. */
function countRow(
  ws: ExcelJS.Worksheet,
  row: number,
  label: string,
  values: number[],
  style: Partial<ExcelJS.Style> = CELL,
): void {
  put(ws, row, 1, label, style === CELL ? LABEL : style);
  values.forEach((v, i) => put(ws, row, 2 + i, v, style));
  const n = values.length;
  put(
    ws,
    row,
    2 + n,
    { formula: `SUM(B${row}:${colLetter(1 + n)}${row})`, result: values.reduce((a, b) => a + b, 0) },
    TOTAL,
  );
}

/** A row of rates num/den per day and in total, as formulas over two count rows. */
function rateRow(
  ws: ExcelJS.Worksheet,
  row: number,
  label: string,
  numRow: number,
  denRow: number,
  nums: number[],
  dens: number[],
): void {
  put(ws, row, 1, label, LABEL);
  const n = nums.length;
  for (let i = 0; i <= n; i++) {
    const c = colLetter(2 + i);
    const num = i < n ? nums[i] : nums.reduce((a, b) => a + b, 0);
    const den = i < n ? dens[i] : dens.reduce((a, b) => a + b, 0);
    put(
      ws,
      row,
      2 + i,
      { formula: `IF(${c}${denRow}=0,0,${c}${numRow}/${c}${denRow})`, result: den === 0 ? 0 : num / den },
      i < n ? CELL : TOTAL,
      FMT.rate,
    );
  }
}

/** A row of means (no formula: the weights are not on the sheet); empty where there is nothing to average. */
function meanRow(
  ws: ExcelJS.Worksheet,
  row: number,
  label: string,
  values: (number | null)[],
  total: number | null,
  fmt: string,
): void {
  put(ws, row, 1, label, LABEL);
  values.forEach((v, i) => put(ws, row, 2 + i, v, CELL, fmt));
  put(ws, row, 2 + values.length, total, TOTAL, fmt);
}

export async function buildPeriodWorkbook(r: PeriodReport, settings: DailySettings): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  const days = r.period.days;
  const n = days.length;
  const kindName = r.period.kind === 'week' ? '周报' : '月报';
  const span = `${days[0]} 至 ${days[n - 1]}`;
  wb.title = `${kindName} ${r.period.id}`;
  const d = r.perDay;
  const c = r.reconciliation;
  const checkText = `核对：本期来电 ${c.periodRows} 行 = 各日来电之和（计入 ${c.counted} + 问题数据 ${c.problem}）；文件「${c.file}」共 ${c.fileRows} 行数据 = 本期 ${c.periodRows} + 其他日期 ${c.otherDays} + 受理时间无法读取 ${c.unreadable}，${c.balanced ? '相符' : '不符！请联系维护人员'}。`;

  // ---- 概况: the figures, a column per day ----
  const ov = wb.addWorksheet(PERIOD_SHEETS.overview, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  title(ov, `${r.period.id} ${kindName}（${span}）`, Math.min(n + 2, 12), `${checkText} ${settingsLine(settings)}。`);
  dayHeader(ov, 3, '项目', days);
  let row = 4;
  const at: Record<string, number> = {};
  const counts = (key: string, label: string, values: number[]) => {
    at[key] = row;
    countRow(ov, row++, label, values);
  };
  counts(
    'total',
    '来电总数',
    d.map((x) => x.total),
  );
  for (const t of CALL_TYPES)
    counts(
      `type:${t}`,
      `\u3000${t}`,
      d.map((x) => x.byType[t]),
    );
  counts(
    'problemRows',
    '　问题数据（未计入）',
    d.map((x) => x.problemRows),
  );
  counts(
    'repairs',
    '报修数',
    d.map((x) => x.repairs),
  );
  counts(
    'completed',
    '已完成',
    d.map((x) => x.completed),
  );
  at.rate = row;
  rateRow(
    ov,
    row++,
    '完成率',
    at.completed,
    at.repairs,
    d.map((x) => x.completed),
    d.map((x) => x.repairs),
  );
  at.hours = row;
  meanRow(
    ov,
    row++,
    '平均处理时长(小时)',
    d.map((x) => x.meanHandlingHours),
    r.meanHandlingHours,
    FMT.hours,
  );
  counts(
    'over4h',
    `处理超过${settings.handlingHours}小时`,
    d.map((x) => x.over4h),
  );
  counts(
    'visits',
    '回访数',
    d.map((x) => x.visits),
  );
  counts(
    'solved',
    '已解决',
    d.map((x) => x.solved),
  );
  rateRow(
    ov,
    row++,
    '解决率',
    at.solved,
    at.visits,
    d.map((x) => x.solved),
    d.map((x) => x.visits),
  );
  for (const a of ['满意', '一般', '不满意', '未填'] as const)
    counts(
      `att:${a}`,
      `维修工态度：${a}`,
      d.map((x) => x.attitude[a]),
    );
  at.score = row;
  meanRow(
    ov,
    row++,
    '平均评分',
    d.map((x) => x.meanScore),
    r.meanScore,
    FMT.score,
  );
  counts(
    'charged',
    '收费',
    d.map((x) => x.charged),
  );
  counts(
    'events',
    '异常事件合计',
    d.map((x) => EXCEPTION_KEYS.reduce((a, k) => a + x.exceptions[k], 0)),
  );
  note(
    ov,
    row + 1,
    '合计列：次数为各日之和，完成率、解决率为合计的比值，平均处理时长按已完成数加权、平均评分按有评分的回访数加权；空白表示当天没有可平均的数据。',
    Math.min(n + 2, 12),
  );

  // Trend charts under the table, reading the table's rows.
  const S = quote(PERIOD_SHEETS.overview);
  const cats = { ref: `${S}!$B$3:$${colLetter(1 + n)}$3`, values: days.map(isoDateToSerial), numFmt: DAY_FMT };
  const rowRef = (r0: number) => `${S}!$B$${r0}:$${colLetter(1 + n)}$${r0}`;
  const chartTop = row + 3;
  const width = Math.max(12, Math.min(n + 2, 20));
  const charts: ChartSpec[] = [
    {
      sheet: PERIOD_SHEETS.overview,
      title: `${kindName} 每日来电与报修完成率`,
      categories: cats,
      series: [
        { name: '来电总数', type: 'bar', ref: rowRef(at.total), values: d.map((x) => x.total), color: '4472C4' },
        {
          name: '报修完成率',
          type: 'line',
          secondary: true,
          ref: rowRef(at.rate),
          values: d.map((x) => x.completionRate),
          color: 'ED7D31',
          numFmt: '0.0%',
        },
      ],
      anchor: { fromCol: 0, fromRow: chartTop, toCol: width, toRow: chartTop + 20 },
      yTitle: '来电（通）',
      y2Title: '完成率',
      y2NumFmt: '0%',
    },
    {
      sheet: PERIOD_SHEETS.overview,
      title: `${kindName} 每日回访、平均评分与异常事件`,
      categories: cats,
      series: [
        { name: '回访数', type: 'bar', ref: rowRef(at.visits), values: d.map((x) => x.visits), color: '70AD47' },
        {
          name: '异常事件',
          type: 'bar',
          ref: rowRef(at.events),
          values: d.map((x) => EXCEPTION_KEYS.reduce((a, k) => a + x.exceptions[k], 0)),
          color: 'FFC000',
        },
        {
          name: '平均评分',
          type: 'line',
          secondary: true,
          ref: rowRef(at.score),
          values: d.map((x) => x.meanScore),
          color: '5B9BD5',
          numFmt: '0.0',
        },
      ],
      anchor: { fromCol: 0, fromRow: chartTop + 22, toCol: width, toRow: chartTop + 42 },
      yTitle: '次数',
      y2Title: '平均评分',
    },
  ];

  // ---- 维修站, 工号: calls per day ----
  const perDaySheet = (name: string, label: string, byDay: Record<string, number[]>, order: string[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
    title(ws, `${r.period.id} ${kindName} 来电数（按${label}）`, Math.min(n + 2, 12));
    dayHeader(ws, 3, label, days);
    let k = 4;
    for (const key of order) countRow(ws, k++, key, byDay[key] ?? new Array<number>(n).fill(0));
    if (order.length === 0) put(ws, k++, 1, '本期没有来电。', CELL);
    else {
      put(ws, k, 1, '合计', TOTAL);
      for (let i = 0; i <= n; i++)
        put(
          ws,
          k,
          2 + i,
          {
            formula: `SUM(${colLetter(2 + i)}4:${colLetter(2 + i)}${k - 1})`,
            result:
              i < n
                ? order.reduce((a, key) => a + (byDay[key]?.[i] ?? 0), 0)
                : order.reduce((a, key) => a + (byDay[key] ?? []).reduce((x, y) => x + y, 0), 0),
          },
          TOTAL,
        );
    }
  };
  perDaySheet(PERIOD_SHEETS.stations, '维修站', r.stationByDay, Object.keys(r.byStation));
  perDaySheet(PERIOD_SHEETS.agents, '工号', r.agentByDay, Object.keys(r.byAgent));

  // ---- 完成情况 by station over the period ----
  const comp = wb.addWorksheet(PERIOD_SHEETS.completion);
  title(comp, `${r.period.id} ${kindName} 报修完成情况（按维修站）`, 5);
  ['维修站', '报修数', '已完成', '完成率', `处理超过${settings.handlingHours}小时`].forEach((h, i) =>
    put(comp, 3, i + 1, h, HEAD),
  );
  [20, 10, 10, 10, 16].forEach((w, i) => (comp.getColumn(i + 1).width = w));
  row = 4;
  for (const [s, x] of Object.entries(r.stationRepairs)) {
    put(comp, row, 1, s, LABEL);
    put(comp, row, 2, x.repairs);
    put(comp, row, 3, x.completed);
    put(
      comp,
      row,
      4,
      { formula: `IF(B${row}=0,0,C${row}/B${row})`, result: x.repairs ? x.completed / x.repairs : 0 },
      CELL,
      FMT.rate,
    );
    put(comp, row, 5, x.over4h);
    row++;
  }
  put(comp, row, 1, '合计', TOTAL);
  for (const [cc, v] of [
    [2, r.repairs],
    [3, r.completed],
    [5, r.over4h],
  ] as const)
    put(
      comp,
      row,
      cc,
      row > 4 ? { formula: `SUM(${colLetter(cc)}4:${colLetter(cc)}${row - 1})`, result: v } : v,
      TOTAL,
    );
  put(comp, row, 4, { formula: `IF(B${row}=0,0,C${row}/B${row})`, result: r.completionRate }, TOTAL, FMT.rate);

  // ---- 异常事件: counts per day, then the list (appended as XML: a month can hold thousands) ----
  const ev = wb.addWorksheet(PERIOD_SHEETS.events, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  title(ev, `${r.period.id} ${kindName} 异常事件`, Math.min(n + 2, 12), settingsLine(settings));
  dayHeader(ev, 3, '异常事件', days);
  ev.getColumn(1).width = 30;
  row = 4;
  for (const k of EXCEPTION_KEYS)
    countRow(
      ev,
      row++,
      `${k} ${EXCEPTION_KINDS[k]}`,
      d.map((x) => x.exceptions[k]),
    );
  put(ev, row, 1, '合计', TOTAL);
  for (let i = 0; i <= n; i++) {
    const v =
      i < n
        ? EXCEPTION_KEYS.reduce((a, k) => a + d[i].exceptions[k], 0)
        : EXCEPTION_KEYS.reduce((a, k) => a + r.exceptions[k].count, 0);
    put(ev, row, 2 + i, { formula: `SUM(${colLetter(2 + i)}4:${colLetter(2 + i)}${row - 1})`, result: v }, TOTAL);
  }
  row += 2;
  const listHeader = row;
  ['序号', '异常事件', '工单号', '受理时间', '维修站', '工号', '情况说明'].forEach((h, i) =>
    put(ev, listHeader, i + 1, h, HEAD),
  );
  const lines: PlainCell[][] = [];
  for (const k of EXCEPTION_KEYS)
    for (const e of r.exceptions[k].list)
      lines.push([Number(k), EXCEPTION_KINDS[k], e.ticket, e.time, e.station, e.agent, e.detail]);
  if (lines.length > 0) lines[0].forEach((v, j) => put(ev, listHeader + 1, j + 1, v));
  else put(ev, listHeader + 1, 1, '本期没有异常事件。', CELL);

  // ---- 问题数据 ----
  const pr = wb.addWorksheet(PERIOD_SHEETS.problems);
  ['类别', '文件', '行', '列', '代码', '说明'].forEach((h, i) => put(pr, 1, i + 1, h, HEAD));
  [18, 18, 7, 14, 22, 80].forEach((w, i) => (pr.getColumn(i + 1).width = w));
  row = 2;
  for (const [kind, list] of [
    ['本期问题数据', r.problemRows],
    ['受理时间无法读取', r.unreadable],
  ] as const) {
    for (const p of list) {
      [kind, p.file, p.row, p.column, p.code, p.message].forEach((v, i) =>
        put(pr, row, i + 1, v, i === 5 ? { ...CELL, alignment: { wrapText: true, vertical: 'middle' } } : CELL),
      );
      row++;
    }
  }
  if (row === 2) put(pr, 2, 1, '没有问题数据：本期每一行都已计入，文件中没有受理时间无法读取的行。', CELL);

  // ---- 核对 ----
  const ck = wb.addWorksheet(PERIOD_SHEETS.check);
  title(ck, `${r.period.id} ${kindName} 核对`, 4);
  ['日期', '来电（行）', '计入', '问题数据'].forEach((h, i) => put(ck, 3, i + 1, h, HEAD));
  [14, 12, 12, 12].forEach((w, i) => (ck.getColumn(i + 1).width = w));
  row = 4;
  for (const x of d) {
    put(ck, row, 1, dayCell(x.date), CELL, 'yyyy-mm-dd');
    put(ck, row, 2, x.total);
    put(ck, row, 3, x.total - x.problemRows);
    put(ck, row, 4, x.problemRows);
    row++;
  }
  const sumRow = row;
  put(ck, sumRow, 1, '本期合计', TOTAL);
  for (const [cc, v] of [
    [2, c.periodRows],
    [3, c.counted],
    [4, c.problem],
  ] as const)
    put(ck, sumRow, cc, { formula: `SUM(${colLetter(cc)}4:${colLetter(cc)}${sumRow - 1})`, result: v }, TOTAL);
  const f = sumRow + 2;
  const figs: [string, ExcelJS.CellValue, string][] = [
    ['文件', c.file, ''],
    ['文件数据行数', c.fileRows, '表头以外的数据行（空行除外）'],
    ['本期来电', { formula: `B${sumRow}`, result: c.periodRows }, '受理时间在本期各日（= 上表合计）'],
    ['其他日期的来电', c.otherDays, '受理时间在本期以外'],
    ['受理时间无法读取', c.unreadable, '不属于任何一天（见问题数据）'],
    ['空行（不计）', c.blankLines, '整行为空，不是数据'],
  ];
  figs.forEach(([label, v, why], i) => {
    put(ck, f + i, 1, label, LABEL);
    put(ck, f + i, 2, v);
    put(ck, f + i, 3, why, NOTE);
  });
  put(ck, f + 6, 1, '核对结果', TOTAL);
  put(
    ck,
    f + 6,
    2,
    {
      formula: `IF(AND(B${f + 1}=B${f + 2}+B${f + 3}+B${f + 4},B${sumRow}=C${sumRow}+D${sumRow}),"相符","不符")`,
      result: c.balanced ? '相符' : '不符',
    },
    TOTAL,
  );
  put(ck, f + 6, 3, '文件数据行数 = 本期来电 + 其他日期 + 受理时间无法读取；本期来电 = 计入 + 问题数据', NOTE);
  ck.getColumn(3).width = 50;

  fitExcelLimits(wb);
  let buf: Buffer = Buffer.from(await wb.xlsx.writeBuffer());
  if (lines.length > 1) buf = await appendRows(buf, PERIOD_SHEETS.events, listHeader + 1, lines.slice(1));
  return addCharts(buf, charts);
}

function note(ws: ExcelJS.Worksheet, row: number, text: string, span: number): void {
  ws.mergeCells(row, 1, row, Math.max(2, span));
  put(ws, row, 1, text, NOTE);
  ws.getRow(row).height = noteHeight(text, 18 + (Math.max(2, span) - 1) * 8.5);
}
