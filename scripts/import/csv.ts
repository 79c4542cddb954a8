import { isUtf8 } from 'buffer';
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
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf8', bom: 3 };
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

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Buffer, from = 0): number {
  // native and fast for the common case of a clean file; the loop below only finds where
  if (typeof isUtf8 === 'function' && isUtf8(buf.subarray(from))) return -1;
  const n = buf.length;
  for (let i = from; i < n; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    if (len === 3 && ((b === 0xe0 && buf[i + 1] < 0xa0) || (b === 0xed && buf[i + 1] > 0x9f))) return i;
    if (len === 4 && ((b === 0xf0 && buf[i + 1] < 0x90) || (b === 0xf4 && buf[i + 1] > 0x8f))) return i;
    i += len;
  }
  return -1;
}

/**
 * Whether bytes that are not UTF-8 look like a few stray bytes in a UTF-8 file (a GBK or Latin-1 word
 * pasted into it), rather than a GBK file: many well-formed 3- and 4-byte UTF-8 characters (Chinese in
 * UTF-8) against few malformed bytes. GBK text forms such sequences only by accident, about one
 * character in a hundred, while nearly every character of it is malformed as UTF-8 (at least 3 good per bad).
 */
function looksLikeUtf8WithStrayBytes(buf: Buffer, from: number): boolean {
  let good = 0;
  let bad = 0;
  const n = Math.min(buf.length, from + (4 << 20));
  for (let i = from; i < n; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) ok = (buf[i + k] & 0xc0) === 0x80;
    if (ok) {
      if (len >= 3) good++;
      i += len;
    } else {
      bad++;
      i++;
    }
  }
  return good >= 3 && good >= 3 * bad;
}

/** Byte offset of the first byte that does not decode as GB18030 (GBK), or -1. */
function firstInvalidGb18030(buf: Buffer, from: number): number {
  const n = buf.length;
  for (let i = from; i < n; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b === 0x80 || b === 0xff || i + 1 >= n) return i;
    const t = buf[i + 1];
    if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe)) {
      i += 2;
      continue;
    }
    if (
      t >= 0x30 &&
      t <= 0x39 &&
      i + 3 < n &&
      buf[i + 2] >= 0x81 &&
      buf[i + 2] <= 0xfe &&
      buf[i + 3] >= 0x30 &&
      buf[i + 3] <= 0x39
    ) {
      i += 4;
      continue;
    }
    return i;
  }
  return -1;
}

/** Line breaks (LF, or a CR not followed by LF) in buf[from, to). */
function countLines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) n++;
  return n;
}

/**
 * The error for a byte that fits neither encoding: its line (1-based) and byte (1-based, in the file),
 * the bytes in hex, and the line's text just before it. `base` places buf[0] in the file.
 */
function encodingError(
  name: string,
  buf: Buffer,
  bad: number,
  encoding: 'utf8' | 'gb18030',
  base: { offset: number; line: number; from: number },
): InputError {
  const line = base.line + countLines(buf, base.from, bad);
  let start = bad;
  while (start > base.from && buf[start - 1] !== 0x0a && buf[start - 1] !== 0x0d && bad - start < 60) start--;
  const piece = buf.subarray(start, bad);
  const before = (encoding === 'utf8' ? piece.toString('utf8') : iconv.decode(piece, 'gb18030'))
    .replace(/\uFFFD/g, '')
    .slice(-20);
  const hex = [...buf.subarray(bad, bad + 2)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const where = `第${line}行（文件第${base.offset + bad + 1}个字节，${hex}${before ? `，在「${before}」之后` : ''}）`;
  const label = name ? `${name}：` : '';
  return encoding === 'utf8'
    ? new InputError(
        `${label}文件的编码看起来是混合的：大部分是 UTF-8，但${where}不是 UTF-8，像是从别处粘贴来的 GBK 或西文字符。请在记事本或 Excel 中打开该行，重新输入这几个字，再另存为「CSV UTF-8」。`,
        'CSV_MIXED_ENCODING',
      )
    : new InputError(
        `${label}文件${where}既不是 UTF-8 也不是 GBK 编码的文字，编码看起来是混合的。请在记事本或 Excel 中打开该行，重新输入这几个字，再另存为「CSV UTF-8」或「CSV（逗号分隔）」。`,
        'CSV_MIXED_ENCODING',
      );
}

/**
 * A file that is not text at all (a binary renamed to .csv): a NUL byte (never in UTF-8 or GBK text; a
 * zip, .xls or picture has many) or control bytes making up a tenth of its start. A few control
 * characters pasted from another system into a cell are text, and are kept out of the outputs later.
 */
function assertText(head: Buffer, name: string): void {
  const control = head.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c).length;
  if (head.includes(0) || control > Math.max(16, head.length / 10)) {
    throw new InputError(
      `${name ? `${name}：` : ''}文件看起来不是文本（CSV）文件：其中有大量非文字的字节。请确认选对了文件；如果是 Excel 工作簿，请用 .xlsx 扩展名，或在 Excel 中“另存为” CSV。`,
      'NOT_TEXT',
    );
  }
}

