import { InputError } from '../problems';
import { Cell, normalizeHeader } from '../values';

/** A sheet or CSV file as read: header cells and data rows. Importers produce it; core reads it. */
export interface Table {
  file: string;
  headers: Cell[];
  rows: Cell[][];
  /** Excel row number of rows[0]; 2 when the header is row 1. */
  firstRow: number;
}

export interface ColumnSpec<K extends string> {
  key: K;
  header: string;
  required: boolean;
  aliases?: string[];
}

export interface RecordSchema<K extends string> {
  /** What the file holds, in Chinese: used in messages ("考核记录文件缺少列…"). */
  title: string;
  columns: ColumnSpec<K>[];
}

export type ColumnIndex<K extends string> = Record<K, number>;

/** Finds each column by its header (any order, spaces and full-width brackets ignored; extra columns ignored). */
export function mapColumns<K extends string>(
  headers: Cell[],
  schema: RecordSchema<K>,
): { index: ColumnIndex<K>; missing: string[] } {
  const positions = new Map<string, number>();
  headers.forEach((h, i) => {
    const name = normalizeHeader(h);
    if (name && !positions.has(name)) positions.set(name, i);
  });
  const index = {} as ColumnIndex<K>;
  const missing: string[] = [];
  for (const col of schema.columns) {
    const names = [col.header, ...(col.aliases ?? [])].map(normalizeHeader);
    const at = names.map((n) => positions.get(n)).find((p) => p !== undefined);
    index[col.key] = at ?? -1;
    if (at === undefined && col.required) missing.push(col.header);
  }
  return { index, missing };
}

/** Excel's column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Header names the schema reads that appear in more than one column ("工号" in A and in D): which
 * column holds the data is unknowable, and taking the first silently could score the wrong numbers.
 * Returns a Chinese description per duplicate, e.g. "「工号」（第A列和第D列）".
 */
export function duplicateColumns<K extends string>(headers: Cell[], schema: RecordSchema<K>): string[] {
  const wanted = new Set(schema.columns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map(normalizeHeader)));
  const at = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const name = normalizeHeader(h);
    if (!wanted.has(name)) return;
    const list = at.get(name);
    if (list) list.push(i);
    else at.set(name, [i]);
  });
  const out: string[] = [];
  for (const [name, cols] of at) {
    if (cols.length > 1) out.push(`「${name}」（第${cols.map(columnLetter).join('列和第')}列）`);
  }
  return out;
}

/** Like mapColumns, but a missing required column is fatal: the file cannot be read at all. */
export function requireColumns<K extends string>(table: Table, schema: RecordSchema<K>, headerRow = 1): ColumnIndex<K> {
  const { index, missing } = mapColumns(table.headers, schema);
  if (missing.length > 0) {
    throw new InputError(
      `${table.file}：${schema.title}缺少必需的列「${missing.join('」「')}」。请检查第1行的表头（可多列、顺序不限，但这些列必须有）。`,
      'MISSING_COLUMN',
    );
  }
  const dups = duplicateColumns(table.headers, schema);
  if (dups.length > 0) {
    throw new InputError(
      `${table.file}：${schema.title}第${headerRow}行的表头中 ${dups.join('、')} 出现了不止一次，无法确定该用哪一列。请删除多余的列或改掉其中一个列名。`,
      'DUPLICATE_COLUMN',
    );
  }
  return index;
}

export function cellAt<K extends string>(row: Cell[], index: ColumnIndex<K>, key: K): Cell {
  const i = index[key];
  return i >= 0 ? row[i] : null;
}

export function isEmptyRow(row: Cell[]): boolean {
  for (const c of row) {
    if (c !== null && c !== undefined && String(c).trim() !== '') return false;
  }
  return true;
}
