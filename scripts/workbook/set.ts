/**
 * A month kept as several 月度考核 workbooks (`kaohe monthly --split-by 组别`: one per team) read as one
 * month: rosters, entries and adjustments put together, so the core scores the whole month at once and
 * every rule that spans the month (名次, 末位, 每月仅一人, the summary's tiers) is the company's, as if the
 * month had never been split.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { readRoster } from '../../core/input/records';
import { policyFingerprint } from '../../core/policy/load';
import type { PastMonth } from '../../core/scoring/warnings';
import type { MonthlyWorkbook } from './read';

/** Puts the workbooks of one month together (in the order given); refuses a set that is not one month. */
export function mergeMonthlyWorkbooks(
  books: { file: string; wb: MonthlyWorkbook }[],
  policyGiven: boolean,
): MonthlyWorkbook {
  const seen = new Set<string>();
  for (const b of books) {
    const key = path.resolve(b.file);
    if (seen.has(key))
      throw new InputError(
        `${path.basename(b.file)} 给了两次：同一个工作簿只能给一次 --workbook。`,
        'WORKBOOK_SET_DUPLICATE',
      );
    seen.add(key);
  }
  // the parts of one split in their split order (as the whole month's teams were), whatever order given
  const marks = books.map((b) => b.wb.splitPart);
  if (marks.every((m) => m !== null && m.count === marks[0]!.count))
    books = [...books].sort((x, y) => x.wb.splitPart!.index - y.wb.splitPart!.index);
  const [first, ...rest] = books;
  for (const b of rest) {
    if (b.wb.month !== first.wb.month)
      throw new InputError(
        `${path.basename(first.file)} 是 ${first.wb.month ?? '未注明月份'} 的月度考核工作簿，${path.basename(b.file)} 是 ${b.wb.month ?? '未注明月份'} 的：一起读取的工作簿必须是同一个月的。`,
        'WORKBOOK_SET_MONTH_MISMATCH',
      );
    if (!policyGiven && policyFingerprint(b.wb.policy) !== policyFingerprint(first.wb.policy))
      throw new InputError(
        `${path.basename(first.file)} 与 ${path.basename(b.file)} 的「考核项目」表不同（方案指纹 ${policyFingerprint(first.wb.policy)} 与 ${policyFingerprint(b.wb.policy)}）：同一个月的各组须按同一方案计分。请把改动抄到每个工作簿，或用 --policy 指定方案。`,
        'WORKBOOK_SET_POLICY_MISMATCH',
      );
  }
  const rosterRecords = books.flatMap((b) => b.wb.rosterRecords);
  return {
    month: first.wb.month,
    policy: first.wb.policy,
    roster: readRoster(rosterRecords),
    rosterRecords,
    entries: books.flatMap((b) => b.wb.entries),
    adjustments: books.flatMap((b) => b.wb.adjustments),
    storedHistory: mergeHistory(books.map((b) => b.wb.storedHistory)),
    splitPart: null,
  };
}

/** Each workbook remembers its own employees' earlier months: together they are the company's. */
function mergeHistory(parts: PastMonth[][]): PastMonth[] {
  const byMonth = new Map<string, PastMonth>();
  for (const months of parts)
    for (const m of months) {
      const got = byMonth.get(m.month);
      if (got) got.employees.push(...m.employees);
      else byMonth.set(m.month, { month: m.month, employees: [...m.employees] });
    }
  return [...byMonth.values()];
}
