/** slips --changed-since: whose slip changed between an earlier version and this one, and the edition mark. */
import * as path from 'path';
import { diffResults } from '../../core/closing/result-diff';
import { InputError } from '../../core/problems';
import type { CliIO } from '../cli/args';
import { ScoredMonth, loadScoredMonth } from '../slips/inputs';
import { checkClosedWorkbooks } from './verify';

export async function changedSince(
  oldFile: string,
  newFile: string | undefined,
  scored: ScoredMonth,
  io: CliIO,
  previous: string[] = [],
): Promise<{ only: Set<string>; edition: { tag: string; text: string } }> {
  if (!newFile) throw new InputError('--changed-since 需要 --workbook（新版本的月度考核工作簿）。', 'BAD_ARGS');
  // The same earlier months as the new version, so only the correction shows as a change.
  const old = await loadScoredMonth({ workbook: oldFile, previous }, 'slips');
  if (old.result.month !== scored.result.month) {
    throw new InputError(
      `--changed-since ${path.basename(oldFile)} 是 ${old.result.month} 的工作簿，与 ${scored.result.month} 不是同一个月。`,
      'MONTH_MISMATCH',
    );
  }
  const [oldState] = (await checkClosedWorkbooks([oldFile], io, { refuse: true, quiet: true })).states;
  const [newState] = (await checkClosedWorkbooks([newFile], { out: () => {}, err: () => {} })).states;
  const diffs = diffResults(old.result, scored.result).filter((d) => d.status !== 'removed');
  const version = newState?.state.version;
  const tag = version ? `第${version}版` : '更正版';
  const replaces = oldState ? `第${oldState.state.version}版（${oldState.state.at}）` : path.basename(oldFile);
  io.out(
    `与 ${path.basename(oldFile)} 相比有变化的 ${diffs.length} 人：${diffs.map((d) => `${d.id} ${d.name}`).join('、') || '无'}\n`,
  );
  return { only: new Set(diffs.map((d) => d.id)), edition: { tag, text: `${tag}，替换${replaces}` } };
}
