/**
 * One 个人考核单 (individual result slip) per employee, from templates/个人考核单模板.xlsx.
 * The template is read once into a SlipModel (cells, styles, merges, widths, page setup); each slip
 * is a fresh exceljs workbook built from that model, so nothing of another employee — and nothing
 * but what the template and this employee's result hold — can end up in the file (SPEC §7).
 */
import ExcelJS from 'exceljs';
import { assertInputFile } from '../import/table';
import * as path from 'path';
import { InputError } from '../../core/problems';
import type { BreakdownLine, EmployeeResult, MonthResult } from '../../core/scoring/monthly';
import { noteKey } from './inputs';
import { colLetter } from '../../core/workbook/layout';

export interface SlipLine {
  date: string;
  item: string;
  category: string;
  count: number | '';
  points: number;
  note: string;
  voided: boolean;
}

export interface SlipData {
  month: string;
  policyName: string;
  id: string;
  name: string;
  team: string;
  position: string;
  tenureMonth: number;
  base: number;
  bonus: number;
  deduction: number;
  escalation: number;
  adjustment: number;
  score: number;
  grade: string;
  payFloat: number;
  rankText: string;
  warnings: string;
  lines: SlipLine[];
  /** Sum of the lines' points = 总分 − 基础分. */
  total: number;
}

/**
 * Keeps other employees' names and 工号 out of free text (说明, 作废原因, 理由) on a slip: a colleague's
 * name becomes 「某同事」, a colleague's 工号 「***」. Names shorter than 2 characters and purely
 * numeric 工号 shorter than 3 digits are not searched for (they would match ordinary text and numbers).
 */
export class Redactor {
  private readonly re: RegExp | null;
  private readonly names: Set<string>;
  /** Absurdly long names or 工号 (a pasted paragraph): too big for one RegExp, replaced as plain text. */
  private readonly long: { text: string; isName: boolean }[];

  constructor(people: { id: string; name: string }[]) {
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const LONG = 200;
    const allNames = [...new Set(people.map((p) => p.name).filter((n) => n.length >= 2))].sort(
      (a, b) => b.length - a.length,
    );
    const allIds = [...new Set(people.map((p) => p.id).filter((id) => id.length >= 3 || /\D/.test(id)))].sort(
      (a, b) => b.length - a.length,
    );
    const names = allNames.filter((n) => n.length <= LONG);
    const ids = allIds.filter((id) => id.length <= LONG);
    this.long = [
      ...allNames.filter((n) => n.length > LONG).map((text) => ({ text, isName: true })),
      ...allIds.filter((id) => id.length > LONG).map((text) => ({ text, isName: false })),
    ];
    this.names = new Set(allNames);
    const parts: string[] = [];
    if (names.length) parts.push(names.map(esc).join('|'));
    if (ids.length) parts.push(`(?<![0-9A-Za-z])(?:${ids.map(esc).join('|')})(?![0-9A-Za-z])`);
    this.re = parts.length ? new RegExp(parts.join('|'), 'g') : null;
  }

  clean(text: string, self: { id: string; name: string }): string {
    if (text === '') return text;
    for (const l of this.long) {
      if (l.text !== self.id && l.text !== self.name && text.includes(l.text))
        text = text.split(l.text).join(l.isName ? '某同事' : '***');
    }
    if (!this.re) return text;
    return text.replace(this.re, (m) => {
      if (m === self.id || m === self.name) return m;
      if (this.names.has(m)) return self.name.includes(m) ? m : '某同事';
      return '***';
    });
  }
}

function lineOf(b: BreakdownLine, note: string): SlipLine {
  const item = b.code && b.kind !== 'cap' ? `${b.code} ${b.name}` : b.name;
  const explain = note ? `${note}；${b.rule}` : b.rule;
  switch (b.kind) {
    case 'voided':
      return {
        date: b.date,
        item: `【已作废】${item}`,
        category: '作废',
        count: '',
        points: 0,
        note: explain,
        voided: true,
      };
    case 'escalation':
      return { date: '', item, category: '追加扣分', count: '', points: b.points, note: b.rule, voided: false };
    case 'adjustment':
      return {
        date: '',
        item: '额外奖惩',
        category: '额外奖惩',
        count: '',
        points: b.points,
        note: b.rule,
        voided: false,
      };
    case 'cap':
      return { date: '', item: b.name, category: '扣完为止', count: '', points: b.points, note: b.rule, voided: false };
    case 'clamp':
      return {
        date: '',
        item: b.name,
        category: '总分上下限',
        count: '',
        points: b.points,
        note: b.rule,
        voided: false,
      };
    default:
      return {
        date: b.date,
        item,
        category: b.category,
        count: b.count,
        points: b.points,
        note: explain,
        voided: false,
      };
  }
}

