import { aggregate, base, row } from './helpers';
import { DEFAULT_DAILY_SETTINGS, EXCEPTION_KEYS } from '../../core/daily/schema';
import { DailyAggregator, type DayReport } from '../../core/daily/aggregate';
import { EXPORT_HEADERS } from '../../scripts/daily/sample-export';

const D = '2026-10-05';
const count = (r: DayReport, k: keyof DayReport['exceptions']) => r.exceptions[k].count;

describe('报修情况: total, byType, byStation, byAgent', () => {
  const agg = aggregate([
    {},
    { 来电类型: '咨询', 维修站: '', 状态: '', 工号: '0102' },
    { 来电类型: '投诉', 投诉对象: '维修人员', 维修站: '西城维修站' },
    { 来电类型: '表扬', 受理时间: '2026-10-05 23:59:59', 接单时间: '', 联系住户时间: '', 完成时间: '' },
    { 来电类型: '建议', 受理时间: '2026-10-06 00:00:00', 接单时间: '', 联系住户时间: '', 完成时间: '' },
    { 受理时间: '2026-10-04 23:59:59', 接单时间: '', 联系住户时间: '', 完成时间: '', 状态: '待处理' },
  ]);
  const r = agg.report(D);
  test('calls belong to the day of their 受理时间 (00:00:00–23:59:59)', () => {
    expect(r.total).toBe(4);
    expect(agg.report('2026-10-06').total).toBe(1);
    expect(agg.report('2026-10-04').total).toBe(1);
  });
  test('by type, station and agent', () => {
    expect(r.byType).toEqual({ 报修: 1, 咨询: 1, 投诉: 1, 表扬: 1, 建议: 0 });
    expect(r.byStation).toEqual({ 东城维修站: 2, 西城维修站: 1, '（未填维修站）': 1 });
    expect(r.byAgent).toEqual({ '0101': 3, '0102': 1 });
    expect(r.problemRows).toEqual([]);
  });
  test('a time earlier than 受理时间 is impossible: a problem row, not a figure', () => {
    const p = aggregate([{ 受理时间: '2026-10-05 09:00' }]).report(D); // 接单 08:10 < 受理 09:00
    expect(p.problemRows.map((x) => x.code)).toEqual(['TIME_BEFORE_CALL']);
    expect(p.byType.报修).toBe(0);
  });
  test('a day without calls gives zeros and null means', () => {
    const e = agg.report('2026-10-20');
    expect([e.total, e.repairs, e.completed, e.completionRate, e.visits]).toEqual([0, 0, 0, 0, 0]);
    expect(e.meanHandlingHours).toBeNull();
    expect(e.meanScore).toBeNull();
  });
});

describe('完成情况: repairs, completed, completionRate, meanHandlingHours, over4h', () => {
  const r = aggregate([
    { 完成时间: '2026-10-05 10:00' }, // 2 h
    { 完成时间: '2026-10-05 12:00' }, // exactly 4 h: not over
    { 完成时间: '2026-10-05 12:00:01' }, // 4 h 1 s: over
    { 状态: '处理中', 完成时间: '' },
    { 状态: '待处理', 完成时间: '' },
    { 来电类型: '咨询', 完成时间: '2026-10-05 20:00' }, // not a repair
  ]).report(D);
  test('figures', () => {
    expect(r.repairs).toBe(5);
    expect(r.completed).toBe(3);
    expect(r.completionRate).toBeCloseTo(3 / 5, 12);
    expect(r.meanHandlingHours).toBeCloseTo((2 + 4 + 4 + 1 / 3600) / 3, 10);
    expect(r.over4h).toBe(1);
    expect(count(r, '3')).toBe(1);
    expect(r.exceptions['3'].list[0].detail).toContain('4 小时 0 分 1 秒');
  });
  test('completionRate is 0 without repairs', () => {
    expect(aggregate([{ 来电类型: '咨询' }]).report(D).completionRate).toBe(0);
  });
  test('the 4 h limit is a setting', () => {
    const r6 = aggregate([{ 完成时间: '2026-10-05 13:00' }], { ...DEFAULT_DAILY_SETTINGS, handlingHours: 6 }).report(D);
    expect(r6.over4h).toBe(0);
  });
});

