/**
 * The monthly workbook at scale (seeded synthetic month):
 *  - `kaohe monthly` for 2,000 employees × 80,000 entries: time and peak memory, next to a bare exceljs
 *    (streaming) write of the same number of cells — the floor;
 *  - reading it back (`score --workbook`);
 *  - `kaohe monthly` at 75,000 and 300,000 entries over 2,000 and 500 employees (linearity, peak memory),
 *    and the 300,000-entry workbooks read back;
 *  - LibreOffice's load + full recalculation of kaohe's workbook next to a naive workbook of the same
 *    month (bench/naive-workbook.ts: per-employee SUMIFS/COUNTIFS), wall and CPU seconds, start-up
 *    included, skipped with a message when soffice is missing.
 * KAOHE_BENCH_ONLY=big|scale|lo runs one part. Each measurement runs in its own child process so its
 * peak memory is its own.
 */
import { execFileSync } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { presetPolicy } from '../core/policy/presets';
import { readRoster } from '../core/input/records';
import { scoreMonth } from '../core/scoring/monthly';
import { buildMonthlyModel } from '../core/workbook/model';
import { DEFAULT_MONTHLY_TEMPLATE, generateMonthlyWorkbook } from '../scripts/workbook/monthly';
import { loadTemplate, writeWorkbook } from '../scripts/workbook/write';
import { naiveModel, withoutEntryHelpers } from './naive-workbook';
import { readMonthlyWorkbook } from '../scripts/workbook/read';
import { syntheticMonth } from '../scripts/workbook/synthetic';
import { privateProfile, recalcWithLibreOffice, sofficePath } from '../scripts/libreoffice';
import { openXlsx, readSheetRows } from '../scripts/workbook/sheet-reader';
import { SHEET } from '../core/workbook/sheets';
import { peakRssMB, report, timed } from './measure';

const dir = path.join(os.tmpdir(), `kaohe-bench-monthly-${process.pid}`);
const BIG = { employees: 2000, entries: 80000 };
const LO = { employees: 500, entries: 5000 };

function countCells(employees: number, entries: number): number {
  const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', employees, entries, 11);
  const roster = readRoster(inputs.rosterRecords);
  const result = scoreMonth({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
  });
  const model = buildMonthlyModel({ ...inputs, roster, result, generatedAt: '' });
  let n = 0;
  for (const s of model.sheets) for (const b of s.blocks) n += (b.rows.length + 1) * b.columns.length;
  return n;
}

