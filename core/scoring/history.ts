import { InputError } from '../problems';
import { parseMonth } from '../values';
import type { PastMonth } from './warnings';

/**
 * A score as `kaohe score --json` writes it: a finite number with at most one decimal, of a sane size
 * (a hand-edited 1e308 would make every mean Infinity).
 */
export function isScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100000 && Math.abs(Math.round(v * 10) - v * 10) < 1e-6;
}

/**
 * An earlier month's results from the document `kaohe score --json` printed (already JSON-parsed):
 * only month and each employee's id, score, grade are used. The CLI's --previous and the add-in's
 * "载入往月结果" both read it here, with the same messages. With `before` (the appraised month), a
 * result of that month or later is refused: it is almost always this month's output given by mistake.
 */
export function parsePastMonth(doc: unknown, name: string, before?: string): PastMonth {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InputError(`上月结果文件 ${name} 的内容不是 JSON 对象：应为 kaohe score --json 的输出。`, 'PREVIOUS_INVALID');
  }
  const d = doc as Record<string, unknown>;
  const month = typeof d.month === 'string' ? parseMonth(d.month) : null;
  if (!month || !Array.isArray(d.employees)) {
    const why = typeof d.month === 'string' && !month ? `month「${d.month}」不是有效的月份` : '缺少 month 或 employees';
    throw new InputError(`上月结果文件 ${name} ${why}：应为 kaohe score --json 的输出。`, 'PREVIOUS_INVALID');
  }
  if (before && month >= before) {
    throw new InputError(`上月结果文件 ${name} 是 ${month} 的结果，不早于考核月份 ${before}：--previous 应给之前月份的 kaohe score --json 输出。`, 'PREVIOUS_NOT_EARLIER');
  }
  const employees = (d.employees as unknown[]).map((raw, i) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof e.id !== 'string' || !isScore(e.score) || typeof e.grade !== 'string') {
      throw new InputError(`上月结果文件 ${name} 第${i + 1}名员工缺少 id/score/grade（score 应为最多一位小数的分数）。`, 'PREVIOUS_INVALID');
    }
    return { id: e.id, score: e.score, grade: e.grade };
  });
  return { month, employees };
}
