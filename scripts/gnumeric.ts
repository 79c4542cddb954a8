/**
 * Gnumeric's ssconvert (Debian package `gnumeric`): a second independent spreadsheet engine. `--recalc`
 * recalculates every formula after loading, so the cached values in the output are Gnumeric's own.
 * Used by the tests to check that the monthly workbook's formulas mean the same in every engine.
 */
import { execFile, execFileSync } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export function ssconvertPath(): string | null {
  try {
    const p = execFileSync('sh', ['-c', 'command -v ssconvert'], { encoding: 'utf8' }).trim();
    return p || null;
  } catch {
    return null;
  }
}

/** Recalculates an .xlsx with Gnumeric and returns the path of the recalculated copy (in outDir). */
export async function recalcWithGnumeric(file: string, outDir: string, timeoutMs = 300000): Promise<string> {
  await fs.mkdir(outDir, { recursive: true });
  const out = path.join(outDir, path.basename(file));
  if (path.resolve(out) === path.resolve(file))
    throw new Error('Gnumeric 的输出目录不能与输入文件相同目录（会覆盖输入）。');
  await new Promise<void>((resolve, reject) => {
    execFile(
      ssconvertPath() ?? 'ssconvert',
      ['--recalc', '--export-type=Gnumeric_Excel:xlsx2', file, out],
      { timeout: timeoutMs, env: { ...process.env, HOME: os.tmpdir() } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`Gnumeric 失败：${err.message}\n${stdout}\n${stderr}`));
        else resolve();
      },
    );
  });
  if (!existsSync(out)) throw new Error(`Gnumeric 没有写出 ${out}`);
  return out;
}
