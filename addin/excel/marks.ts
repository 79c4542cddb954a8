/**
 * Paints the check's results onto a sheet without touching anything the user typed:
 *  - a fill on each invalid cell, plus a note with the Chinese message (ExcelApi 1.18);
 *  - per-row text in the add-in's own columns: the verdict column 核对 (计入/作废/退回/…, which the
 *    月度汇总 formulas read) and, where notes are unavailable, a 校验 column with the messages.
 * It remembers what it painted, so after an edit only the cells whose mark or text changed are
 * written, and a fixed cell gets its fill and note removed.
 */
import { OP_BYTES, WriteBatch, cellAddress, columnIndex, jsonBytes, rectAddress, writeValuesChunked } from './io';
import type { XCell, XWorksheet } from './types';

export const MARK_FILL = '#FFC7CE';
export const NOTE_PREFIX = '【考核助手】';
export const MESSAGE_HEADER = '校验';

/** row -> column (0-based) -> message */
export type SheetMarks = Map<number, Map<number, string>>;

/** What a sheet should show: cell marks and, per row, the text of each own column. */
export interface SheetPaint {
  marks: SheetMarks;
  /** row -> text per own column (same order as SheetPainter.ownCols); rows absent = all empty. */
  texts: Map<number, string[]>;
}

export interface PaintStats {
  cellsMarked: number;
  cellsCleared: number;
  notesWritten: number;
  textCellsWritten: number;
}

export function emptyStats(): PaintStats {
  return { cellsMarked: 0, cellsCleared: 0, notesWritten: 0, textCellsWritten: 0 };
}

export class SheetPainter {
  marks: SheetMarks = new Map();
  private texts = new Map<number, string[]>();
  /** Our notes by cell address ('C7') with their text. */
  readonly ourNotes = new Map<string, string>();
  /** Cells carrying someone else's note: never touched; such cells get the fill only. */
  readonly foreignNotes = new Set<string>();
  /** The add-in's own columns (0-based), e.g. [核对, 校验]. */
  ownCols: number[] = [];

  constructor(
    readonly sheetName: string,
    readonly useNotes: boolean,
  ) {}

  adoptNotes(found: Array<{ address: string; content: string }>): void {
    this.ourNotes.clear();
    this.foreignNotes.clear();
    for (const n of found) {
      const a = n.address.includes('!') ? n.address.slice(n.address.lastIndexOf('!') + 1) : n.address;
      const bare = a.replace(/\$/g, '');
      if (n.content.startsWith(NOTE_PREFIX)) this.ourNotes.set(bare, n.content);
      else this.foreignNotes.add(bare);
    }
  }

  /**
   * The first paint of a session (a full check): starts from what the sheet shows — the own columns'
   * texts as read (`shown`), our notes (adoptNotes) — and writes only what differs, so a check that
   * changes nothing writes nothing (every Office.js write can clear Excel's undo list). Without notes,
   * a row whose 校验 text (`messageIndex` in ownCols) is unchanged keeps its fills; a row whose text
   * changed has its input cells' fill cleared (one operation) and repainted.
   */
  async paintOver(
    batch: WriteBatch,
    sheet: XWorksheet,
    next: SheetPaint,
    shown: Map<number, string[]>,
    inputCols: number,
    messageIndex: number,
    stats: PaintStats,
  ): Promise<void> {
    this.texts = new Map(shown);
    this.marks = new Map();
    if (this.useNotes) {
      for (const [address, content] of this.ourNotes) {
        const m = /^([A-Z]+)(\d+)$/.exec(address);
        if (!m) continue;
        const row = Number(m[2]);
        let cells = this.marks.get(row);
        if (!cells) this.marks.set(row, (cells = new Map()));
        cells.set(columnIndex(m[1]), content.slice(NOTE_PREFIX.length));
      }
    } else if (messageIndex >= 0) {
      for (const row of new Set([...shown.keys(), ...next.marks.keys()])) {
        const was = shown.get(row)?.[messageIndex] ?? '';
        const now = next.marks.get(row);
        if (was === messageText(now)) {
          if (now) this.marks.set(row, now);
        } else if (was !== '') {
          await batch.add(OP_BYTES.fillClear, () =>
            sheet.getRange(rectAddress(0, inputCols, row, row)).format.fill.clear(),
          );
          stats.cellsCleared++;
        }
      }
    }
    await this.paintDiff(batch, sheet, next, stats);
  }

