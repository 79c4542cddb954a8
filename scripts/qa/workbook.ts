/**
 * 录音抽查-YYYY-MM.xlsx: the month's spot checks for HR — fines per agent, every problem and highlight,
 * the check coverage (领班 per day, 部长 per ISO week) and the rows that could not be counted.
 * Input text is always written as a string cell, never as a formula.
 */
import ExcelJS from 'exceljs';
import type { QaResult } from '../../core/qa/checks';
import type { AppraisalProposal } from '../../core/qa/entries';
import { ENTRY_SCHEMA } from '../../core/input/schemas';
import { fitExcelLimits } from '../import/xlsx';
import { CELL, HEAD } from '../summary/styles';
import { PlainCell, appendRows } from '../daily/append-rows';
import { isoDateToSerial } from '../../core/values';
import { colLetter } from '../../core/workbook/layout';

export const QA_SHEETS = {
  fines: '罚款汇总',
  checks: '抽查明细',
  coverage: '抽查覆盖',
  problems: '问题数据',
  entries: '转考核记录',
} as const;

export const qaFileName = (month: string) => `录音抽查-${month}.xlsx`;

const TITLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 14 }, alignment: { vertical: 'middle' } };
const NOTE: Partial<ExcelJS.Style> = {
  font: { color: { argb: 'FF595959' } },
  alignment: { vertical: 'top', wrapText: true },
};
const TOTAL: Partial<ExcelJS.Style> = {
  ...CELL,
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
};
const MISSING: Partial<ExcelJS.Style> = { ...CELL, font: { bold: true, color: { argb: 'FFC00000' } } };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** A calendar day as the UTC-built Date exceljs writes as that day. */
const dayValue = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

type Value = string | number | Date | null;

function header(ws: ExcelJS.Worksheet, row: number, names: string[], widths?: number[]): void {
  names.forEach((h, i) => {
    const c = ws.getCell(row, i + 1);
    c.value = h;
    c.style = HEAD;
    if (widths) ws.getColumn(i + 1).width = widths[i] ?? 12;
  });
}

function line(ws: ExcelJS.Worksheet, row: number, values: Value[], style: Partial<ExcelJS.Style> = CELL): void {
  values.forEach((v, i) => {
    const c = ws.getCell(row, i + 1);
    c.value = v;
    c.style = v instanceof Date ? { ...style, numFmt: 'yyyy-mm-dd' } : style;
  });
}

function title(ws: ExcelJS.Worksheet, text: string, span: number): void {
  ws.mergeCells(1, 1, 1, span);
  ws.getCell(1, 1).value = text;
  ws.getCell(1, 1).style = TITLE;
  ws.getRow(1).height = 24;
}

function note(ws: ExcelJS.Worksheet, row: number, text: string, span: number): void {
  ws.mergeCells(row, 1, row, span);
  ws.getCell(row, 1).value = text;
  ws.getCell(row, 1).style = NOTE;
  ws.getRow(row).height = Math.max(18, Math.ceil(text.length / (span * 6)) * 16);
}

