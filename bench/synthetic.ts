/** Seeded synthetic months for the benches: realistic mixes of items, a few bad rows. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { rng } from '../scripts/random';

const CODES = [
  'L01',
  'L02',
  'L03',
  'L05',
  'L06',
  'L07',
  'L10',
  'L11',
  'L12',
  'B03',
  'B04',
  'B06',
  'M01',
  'M03',
  'M06',
  'S01',
];

export interface SyntheticMonth {
  rosterCsv: string;
  entriesCsv: string;
  entryRows: number;
}

/** employees × perEmployee entry rows for 2026-10 as UTF-8 CSV text (1% of rows are bad on purpose). */
export function syntheticMonth(employees: number, perEmployee: number, seed = 42): SyntheticMonth {
  const rand = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const roster = ['工号,姓名,组别,岗位,入职日期'];
  for (let i = 0; i < employees; i++)
    roster.push(
      `${String(i + 1).padStart(5, '0')},员工${i + 1},${['一组', '二组', '三组', '四组'][i % 4]},客服,20${10 + (i % 15)}-0${1 + (i % 9)}-15`,
    );
  const rows = ['日期,工号,项目代码,次数,分值,超时分钟,说明,记录人,状态,作废原因'];
  const n = employees * perEmployee;
  for (let k = 0; k < n; k++) {
    const id = String(1 + Math.floor(rand() * employees)).padStart(5, '0');
    const day = String(1 + Math.floor(rand() * 31)).padStart(2, '0');
    const r = rand();
    if (r < 0.05) rows.push(`2026-10-${day},${id},L04,1,${2 + Math.floor(rand() * 4)},,迟到,培训专员,,`);
    else if (r < 0.08) rows.push(`2026-10-${day},${id},T01,1,,${1 + Math.floor(rand() * 60)},超时,培训专员,,`);
    else if (r < 0.09) rows.push(`2026-10-${day},${id},${pick(CODES)},1,,,录错,培训专员,作废,误录`);
    else if (r < 0.1) rows.push(`2026-10-${day},${id},L09,1,7,,超范围,培训专员,,`);
    else rows.push(`2026-10-${day},${id},${pick(CODES)},${rand() < 0.9 ? 1 : 2},,,,培训专员,,`);
  }
  return { rosterCsv: roster.join('\n') + '\n', entriesCsv: rows.join('\n') + '\n', entryRows: n };
}

export async function writeSyntheticMonth(
  dir: string,
  employees: number,
  perEmployee: number,
): Promise<{ roster: string; entries: string; rows: number }> {
  const m = syntheticMonth(employees, perEmployee);
  const roster = path.join(dir, `roster-${employees}.csv`);
  const entries = path.join(dir, `entries-${employees}x${perEmployee}.csv`);
  await fs.writeFile(roster, m.rosterCsv);
  await fs.writeFile(entries, m.entriesCsv);
  return { roster, entries, rows: m.entryRows };
}
