import { InputError } from '../problems';
import { Cell, normalizeHeader } from '../values';
import { colLetter } from '../workbook/layout';

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
  /**
   * The column decides who gets which points (日期, 工号, 次数, 分值, 状态…): two headers for it (「分值」 and
   * 「分数」) are refused like a header typed twice, instead of reading one and noting the other.
   */
  scored?: boolean;
}

export interface RecordSchema<K extends string> {
  /** What the file holds, in Chinese: used in messages ("考核记录文件缺少列…"). */
  title: string;
  columns: ColumnSpec<K>[];
  /** Headers kaohe's own workbooks write beside the data (formula helper columns such as 单次分值): not data, not reported. */
  helpers?: readonly string[];
  /** …and helper headers that start with this (the dynamic 累计… columns). */
  helperPrefix?: string;
}

export type ColumnIndex<K extends string> = Record<K, number>;

/** A header cell that names a known column but is not read as it (a near miss, or a second column for the same field). */
export interface UnreadHeader<K extends string> {
  /** 0-based position of the header cell. */
  at: number;
  /** The header as typed. */
  header: string;
  /** The column it names or contains. */
  key: K;
  /** That column's Chinese header, e.g. 次数. */
  name: string;
  /** Whether another header cell was read as that column. */
  found: boolean;
  /** 'second': it is that column's name too (a second 分值 as 分数); 'contains': the name is part of it (「扣分次数」). */
  kind: 'second' | 'contains';
}

export interface ColumnMatch<K extends string> {
  index: ColumnIndex<K>;
  missing: string[];
  unread: UnreadHeader<K>[];
}

/** A bracketed part (any of ( [ { 【 〔 「 『 《 < 〈 and their closers; full-width ones are folded by NFKC). */
const BRACKETED = /[([{【〔「『《<〈][^()[\]{}【】〔〕「」『』《》<>〈〉]*[)\]}】〕」』》>〉]/g;
const WRAPPED = /^[([{【〔「『《<〈]([^()[\]{}【】〔〕「」『』《》<>〈〉]+)[)\]}】〕」』》>〉]$/;

/**
 * A normalized header without its hints: a header wholly in brackets is unwrapped (「【次数】」 → 次数);
 * otherwise bracketed parts are units or hints and dropped (「次数（次）」, 「状态(有效/作废)」, 「日期【必填】」),
 * as are a trailing colon and a unit after a slash (「超时/分钟」). Full-width and half-width alike.
 */
export function bareHeader(normalized: string): string {
  const wrapped = WRAPPED.exec(normalized);
  if (wrapped) return wrapped[1];
  let s = normalized.replace(BRACKETED, '').replace(/[:：]+$/, '');
  const slash = s.indexOf('/');
  if (slash > 0) s = s.slice(0, slash);
  return s === '' ? normalized : s;
}

/**
 * Finds each column by its header, in any order: spaces, full-width forms, brackets, units and hints
 * ignored (「次数（次）」 is 次数). Of several headers for one column, the exact name comes first, then
 * aliases in the schema's order; the others are `unread`. A header that is no column's name but
 * contains one (「扣分次数」) is `unread` too, so it is reported instead of silently ignored.
 */
export function mapColumns<K extends string>(headers: Cell[], schema: RecordSchema<K>): ColumnMatch<K> {
  const keyOf = new Map<string, { key: K; rank: number }>();
  schema.columns.forEach((col) => {
    [col.header, ...(col.aliases ?? [])].forEach((n, rank) => {
      const name = normalizeHeader(n);
      if (!keyOf.has(name)) keyOf.set(name, { key: col.key, rank });
    });
  });
  const names = [...keyOf.keys()].sort((a, b) => b.length - a.length);
  const index = {} as ColumnIndex<K>;
  const best = new Map<K, { at: number; rank: number }>();
  const candidates: { at: number; key: K; rank: number }[] = [];
  const loose: { at: number; name: string }[] = [];
  headers.forEach((h, at) => {
    const norm = normalizeHeader(h);
    if (norm === '') return;
    const bare = bareHeader(norm);
    const exact = keyOf.get(norm);
    const hit = exact ?? keyOf.get(bare);
    if (hit) {
      // exact spellings rank before bare ones; then header before aliases; kaohe's own helper columns
      // (员工工号, 次数(计) in a 月度考核 workbook) last, read only when nothing else is that column
      const rank = (isHelperHeader(norm, schema) ? 1e6 : 0) + (exact ? 0 : 1000) + hit.rank;
      candidates.push({ at, key: hit.key, rank });
      const prev = best.get(hit.key);
      if (!prev || rank < prev.rank) best.set(hit.key, { at, rank });
      return;
    }
    if (isHelperHeader(norm, schema)) return;
    const contained = names.find((n) => n.length >= 2 && bare.includes(n));
    if (contained) loose.push({ at, name: contained });
  });
  const missing: string[] = [];
  for (const col of schema.columns) {
    index[col.key] = best.get(col.key)?.at ?? -1;
    if (index[col.key] < 0 && col.required) missing.push(col.header);
  }
  const unread: UnreadHeader<K>[] = [];
  const text = (at: number) => cleanHeaderText(headers[at]);
  const nameOf = (key: K) => schema.columns.find((c) => c.key === key)!.header;
  for (const c of candidates) {
    if (best.get(c.key)!.at !== c.at && c.rank < 1e6)
      unread.push({ at: c.at, header: text(c.at), key: c.key, name: nameOf(c.key), found: true, kind: 'second' });
  }
  for (const l of loose) {
    const key = keyOf.get(l.name)!.key;
    unread.push({ at: l.at, header: text(l.at), key, name: nameOf(key), found: index[key] >= 0, kind: 'contains' });
  }
  unread.sort((a, b) => a.at - b.at);
  return { index, missing, unread };
}

