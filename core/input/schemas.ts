import {
  ADJ_COLS,
  ADJ_HEADERS,
  ENTRY_COLS,
  ENTRY_DYNAMIC_PREFIX,
  ENTRY_HEADERS,
  ROSTER_COLS,
  ROSTER_HEADERS,
} from '../workbook/layout';
import { RecordSchema } from './table';

export type RosterKey = 'id' | 'name' | 'team' | 'position' | 'joinDate' | 'status';
export type EntryKey =
  | 'date'
  | 'id'
  | 'code'
  | 'count'
  | 'points'
  | 'minutes'
  | 'note'
  | 'recorder'
  | 'status'
  | 'voidReason';
export type AdjustmentKey = 'month' | 'id' | 'value' | 'reason';
export type CheckKey = 'date' | 'checker' | 'role' | 'id' | 'ticket' | 'recording' | 'result' | 'type' | 'note';

export const ROSTER_SCHEMA: RecordSchema<RosterKey> = {
  title: '员工名单',
  helpers: ROSTER_HEADERS.slice(ROSTER_COLS.check - 1),
  columns: [
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号'], scored: true },
    { key: 'name', header: '姓名', required: true, aliases: ['员工姓名'] },
    { key: 'team', header: '组别', required: false, aliases: ['班组', '小组', '部门'] },
    { key: 'position', header: '岗位', required: false, aliases: ['职位'] },
    { key: 'joinDate', header: '入职日期', required: true, aliases: ['入职时间'], scored: true },
    { key: 'status', header: '状态', required: false, aliases: ['在职状态'] },
  ],
};

export const ENTRY_SCHEMA: RecordSchema<EntryKey> = {
  title: '考核记录',
  helpers: ENTRY_HEADERS.slice(ENTRY_COLS.check - 1),
  helperPrefix: ENTRY_DYNAMIC_PREFIX,
  columns: [
    { key: 'date', header: '日期', required: true, aliases: ['发生日期', '记录日期'], scored: true },
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号'], scored: true },
    { key: 'code', header: '项目代码', required: true, aliases: ['代码', '考核项目代码'], scored: true },
    { key: 'count', header: '次数', required: false, scored: true },
    { key: 'points', header: '分值', required: false, aliases: ['分数'], scored: true },
    { key: 'minutes', header: '超时分钟', required: false, aliases: ['超时(分钟)', '超时时间(分钟)'], scored: true },
    { key: 'note', header: '说明', required: false, aliases: ['备注', '事由'] },
    { key: 'recorder', header: '记录人', required: false },
    { key: 'status', header: '状态', required: false, aliases: ['记录状态'], scored: true },
    { key: 'voidReason', header: '作废原因', required: false, scored: true },
  ],
};

export const ADJUSTMENT_SCHEMA: RecordSchema<AdjustmentKey> = {
  title: '额外奖惩',
  helpers: ADJ_HEADERS.slice(ADJ_COLS.check - 1),
  columns: [
    { key: 'month', header: '月份', required: true, aliases: ['考核月份'], scored: true },
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号'], scored: true },
    { key: 'value', header: '分值', required: true, aliases: ['奖惩分值', '分数'], scored: true },
    { key: 'reason', header: '理由', required: true, aliases: ['原因', '说明'] },
  ],
};

/**
 * 抽查记录 (recording spot checks). 工单号 and 录音编号 are each optional, but a file needs at least
 * one of the two columns (checked by readCheckRecords): a check names the recording it listened to.
 */
export const CHECK_SCHEMA: RecordSchema<CheckKey> = {
  title: '抽查记录',
  columns: [
    { key: 'date', header: '日期', required: true, aliases: ['抽查日期', '检查日期'] },
    { key: 'checker', header: '检查人', required: true, aliases: ['抽查人'] },
    { key: 'role', header: '检查人岗位', required: true, aliases: ['抽查人岗位'] },
    { key: 'id', header: '工号', required: true, aliases: ['员工编号', '员工工号', '话务员工号'] },
    { key: 'ticket', header: '工单号', required: false, aliases: ['工单编号'] },
    { key: 'recording', header: '录音编号', required: false, aliases: ['录音号'] },
    { key: 'result', header: '结果', required: true, aliases: ['抽查结果', '检查结果'] },
    { key: 'type', header: '问题类型', required: false, aliases: ['类型'] },
    { key: 'note', header: '说明', required: false, aliases: ['备注', '情况说明'] },
  ],
};

/** The Chinese header of a column key, for problems. */
export function headerOf<K extends string>(schema: RecordSchema<K>, key: K): string {
  return schema.columns.find((c) => c.key === key)?.header ?? key;
}