  /** Incremental repaint: only cells whose mark, note or own-column text changed. */
  async paintDiff(batch: WriteBatch, sheet: XWorksheet, next: SheetPaint, stats: PaintStats): Promise<void> {
    const changedRows = new Set<number>();
    for (const row of new Set([...this.marks.keys(), ...next.marks.keys()])) {
      const before = this.marks.get(row);
      const after = next.marks.get(row);
      if (sameMarks(before, after)) continue;
      changedRows.add(row);
      for (const col of new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])])) {
        const had = before?.has(col) ?? false;
        const has = after?.has(col) ?? false;
        if (has && !had) {
          await batch.add(OP_BYTES.fill, () => (sheet.getRange(cellAddress(col, row)).format.fill.color = MARK_FILL));
          stats.cellsMarked++;
        } else if (had && !has) {
          await batch.add(OP_BYTES.fillClear, () => sheet.getRange(cellAddress(col, row)).format.fill.clear());
          stats.cellsCleared++;
        }
      }
    }
    if (this.useNotes && changedRows.size > 0) await this.syncNotes(batch, sheet, next.marks, changedRows, stats);
    // Own columns: rows whose text changed, written as contiguous spans (a 500-row paste = one write per column).
    const textRows: number[] = [];
    for (const row of new Set([...this.texts.keys(), ...next.texts.keys()])) {
      if (!sameTexts(this.texts.get(row), next.texts.get(row))) textRows.push(row);
    }
    textRows.sort((a, b) => a - b);
    let i = 0;
    while (i < textRows.length) {
      let j = i;
      while (j + 1 < textRows.length && textRows[j + 1] === textRows[j] + 1) j++;
      for (let k = 0; k < this.ownCols.length; k++) {
        const column: XCell[][] = [];
        for (let r = textRows[i]; r <= textRows[j]; r++) column.push([next.texts.get(r)?.[k] ?? '']);
        await writeValuesChunked(batch, sheet, this.ownCols[k], textRows[i], column);
        stats.textCellsWritten += column.length;
      }
      i = j + 1;
    }
    for (const r of textRows) {
      const t = next.texts.get(r);
      if (t) this.texts.set(r, t);
      else this.texts.delete(r);
    }
    this.marks = next.marks;
  }

  private async syncNotes(
    batch: WriteBatch,
    sheet: XWorksheet,
    next: SheetMarks,
    rows: Set<number> | null,
    stats: PaintStats,
  ): Promise<void> {
    const wanted = new Map<string, string>();
    for (const [row, cells] of next) {
      if (rows && !rows.has(row)) continue;
      for (const [col, message] of cells) wanted.set(cellAddress(col, row), NOTE_PREFIX + message);
    }
    for (const [address, text] of [...this.ourNotes]) {
      const row = Number(/\d+$/.exec(address)?.[0]);
      if (rows && !rows.has(row)) continue;
      const content = wanted.get(address);
      if (content === undefined) {
        await batch.add(OP_BYTES.noteDelete, () => sheet.notes.getItem(address).delete());
        this.ourNotes.delete(address);
        stats.notesWritten++;
      } else if (content !== text) {
        await batch.add(OP_BYTES.noteSet + jsonBytes(content), () => (sheet.notes.getItem(address).content = content));
        this.ourNotes.set(address, content);
        stats.notesWritten++;
      }
    }
    for (const [address, content] of wanted) {
      if (this.ourNotes.has(address) || this.foreignNotes.has(address)) continue;
      await batch.add(OP_BYTES.noteAdd + jsonBytes(content), () => sheet.notes.add(address, content));
      this.ourNotes.set(address, content);
      stats.notesWritten++;
    }
  }

  messageAt(row: number, col: number): string | undefined {
    return this.marks.get(row)?.get(col);
  }

  textAt(row: number, k: number): string {
    return this.texts.get(row)?.[k] ?? '';
  }
}

function sameMarks(a?: Map<number, string>, b?: Map<number, string>): boolean {
  if (!a || a.size === 0) return !b || b.size === 0;
  if (!b || a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function sameTexts(a?: string[], b?: string[]): boolean {
  const x = a ?? [];
  const y = b ?? [];
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) if ((x[i] ?? '') !== (y[i] ?? '')) return false;
  return true;
}

/** The 校验 text of a row: its messages in column order. */
export function messageText(cells?: Map<number, string>): string {
  if (!cells || cells.size === 0) return '';
  return [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, m]) => m)
    .join('；');
}
