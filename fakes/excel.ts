/**
 * A typed fake of just the Excel objects the add-in uses (addin/excel/types.ts), with Office.js
 * semantics that matter for correctness and speed:
 *  - every write and load is queued and runs, in order, at context.sync();
 *  - reading a property that was not loaded (or before the sync) throws, like PropertyNotLoaded;
 *  - getItemOrNullObject gives a null object whose use in a batch fails the sync;
 *  - each sync is counted, and its request is sized per operation with the bytes office.js's own
 *    serializer produces (MEASURED_BYTES, from test/addin/request-size.browser.test.ts) plus the JSON
 *    of the values it carries; a request or response over Excel on the web's 5 MB fails the sync
 *    (RequestPayloadSizeLimitExceeded) and nothing of it is applied;
 *  - value writes fire onChanged after the sync (with or without triggerSource, like old/new hosts),
 *    with the address as Excel formats it (a single cell is 'I2', never 'I2:I2');
 *  - `oldRuntime`: the office.js of the npm package (1.1.110) has no Notes API: worksheet.notes is
 *    undefined, whatever requirement sets the host reports;
 *  - `editing`: while the user is in cell-edit mode a batch fails (InvalidOperationInCellEditMode)
 *    unless it was started with delayForCellEdit, which waits until the edit ends.
 * It records what was written: values, number formats, fills, notes, data validation, tables.
 */
import { Calculation } from './excel-calc';
import type {
  XChangedArgs,
  XConditionalFormat,
  XContext,
  XDataValidation,
  XEventSource,
  XNote,
  XNoteCollection,
  XRange,
  XRangeFormat,
  XRun,
  XSelectionArgs,
  XSheetEventArgs,
  XTable,
  XValidationRule,
  XWorkbook,
  XWorksheet,
  XWorksheetCollection,
  XWorksheetProtection,
} from '../addin/excel/types';
import { colLetter } from '../core/workbook/layout';

type V = string | number | boolean;

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
const colName = (i: number): string => colLetter(i + 1);

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
} // 1-based rows, 0-based cols

/** Strict A1 parser of the fake (independent of the add-in's own parser). */
export function rect(address: string): Rect {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address);
  if (!m) throw new Error(`fake: unsupported address ${address}`);
  const c0 = colIndex(m[1]);
  const r0 = Number(m[2]);
  const c1 = m[3] ? colIndex(m[3]) : c0;
  const r1 = m[4] ? Number(m[4]) : r0;
  return { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
}
export const addr = (r: Rect) =>
  r.r0 === r.r1 && r.c0 === r.c1 ? `${colName(r.c0)}${r.r0}` : `${colName(r.c0)}${r.r0}:${colName(r.c1)}${r.r1}`;
const key = (r: number, c: number) => `${r},${c}`;

export class SheetData {
  cells = new Map<string, V>();
  formats = new Map<string, string>();
  fills = new Map<string, string>();
  notes = new Map<string, string>();
  validations: Array<{ address: string; rule: XValidationRule }> = [];
  tables: Array<{ address: string; name: string; style: string }> = [];
  conditional: Array<{ address: string; formula: string; fill?: string; fontColor?: string; strike?: boolean }> = [];
  hiddenColumns = new Set<number>();
  /** Sheet protection (worksheet.protection.protect): the password as given ('' for none); null when unprotected. */
  protection: { password: string } | null = null;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  /** Like Excel: a protected sheet's (locked) cells refuse writes, and the whole batch fails. */
  refuseIfProtected(what: string): void {
    if (this.protection)
      throw Object.assign(new Error(`AccessDenied: ${what} on protected sheet ${this.name}`), { code: 'AccessDenied' });
  }
  frozenAt = '';
  bold = new Set<string>();
  frozenRows = 0;
  changed: Array<(a: XChangedArgs) => Promise<any>> = [];
  selection: Array<(a: XSelectionArgs) => Promise<any>> = [];
  sorted: Array<(a: XSheetEventArgs) => Promise<any>> = [];
  constructor(
    public id: string,
    public name: string,
  ) {}

