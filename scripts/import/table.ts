import { promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../../core/problems';
import type { Table } from '../../core/input/table';
import { readCsvTable } from './csv';
import { readXlsxTable } from './xlsx';

/** Reads a CSV or .xlsx input as a Table; a missing or unsupported file is a clear fatal error. */
export async function readTable(file: string, preferSheet?: string): Promise<Table> {
  try {
    await fs.access(file);
  } catch {
    throw new InputError(`找不到文件：${file}`, 'FILE_MISSING');
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return readCsvTable(file);
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsxTable(file, preferSheet);
  throw new InputError(`${path.basename(file)}：不支持的文件类型「${ext}」。请另存为 .xlsx 或 .csv。`, 'FILE_TYPE');
}
