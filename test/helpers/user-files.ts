/**
 * Helpers for the hostile-input tests: build bad files the way HR really produces them, run the CLI
 * in-process, and check the house rule — no crash, fatal problems are one Chinese line with exit 2,
 * row problems are reported with file/row/column/code/message, inputs are never modified, and a
 * failed run leaves no output (or temp) file behind.
 */
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';

import type { CliRun } from './cli';

export { cli } from './cli';
export type { CliRun };

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A fresh temp folder, removed after the test file. */
export async function tmpDir(label: string): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), `kaohe-qa-${label}-`));
  made.push(d);
  return d;
}

export const ROSTER_HEADER = ['工号', '姓名', '组别', '岗位', '入职日期', '状态'];
export const ENTRY_HEADER = [
  '日期',
  '工号',
  '项目代码',
  '次数',
  '分值',
  '超时分钟',
  '说明',
  '记录人',
  '状态',
  '作废原因',
];

/** A small valid roster: 0007 张三, 0008 李四, 0009 王五 (joined long ago). */
export const ROSTER_ROWS = [
  ['0007', '张三', '一组', '客服', '2020-01-01', '在职'],
  ['0008', '李四', '一组', '客服', '2020-01-01', '在职'],
  ['0009', '王五', '二组', '客服', '2020-01-01', '在职'],
];

export function csvText(rows: (string | number)[][], eol = '\r\n'): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

export async function writeCsv(
  file: string,
  rows: (string | number)[][],
  opts: { encoding?: 'utf8' | 'utf8bom' | 'gb18030'; eol?: string } = {},
): Promise<string> {
  const text = csvText(rows, opts.eol);
  const enc = opts.encoding ?? 'gb18030';
  const buf =
    enc === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from((enc === 'utf8bom' ? '\uFEFF' : '') + text, 'utf8');
  await fs.writeFile(file, buf);
  return file;
}

export async function writeXlsx(file: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

/** sha256 of every file under dir (relative path → hash), to prove inputs were not modified. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile())
        out[path.relative(dir, p)] = createHash('sha256')
          .update(await fs.readFile(p))
          .digest('hex');
    }
  };
  await walk(dir);
  return out;
}

/** Every file under dir (relative paths, sorted); [] when dir does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return Object.keys(await snapshot(dir)).sort();
  } catch {
    return [];
  }
}

/** A fatal input problem: exit 2, exactly one line on stderr, in Chinese, no stack trace, nothing on stdout. */
export function expectFatal(r: CliRun, pattern?: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (r.code !== 2 || lines.length !== 1)
    throw new Error(`expected one fatal line and exit 2, got exit ${r.code}:\n${r.stderr}${r.stdout.slice(0, 500)}`);
  expect(lines[0]).toMatch(/^错误：/);
  expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
  expect(r.stderr).not.toMatch(/内部错误|\n\s+at |Error:|ENOENT|EISDIR|EACCES|EPERM|undefined|\[object Object\]/);
  if (pattern) expect(lines[0]).toMatch(pattern);
}

export interface ProblemLike {
  file: string;
  row: number;
  column: string;
  code: string;
  message: string;
}

/** Every reported problem names its file, its Excel row, a stable code and a Chinese message. */
export function expectWellFormedProblems(problems: ProblemLike[]): void {
  for (const p of problems) {
    expect(typeof p.file).toBe('string');
    expect(p.file).not.toBe('');
    expect(Number.isInteger(p.row) && p.row >= 0).toBe(true);
    expect(typeof p.column).toBe('string');
    expect(p.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    expect(p.message).not.toMatch(/undefined|\[object Object\]/);
  }
}

/**
 * A folder the process cannot write into: chmod for a normal user; as root (who ignores modes) the
 * immutable attribute. Returns an undo function, or null when neither works on this machine.
 */
export async function readOnlyDir(dir: string): Promise<(() => Promise<void>) | null> {
  await fs.mkdir(dir, { recursive: true });
  const probe = async () => {
    try {
      await fs.writeFile(path.join(dir, '.probe'), 'x');
      await fs.rm(path.join(dir, '.probe'));
      return false;
    } catch {
      return true;
    }
  };
  if (process.getuid && process.getuid() !== 0) {
    await fs.chmod(dir, 0o555);
    if (await probe()) return async () => fs.chmod(dir, 0o755);
    await fs.chmod(dir, 0o755);
    return null;
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  if (await probe()) return async () => void execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  return null;
}
