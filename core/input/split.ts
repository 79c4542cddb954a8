/**
 * Splitting a month's inputs into one part per team (组别), for `kaohe monthly --split-by 组别`: a month too
 * big for one pleasant spreadsheet becomes a workbook per team. Every input row goes into exactly one part
 * (nothing vanishes), and into the part where the core reads it the same way as in the whole month:
 * an entry goes with the roster row its 工号 names; the rows of a duplicated 工号 stay together (so they
 * are still refused as duplicates); rows naming no roster row go to the part that says so in its notices.
 */
import { InputError } from '../problems';
import { Cell, cleanText, parseEmployeeId } from '../values';
import { AdjustmentRecord, EmployeeLookup, EntryRecord, RosterRecord, readRoster } from './records';

/** The bucket of employees whose 组别 is empty. */
export const UNASSIGNED_TEAM = '未分组';

export interface TeamPart {
  /** The team as typed in 组别 (trimmed), or UNASSIGNED_TEAM. */
  team: string;
  /** The team as it can stand in a file name (see safeFileSegment). */
  fileSegment: string;
  rosterRecords: RosterRecord[];
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
  /** Entries and adjustments in this part whose 工号 names no roster row (they are refused here, as in the whole month). */
  orphans: { entries: number; adjustments: number };
}

export interface MonthSplit {
  parts: TeamPart[];
  /** The part holding the rows whose 工号 names no roster row (null when there are none). */
  orphanPart: string | null;
}

/** Characters Windows, macOS or Linux refuse in a file name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A team name as a file name segment: characters no file system accepts become "_", leading and
 * trailing dots and spaces are dropped (Windows drops them itself), reserved device names get a "_".
 */
export function safeFileSegment(team: string): string {
  let s = team.replace(UNSAFE, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (s === '') s = '_';
  if (RESERVED.test(s)) s = `${s}_`;
  return s;
}

const teamOf = (rec: RosterRecord) => cleanText(rec.team) || UNASSIGNED_TEAM;

/**
 * Splits the month's roster, entries and adjustments by 组别 (parts in roster order). Refuses a split
 * where two teams would get the same file name (e.g. "一组/二组" and "一组_二组", or "A组" and "a组" on
 * Windows and macOS, whose file names ignore case): one file would overwrite the other.
 */
export function splitMonthByTeam(inputs: {
  rosterRecords: RosterRecord[];
  entries: EntryRecord[];
  adjustments: AdjustmentRecord[];
}): MonthSplit {
  const roster = readRoster(inputs.rosterRecords);
  const parts = new Map<string, TeamPart>();
  const partOf = (team: string): TeamPart => {
    let p = parts.get(team);
    if (!p) {
      p = {
        team,
        fileSegment: safeFileSegment(team),
        rosterRecords: [],
        entries: [],
        adjustments: [],
        orphans: { entries: 0, adjustments: 0 },
      };
      parts.set(team, p);
    }
    return p;
  };
  // Each roster row's part; every row of a duplicated 工号 goes with the first (they stay duplicates).
  const firstTeamOfId = new Map<string, string>();
  const teamByRow = new Map<number, string>();
  for (const rec of inputs.rosterRecords) {
    const id = parseEmployeeId(rec.id);
    let team = teamOf(rec);
    if (id !== '' && roster.duplicateIds.has(id)) {
      if (!firstTeamOfId.has(id)) firstTeamOfId.set(id, team);
      team = firstTeamOfId.get(id)!;
    }
    teamByRow.set(rec.row, team);
    partOf(team).rosterRecords.push(rec);
  }
  const teamsInOrder = [...parts.keys()];
  checkFileNames([...parts.values()]);

  const lookup = new EmployeeLookup(roster.employees, roster);
  const teamOfEmployee = roster.employees.map((e) => teamByRow.get(e.row)!);
  // 工号 by their number without leading zeros (Excel turns 0007 typed in a number cell into 7)
  const digits = (id: string) => (/^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : null);
  const byNumber = new Map<string, string[]>();
  const addNumber = (id: string, team: string) => {
    const n = digits(id);
    if (n !== null) byNumber.set(n, [...(byNumber.get(n) ?? []), team]);
  };
  roster.employees.forEach((e, i) => addNumber(e.id, teamOfEmployee[i]));
  /**
   * The team of the roster row a 工号 names, or null when it names none. A 工号 the whole month cannot
   * tell apart (on two roster rows, on a rejected row, the same number as several 工号) goes where it
   * still cannot be told apart, so it is refused there for the same reason.
   */
  const teamOfId = (raw: Cell): string | null => {
    const id = parseEmployeeId(raw);
    if (id === '') return null;
    const at = lookup.indexOf(id);
    if (at >= 0) return teamOfEmployee[at];
    const n = digits(id);
    const same = (other: string) => other === id || (n !== null && digits(other) === n);
    for (const dup of roster.duplicateIds.keys()) if (same(dup)) return firstTeamOfId.get(dup)!;
    if (n !== null) {
      // the same number as several employees' 工号: with the team holding most of them
      const teams = byNumber.get(n) ?? [];
      if (teams.length > 1) {
        const most = [...new Set(teams)].sort(
          (a, b) => teams.filter((t) => t === b).length - teams.filter((t) => t === a).length,
        );
        return most[0];
      }
    }
    for (const [other, row] of roster.invalidIds) if (same(other)) return teamByRow.get(row) ?? null;
    return null;
  };
  // Rows naming no roster row: with the employees who have no team when there are any, else the first team.
  const orphanTeam = parts.has(UNASSIGNED_TEAM) ? UNASSIGNED_TEAM : (teamsInOrder[0] ?? UNASSIGNED_TEAM);
  let orphans = 0;
  for (const e of inputs.entries) {
    const team = teamOfId(e.id);
    const p = partOf(team ?? orphanTeam);
    p.entries.push(e);
    if (team === null) {
      p.orphans.entries++;
      orphans++;
    }
  }
  for (const a of inputs.adjustments) {
    const team = teamOfId(a.id);
    const p = partOf(team ?? orphanTeam);
    p.adjustments.push(a);
    if (team === null) {
      p.orphans.adjustments++;
      orphans++;
    }
  }
  return { parts: [...parts.values()], orphanPart: orphans > 0 ? orphanTeam : null };
}

function checkFileNames(parts: TeamPart[]): void {
  const byName = new Map<string, string[]>();
  for (const p of parts) {
    const key = p.fileSegment.normalize('NFC').toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), p.team]);
  }
  const clashes = [...byName.values()].filter((teams) => teams.length > 1);
  if (clashes.length > 0) {
    const list = clashes.map((teams) => teams.map((t) => `「${t}」`).join('与')).join('；');
    throw new InputError(
      `按组别拆分时，${list} 会得到同一个文件名（文件名中不能有 \\ / : * ? " < > |，也不区分大小写），一个文件会覆盖另一个。请在员工名单中把组别改得可以区分后重新运行。`,
      'SPLIT_FILE_NAME_CLASH',
    );
  }
}