const cleanHeaderText = (h: Cell) => (h === null || h === undefined ? '' : String(h).trim());

/** Excel's column letters for a 0-based column index: 0 → A, 26 → AA. */
const letterAt = (i: number): string => colLetter(i + 1);

/**
 * Header names the schema reads that appear in more than one column ("工号" in A and in D): which
 * column holds the data is unknowable, and taking the first silently could score the wrong numbers.
 * Returns a Chinese description per duplicate, e.g. "「工号」（第A列和第D列）".
 */
export function duplicateColumns<K extends string>(headers: Cell[], schema: RecordSchema<K>): string[] {
  const wanted = new Set(schema.columns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map(normalizeHeader)));
  const at = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const norm = normalizeHeader(h);
    // kaohe's own helper columns (次数(计) beside 次数) are not a second copy of a data column
    if (!wanted.has(norm) && isHelperHeader(norm, schema)) return;
    const bare = bareHeader(norm);
    const name = wanted.has(norm) ? norm : wanted.has(bare) ? bare : '';
    if (name === '') return;
    const list = at.get(name);
    if (list) list.push(i);
    else at.set(name, [i]);
  });
  const out: string[] = [];
  for (const [name, cols] of at) {
    if (cols.length > 1) out.push(`「${name}」（第${cols.map(letterAt).join('列和第')}列）`);
  }
  return out;
}

/**
 * Like mapColumns, but a missing required column is fatal: the file cannot be read at all. So is a
 * header that contains a column's name when no header was read as that column (「扣分次数」 and no
 * 次数): its data would otherwise be silently ignored (every 次数 taken as 1). Headers that could not be
 * read for another reason go to `notices`, in Chinese.
 */
export function requireColumns<K extends string>(
  table: Table,
  schema: RecordSchema<K>,
  headerRow = 1,
  notices?: string[],
): ColumnIndex<K> {
  const { index, missing, unread } = mapColumns(table.headers, schema);
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
  const twice = unread.filter((u) => u.kind === 'second' && schema.columns.find((c) => c.key === u.key)?.scored);
  if (twice.length > 0) {
    const list = twice.map((u) => {
      const read = index[u.key];
      return `「${cleanHeaderText(table.headers[read])}」（第${letterAt(read)}列）和「${u.header}」（第${letterAt(u.at)}列）都是「${u.name}」`;
    });
    throw new InputError(
      `${table.file}：${schema.title}第${headerRow}行的表头中 ${list.join('，')}，无法确定该用哪一列。请删除多余的列或改掉其中一个列名。`,
      'DUPLICATE_COLUMN',
    );
  }
  const lost = unread.filter((u) => !u.found);
  if (lost.length > 0) {
    const list = lost.map((u) => `第${letterAt(u.at)}列「${u.header}」`).join('、');
    const names = [...new Set(lost.map((u) => `「${u.name}」`))].join('');
    throw new InputError(
      `${table.file}：${schema.title}第${headerRow}行的表头 ${list} 含有列名${names}，但不是可识别的写法，这一列不会被读取（例如次数会全部按 1 计）。如果它就是${names}列，请把表头改为${names}（可带单位，如「次数（次）」）；如果不是，请改成不含${names}的名字。`,
      'COLUMN_UNRECOGNIZED',
    );
  }
  if (notices) {
    for (const u of unread) {
      const read = index[u.key];
      notices.push(
        u.kind === 'second'
          ? `${table.file}：第${headerRow}行表头中第${letterAt(u.at)}列「${u.header}」未读取：「${u.name}」已按第${letterAt(read)}列「${cleanHeaderText(table.headers[read])}」读取。如果应读取这一列，请删除或改名另一列。`
          : `${table.file}：第${headerRow}行表头中第${letterAt(u.at)}列「${u.header}」未读取（名字里有「${u.name}」，但「${u.name}」按第${letterAt(read)}列「${cleanHeaderText(table.headers[read])}」读取）。如果这一列才是「${u.name}」，请把它的表头改为「${u.name}」并改掉另一列。`,
      );
    }
  }
  return index;
}

export function cellAt<K extends string>(row: Cell[], index: ColumnIndex<K>, key: K): Cell {
  const i = index[key];
  return i >= 0 ? row[i] : null;
}

/** A row with no value, or (with `skip`) none outside those columns. */
export function isEmptyRow(row: Cell[], skip?: ReadonlySet<number>): boolean {
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c !== null && c !== undefined && String(c).trim() !== '' && !skip?.has(i)) return false;
  }
  return true;
}

/** Positions of the header cells that are the schema's helper columns (see RecordSchema.helpers). */
export function helperColumns<K extends string>(headers: Cell[], schema: RecordSchema<K>): Set<number> {
  const out = new Set<number>();
  headers.forEach((h, i) => {
    if (isHelperHeader(normalizeHeader(h), schema)) out.add(i);
  });
  return out;
}

const helperSets = new WeakMap<object, Set<string>>();
function isHelperHeader<K extends string>(norm: string, schema: RecordSchema<K>): boolean {
  let set = helperSets.get(schema);
  if (!set) helperSets.set(schema, (set = new Set((schema.helpers ?? []).map(normalizeHeader))));
  return set.has(norm) || (schema.helperPrefix !== undefined && norm.startsWith(schema.helperPrefix));
}