  get(r: number, c: number): V | '' {
    return this.cells.get(key(r, c)) ?? '';
  }
  /** Told of every cell change (the calculation engine keeps itself current). */
  onSet: ((r: number, c: number, v: unknown) => void) | null = null;
  set(r: number, c: number, v: unknown): void {
    this.onSet?.(r, c, v);
    if (v === '' || v === null || v === undefined) this.cells.delete(key(r, c));
    else this.cells.set(key(r, c), v as V);
  }
  used(): Rect | null {
    let r0 = Infinity,
      c0 = Infinity,
      r1 = -1,
      c1 = -1;
    for (const k of this.cells.keys()) {
      const [r, c] = k.split(',').map(Number);
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }
  /** Rows as the user sees them (for assertions). */
  row(r: number, cols: number): Array<V | ''> {
    return Array.from({ length: cols }, (_, c) => this.get(r, c));
  }
}

export interface SyncRecord {
  ops: number;
  requestBytes: number;
  responseBytes: number;
  writes?: number;
}

/** The whole fake host: workbook data, counters, event delivery. */
export class FakeExcel {
  sheets: SheetData[] = [];
  names = new Map<string, string>();
  syncs = 0;
  log: SyncRecord[] = [];
  /** ExcelApi 1.14+ hosts say who made a change; older ones do not. */
  triggerSource = true;
  /** Events from own writes delivered so far (for tests). */
  ownEvents = 0;
  /** office.js without the Notes API (the npm copy): worksheet.notes is undefined. */
  oldRuntime = false;
  /** A runtime without Excel.WorksheetProtection: worksheet.protection is undefined. */
  noProtection = false;
  /**
   * Like Excel, a text written through range.values into a cell not formatted as text ('@') that looks
   * like a number or a date is stored as a number (a date as its serial). Off by default (older tests
   * write typed text as is).
   */
  coerceTypedText = false;
  /** Batches that failed because the user was in cell-edit mode. */
  editFailures = 0;
  /** Operations that changed the workbook (values, formats, fills, notes…), executed so far. */
  writes = 0;
  /** application.calculationMode ('Automatic' | 'AutomaticExceptTables' | 'Manual'). */
  calculationMode = 'Automatic';
  /**
   * Formula cells return what HyperFormula computes (fakes/excel-calc.ts) once `calculate()` was
   * called; before, a values read returns the formula text.
   */
  private calc: Calculation | null = null;
  private calcChanges: Array<{ sheet: string; r: number; c: number; value: unknown; format?: string }> = [];

  /** Turns on the calculation engine over the workbook as it is now (sheets added later are not included). */
  calculate(): void {
    this.calc?.destroy();
    const sheets = this.sheets;
    this.calc = new Calculation(
      sheets.map((x) => ({
        name: x.name,
        get: (i: number, j: number) => x.get(i, j),
        format: (i: number, j: number) => x.formats.get(key(i, j)),
        size: () => {
          const u = x.used();
          return u ? { rows: u.r1, cols: u.c1 + 1 } : { rows: 0, cols: 0 };
        },
      })),
      this.names,
    );
    for (const x of sheets)
      x.onSet = (r, c, value) =>
        this.calcChanges.push({ sheet: x.name, r, c, value, format: x.formats.get(key(r, c)) });
  }

  /** What a values read shows for a cell: the computed result of a formula (after calculate()). */
  shown(s: SheetData, r: number, c: number): unknown {
    const raw = s.get(r, c);
    if (!this.calc || !(typeof raw === 'string' && raw.startsWith('='))) return raw;
    this.calc.update(this.calcChanges);
    this.calcChanges = [];
    return this.calc.value(s.name, r, c);
  }
  private nextId = 1;
  private delivering: Promise<void> = Promise.resolve();
  private editing_ = false;
  private editEnded: Promise<void> = Promise.resolve();
  private endEditing: () => void = () => undefined;

  /** The user is typing in a cell (cell-edit mode) until set back to false. */
  get editing(): boolean {
    return this.editing_;
  }
  set editing(v: boolean) {
    if (v === this.editing_) return;
    this.editing_ = v;
    if (v) this.editEnded = new Promise((resolve) => (this.endEditing = resolve));
    else this.endEditing();
  }
  /** Resolves when cell-edit mode ends (what delayForCellEdit waits for). */
  whenNotEditing(): Promise<void> {
    return this.editEnded;
  }

  addSheet(name: string, rows: V[][] = []): SheetData {
    const s = new SheetData(`{sheet-${this.nextId++}}`, name);
    rows.forEach((row, i) => row.forEach((v, c) => s.set(i + 1, c, v)));
    this.sheets.push(s);
    return s;
  }
  sheet(name: string): SheetData {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`fake: no sheet ${name}`);
    return s;
  }
  has(name: string): boolean {
    return this.sheets.some((x) => x.name === name);
  }

  /** Excel.run(batch): fails in cell-edit mode. */
  run: XRun = async (batch) => batch(new FakeContext(this));
  /** Excel.run(options, batch). */
  runWith<T>(options: { delayForCellEdit?: boolean }, batch: (context: XContext) => Promise<T>): Promise<T> {
    return batch(new FakeContext(this, !!options.delayForCellEdit));
  }

  resetCounters(): void {
    this.syncs = 0;
    this.log = [];
  }
  get maxRequestBytes(): number {
    return Math.max(0, ...this.log.map((l) => Math.max(l.requestBytes, l.responseBytes)));
  }

  /** worksheets.onAdded / onDeleted handlers. */
  sheetAdded: Array<(a: XSheetEventArgs) => Promise<any>> = [];
  sheetDeleted: Array<(a: XSheetEventArgs) => Promise<any>> = [];

