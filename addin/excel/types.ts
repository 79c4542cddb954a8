/**
 * The few Excel objects the add-in touches, as narrow structural types. The real Office.js objects
 * satisfy them (checked at compile time in office-fit.ts), and the fake Excel (fakes/excel.ts) implements exactly these, so the
 * fake cannot drift from what the code uses. Values are `unknown` cells; core/values parses them.
 */
export type XCell = string | number | boolean | null;

export interface XFill {
  color: string;
  clear(): void;
}

export interface XRangeFormat {
  fill: XFill;
  font: { bold: boolean; color: string };
  columnWidth: number;
  wrapText: boolean;
}

/** Excel.DataValidationRule's parts used (ExcelApi 1.8; feature-detected). */

export interface XValidationRule {
  list?: { inCellDropDown: boolean; source: string | XRange | object };
  decimal?: { formula1: string | number | object; formula2?: string | number | object; operator: string };
  wholeNumber?: { formula1: string | number | object; formula2?: string | number | object; operator: string };
  custom?: { formula: string };
}

export interface XDataValidation {
  rule: XValidationRule;
  errorAlert: { message: string; showAlert: boolean; style: string; title: string };
  clear(): void;
}

/** Excel.ConditionalFormat of type Custom (ExcelApi 1.6). */
export interface XConditionalFormat {
  readonly custom: {
    readonly rule: { formula: string };
    readonly format: { readonly fill: { color: string }; readonly font: { color: string; strikethrough: boolean } };
  };
}

export interface XRange {
  readonly isNullObject: boolean;
  values: unknown[][];
  numberFormat: unknown[][];
  formulas: unknown[][];
  readonly address: string;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly format: XRangeFormat;
  readonly dataValidation: XDataValidation;
  readonly conditionalFormats: { add(type: 'Custom'): XConditionalFormat; clearAll(): void };
  columnHidden: boolean;
  load(propertyNames?: string | string[]): XRange;
  select(): void;
  clear(applyTo?: 'All' | 'Formats' | 'Contents'): void;
}

export interface XNote {
  content: string;
  delete(): void;
  getLocation(): XRange;
}

/** Excel.NoteCollection (ExcelApi 1.18). */
export interface XNoteCollection {
  readonly items: XNote[];
  add(cellAddress: XRange | string, content: unknown): XNote;
  getItem(key: string): XNote;
  load(propertyNames?: string | string[]): XNoteCollection;
}

export interface XChangedArgs {
  address: string;
  worksheetId: string;
  changeType: string;
  /** ExcelApi 1.14: 'ThisLocalAddin' when the add-in itself made the change. */
  triggerSource?: string;
}

/** Worksheet onRowSorted (ExcelApi 1.10) and worksheets onAdded / onDeleted (1.7): only the sheet matters. */
export interface XSheetEventArgs {
  worksheetId: string;
}

export interface XSelectionArgs {
  address: string;
  worksheetId: string;
}

export interface XEventSource<A> {
  add(handler: (args: A) => Promise<unknown>): unknown;
}

export interface XTable {
  name: string;
  style: string;
}

/**
 * Excel.WorksheetProtection (ExcelApi 1.2; the password argument 1.7). Undefined in a runtime without
 * it: the 定稿 button checks before writing anything.
 */
export interface XWorksheetProtection {
  readonly protected: boolean;
  /** Fails when the sheet is protected already (load `protected` first). */
  protect(options?: { allowFormatColumns?: boolean }, password?: string): void;
  load(propertyNames?: string | string[]): XWorksheetProtection;
}

export interface XWorksheet {
  readonly isNullObject: boolean;
  readonly id: string;
  name: string;
  readonly notes: XNoteCollection;
  readonly tables: { add(address: XRange | string, hasHeaders: boolean): XTable };
  readonly freezePanes: { freezeRows(count?: number): void; freezeAt(frozenRange: XRange | string): void };
  readonly onChanged: XEventSource<XChangedArgs>;
  readonly onSelectionChanged: XEventSource<XSelectionArgs>;
  /** ExcelApi 1.10; undefined in older office.js (feature-detected before use). */
  readonly onRowSorted: XEventSource<XSheetEventArgs>;
  readonly protection: XWorksheetProtection;
  /** 'Visible' | 'Hidden' | 'VeryHidden' (ExcelApi 1.2 to set). */
  visibility: string;
  getRange(address?: string): XRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XRange;
  load(propertyNames?: string | string[]): XWorksheet;
  activate(): void;
  delete(): void;
}

export interface XWorksheetCollection {
  readonly items: XWorksheet[];
  readonly onAdded: XEventSource<XSheetEventArgs>;
  readonly onDeleted: XEventSource<XSheetEventArgs>;
  getItemOrNullObject(key: string): XWorksheet;
  add(name?: string): XWorksheet;
  load(propertyNames?: string | string[]): XWorksheetCollection;
}

export interface XNamedItem {
  readonly isNullObject: boolean;
  /** The reference, e.g. ='考核项目'!$A$1 (ExcelApi 1.7). */
  readonly formula: unknown;
}

/** Excel.Application: the calculation mode (ExcelApi 1.8; feature-detected). */
export interface XApplication {
  readonly calculationMode: string;
  load(propertyNames?: string | string[]): unknown;
}

export interface XWorkbook {
  readonly worksheets: XWorksheetCollection;
  readonly application: XApplication;
  readonly names: {
    add(name: string, reference: XRange | string, comment?: string): unknown;
    getItemOrNullObject(name: string): XNamedItem & { load(p?: string | string[]): XNamedItem };
  };
}

export interface XContext {
  readonly workbook: XWorkbook;
  sync(): Promise<unknown>;
}

/** Runs a batch against Excel (Excel.run in the pane; the fake in tests). */
export type XRun = <T>(batch: (context: XContext) => Promise<T>) => Promise<T>;
