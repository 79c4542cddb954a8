/**
 * The live check behind the task pane. It keeps the input sheets' rows in memory, re-reads only the
 * rows Excel says changed, runs core/ (scoreMonth: every rule lives there) over the cached month, and
 * repaints only the marks that changed. Budget: one sync to read the changed rows, one to write.
 */
import { Problem } from '../../core/problems';
import { ADJUSTMENT_SCHEMA, ENTRY_SCHEMA, ROSTER_SCHEMA } from '../../core/input/schemas';
import {
  EmployeeLookup,
  EntryRecord,
  Roster,
  readAdjustmentRecords,
  readEntryRecords,
  readRosterTable,
} from '../../core/input/records';
import { Catalog } from '../../core/policy/catalog';
import { checkEntries } from '../../core/scoring/entries';
import { RecordSchema, Table, mapColumns } from '../../core/input/table';
import type { Policy } from '../../core/policy/types';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import type { PastMonth } from '../../core/scoring/warnings';
import { SHEET } from '../../core/workbook/sheets';
import { CLOSING_SHEET, ClosingRecord, closedText, closingRecords } from '../../core/closing/record';
import { ENTRY_COLS, ENTRY_HEADERS } from '../../core/workbook/layout';
import { Cell, cleanText, normalizeHeader } from '../../core/values';
import {
  Area,
  OP_BYTES,
  REQUEST_BUDGET_BYTES,
  ReadStats,
  WriteBatch,
  countingSyncs,
  jsonBytes,
  readRowsChunked,
  rectAddress,
} from '../excel/io';
import {
  MESSAGE_HEADER,
  PaintStats,
  SheetMarks,
  SheetPaint,
  SheetPainter,
  emptyStats,
  messageText,
} from '../excel/marks';
import type { XCell, XContext, XRun, XWorksheet } from '../excel/types';
import { CloseInExcelReport, closeInExcel } from '../excel/closing';
import { POLICY_NAMES, WorkbookSettings, readSettings } from './settings';
import { SheetRole, verdicts } from './verdicts';
import { Difference, compareSummary } from './consistency';

export interface Features {
  /** ExcelApi 1.18: cell notes. Without them, messages go to a 校验 column. */
  notes: boolean;
  /** ExcelApi 1.8: application.calculationMode can be read (一致性检查 notices manual calculation). */
  calculationMode?: boolean;
}

/** One check's cost, for the pane's status line, the tests and the bench. */
export interface CheckReport {
  kind: 'full' | 'rows';
  syncs: number;
  rowsRead: number;
  coreMs: number;
  paint: PaintStats;
  maxRequestBytes: number;
}

export interface LiveState {
  settings: WorkbookSettings | null;
  result: MonthResult | null;
  /** Problems of the input sheets (rows as Excel numbers them). */
  problems: Problem[];
  /** Why the check cannot run (missing sheet or column, no month), in Chinese; '' when fine. */
  blocker: string;
  /** 考核记录 rows with data but without the 月度汇总 helper formulas (outside the formulas' range). */
  outsideFormulas: number[];
  /** Tracked sheets HR renamed (followed by id; the CLI and the formulas' readers expect the names). */
  renamed: Array<{ sheet: string; now: string }>;
  /**
   * The latest version of the 定稿记录 sheet when the open workbook is a closed (定稿) one; null otherwise.
   * A closed workbook's sheets are protected: the check then only reads, and the form refuses to write.
   */
  closed: ClosingRecord | null;
  last: CheckReport | null;
}

interface Tracked {
  /** The name the product gives the sheet (SHEET.*): messages and problems use it. */
  name: string;
  /** The worksheet's id once found ('' before): operations find the sheet by it, so a rename is followed. */
  id: string;
  role: SheetRole;
  schema: RecordSchema<string>;
  exists: boolean;
  headers: XCell[];
  /** Input columns read from the sheet: the header row's width, without the add-in's columns. */
  cols: number;
  /** rows[i] is Excel row i + 2. Blank rows are kept as they come (core skips them). */
  rows: XCell[][];
  painter: SheetPainter;
  /** 核对 column (0-based) or -1; 校验 column or -1 (only without notes). */
  verdictCol: number;
  messageCol: number;
  /** The 校验 header must be written (first check on a sheet that lacks it). */
  needsMessageHeader: boolean;
  /** A formula helper column (考核记录 项目行) whose presence says a row is inside the formulas' range; -1 if none. */
  helperCol: number;
  /** Rows with data but no helper formula. */
  outside: Set<number>;
}