  /** HR renames a sheet (its id stays). */
  renameSheet(from: string, to: string): void {
    this.sheet(from).name = to;
  }

  /** HR adds a sheet (e.g. copied from last month's workbook): worksheets.onAdded fires. */
  async userAddSheet(name: string, rows: V[][] = []): Promise<SheetData> {
    const s = this.addSheet(name, rows);
    this.delivering = this.delivering.then(async () => {
      for (const h of this.sheetAdded) await h({ worksheetId: s.id });
    });
    await this.delivering;
    return s;
  }

  /**
   * HR sorts rows r0..r1 (columns c0..c1, e.g. the whole table) by column `by`: values, fills and notes
   * move with their rows, like Excel. onRowSorted fires, then onChanged for the sorted range.
   */
  async userSort(sheetName: string, r0: number, r1: number, c0: number, c1: number, by: number): Promise<void> {
    const s = this.sheet(sheetName);
    const rows = [];
    for (let r = r0; r <= r1; r++) {
      const cells = [];
      for (let c = c0; c <= c1; c++)
        cells.push({ v: s.get(r, c), fill: s.fills.get(key(r, c)), note: s.notes.get(`${colName(c)}${r}`) });
      rows.push(cells);
    }
    const text = (x: unknown) => String(x ?? '');
    rows.sort((a, b) =>
      text(a[by - c0].v) < text(b[by - c0].v) ? -1 : text(a[by - c0].v) > text(b[by - c0].v) ? 1 : 0,
    );
    rows.forEach((cells, i) =>
      cells.forEach((cell, j) => {
        const r = r0 + i;
        const c = c0 + j;
        s.set(r, c, cell.v);
        if (cell.fill) s.fills.set(key(r, c), cell.fill);
        else s.fills.delete(key(r, c));
        if (cell.note !== undefined) s.notes.set(`${colName(c)}${r}`, cell.note);
        else s.notes.delete(`${colName(c)}${r}`);
      }),
    );
    const address = `${colName(c0)}${r0}:${colName(c1)}${r1}`;
    this.delivering = this.delivering.then(async () => {
      for (const h of s.sorted) await h({ worksheetId: s.id });
    });
    await this.fire(s, {
      address,
      worksheetId: s.id,
      changeType: 'RangeEdited',
      triggerSource: this.triggerSource ? 'Unknown' : undefined,
    });
  }

  /** The user types or pastes a block at `address` (one event, like Excel). */
  async userEdit(sheetName: string, address: string, values: unknown[][]): Promise<void> {
    const s = this.sheet(sheetName);
    // Whole rows ('5:5', '5:7'): the values start in column A.
    const rows = /^(\d+):(\d+)$/.exec(address);
    const r = rows ? { r0: Number(rows[1]), r1: Number(rows[2]), c0: 0, c1: 16383 } : rect(address);
    values.forEach((row, i) => row.forEach((v, c) => s.set(r.r0 + i, r.c0 + c, v)));
    await this.fire(s, {
      address,
      worksheetId: s.id,
      changeType: 'RangeEdited',
      triggerSource: this.triggerSource ? 'Unknown' : undefined,
    });
  }

  /** Queued delivery of change events (handlers run after the sync that caused them). */
  fire(s: SheetData, args: XChangedArgs): Promise<void> {
    this.delivering = this.delivering.then(async () => {
      for (const h of s.changed) await h(args);
    });
    return this.delivering;
  }
  async settled(): Promise<void> {
    await this.delivering;
  }
  newId(): string {
    return `{sheet-${this.nextId++}}`;
  }
}

/** Excel on the web's payload limit (requests and responses), taken as 5,000,000 bytes. */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;

/**
 * Request bytes per operation as office.js serializes them (excel-web-16.00.js, RequestContext on a
 * local URL, body captured, at 6,000-7,000 operations per request). Values, texts and formulas add their JSON.
 */
export const MEASURED_BYTES = {
  fill: 591,
  fillClear: 582,
  /** range.values / numberFormat / formulas = …, without the JSON of the array */
  write: 296,
  noteAdd: 193,
  noteDelete: 281,
  noteSet: 282,
  /** conditionalFormats.add('Custom') plus rule, fill and font colour: 1,663 in all */
  conditionalAdd: 580,
  conditionalProperty: 360,
  /** a property set or method call on a range or sheet (bold, width, freeze, table, name…) */
  other: 591,
  /** a load (the request side; the response is sized by what it returns) */
  load: 200,
} as const;

const encoder = new TextEncoder();
const bytes = (v: unknown) => encoder.encode(JSON.stringify(v) ?? '').length;

class NotLoaded extends Error {
  constructor(what: string) {
    super(`PropertyNotLoaded: ${what} (load it and sync first)`);
  }
}