const ORDER: Record<BreakdownLine['kind'], number> = {
  entry: 0,
  voided: 0,
  cap: 1,
  escalation: 2,
  adjustment: 3,
  clamp: 4,
};

export function slipData(
  result: MonthResult,
  emp: EmployeeResult,
  notes: Map<string, string>,
  redactor: Redactor,
): SlipData {
  const self = { id: emp.id, name: emp.name };
  const lines = emp.breakdown
    .map((b, i) => ({ b, i }))
    .sort(
      (x, y) =>
        ORDER[x.b.kind] - ORDER[y.b.kind] ||
        (ORDER[x.b.kind] === 0 ? x.b.date.localeCompare(y.b.date) || x.b.row - y.b.row : x.i - y.i),
    )
    .map(({ b }) => {
      const l = lineOf(b, b.kind === 'entry' || b.kind === 'voided' ? (notes.get(noteKey(b.file, b.row)) ?? '') : '');
      return { ...l, note: redactor.clean(l.note, self) };
    });
  const total = Math.round(lines.reduce((s, l) => s + l.points * 10, 0)) / 10;
  return {
    month: result.month,
    policyName: result.policy.name,
    id: emp.id,
    name: emp.name,
    team: emp.team,
    position: emp.position,
    tenureMonth: emp.tenureMonth,
    base: emp.base,
    bonus: emp.bonus,
    deduction: emp.deduction,
    escalation: emp.escalation,
    adjustment: emp.adjustment,
    score: emp.score,
    grade: emp.grade,
    payFloat: emp.payFloat,
    rankText: `第${emp.rank}名/共${result.employees.length}人`,
    warnings: emp.warnings.length ? emp.warnings.map((w) => redactor.clean(w, self)).join('；') : '无',
    lines,
    total,
  };
}

// ---- the template model ----

interface CellSnap {
  col: number;
  value: ExcelJS.CellValue;
  style: Partial<ExcelJS.Style>;
}
interface RowSnap {
  height?: number;
  cells: CellSnap[];
}

export interface SlipModel {
  sheetName: string;
  columns: (number | undefined)[];
  rows: RowSnap[];
  merges: { top: number; left: number; bottom: number; right: number }[];
  pageSetup: Partial<ExcelJS.PageSetup>;
  views: Partial<ExcelJS.WorksheetView>[];
  /** 1-based row holding the {明细.*} placeholders. */
  detailRow: number;
  /** Every text in the template, to check it names nobody. */
  texts: string[];
  /** `${row}:${col}` of a merge's master cell → the merged width (for row heights of wrapped text). */
  spans: Map<string, number>;
}

const TOKEN = /\{([^{}]+)\}/g;

function decodeRange(range: string) {
  const [a, b] = range.split(':');
  const rc = (addr: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]), col };
  };
  const s = rc(a);
  const e = rc(b ?? a);
  return { top: s.row, left: s.col, bottom: e.row, right: e.col };
}

