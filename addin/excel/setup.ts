/**
 * 初始化考核表: creates or repairs, in the open workbook, the sheets of the monthly workbook — the very
 * model the Node generator writes (core/workbook/model.ts buildMonthlyModel), so workbooks made either
 * way are one format. What is already in the workbook is input: the model is built from the workbook's
 * own 员工名单 / 考核记录 / 额外奖惩 rows (so 月度汇总 gets a row per employee), and a sheet that
 * already holds data is kept and reported, never overwritten.
 */
import { InputError } from '../../core/problems';
import { ADJUSTMENT_SCHEMA, ENTRY_SCHEMA, ROSTER_SCHEMA } from '../../core/input/schemas';
import { readRoster, tableToRecords } from '../../core/input/records';
import { RecordSchema, Table, mapColumns } from '../../core/input/table';
import type { Policy } from '../../core/policy/types';
import type { PastMonth } from '../../core/scoring/warnings';
import type { AdjustmentRecord, EntryRecord, RawRecord, RosterRecord } from '../../core/input/records';
import { scoreMonth } from '../../core/scoring/monthly';
import { SHEET } from '../../core/workbook/sheets';
import { ROSTER_SPARE_ROWS } from '../../core/workbook/layout';
import { BlockModel, Scalar, SheetModel, WorkbookModel, buildMonthlyModel, formulaAt } from '../../core/workbook/model';
import { OP_BYTES, WriteBatch, columnLetter, countingSyncs, jsonBytes, readRowsChunked, rectAddress } from './io';
import type { XCell, XContext, XRange, XRun, XWorksheet } from './types';

export interface SetupFeatures {
  /** ExcelApi 1.8: data validation (drop-downs). */
  dataValidation: boolean;
}

export type SetupAction = 'created' | 'filled' | 'kept';

export interface SetupLine {
  sheet: string;
  action: SetupAction;
  /** Chinese detail for the pane. */
  detail: string;
}

export interface SetupReport {
  lines: SetupLine[];
  syncs: number;
  month: string;
  policyId: string;
}

/** Rows of formulas and formats prepared below the data of input sheets (Excel tables extend them). */
export const SPARE_ROWS = 2000;

/** Column width of the model (characters) in points, as Excel's Office.js wants it. */
const widthPoints = (chars: number) => Math.round(chars * 6 + 5);

const INPUT_SCHEMAS = {
  [SHEET.roster]: ROSTER_SCHEMA,
  [SHEET.entries]: ENTRY_SCHEMA,
  [SHEET.adjustments]: ADJUSTMENT_SCHEMA,
} as const;

interface Existing {
  exists: boolean;
  /** Non-empty cells in the used range (values only). */
  hasData: boolean;
  rows: XCell[][];
}

/**
 * Set-up in a few round trips: (1) which sheets exist, (2) their used ranges, (3..) the input sheets'
 * rows in bulk, then the writes (chunked under 5 MB).
 */
interface WorkbookInputs {
  existing: Map<string, Existing>;
  model: WorkbookModel;
  problems: string[];
}

