/**
 * A row is counted part by part (issue 13, item 7): a bad return-visit field never drops the call,
 * the repair or the visit; only the unreadable part is listed. The reconciliation stays true.
 */
import { aggregate } from './helpers';

const D4 = '2026-10-04';
const D5 = '2026-10-05';
const on4 = (c: Record<string, string>) => ({
  受理时间: '2026-10-04 08:00',
  接单时间: '2026-10-04 08:10',
  联系住户时间: '2026-10-04 08:20',
  完成时间: '2026-10-04 10:00',
  ...c,
});

describe('a call of 10-04 with a bad return-visit field', () => {
  const agg = aggregate([
    on4({ 回访时间: '2026-10-05 09:00', 维修工态度: '很好', 是否解决: '是', 评分: '9' }),
    on4({ 回访时间: '2026-10-05 10:00', 评分: '十一', 是否解决: '是', 维修工态度: '满意' }),
    on4({ 回访时间: '2026-10-0? 11:00', 是否解决: '是' }),
  ]);
  const d4 = agg.report(D4);
  const d5 = agg.report(D5);

  test('the calls and repairs count on 10-04: 报修 3, 完成 3', () => {
    expect([d4.total, d4.byType.报修, d4.repairs, d4.completed]).toEqual([3, 3, 3, 3]);
    expect(d4.problemRows).toEqual([]);
  });

  test('the readable visits count on 10-05; an unreadable field counts as not filled', () => {
    expect(d5.visits).toBe(2);
    expect(d5.solved).toBe(2);
    expect(d5.attitude).toEqual({ 满意: 1, 一般: 0, 不满意: 0, 未填: 1 });
    expect(d5.meanScore).toBe(9);
  });

  test('only the unreadable parts are listed: a bad field on the visit day, a bad 回访时间 on the call day', () => {
    expect(d5.partProblems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '维修工态度', 'ATTITUDE_UNKNOWN'],
      [3, '评分', 'SCORE_INVALID'],
    ]);
    expect(d4.partProblems.map((p) => [p.row, p.column, p.code])).toEqual([[4, '回访时间', 'TIME_UNREADABLE']]);
    for (const p of [...d4.partProblems, ...d5.partProblems]) {
      expect(p.file).toBe('calls.csv');
      expect(p.message).toMatch(/来电已计入/);
      expect(p.message).toMatch(/请/);
    }
    expect(d4.partProblems[0].message).toMatch(/回访.*未计入/);
  });

  test('reconciliation: file rows = counted + problem rows + other days + unreadable, and it says so', () => {
    expect(d4.reconciliation).toMatchObject({
      fileRows: 3,
      counted: 3,
      problem: 0,
      otherDays: 0,
      unreadable: 0,
      partial: 1,
      balanced: true,
    });
    expect(d5.reconciliation).toMatchObject({ fileRows: 3, counted: 0, otherDays: 3, partial: 2, balanced: true });
  });
});

test('a visit result without 回访时间: the call counts, the visit is listed', () => {
  const r = aggregate([{ 是否解决: '是' }]).report(D5);
  expect([r.total, r.repairs, r.completed, r.visits]).toEqual([1, 1, 1, 0]);
  expect(r.problemRows).toEqual([]);
  expect(r.partProblems.map((p) => p.code)).toEqual(['VISIT_TIME_MISSING']);
});

test('a row whose call cannot be counted still counts its readable visit on the visit day', () => {
  const agg = aggregate([{ 来电类型: '保修', 回访时间: '2026-10-06 09:00', 是否解决: '是', 维修工态度: '满意' }]);
  const r = agg.report(D5);
  expect(r.problemRows.map((p) => p.code)).toEqual(['TYPE_UNKNOWN']);
  expect(r.problemRows[0].message).toMatch(/回访已计入 2026-10-06/);
  expect(agg.report('2026-10-06')).toMatchObject({ visits: 1, solved: 1 });
});

test('a 投诉 against someone other than 维修人员/收费人员 counts as 投诉 and is listed', () => {
  const r = aggregate([
    { 来电类型: '投诉', 投诉对象: '客服人员' },
    { 来电类型: '投诉', 投诉对象: '' },
    { 来电类型: '投诉', 投诉对象: '维修人员' },
  ]).report(D5);
  expect(r.byType.投诉).toBe(3);
  expect(r.exceptions['6'].count).toBe(1);
  expect(r.exceptions['7'].count).toBe(0);
  expect(r.partProblems.map((p) => [p.row, p.column, p.code])).toEqual([
    [2, '投诉对象', 'COMPLAINT_TARGET_UNKNOWN'],
    [3, '投诉对象', 'COMPLAINT_TARGET_MISSING'],
  ]);
  expect(r.partProblems[0].message).toContain('客服人员');
  expect(r.reconciliation).toMatchObject({ counted: 3, problem: 0, partial: 2, balanced: true });
});

test('a row whose call is not counted lists its bad visit fields with the row, not as a part of a counted call', () => {
  const agg = aggregate([
    { 来电类型: '投诉', 投诉对象: '客服', 工号: '', 回访时间: '2026-10-06 09:00', 维修工态度: '很好', 是否解决: '是' },
  ]);
  const r = agg.report(D5);
  expect(r.problemRows.map((p) => [p.row, p.code])).toEqual([[2, 'AGENT_MISSING,ATTITUDE_UNKNOWN']]);
  expect(r.problemRows[0].message).toMatch(/回访已计入 2026-10-06.*按未填统计/);
  expect(r.partProblems).toEqual([]);
  expect(agg.report('2026-10-06')).toMatchObject({ visits: 1, solved: 1, partProblems: [] });
  expect(agg.report('2026-10-06').attitude.未填).toBe(1);
});
