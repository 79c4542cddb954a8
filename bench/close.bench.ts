/**
 * 定稿 on a big month (2,000 employees × 15 entries): `kaohe close` (snapshot, fingerprint, protected
 * copy) and `kaohe score --workbook` on the closed file (which verifies it), each in its own process so
 * its peak memory is its own. Figures only, no target.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { report } from './measure';
import { writeSyntheticMonth } from './synthetic';

const cli = path.resolve(__dirname, '../scripts/cli/main.js');
const code = `require(${JSON.stringify(cli)}).main(process.argv.slice(1), { out: () => {}, err: () => {}, isTTY: false }).then((c) => { process.stderr.write('\\n' + JSON.stringify({ code: c, maxRssKB: process.resourceUsage().maxRSS })); });`;

function timedCli(label: string, args: string[]): void {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const child = JSON.parse(r.stderr.toString().trim().split('\n').pop()!);
  report(label, { exit: child.code, seconds: seconds.toFixed(2), 'peak MB': Math.round(child.maxRssKB / 1024) });
}

async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-close-bench-'));
  const f = await writeSyntheticMonth(dir, 2000, 15);
  timedCli('kaohe monthly 2000 × 15 (setup)', [
    'monthly',
    '--roster',
    f.roster,
    '--entries',
    f.entries,
    '--month',
    '2026-10',
    '--out',
    dir,
  ]);
  const wb = path.join(dir, '月度考核-2026-10.xlsx');
  timedCli('kaohe close 2000 × 15', ['close', '--workbook', wb, '--by', '张敏', '--out', path.join(dir, '定稿')]);
  timedCli('kaohe score --workbook (closed, verified)', [
    'score',
    '--workbook',
    path.join(dir, '定稿', '月度考核-2026-10-定稿.xlsx'),
    '--month',
    '2026-10',
    '--json',
  ]);
  rmSync(dir, { recursive: true, force: true });
}

run();