/** Reads the slip template once. */
export async function loadSlipModel(file: string): Promise<SlipModel> {
  await assertInputFile(file, { label: '个人考核单模板', xlsx: true });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new InputError(
      `个人考核单模板 ${path.basename(file)} 无法打开：文件可能已损坏。请在 Excel 中打开确认后重新保存为 .xlsx。`,
      'TEMPLATE_UNREADABLE',
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new InputError(`个人考核单模板 ${path.basename(file)} 中没有工作表。`, 'TEMPLATE_INVALID');
  const rows: RowSnap[] = [];
  const texts: string[] = [];
  let detailRow = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const snap: RowSnap = { height: row.height || undefined, cells: [] };
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.isMerged && cell.master.address !== cell.address) {
        snap.cells.push({ col, value: null, style: JSON.parse(JSON.stringify(cell.style ?? {})) });
        return;
      }
      let v = cell.value;
      // LibreOffice and WPS save text whose characters fall back to different fonts as rich text runs
      // ("{" | "明细" | "." | "日期" | "}"): read its text like a plain cell's
      const rich =
        v && typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)
          ? v.richText.map((run) => run.text).join('')
          : null;
      if (rich !== null) {
        texts.push(rich);
        if (/\{[^{}]+\}/.test(rich)) v = rich; // a placeholder: filled as plain text in the cell's own style
      }
      if (typeof v === 'string') {
        if (rich === null) texts.push(v);
        if (!detailRow && v.includes('{明细.')) detailRow = r;
      }
      snap.cells.push({ col, value: v, style: JSON.parse(JSON.stringify(cell.style ?? {})) });
    });
    rows.push(snap);
  }
  if (!detailRow)
    throw new InputError(
      `个人考核单模板 ${path.basename(file)} 中没有明细行（含 {明细.日期} 等占位符的一行）。`,
      'TEMPLATE_INVALID',
    );
  const columns: (number | undefined)[] = [];
  for (let c = 1; c <= ws.columnCount; c++) columns.push(ws.getColumn(c).width);
  const merges = ((ws.model as unknown as { merges: string[] }).merges ?? []).map(decodeRange);
  const spans = new Map<string, number>();
  for (const m of merges) {
    let w = 0;
    for (let c = m.left; c <= m.right; c++) w += columns[c - 1] ?? 9;
    spans.set(`${m.top}:${m.left}`, w);
  }
  return {
    spans,
    sheetName: ws.name,
    columns,
    rows,
    merges,
    pageSetup: { ...ws.pageSetup, printArea: undefined },
    views: (ws.views ?? []).map((v) => ({ ...v })),
    detailRow,
    texts,
  };
}

/** Template texts that name an employee: the template must be neutral (it goes into every slip). */
export function templateNames(model: SlipModel, people: { id: string; name: string }[]): string[] {
  const hits: string[] = [];
  const all = model.texts.join('\n');
  for (const p of people) {
    if (p.name.length >= 2 && all.includes(p.name)) hits.push(p.name);
    if (
      (p.id.length >= 3 || /\D/.test(p.id)) &&
      new RegExp(`(?<![0-9A-Za-z])${p.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`).test(all)
    )
      hits.push(p.id);
  }
  return hits;
}

/** Display width of text (CJK counts 2), for row heights of wrapped cells. */
function textWidth(t: string): number {
  let w = 0;
  for (const ch of t) w += ch.charCodeAt(0) > 0x2e80 ? 1.75 : 1;
  return w;
}

const signedFmt = (v: number) => (Number.isInteger(v) ? '+0;-0;0' : '+0.0;-0.0;0');

function headValues(d: SlipData): Record<string, string | number> {
  return {
    月份: d.month,
    方案: d.policyName,
    工号: d.id,
    姓名: d.name,
    组别: d.team,
    岗位: d.position,
    入职月数: d.tenureMonth,
    基础分: d.base,
    加分: d.bonus,
    扣分: d.deduction,
    追加扣分: d.escalation,
    额外奖惩: d.adjustment,
    总分: d.score,
    等级: d.grade,
    绩效浮动: d.payFloat,
    名次: d.rankText,
    预警: d.warnings,
    明细合计: d.total,
  };
}

function lineValues(l: SlipLine): Record<string, string | number> {
  return {
    '明细.日期': l.date,
    '明细.项目': l.item,
    '明细.类别': l.category,
    '明细.次数': l.count,
    '明细.分值': l.points,
    '明细.说明': l.note,
  };
}

const SIGNED = new Set(['绩效浮动', '额外奖惩', '明细.分值', '明细合计']);

