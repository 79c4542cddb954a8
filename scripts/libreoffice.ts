/**
 * LibreOffice headless: recalculate a workbook (open with recalc-on-load forced, save as .xlsx) or convert
 * it (e.g. to PDF). A private profile keeps the user's own LibreOffice settings out of it, and its
 * registrymodifications.xcu sets "recalculation on file load" to Always for Excel and ODF files, so the
 * cached values in the output are LibreOffice's own results.
 */
import { execFile, execFileSync } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export function sofficePath(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      /* not found */
    }
  }
  return null;
}

const XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

/** A private LibreOffice profile with recalc-on-load = always; created once per process. */
export async function privateProfile(): Promise<string> {
  const dir = path.join(os.tmpdir(), `kaohe-lo-profile-${process.getuid?.() ?? 0}-${process.pid}`);
  const user = path.join(dir, 'user');
  await fs.mkdir(user, { recursive: true });
  await fs.writeFile(path.join(user, 'registrymodifications.xcu'), XCU);
  return dir;
}

function run(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      sofficePath() ?? 'soffice',
      args,
      { timeout: timeoutMs, env: { ...process.env, HOME: os.tmpdir() } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`LibreOffice 失败：${err.message}\n${stdout}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/**
 * Converts `file` to `format` ('xlsx', 'pdf', …) into `outDir` with LibreOffice, recalculating on load.
 * Returns the output path. Timing includes LibreOffice's start-up.
 */
export async function convertWithLibreOffice(
  file: string,
  format: string,
  outDir: string,
  timeoutMs = 300000,
): Promise<string> {
  const profile = await privateProfile();
  await fs.mkdir(outDir, { recursive: true });
  if (
    path.resolve(path.dirname(file)) === path.resolve(outDir) &&
    path.extname(file).slice(1) === format.split(':')[0]
  ) {
    throw new Error('LibreOffice 的输出目录不能与输入文件相同目录（会覆盖输入）。');
  }
  await run(
    [
      '--headless',
      '--norestore',
      '--nologo',
      `-env:UserInstallation=file://${profile}`,
      '--convert-to',
      format,
      '--outdir',
      outDir,
      file,
    ],
    timeoutMs,
  );
  const out = path.join(outDir, path.basename(file, path.extname(file)) + '.' + format.split(':')[0]);
  if (!existsSync(out)) throw new Error(`LibreOffice 没有写出 ${out}`);
  return out;
}

/** Recalculates an .xlsx with LibreOffice and returns the path of the recalculated copy (in outDir). */
export function recalcWithLibreOffice(file: string, outDir: string): Promise<string> {
  return convertWithLibreOffice(file, 'xlsx:Calc MS Excel 2007 XML', outDir);
}
