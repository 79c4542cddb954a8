import { AdjustmentRecord, EntryRecord, Roster, readRoster } from '../../core/input/records';
import type { AdjustmentKey, EntryKey } from '../../core/input/schemas';
import { presetPolicy } from '../../core/policy/presets';
import type { Policy } from '../../core/policy/types';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import type { PastMonth } from '../../core/scoring/warnings';
import type { Cell } from '../../core/values';

export const DAILY = presetPolicy('kefu-daily');
export const SUPERVISOR = presetPolicy('kefu-supervisor');

/** Roster rows: [工号, 姓名, 入职日期?, 组别?]. */
export function roster(rows: [string, string, string?, string?][]): Roster {
  return readRoster(
    rows.map(([id, name, joinDate, team], i) => ({
      file: 'roster.csv',
      row: i + 2,
      id,
      name,
      joinDate: joinDate ?? '2020-01-01',
      team: team ?? '一组',
      position: '客服',
      status: '',
    })),
  );
}

const ENTRY_KEYS: EntryKey[] = [
  'date',
  'id',
  'code',
  'count',
  'points',
  'minutes',
  'note',
  'recorder',
  'status',
  'voidReason',
];

/** Entry rows in file order; row numbers as Excel numbers them (header = 1). */
export function entries(rows: Partial<Record<EntryKey, Cell>>[], file = 'entries.csv'): EntryRecord[] {
  return rows.map((r, i) => {
    const rec = { file, row: i + 2 } as EntryRecord;
    for (const k of ENTRY_KEYS) (rec as Record<string, Cell>)[k] = r[k] ?? null;
    return rec;
  });
}

export function adjustments(
  rows: Partial<Record<AdjustmentKey, Cell>>[],
  file = 'adjustments.csv',
): AdjustmentRecord[] {
  return rows.map((r, i) => ({
    file,
    row: i + 2,
    month: r.month ?? null,
    id: r.id ?? null,
    value: r.value ?? null,
    reason: r.reason ?? null,
  }));
}

export function score(opts: {
  roster: Roster;
  entries?: EntryRecord[];
  adjustments?: AdjustmentRecord[];
  month?: string;
  policy?: Policy;
  history?: PastMonth[];
}): MonthResult {
  return scoreMonth({
    policy: opts.policy ?? DAILY,
    month: opts.month ?? '2026-10',
    roster: opts.roster,
    entries: opts.entries ?? [],
    adjustments: opts.adjustments ?? [],
    history: opts.history,
  });
}

export function employee(result: MonthResult, id: string) {
  const e = result.employees.find((x) => x.id === id);
  if (!e) throw new Error(`no result for ${id}`);
  return e;
}

/** Score of one employee whose month holds exactly these entries (dated 2026-10-05 unless given). */
export function scoreOf(rows: Partial<Record<EntryKey, Cell>>[], policy: Policy = DAILY) {
  const r = score({
    roster: roster([['001', '甲']]),
    entries: entries(rows.map((x) => ({ date: '2026-10-05', id: '001', ...x }))),
    policy,
  });
  return { result: r, emp: employee(r, '001') };
}
