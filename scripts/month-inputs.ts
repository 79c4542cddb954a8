import { promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../core/problems';
import { readAdjustmentRecords, readEntryRecords, readRosterTable } from '../core/input/records';
import type { Policy } from '../core/policy/types';
import { MonthResult, scoreMonth } from '../core/scoring/monthly';
import type { PastMonth } from '../core/scoring/warnings';
import { parseMonth } from '../core/values';
import { SHEET } from '../core/workbook/sheets';
import { readTable } from './import/table';

export interface MonthFiles {
  roster: string;
  entries: string;
  adjustments?: string;
  previous: string[];
}

/** Reads an earlier `kaohe score --json` output (only month and each employee's id, score, grade). */
export async function readPastMonth(file: string): Promise<PastMonth> {
  let doc: unknown;
  try {
    doc = JSON.parse((await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`上月结果文件 ${path.basename(file)} 无法读取：应为 kaohe score --json 的输出（${(err as Error).message}）。`, 'PREVIOUS_INVALID');
  }
  const d = doc as { month?: unknown; employees?: unknown };
  const month = typeof d.month === 'string' ? parseMonth(d.month) : null;
  if (!month || !Array.isArray(d.employees)) {
    throw new InputError(`上月结果文件 ${path.basename(file)} 缺少 month 或 employees：应为 kaohe score --json 的输出。`, 'PREVIOUS_INVALID');
  }
  const employees = (d.employees as Record<string, unknown>[]).map((e, i) => {
    if (typeof e.id !== 'string' || typeof e.score !== 'number' || typeof e.grade !== 'string') {
      throw new InputError(`上月结果文件 ${path.basename(file)} 第${i + 1}名员工缺少 id/score/grade。`, 'PREVIOUS_INVALID');
    }
    return { id: e.id, score: e.score, grade: e.grade };
  });
  return { month, employees };
}

export async function scoreFromFiles(files: MonthFiles, policy: Policy, month: string): Promise<MonthResult> {
  const roster = readRosterTable(await readTable(files.roster, SHEET.roster));
  const entries = readEntryRecords(await readTable(files.entries, SHEET.entries));
  const adjustments = files.adjustments ? readAdjustmentRecords(await readTable(files.adjustments, SHEET.adjustments)) : [];
  const history = await Promise.all(files.previous.map(readPastMonth));
  return scoreMonth({ policy, month, roster, entries, adjustments, history });
}

/** The document `kaohe score --json` prints. */
export function scoreJson(result: MonthResult) {
  return {
    month: result.month,
    policy: result.policy.name,
    policyId: result.policy.id,
    employees: result.employees.map((e) => ({
      id: e.id,
      name: e.name,
      team: e.team,
      bonus: e.bonus,
      deduction: e.deduction,
      escalation: e.escalation,
      adjustment: e.adjustment,
      score: e.score,
      grade: e.grade,
      tenureMonth: e.tenureMonth,
      payFloat: e.payFloat,
      rank: e.rank,
      warnings: e.warnings,
    })),
    rejected: result.rejected,
    counts: result.counts,
    notices: result.notices,
  };
}
