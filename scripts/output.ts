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

const notAFolder = (dir: string) =>
  new InputError(`无法创建输出目录 ${dir}：该路径（或其中一段）是文件而不是文件夹。请换一个输出目录。`, 'OUT_DIR');

/**
 * Creates the output folder and any missing parents, one at a time. Node's mkdir(…, { recursive: true })
 * never returns under some special folders (Node 20: /proc/x loops forever), so it is not used for
 * outputs. A folder that cannot hold anything (/proc, /sys) is one Chinese sentence, not a hang.
 */
export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let cur = path.resolve(dir); ; ) {
    try {
      if (!(await fs.stat(cur)).isDirectory()) throw notAFolder(dir);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw notAFolder(dir);
      if (code !== 'ENOENT') throw err; // permissions…: the CLI says what happened in Chinese
      const parent = path.dirname(cur);
      if (parent === cur) throw err;
      missing.unshift(cur);
      cur = parent;
    }
  }
  for (const d of missing) {
    try {
      await fs.mkdir(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        if ((await fs.stat(d)).isDirectory()) continue; // made meanwhile by someone else
        throw notAFolder(dir);
      }
      if (code === 'ENOTDIR') throw notAFolder(dir);
      if (code === 'ENOENT') {
        throw new InputError(
          `无法在「${path.dirname(d)}」中创建输出目录（那里不能存放文件，如系统目录 /proc）：请换一个输出目录。`,
          'OUT_DIR',
        );
      }
      throw err;
    }
  }
}