export async function buildQaWorkbook(r: QaResult, proposal?: AppraisalProposal): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = `录音抽查 ${r.month}`;
  const f = r.fine;
  const ruleText = `罚款规则（${r.policy.name}）：严重违纪每次罚 ${f.each} 元，当月超过 ${f.threshold} 次的每次再加罚 ${f.extra} 元；按日期先后计第几次。`;

  // ---- 罚款汇总 ----
  const fines = wb.addWorksheet(QA_SHEETS.fines, {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  title(fines, `${r.month} 录音抽查 罚款汇总`, 7);
  header(fines, 3, ['工号', '姓名', '组别', '问题', '亮点', '严重违纪(次)', '罚款(元)'], [10, 10, 10, 8, 8, 13, 11]);
  let row = 4;
  for (const e of r.employees) line(fines, row++, [e.id, e.name, e.team, e.problems, e.highlights, e.serious, e.fine]);
  const first = 4;
  const last = row - 1;
  line(fines, row, ['合计', '', '', null, null, null, null], TOTAL);
  for (const [c, key] of [
    [4, 'problems'],
    [5, 'highlights'],
    [6, 'serious'],
    [7, 'fine'],
  ] as const) {
    const sum = r.employees.reduce((a, e) => a + e[key], 0);
    fines.getCell(row, c).value =
      last >= first ? { formula: `SUM(${colLetter(c)}${first}:${colLetter(c)}${last})`, result: sum } : sum;
  }
  note(fines, row + 2, ruleText, 7);
  note(
    fines,
    row + 3,
    `核对：抽查记录读取 ${r.counts.read} 行 = 计入 ${r.counts.counted} 行（问题 ${r.counts.problems}、亮点 ${r.counts.highlights}、无问题 ${r.counts.clean}）+ 退回 ${r.counts.rejected} 行（见「问题数据」）。`,
    7,
  );

  // ---- 抽查明细 ----
  const det = wb.addWorksheet(QA_SHEETS.checks, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  header(
    det,
    1,
    [
      '日期',
      '工号',
      '姓名',
      '结果',
      '问题类型',
      '严重违纪',
      '罚款(元)',
      '工单号',
      '录音编号',
      '检查人',
      '检查人岗位',
      '说明',
      '文件',
      '行',
    ],
    [11, 9, 9, 8, 16, 9, 9, 18, 14, 10, 10, 30, 16, 6],
  );
  const names = new Map(r.employees.map((e) => [e.id, e.name]));
  const sorted = r.checks.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row));
  // The first line is written by exceljs (it carries the styles); the rest are appended as XML once the
  // workbook is written (a month can hold tens of thousands of checks).
  const detailLines: PlainCell[][] = sorted.map((c) => [
    isoDateToSerial(c.date),
    c.id,
    names.get(c.id) ?? '',
    c.result,
    c.type,
    c.result === '问题' ? (c.serious ? '是' : '否') : '',
    c.result === '问题' ? c.fine : null,
    c.ticket,
    c.recording,
    c.checker,
    c.role,
    c.note,
    c.file,
    c.row,
  ]);
  if (sorted.length === 0) line(det, 2, ['本月没有计入的抽查记录。']);
  else {
    line(
      det,
      2,
      detailLines[0].map((v, i) => (i === 0 ? dayValue(sorted[0].date) : v)),
    );
    det.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sorted.length, column: 14 } };
  }

  // ---- 抽查覆盖 ----
  const cov = wb.addWorksheet(QA_SHEETS.coverage, {
    pageSetup: { paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  title(cov, `${r.month} 抽查覆盖（领班每天抽查一次，部长每周抽查一次）`, 5);
  const cv = r.coverage;
  note(
    cov,
    2,
    `缺少领班抽查 ${cv.missingDays.length} 天${cv.missingDays.length ? `（${cv.missingDays.join('、')}）` : ''}；缺少部长抽查 ${cv.missingWeeks.length} 周${cv.missingWeeks.length ? `（${cv.missingWeeks.join('、')}）` : ''}。`,
    5,
  );
  header(cov, 4, ['日期', '星期', 'ISO 周', '领班抽查(条)', '领班抽查'], [12, 24, 26, 13, 12]);
  row = 5;
  for (const w of cv.weeks) {
    for (const d of w.days) {
      const n = cv.leaderChecksByDay[d] ?? 0;
      line(cov, row, [dayValue(d), WEEKDAYS[dayValue(d).getUTCDay()], w.week, n, n > 0 ? '有' : '缺少']);
      if (n === 0) cov.getCell(row, 5).style = MISSING;
      row++;
    }
  }
  row += 1;
  header(cov, row, ['ISO 周', '本月日期', '部长抽查日期', '部长抽查']);
  row++;
  for (const w of cv.weeks) {
    const range = w.days.length === 1 ? w.days[0] : `${w.days[0]} 至 ${w.days[w.days.length - 1]}`;
    line(cov, row, [w.week, range, w.checkedDays.join('、'), w.checkedDays.length ? '有' : '缺少']);
    if (!w.checkedDays.length) cov.getCell(row, 4).style = MISSING;
    row++;
  }
  note(
    cov,
    row + 1,
    '跨月的周只看本月的日期：上月或下月那几天的部长抽查记在那个月的抽查记录中。退回的行（见「问题数据」）不算抽查。',
    5,
  );

  // ---- 问题数据 ----
  const pr = wb.addWorksheet(QA_SHEETS.problems, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  header(pr, 1, ['文件', '行', '列', '代码', '说明'], [18, 6, 12, 24, 80]);
  row = 2;
  for (const p of r.rejected) {
    line(pr, row, [p.file, p.row, p.column, p.code, p.message]);
    pr.getCell(row, 5).style = { ...CELL, alignment: { vertical: 'middle', wrapText: true } };
    row++;
  }
  if (r.rejected.length === 0) line(pr, row++, ['没有问题数据：每一行都已计入。']);
  for (const n of r.notices) note(pr, ++row, `提示：${n}`, 5);

  // ---- 转考核记录: problems the policy maps to a 考核项目, in the 考核记录 columns, to be copied there ----
  if (proposal) {
    const en = wb.addWorksheet(QA_SHEETS.entries, { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = ENTRY_SCHEMA.columns.map((c) => c.header);
    header(en, 1, headers, [11, 9, 9, 6, 6, 9, 50, 16, 6, 9]);
    row = 2;
    for (const e of proposal.entries)
      line(en, row++, [dayValue(e.date), e.id, e.code, 1, null, null, e.note, e.recorder, null, null]);
    if (proposal.entries.length === 0) line(en, row++, ['本月没有需要转为考核记录的问题。']);
    note(
      en,
      row + 1,
      `这些问题按方案对应到考核项目。复制到本月的考核记录后才计分（同一件事只录一次）；已在考核记录中的 ${proposal.alreadyRecorded.length} 条（同一工号、日期、项目代码）不再列出。`,
      8,
    );
  }

  fitExcelLimits(wb);
  return appendRows(Buffer.from(await wb.xlsx.writeBuffer()), QA_SHEETS.checks, 2, detailLines.slice(1));
}