/** One Excel.run: a queue of operations executed at sync. */
export class FakeContext implements XContext {
  readonly workbook: XWorkbook;
  queue: Array<{ run: () => void; bytes: number; response?: () => number; write?: boolean }> = [];
  events: Array<[SheetData, XChangedArgs]> = [];
  constructor(
    readonly host: FakeExcel,
    readonly delayForCellEdit = false,
  ) {
    const h = this.host;
    let mode: string | null = null;
    const application = {
      get calculationMode(): string {
        if (mode === null) throw new NotLoaded('application.calculationMode');
        return mode;
      },
      load: () => {
        this.enqueue(
          () => (mode = h.calculationMode),
          MEASURED_BYTES.load,
          () => 40,
        );
        return application;
      },
    };
    this.workbook = {
      application,
      worksheets: new FakeWorksheets(this),
      names: {
        add: (name: string, reference: XRange | string) => {
          this.enqueue(() => {
            if (h.names.has(name)) throw new Error(`InvalidArgument: name ${name} exists`);
            h.names.set(name, String(reference));
          });
          return {};
        },
        getItemOrNullObject: (name: string) => {
          let resolved: boolean | null = null;
          let formula: string | null = null;
          const item = {
            get isNullObject(): boolean {
              if (resolved === null) throw new NotLoaded('isNullObject');
              return !resolved;
            },
            get formula(): string {
              if (formula === null) throw new NotLoaded('formula');
              return formula;
            },
            load: () => {
              this.enqueue(
                () => {
                  resolved = h.names.has(name);
                  formula = h.names.get(name) ?? '';
                },
                MEASURED_BYTES.load,
                () => 100,
              );
              return item;
            },
          };
          return item;
        },
      },
    };
  }
  enqueue(run: () => void, requestBytes: number = MEASURED_BYTES.other, response?: () => number): void {
    this.queue.push({ run, bytes: requestBytes, response, write: !response });
  }
  async sync(): Promise<void> {
    if (this.host.editing) {
      if (!this.delayForCellEdit) {
        this.queue = [];
        this.host.editFailures++;
        throw Object.assign(new Error('InvalidOperationInCellEditMode: Excel is in cell-editing mode.'), {
          code: 'InvalidOperationInCellEditMode',
        });
      }
      await this.host.whenNotEditing();
    }
    const q = this.queue;
    this.queue = [];
    this.host.syncs++;
    const req = q.reduce((n, op) => n + op.bytes, 0);
    let res = 0;
    if (req > PAYLOAD_LIMIT_BYTES) {
      this.host.log.push({ ops: q.length, requestBytes: req, responseBytes: 0 });
      throw Object.assign(new Error(`RequestPayloadSizeLimitExceeded: request of ${req} bytes`), {
        code: 'RequestPayloadSizeLimitExceeded',
      });
    }
    let writes = 0;
    try {
      for (const op of q) {
        op.run();
        if (op.response) res += op.response();
        if (op.write) writes++;
      }
    } finally {
      this.host.writes += writes;
      this.host.log.push({ ops: q.length, requestBytes: req, responseBytes: res, writes });
    }
    if (res > PAYLOAD_LIMIT_BYTES)
      throw Object.assign(new Error(`ResponsePayloadSizeLimitExceeded: response of ${res} bytes`), {
        code: 'ResponsePayloadSizeLimitExceeded',
      });
    const events = this.events;
    this.events = [];
    await Promise.resolve();
    for (const [s, args] of events) void this.host.fire(s, args);
  }
  /** A value write by the add-in: recorded as an event the host will raise. */
  ownWrite(s: SheetData, address: string): void {
    this.events.push([
      s,
      {
        address,
        worksheetId: s.id,
        changeType: 'RangeEdited',
        triggerSource: this.host.triggerSource ? 'ThisLocalAddin' : undefined,
      },
    ]);
    this.host.ownEvents++;
  }
}

/** A proxy whose properties become readable once loaded and synced. */
class Loadable {
  protected loaded = new Set<string>();
  protected resolved = false;
  protected need(prop: string): void {
    if (!this.resolved || !this.loaded.has(prop)) throw new NotLoaded(prop);
  }
}

