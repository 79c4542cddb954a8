/**
 * The month and policy of the open workbook, from the settings block (参数 | 值) of 考核项目.
 */
import { presetIds, presetPolicy } from '../../core/policy/presets';
import type { Policy } from '../../core/policy/types';
import { cleanText, normalizeHeader, parseMonth } from '../../core/values';
import type { XCell } from '../excel/types';

export interface WorkbookSettings {
  month: string;
  policyId: string;
  policy: Policy | null;
  /** Why the policy could not be used, in Chinese ('' when fine). */
  problem: string;
}

/**
 * Finds the 参数 | 值 header pair anywhere in the sheet's used range (HR may move the block) and reads
 * 考核月份 and 方案ID below it. `top`/`left` are the used range's offsets (unused but kept for messages).
 */
export function readSettings(values: XCell[][], _top = 0, _left = 0): WorkbookSettings | null {
  for (let r = 0; r < values.length; r++) {
    for (let c = 0; c + 1 < values[r].length; c++) {
      if (normalizeHeader(values[r][c]) !== '参数' || normalizeHeader(values[r][c + 1]) !== '值') continue;
      const kv = new Map<string, XCell>();
      for (let k = r + 1; k < values.length; k++) {
        const key = normalizeHeader(values[k][c]);
        if (key === '') break;
        kv.set(key, values[k][c + 1]);
      }
      const month = parseMonth(kv.get('考核月份') ?? null);
      const policyId = cleanText(kv.get('方案ID') ?? null);
      if (!month) return { month: '', policyId, policy: null, problem: `考核项目表参数区的「考核月份」为空或无法识别：请填写如 2026-11 的月份。` };
      if (!presetIds().includes(policyId)) {
        return { month, policyId, policy: null, problem: `考核项目表参数区的「方案ID」为「${policyId}」，不是已知的方案（${presetIds().join('、')}）。` };
      }
      return { month, policyId, policy: presetPolicy(policyId), problem: '' };
    }
  }
  return null;
}