async function child(mode: string, out: string, arg = ''): Promise<void> {
  if (mode === 'generate') {
    const [e, n, spare] = arg.split('x').map(Number);
    const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', e, n, 11);
    const t = await timed(() =>
      generateMonthlyWorkbook(inputs, {
        outFile: out,
        force: true,
        spareRows: Number.isFinite(spare) ? spare : undefined,
      }),
    );
    const size = (await fs.stat(out)).size;
    process.stdout.write(JSON.stringify({ seconds: t.seconds, rss: peakRssMB(), mb: size / 1e6 }));
  } else if (mode === 'naive' || mode === 'floor') {
    // naive: per-employee SUMIFS/COUNTIFS over the whole table; floor: the floor under any per-row formula
    // design, kaohe's workbook with 考核记录's helper columns removed (its typed columns and 核对 only)
    const [e, n] = arg.split('x').map(Number);
    const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', e, n, 11);
    const template = await loadTemplate(DEFAULT_MONTHLY_TEMPLATE());
    const roster = readRoster(inputs.rosterRecords);
    const result = scoreMonth({ ...inputs, roster });
    const model = buildMonthlyModel({ ...inputs, roster, result, generatedAt: '', layout: template.layout });
    const variant = mode === 'naive' ? naiveModel(model, inputs.policy, template.layout) : withoutEntryHelpers(model);
    await writeWorkbook(template, variant, out);
    process.stdout.write(JSON.stringify({ seconds: 0 }));
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
  const text = execFileSync(process.execPath, ['--max-old-space-size=4096', __filename, mode, out, arg], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  return JSON.parse(text);
}

async function parent(): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  try {
    if (!process.env.KAOHE_BENCH_ONLY || process.env.KAOHE_BENCH_ONLY === 'big') await bigMonth();
    if (!process.env.KAOHE_BENCH_ONLY || process.env.KAOHE_BENCH_ONLY === 'scale') await monthlyScale();
    if (!process.env.KAOHE_BENCH_ONLY || process.env.KAOHE_BENCH_ONLY === 'lo') await libreOfficeRecalc();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * `kaohe monthly` as the month grows: 75,000 and 300,000 entries over 2,000 and over 500 employees (600 rows
 * each: the per-employee chains are longest). Targets: linear (300k / 75k ≤ 4.5× the time), ≤ 1 GB peak.
 */
async function monthlyScale(): Promise<void> {
  for (const employees of [2000, 500]) {
    const t: Record<number, Record<string, number>> = {};
    for (const entries of [75000, 300000]) {
      t[entries] = runChild(
        'generate',
        path.join(dir, `scale-${employees}-${entries}.xlsx`),
        `${employees}x${entries}`,
      );
      report(`kaohe monthly ${employees}×${entries}`, {
        seconds: t[entries].seconds.toFixed(2),
        peakMB: t[entries].rss,
        fileMB: t[entries].mb.toFixed(1),
        target: '≤ 1024 MB',
      });
      if (entries === 300000) {
        // and read back (score --workbook): more rows than a call takes arguments, 822 MB of 考核记录 XML
        const read = runChild('read', path.join(dir, `scale-${employees}-${entries}.xlsx`));
        report(`readMonthlyWorkbook ${employees}×${entries}`, {
          entries: read.entries,
          seconds: read.seconds.toFixed(2),
          peakMB: read.rss,
        });
      }
      await fs.rm(path.join(dir, `scale-${employees}-${entries}.xlsx`), { force: true });
    }
    report(`kaohe monthly ${employees} employees: 300k / 75k time (target ≤ 4.5)`, {
      ratio: (t[300000].seconds / t[75000].seconds).toFixed(2),
    });
  }
}

async function bigMonth(): Promise<void> {
  {
    const big = path.join(dir, 'big.xlsx');
    const cells = countCells(BIG.employees, BIG.entries);
    const gen = runChild('generate', big, `${BIG.employees}x${BIG.entries}`);
    const bare = runChild('bare', path.join(dir, 'bare.xlsx'), String(cells));
    report(`kaohe monthly ${BIG.employees}×${BIG.entries}`, {
      cells,
      seconds: gen.seconds.toFixed(2),
      peakMB: gen.rss,
      fileMB: gen.mb.toFixed(1),
    });
    report('bare exceljs streaming write, same cells', { cells, seconds: bare.seconds.toFixed(2), peakMB: bare.rss });
    report('ratio (target ≤ 1.5, memory < 600 MB)', { ratio: (gen.seconds / bare.seconds).toFixed(2) });
    const read = runChild('read', big);
    report('readMonthlyWorkbook (score --workbook)', {
      entries: read.entries,
      seconds: read.seconds.toFixed(2),
      peakMB: read.rss,
    });
  }
}

/** LibreOffice load + full recalculation of `file` (recalc on load forced), converted to CSV: wall and CPU seconds. */
function loTimer(profile: string): (file: string) => { wall: number; cpu: number } {
  const soffice = sofficePath()!;
  return (file) => {
    const args = [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${profile}`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2',
      '--outdir',
      path.join(dir, 'csv'),
      file,
    ];
    const t0 = process.hrtime.bigint();
    // bash's `times` prints the children's user and system CPU: LibreOffice's own, not the machine's load
    const out = execFileSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'lo', soffice, ...args], {
      encoding: 'utf8',
      env: { ...process.env, HOME: os.tmpdir() },
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const sec = (x: string) => {
      const m = /(\d+)m([\d.]+)s/.exec(x)!;
      return Number(m[1]) * 60 + Number(m[2]);
    };
    const [user, sys] = out.trim().split('\n')[1].trim().split(/\s+/);
    return { wall, cpu: sec(user) + sec(sys) };
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function libreOfficeRecalc(): Promise<void> {
  if (!sofficePath()) {
    process.stdout.write('LibreOffice (soffice) 未安装：跳过公式重算计时。\n');
    return;
  }
  const lo = loTimer(await privateProfile());
  const empty = path.join(dir, 'empty.xlsx');
  runChild('generate', empty, '1x1x0');
  lo(empty); // warm the profile (first start creates it)
  // kaohe's workbook next to the naive one (bench/naive-workbook.ts) of the same month, measured in turns so a
  // drift in the machine's speed hits both; KAOHE_BENCH_LO_SIZES=500x5000,1000x20000,2000x80000 (the last
  // takes the naive workbook minutes a run)
  const runs = Number(process.env.KAOHE_BENCH_LO_RUNS ?? 3);
  const sizes = (process.env.KAOHE_BENCH_LO_SIZES ?? `${LO.employees}x${LO.entries},1000x20000`).split(',');
  const target: Record<string, number> = { '500x5000': 0.35, '2000x80000': 0.1 };
  const start = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const t = lo(empty);
    start.wall.push(t.wall);
    start.cpu.push(t.cpu);
  }
  report('LibreOffice start-up (1 employee, 1 entry)', {
    wall: median(start.wall).toFixed(2),
    cpu: median(start.cpu).toFixed(2),
  });
  for (const size of sizes) {
    const kaohe = path.join(dir, `kaohe-${size}.xlsx`);
    const naive = path.join(dir, `naive-${size}.xlsx`);
    const floor = path.join(dir, `floor-${size}.xlsx`);
    runChild('generate', kaohe, size);
    runChild('naive', naive, size);
    runChild('floor', floor, size);
    const k = { wall: [] as number[], cpu: [] as number[] };
    const n = { wall: [] as number[], cpu: [] as number[] };
    const fl = { wall: [] as number[], cpu: [] as number[] };
    for (let i = 0; i < runs; i++) {
      for (const [f, acc] of [
        [kaohe, k],
        [naive, n],
        [floor, fl],
      ] as const) {
        const t = lo(f);
        acc.wall.push(t.wall);
        acc.cpu.push(t.cpu);
      }
    }
    const ratio = median(k.wall) / median(n.wall);
    report(`LibreOffice load + full recalc ${size.replace('x', '×')}: kaohe vs naive SUMIFS workbook`, {
      kaoheWall: median(k.wall).toFixed(2),
      naiveWall: median(n.wall).toFixed(2),
      ratioWall: ratio.toFixed(2),
      kaoheCpu: median(k.cpu).toFixed(2),
      naiveCpu: median(n.cpu).toFixed(2),
      ratioCpu: (median(k.cpu) / median(n.cpu)).toFixed(2),
      ...(target[size] ? { target: `≤ ${target[size]}`, targetWall: (target[size] * median(n.wall)).toFixed(2) } : {}),
      // the same workbook without 考核记录's helper formulas: what loading the data alone costs
      floorWall: median(fl.wall).toFixed(2),
      floorCpu: median(fl.cpu).toFixed(2),
      runs,
    });
  }
  // and LibreOffice's values are the core's (one more, untimed, recalculation saved as .xlsx)
  const small = path.join(dir, `kaohe-${LO.employees}x${LO.entries}.xlsx`);
  if (!existsSync(small)) runChild('generate', small, `${LO.employees}x${LO.entries}`);
  const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', LO.employees, LO.entries, 11);
  const core = scoreMonth({
    policy: inputs.policy,
    month: inputs.month,
    roster: readRoster(inputs.rosterRecords),
    entries: inputs.entries,
    adjustments: inputs.adjustments,
  });
  const rows = await readSheetRows(
    await openXlsx(await recalcWithLibreOffice(small, path.join(dir, 'xlsx'))),
    SHEET.summary,
    14,
  );
  let differ = 0;
  core.employees.forEach((e, i) => {
    const c = rows.get(i + 2) ?? [];
    if (c[0] !== e.id || c[9] !== e.score || c[10] !== e.grade || (c[11] ?? 0) !== e.payFloat || c[12] !== e.rank)
      differ++;
  });
  report(`LibreOffice values vs core (${LO.employees}×${LO.entries})`, { employees: core.employees.length, differ });
}

const [mode, out, arg] = process.argv.slice(2);
(mode ? child(mode, out, arg) : parent()).catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