/**
 * The encoding to read a byte-oriented CSV with: UTF-8 when the sample is UTF-8, or when it is UTF-8
 * with a few stray bytes (then reading it fails at the first of them, with its place); else GB18030.
 */
function textEncoding(sample: Buffer): { encoding: Encoding; bom: number } {
  const found = detectEncoding(sample);
  if (found.encoding === 'gb18030' && looksLikeUtf8WithStrayBytes(sample, found.bom))
    return { encoding: 'utf8', bom: found.bom };
  return found;
}

/**
 * A CSV's text. Bytes that fit neither UTF-8 nor GBK are never turned into "�" silently: a UTF-8 file
 * with a stray GBK or Latin-1 byte (a word pasted from another program) is refused naming the line
 * and the byte, instead of being read as GBK and failing with "missing columns".
 */
export function decodeCsv(buf: Buffer, name = ''): string {
  const { encoding, bom } = textEncoding(buf.subarray(0, 1 << 16));
  if (encoding === 'utf16le' || encoding === 'utf16be') return iconv.decode(buf.subarray(bom), encoding);
  assertText(buf.subarray(bom, bom + 4096), name);
  // the whole file is checked: a stray byte may lie far beyond the sample
  const mixed = encoding === 'gb18030' && looksLikeUtf8WithStrayBytes(buf, bom);
  const enc = mixed ? 'utf8' : encoding;
  const bad = enc === 'utf8' ? firstInvalidUtf8(buf, bom) : firstInvalidGb18030(buf, bom);
  if (bad >= 0) throw encodingError(name, buf, bad, enc, { offset: 0, line: 1, from: bom });
  return enc === 'utf8' ? buf.toString('utf8', bom) : iconv.decode(buf.subarray(bom), 'gb18030');
}

/** Checks a CSV's bytes as they stream by, like decodeCsv does for a whole file. */
class StreamByteCheck {
  private carry: Buffer = Buffer.alloc(0);
  private offset: number;
  private line = 1;

  constructor(
    private readonly encoding: 'utf8' | 'gb18030',
    start: number,
    private readonly name: string,
  ) {
    this.offset = start;
  }

  /** The next chunk, or null at the end. A character cut at a chunk's end waits for the next chunk. */
  push(chunk: Buffer | null): void {
    const buf = chunk === null ? this.carry : this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let end = buf.length;
    if (chunk !== null && this.encoding === 'utf8') {
      // leave a last character that may be cut for the next chunk, so the native check sees whole ones
      let k = end - 1;
      while (k >= 0 && end - k <= 3 && (buf[k] & 0xc0) === 0x80) k--;
      if (k >= 0 && buf[k] >= 0xc0) end = k;
    }
    const bad = this.encoding === 'utf8' ? firstInvalidUtf8(buf.subarray(0, end)) : firstInvalidGb18030(buf, 0);
    if (bad >= 0) {
      if (chunk !== null && bad >= buf.length - 3) end = bad;
      else throw encodingError(this.name, buf, bad, this.encoding, { offset: this.offset, line: this.line, from: 0 });
    }
    this.line += countLines(buf, 0, end);
    this.offset += end;
    this.carry = Buffer.from(buf.subarray(end));
  }
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

  constructor(
    private readonly onRow: (cells: string[]) => void,
    private readonly delimiter = 44,
  ) {}

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
  const rows = parseCsv(decodeCsv(await fs.readFile(file), name), name);
  if (rows.every((r) => r.every((c) => c.trim() === ''))) {
    throw new InputError(
      `${name}：文件里没有任何内容（没有表头行）。请检查是否选错了文件或文件没有保存成功。`,
      'EMPTY_FILE',
    );
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
  const name = path.basename(file);
  const { encoding, bom } = textEncoding(sample.subarray(0, bytesRead));
  const check = encoding === 'utf8' || encoding === 'gb18030' ? new StreamByteCheck(encoding, bom, name) : null;
  if (check) assertText(sample.subarray(bom, Math.min(bytesRead, bom + 4096)), name);
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
      .on('data', (chunk) =>
        guard(() => {
          check?.push(chunk as Buffer);
          parser.push(decoder.write(chunk as Buffer));
        }),
      )
      .on('end', () =>
        guard(() => {
          check?.push(null);
          const rest = decoder.end();
          if (rest) parser.push(rest);
          const open = parser.unclosedQuoteRow;
          parser.end();
          if (open) throw unclosedQuoteError(name, open);
          resolve();
        }),
      )
      .on('error', reject);
  });
}
