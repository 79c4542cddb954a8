/**
 * Corrections to a closed month (更正): an entry voided with a reason (作废, never deleted), or one of its
 * cells set to a new value. Applied to the entry records read from the closed version; each change is
 * logged (row, column, before → after) for the 更正记录 sheet. Pure: no files.
 */
import type { EntryRecord } from '../input/records';
import { ENTRY_SCHEMA, EntryKey } from '../input/schemas';
import { InputError } from '../problems';
import { Cell, cleanText, isoDateToSerial, normalizeHeader, parseDate, parseNumber } from '../values';
import { canonicalCell } from './fingerprint';

export type Correction =
  | { kind: 'void'; row: number; reason: string }
  | { kind: 'set'; row: number; column: string; value: string }
  /** A new entry: header → value (日期, 工号, 项目代码 required). */
  | { kind: 'add'; fields: Record<string, string> };

export interface CorrectionChange {
  row: number;
  /** The 考核记录 header, e.g. 项目代码. */
  column: string;
  before: string;
  after: string;
}

const NUMERIC: EntryKey[] = ['count', 'points', 'minutes'];

/** Parses "日期=2026-10-20,工号=0387,项目代码=L02,说明=…" (fields separated by "," or "，"). */
export function parseAddArg(arg: string): Correction {
  const fields: Record<string, string> = {};
  for (const part of arg.split(/[,，]/)) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at <= 0)
      throw new InputError(
        `--add-entry 的写法应为「列名=值,列名=值…」，如 --add-entry 日期=2026-10-20,工号=0387,项目代码=L02（收到「${part}」）。`,
        'BAD_ARGS',
      );
    fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return { kind: 'add', fields };
}

/** Parses "列=值" (the first "=" separates; the value may itself contain "="). */
export function parseSetArg(row: number, arg: string): Correction {
  const at = arg.indexOf('=');
  if (at <= 0)
    throw new InputError(`--set 的写法应为「行号 列名=新值」，如 --set 12 分值=3（收到「${arg}」）。`, 'BAD_ARGS');
  return { kind: 'set', row, column: arg.slice(0, at), value: arg.slice(at + 1) };
}

function keyOf(column: string): EntryKey {
  const want = normalizeHeader(column);
  const col = ENTRY_SCHEMA.columns.find((c) => [c.header, ...(c.aliases ?? [])].map(normalizeHeader).includes(want));
  if (!col)
    throw new InputError(
      `「考核记录」没有「${column}」列：可以更正的列是 ${ENTRY_SCHEMA.columns.map((c) => c.header).join('、')}。`,
      'CORRECTION_COLUMN_UNKNOWN',
    );
  return col.key;
}

function cellValue(key: EntryKey, text: string): Cell {
  if (text === '') return null;
  if (key === 'date') {
    const iso = parseDate(text);
    if (!iso)
      throw new InputError(`日期「${text}」无法识别：请写成 2026-10-05 这样的日期。`, 'CORRECTION_VALUE_INVALID');
    return isoDateToSerial(iso);
  }
  if (NUMERIC.includes(key)) {
    const n = parseNumber(text);
    if (n === null || Number.isNaN(n)) throw new InputError(`「${text}」不是数字。`, 'CORRECTION_VALUE_INVALID');
    return n;
  }
  return text;
}

const header = (key: EntryKey) => ENTRY_SCHEMA.columns.find((c) => c.key === key)!.header;

/** Shown value of a cell in the log: dates as ISO dates. */
function shown(key: EntryKey, v: Cell): string {
  if (key === 'date' && v !== null && v !== undefined) return parseDate(v) ?? canonicalCell(v);
  return canonicalCell(v);
}

/** The entries with the corrections applied (new record objects; the input is not mutated) and the log. */
export function applyCorrections(
  entries: EntryRecord[],
  corrections: Correction[],
): { entries: EntryRecord[]; changes: CorrectionChange[] } {
  const out = entries.map((e) => ({ ...e }));
  const byRow = new Map(out.map((e) => [e.row, e]));
  const changes: CorrectionChange[] = [];
  const set = (rec: EntryRecord, key: EntryKey, value: Cell) => {
    const before = shown(key, rec[key]);
    const after = shown(key, value);
    if (before === after) return;
    (rec as Record<string, Cell>)[key] = value;
    changes.push({ row: rec.row, column: header(key), before, after });
  };
  let nextRow = 2; // a loop, not Math.max(...rows): 150,000 entries overflow the call stack
  for (const e of out) if (e.row >= nextRow) nextRow = e.row + 1;
  for (const c of corrections) {
    if (c.kind === 'add') {
      const rec = { file: out[0]?.file ?? '', row: nextRow++ } as EntryRecord;
      for (const col of ENTRY_SCHEMA.columns) (rec as Record<string, Cell>)[col.key] = null;
      for (const [column, value] of Object.entries(c.fields))
        (rec as Record<string, Cell>)[keyOf(column)] = cellValue(keyOf(column), value);
      const missing = (['date', 'id', 'code'] as EntryKey[]).filter((k) => rec[k] === null);
      if (missing.length) throw new InputError(`--add-entry 缺少「${missing.map(header).join('」「')}」。`, 'BAD_ARGS');
      out.push(rec);
      for (const col of ENTRY_SCHEMA.columns) {
        const v = shown(col.key, rec[col.key]);
        if (v !== '') changes.push({ row: rec.row, column: col.header, before: '', after: v });
      }
      continue;
    }
    const rec = byRow.get(c.row);
    if (!rec)
      throw new InputError(
        `「考核记录」第${c.row}行没有记录：请按定稿版本中的行号（Excel 左侧的行号）指定要更正的行。`,
        'CORRECTION_ROW_UNKNOWN',
      );
    if (c.kind === 'void') {
      if (cleanText(c.reason) === '')
        throw new InputError('作废必须写明原因：请加 --reason（如 申诉成立）。', 'CORRECTION_REASON_MISSING');
      if (cleanText(rec.status) === '作废')
        throw new InputError(
          `「考核记录」第${c.row}行已经作废（原因：${cleanText(rec.voidReason)}）。`,
          'CORRECTION_ALREADY_VOID',
        );
      set(rec, 'status', '作废');
      set(rec, 'voidReason', c.reason);
    } else {
      const key = keyOf(c.column);
      set(rec, key, cellValue(key, c.value));
    }
  }
  if (changes.length === 0) throw new InputError('给出的更正没有改变任何值：没有写出新版本。', 'CORRECTION_NOTHING');
  return { entries: out, changes };
}