/** Replaces placeholders; a cell that is exactly one placeholder takes the value's type (numbers stay numbers). */
function fill(
  value: ExcelJS.CellValue,
  vals: Record<string, string | number>,
): { value: ExcelJS.CellValue; key?: string } {
  if (typeof value !== 'string' || !value.includes('{')) return { value };
  const whole = /^\{([^{}]+)\}$/.exec(value);
  if (whole && whole[1] in vals) return { value: vals[whole[1]], key: whole[1] };
  return { value: value.replace(TOKEN, (m, k: string) => (k in vals ? String(vals[k]) : m)) };
}

/** Builds one slip workbook from the model. */
export function buildSlip(model: SlipModel, d: SlipData): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = '个人考核单';
  wb.subject = '';
  const now = new Date();
  wb.created = now;
  wb.modified = now;
  const ws = wb.addWorksheet(model.sheetName, { pageSetup: { ...model.pageSetup }, views: model.views });
  model.columns.forEach((w, i) => {
    if (w) ws.getColumn(i + 1).width = w;
  });
  const head = headValues(d);
  const n = Math.max(1, d.lines.length);
  const shift = n - 1;
  const detailIdx = model.detailRow - 1;
  let pointsCol = 0;
  const firstDetail = model.detailRow;

  const writeRow = (
    snap: RowSnap,
    source: number,
    target: number,
    vals: Record<string, string | number>,
    voided = false,
  ) => {
    const row = ws.getRow(target);
    if (snap.height) row.height = snap.height;
    let lines = 1;
    for (const c of snap.cells) {
      const cell = row.getCell(c.col);
      const { value, key } = fill(c.value, vals);
      let style = c.style;
      if (voided) style = { ...style, font: { ...(style.font ?? {}), italic: true, color: { argb: 'FF808080' } } };
      if (key && SIGNED.has(key) && typeof value === 'number') style = { ...style, numFmt: signedFmt(value) };
      cell.style = style;
      if (key === '明细合计' && pointsCol && typeof value === 'number' && d.lines.length > 0) {
        const L = colLetter(pointsCol);
        cell.value = { formula: `SUM(${L}${firstDetail}:${L}${firstDetail + n - 1})`, result: value };
      } else cell.value = value;
      if (typeof value === 'string' && style.alignment?.wrapText) {
        const w = model.spans.get(`${source}:${c.col}`) ?? model.columns[c.col - 1] ?? 9;
        lines = Math.max(lines, Math.ceil(textWidth(value) / Math.max(4, w)));
      }
    }
    if (lines > 1) row.height = Math.max(snap.height ?? 15, 14 * lines + 3);
  };

  const detailSnap = model.rows[detailIdx];
  for (const c of detailSnap.cells) if (c.value === '{明细.分值}') pointsCol = c.col;
  model.rows.forEach((snap, i) => {
    if (i < detailIdx) writeRow(snap, i + 1, i + 1, head);
    else if (i === detailIdx) {
      if (d.lines.length === 0)
        writeRow(detailSnap, i + 1, i + 1, {
          '明细.日期': '',
          '明细.项目': '本月无考核记录',
          '明细.类别': '',
          '明细.次数': '',
          '明细.分值': 0,
          '明细.说明': '',
        });
      else d.lines.forEach((l, k) => writeRow(detailSnap, i + 1, i + 1 + k, lineValues(l), l.voided));
    } else writeRow(snap, i + 1, i + 1 + shift, head);
  });
  for (const m of model.merges) {
    if (m.top === model.detailRow && m.bottom === model.detailRow) {
      for (let k = 0; k < n; k++) ws.mergeCells(m.top + k, m.left, m.bottom + k, m.right);
    } else {
      const s = m.top > model.detailRow ? shift : 0;
      ws.mergeCells(m.top + s, m.left, m.bottom + s, m.right);
    }
  }
  const lastRow = model.rows.length + shift;
  // exceljs only prefixes "$" to each corner: "A$1" becomes the absolute "$A$1".
  ws.pageSetup.printArea = `A$1:${colLetter(Math.max(1, model.columns.length))}$${lastRow}`;
  return wb;
}

export function slipFileName(d: { month: string; id: string; name: string }, safe: (s: string) => string): string {
  return `个人考核单-${d.month}-${safe(d.id)}-${safe(d.name)}.xlsx`;
}
