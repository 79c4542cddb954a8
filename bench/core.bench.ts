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
import { MonthInput, scoreMonth } from '../core/scoring/monthly';
import { parseCsv } from '../scripts/import/csv';
import { report } from './measure';
import { syntheticMonth, writeSyntheticMonth } from './synthetic';

interface CoreCase {
  label: string;
  input: MonthInput;
  times: number[];
  accepted: number;
}

function coreCase(employees: number, perEmployee: number): CoreCase {
  const m = syntheticMonth(employees, perEmployee);
  const table = (text: string, file: string) => {
    const [headers, ...rows] = parseCsv(text);
    return { file, headers, rows, firstRow: 2 };
  };
  const roster = readRosterTable(table(m.rosterCsv, 'roster.csv'));
  const entries = readEntryRecords(table(m.entriesCsv, 'entries.csv'));
  return {
    label: `${employees}×${perEmployee}`,
    input: { policy: presetPolicy(), month: '2026-10', roster, entries },
    times: [],
    accepted: 0,
  };
}

/**
 * Core alone, records already in memory. The sizes are measured in interleaved rounds, so the host's
 * load drifts hit all alike; best and median of the rounds. Each round scores the same number of
 * entries for every size (a 50k size 4 times over, timed together): garbage collection then falls
 * into every size's time in proportion, instead of into some 50k runs and not others. (A forced GC
 * before each run was tried: it leaves the heap cold and slows the small sizes by half, which
 * measures V8's heap growth, not kaohe.)
 */
function coreOnly(cases: CoreCase[], rounds: number): void {
  const most = Math.max(...cases.map((c) => c.input.entries.length));
  const repeat = (c: CoreCase) => Math.max(1, Math.round(most / c.input.entries.length));
  for (const c of cases) for (let i = 0; i < 2; i++) scoreMonth(c.input);
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const times = repeat(c);
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < times; k++) c.accepted = scoreMonth(c.input).counts.accepted;
      c.times.push(Number(process.hrtime.bigint() - t0) / 1e9 / times);
    }
  }
  for (const c of cases) {
    const n = c.input.entries.length;
    report(`core scoreMonth ${c.label}`, {
      entries: n,
      accepted: c.accepted,
      best: best(c).toFixed(3),
      median: median(c).toFixed(3),
      'entries/s (median)': Math.round(n / median(c)).toLocaleString('en'),
      target: '≥ 1,000,000',
    });
  }
}

const best = (c: CoreCase) => Math.min(...c.times);
const median = (c: CoreCase) => [...c.times].sort((a, b) => a - b)[Math.floor(c.times.length / 2)];

async function endToEnd(dir: string, employees: number, perEmployee: number) {
  const f = await writeSyntheticMonth(dir, employees, perEmployee);
  const cli = path.resolve(__dirname, '../scripts/cli/main.js');
  const code = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.stderr.write(JSON.stringify({ code: c, maxRssKB: process.resourceUsage().maxRSS })); });`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['-e', code, 'score', '--roster', f.roster, '--entries', f.entries, '--month', '2026-10', '--json'],
    {
      stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const child = JSON.parse(r.stderr.toString().trim().split('\n').pop()!);
  report(`kaohe score --json ${employees}×${perEmployee} (CSV→JSON)`, {
    entries: f.rows,
    exit: child.code,
    seconds: seconds.toFixed(2),
    'peak MB': Math.round(child.maxRssKB / 1024),
  });
  return seconds;
}

async function run() {
  const small = coreCase(1250, 40);
  const sameRoster = coreCase(5000, 10);
  const big = coreCase(5000, 40);
  coreOnly([small, sameRoster, big], Number(process.env.KAOHE_BENCH_CORE_ROUNDS ?? 15));
  const ratio = (a: CoreCase, b: CoreCase) => ({
    'median ratio': (median(a) / median(b)).toFixed(2),
    'best ratio': (best(a) / best(b)).toFixed(2),
    limit: 4.5,
  });
  report('core 200k / 50k, same 5000 roster (entries ×4)', ratio(big, sameRoster));
  report('core 200k / 50k, roster 5000 / 1250 (all ×4)', ratio(big, small));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-'));
  const e2eSmall = await endToEnd(dir, 1250, 40);
  const e2eBig = await endToEnd(dir, 5000, 40);
  report('end-to-end linearity 200k / 50k', { ratio: (e2eBig / e2eSmall).toFixed(2), limit: 4.5 });
}

run();
