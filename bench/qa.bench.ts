/**
 * 录音抽查 at scale: 50,000 check records of a month (seeded CSV, 1% bad rows) for 400 agents, through
 * the same path as `kaohe qa --out` (read the CSV, check the month, write 录音抽查-2026-10.xlsx).
 * Each run is its own child process, so its time and peak memory are its own; two runs each, best
 * time, worst peak memory. 12,500 records too, for the scaling.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchMain, bestOfTwoChildRuns, type ChildRun, peakRssMB, report, timed } from './measure';
import { rng } from '../scripts/random';
import { presetPolicy } from '../core/policy/presets';
import { readQaMonth } from '../scripts/commands/qa';
import { buildQaWorkbook } from '../scripts/qa/workbook';

const AGENTS = 400;
const SIZES = [12500, 50000];
const TYPES = [
  '接报用语不标准',
  '错误引导',
  '无效承诺',
  '地址填写错误',
  '电话填写错误',
  '维修站选错',
  '投诉',
  '服务用语不标准',
];

function checksCsv(rows: number, seed = 7): string {
  const rand = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const lines = ['日期,检查人,检查人岗位,工号,工单号,录音编号,结果,问题类型,说明'];
  for (let k = 0; k < rows; k++) {
    const day = String(1 + Math.floor(rand() * 31)).padStart(2, '0');
    const id = String(1 + Math.floor(rand() * AGENTS)).padStart(5, '0');
    const role = rand() < 0.85 ? '领班' : rand() < 0.7 ? '部长' : '其他';
    const r = rand();
    const ticket = `GD202610${day}${String(k).padStart(6, '0')}`;
    if (r < 0.01) lines.push(`2026-10-${day},领班${k % 7},领班,99999,${ticket},,问题,错误引导,工号错`);
    else if (r < 0.5) lines.push(`2026-10-${day},检查人${k % 9},${role},${id},${ticket},,无问题,,`);
    else if (r < 0.85) lines.push(`2026-10-${day},检查人${k % 9},${role},${id},${ticket},,问题,${pick(TYPES)},已指出`);
    else lines.push(`2026-10-${day},检查人${k % 9},${role},${id},,LY${k},亮点,服务用语标准,`);
  }
  return lines.join('\n') + '\n';
}

interface RunResult extends ChildRun {
  checkSeconds: number;
  workbookSeconds: number;
  counted: number;
  rejected: number;
  fine: number;
  xlsxMB: number;
}

async function child(checks: string, roster: string, out: string): Promise<void> {
  const t = await timed(async () => {
    const c = await timed(() => readQaMonth({ checks, roster }, presetPolicy('kefu-daily'), '2026-10'));
    const w = await timed(() => buildQaWorkbook(c.value.result));
    await fs.writeFile(out, w.value);
    return { result: c.value.result, checkSeconds: c.seconds, workbookSeconds: w.seconds };
  });
  const r = t.value.result;
  const res: RunResult = {
    seconds: t.seconds,
    checkSeconds: t.value.checkSeconds,
    workbookSeconds: t.value.workbookSeconds,
    peakRssMB: peakRssMB(),
    counted: r.counts.counted,
    rejected: r.counts.rejected,
    fine: r.employees.reduce((a, e) => a + e.fine, 0),
    xlsxMB: Number(((await fs.stat(out)).size / 1048576).toFixed(1)),
  };
  process.stdout.write(JSON.stringify(res) + '\n');
}

async function parent(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-qa-bench-'));
  try {
    const roster = path.join(dir, 'roster.csv');
    const people = ['工号,姓名,组别,岗位,入职日期'];
    for (let i = 1; i <= AGENTS; i++)
      people.push(
        `${String(i).padStart(5, '0')},话务员${i},${['一组', '二组', '三组', '夜班组'][i % 4]},客服,2024-0${1 + (i % 9)}-01`,
      );
    await fs.writeFile(roster, people.join('\n') + '\n');
    const seconds: number[] = [];
    for (const n of SIZES) {
      const checks = path.join(dir, `checks-${n}.csv`);
      await fs.writeFile(checks, checksCsv(n));
      const r = bestOfTwoChildRuns<RunResult>(__filename, [checks, roster, path.join(dir, `out-${n}.xlsx`)]);
      seconds.push(r.seconds);
      report(`qa --out, ${n.toLocaleString('en')} check records`, {
        seconds: r.seconds.toFixed(2),
        check: r.checkSeconds.toFixed(2),
        workbook: r.workbookSeconds.toFixed(2),
        peakRssMB: r.peakRssMB,
        counted: r.counted,
        rejected: r.rejected,
        fineYuan: r.fine,
        xlsxMB: r.xlsxMB,
      });
    }
    report('qa: 50,000 vs 12,500 time ratio', { ratio: (seconds[1] / seconds[0]).toFixed(2), linear: '4.00' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

benchMain(child, parent);
