import type { RecordSchema } from '../input/table';

/** Columns of the call/ticket system's export (SPEC §6), found by their Chinese headers. */
export type CallKey =
  | 'received'
  | 'ticket'
  | 'agent'
  | 'type'
  | 'source'
  | 'resident'
  | 'address'
  | 'phone'
  | 'station'
  | 'accepted'
  | 'contacted'
  | 'done'
  | 'status'
  | 'noAnswer'
  | 'target'
  | 'visit'
  | 'solved'
  | 'attitude'
  | 'charged'
  | 'score'
  | 'opinion';

export const CALL_SCHEMA: RecordSchema<CallKey> = {
  title: '呼叫系统导出',
  columns: [
    { key: 'received', header: '受理时间', required: true, aliases: ['来电时间'] },
    { key: 'ticket', header: '工单号', required: true, aliases: ['工单编号'] },
    { key: 'agent', header: '工号', required: true, aliases: ['坐席工号', '受理人工号'] },
    { key: 'type', header: '来电类型', required: true, aliases: ['工单类型'] },
    { key: 'source', header: '来源', required: true, aliases: ['来电来源'] },
    { key: 'resident', header: '住户姓名', required: false, aliases: ['住户'] },
    { key: 'address', header: '地址', required: false, aliases: ['住址'] },
    { key: 'phone', header: '电话', required: false, aliases: ['联系电话'] },
    { key: 'station', header: '维修站', required: true },
    { key: 'accepted', header: '接单时间', required: true },
    { key: 'contacted', header: '联系住户时间', required: true },
    { key: 'done', header: '完成时间', required: true },
    { key: 'status', header: '状态', required: true, aliases: ['工单状态'] },
    { key: 'noAnswer', header: '维修站无人接听', required: true },
    { key: 'target', header: '投诉对象', required: true },
    { key: 'visit', header: '回访时间', required: true },
    { key: 'solved', header: '是否解决', required: true },
    { key: 'attitude', header: '维修工态度', required: true },
    { key: 'charged', header: '是否收费', required: true },
    { key: 'score', header: '评分', required: true, aliases: ['回访评分'] },
    { key: 'opinion', header: '意见', required: false, aliases: ['住户意见', '备注'] },
  ],
};

export const CALL_TYPES = ['报修', '咨询', '投诉', '表扬', '建议'] as const;
export type CallType = (typeof CALL_TYPES)[number];
export const STATUSES = ['待处理', '处理中', '已完成'] as const;
export const SOURCES = ['住户', '供热办'] as const;
export const ATTITUDES = ['满意', '一般', '不满意'] as const;
export type Attitude = (typeof ATTITUDES)[number];

/** The nine abnormal events (异常事件) of SPEC §6, keyed "1".."9". */
export const EXCEPTION_KINDS = {
  '1': '维修班未在规定时间内处理',
  '2': '维修人员未在规定时间内联系住户',
  '3': '维修处理时间超过4小时',
  '4': '维修站电话无人接听',
  '5': '住户表扬',
  '6': '投诉维修人员',
  '7': '投诉收费人员',
  '8': '意见或建议',
  '9': '供热办转达',
} as const;
export type ExceptionKind = keyof typeof EXCEPTION_KINDS;
export const EXCEPTION_KEYS = Object.keys(EXCEPTION_KINDS) as ExceptionKind[];

/** Thresholds are settings (接单时限, 联系时限, 处理时限). */
export interface DailySettings {
  acceptMinutes: number;
  contactMinutes: number;
  handlingHours: number;
}

export const DEFAULT_DAILY_SETTINGS: DailySettings = { acceptMinutes: 30, contactMinutes: 60, handlingHours: 4 };