/** Reads which model sheets exist and the input sheets' rows (bulk), and builds the model from them. */
async function readAndModel(
  counted: XContext,
  opts: { policy: Policy; month: string; history?: PastMonth[]; now?: () => string },
): Promise<WorkbookInputs> {
  const ws = counted.workbook.worksheets;
  ws.load('items/name');
  await counted.sync();
  const present = new Set(ws.items.map((s) => s.name));
  const existing = new Map<string, Existing>();
  const used = new Map<string, XRange>();
  for (const name of Object.values(SHEET)) {
    if (!present.has(name)) continue;
    used.set(
      name,
      ws.getItemOrNullObject(name).getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount'),
    );
  }
  if (used.size > 0) await counted.sync();
  for (const name of Object.values(SHEET)) {
    const u = used.get(name);
    existing.set(name, { exists: present.has(name), hasData: !!u && !u.isNullObject, rows: [] });
  }
  // The input sheets' rows are the model's input (bulk reads, counted through `counted`).
  for (const name of [SHEET.roster, SHEET.entries, SHEET.adjustments]) {
    const u = used.get(name);
    if (!u || u.isNullObject) continue;
    const width = u.columnIndex + u.columnCount;
    const height = u.rowIndex + u.rowCount;
    existing.get(name)!.rows = await readRowsChunked(counted, ws.getItemOrNullObject(name), width, 1, height);
  }
  const problems: string[] = [];
  const records = (name: string, schema: RecordSchema<string>): RawRecord<string>[] => {
    const rows = existing.get(name)!.rows;
    if (rows.length === 0) return [];
    const table: Table = { file: name, headers: rows[0], rows: rows.slice(1), firstRow: 2 };
    try {
      return tableToRecords(table, schema);
    } catch (e) {
      if (e instanceof InputError) problems.push(e.message);
      else throw e;
      return [];
    }
  };
  const rosterRecords = records(SHEET.roster, ROSTER_SCHEMA) as RosterRecord[];
  const entries = records(SHEET.entries, ENTRY_SCHEMA) as EntryRecord[];
  const adjustments = records(SHEET.adjustments, ADJUSTMENT_SCHEMA) as AdjustmentRecord[];
  const roster = readRoster(rosterRecords);
  const history = opts.history ?? [];
  const result = scoreMonth({ policy: opts.policy, month: opts.month, roster, entries, adjustments, history });
  const model = buildMonthlyModel({
    policy: opts.policy,
    month: opts.month,
    roster,
    rosterRecords,
    entries,
    adjustments,
    result,
    history,
    generatedAt: (opts.now ?? (() => new Date().toISOString()))(),
    sources: { roster: '（本工作簿）', entries: '（本工作簿）', adjustments: '（本工作簿）' },
  });
  return { existing, model, problems };
}

/**
 * Set-up in a few round trips: (1) which sheets exist, (2) their used ranges, (3..) the input sheets'
 * rows in bulk, then the writes (chunked under 5 MB).
 */
export async function setupWorkbook(
  run: XRun,
  opts: { policy: Policy; month: string; features: SetupFeatures; history?: PastMonth[]; now?: () => string },
): Promise<SetupReport> {
  return run(async (context) => {
    const counted = countingSyncs(context);
    const ws = counted.workbook.worksheets;
    const { existing, model, problems } = await readAndModel(counted, opts);
    const lines: SetupLine[] = [];
    const batch = new WriteBatch(counted);
    for (const sheetModel of model.sheets) {
      const ex = existing.get(sheetModel.name) ?? { exists: false, hasData: false, rows: [] };
      if (ex.hasData) {
        const helpers = sheetModel.name === SHEET.roster ? '；右侧隐藏的辅助列已写入公式' : '';
        lines.push({ sheet: sheetModel.name, action: 'kept', detail: keptDetail(sheetModel, ex.rows) + helpers });
        // the roster HR typed keeps its cells; its hidden helper columns (工号数字, 记录首行, 入职日期值) are
        // what the entries' formulas look up, so they are written as `kaohe monthly` writes them
        if (sheetModel.name === SHEET.roster)
          await writeHelperColumns(batch, ws.getItemOrNullObject(sheetModel.name), sheetModel, ex.rows.length);
        continue;
      }
      const sheet = ex.exists ? ws.getItemOrNullObject(sheetModel.name) : ws.add(sheetModel.name);
      await writeSheet(batch, sheet, sheetModel, opts.features);
      lines.push({
        sheet: sheetModel.name,
        action: ex.exists ? 'filled' : 'created',
        detail: ex.exists ? '原为空表，已写入' : '已新建',
      });
    }
    await writeNames(batch, counted, model);
    await batch.flush();
    for (const p of problems) lines.push({ sheet: '', action: 'kept', detail: p });
    return { lines, syncs: counted.syncs, month: opts.month, policyId: opts.policy.id };
  });
}

/**
 * 刷新公式: after the roster grew or entries went past the formulas' rows, rewrites what is derived —
 * the formula (helper) columns of 考核记录 and 额外奖惩 for every row plus spare rows, their
 * conditional fills and drop-downs, and the whole 月度汇总 (derived, never typed) — from the model of the
 * workbook's current data. Cells HR typed (the input columns) are never written.
 */
