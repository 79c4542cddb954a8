/**
 * Listens to worksheet onChanged (ExcelApi 1.7) on the input sheets, ignores the add-in's own writes,
 * and hands the changed areas to the checker after a short quiet period, merged into one batch (a
 * paste arrives as one or several events; either way it is checked once). The event payload is only
 * used for *where*: the rows are re-read by the checker, never taken from the event.
 */
import { Area, parseAddress } from './io';
import type { XChangedArgs, XRun, XSelectionArgs, XSheetEventArgs } from './types';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ChangeBatch {
  sheet: string;
  areas: Area[];
  /** Rows or columns were inserted/deleted: cached row numbers are stale. */
  structural: boolean;
}

/** Pauses before retrying a failed check; after the last one the rows wait for the next edit or flush. */
const RETRY_PAUSES_MS = [1000, 2000, 5000, 10000, 30000];

/** Pending echoes kept per sheet at most. */
const MAX_ECHOES = 64;

/** The cells an address covers, as one comparable key ('I2', '$I$2' and 'I2:I2' are the same). */
export function areaKey(address: string): string {
  return parseAddress(address)
    .map((a) => `${a.firstRow}-${a.lastRow}:${a.firstCol}-${a.lastCol}`)
    .join(',');
}

const STRUCTURAL = new Set([
  'RowInserted',
  'RowDeleted',
  'ColumnInserted',
  'ColumnDeleted',
  'CellInserted',
  'CellDeleted',
]);

export interface ChangeWatcherOptions {
  run: XRun;
  /** Checks one merged batch of changed areas. */
  sink: (batch: ChangeBatch) => Promise<void>;
  /** The add-in's own columns per sheet (0-based): edits only there are ours. */
  ownColumns: (sheet: string) => number[];
  /** The quiet period before a batch is handed on (default 300 ms). */
  delayMs?: number;
  timers?: Timers;
  /** A selection moved to `address` on `sheet`. */
  onSelect?: (sheet: string, address: string) => void;
  /** A check failed (it is retried). */
  onError?: (e: unknown) => void;
}

export class ChangeWatcher {
  private readonly names = new Map<string, string>();
  private pending = new Map<string, ChangeBatch>();
  private timer: unknown = null;
  private running: Promise<void> = Promise.resolve();
  /** Addresses the add-in is about to write (per sheet): their echo is ignored once. */
  private readonly echoes = new Map<string, string[]>();
  ignored = 0;
  delivered = 0;
  /** Failed flushes in a row (reset by a successful one). */
  private failures = 0;

  private readonly run: XRun;
  private readonly sink: (batch: ChangeBatch) => Promise<void>;
  private readonly ownColumns: (sheet: string) => number[];
  private readonly delayMs: number;
  private readonly timers: Timers;
  private readonly onSelect?: (sheet: string, address: string) => void;
  private readonly onError: (e: unknown) => void;

