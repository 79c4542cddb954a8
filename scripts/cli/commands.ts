import type { CommandSpec } from './args';
import { scoreCommand } from '../commands/score';
import { monthlyCommand } from '../commands/monthly';
import { slipsCommand } from '../commands/slips';
import { summaryCommand } from '../commands/summary';
import { periodCommand } from '../commands/period';
import { dailyCommand } from '../commands/daily';
import { qaCommand } from '../commands/qa';
import { closeCommand } from '../commands/close';
import { correctCommand } from '../commands/correct';
import { diffCommand } from '../commands/diff';

/** Every CLI command, in the order `kaohe --help` lists them. */
export const commands: CommandSpec[] = [
  scoreCommand,
  monthlyCommand,
  slipsCommand,
  summaryCommand,
  periodCommand,
  dailyCommand,
  qaCommand,
  closeCommand,
  correctCommand,
  diffCommand,
];
