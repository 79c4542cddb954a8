/**
 * Earlier months' results for the pane, from the JSON `kaohe score --json` prints (the same document
 * the CLI's --previous reads, same messages). Formulas cannot see last month; core can.
 */
import { InputError } from '../../core/problems';
import type { PastMonth } from '../../core/scoring/warnings';
import { parseMonth } from '../../core/values';

export function parsePastMonth(text: string, fileName: string): PastMonth {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`上月结果文件 ${fileName} 无法读取：应为 kaohe score --json 的输出（${(err as Error).message}）。`, 'PREVIOUS_INVALID');
  }
  const d = doc as { month?: unknown; employees?: unknown };
  const month = typeof d.month === 'string' ? parseMonth(d.month) : null;
  if (!month || !Array.isArray(d.employees)) {
    throw new InputError(`上月结果文件 ${fileName} 缺少 month 或 employees：应为 kaohe score --json 的输出。`, 'PREVIOUS_INVALID');
  }
  const employees = (d.employees as Record<string, unknown>[]).map((e, i) => {
    if (typeof e.id !== 'string' || typeof e.score !== 'number' || typeof e.grade !== 'string') {
      throw new InputError(`上月结果文件 ${fileName} 第${i + 1}名员工缺少 id/score/grade。`, 'PREVIOUS_INVALID');
    }
    return { id: e.id, score: e.score, grade: e.grade };
  });
  return { month, employees };
}
