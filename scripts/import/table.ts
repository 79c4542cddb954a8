import { promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../../core/problems';
import type { RecordSchema, Table } from '../../core/input/table';
import { RawRecord, findHeader, tableToRecords } from '../../core/input/records';
import { SHEET } from '../../core/workbook/sheets';
import { readCsvTable } from './csv';
import { readXlsxTable, readXlsxTables } from './xlsx';

const ZIP = [0x50, 0x4b];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, sig: number[]) => sig.every((b, i) => buf[i] === b);

/**
 * What a file that should be an .xlsx really is, when it is not a zip: an old .xls or a
 * password-protected workbook (both OLE2), a CSV/text file renamed to .xlsx, or something else.
 */
export function xlsxMismatch(name: string, head: Buffer): string | null {
  if (startsWith(head, ZIP)) return null;
  if (startsWith(head, OLE2)) {
    return `${name}：无法作为 Excel 工作簿打开，这是旧版 Excel（.xls）文件或设置了打开密码的工作簿。请在 Excel 中打开，取消密码后“另存为” .xlsx 再运行。`;
  }
  const text = head.subarray(0, 512);
  const printable = text.filter((b) => b === 9 || b === 10 || b === 13 || b >= 32).length;
  if (text.length > 0 && printable === text.length) {
    return `${name}：无法作为 Excel 工作簿打开，扩展名是 .xlsx，但内容是文本（像是 CSV 文件改了扩展名）。请把扩展名改回 .csv，或在 Excel 中打开后“另存为” .xlsx。`;
  }
  return `${name}：无法作为 Excel 工作簿打开，文件可能已损坏或不完整。请在 Excel 中打开确认后重新保存。`;
}

/**
 * Checks an input path before anything reads it: it exists, is a file (not a folder), is not empty,
 * and an .xlsx really is a zip. Every failure is one Chinese sentence (exit 2), never a crash.
 */
export async function assertInputFile(file: string, opts: { label?: string; xlsx?: boolean } = {}): Promise<void> {
  try {
    await checkInputFile(file, opts.xlsx ?? false);
  } catch (err) {
    if (err instanceof InputError && opts.label) throw new InputError(`${opts.label}：${err.message}`, err.code);
    throw err;
  }
}

async function checkInputFile(file: string, mustBeXlsx: boolean): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputError(`找不到文件：${file}`, 'FILE_MISSING');
  }
  const name = path.basename(file);
  if (stat.isDirectory()) throw new InputError(`${file} 是文件夹，不是文件：请给出文件的路径。`, 'NOT_A_FILE');
  if (!stat.isFile()) throw new InputError(`${file} 不是普通文件：请给出 .csv 或 .xlsx 文件的路径。`, 'NOT_A_FILE');
  if (stat.size === 0)
    throw new InputError(
      `${name}：文件是空的（0 字节），没有表头行。请检查是否选错了文件或文件没有保存成功。`,
      'EMPTY_FILE',
    );
  const ext = path.extname(file).toLowerCase();
  if (mustBeXlsx || ext === '.xlsx' || ext === '.xlsm') {
    const handle = await fs.open(file, 'r');
    const head = Buffer.alloc(Math.min(512, stat.size));
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    const mismatch = xlsxMismatch(name, head);
    if (mismatch) throw new InputError(mismatch, 'WORKBOOK_UNREADABLE');
  }
}

/** Reads a CSV or .xlsx input as a Table; a missing or unsupported file is a clear fatal error. */
export async function readTable(file: string, preferSheet?: string): Promise<Table> {
  await assertInputFile(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return readCsvTable(file);
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsxTable(file, preferSheet);
  throw new InputError(
    `${path.basename(file)}：不支持的文件类型「${ext || '无扩展名'}」。请另存为 .xlsx 或 .csv。`,
    'FILE_TYPE',
  );
}

const isEmptyTable = (t: Table) =>
  t.rows.length === 0 && t.headers.every((c) => c === null || c === undefined || String(c).trim() === '');
const KAOHE_SHEETS = new Set<string>(Object.values(SHEET));

/**
 * The tables of an input file that hold `schema`'s data. A CSV is one table. In a workbook, every
 * sheet whose header (row 1 or under a title) has the required columns is read, each numbered by its
 * own rows and named 「文件.xlsx:工作表」 (HR keeps 上半月 and 下半月, or a copied 考核记录 (2), in one
 * workbook: dropping one would lose entries without a word). A hidden sheet that is read, and a sheet
 * with data that is not read, are described in `notices` (kaohe's own sheets of a 月度考核 workbook
 * excepted). When no sheet has the columns, `preferSheet` (or the first sheet) is returned so that
 * reading it names the missing columns.
 */
export async function readInputTables<K extends string>(
  file: string,
  schema: RecordSchema<K>,
  preferSheet?: string,
  notices?: string[],
): Promise<Table[]> {
  await assertInputFile(file);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.xlsm') return [await readTable(file, preferSheet)];
  const sheets = await readXlsxTables(file);
  const found = sheets.filter((s) => findHeader(s.table, schema) !== null);
  if (found.length === 0) return [(sheets.find((s) => s.sheet === preferSheet) ?? sheets[0]).table];
  if (notices) {
    const name = path.basename(file);
    const required = schema.columns
      .filter((c) => c.required)
      .map((c) => c.header)
      .join('、');
    for (const s of sheets) {
      if (found.includes(s)) {
        if (s.hidden)
          notices.push(
            `${name}：工作表「${s.sheet}」是隐藏的，但有${schema.title}的表头，其中的行也已读取。如果它不该计入，请把它移出这个工作簿。`,
          );
      } else if (!isEmptyTable(s.table) && !KAOHE_SHEETS.has(s.sheet)) {
        notices.push(
          `${name}：工作表「${s.sheet}」没有${schema.title}的表头（${required}），未读取。如果其中有${schema.title}，请在它的表头行写上这些列名。`,
        );
      }
    }
  }
  return found.map((s) => s.table);
}

/** The records of every table of an input file that holds `schema`'s data (see readInputTables). */
export async function readInputRecords<K extends string>(
  file: string,
  schema: RecordSchema<K>,
  preferSheet?: string,
  notices?: string[],
): Promise<RawRecord<K>[]> {
  const out: RawRecord<K>[] = [];
  for (const t of await readInputTables(file, schema, preferSheet, notices)) {
    for (const r of tableToRecords(t, schema, notices)) out.push(r);
  }
  return out;
}
