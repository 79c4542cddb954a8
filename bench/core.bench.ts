/**
 * Core scoring speed (records already in memory) and `kaohe score --json` end to end from CSV.
 * Issue targets: core ≥ 1,000,000 entries/s; end to end < 2 s and < 300 MB for 5,000 × 40;
 * 50k vs 200k entries within 4.5×.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, openSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readEntryRecords, readRosterTable } from '../core/input/records';
import { presetPolicy } from '../core/policy/presets';
import { scoreMonth } from '../core/scoring/monthly';
import { parseCsv } from '../scripts/import/csv';
import { report } from './measure';
import { syntheticMonth, writeSyntheticMonth } from './synthetic';

function coreOnly(employees: number, perEmployee: number) {
  const m = syntheticMonth(employees, perEmployee);
  const table = (text: string, file: string) => {
    const [headers, ...rows] = parseCsv(text);
    return { file, headers, rows, firstRow: 2 };
  };
  const roster = readRosterTable(table(m.rosterCsv, 'roster.csv'));
  const entries = readEntryRecords(table(m.entriesCsv, 'entries.csv'));
  const policy = presetPolicy();
  // Warm the JIT on the full input first; then the best of five runs.
  for (let i = 0; i < 2; i++) scoreMonth({ policy, month: '2026-10', roster, entries });
  const runs = 5;
  let best = Infinity;
  let accepted = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = scoreMonth({ policy, month: '2026-10', roster, entries });
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    accepted = r.counts.accepted;
  }
  report(`core scoreMonth ${employees}×${perEmployee}`, { entries: entries.length, accepted, seconds: best.toFixed(3), 'entries/s': Math.round(entries.length / best).toLocaleString('en') });
  return best;
}

async function endToEnd(dir: string, employees: number, perEmployee: number) {
  const f = await writeSyntheticMonth(dir, employees, perEmployee);
  const cli = path.resolve(__dirname, '../scripts/cli/main.js');
  const code = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.stderr.write(JSON.stringify({ code: c, maxRssKB: process.resourceUsage().maxRSS })); });`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code, 'score', '--roster', f.roster, '--entries', f.entries, '--month', '2026-10', '--json'], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const child = JSON.parse(r.stderr.toString().trim().split('\n').pop()!);
  report(`kaohe score --json ${employees}×${perEmployee} (CSV→JSON)`, { entries: f.rows, exit: child.code, seconds: seconds.toFixed(2), 'peak MB': Math.round(child.maxRssKB / 1024) });
  return seconds;
}

async function run() {
  const small = coreOnly(1250, 40);
  const sameRoster = coreOnly(5000, 10);
  const big = coreOnly(5000, 40);
  report('core linearity 200k / 50k (roster 5000 / 1250)', { ratio: (big / small).toFixed(2), limit: 4.5 });
  report('core linearity 200k / 50k (same 5000 roster)', { ratio: (big / sameRoster).toFixed(2), limit: 4.5 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-'));
  const e2eSmall = await endToEnd(dir, 1250, 40);
  const e2eBig = await endToEnd(dir, 5000, 40);
  report('end-to-end linearity 200k / 50k', { ratio: (e2eBig / e2eSmall).toFixed(2), limit: 4.5 });
}

run();
