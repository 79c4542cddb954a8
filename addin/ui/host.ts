/**
 * What the pane can use in the Excel it runs in. Kept free of the DOM so it is tested without a browser.
 *
 * An API is used only when the host says its requirement set is supported AND the loaded office.js
 * defines it: a host can support ExcelApi 1.18 while an old office.js (the npm copy, 1.1.110) has no
 * Excel.NoteCollection, and calling it then throws. The pane loads office.js from Microsoft's CDN
 * (OFFICE_JS_CDN), which Microsoft keeps current; the presence check still guards every case.
 */
import type { XRun } from '../excel/types';

/** Where Microsoft requires add-ins to load office.js from (the pane's <script>; tests route it to a local copy). */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface HostInfo {
  /** null outside Excel. */
  run: XRun | null;
  notes: boolean;
  dataValidation: boolean;
  /** ExcelApi 1.8: application.calculationMode is readable. */
  calculationMode: boolean;
  /** ExcelApi 1.10: worksheets raise onRowSorted. */
  rowSorted: boolean;
  /** Why the pane is read-only ('' inside a supported Excel). */
  unavailable: string;
}

/** The parts of the Office and Excel globals this module reads. */
export interface OfficeGlobal {
  HostType: { Excel: unknown };
  context: { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}
export interface ExcelGlobal {
  run(options: { delayForCellEdit?: boolean }, batch: (context: never) => Promise<unknown>): Promise<unknown>;
  [api: string]: unknown;
}

export const OUTSIDE =
  '此任务窗格需要在 Excel 中使用：在 Excel（Windows、Mac 或网页版）中旁加载本加载项后，点「开始」选项卡上的「考核助手」。当前为预览，按钮不可用。';
export const TOO_OLD = '此 Excel 版本过旧（需要 ExcelApi 1.7 或更高，即 Excel 2019 / Microsoft 365）。';

/** Requirement set supported and the class present in the loaded office.js. */
function has(office: OfficeGlobal, excel: ExcelGlobal, version: string, api: string): boolean {
  let supported = false;
  try {
    supported = office.context.requirements.isSetSupported('ExcelApi', version);
  } catch {
    supported = false;
  }
  return supported && typeof excel[api] === 'function';
}

/**
 * The host the pane connects to. Every batch runs with delayForCellEdit: while HR is typing in a cell,
 * Excel waits until the cell is left instead of failing the batch (ExcelApi 1.11 hosts; older hosts
 * ignore the option, and the change watcher retries a failed check).
 */
export function hostInfo(
  info: { host: unknown } | null,
  office: OfficeGlobal | undefined,
  excel: ExcelGlobal | undefined,
): HostInfo {
  if (!info || !office || !excel || info.host !== office.HostType.Excel)
    return {
      run: null,
      notes: false,
      dataValidation: false,
      calculationMode: false,
      rowSorted: false,
      unavailable: OUTSIDE,
    };
  if (!office.context.requirements.isSetSupported('ExcelApi', '1.7'))
    return {
      run: null,
      notes: false,
      dataValidation: false,
      calculationMode: false,
      rowSorted: false,
      unavailable: TOO_OLD,
    };
  const run: XRun = (batch) => excel.run({ delayForCellEdit: true }, (context) => batch(context)) as never;
  return {
    run,
    notes: has(office, excel, '1.18', 'NoteCollection'),
    dataValidation: has(office, excel, '1.8', 'DataValidation'),
    calculationMode: has(office, excel, '1.8', 'Application'),
    rowSorted: office.context.requirements.isSetSupported('ExcelApi', '1.10'),
    unavailable: '',
  };
}
