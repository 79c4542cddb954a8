/**
 * `kaohe score --json` with the entries as .xlsx against the same entries as CSV (issue 13, items 9
 * and 10). Targets: a 300,000-row xlsx within 3 × the CSV time and under 500 MB peak; a sparse xlsx
 * (one data row, one empty styled cell at G1048576) read by the cells that exist, in well under a second.
 * The xlsx is written as Excel writes one: shared strings, date cells with a date format, numbers as numbers.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, openSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { parseCsv } from '../scripts/import/csv';
import { report } from './measure';
import { syntheticMonth } from './synthetic';
import { promises as fs } from 'fs';

async function writeEntriesXlsx(file: string, csv: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('考核记录');
  const [header, ...rows] = parseCsv(csv);
  ws.addRow(header).commit();
  for (const r of rows) {
    if (r.length < 3) continue;
    const [y, m, d] = r[0].split('-').map(Number);
    const num = (s: string) => (s === '' ? null : Number(s));
    const row = ws.addRow([
      new Date(Date.UTC(y, m - 1, d)),
      r[1],
      r[2],
      num(r[3]),
      num(r[4]),
      num(r[5]),
      r[6] || null,
      r[7] || null,
      r[8] || null,
      r[9] || null,
    ]);
    row.getCell(1).numFmt = 'yyyy/m/d';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

function scoreRun(label: string, roster: string, entries: string, rows: number): { seconds: number; peak: number } {
  const cli = path.resolve(__dirname, '../scripts/cli/main.js');
  const code = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.stderr.write(JSON.stringify({ code: c, maxRssKB: process.resourceUsage().maxRSS })); });`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=2048',
      '-e',
      code,
      'score',
      '--roster',
      roster,
      '--entries',
      entries,
      '--month',
      '2026-10',
      '--json',
    ],
    {
      stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = r.stderr.toString().trim().split('\n').pop() ?? '';
  let child = { code: r.status ?? -1, maxRssKB: 0 };
  try {
    child = JSON.parse(last);
  } catch {
    process.stdout.write(`${label}: ${last.slice(0, 300)}\n`);
  }
  const peak = Math.round(child.maxRssKB / 1024);
  report(label, { entries: rows, exit: child.code, seconds: seconds.toFixed(2), 'peak MB': peak });
  return { seconds, peak };
}

async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-xlsx-'));
  const employees = 5000;
  const per = 60;
  const m = syntheticMonth(employees, per);
  const roster = path.join(dir, 'roster.csv');
  const csv = path.join(dir, 'entries.csv');
  const xlsx = path.join(dir, 'entries.xlsx');
  await fs.writeFile(roster, m.rosterCsv);
  await fs.writeFile(csv, m.entriesCsv);
  await writeEntriesXlsx(xlsx, m.entriesCsv);
  const { size } = await fs.stat(xlsx);
  report('entries.xlsx written', { rows: m.entryRows, MB: (size / 1e6).toFixed(1) });

  const csvRun = scoreRun(`kaohe score ${m.entryRows} rows CSV`, roster, csv, m.entryRows);
  const xlsxRun = scoreRun(`kaohe score ${m.entryRows} rows xlsx`, roster, xlsx, m.entryRows);
  report('xlsx / CSV time', {
    ratio: (xlsxRun.seconds / csvRun.seconds).toFixed(2),
    limit: 3,
    'xlsx peak MB': xlsxRun.peak,
    'peak limit': 500,
  });

  const sparse = path.join(dir, 'sparse.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考核记录');
  ws.addRow(['日期', '工号', '项目代码']);
  ws.addRow([new Date(Date.UTC(2026, 9, 5)), '00001', 'L05']);
  ws.getCell('G1048576').font = { bold: true };
  await wb.xlsx.writeFile(sparse);
  scoreRun('kaohe score sparse xlsx (G1048576 styled)', roster, sparse, 1);
  await fs.rm(dir, { recursive: true, force: true });
}

run();
