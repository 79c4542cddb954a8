/**
 * `npm run bench`: runs every bench/*.bench.ts (compiled to build/bench) in its own process, so each
 * one's peak memory is its own. Figures are printed, never asserted by tests.
 */
import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n##### ${f.replace('.bench.js', '')}\n`);
  try {
    execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', path.join(__dirname, f)], {
      stdio: 'inherit',
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    });
  } catch {
    failed++;
    process.stdout.write(`${f} failed\n`);
  }
}
process.exitCode = failed ? 1 : 0;
