/**
 * The monthly workbook at scale (seeded synthetic month):
 *  - `kaohe monthly` for 2,000 employees × 80,000 entries: time and peak memory, next to a bare exceljs
 *    (streaming) write of the same number of cells — the floor;
 *  - reading it back (`score --workbook`);
 *  - LibreOffice's full recalculation of the formulas for 500 × 5,000 (start-up included), skipped with a
 *    message when soffice is missing.
 * Each measurement runs in its own child process so its peak memory is its own.
 */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { presetPolicy } from '../core/policy/presets';
import { readRoster } from '../core/input/records';
import { scoreMonth } from '../core/scoring/monthly';
import { buildMonthlyModel } from '../core/workbook/model';
import { generateMonthlyWorkbook } from '../scripts/workbook/monthly';
import { readMonthlyWorkbook } from '../scripts/workbook/read';
import { syntheticMonth } from '../scripts/workbook/synthetic';
import { privateProfile, sofficePath } from '../scripts/libreoffice';
import { peakRssMB, report, timed } from './measure';

const dir = path.join(os.tmpdir(), `kaohe-bench-monthly-${process.pid}`);
const BIG = { employees: 2000, entries: 80000 };
const LO = { employees: 500, entries: 5000 };

function countCells(employees: number, entries: number): number {
  const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', employees, entries, 11);
  const roster = readRoster(inputs.rosterRecords);
  const result = scoreMonth({ policy: inputs.policy, month: inputs.month, roster, entries: inputs.entries, adjustments: inputs.adjustments });
  const model = buildMonthlyModel({ ...inputs, roster, result, generatedAt: '' });
  let n = 0;
  for (const s of model.sheets) for (const b of s.blocks) n += (b.rows.length + 1) * b.columns.length;
  return n;
}

async function child(mode: string, out: string, arg = ''): Promise<void> {
  if (mode === 'generate') {
    const [e, n] = arg.split('x').map(Number);
    const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', e, n, 11);
    const t = await timed(() => generateMonthlyWorkbook(inputs, { outFile: out, force: true }));
    const size = (await fs.stat(out)).size;
    process.stdout.write(JSON.stringify({ seconds: t.seconds, rss: peakRssMB(), mb: size / 1e6 }));
  } else if (mode === 'bare') {
    const cells = Number(arg);
    const cols = 30;
    const t = await timed(async () => {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false, useStyles: false });
      const ws = wb.addWorksheet('bare');
      for (let r = 0; r * cols < cells; r++) {
        const row: (string | number)[] = [];
        for (let c = 0; c < cols; c++) row.push(c % 3 === 0 ? `文本${r % 97}` : r * c);
        ws.addRow(row).commit();
      }
      await ws.commit();
      await wb.commit();
    });
    process.stdout.write(JSON.stringify({ seconds: t.seconds, rss: peakRssMB() }));
  } else if (mode === 'read') {
    const t = await timed(() => readMonthlyWorkbook(out));
    process.stdout.write(JSON.stringify({ seconds: t.seconds, rss: peakRssMB(), entries: t.value.entries.length }));
  }
}

function runChild(mode: string, out: string, arg = ''): Record<string, number> {
  const text = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, mode, out, arg], { encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Shanghai' } });
  return JSON.parse(text);
}

async function parent(): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  try {
    const big = path.join(dir, 'big.xlsx');
    const cells = countCells(BIG.employees, BIG.entries);
    const gen = runChild('generate', big, `${BIG.employees}x${BIG.entries}`);
    const bare = runChild('bare', path.join(dir, 'bare.xlsx'), String(cells));
    report(`kaohe monthly ${BIG.employees}×${BIG.entries}`, { cells, seconds: gen.seconds.toFixed(2), peakMB: gen.rss, fileMB: gen.mb.toFixed(1) });
    report('bare exceljs streaming write, same cells', { cells, seconds: bare.seconds.toFixed(2), peakMB: bare.rss });
    report('ratio (target ≤ 1.5, memory < 600 MB)', { ratio: (gen.seconds / bare.seconds).toFixed(2) });
    const read = runChild('read', big);
    report('readMonthlyWorkbook (score --workbook)', { entries: read.entries, seconds: read.seconds.toFixed(2), peakMB: read.rss });

    if (!sofficePath()) {
      process.stdout.write('LibreOffice (soffice) 未安装：跳过公式重算计时。\n');
      return;
    }
    const small = path.join(dir, 'lo.xlsx');
    runChild('generate', small, `${LO.employees}x${LO.entries}`);
    const profile = await privateProfile();
    const soffice = sofficePath()!;
    const lo = (file: string) =>
      timed(() => execFileSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2', '--outdir', path.join(dir, 'csv'), file], { stdio: 'ignore' }));
    await lo(small); // warm the profile (first start creates it)
    const empty = path.join(dir, 'empty.xlsx');
    runChild('generate', empty, '1x1');
    const startup = await lo(empty);
    const full = await lo(small);
    const csvName = (await fs.readdir(path.join(dir, 'csv'))).find((f) => f.startsWith('lo'))!;
    const csv = await fs.readFile(path.join(dir, 'csv', csvName), 'utf8');
    report(`LibreOffice load + full recalc ${LO.employees}×${LO.entries}`, {
      seconds: full.seconds.toFixed(2), startupSeconds: startup.seconds.toFixed(2), target: '≤ 4', rows: csv.trim().split('\n').length - 1,
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const [mode, out, arg] = process.argv.slice(2);
(mode ? child(mode, out, arg) : parent()).catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