export async function refreshFormulas(
  run: XRun,
  opts: { policy: Policy; month: string; features: SetupFeatures; history?: PastMonth[]; now?: () => string },
): Promise<SetupReport> {
  return run(async (context) => {
    const counted = countingSyncs(context);
    const ws = counted.workbook.worksheets;
    const { existing, model, problems } = await readAndModel(counted, opts);
    if (problems.length > 0) throw new InputError(problems.join('\n'), 'REFRESH_BLOCKED');
    const lines: SetupLine[] = [];
    const batch = new WriteBatch(counted);
    for (const m of model.sheets) {
      const ex = existing.get(m.name);
      if (!ex?.exists) continue;
      const sheet = ws.getItemOrNullObject(m.name);
      if (m.name === SHEET.summary) {
        await batch.add(OP_BYTES.other, () => {
          const all = sheet.getRange(
            'A1:' +
              columnLetter(Math.max(60, m.blocks[0].columns.length)) +
              String(Math.max(2, ex.rows.length + 2, m.blocks[0].rows.length + 2) + 5000),
          );
          all.conditionalFormats.clearAll();
          all.clear('All');
        });
        await writeSheet(batch, sheet, { ...m, table: undefined }, opts.features);
        lines.push({ sheet: m.name, action: 'filled', detail: `已按员工名单重写（${m.blocks[0].rows.length} 人）` });
        continue;
      }
      if (m.name === SHEET.roster) {
        await writeHelperColumns(batch, sheet, m, ex.rows.length);
        lines.push({ sheet: m.name, action: 'filled', detail: '辅助列公式已重写（录入的数据未改动）' });
        continue;
      }
      if (m.name !== SHEET.entries && m.name !== SHEET.adjustments) continue;
      const b = m.blocks[0];
      await writeFormulas(batch, sheet, b, b.rows.length);
      for (const f of m.fills)
        await batch.add(OP_BYTES.other, () => sheet.getRange(f.ref).conditionalFormats.clearAll());
      await writeRules(batch, sheet, m, opts.features);
      lines.push({
        sheet: m.name,
        action: 'filled',
        detail: `公式已覆盖第2行至第${b.row + b.rows.length}行（录入的数据未改动）`,
      });
    }
    await batch.flush();
    return { lines, syncs: counted.syncs, month: opts.month, policyId: opts.policy.id };
  });
}

function keptDetail(sheetModel: SheetModel, rows: XCell[][]): string {
  const schema = (INPUT_SCHEMAS as Record<string, typeof ROSTER_SCHEMA>)[sheetModel.name];
  const dataRows = Math.max(0, rows.length - 1);
  if (schema && rows.length > 0) {
    const { missing } = mapColumns(rows[0], schema);
    if (missing.length > 0) return `已有数据，保留未改动；但缺少列「${missing.join('」「')}」，请补上表头`;
    return `已有数据（${dataRows} 行），保留未改动`;
  }
  return '已有数据，保留未改动';
}

/** Text that would be read as a formula or number stays text (numberFormat '@' before the value). */
const looksLikeFormula = (v: Scalar) => typeof v === 'string' && /^[=+\-@]/.test(v);

async function writeSheet(batch: WriteBatch, sheet: XWorksheet, m: SheetModel, features: SetupFeatures): Promise<void> {
  for (const block of m.blocks) await writeBlock(batch, sheet, m, block);
  if (m.freeze && (m.freeze.rows > 0 || m.freeze.cols > 0)) {
    const f = m.freeze;
    await batch.add(OP_BYTES.other, () => {
      if (f.cols > 0) sheet.freezePanes.freezeAt(rectAddress(0, f.cols, 1, Math.max(1, f.rows)));
      else sheet.freezePanes.freezeRows(f.rows);
    });
  }
  const main = m.blocks[0];
  if (m.table && main) {
    const last = main.row + Math.max(1, main.rows.length);
    const address = rectAddress(main.col - 1, main.columns.length, main.row, last);
    const t = m.table;
    await batch.add(OP_BYTES.other, () => {
      const table = sheet.tables.add(address, true);
      table.name = t.name;
      table.style = t.style;
    });
  }
  await writeRules(batch, sheet, m, features);
}