/** Which part of a split month a workbook is, as its 说明 says. */
export interface SplitPartMark {
  month: string;
  index: number;
  count: number;
  team: string;
}

const MARK = /^本工作簿是 (\d{4}-\d{2}) 月度考核按组别拆分的第 (\d+)\/(\d+) 个，只含组别「(.*?)」（全部：/;

/** The 说明 line of a team's workbook (parseSplitPartNotice reads it back). */
export function splitPartNotice(mark: SplitPartMark, teams: string[]): string {
  const { month, index, count, team } = mark;
  return `本工作簿是 ${month} 月度考核按组别拆分的第 ${index}/${count} 个，只含组别「${team}」（全部：${teams.map((t) => `「${t}」`).join('')}）。本表「名次」「预警」列的公式只在本组内比较（名次、连续两月末位），不是全公司的；「月度汇总」最右边的「全公司名次(生成时…)」「全公司预警(生成时)」是生成时按全公司算出的值（数值，不随修改重算）；修改后全公司的名次、预警和管理汇总请同时读取全部 ${count} 个工作簿：npx kaohe score --month ${month} --workbook 文件1 --workbook 文件2 …，或 npx kaohe summary --workbook 文件1 --workbook 文件2 …。`;
}

export function parseSplitPartNotice(text: string): SplitPartMark | null {
  const m = MARK.exec(text);
  return m ? { month: m[1], index: Number(m[2]), count: Number(m[3]), team: m[4] } : null;
}

/**
 * What to tell the reader of workbooks some of which are parts of a split month, when they are not all
 * the parts: the 名次 and 末位 computed from them are not the company's. `names[i]` is the i-th file's name.
 */
export function splitReadNotices(marks: (SplitPartMark | null)[], names: string[]): string[] {
  const parts = marks.flatMap((m, i) => (m ? [{ m, name: names[i] }] : []));
  if (parts.length === 0) return [];
  const count = parts[0].m.count;
  const indices = new Set(parts.map((p) => p.m.index));
  if (parts.length === marks.length && parts.every((p) => p.m.count === count) && indices.size === count) return [];
  const given = parts.map((p) => `${p.name}（组别「${p.m.team}」）`).join('、');
  return [
    `${given} 是 ${parts[0].m.month} 月度考核按组别拆分的 ${count} 个工作簿中的 ${indices.size} 个：这里的名次、连续两月末位和汇总只在给出的组内比较，不是全公司的。全公司的结果请用 --workbook 同时给出全部 ${count} 个工作簿。`,
  ];
}