describe('回访情况: visits by 回访时间, possibly days after the call', () => {
  const visit = { 回访时间: '2026-10-07 09:00', 是否解决: '是', 维修工态度: '满意', 是否收费: '否', 评分: '9' };
  const agg = aggregate([
    visit,
    {
      ...visit,
      受理时间: '2026-10-03 08:00',
      接单时间: '2026-10-03 08:05',
      联系住户时间: '2026-10-03 08:10',
      完成时间: '2026-10-03 09:00',
      是否解决: '否',
      维修工态度: '不满意',
      评分: '3',
      是否收费: '是',
    },
    { ...visit, 回访时间: '2026-10-07 23:59:59', 评分: '', 维修工态度: '' },
    { ...visit, 回访时间: '2026-10-08 00:00:00' },
  ]);
  test('a visit counts on its own day, not the call day', () => {
    const r = agg.report('2026-10-07');
    expect(r.total).toBe(0);
    expect(r.visits).toBe(3);
    expect(r.solved).toBe(2);
    expect(r.attitude).toEqual({ 满意: 1, 一般: 0, 不满意: 1, 未填: 1 });
    expect(r.meanScore).toBe(6); // (9 + 3) / 2: the blank 评分 is not averaged
    expect(r.charged).toBe(1);
    expect(agg.report(D).visits).toBe(0);
    expect(agg.report('2026-10-08').visits).toBe(1);
  });
});

describe('the nine abnormal events', () => {
  test('1: 接单 exactly 30 min is on time, 30 min 1 s and 31 min are late, no 接单时间 is late', () => {
    const r = aggregate([
      { 接单时间: '2026-10-05 08:30' },
      { 接单时间: '2026-10-05 08:30:01' },
      { 接单时间: '2026-10-05 08:31' },
      { 接单时间: '', 状态: '待处理', 完成时间: '' },
      { 来电类型: '咨询', 接单时间: '' }, // not a repair
    ]).report(D);
    expect(count(r, '1')).toBe(3);
    expect(r.exceptions['1'].list.map((e) => e.detail)).toEqual([
      '接单用时 30 分 1 秒，超过时限 30 分钟',
      '接单用时 31 分钟，超过时限 30 分钟',
      '没有接单时间（时限 30 分钟）',
    ]);
  });
  test('1: the 接单时限 is a setting', () => {
    const r = aggregate([{ 接单时间: '2026-10-05 08:31' }], { ...DEFAULT_DAILY_SETTINGS, acceptMinutes: 45 }).report(D);
    expect(count(r, '1')).toBe(0);
  });
  test('2: 联系住户 exactly 60 min is on time, 61 min is late, none is late', () => {
    const r = aggregate([
      { 联系住户时间: '2026-10-05 09:00' },
      { 联系住户时间: '2026-10-05 09:01' },
      { 联系住户时间: '' },
      { 来电类型: '投诉', 联系住户时间: '' },
    ]).report(D);
    expect(count(r, '2')).toBe(2);
    const r2 = aggregate([{ 联系住户时间: '2026-10-05 09:01' }], {
      ...DEFAULT_DAILY_SETTINGS,
      contactMinutes: 90,
    }).report(D);
    expect(count(r2, '2')).toBe(0);
  });
  test('3: completed repairs over 4 h only (a pending repair is not)', () => {
    const r = aggregate([
      { 完成时间: '2026-10-05 12:00' },
      { 完成时间: '2026-10-05 12:00:01' },
      { 状态: '处理中', 完成时间: '2026-10-05 18:00' },
    ]).report(D);
    expect(count(r, '3')).toBe(1);
  });
  test('4: 维修站无人接听 = 是, any type', () => {
    const r = aggregate([
      { 维修站无人接听: '是' },
      { 来电类型: '咨询', 维修站无人接听: '是' },
      { 维修站无人接听: '否' },
      { 维修站无人接听: '' },
    ]).report(D);
    expect(count(r, '4')).toBe(2);
  });
  test('5–8: 表扬, 投诉维修人员, 投诉收费人员, 建议', () => {
    const r = aggregate([
      { 来电类型: '表扬', 意见: '师傅好' },
      { 来电类型: '投诉', 投诉对象: '维修人员' },
      { 来电类型: '投诉', 投诉对象: '维修人员' },
      { 来电类型: '投诉', 投诉对象: '收费人员' },
      { 来电类型: '投诉', 投诉对象: '' },
      { 来电类型: '咨询', 投诉对象: '维修人员' },
      { 来电类型: '建议' },
    ]).report(D);
    expect([count(r, '5'), count(r, '6'), count(r, '7'), count(r, '8')]).toEqual([1, 2, 1, 1]);
    expect(r.exceptions['5'].list[0]).toMatchObject({
      station: '东城维修站',
      agent: '0101',
      time: '2026-10-05 08:00:00',
      detail: '住户表扬：师傅好',
    });
  });
  test('9: 来源 供热办', () => {
    const r = aggregate([
      { 来源: '供热办' },
      { 来源: '供热办', 来电类型: '咨询' },
      { 来源: '住户' },
      { 来源: '' },
    ]).report(D);
    expect(count(r, '9')).toBe(2);
  });
  test('every event list has as many calls as its count', () => {
    const r = aggregate([
      { 来源: '供热办', 维修站无人接听: '是', 接单时间: '', 联系住户时间: '', 完成时间: '2026-10-05 20:00' },
    ]).report(D);
    for (const k of EXCEPTION_KEYS) expect(r.exceptions[k].list.length).toBe(r.exceptions[k].count);
    expect(EXCEPTION_KEYS.filter((k) => r.exceptions[k].count > 0)).toEqual(['1', '2', '3', '4', '9']);
  });
});

