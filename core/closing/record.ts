/**
 * The 定稿记录 sheet of a closed (定稿) workbook, as `kaohe close` writes it: a header row, then one row
 * per version (版本, 定稿人, 定稿时间, 指纹, 说明). Shared by the CLI (scripts/closing) and the add-in.
 */
import { Cell } from '../values';

export const CLOSING_SHEET = '定稿记录';
export const CLOSING_DATA_SHEET = '定稿数据';
export const CLOSING_HEADERS = ['版本', '定稿人', '定稿时间', '指纹(SHA-256)', '说明'] as const;
/** Column widths of 定稿记录, in characters. */
export const CLOSING_WIDTHS = [6, 12, 18, 68, 60] as const;

export interface ClosingRecord {
  version: number;
  by: string;
  /** 'YYYY-MM-DD HH:mm' in China time, as HR reads it. */
  at: string;
  fingerprint: string;
  note: string;
}

/** The versions listed in a 定稿记录 sheet's rows (row 1 the header; blank rows skipped), oldest first. */
export function closingRecords(rows: Cell[][]): ClosingRecord[] {
  const out: ClosingRecord[] = [];
  for (const c of rows.slice(1)) {
    if (!c || c.every((v) => v === null || v === undefined || String(v).trim() === '')) continue;
    const text = (v: Cell | undefined) => (v === null || v === undefined ? '' : String(v));
    out.push({
      version: Number(c[0]) || out.length + 1,
      by: text(c[1]),
      at: text(c[2]),
      fingerprint: text(c[3]),
      note: text(c[4]),
    });
  }
  return out;
}

/** 已定稿（第N版，定稿人 …，时间 …） for the latest version. */
export function closedText(r: ClosingRecord): string {
  return `已定稿（第${r.version}版，定稿人 ${r.by}，时间 ${r.at}）`;
}

/** 'YYYY-MM-DD HH:mm' in China time (HR's clock, whatever the machine's or the browser's time zone). */
export function chinaTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** The 说明 of the first version (定稿记录's 说明 column). */
export function closingNote(month: string): string {
  return `${month} 月度考核定稿`;
}

/** The rows a first 定稿 adds at the bottom of 说明 (each a row of cells), the same from the CLI and the add-in. */
export function closingReadmeLines(r: ClosingRecord): string[][] {
  return [
    ['定稿', `已定稿（第${r.version}版）：定稿人 ${r.by}，时间 ${r.at}（北京时间），指纹 SHA-256 ${r.fingerprint}。`],
    [
      '',
      '定稿后各工作表已保护。需要更正时请用 npx kaohe correct 生成新版本（记入「更正记录」），不要撤销保护直接修改：',
    ],
    ['', 'kaohe score/slips/summary/period 读取本文件时会核对指纹，并列出定稿后被改动的单元格。'],
  ];
}

/** The 定稿记录 sheet's cells: the header row, then one row per version. */
export function closingRecordRows(history: readonly ClosingRecord[]): (string | number)[][] {
  return [[...CLOSING_HEADERS], ...history.map((h) => [h.version, h.by, h.at, h.fingerprint, h.note])];
}