/** Drop-downs (ExcelApi 1.8) and conditional fills of a sheet model. */
async function writeRules(batch: WriteBatch, sheet: XWorksheet, m: SheetModel, features: SetupFeatures): Promise<void> {
  if (features.dataValidation) {
    for (const v of m.validations) {
      // clear, rule and error alert: about as much as a conditional format.
      await batch.add(OP_BYTES.conditionalFormat + jsonBytes(v), () => {
        const dv = sheet.getRange(v.ref).dataValidation;
        dv.clear();
        dv.rule = validationRule(v);
        dv.errorAlert = { message: v.error, showAlert: true, style: 'Stop', title: '输入有误' };
      });
    }
  }
  for (const f of m.fills) {
    await batch.add(OP_BYTES.conditionalFormat + jsonBytes(f), () => {
      const cf = sheet.getRange(f.ref).conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=' + f.formula;
      if (f.fill) cf.custom.format.fill.color = argbToHex(f.fill);
      if (f.fontColor) cf.custom.format.font.color = argbToHex(f.fontColor);
      if (f.strike) cf.custom.format.font.strikethrough = true;
    });
  }
}

async function writeBlock(batch: WriteBatch, sheet: XWorksheet, m: SheetModel, b: BlockModel): Promise<void> {
  const c0 = b.col - 1;
  const cols = b.columns.length;
  const headers = b.columns.map((c) => c.header);
  await batch.add(OP_BYTES.values + jsonBytes(headers), () => {
    const h = sheet.getRange(rectAddress(c0, cols, b.row, b.row));
    h.values = [headers];
    h.format.font.bold = true;
  });
  const isInput = m.name in INPUT_SCHEMAS;
  const formulaRows = b.rows.length > 0 ? b.rows.length : m.table ? 1 : 0;
  const lastFormatRow = b.row + Math.max(b.rows.length, isInput ? SPARE_ROWS : 0);
  for (let j = 0; j < cols; j++) {
    const col = b.columns[j];
    const letter = columnLetter(c0 + j);
    await batch.add(2 * OP_BYTES.other, () => {
      const whole = sheet.getRange(`${letter}1:${letter}1`);
      whole.format.columnWidth = widthPoints(col.width);
      if (col.hidden) sheet.getRange(`${letter}1:${letter}${Math.max(b.row, 1)}`).columnHidden = true;
    });
    const fmt = col.numFmt ?? (col.kind === 'text' ? '@' : col.kind === 'date' ? 'yyyy-mm-dd' : null);
    if (fmt && !col.formula && lastFormatRow > b.row) {
      const n = lastFormatRow - b.row;
      const formats = Array.from({ length: n }, () => [fmt]);
      await batch.add(
        OP_BYTES.values + jsonBytes(formats),
        () => (sheet.getRange(rectAddress(c0 + j, 1, b.row + 1, lastFormatRow)).numberFormat = formats),
      );
    }
  }
  // Values of the non-formula columns (text stays text: the columns above are '@' where the model says text).
  if (b.rows.length > 0) {
    const plain = b.columns.map((c) => !c.formula);
    let j = 0;
    while (j < cols) {
      if (!plain[j]) {
        j++;
        continue;
      }
      let k = j;
      while (k + 1 < cols && plain[k + 1]) k++;
      const values = b.rows.map((r) => r.slice(j, k + 1).map((v) => (v === null ? '' : v)));
      const texty = b.rows.some((r) => r.slice(j, k + 1).some(looksLikeFormula));
      for (let start = 0; start < values.length; start += 2000) {
        const part = values.slice(start, start + 2000);
        const first = b.row + 1 + start;
        await batch.add((texty ? 2 : 1) * (OP_BYTES.values + jsonBytes(part)), () => {
          const range = sheet.getRange(rectAddress(c0 + j, k - j + 1, first, first + part.length - 1));
          if (texty)
            range.numberFormat = part.map((r) => r.map((v) => (looksLikeFormula(v as Scalar) ? '@' : 'General')));
          range.values = part;
        });
      }
      j = k + 1;
    }
  }
  await writeFormulas(batch, sheet, b, formulaRows);
  // single formula cells (考核项目's 月初/月末 follow 考核月份)
  for (let j = 0; j < cols; j++) {
    for (const [i, f] of Object.entries(b.columns[j].cellFormulas ?? {})) {
      const r = b.row + 1 + Number(i);
      await batch.add(
        OP_BYTES.values + jsonBytes([[f]]),
        () => (sheet.getRange(rectAddress(c0 + j, 1, r, r)).formulas = [['=' + f]]),
      );
    }
  }
}

