/** Runs the kaohe CLI in this process (as `npx kaohe …` would) and the sample files the tests use. */
import * as path from 'path';
import { main } from '../../scripts/cli/main';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const sample = (name: string) => path.join(SAMPLES, name);
/** The shared worked example (README and 考核规则说明: 2026-11, 0031 → 47 不合格). */
export const EXAMPLES = path.join(ROOT, 'test', 'fixtures', 'shared-example');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}
