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

/** Like mapColumns, but a missing required column is fatal: the file cannot be read at all. */
export function requireColumns<K extends string>(table: Table, schema: RecordSchema<K>): ColumnIndex<K> {
  const { index, missing } = mapColumns(table.headers, schema);
  if (missing.length > 0) {
    throw new InputError(
      `${table.file}：${schema.title}缺少必需的列「${missing.join('」「')}」。请检查第1行的表头（可多列、顺序不限，但这些列必须有）。`,
      'MISSING_COLUMN',
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
