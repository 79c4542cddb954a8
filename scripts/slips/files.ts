import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../../core/problems';

/** The project root (where templates/ lives), from source (ts-jest) or from build/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'templates')) && existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function templatePath(name: string): string {
  return path.join(projectRoot(), 'templates', name);
}

/** Writes a file atomically: a temp file in the same directory, then rename. */
export async function writeAtomic(file: string, data: Buffer | Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export async function ensureDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new InputError(`无法创建输出目录 ${dir}：该路径（或其中一段）是文件而不是文件夹。请换一个输出目录。`, 'OUT_DIR');
    throw err; // permissions, full disk…: the CLI says what happened in Chinese
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Characters Windows does not allow in file names are replaced by "_"; a part is cut to 40
 * characters (a 姓名 cell pasted with a whole paragraph must not make the path too long to write).
 */
export function safeFilePart(text: string): string {
  const safe = text.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';
  const chars = Array.from(safe);
  return chars.length > 40 ? chars.slice(0, 40).join('') : safe;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
export function progressBar(label: string, total: number, isTTY: boolean, err: (t: string) => void) {
  let last = -1;
  return {
    tick(done: number) {
      if (!isTTY || total === 0) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last && done !== total) return;
      last = pct;
      const width = 30;
      const fill = Math.round((done / total) * width);
      err(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}`);
      if (done === total) err('\n');
    },
  };
}
