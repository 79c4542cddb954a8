/** Where outputs go and how they are written: atomically, never over an existing file without --force. */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../core/problems';

/** The project root (the folder with package.json and templates/), from source (ts-jest) or from build/. */
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

/** Writes through a temporary file in the same folder, then renames; the temp file never survives a failure. */
export async function writeAtomically(outFile: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(outFile));
  const tmp = path.join(dir, `.${path.basename(outFile)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    await write(tmp);
    await fs.rename(tmp, outFile);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export function writeFileAtomically(file: string, data: Buffer | Uint8Array | string): Promise<void> {
  return writeAtomically(file, (tmp) => fs.writeFile(tmp, data));
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

export async function refuseOverwrite(file: string, force: boolean): Promise<void> {
  if (!force && (await exists(file))) {
    throw new InputError(`输出文件已存在：${file}。如需覆盖请加 --force。`, 'OUTPUT_EXISTS');
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
