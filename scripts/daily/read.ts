/**
 * Reads the call system's export ONCE, streaming, into a DailyAggregator: CSV (GB18030 or UTF-8) via
 * streamCsv, .xlsx via exceljs' streaming WorkbookReader (first worksheet). Memory holds only the
 * aggregator's per-day figures and lists, never the file's rows.
 */
import * as path from 'path';
import { promises as fs } from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { InputError } from '../../core/problems';
import type { Cell } from '../../core/values';
import { AggregatorOptions, DailyAggregator } from '../../core/daily/aggregate';
import { streamCsv } from '../import/csv';
import { cellValue } from '../import/xlsx';
import { assertInputFile } from '../import/table';

export interface ReadProgress {
  /** Bytes of the input consumed so far and in all (CSV); rows for .xlsx where bytes are unknown. */
  (rowsRead: number): void;
}

export async function aggregateCallFile(
  file: string,
  options: Omit<AggregatorOptions, 'file'>,
  onRows?: ReadProgress,
): Promise<DailyAggregator> {
  await assertInputFile(file);
  const name = path.basename(file);
  const agg = new DailyAggregator({ ...options, file: name });
  const ext = path.extname(file).toLowerCase();
  let seenHeader = false;
  // streamCsv calls us from a stream 'data' handler, where a throw would be uncaught: keep the first
  // error, ignore the rest of the file, and throw it once the stream has ended.
  let failure: unknown = null;
  const take = (cells: Cell[], excelRow: number) => {
    if (failure !== null) return;
    try {
      takeRow(cells, excelRow);
    } catch (err) {
      failure = err;
    }
  };
  const takeRow = (cells: Cell[], excelRow: number) => {
    if (!seenHeader) {
      agg.header(cells);
      seenHeader = true;
      return;
    }
    agg.add(cells, excelRow);
    if (onRows && (excelRow & 4095) === 0) onRows(excelRow - 1);
  };
  if (ext === '.csv' || ext === '.txt') {
    await streamCsv(file, take);
  } else if (ext === '.xlsx' || ext === '.xlsm') {
    await streamXlsx(file, take);
  } else {
    throw new InputError(`${name}：不支持的文件类型「${ext}」。请另存为 .xlsx 或 .csv。`, 'FILE_TYPE');
  }
  if (failure !== null) throw failure;
  if (!seenHeader) throw new InputError(`${name}：文件是空的，没有表头行。`, 'EMPTY_FILE');
  agg.finish();
  onRows?.(agg.fileRows);
  return agg;
}

/**
 * exceljs' streaming reader never settles on some damaged zips (a local header at a wrong offset, a
 * sheet whose compressed data is corrupt): the process would end with exit code 0 and no output.
 * The zip's directory is checked first, and the sheets and shared strings are inflated once into
 * nothing (streamed, so memory stays small) to prove their data is whole.
 */
async function assertZipIntact(file: string): Promise<void> {
  try {
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    for (const entry of Object.values(zip.files)) {
      if (entry.dir || !/^xl\/(worksheets\/[^/]+\.xml|sharedStrings\.xml)$/i.test(entry.name)) continue;
      await new Promise<void>((resolve, reject) => {
        entry
          .nodeStream('nodebuffer')
          .on('data', () => undefined)
          .on('end', resolve)
          .on('error', reject);
      });
    }
  } catch {
    throw new InputError(
      `${path.basename(file)}：无法作为 Excel 工作簿读取，文件可能已损坏或不完整。请在 Excel 中打开确认后重新保存为 .xlsx。`,
      'WORKBOOK_UNREADABLE',
    );
  }
}

async function streamXlsx(file: string, take: (cells: Cell[], excelRow: number) => void): Promise<void> {
  await assertZipIntact(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  let first = true;
  let expected = 1;
  try {
    for await (const ws of reader) {
      if (!first) continue; // only the first worksheet is the export; drain the rest
      first = false;
      for await (const row of ws) {
        // Rows absent from the sheet XML are empty lines: keep Excel's numbering.
        for (; expected < row.number; expected++) if (expected > 1) take([], expected);
        const values = row.values as ExcelJS.CellValue[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellValue(values[c]));
        take(cells, row.number);
        expected = row.number + 1;
      }
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(
      `${path.basename(file)}：无法作为 Excel 工作簿读取，文件可能已损坏或不完整。请在 Excel 中打开确认后重新保存为 .xlsx。`,
      'WORKBOOK_UNREADABLE',
    );
  }
}