describe('rows that cannot be counted', () => {
  const agg = aggregate([
    {},
    { 完成时间: '2026-10-5 25:00' },
    { 完成时间: '2026-10-05 07:00' }, // before 受理时间
    { 来电类型: '保修' },
    { 状态: '已完成', 完成时间: '' },
    { 评分: '11', 回访时间: '2026-10-06 09:00' },
    { 是否解决: '是' }, // a visit result without 回访时间
    { 受理时间: '2026-10-0? 09:00' },
    { 受理时间: '' },
  ]);
  const r = agg.report(D);
  test('a bad 完成时间 makes a problem row of its day, listed with the reason, counted in total only', () => {
    expect(r.total).toBe(7);
    expect(r.problemRows.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '完成时间', 'TIME_UNREADABLE'],
      [4, '完成时间', 'TIME_BEFORE_CALL'],
      [5, '来电类型', 'TYPE_UNKNOWN'],
      [6, '完成时间', 'DONE_TIME_MISSING'],
    ]);
    // A bad visit field lists the visit part only; the call is counted (issue 13, item 7).
    expect(r.partProblems.map((p) => [p.row, p.column, p.code])).toEqual([[8, '回访时间', 'VISIT_TIME_MISSING']]);
    expect(agg.report('2026-10-06').partProblems.map((p) => [p.row, p.column, p.code])).toEqual([
      [7, '评分', 'SCORE_INVALID'],
    ]);
    expect(r.problemRows[0]).toMatchObject({ file: 'calls.csv', message: expect.stringContaining('2026-10-5 25:00') });
    expect(r.byType.报修).toBe(3);
    expect(r.repairs).toBe(3);
    expect(agg.report('2026-10-06').visits).toBe(1);
  });
  test('an unreadable 受理时间 belongs to no day and is listed in every report', () => {
    expect(r.unreadable.map((p) => [p.row, p.code])).toEqual([
      [9, 'CALL_TIME_UNREADABLE'],
      [10, 'CALL_TIME_MISSING'],
    ]);
    expect(agg.report('2026-10-20').unreadable).toHaveLength(2);
  });
  test('reconciliation: total = byType + problem rows; days + unreadable = file rows', () => {
    const sumTypes = Object.values(r.byType).reduce((a, b) => a + b, 0);
    expect(sumTypes + r.problemRows.length).toBe(r.total);
    expect(r.reconciliation).toMatchObject({
      fileRows: 9,
      counted: 3,
      problem: 4,
      otherDays: 0,
      unreadable: 2,
      partial: 1,
      balanced: true,
    });
  });
  test('several reasons on one row stay one problem row with every reason', () => {
    const p = aggregate([{ 来电类型: '', 工号: '', 完成时间: '坏' }]).report(D).problemRows;
    expect(p).toHaveLength(1);
    expect(p[0].column).toBe('工号、来电类型、完成时间');
    expect(p[0].code).toBe('AGENT_MISSING,TYPE_MISSING,TIME_UNREADABLE');
  });
  test('a duplicated 工单号 on the same day is counted once and listed', () => {
    const d = aggregate([{ 工单号: 'DUP' }, { 工单号: 'DUP' }]).report(D);
    expect(d.repairs).toBe(1);
    expect(d.problemRows.map((p) => p.code)).toEqual(['DUPLICATE_TICKET']);
    expect(d.total).toBe(2);
  });
  test('entirely empty lines are not data rows', () => {
    const a = aggregate([{}]);
    a.add(['', '', ' '], 3);
    expect(a.report(D).reconciliation).toMatchObject({ fileRows: 1, blankLines: 1, balanced: true });
  });
  test('a missing required column is named', () => {
    const a = new DailyAggregator({ file: 'x.csv' });
    expect(() => a.header(['受理时间', '工单号', '工号', '来电类型'])).toThrow(/缺少必需的列「来源」「维修站」/);
  });
});

test('columns are found by header in any order, extra columns ignored', () => {
  const headers = [...EXPORT_HEADERS].reverse().concat(['多余的列']);
  const a = new DailyAggregator({ file: 'x.csv' });
  a.header(headers.map((h: string) => (h === '维修站' ? ' 维修站 ' : h)));
  a.add([...row({ ...base, 工单号: 'R1' })].reverse().concat(['垃圾']), 2);
  const r = a.report('2026-10-05');
  expect(r.repairs).toBe(1);
  expect(r.byStation).toEqual({ 东城维修站: 1 });
});
