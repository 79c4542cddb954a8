/**
 * The month and policy of the open workbook, read from its 考核项目 sheet with the reader the CLI uses
 * (core/workbook/policy-sheet.ts): a rule HR edits in 考核项目, or a workbook generated from a custom
 * policy file, is what the live check and 一致性检查 apply — the same policy as the formulas and
 * `kaohe score --workbook`.
 */
import { InputError } from '../../core/problems';
import type { Policy } from '../../core/policy/types';
import { NOT_OURS_FIX, policyPlaces, readPolicySheet } from '../../core/workbook/policy-sheet';
import { POLICY_BLOCKS } from '../../core/workbook/layout';
import { SHEET } from '../../core/workbook/sheets';
import type { Cell } from '../../core/values';
import type { XCell } from '../excel/types';

export interface WorkbookSettings {
  month: string;
  policyId: string;
  policy: Policy | null;
  /** Why the policy could not be used, in Chinese ('' when fine). */
  problem: string;
}

/** The defined names that place 考核项目's blocks (KH_ITEMS…), loaded with the sheet. */
export const POLICY_NAMES: string[] = Object.values(POLICY_BLOCKS).map((b) => b.name);

const BOOK = '本工作簿';
/** 追加扣分代码 when the cell is empty: the same default as the CLI's reader (scripts/workbook/read.ts). */
const DEFAULT_ESCALATION_CODE = 'X01';

/**
 * `values` is 考核项目's used range, whose first cell is at 0-based (top, left); `names` maps the
 * defined names found to their formulas (e.g. ='考核项目'!$N$1). Null when the sheet is empty.
 */
export function readSettings(
  values: XCell[][],
  top: number,
  left: number,
  names: ReadonlyMap<string, string> = new Map(),
): WorkbookSettings | null {
  if (values.length === 0 || values.every((r) => r.every((c) => c === '' || c === null))) return null;
  const rows = new Map<number, Cell[]>();
  const pad: Cell[] = new Array(left).fill(null);
  values.forEach((r, i) => rows.set(top + 1 + i, [...pad, ...(r as Cell[])]));
  const { places } = policyPlaces(names);
  try {
    const { policy, month } = readPolicySheet(BOOK, rows, places, DEFAULT_ESCALATION_CODE);
    if (!month)
      return {
        month: '',
        policyId: policy.id,
        policy: null,
        problem: `「${SHEET.items}」表参数区的「考核月份」为空或无法识别：请填写如 2026-11 的月份。`,
      };
    return { month, policyId: policy.id, policy, problem: '' };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const fix = `请改正「${SHEET.items}」表（表头须与初始化时写入的一致）；若本工作簿尚未初始化，请点「初始化考核表」。`;
    return { month: '', policyId: '', policy: null, problem: e.message.replace(NOT_OURS_FIX, fix) };
  }
}