class FakeWorksheets implements XWorksheetCollection {
  private loadedItems: FakeWorksheet[] | null = null;
  readonly onAdded: XEventSource<XSheetEventArgs>;
  readonly onDeleted: XEventSource<XSheetEventArgs>;
  constructor(private readonly ctx: FakeContext) {
    this.onAdded = {
      add: (h) =>
        ctx.enqueue(
          () => ctx.host.sheetAdded.push(h),
          MEASURED_BYTES.other,
          () => 0,
        ),
    };
    this.onDeleted = {
      add: (h) =>
        ctx.enqueue(
          () => ctx.host.sheetDeleted.push(h),
          MEASURED_BYTES.other,
          () => 0,
        ),
    };
  }
  get items(): XWorksheet[] {
    if (!this.loadedItems) throw new NotLoaded('worksheets.items');
    return this.loadedItems;
  }
  /** By name or by id, like Office.js. */
  getItemOrNullObject(key: string): XWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.host.sheets.find((s) => s.name === key || s.id === key) ?? null);
  }
  add(name?: string): XWorksheet {
    const n = name ?? `Sheet${this.ctx.host.sheets.length + 1}`;
    this.ctx.enqueue(() => {
      if (this.ctx.host.has(n)) throw new Error(`fake: sheet ${n} exists`);
      this.ctx.host.addSheet(n);
    });
    return new FakeWorksheet(this.ctx, () => this.ctx.host.sheets.find((s) => s.name === n) ?? null);
  }
  load(): XWorksheetCollection {
    this.ctx.enqueue(
      () => {
        this.loadedItems = this.ctx.host.sheets.map((s) => {
          const w = new FakeWorksheet(this.ctx, () => s);
          w.markLoaded(['name', 'id']);
          return w;
        });
      },
      MEASURED_BYTES.load,
      () => bytes(this.ctx.host.sheets.map((s) => s.name)),
    );
    return this;
  }
}

class FakeWorksheet extends Loadable implements XWorksheet {
  private data: SheetData | null = null;
  private checkedNull = false;
  private readonly notes_: XNoteCollection;
  private readonly protection_: XWorksheetProtection;
  /** Undefined in a runtime without Excel.WorksheetProtection. */
  get protection(): XWorksheetProtection {
    return this.ctx.host.noProtection ? (undefined as unknown as XWorksheetProtection) : this.protection_;
  }
  get visibility(): string {
    this.need('visibility');
    return this.data!.visibility;
  }
  set visibility(v: string) {
    if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden') throw new Error(`fake: visibility ${v}`);
    this.ctx.enqueue(() => (this.sheetData().visibility = v));
  }
  delete(): void {
    this.ctx.enqueue(() => {
      const d = this.sheetData();
      this.ctx.host.sheets = this.ctx.host.sheets.filter((x) => x !== d);
    });
  }
  /** Undefined with the old runtime (no Excel.NoteCollection in the npm office.js). */
  get notes(): XNoteCollection {
    return this.ctx.host.oldRuntime ? (undefined as unknown as XNoteCollection) : this.notes_;
  }
  readonly tables: { add(address: XRange | string, hasHeaders: boolean): XTable };
  readonly freezePanes: { freezeRows(count?: number): void; freezeAt(frozenRange: XRange | string): void };
  readonly onChanged: XEventSource<XChangedArgs>;
  readonly onSelectionChanged: XEventSource<XSelectionArgs>;
  readonly onRowSorted: XEventSource<XSheetEventArgs>;
  constructor(
    readonly ctx: FakeContext,
    readonly find: () => SheetData | null,
  ) {
    super();
    this.notes_ = new FakeNotes(this);
    let isProtected: boolean | null = null;
    const protection: XWorksheetProtection = {
      get protected(): boolean {
        if (isProtected === null) throw new NotLoaded('protection.protected');
        return isProtected;
      },
      protect: (_options, password) =>
        ctx.enqueue(() => {
          const d = this.sheetData();
          // Excel: "Fails if the worksheet has already been protected."
          if (d.protection)
            throw Object.assign(new Error(`InvalidOperation: ${d.name} is protected already`), {
              code: 'InvalidOperation',
            });
          d.protection = { password: password ?? '' };
        }),
      load: () => {
        ctx.enqueue(
          () => (isProtected = this.sheetData().protection !== null),
          MEASURED_BYTES.load,
          () => 20,
        );
        return protection;
      },
    };
    this.protection_ = protection;
    this.tables = {
      add: (address, hasHeaders) => {
        if (!hasHeaders) throw new Error('fake: tables without headers not used');
        const a = typeof address === 'string' ? address : (address as unknown as FakeRange).addressText;
        const rec = { address: a, name: '', style: '' };
        ctx.enqueue(() => this.sheetData().tables.push(rec));
        return {
          get name(): string {
            throw new NotLoaded('table.name');
          },
          set name(v: string) {
            ctx.enqueue(() => (rec.name = v));
          },
          get style(): string {
            throw new NotLoaded('table.style');
          },
          set style(v: string) {
            ctx.enqueue(() => (rec.style = v));
          },
        };
      },
    };
    this.freezePanes = {
      freezeRows: (count = 1) => ctx.enqueue(() => (this.sheetData().frozenRows = count)),
      freezeAt: (at) =>
        ctx.enqueue(
          () => (this.sheetData().frozenAt = typeof at === 'string' ? at : (at as unknown as FakeRange).addressText),
        ),
    };
    // Handlers, activate and select change nothing in the workbook (a response of 0 marks a non-write).
    this.onChanged = {
      add: (h) =>
        ctx.enqueue(
          () => this.sheetData().changed.push(h),
          MEASURED_BYTES.other,
          () => 0,
        ),
    };
    this.onSelectionChanged = {
      add: (h) =>
        ctx.enqueue(
          () => this.sheetData().selection.push(h),
          MEASURED_BYTES.other,
          () => 0,
        ),
    };
    this.onRowSorted = {
      add: (h) =>
        ctx.enqueue(
          () => this.sheetData().sorted.push(h),
          MEASURED_BYTES.other,
          () => 0,
        ),
    };
  }
  markLoaded(props: string[]): void {
    props.forEach((p) => this.loaded.add(p));
    this.resolved = true;
    this.checkedNull = true;
    this.data = this.find();
  }
  /** Used inside queued operations: a null sheet fails the batch. */
  sheetData(): SheetData {
    const d = this.find();
    if (!d) throw new Error('ItemNotFound: worksheet');
    return d;
  }
  get isNullObject(): boolean {
    if (!this.checkedNull) throw new NotLoaded('isNullObject');
    return this.data === null;
  }
  get id(): string {
    this.need('id');
    return this.data!.id;
  }
  get name(): string {
    this.need('name');
    return this.data!.name;
  }
  set name(v: string) {
    this.ctx.enqueue(() => (this.sheetData().name = v));
  }
  load(propertyNames?: string | string[]): XWorksheet {
    const props =
      typeof propertyNames === 'string' ? propertyNames.split(',').map((p) => p.trim()) : (propertyNames ?? []);
    this.ctx.enqueue(
      () => this.markLoaded(props),
      MEASURED_BYTES.load,
      () => 60,
    );
    return this;
  }
  getRange(address?: string): XRange {
    if (!address) throw new Error('fake: getRange() without address not supported');
    return new FakeRange(this, () => rect(address));
  }
  getUsedRangeOrNullObject(): XRange {
    return new FakeRange(this, () => this.sheetData().used(), true);
  }
  activate(): void {
    this.ctx.enqueue(
      () => void this.sheetData(),
      MEASURED_BYTES.other,
      () => 0,
    );
  }
}