  constructor(options: ChangeWatcherOptions) {
    this.run = options.run;
    this.sink = options.sink;
    this.ownColumns = options.ownColumns;
    this.delayMs = options.delayMs ?? 300;
    this.timers = options.timers ?? realTimers;
    this.onSelect = options.onSelect;
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * Called when sheets were added or deleted (a sheet copied in from last month's workbook): the pane
   * attaches to the new sheets and checks everything again.
   */
  onSheetsChanged: (() => void) | null = null;
  /** Whether the host raises onRowSorted (ExcelApi 1.10): a sort then re-checks the whole sheet. */
  watchSorts = false;
  private watchingWorkbook = false;

  /**
   * Registers the handlers on the sheets that exist (one sync); returns the names found. Sheets are
   * remembered by id, so a renamed sheet keeps its handlers and is still reported under its role's name.
   */
  async attach(sheetNames: string[]): Promise<string[]> {
    return this.run(async (context) => {
      const sheets = sheetNames.map((n) => context.workbook.worksheets.getItemOrNullObject(n).load('id,name'));
      await context.sync();
      const found: string[] = [];
      sheets.forEach((s, i) => {
        if (s.isNullObject || this.names.has(s.id)) return;
        this.names.set(s.id, sheetNames[i]);
        s.onChanged.add((args) => this.onChanged(args));
        if (this.onSelect) s.onSelectionChanged.add((args) => this.onSelection(args));
        if (this.watchSorts && s.onRowSorted) s.onRowSorted.add((args) => this.onSorted(args));
        found.push(s.name);
      });
      if (!this.watchingWorkbook) {
        this.watchingWorkbook = true;
        const changed = async () => {
          this.onSheetsChanged?.();
        };
        context.workbook.worksheets.onAdded.add(changed);
        context.workbook.worksheets.onDeleted.add(changed);
      }
      await context.sync();
      return found;
    });
  }

  /** A sort moves rows (with their fills and notes): the sheet is checked in full, like an insert. */
  private onSorted = async (args: XSheetEventArgs): Promise<void> => {
    const sheet = this.names.get(args.worksheetId);
    if (!sheet) return;
    const batch = this.pending.get(sheet) ?? { sheet, areas: [], structural: false };
    batch.structural = true;
    this.pending.set(sheet, batch);
    this.schedule(this.delayMs);
  };

  /**
   * Tell the watcher an own write to `address` on `sheet` is coming. On hosts that do not say who made a
   * change (before ExcelApi 1.14) its event is recognised by the cells it covers ('I2' and 'I2:I2' are
   * one cell) and dropped once; on newer hosts triggerSource decides and the echo is only bookkeeping.
   * Returns a function that withdraws the echo (call it when the write failed: no event will come).
   */
  expectEcho(sheet: string, address: string): () => void {
    const key = areaKey(address);
    const list = this.echoes.get(sheet) ?? [];
    list.push(key);
    // A bounded list: echoes of writes whose event never came cannot pile up.
    if (list.length > MAX_ECHOES) list.splice(0, list.length - MAX_ECHOES);
    this.echoes.set(sheet, list);
    return () => {
      const at = list.indexOf(key);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Exposed for tests and for the host's event plumbing. */
  onChanged = async (args: XChangedArgs): Promise<void> => {
    const sheet = this.names.get(args.worksheetId);
    if (!sheet) return;
    if (this.isOwn(sheet, args)) {
      this.ignored++;
      return;
    }
    const areas = parseAddress(args.address);
    const batch = this.pending.get(sheet) ?? { sheet, areas: [], structural: false };
    batch.areas.push(...areas);
    batch.structural = batch.structural || STRUCTURAL.has(args.changeType);
    this.pending.set(sheet, batch);
    this.schedule(this.delayMs);
  };

  private onSelection = async (args: XSelectionArgs): Promise<void> => {
    const sheet = this.names.get(args.worksheetId);
    if (sheet && this.onSelect) this.onSelect(sheet, args.address);
  };

  /**
   * Whether a change is the add-in's own write. When the host says who made the change (ExcelApi 1.14
   * triggerSource), that answer is final: a user's edit is checked even where an own write went before.
   */
  private isOwn(sheet: string, args: XChangedArgs): boolean {
    const key = areaKey(args.address);
    const expected = this.echoes.get(sheet);
    const at = expected ? expected.indexOf(key) : -1;
    if (args.triggerSource !== undefined && args.triggerSource !== null) {
      if (args.triggerSource !== 'ThisLocalAddin') return false;
      if (at >= 0) expected!.splice(at, 1);
      return true;
    }
    if (at >= 0) {
      expected!.splice(at, 1);
      return true;
    }
    const own = this.ownColumns(sheet);
    if (own.length === 0) return false;
    const areas = parseAddress(args.address);
    return (
      areas.length > 0 &&
      areas.every((a) => {
        if (!Number.isFinite(a.lastCol)) return false;
        for (let c = a.firstCol; c <= a.lastCol; c++) if (!own.includes(c)) return false;
        return true;
      })
    );
  }

  /**
   * Checks everything pending now (one batch per sheet), serialised behind any check still running.
   * A batch leaves the pending set only once its check succeeded: a check that failed (Excel busy, HR
   * in cell-edit mode on a host without delayForCellEdit, a lost connection) is put back and retried
   * after a growing pause; a later edit or flush takes it along too.
   */
  flush(): Promise<void> {
    this.running = this.running.then(async () => {
      const batches = [...this.pending.values()];
      this.pending = new Map();
      const failed: ChangeBatch[] = [];
      for (const b of batches) {
        this.delivered++;
        try {
          await this.sink(b);
        } catch (e) {
          failed.push(b);
          this.onError(e);
        }
      }
      if (failed.length > 0) {
        for (const b of failed) this.requeue(b);
        this.failures++;
        if (this.failures <= RETRY_PAUSES_MS.length) this.schedule(RETRY_PAUSES_MS[this.failures - 1]);
      } else if (batches.length > 0) {
        this.failures = 0;
      }
    });
    return this.running;
  }

  /** Changes not yet checked successfully (sheets), for the pane and the tests. */
  get pendingSheets(): string[] {
    return [...this.pending.keys()];
  }

  private requeue(b: ChangeBatch): void {
    const now = this.pending.get(b.sheet);
    if (!now) this.pending.set(b.sheet, b);
    else
      this.pending.set(b.sheet, {
        sheet: b.sheet,
        areas: [...b.areas, ...now.areas],
        structural: b.structural || now.structural,
      });
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Resolves when nothing is pending or running (tests, bench). */
  async idle(): Promise<void> {
    await this.running;
  }
}
