/**
 * `kaohe slips` end to end (CSV in, one .xlsx per employee out), each run in its own process so its
 * peak memory is its own. Issue targets: 2,000 employees < 60 s and < 600 MB; 500 vs 2,000 within 4.5×.
 * Then 2,000 password-protected slips (--generate-passwords): time and peak memory, no target.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { report } from './measure';
import { writeSyntheticMonth } from './synthetic';

async function slips(dir: string, employees: number, perEmployee: number, extra: string[] = []): Promise<number> {
  const f = await writeSyntheticMonth(dir, employees, perEmployee);
  const out = path.join(dir, `slips-${employees}${extra.length ? '-encrypted' : ''}`);
  rmSync(out, { recursive: true, force: true });
  const cli = path.resolve(__dirname, '../scripts/cli/main.js');
  const code = `require(${JSON.stringify(cli)}).main(process.argv.slice(1), { out: () => {}, err: (t) => process.stderr.write(t), isTTY: false }).then((c) => { process.stderr.write('\\n' + JSON.stringify({ code: c, maxRssKB: process.resourceUsage().maxRSS })); });`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['-e', code, 'slips', '--roster', f.roster, '--entries', f.entries, '--month', '2026-10', '--out', out, ...extra],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const child = JSON.parse(r.stderr.toString().trim().split('\n').pop()!);
  const files = readdirSync(out).filter((n) => n.endsWith('.xlsx')).length;
  report(`kaohe slips ${employees} employees (×${perEmployee} entries)${extra.length ? ' encrypted' : ''}`, {
    exit: child.code,
    files,
    seconds: seconds.toFixed(2),
    'slips/s': Math.round(files / seconds),
    'peak MB': Math.round(child.maxRssKB / 1024),
  });
  return seconds;
}

async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-slips-bench-'));
  const small = await slips(dir, 500, 15);
  const big = await slips(dir, 2000, 15);
  report('slips linearity 2,000 / 500', { ratio: (big / small).toFixed(2), limit: 4.5, target: '< 60 s, < 600 MB' });
  // Password-protected (issue 16 §4): each file costs one 100,000-spin SHA-512 key derivation (as Excel's).
  await slips(dir, 2000, 15, ['--generate-passwords', '--password-table', path.join(dir, '密码表.xlsx')]);
  rmSync(dir, { recursive: true, force: true });
}

run();
