/** The 申诉登记 sheet of the summary workbook and the CLI lines for overdue appeals. */
import type ExcelJS from 'exceljs';
import * as path from 'path';
import {
  Appeal,
  Calendar,
  NO_HOLIDAYS,
  OverdueAppeal,
  addWorkingDays,
  overdueAppeals,
  readAppeals,
  readCalendar,
} from '../../core/closing/appeals';
import type { Problem } from '../../core/problems';
import { readTable } from '../import/table';

export const APPEAL_SHEET = '申诉登记';

export interface AppealsReport {
  appeals: Appeal[];
  overdue: OverdueAppeal[];
  problems: Problem[];
  today: string;
  calendar: Calendar;
}

export async function readAppealsReport(
  file: string,
  holidays: string | undefined,
  today: string,
): Promise<AppealsReport> {
  const read = readAppeals(await readTable(file, APPEAL_SHEET));
  let calendar = NO_HOLIDAYS;
  const problems = [...read.problems];
  if (holidays) {
    const c = readCalendar(await readTable(holidays, '节假日'));
    calendar = c.calendar;
    problems.push(...c.problems);
  }
  return { appeals: read.appeals, overdue: overdueAppeals(read.appeals, today, calendar), problems, today, calendar };
}

/** Chinese lines for the CLI. */
export function describeAppeals(r: AppealsReport, names: Map<string, string>): string {
  const open = r.appeals.filter((a) => !a.outcome).length;
  let text = `申诉登记：${r.appeals.length} 条，未处理 ${open} 条，逾期 ${r.overdue.length} 条（截至 ${r.today}，7个工作日）。\n`;
  for (const o of r.overdue) {
    const a = o.appeal;
    text += `  逾期：${a.no}（${a.id} ${names.get(a.id) ?? ''}，提出 ${a.filed}，应于 ${o.due} 前处理）${o.state === '未处理' ? '仍未处理' : `于 ${a.handled} 才处理`}\n`;
  }
  for (const p of r.problems)
    text += `  问题：${path.basename(p.file)} 第${p.row}行「${p.column}」：[${p.code}] ${p.message}\n`;
  return text;
}

/** The register with each appeal's due date and state; overdue ones in red. */
export function addAppealsSheet(wb: ExcelJS.Workbook, r: AppealsReport, names: Map<string, string>): void {
  const ws = wb.addWorksheet(APPEAL_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.getCell(1, 1).value =
    `申诉登记（截至 ${r.today}；应在提出后7个工作日内处理，周末和节假日不计）：共 ${r.appeals.length} 条，逾期 ${r.overdue.length} 条`;
  ws.getCell(1, 1).font = { bold: true };
  const headers = [
    '编号',
    '工号',
    '姓名',
    '提出日期',
    '针对的记录',
    '理由',
    '处理结果',
    '处理人',
    '处理日期',
    '处理期限',
    '状态',
  ];
  ws.getRow(2).values = headers;
  ws.getRow(2).font = { bold: true };
  const overdue = new Map(r.overdue.map((o) => [o.appeal.no, o]));
  for (const a of r.appeals) {
    const o = overdue.get(a.no);
    const state = o ? `逾期（${o.state}）` : a.outcome ? '已处理' : '处理中';
    const row = ws.addRow([
      a.no,
      a.id,
      names.get(a.id) ?? '',
      a.filed,
      a.target,
      a.reason,
      a.outcome,
      a.handler,
      a.handled,
      addWorkingDays(a.filed, 7, r.calendar),
      state,
    ]);
    if (o) row.getCell(11).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  [14, 10, 10, 12, 28, 28, 10, 10, 12, 12, 16].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  if (r.problems.length) {
    const start = ws.rowCount + 2;
    ws.getCell(start, 1).value = '无法读取的行（未列入上表）：';
    r.problems.forEach(
      (p, i) =>
        (ws.getCell(start + 1 + i, 1).value =
          `${path.basename(p.file)} 第${p.row}行「${p.column}」：[${p.code}] ${p.message}`),
    );
  }
}
