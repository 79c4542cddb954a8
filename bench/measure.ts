/** Small helpers for the benches: wall time and peak resident memory of this process, child runs. */
import { execFileSync } from 'child_process';

export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export function report(label: string, fields: Record<string, string | number>): void {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`${label.padEnd(44)} ${parts.join('  ')}\n`);
}

/** What a bench's child run reports, at least: its wall time and its peak memory. */
export interface ChildRun {
  seconds: number;
  peakRssMB: number;
}

/**
 * Runs `script` (a bench file) as `node script child ...args` twice, each in its own process with this
 * process's node flags, so that time and peak memory are the run's own; the child prints its result as
 * its last stdout line (JSON). Gives the faster run with the higher of the two peaks (the machine is
 * shared: the best time is the bench's, the worst memory the user's).
 */
export function bestOfTwoChildRuns<R extends ChildRun>(script: string, args: string[]): R {
  const runs = [0, 1].map(() => {
    const text = execFileSync(process.execPath, [...process.execArgv, script, 'child', ...args], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'Asia/Shanghai' },
      maxBuffer: 1 << 20,
    });
    return JSON.parse(text.trim().split('\n').pop()!) as R;
  });
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakRssMB: Math.max(...runs.map((x) => x.peakRssMB)) };
}

/**
 * A child run (`node bench child …`): times `run`, then prints one JSON line with its time, this
 * process's peak memory and the `figures` of its value (worked out after the timing), for
 * bestOfTwoChildRuns to read.
 */
export async function printChildRun<T, F extends object>(
  run: () => Promise<T>,
  figures: (value: T) => Promise<F> | F,
): Promise<void> {
  const t = await timed(run);
  const result: ChildRun & F = { seconds: t.seconds, peakRssMB: peakRssMB(), ...(await figures(t.value)) };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * A bench file's entry: `node bench child …args` runs `child(...args)`, `node bench` runs `parent()`;
 * a failure is printed and sets the exit code (npm run bench goes on with the next bench).
 */
export function benchMain(child: (...args: string[]) => Promise<void>, parent: () => Promise<void>): void {
  const [mode, ...args] = process.argv.slice(2);
  (mode === 'child' ? child(...args) : parent()).catch((e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exitCode = 1;
  });
}