/**
 * The hidden formula columns of 员工名单 when its typed cells are kept: their headers, hidden, and their
 * formulas on every row read (`sheetRows`, header included) plus ROSTER_SPARE_ROWS blank rows.
 */
async function writeHelperColumns(
  batch: WriteBatch,
  sheet: XWorksheet,
  m: SheetModel,
  sheetRows: number,
): Promise<void> {
  const b = m.blocks[0];
  const c0 = b.col - 1;
  for (let j = 0; j < b.columns.length; j++) {
    const col = b.columns[j];
    if (!col.formula) continue;
    const letter = columnLetter(c0 + j);
    await batch.add(OP_BYTES.values + jsonBytes([[col.header]]), () => {
      const h = sheet.getRange(`${letter}${b.row}:${letter}${b.row}`);
      h.values = [[col.header]];
      h.format.font.bold = true;
      if (col.hidden) h.columnHidden = true;
    });
  }
  await writeFormulas(batch, sheet, b, Math.max(b.rows.length, Math.max(0, sheetRows - b.row) + ROSTER_SPARE_ROWS));
}

/** Formula columns of a block, rows 1..formulaRows below the header: one range per column and chunk. */
async function writeFormulas(batch: WriteBatch, sheet: XWorksheet, b: BlockModel, formulaRows: number): Promise<void> {
  const c0 = b.col - 1;
  // {r} is the row, {p} the row above, {n} the row below.
  for (let j = 0; j < b.columns.length; j++) {
    const f = b.columns[j].formula;
    if (!f || formulaRows === 0) continue;
    const formulas = Array.from({ length: formulaRows }, (_, i) => {
      const r = b.row + 1 + i;
      return ['=' + formulaAt(f, r)];
    });
    for (let start = 0; start < formulas.length; start += 1000) {
      const part = formulas.slice(start, start + 1000);
      const first = b.row + 1 + start;
      await batch.add(
        OP_BYTES.values + jsonBytes(part),
        () => (sheet.getRange(rectAddress(c0 + j, 1, first, first + part.length - 1)).formulas = part),
      );
    }
  }
}

async function writeNames(batch: WriteBatch, context: XContext, model: WorkbookModel): Promise<void> {
  const entries = Object.entries(model.names);
  if (entries.length === 0) return;
  await batch.flush();
  const items = entries.map(([name]) => context.workbook.names.getItemOrNullObject(name).load('name'));
  await context.sync();
  for (let i = 0; i < entries.length; i++) {
    if (!items[i].isNullObject) continue;
    const [name, ref] = entries[i];
    await batch.add(OP_BYTES.other, () => context.workbook.names.add(name, '=' + ref));
  }
}

function validationRule(v: SheetModel['validations'][number]): import('./types').XValidationRule {
  const op = v.operator === 'greaterThanOrEqual' ? 'GreaterThanOrEqualTo' : 'Between';
  switch (v.type) {
    case 'list': {
      const src = v.formulae[0];
      return { list: { inCellDropDown: true, source: src.startsWith('"') ? src.slice(1, -1) : '=' + src } };
    }
    case 'decimal':
      return { decimal: { formula1: v.formulae[0], formula2: v.formulae[1], operator: op } };
    case 'whole':
      return { wholeNumber: { formula1: v.formulae[0], formula2: v.formulae[1], operator: op } };
    case 'custom':
      return { custom: { formula: '=' + v.formulae[0] } };
  }
}

function argbToHex(argb: string): string {
  const hex = argb.replace(/^#/, '');
  return '#' + (hex.length === 8 ? hex.slice(2) : hex);
}
