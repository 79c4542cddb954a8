import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import { InputError } from '../../core/problems';
import type { Table } from '../../core/input/table';

export type Encoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

/**
 * Chinese Excel saves CSV as GB18030/GBK; UTF-8 (with or without BOM) also occurs. A sample that is
 * valid UTF-8 is UTF-8 (GBK text of any length is almost never valid UTF-8); anything else is GB18030,
 * a superset of GBK and GB2312.
 */
export function detectEncoding(sample: Buffer): { encoding: Encoding; bom: number } {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  // Excel's "Unicode 文本 (*.txt)" is UTF-16 LE with a BOM (and tab-separated).
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  // Ignore a multi-byte character cut at the end of the sample.
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return { encoding: 'utf8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

export function decodeCsv(buf: Buffer): string {
  const { encoding, bom } = detectEncoding(buf.subarray(0, 1 << 16));
  return encoding === 'utf8' ? buf.toString('utf8', bom) : iconv.decode(buf.subarray(bom), encoding);
}

/**
 * The cell separator: a comma, or a tab when the first line has tabs and no more commas than tabs
 * (Excel's "文本文件(制表符分隔)" and "Unicode 文本" saves, and exports that call TSV "CSV").
 */
export function detectDelimiter(text: string): number {
  const nl = text.search(/[\r\n]/);
  const first = nl < 0 ? text : text.slice(0, nl);
  const tabs = first.split('\t').length - 1;
  const commas = first.split(',').length - 1;
  return tabs > 0 && tabs >= commas ? 9 : 44;
}

/**
 * RFC 4180 parser that takes text in chunks: quoted fields may hold commas, quotes ("") and line
 * breaks; CRLF, LF and CR all end a row.
 */
export class CsvParser {
  private field = '';
  private row: string[] = [];
  private inQuotes = false;
  private quoteSeen = false;
  private pendingCR = false;
  /** Rows emitted so far, and the row (1-based, as Excel numbers it) where the open quote began. */
  private emitted = 0;
  private quoteRow = 0;

  constructor(private readonly onRow: (cells: string[]) => void, private readonly delimiter = 44) {}

  /**
   * The row where a quoted cell began that the file never closed, or 0. Such a cell swallows every
   * later line of the file, so those rows would silently vanish: callers must refuse the file.
   */
  get unclosedQuoteRow(): number {
    return this.inQuotes ? this.quoteRow : 0;
  }

  push(text: string): void {
    let field = this.field;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === 10) {
          start = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (ch === 34) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 34) {
              field += text.slice(start, i + 1);
              i++;
              start = i + 1;
            } else {
              field += text.slice(start, i);
              this.inQuotes = false;
              start = i + 1;
            }
          } else {
            // A quote at the chunk's end: decide with the next chunk.
            field += text.slice(start, i);
            this.inQuotes = false;
            this.quoteSeen = true;
            start = i + 1;
          }
        }
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (ch === 34) {
          field += '"';
          this.inQuotes = true;
          start = i + 1;
          continue;
        }
      }
      if (ch === this.delimiter) {
        this.row.push(field + text.slice(start, i));
        field = '';
        start = i + 1;
      } else if (ch === 10 || ch === 13) {
        this.row.push(field + text.slice(start, i));
        field = '';
        start = i + 1;
        this.emit();
        if (ch === 13) this.pendingCR = true;
      } else if (ch === 34 && field === '' && i === start) {
        this.inQuotes = true;
        this.quoteRow = this.emitted + 1;
        start = i + 1;
      }
    }
    this.field = field + text.slice(start);
  }

  end(): void {
    if (this.field !== '' || this.row.length > 0) {
      this.row.push(this.field);
      this.field = '';
      this.emit();
    }
  }

  private emit(): void {
    const cells = this.row;
    this.row = [];
    this.emitted++;
    this.onRow(cells);
  }
}

/** A quoted cell that never closes makes every later line part of that cell: refuse the file. */
function unclosedQuoteError(name: string, row: number): InputError {
  return new InputError(
    `${name}：第${row}行有一个以英文双引号 " 开头的单元格，直到文件末尾都没有配对的引号，后面的行会被当成这个单元格的内容而漏掉。请用 Excel 或记事本打开该行，删除或补全引号后重新保存。`,
    'CSV_UNCLOSED_QUOTE',
  );
}

export function parseCsv(text: string, name = ''): string[][] {
  const rows: string[][] = [];
  const p = new CsvParser((cells) => rows.push(cells), detectDelimiter(text.slice(0, 1 << 16)));
  p.push(text);
  const open = p.unclosedQuoteRow;
  p.end();
  if (open) throw unclosedQuoteError(name, open);
  return rows;
}

/**
 * A whole CSV file as a Table (header = first row). Excel numbers rows by records, not by physical
 * lines, so a quoted line break inside a cell does not shift the row numbers we report.
 */
export async function readCsvTable(file: string): Promise<Table> {
  const name = path.basename(file);
  const rows = parseCsv(decodeCsv(await fs.readFile(file)), name);
  if (rows.every((r) => r.every((c) => c.trim() === ''))) {
    throw new InputError(`${name}：文件里没有任何内容（没有表头行）。请检查是否选错了文件或文件没有保存成功。`, 'EMPTY_FILE');
  }
  const [header, ...data] = rows;
  return { file: name, headers: header ?? [], rows: data, firstRow: 2 };
}

/** Streams a CSV file row by row (header first) without holding the file in memory. */
export async function streamCsv(file: string, onRow: (cells: string[], excelRow: number) => void): Promise<void> {
  const handle = await fs.open(file, 'r');
  const sample = Buffer.alloc(1 << 16);
  const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
  await handle.close();
  const { encoding, bom } = detectEncoding(sample.subarray(0, bytesRead));
  const decoder = iconv.getDecoder(encoding);
  const head = iconv.getDecoder(encoding).write(sample.subarray(bom, bytesRead));
  let excelRow = 0;
  const parser = new CsvParser((cells) => onRow(cells, ++excelRow), detectDelimiter(head));
  await new Promise<void>((resolve, reject) => {
    // An error thrown by onRow stops the stream and rejects, instead of escaping the event handler.
    const stream = createReadStream(file, { start: bom, highWaterMark: 1 << 20 });
    const guard = (step: () => void) => {
      try {
        step();
      } catch (err) {
        stream.destroy();
        reject(err);
      }
    };
    stream
      .on('data', (chunk) => guard(() => parser.push(decoder.write(chunk as Buffer))))
      .on('end', () =>
        guard(() => {
          const rest = decoder.end();
          if (rest) parser.push(rest);
          const open = parser.unclosedQuoteRow;
          parser.end();
          if (open) throw unclosedQuoteError(path.basename(file), open);
          resolve();
        }),
      )
      .on('error', reject);
  });
}
