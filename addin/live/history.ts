/**
 * Earlier months' results for the pane, from the JSON `kaohe score --json` prints: the same parsing
 * and messages as the CLI's --previous (core/scoring/history.ts). Formulas cannot see last month; core can.
 */
import { InputError } from '../../core/problems';
import { parsePastMonth as parsePastMonthDoc } from '../../core/scoring/history';
import type { PastMonth } from '../../core/scoring/warnings';

export function parsePastMonth(text: string, fileName: string): PastMonth {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new InputError(
      `上月结果文件 ${fileName} 不是有效的 JSON：应为 kaohe score --json 的输出。`,
      'PREVIOUS_INVALID',
    );
  }
  return parsePastMonthDoc(doc, fileName);
}
