import { Problem } from '../problems';
import type { Policy } from '../policy/types';
import { AdjustmentRecord, EmployeeLookup } from '../input/records';
import { ADJUSTMENT_SCHEMA, AdjustmentKey, headerOf } from '../input/schemas';
import { cleanText, keptText, parseEmployeeId, parseMonth, parseNumber, toTenths } from '../values';

export interface CountedAdjustment {
  file: string;
  row: number;
  employeeId: string;
  tenths: number;
  reason: string;
}

export interface AdjustmentCheck {
  byEmployee: Map<string, CountedAdjustment>;
  problems: Problem[];
  rejectedRows: number;
}

function problem(rec: AdjustmentRecord, key: AdjustmentKey, code: string, message: string): Problem {
  return { file: rec.file, row: rec.row, column: headerOf(ADJUSTMENT_SCHEMA, key), code, message };
}

/** 额外奖惩: one value in the policy's range per employee-month with a reason; the first valid one counts. */
export function checkAdjustments(
  records: AdjustmentRecord[],
  policy: Policy,
  month: string,
  lookup: EmployeeLookup,
): AdjustmentCheck {
  const byEmployee = new Map<string, CountedAdjustment>();
  const problems: Problem[] = [];
  let rejectedRows = 0;
  const rule = policy.adjustment;
  for (const rec of records) {
    const rowProblems: Problem[] = [];
    if (!rule) {
      problems.push(
        problem(rec, 'value', 'ADJUSTMENT_NOT_ALLOWED', `考核方案「${policy.name}」没有额外奖惩：请删除此行。`),
      );
      rejectedRows++;
      continue;
    }
    const m = parseMonth(rec.month);
    if (m === null)
      rowProblems.push(
        problem(
          rec,
          'month',
          'ADJUSTMENT_MONTH_INVALID',
          `月份「${cleanText(rec.month)}」无法识别：请填写如 2026-10 的月份。`,
        ),
      );
    else if (m !== month)
      rowProblems.push(
        problem(
          rec,
          'month',
          'ADJUSTMENT_OTHER_MONTH',
          `月份 ${m} 不是考核月份 ${month}：请放到对应月份的额外奖惩表中。`,
        ),
      );
    const idText = parseEmployeeId(rec.id);
    const employee = idText === '' ? undefined : lookup.find(idText);
    if (idText === '') rowProblems.push(problem(rec, 'id', 'EMPLOYEE_ID_EMPTY', '工号为空：请填写员工工号。'));
    else if (!employee) {
      const why = lookup.unmatched(idText, '请核对工号。');
      rowProblems.push(problem(rec, 'id', why.code, why.message));
    }
    const v = parseNumber(rec.value);
    const tenths = v === null || Number.isNaN(v) ? NaN : toTenths(v);
    if (v === null)
      rowProblems.push(
        problem(rec, 'value', 'ADJUSTMENT_VALUE_MISSING', '额外奖惩分值为空：请填写分值（正数为奖，负数为惩）。'),
      );
    else if (Number.isNaN(tenths))
      rowProblems.push(
        problem(
          rec,
          'value',
          'ADJUSTMENT_VALUE_INVALID',
          `分值「${cleanText(rec.value)}」无效：应为数字，最多一位小数。`,
        ),
      );
    else if (v < rule.min || v > rule.max) {
      rowProblems.push(
        problem(
          rec,
          'value',
          'ADJUSTMENT_OUT_OF_RANGE',
          `额外奖惩 ${v} 分超出允许范围 ${rule.min}～+${rule.max} 分：请改为范围内的分值。`,
        ),
      );
    }
    const reason = keptText(rec.reason);
    if (rule.reasonRequired && reason === '')
      rowProblems.push(problem(rec, 'reason', 'ADJUSTMENT_REASON_MISSING', '必须说明额外奖惩理由：请填写理由。'));
    if (rowProblems.length === 0 && employee) {
      const first = byEmployee.get(employee.id);
      if (first)
        rowProblems.push(
          problem(
            rec,
            'id',
            'ADJUSTMENT_DUPLICATE',
            `该员工本月已有额外奖惩（${first.file} 第${first.row}行），每人每月只能有一条：请合并为一条。`,
          ),
        );
      else byEmployee.set(employee.id, { file: rec.file, row: rec.row, employeeId: employee.id, tenths, reason });
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      rejectedRows++;
    }
  }
  return { byEmployee, problems, rejectedRows };
}