class FakeRange extends Loadable implements XRange {
  private r: Rect | null = null;
  private snapshot: { values: V[][]; numberFormat: string[][]; formulas: V[][] } | null = null;
  readonly format: XRangeFormat;
  readonly dataValidation: XDataValidation;
  readonly conditionalFormats: { add(type: 'Custom'): XConditionalFormat; clearAll(): void };
  constructor(
    readonly ws: FakeWorksheet,
    private readonly where: () => Rect | null,
    private readonly nullable = false,
  ) {
    super();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the object literals below have their own `this`
    const range = this;
    const ctx = ws.ctx;
    const each = (fn: (d: SheetData, r: number, c: number) => void) => () => {
      const d = ws.sheetData();
      d.refuseIfProtected('format');
      const r = range.rectNow();
      for (let i = r.r0; i <= r.r1; i++) for (let j = r.c0; j <= r.c1; j++) fn(d, i, j);
    };
    this.format = {
      fill: {
        get color(): string {
          throw new NotLoaded('format.fill.color');
        },
        set color(v: string) {
          ctx.enqueue(
            each((d, r, c) => d.fills.set(key(r, c), v)),
            MEASURED_BYTES.fill,
          );
        },
        clear: () =>
          ctx.enqueue(
            each((d, r, c) => d.fills.delete(key(r, c))),
            MEASURED_BYTES.fillClear,
          ),
      },
      font: {
        get bold(): boolean {
          throw new NotLoaded('format.font.bold');
        },
        set bold(v: boolean) {
          ctx.enqueue(each((d, r, c) => (v ? d.bold.add(key(r, c)) : d.bold.delete(key(r, c)))));
        },
        get color(): string {
          throw new NotLoaded('format.font.color');
        },
        set color(_v: string) {
          ctx.enqueue(() => undefined);
        },
      },
      get columnWidth(): number {
        throw new NotLoaded('format.columnWidth');
      },
      set columnWidth(_v: number) {
        ctx.enqueue(() => undefined);
      },
      get wrapText(): boolean {
        throw new NotLoaded('format.wrapText');
      },
      set wrapText(_v: boolean) {
        ctx.enqueue(() => undefined);
      },
    };
    let lastValidation: { address: string; rule: XValidationRule; message?: string } | null = null;
    this.dataValidation = {
      get errorAlert(): { message: string; showAlert: boolean; style: string; title: string } {
        throw new NotLoaded('errorAlert');
      },
      set errorAlert(v: { message: string; showAlert: boolean; style: string; title: string }) {
        ctx.enqueue(
          () => {
            if (lastValidation) lastValidation.message = v.message;
          },
          bytes(v) + MEASURED_BYTES.conditionalProperty,
        );
      },
      get rule(): XValidationRule {
        throw new NotLoaded('dataValidation.rule');
      },
      set rule(v: XValidationRule) {
        ctx.enqueue(
          () => {
            lastValidation = { address: addr(range.rectNow()), rule: v };
            ws.sheetData().validations.push(lastValidation);
          },
          bytes(v) + MEASURED_BYTES.conditionalAdd,
        );
      },
      clear: () =>
        ctx.enqueue(() => {
          const a = addr(range.rectNow());
          const d = ws.sheetData();
          d.validations = d.validations.filter((x) => x.address !== a);
        }),
    };
    this.conditionalFormats = {
      clearAll: () =>
        ctx.enqueue(() => {
          const a = addr(range.rectNow());
          const d = ws.sheetData();
          d.conditional = d.conditional.filter((c) => c.address !== a);
        }),
      add: () => {
        const rec: { address: string; formula: string; fill?: string; fontColor?: string; strike?: boolean } = {
          address: '',
          formula: '',
        };
        ctx.enqueue(() => {
          rec.address = addr(range.rectNow());
          ws.sheetData().conditional.push(rec);
        }, MEASURED_BYTES.conditionalAdd);
        const set = (fn: () => void) => ctx.enqueue(fn, MEASURED_BYTES.conditionalProperty);
        return {
          custom: {
            rule: {
              get formula(): string {
                return rec.formula;
              },
              set formula(v: string) {
                set(() => (rec.formula = v));
              },
            },
            format: {
              fill: {
                get color(): string {
                  return rec.fill ?? '';
                },
                set color(v: string) {
                  set(() => (rec.fill = v));
                },
              },
              font: {
                get color(): string {
                  return rec.fontColor ?? '';
                },
                set color(v: string) {
                  set(() => (rec.fontColor = v));
                },
                get strikethrough(): boolean {
                  return !!rec.strike;
                },
                set strikethrough(v: boolean) {
                  set(() => (rec.strike = v));
                },
              },
            },
          },
        };
      },
    };
  }
  set columnHidden(v: boolean) {
    this.ws.ctx.enqueue(() => {
      const r = this.rectNow();
      for (let c = r.c0; c <= r.c1; c++) {
        if (v) this.ws.sheetData().hiddenColumns.add(c);
        else this.ws.sheetData().hiddenColumns.delete(c);
      }
    });
  }
  get columnHidden(): boolean {
    throw new NotLoaded('columnHidden');
  }
  get addressText(): string {
    return addr(this.rectNow());
  }
  rectNow(): Rect {
    const r = this.where();
    if (!r) throw new Error('ItemNotFound: range is a null object');
    return r;
  }
  get isNullObject(): boolean {
    if (!this.resolved) throw new NotLoaded('isNullObject');
    return this.r === null;
  }
  get values(): any[][] {
    this.need('values');
    return this.snapshot!.values;
  }
  set values(v: any[][]) {
    this.write('values', v);
  }
  get numberFormat(): any[][] {
    this.need('numberFormat');
    return this.snapshot!.numberFormat;
  }
  set numberFormat(v: any[][]) {
    this.write('numberFormat', v);
  }
  get formulas(): any[][] {
    this.need('formulas');
    return this.snapshot!.formulas;
  }
  set formulas(v: any[][]) {
    this.write('formulas', v);
  }
  get address(): string {
    this.need('address');
    return `'${this.ws.sheetData().name}'!${addr(this.r!)}`;
  }
  get rowIndex(): number {
    this.need('rowIndex');
    return this.r!.r0 - 1;
  }
  get columnIndex(): number {
    this.need('columnIndex');
    return this.r!.c0;
  }
  get rowCount(): number {
    this.need('rowCount');
    return this.r!.r1 - this.r!.r0 + 1;
  }
  get columnCount(): number {
    this.need('columnCount');
    return this.r!.c1 - this.r!.c0 + 1;
  }

