/**
 * The 定稿记录 sheet of a closed (定稿) workbook, as `kaohe close` writes it: a header row, then one row
 * per version (版本, 定稿人, 定稿时间, 指纹, 说明). Shared by the CLI (scripts/closing) and the add-in.
 */
import { Cell } from '../values';

export const CLOSING_SHEET = '定稿记录';
export const CLOSING_DATA_SHEET = '定稿数据';
export const CLOSING_HEADERS = ['版本', '定稿人', '定稿时间', '指纹(SHA-256)', '说明'] as const;

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
