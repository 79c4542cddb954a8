import type { Cell } from '../../core/values';
import { DailyAggregator } from '../../core/daily/aggregate';
import type { DailySettings } from '../../core/daily/schema';
import { EXPORT_HEADERS } from '../../scripts/daily/sample-export';

export type Call = Partial<Record<(typeof EXPORT_HEADERS)[number], Cell>>;

/** A repair received at 08:00 on 2026-10-05, taken, contacted and done in time, unless overridden. */
export const base: Call = {
  受理时间: '2026-10-05 08:00',
  工单号: 'GD1',
  工号: '0101',
  来电类型: '报修',
  来源: '住户',
  维修站: '东城维修站',
  接单时间: '2026-10-05 08:10',
  联系住户时间: '2026-10-05 08:20',
  完成时间: '2026-10-05 10:00',
  状态: '已完成',
  维修站无人接听: '否',
};

export function row(call: Call): Cell[] {
  return EXPORT_HEADERS.map((h) => (call as Record<string, Cell>)[h] ?? '');
}

let seq = 0;
/** Aggregates calls (each merged over `base` with a fresh 工单号 unless given). */
export function aggregate(calls: Call[], settings?: DailySettings): DailyAggregator {
  const agg = new DailyAggregator({ file: 'calls.csv', settings });
  agg.header(EXPORT_HEADERS);
  calls.forEach((c, i) => agg.add(row({ ...base, 工单号: `T${++seq}`, ...c }), i + 2));
  return agg;
}
