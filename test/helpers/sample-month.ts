/**
 * The months the workbook tests build their workbooks from. The shared worked example (2026-11,
 * test/fixtures/shared-example). The README's sample month: 2026-09 scored to JSON (its --previous,
 * so 连续两月末位 has an earlier month), then 2026-10 from samples/ with that --previous, and its
 * monthly workbook as `kaohe monthly` writes it.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { monthInputs } from '../../scripts/demo';
import { EXAMPLES, SAMPLES, cli } from './cli';

/** The shared worked example's inputs as command-line arguments: --roster … --month 2026-11. */
export const EXAMPLE_ARGS = [
  '--roster',
  path.join(EXAMPLES, 'roster.csv'),
  '--entries',
  path.join(EXAMPLES, 'entries-2026-11.csv'),
  '--adjustments',
  path.join(EXAMPLES, 'adjustments-2026-11.csv'),
  '--month',
  '2026-11',
];

/** The shared worked example's workbook as `kaohe monthly` writes it into `dir` (its one rejected row is said on stderr). */
export async function exampleWorkbook(dir: string): Promise<string> {
  const gen = await cli(['monthly', ...EXAMPLE_ARGS, '--out', dir]);
  expect(gen.code).toBe(0);
  return path.join(dir, '月度考核-2026-11.xlsx');
}

export const SAMPLE_MONTH = '2026-10';

/** The README's sample month 2026-10 as command-line arguments (no --previous): --roster … --month 2026-10. */
export const SAMPLE_ARGS = [...monthInputs(SAMPLES, SAMPLE_MONTH), '--month', SAMPLE_MONTH];

export interface SampleMonth {
  /** 2026-09's `kaohe score --json` output, written in the folder. */
  previous: string;
  /** 2026-10's input files, with the earlier month. */
  files: { roster: string; entries: string; adjustments: string; previous: string[] };
  /** The same as command-line arguments: --roster … --adjustments … --previous … --month 2026-10. */
  args: string[];
}

/** Writes 2026-09's results into `dir` and returns 2026-10's inputs. */
export async function sampleMonth(dir: string): Promise<SampleMonth> {
  const sep = await cli([
    'score',
    '--roster',
    path.join(SAMPLES, '员工名单.csv'),
    '--entries',
    path.join(SAMPLES, '考核记录-2026-09.csv'),
    '--adjustments',
    path.join(SAMPLES, '额外奖惩-2026-09.csv'),
    '--month',
    '2026-09',
    '--json',
  ]);
  expect({ code: sep.code, stderr: sep.stderr }).toEqual({ code: 0, stderr: '' });
  const previous = path.join(dir, '2026-09.json');
  await fs.writeFile(previous, sep.stdout);
  const files = {
    roster: path.join(SAMPLES, '员工名单.csv'),
    entries: path.join(SAMPLES, `考核记录-${SAMPLE_MONTH}.csv`),
    adjustments: path.join(SAMPLES, `额外奖惩-${SAMPLE_MONTH}.csv`),
    previous: [previous],
  };
  const args = [
    '--roster',
    files.roster,
    '--entries',
    files.entries,
    '--adjustments',
    files.adjustments,
    '--previous',
    previous,
    '--month',
    SAMPLE_MONTH,
  ];
  return { previous, files, args };
}

/** sampleMonth, and the month's workbook written by `kaohe monthly` into `dir`. */
export async function sampleWorkbook(dir: string): Promise<SampleMonth & { workbook: string }> {
  const month = await sampleMonth(dir);
  const gen = await cli(['monthly', ...month.args, '--out', dir]);
  expect({ code: gen.code, stderr: gen.stderr }).toEqual({ code: 0, stderr: '' });
  return { ...month, workbook: path.join(dir, `月度考核-${SAMPLE_MONTH}.xlsx`) };
}
