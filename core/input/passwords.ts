/**
 * Slip passwords from a table (the roster's 密码 column, or a separate file with 工号 and 密码): one
 * password per 工号, kept exactly as typed (the agent types it into Excel/WPS's password box, so no
 * NFKC, no trimming). An empty or unusable password refuses that person's slip: nothing is written
 * unencrypted when encryption was asked for.
 */
import { InputError, Problem } from '../problems';
import { Cell, cleanText, normalizeHeader, parseEmployeeId } from '../values';
import { ROSTER_SCHEMA } from './schemas';
import { Table, isEmptyRow } from './table';

/** officecrypto-tool (and Office) accept at most 255 characters. */
export const MAX_PASSWORD_LENGTH = 255;

export interface PasswordTable {
  /** 工号 → password, for the rows whose password can be used. */
  passwords: Map<string, string>;
  /** 工号 → why that person's slip is refused (empty, too long, listed twice with different passwords). */
  refused: Map<string, Problem>;
}

function passwordText(v: Cell): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return cleanText(v);
}

/** Reads the password column `column` (e.g. 密码) and 工号 from `table`. A missing column is fatal. */
export function readPasswordTable(table: Table, column: string): PasswordTable {
  const want = normalizeHeader(column);
  const idNames = [ROSTER_SCHEMA.columns[0].header, ...(ROSTER_SCHEMA.columns[0].aliases ?? [])].map(normalizeHeader);
  // The header may sit below a title line, as in the roster reader.
  let headerAt = -1;
  let headers: Cell[] = table.headers;
  const rowsToTry = [table.headers, ...table.rows.slice(0, 10)];
  for (let i = 0; i < rowsToTry.length; i++) {
    const names = rowsToTry[i].map(normalizeHeader);
    if (names.includes(want) && names.some((n) => idNames.includes(n))) {
      headerAt = i;
      headers = rowsToTry[i];
      break;
    }
  }
  if (headerAt < 0) {
    const hasId = rowsToTry.some((r) => r.map(normalizeHeader).some((n) => idNames.includes(n)));
    throw new InputError(
      hasId
        ? `${table.file} 中没有「${column}」列：要求加密考核单时每个人都需要密码，因此一份考核单也没有写出。请在员工名单中加一列「${column}」并为每人填写密码，或改用 --generate-passwords 自动生成。`
        : `${table.file} 中没有「工号」列，无法把密码对应到员工：一份考核单也没有写出。`,
      'SLIP_PASSWORD_COLUMN_MISSING',
    );
  }
  const names = headers.map(normalizeHeader);
  const idCol = names.findIndex((n) => idNames.includes(n));
  const pwCol = names.indexOf(want);
  if (names.indexOf(want, pwCol + 1) >= 0) {
    throw new InputError(
      `${table.file}：「${column}」列出现了不止一次，无法确定该用哪一列。请删除多余的列。`,
      'DUPLICATE_COLUMN',
    );
  }
  const rows = headerAt === 0 ? table.rows : table.rows.slice(headerAt);
  const firstRow = table.firstRow + headerAt;
  const passwords = new Map<string, string>();
  const refused = new Map<string, Problem>();
  const seenRow = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row || isEmptyRow(row)) return;
    const id = parseEmployeeId(row[idCol]);
    if (id === '') return;
    const excelRow = firstRow + i;
    const problem = (code: string, message: string): Problem => ({
      file: table.file,
      row: excelRow,
      column: column,
      code,
      message,
    });
    const pw = passwordText(row[pwCol]);
    if (seenRow.has(id)) {
      if (passwords.get(id) !== pw) {
        passwords.delete(id);
        refused.set(
          id,
          problem(
            'SLIP_PASSWORD_AMBIGUOUS',
            `工号「${id}」在第${seenRow.get(id)}行和第${excelRow}行各有一个不同的密码：无法确定用哪一个，未写出该员工的考核单。请只保留一个。`,
          ),
        );
      }
      return;
    }
    seenRow.set(id, excelRow);
    if (pw.trim() === '') {
      refused.set(
        id,
        problem(
          'SLIP_PASSWORD_EMPTY',
          `工号「${id}」的${column}为空：未写出该员工的考核单（不会写出不加密的考核单）。请填写密码后重新运行。`,
        ),
      );
    } else if (pw.length > MAX_PASSWORD_LENGTH) {
      refused.set(
        id,
        problem(
          'SLIP_PASSWORD_TOO_LONG',
          `工号「${id}」的${column}超过 ${MAX_PASSWORD_LENGTH} 个字符（Excel 的上限）：未写出该员工的考核单。请改短。`,
        ),
      );
    } else passwords.set(id, pw);
  });
  return { passwords, refused };
}
