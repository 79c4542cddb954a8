/** The call-system export the 日报/周报/月报 benches read: a seeded month of calls as a GB18030 CSV. */
import { EXPORT_HEADERS, generateCallRows, writeCallCsv } from '../scripts/daily/sample-export';

/** The month sizes the call benches run (a quarter and the full target, for the scaling). */
export const CALL_MONTH_SIZES = [75000, 300000];

const stations = Array.from({ length: 12 }, (_, i) => `第${i + 1}维修站`);
const agents = Array.from({ length: 60 }, (_, i) => String(101 + i).padStart(4, '0'));

/** Writes about `calls` calls of 2026-10 (seed 42, 12 stations, 60 agents) to `file`. */
export async function writeMonthOfCalls(file: string, calls: number): Promise<void> {
  await writeCallCsv(
    file,
    (function* () {
      yield EXPORT_HEADERS;
      yield* generateCallRows({
        seed: 42,
        month: '2026-10',
        callsPerDay: Math.round(calls / 31),
        stations,
        agents,
      });
    })(),
  );
}
