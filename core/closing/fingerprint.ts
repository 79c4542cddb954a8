/**
 * 定稿 (closing a month): what counts is captured as a snapshot of cell values (the input sheets'
 * input columns, the policy sheet, the results), fingerprinted with SHA-256, and stored in the closed
 * workbook. Later readers take a new snapshot the same way: an equal fingerprint means nothing that
 * counts changed; otherwise `diffSnapshots` names every changed cell (sheet, row, column, before → after).
 *
 * Pure: the caller reads the cells (scripts/closing/*) and hands them in as Cells.
 */
import { Cell } from '../values';
import { sha256Hex, utf8 } from './sha256';
import { colLetter } from '../workbook/layout';

/** One sheet's counted cells: row (as Excel numbers it) → values of columns 1..labels.length. */
export interface SheetSnapshot {
  sheet: string;
  /** Column labels for messages, e.g. "C（项目代码）". */
  labels: string[];
  /** [row, values] with values canonical (canonicalCell), rows in ascending order, blank rows left out. */
  rows: [number, string[]][];
}

export interface ClosingSnapshot {
  format: 1;
  sheets: SheetSnapshot[];
}

export interface CellChange {
  sheet: string;
  /** Excel row number. */
  row: number;
  /** Column label, e.g. "C（项目代码）". */
  column: string;
  before: string;
  after: string;
}

/**
 * A cell's value as stable text: numbers to 12 significant digits (so a value recalculated by another
 * engine as 80.00000000001 equals 80), booleans TRUE/FALSE, dates as ISO date(-time), text as typed.
 */
export function canonicalCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(12)));
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return v;
}

/** Labels "A（工号）" from a header row (letters only where the header is blank). */
export function columnLabels(headers: Cell[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const h = canonicalCell(headers[i] ?? null).trim();
    return h ? `${colLetter(i + 1)}（${h}）` : colLetter(i + 1);
  });
}

/** A sheet's snapshot from its rows (row → cells); columns beyond `count` are not counted. */
export function sheetSnapshot(
  sheet: string,
  rows: Map<number, Cell[]>,
  count: number,
  labels: string[],
): SheetSnapshot {
  const out: [number, string[]][] = [];
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const cells = rows.get(r) ?? [];
    const values = Array.from({ length: count }, (_, i) => canonicalCell(cells[i] ?? null));
    if (values.some((v) => v !== '')) out.push([r, values]);
  }
  return { sheet, labels: labels.slice(0, count), rows: out };
}

/** The canonical text hashed: JSON with a fixed key order (labels are not hashed: they only name). */
export function canonicalText(s: ClosingSnapshot): string {
  return JSON.stringify({ format: s.format, sheets: s.sheets.map((x) => [x.sheet, x.rows]) });
}

/** SHA-256 of the snapshot's canonical text (64 hex digits). */
export function fingerprint(s: ClosingSnapshot): string {
  return sha256Hex(utf8(canonicalText(s)));
}

/** Every cell that differs between two snapshots, sheet by sheet in the closing order, row then column. */
export function diffSnapshots(before: ClosingSnapshot, after: ClosingSnapshot): CellChange[] {
  const changes: CellChange[] = [];
  const afterBySheet = new Map(after.sheets.map((s) => [s.sheet, s]));
  const names = [
    ...before.sheets.map((s) => s.sheet),
    ...after.sheets.map((s) => s.sheet).filter((n) => !before.sheets.some((b) => b.sheet === n)),
  ];
  for (const name of names) {
    const b = before.sheets.find((s) => s.sheet === name);
    const a = afterBySheet.get(name);
    if (!a || !b) {
      changes.push({
        sheet: name,
        row: 0,
        column: '',
        before: b ? '（有此表）' : '（无此表）',
        after: a ? '（有此表）' : '（此表已被删除或改名）',
      });
      continue;
    }
    const labels = b.labels.length >= a.labels.length ? b.labels : a.labels;
    const bRows = new Map(b.rows);
    const aRows = new Map(a.rows);
    const rows = [...new Set([...bRows.keys(), ...aRows.keys()])].sort((x, y) => x - y);
    for (const r of rows) {
      const bv = bRows.get(r) ?? [];
      const av = aRows.get(r) ?? [];
      for (let c = 0; c < Math.max(bv.length, av.length); c++) {
        const x = bv[c] ?? '';
        const y = av[c] ?? '';
        if (x !== y) changes.push({ sheet: name, row: r, column: labels[c] ?? colLetter(c + 1), before: x, after: y });
      }
    }
  }
  return changes;
}

/** One change as HR reads it: 考核记录 第5行 C（项目代码）：L01 → S01. */
export function describeChange(c: CellChange): string {
  if (c.row === 0) return `「${c.sheet}」表：${c.before} → ${c.after}`;
  const show = (v: string) => (v === '' ? '（空）' : v);
  return `「${c.sheet}」第${c.row}行 ${c.column}：${show(c.before)} → ${show(c.after)}`;
}