  private write(kind: 'values' | 'numberFormat' | 'formulas', v: any[][]): void {
    const ctx = this.ws.ctx;
    ctx.enqueue(
      () => {
        const d = this.ws.sheetData();
        const r = this.rectNow();
        if (v.length !== r.r1 - r.r0 + 1 || v.some((row) => row.length !== r.c1 - r.c0 + 1)) {
          throw new Error(`InvalidArgument: ${kind} of ${v.length}x${v[0]?.length} for ${addr(r)}`);
        }
        d.refuseIfProtected(kind);
        const host = this.ws.ctx.host;
        v.forEach((row, i) =>
          row.forEach((x, j) => {
            const k = key(r.r0 + i, r.c0 + j);
            if (kind === 'numberFormat') d.formats.set(k, String(x));
            else d.set(r.r0 + i, r.c0 + j, host.coerceTypedText && d.formats.get(k) !== '@' ? typedValue(x) : x);
          }),
        );
        if (kind !== 'numberFormat') ctx.ownWrite(d, addr(r));
      },
      bytes(v) + MEASURED_BYTES.write,
    );
  }

  load(propertyNames?: string | string[]): XRange {
    const props =
      typeof propertyNames === 'string' ? propertyNames.split(',').map((p) => p.trim()) : (propertyNames ?? []);
    let size = 0;
    this.ws.ctx.enqueue(
      () => {
        const d = this.nullable ? this.ws.find() : this.ws.sheetData();
        this.r = d ? this.where() : null;
        if (!this.nullable && !this.r) throw new Error('ItemNotFound: range');
        props.forEach((p) => this.loaded.add(p));
        this.resolved = true;
        if (this.r && d) {
          const r = this.r;
          const grid = <T>(f: (i: number, j: number) => T): T[][] =>
            Array.from({ length: r.r1 - r.r0 + 1 }, (_, i) =>
              Array.from({ length: r.c1 - r.c0 + 1 }, (_, j) => f(r.r0 + i, r.c0 + j)),
            );
          this.snapshot = {
            values: props.includes('values') ? grid((i, j) => this.ws.ctx.host.shown(d, i, j) as V) : [],
            numberFormat: props.includes('numberFormat') ? grid((i, j) => d.formats.get(key(i, j)) ?? 'General') : [],
            formulas: props.includes('formulas') ? grid((i, j) => d.get(i, j)) : [],
          };
          size = bytes(this.snapshot.values) + bytes(this.snapshot.numberFormat) + bytes(this.snapshot.formulas);
        }
      },
      MEASURED_BYTES.load,
      () => size + 100,
    );
    return this;
  }
  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this.ws.ctx.enqueue(() => {
      const d = this.ws.sheetData();
      d.refuseIfProtected('clear');
      const r = this.rectNow();
      for (let i = r.r0; i <= r.r1; i++) {
        for (let j = r.c0; j <= r.c1; j++) {
          if (applyTo !== 'Formats') d.set(i, j, '');
          if (applyTo !== 'Contents') {
            d.fills.delete(key(i, j));
            d.formats.delete(key(i, j));
          }
        }
      }
      if (applyTo !== 'Formats') this.ws.ctx.ownWrite(d, addr(r));
    });
  }
  select(): void {
    this.ws.ctx.enqueue(
      () => {
        const d = this.ws.sheetData();
        (this.ws.ctx.host as FakeExcel & { selected?: string }).selected = `${d.name}!${addr(this.rectNow())}`;
      },
      MEASURED_BYTES.other,
      () => 0,
    );
  }
}