const VERDICT_HEADER = '核对';
/** A guess of an own-column cell's JSON size (a 校验 message), to read them all in one round trip. */
const OWN_CELL_GUESS_BYTES = 400;
/** Rows looked at below the cached end before the entry form appends (one read). */
const APPEND_PROBE_ROWS = 20;
/** First helper column of 考核记录 in the workbook model (a formula on every row the formulas cover). */
const HELPER_HEADER = ENTRY_HEADERS[ENTRY_COLS.itemRow - 1];

/** Why nothing is written into a closed workbook, in Chinese. */
export function closedRefusal(c: ClosingRecord): string {
  return `本工作簿${c.version > 0 ? closedText(c) : '已定稿'}，各工作表已保护，窗格不会写入。需要更正时请用 npx kaohe correct 生成新版本（记入「更正记录」）。`;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export class LiveSession {
  readonly state: LiveState = {
    settings: null,
    result: null,
    problems: [],
    blocker: '',
    outsideFormulas: [],
    renamed: [],
    closed: null,
    last: null,
  };
  private readonly sheets: Tracked[];
  private policy: Policy | null = null;
  private roster: Roster | null = null;
  private listeners: Array<(s: LiveState) => void> = [];
  /** Earlier months' results (kaohe score --json), for the multi-month warnings formulas cannot see. */
  history: PastMonth[] = [];
  /**
   * Told before the add-in writes input cells itself (so the change watcher drops the echo); returns
   * a function that withdraws it when the write failed.
   */
  ownWrite: (sheet: string, address: string) => () => void = () => () => undefined;

  constructor(
    private readonly run: XRun,
    readonly features: Features,
  ) {
    const make = (name: string, role: SheetRole, schema: RecordSchema<string>): Tracked => ({
      name,
      id: '',
      role,
      schema,
      exists: false,
      headers: [],
      cols: 0,
      rows: [],
      painter: new SheetPainter(name, features.notes),
      verdictCol: -1,
      messageCol: -1,
      needsMessageHeader: false,
      helperCol: -1,
      outside: new Set(),
    });
    this.sheets = [
      make(SHEET.roster, 'roster', ROSTER_SCHEMA),
      make(SHEET.entries, 'entries', ENTRY_SCHEMA),
      make(SHEET.adjustments, 'adjustments', ADJUSTMENT_SCHEMA),
    ];
  }

  /** Refuses a write into a closed workbook, saying why and what to do instead. */
  refuseClosed(): void {
    const c = this.state.closed;
    if (c) throw new Error(closedRefusal(c));
  }

  onUpdate(fn: (s: LiveState) => void): void {
    this.listeners.push(fn);
  }

  get trackedSheets(): string[] {
    return this.sheets.map((s) => s.name);
  }

  /** The add-in's own columns on a sheet (核对, 校验; 0-based), for the change watcher to ignore. */
  ownColumns(sheetName: string): number[] {
    return this.sheet(sheetName)?.painter.ownCols ?? [];
  }

  tracked(sheetName: string): Tracked | undefined {
    return this.sheet(sheetName);
  }

  /** How Office.js finds a tracked sheet: its id once known (survives a rename), else its name. */
  private key(t: Tracked): string {
    return t.id || t.name;
  }

  private sheet(name: string): Tracked | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Reads everything in bulk (chunked under 5 MB) and repaints every mark. */
  async fullCheck(): Promise<CheckReport> {
    return this.run(async (raw) => {
      const context = countingSyncs(raw);
      const ws = context.workbook.worksheets;
      const settingsSheet = ws.getItemOrNullObject(SHEET.items);
      const closingSheet = ws.getItemOrNullObject(CLOSING_SHEET);
      closingSheet.load('name');
      // A tracked sheet is found by its id once known (a rename keeps it), else by its name.
      const byId = this.sheets.map((t) => (t.id ? ws.getItemOrNullObject(t.id).load('id,name') : null));
      const byName = this.sheets.map((t) => ws.getItemOrNullObject(t.name).load('id,name'));
      settingsSheet.load('name');
      await context.sync();
      const proxies = this.sheets.map((t, i) => {
        const p = byId[i] && !byId[i]!.isNullObject ? byId[i]! : byName[i];
        t.id = p.isNullObject ? '' : p.id;
        return p;
      });
      this.state.renamed = this.sheets.flatMap((t, i) =>
        !proxies[i].isNullObject && proxies[i].name !== t.name ? [{ sheet: t.name, now: proxies[i].name }] : [],
      );
      // Sizes, header rows and the settings, in one round trip.
      const used = proxies.map((p) =>
        p.isNullObject ? null : p.getUsedRangeOrNullObject(true).load('rowCount,columnCount,rowIndex,columnIndex'),
      );
      const settingsRange = settingsSheet.isNullObject
        ? null
        : settingsSheet.getUsedRangeOrNullObject(true).load('values,rowIndex,columnIndex');
      const policyNames = settingsSheet.isNullObject
        ? []
        : POLICY_NAMES.map((n) => [n, context.workbook.names.getItemOrNullObject(n).load('formula')] as const);
      const closingRange = closingSheet.isNullObject
        ? null
        : closingSheet.getUsedRangeOrNullObject(true).load('values');
      const noteLists = this.features.notes
        ? proxies.map((p) => (p.isNullObject ? null : p.notes.load('items/content')))
        : [];
      await context.sync();
      const names = new Map<string, string>();
      for (const [n, item] of policyNames)
        if (!item.isNullObject && typeof item.formula === 'string') names.set(n, item.formula);
      this.state.settings =
        settingsRange && !settingsRange.isNullObject
          ? readSettings(settingsRange.values as XCell[][], settingsRange.rowIndex, settingsRange.columnIndex, names)
          : null;
      if (closingSheet.isNullObject) this.state.closed = null;
      else {
        // A 定稿记录 sheet, even an empty one, means a closed workbook: never write into it.
        const records =
          closingRange && !closingRange.isNullObject ? closingRecords(closingRange.values as XCell[][]) : [];
        this.state.closed = records[records.length - 1] ?? { version: 0, by: '', at: '', fingerprint: '', note: '' };
      }

      let rowsRead = 0;
      const stats = { syncs: 0, maxResponseBytes: 0 };
      const lastRows: number[] = [];
      // Header rows first (one sync for all sheets), so the body is read without the formula helper columns.
      const headerRanges = this.sheets.map((t, i) => {
        const u = used[i];
        t.exists = !proxies[i].isNullObject;
        const width = u && !u.isNullObject ? u.columnIndex + u.columnCount : 0;
        const height = u && !u.isNullObject ? u.rowIndex + u.rowCount : 0;
        lastRows.push(height);
        return t.exists && height > 0 ? proxies[i].getRange(rectAddress(0, width, 1, 1)).load('values') : null;
      });
      if (headerRanges.some((h) => h)) await context.sync();
      for (let i = 0; i < this.sheets.length; i++) {
        const t = this.sheets[i];
        const h = headerRanges[i];
        if (!h) {
          t.headers = [];
          t.cols = 0;
          t.rows = [];
          continue;
        }
        this.bindHeaders(t, (h.values as XCell[][])[0] ?? []);
        t.rows =
          t.cols > 0 && lastRows[i] >= 2
            ? await readRowsChunked(context, proxies[i], t.cols, 2, lastRows[i], stats)
            : [];
        rowsRead += t.rows.length + 1;
      }
      // Is the last entry inside the 月度汇总 formulas' rows? (Formulas fill rows 2..N contiguously.)
      const entriesAt = this.sheets.findIndex((t) => t.role === 'entries');
      const et = this.sheets[entriesAt];
      if (et.helperCol >= 0) {
        let last = et.rows.length + 1;
        while (last >= 2 && isBlankRow(et.rows[last - 2])) last--;
        if (last >= 2) {
          const h = proxies[entriesAt].getRange(rectAddress(et.helperCol, 1, last, last)).load('formulas');
          await context.sync();
          const f = (h.formulas as XCell[][])[0][0];
          if (!(typeof f === 'string' && f.startsWith('='))) {
            // Find the first row without a formula: one more bulk read of the helper column.
            const column = await readFormulaColumn(context, proxies[entriesAt], et.helperCol, 2, last);
            column.forEach((v, k) => this.noteFormula(et, 2 + k, v));
          }
        }
      }
      // Our notes vs. the user's: their cells, in one round trip.
      if (this.features.notes) {
        const located = noteLists.map((list) =>
          list ? list.items.map((n) => ({ note: n, at: n.getLocation().load('address') })) : [],
        );
        if (located.some((l) => l.length > 0)) await context.sync();
        located.forEach((l, i) =>
          this.sheets[i].painter.adoptNotes(l.map((x) => ({ address: x.at.address, content: x.note.content }))),
        );
      }

      // What the add-in's own columns show now: only what differs from the check's result is written.
      const shown = await this.readOwnColumns(context, proxies, lastRows, stats);

      const coreMs = this.recompute();
      const batch = new WriteBatch(context);
      const paint = emptyStats();
      for (let i = 0; i < this.sheets.length; i++) {
        const t = this.sheets[i];
        // Nothing is painted while the check cannot run (the verdicts stay as they were), nor into a
        // closed workbook (its sheets are protected; the pane lists the problems instead).
        if (!t.exists || t.cols === 0 || this.state.blocker || this.state.closed) continue;
        if (t.needsMessageHeader) {
          await batch.add(2 * OP_BYTES.values, () => {
            const h = proxies[i].getRange(rectAddress(t.messageCol, 1, 1, 1));
            h.values = [[MESSAGE_HEADER]];
            h.format.font.bold = true;
          });
          t.needsMessageHeader = false;
        }
        await t.painter.paintOver(
          batch,
          proxies[i],
          this.paintFor(t),
          shown[i],
          t.cols,
          t.painter.ownCols.indexOf(t.messageCol),
          paint,
        );
      }
      await batch.flush();
      const report: CheckReport = {
        kind: 'full',
        syncs: context.syncs,
        rowsRead,
        coreMs,
        paint,
        maxRequestBytes: Math.max(batch.maxRequestBytes, stats.maxResponseBytes),
      };
      this.state.last = report;
      this.emit();
      return report;
    });
  }

  /**
   * Re-validates after a change: reads only the changed rows (one sync for all areas), runs core over
   * the cached month and writes the marks that changed (one sync). Structural changes (the header
   * row, inserted/deleted rows, whole columns) fall back to a full check.
   */
  async rowsChanged(sheetName: string, areas: Area[], structural = false): Promise<CheckReport> {
    const t = this.sheet(sheetName);
    if (!t) throw new Error(`not a tracked sheet: ${sheetName}`);
    // Several rows changed together with the add-in's own columns: rows were moved (a table sorted on a
    // host without onRowSorted, whole rows pasted), so the remembered marks may sit on other rows now.
    const own = t.painter.ownCols;
    const moved = areas.some((a) => a.lastRow > a.firstRow && own.some((c) => c >= a.firstCol && c <= a.lastCol));
    const needsFull =
      structural ||
      moved ||
      !t.exists ||
      t.cols === 0 ||
      areas.some((a) => a.firstRow <= 1 || !Number.isFinite(a.lastRow));
    if (needsFull) return this.fullCheck();
    const spans = mergeSpans(
      areas.filter((a) => a.firstCol < t.cols).map((a) => [a.firstRow, a.lastRow] as [number, number]),
    );
    if (spans.length === 0)
      return { kind: 'rows', syncs: 0, rowsRead: 0, coreMs: 0, paint: emptyStats(), maxRequestBytes: 0 };
    return this.run(async (raw) => {
      const context = countingSyncs(raw);
      const sheet = context.workbook.worksheets.getItemOrNullObject(this.key(t));
      const rowsRead = await this.readSpans(context, sheet, t, spans);
      return this.finishRows(context, rowsRead);
    });
  }

  /** Writes a whole row (values in the sheet's input column order) after the last row, then checks it. */
  async appendRow(
    sheetName: string,
    values: Record<string, XCell>,
    numberFormats: Record<string, string> = {},
  ): Promise<{ row: number; report: CheckReport }> {
    this.refuseClosed();
    const t = this.sheet(sheetName);
    if (!t || t.cols === 0) throw new Error(`${sheetName} 不存在或没有表头，请先初始化考核表。`);
    const { index } = mapColumns(t.headers, t.schema);
    const rowValues: XCell[] = new Array(t.cols).fill('');
    const formats: string[] = new Array(t.cols).fill('General');
    for (const [key, value] of Object.entries(values)) {
      const col = (index as Record<string, number>)[key];
      if (col === undefined || col < 0) continue;
      rowValues[col] = value;
      if (numberFormats[key]) formats[col] = numberFormats[key];
      // Text that would look like a formula stays text.
      if (typeof value === 'string' && /^[=+\-@]/.test(value)) formats[col] = '@';
    }
    let last = t.rows.length + 1;
    while (last >= 2 && isBlankRow(t.rows[last - 2])) last--;
    let row = last + 1;
    const report = await this.run(async (raw) => {
      const context = countingSyncs(raw);
      const sheet = context.workbook.worksheets.getItemOrNullObject(this.key(t));
      // Rows below the cached end may have been filled since (a paste whose check has not run yet):
      // look at Excel's rows first, so the new row never overwrites an entry.
      for (;;) {
        const probe = sheet.getRange(rectAddress(0, t.cols, row, row + APPEND_PROBE_ROWS - 1)).load('values');
        await context.sync();
        const seen = probe.values as XCell[][];
        let filled = -1;
        seen.forEach((r, k) => {
          if (!isBlankRow(r)) filled = k;
        });
        if (filled < 0) break;
        seen.slice(0, filled + 1).forEach((r, k) => this.putRow(t, row + k, r));
        row += filled + 1;
        if (filled < APPEND_PROBE_ROWS - 1) break;
      }
      const address = rectAddress(0, t.cols, row, row);
      const withdraw = this.ownWrite(t.name, address);
      const range = sheet.getRange(address);
      range.numberFormat = [formats];
      range.values = [rowValues];
      let rowsRead: number;
      try {
        rowsRead = await this.readSpans(context, sheet, t, [[last + 1, row]]);
      } catch (e) {
        withdraw();
        throw e;
      }
      return this.finishRows(context, rowsRead);
    });
    return { row, report };
  }

  /**
   * The problems core/ would find in an entry before it is written (the form refuses it then): the
   * row checks plus the month rules (once-a-month duplicates, bonus conflicts) against the cached rows.
   */
  previewEntry(values: Record<string, XCell>): Problem[] {
    const t = this.sheet(SHEET.entries)!;
    const settings = this.state.settings;
    if (!settings?.policy || !this.roster || t.cols === 0) return [];
    let last = t.rows.length + 1;
    while (last >= 2 && isBlankRow(t.rows[last - 2])) last--;
    const row = last + 1;
    const records = readEntryRecords({ file: t.name, headers: t.headers, rows: t.rows, firstRow: 2 });
    const rec = { file: t.name, row } as EntryRecord;
    for (const c of ENTRY_SCHEMA.columns) (rec as unknown as Record<string, XCell>)[c.key] = values[c.key] ?? null;
    const lookup = new EmployeeLookup(this.roster.employees);
    const check = checkEntries([...records, rec], {
      catalog: new Catalog(settings.policy),
      month: settings.month,
      lookup,
      invalidRosterIds: this.roster.invalidIds,
    });
    return check.problems.filter((p) => p.row === row);
  }

  /** Sets some cells of one existing row (e.g. 状态 作废 + 作废原因), then re-checks that row. */
  async updateRow(sheetName: string, row: number, values: Record<string, XCell>): Promise<CheckReport> {
    this.refuseClosed();
    const t = this.sheet(sheetName);
    if (!t || t.cols === 0) throw new Error(`${sheetName} 不存在或没有表头。`);
    const { index } = mapColumns(t.headers, t.schema);
    return this.run(async (raw) => {
      const context = countingSyncs(raw);
      const sheet = context.workbook.worksheets.getItemOrNullObject(this.key(t));
      const withdraw: Array<() => void> = [];
      for (const [key, value] of Object.entries(values)) {
        const col = (index as Record<string, number>)[key];
        if (col === undefined || col < 0) throw new Error(`${sheetName} 缺少列 ${key}`);
        const address = rectAddress(col, 1, row, row);
        withdraw.push(this.ownWrite(t.name, address));
        const cell = sheet.getRange(address);
        if (typeof value === 'string') cell.numberFormat = [['@']];
        cell.values = [[value]];
      }
      let rowsRead: number;
      try {
        rowsRead = await this.readSpans(context, sheet, t, [[row, row]]);
      } catch (e) {
        withdraw.forEach((w) => w());
        throw e;
      }
      return this.finishRows(context, rowsRead);
    });
  }

  /**
   * 定稿 (the pane's button): checks the month afresh, refuses when the results cannot be trusted as
   * they stand (no month or sheets, a renamed sheet, entries outside the formulas' rows), then closes
   * the workbook as `kaohe close` does (addin/excel/closing.ts) and checks again, now read-only.
   */
  async close(opts: { by: string; password?: string; now?: Date }): Promise<CloseInExcelReport & { rejected: number }> {
    this.refuseClosed();
    if (!opts.by.trim()) throw new Error('请填写定稿人姓名：定稿记录要写明谁定稿。');
    await this.fullCheck();
    this.refuseClosed();
    const s = this.state;
    if (s.blocker) throw new Error(`不能定稿：${s.blocker}`);
    if (s.renamed.length > 0)
      throw new Error(
        `不能定稿：${s.renamed.map((r) => `「${r.sheet}」已改名为「${r.now}」`).join('、')}。kaohe 命令按原名核对定稿，请先改回原名。`,
      );
    if (s.outsideFormulas.length > 0)
      throw new Error(
        `不能定稿：考核记录第${s.outsideFormulas[0]}行${s.outsideFormulas.length > 1 ? `等 ${s.outsideFormulas.length} 行` : ''}不在月度汇总公式的范围内，汇总结果不含这些记录。请先到「检查」页点「刷新公式」。`,
      );
    const rejected = s.problems.length;
    const report = await closeInExcel(this.run, {
      by: opts.by,
      password: opts.password,
      month: s.settings?.month ?? '',
      now: opts.now,
      calculationMode: this.features.calculationMode,
    });
    await this.fullCheck();
    return { ...report, rejected };
  }

  /** Cached input cells of a row (for the pane: 工号 of the selected row, an entry to void). */
  cachedRow(sheetName: string, row: number): Record<string, XCell> | null {
    const t = this.sheet(sheetName);
    if (!t || row < 2 || row - 2 >= t.rows.length) return null;
    const { index } = mapColumns(t.headers, t.schema);
    const out: Record<string, XCell> = {};
    for (const [key, col] of Object.entries(index as Record<string, number>))
      out[key] = col >= 0 ? (t.rows[row - 2][col] ?? null) : null;
    return out;
  }

  get currentPolicy(): Policy | null {
    return this.policy;
  }

  get currentRoster(): Roster | null {
    return this.roster;
  }

  /** Column of a header on a tracked sheet (0-based), for click-to-select. */
  columnOf(sheetName: string, header: string): number {
    const t = this.sheet(sheetName);
    if (!t) return 0;
    const want = normalizeHeader(header);
    const i = t.headers.findIndex((h) => normalizeHeader(h) === want);
    if (i >= 0) return i;
    const spec = t.schema.columns.find((c) => c.header === header);
    if (spec) {
      const { index } = mapColumns(t.headers, t.schema);
      const at = (index as Record<string, number>)[spec.key];
      if (at >= 0) return at;
    }
    return 0;
  }

  /** 一致性检查: recompute everything, read 月度汇总's formula results in bulk, list the differences. */
  async consistency(): Promise<
    { differences: Difference[]; syncs: number; manualCalculation: boolean } | { blocker: string }
  > {
    await this.fullCheck();
    const result = this.state.result;
    if (!result) return { blocker: this.state.blocker };
    return this.run(async (raw) => {
      const context = countingSyncs(raw);
      const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET.summary);
      sheet.load('name');
      const app = this.features.calculationMode ? context.workbook.application : null;
      app?.load('calculationMode');
      await context.sync();
      if (sheet.isNullObject) return { blocker: `没有「${SHEET.summary}」工作表：请点「初始化考核表」。` };
      // In manual calculation the formulas show the results of the last recalculation, not of today's rows.
      const manualCalculation = app?.calculationMode === 'Manual';
      const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,rowCount,columnIndex,columnCount');
      await context.sync();
      if (used.isNullObject) return { blocker: `「${SHEET.summary}」是空表：请点「初始化考核表」。` };
      const values = await readRowsChunked(
        context,
        sheet,
        used.columnIndex + used.columnCount,
        1,
        used.rowIndex + used.rowCount,
      );
      return { differences: compareSummary(result, values), syncs: context.syncs, manualCalculation };
    });
  }

  /**
   * Uses earlier months' results (the JSON of `kaohe score --json`) for the warnings that look back
   * (连续两月末位…). No Excel round trip: only the results and the pane change.
   */
  setHistory(history: PastMonth[]): void {
    this.history = history;
    if (this.state.settings) {
      this.recompute();
      this.emit();
    }
  }

  /** Click-to-select: activates the sheet and selects the cell (one sync). */
  async select(sheetName: string, row: number, col: number): Promise<void> {
    await this.run(async (context) => {
      const t = this.sheet(sheetName);
      const sheet = context.workbook.worksheets.getItemOrNullObject(t ? this.key(t) : sheetName);
      sheet.activate();
      sheet.getRange(rectAddress(Math.max(0, col), 1, Math.max(1, row), Math.max(1, row))).select();
      await context.sync();
    });
  }

  // ---- internals ----

  /**
   * The own columns (核对, 校验) of every tracked sheet, rows 2..last, as row -> texts (rows whose texts
   * are all empty left out). One round trip when small; else chunked per column.
   */
  private async readOwnColumns(
    context: XContext,
    proxies: XWorksheet[],
    lastRows: number[],
    stats: ReadStats,
  ): Promise<Array<Map<number, string[]>>> {
    const out = this.sheets.map(() => new Map<number, string[]>());
    const wanted: Array<{ i: number; k: number; col: number; last: number }> = [];
    this.sheets.forEach((t, i) => {
      if (!t.exists || t.cols === 0 || lastRows[i] < 2) return;
      t.painter.ownCols.forEach((col, k) => {
        if (!(t.needsMessageHeader && col === t.messageCol)) wanted.push({ i, k, col, last: lastRows[i] });
      });
    });
    const put = (i: number, k: number, values: XCell[][]) => {
      const n = this.sheets[i].painter.ownCols.length;
      values.forEach((r, j) => {
        const text = cleanOwn(r[0]);
        if (text === '') return;
        const row = 2 + j;
        const line = out[i].get(row) ?? new Array<string>(n).fill('');
        line[k] = text;
        out[i].set(row, line);
      });
    };
    const cells = wanted.reduce((n, w) => n + w.last - 1, 0);
    if (cells * OWN_CELL_GUESS_BYTES < REQUEST_BUDGET_BYTES) {
      const ranges = wanted.map((w) => proxies[w.i].getRange(rectAddress(w.col, 1, 2, w.last)).load('values'));
      if (ranges.length > 0) {
        await context.sync();
        stats.syncs++;
      }
      ranges.forEach((r, j) => {
        const values = r.values as XCell[][];
        stats.maxResponseBytes = Math.max(stats.maxResponseBytes, jsonBytes(values));
        put(wanted[j].i, wanted[j].k, values);
      });
    } else {
      for (const w of wanted) put(w.i, w.k, await readRowsChunked(context, proxies[w.i], 1, 2, w.last, stats, w.col));
    }
    return out;
  }

  private bindHeaders(t: Tracked, headerRow: XCell[]): void {
    let width = headerRow.length;
    while (width > 0 && (headerRow[width - 1] === '' || headerRow[width - 1] === null)) width--;
    const find = (name: string) => headerRow.findIndex((h, i) => i < width && normalizeHeader(h) === name);
    t.verdictCol = find(VERDICT_HEADER);
    t.messageCol = this.features.notes ? -1 : find(MESSAGE_HEADER);
    t.needsMessageHeader = false;
    if (!this.features.notes && t.messageCol < 0) {
      t.messageCol = width;
      t.needsMessageHeader = true;
    }
    t.helperCol = t.role === 'entries' ? find(normalizeHeader(HELPER_HEADER)) : -1;
    t.outside.clear();
    const own = [t.verdictCol, t.messageCol].filter((c) => c >= 0);
    const inputWidth = Math.min(width, ...own);
    t.headers = headerRow.slice(0, inputWidth);
    t.cols = inputWidth;
    t.painter.ownCols = own;
  }

  private async readSpans(
    context: XContext,
    sheet: XWorksheet,
    t: Tracked,
    spans: Array<[number, number]>,
  ): Promise<number> {
    const estimate = spans.reduce((s, [a, b]) => s + (b - a + 1), 0) * t.cols * 64;
    let rowsRead = 0;
    // The helper formulas of the same rows come along in the same round trip (a tiny column).
    const helpers =
      t.helperCol >= 0 ? spans.map(([a, b]) => sheet.getRange(rectAddress(t.helperCol, 1, a, b)).load('formulas')) : [];
    if (estimate * 1.5 < REQUEST_BUDGET_BYTES) {
      const ranges = spans.map(([a, b]) => sheet.getRange(rectAddress(0, t.cols, a, b)).load('values'));
      await context.sync();
      spans.forEach(([a], i) => {
        const values = ranges[i].values as XCell[][];
        values.forEach((r, k) => this.putRow(t, a + k, r));
        rowsRead += values.length;
      });
    } else {
      for (const [a, b] of spans) {
        const values = await readRowsChunked(context, sheet, t.cols, a, b);
        values.forEach((r, k) => this.putRow(t, a + k, r));
        rowsRead += values.length;
      }
    }
    helpers.forEach((h, i) => {
      const [a] = spans[i];
      (h.formulas as XCell[][]).forEach((f, k) => this.noteFormula(t, a + k, f[0]));
    });
    // Trailing blank rows are dropped so the table's size follows the data.
    while (t.rows.length > 0 && isBlankRow(t.rows[t.rows.length - 1])) t.rows.pop();
    return rowsRead;
  }

  private noteFormula(t: Tracked, row: number, formula: XCell): void {
    const data = !isBlankRow(t.rows[row - 2]);
    if (data && !(typeof formula === 'string' && formula.startsWith('='))) t.outside.add(row);
    else t.outside.delete(row);
  }

  private putRow(t: Tracked, row: number, values: XCell[]): void {
    const i = row - 2;
    while (t.rows.length < i) t.rows.push([]);
    t.rows[i] = values.slice(0, t.cols);
  }

  private async finishRows(context: XContext & { syncs: number }, rowsRead: number): Promise<CheckReport> {
    const coreMs = this.recompute();
    const batch = new WriteBatch(context);
    const paint = emptyStats();
    for (const t of this.sheets) {
      if (!t.exists || t.cols === 0 || this.state.blocker || this.state.closed) continue;
      const sheet = context.workbook.worksheets.getItemOrNullObject(this.key(t));
      await t.painter.paintDiff(batch, sheet, this.paintFor(t), paint);
    }
    await batch.flush();
    const report: CheckReport = {
      kind: 'rows',
      syncs: context.syncs,
      rowsRead,
      coreMs,
      paint,
      maxRequestBytes: batch.maxRequestBytes,
    };
    this.state.last = report;
    this.emit();
    return report;
  }

  /** Runs core over the cached month; returns the milliseconds spent in core. */
  private recompute(): number {
    const t0 = now();
    this.state.blocker = '';
    const settings = this.state.settings;
    const [rosterSheet, entrySheet, adjSheet] = this.sheets;
    const missing = this.sheets.filter((t) => !t.exists || t.cols === 0).map((t) => t.name);
    if (!settings || !settings.policy) {
      this.fail(settings?.problem ?? `未找到考核月份和考核方案（${SHEET.items}表的参数区）：请先点「初始化考核表」。`);
    } else if (missing.length > 0) {
      this.fail(`缺少工作表或表头：${missing.join('、')}。请点「初始化考核表」补齐。`);
    } else {
      try {
        const table = (t: Tracked): Table => ({ file: t.name, headers: t.headers, rows: t.rows, firstRow: 2 });
        this.policy = settings.policy;
        this.roster = readRosterTable(table(rosterSheet));
        const result = scoreMonth({
          policy: settings.policy,
          month: settings.month,
          roster: this.roster,
          entries: readEntryRecords(table(entrySheet)),
          adjustments: readAdjustmentRecords(table(adjSheet)),
          history: this.history,
        });
        this.state.result = result;
        this.state.problems = result.rejected;
      } catch (e) {
        this.fail(e instanceof Error ? e.message : String(e));
      }
    }
    return now() - t0;
  }

  private outsideRows(): number[] {
    const t = this.sheets.find((x) => x.role === 'entries')!;
    return [...t.outside].sort((a, b) => a - b);
  }

  private fail(message: string): void {
    this.state.blocker = message;
    this.state.result = null;
    this.state.problems = [];
  }

  /** What a sheet should show: every problem of its rows on the problem's column, and the row texts. */
  private paintFor(t: Tracked): SheetPaint {
    const marks: SheetMarks = new Map();
    const mine = this.state.problems.filter((p) => p.file === t.name && p.row >= 2);
    for (const p of mine) {
      const col = Math.min(this.columnOf(t.name, p.column), Math.max(0, t.cols - 1));
      let cells = marks.get(p.row);
      if (!cells) marks.set(p.row, (cells = new Map()));
      const before = cells.get(col);
      cells.set(col, before && before !== p.message ? `${before}；${p.message}` : p.message);
    }
    const texts = new Map<number, string[]>();
    if (t.painter.ownCols.length > 0 && this.state.result) {
      const statusCol =
        t.role === 'entries' ? (mapColumns(t.headers, t.schema).index as Record<string, number>).status : -1;
      const rows: Array<{ row: number; voided: boolean }> = [];
      t.rows.forEach((r, i) => {
        if (!isBlankRow(r))
          rows.push({ row: i + 2, voided: statusCol >= 0 && cleanText(r[statusCol] as Cell) === '作废' });
      });
      const verdict = t.verdictCol >= 0 ? verdicts(t.role, mine, rows) : new Map<number, string>();
      for (const { row } of rows) {
        const line: string[] = [];
        if (t.verdictCol >= 0) line.push(verdict.get(row) ?? '');
        if (t.messageCol >= 0) line.push(messageText(marks.get(row)));
        if (line.some((x) => x !== '')) texts.set(row, line);
      }
    }
    return { marks, texts };
  }

  private emit(): void {
    this.state.outsideFormulas = this.outsideRows();
    for (const fn of this.listeners) fn(this.state);
  }
}

/** The formulas of one column, rows firstRow..lastRow, in chunks (for the rare repair case). */
async function readFormulaColumn(
  context: XContext,
  sheet: XWorksheet,
  col: number,
  firstRow: number,
  lastRow: number,
): Promise<XCell[]> {
  const out: XCell[] = [];
  for (let r = firstRow; r <= lastRow; r += 20000) {
    const end = Math.min(lastRow, r + 19999);
    const range = sheet.getRange(rectAddress(col, 1, r, end)).load('formulas');
    await context.sync();
    for (const row of range.formulas as XCell[][]) out.push(row[0]);
  }
  return out;
}

/** An own column's cell as text ('' for blank). */
function cleanOwn(v: XCell): string {
  return v === null || v === undefined ? '' : String(v);
}

function isBlankRow(row: XCell[] | undefined): boolean {
  if (!row) return true;
  for (const c of row) if (c !== null && c !== undefined && String(c).trim() !== '') return false;
  return true;
}

/** Sorted, merged inclusive row spans. */
export function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = spans
    .map(([a, b]) => [Math.max(2, a), b] as [number, number])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

export { jsonBytes };