class FakeNotes implements XNoteCollection {
  private loadedItems: XNote[] | null = null;
  constructor(private readonly ws: FakeWorksheet) {}
  get items(): XNote[] {
    if (!this.loadedItems) throw new NotLoaded('notes.items');
    return this.loadedItems;
  }
  add(cellAddress: XRange | string, content: any): XNote {
    const a = typeof cellAddress === 'string' ? cellAddress : (cellAddress as FakeRange).addressText;
    this.ws.ctx.enqueue(
      () => {
        const d = this.ws.sheetData();
        if (d.notes.has(a)) throw new Error(`InvalidArgument: cell ${a} already has a note`);
        d.notes.set(a, String(content));
      },
      MEASURED_BYTES.noteAdd + bytes(content),
    );
    return this.note(a);
  }
  getItem(k: string): XNote {
    return this.note(k);
  }
  private note(a: string): XNote {
    const ws = this.ws;
    const exists = () => {
      const d = ws.sheetData();
      if (!d.notes.has(a)) throw new Error(`ItemNotFound: note ${a}`);
      return d;
    };
    let content: string | null = null;
    return {
      get content(): string {
        if (content === null) throw new NotLoaded('note.content');
        return content;
      },
      set content(v: string) {
        ws.ctx.enqueue(() => exists().notes.set(a, v), MEASURED_BYTES.noteSet + bytes(v));
      },
      delete: () => ws.ctx.enqueue(() => exists().notes.delete(a), MEASURED_BYTES.noteDelete),
      getLocation: () => new FakeRange(ws, () => rect(a)),
      // used by load('items/content')
      set _loaded(v: string) {
        content = v;
      },
    } as XNote & { _loaded: string };
  }
  load(): XNoteCollection {
    let size = 0;
    this.ws.ctx.enqueue(
      () => {
        const d = this.ws.sheetData();
        this.loadedItems = [...d.notes.entries()].map(([a, c]) => {
          const n = this.note(a) as XNote & { _loaded: string };
          n._loaded = c;
          return n;
        });
        size = bytes([...d.notes.values()]);
      },
      MEASURED_BYTES.load,
      () => size,
    );
    return this;
  }
}

/** What Excel stores for a text typed into a General cell: a number or date-time text becomes a number. */
export function typedValue(x: unknown): unknown {
  if (typeof x !== 'string') return x;
  const t = x.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
    return Math.round((ms / 86400000 + 25569) * 1e10) / 1e10;
  }
  return x;
}

export { colName };
