/**
 * A hand-edited `kaohe score --json` file (issue 13, item 8) is checked like any other input: a
 * 总分 outside the policy's range, a 等级 that does not match the 总分, or one 工号 twice is refused
 * with the file, the place in the file, a stable code and a Chinese fix, by every command reading it.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { ENTRY_HEADER, ROSTER_HEADER, ROSTER_ROWS, cli, expectFatal, tmpDir, writeCsv } from '../helpers/user-files';
import { isScore, checkPastScores } from '../../core/scoring/history';
import { presetPolicy } from '../../core/policy/presets';
import { InputError } from '../../core/problems';

let dir: string;
let good: { month: string; employees: { id: string; score: number; grade: string }[] };
let roster: string;
let novEntries: string;

beforeAll(async () => {
  dir = await tmpDir('score-json');
  roster = await writeCsv(path.join(dir, '员工名单.csv'), [ROSTER_HEADER, ...ROSTER_ROWS]);
  const oct = await writeCsv(path.join(dir, '考核记录-10.csv'), [
    ENTRY_HEADER,
    ['2026-10-05', '0007', 'L01', '', '', '', '', '', '', ''],
  ]);
  novEntries = await writeCsv(path.join(dir, '考核记录-11.csv'), [
    ENTRY_HEADER,
    ['2026-11-05', '0007', 'L01', '', '', '', '', '', '', ''],
  ]);
  good = JSON.parse(
    (await cli(['score', '--roster', roster, '--entries', oct, '--month', '2026-10', '--json'])).stdout,
  );
});

async function edited(name: string, edit: (doc: typeof good) => void): Promise<string> {
  const doc = JSON.parse(JSON.stringify(good));
  edit(doc);
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(doc, null, 2));
  return file;
}

const readers = (file: string, out: string): [string, string[]][] => [
  ['period', ['period', '--quarter', '2026Q4', '--workbooks', file, '--out', out]],
  ['summary', ['summary', '--scores', file, '--out', out]],
  [
    'score --previous',
    ['score', '--roster', roster, '--entries', novEntries, '--month', '2026-11', '--previous', file],
  ],
  [
    'monthly --previous',
    ['monthly', '--roster', roster, '--entries', novEntries, '--month', '2026-11', '--previous', file, '--out', out],
  ],
];

test('总分 200 (above the policy maximum 110) is refused by every reader, naming the file, the place and the fix', async () => {
  const file = await edited('总分200.json', (d) => {
    d.employees[1].score = 200;
  });
  const id = good.employees[1].id;
  for (const [, args] of readers(file, path.join(dir, 'out'))) {
    const r = await cli(args);
    expectFatal(r, new RegExp(`总分200\\.json.*employees\\[1\\].*${id}.*200.*0～110`));
    expect(r.stderr).toMatch(/重新运行 kaohe score/);
  }
});

test('a 等级 that does not match the 总分 is refused', async () => {
  const file = await edited('等级.json', (d) => {
    d.employees[0].grade = d.employees[0].grade === 'A' ? 'C' : 'A';
  });
  for (const [, args] of readers(file, path.join(dir, 'out'))) expectFatal(await cli(args), /employees\[0\].*等级/);
});

test('one 工号 twice is refused', async () => {
  const file = await edited('重复.json', (d) => {
    d.employees[2].id = d.employees[0].id;
  });
  for (const [, args] of readers(file, path.join(dir, 'out'))) expectFatal(await cli(args), /employees\[2\].*重复/);
});

test('the unchanged file is accepted by every reader', async () => {
  const file = await edited('原样.json', () => undefined);
  for (const [name, args] of readers(file, path.join(dir, `ok-${Math.random().toString(36).slice(2)}`))) {
    const r = await cli(args);
    if (r.code !== 0) throw new Error(`${name}: ${r.stderr}`);
  }
});

test('checkPastScores: codes are stable; the supervisor rubric allows at most 100', () => {
  const daily = presetPolicy('kefu-daily');
  const sup = presetPolicy('kefu-supervisor');
  const month = (score: number, grade: string) => ({ month: '2026-10', employees: [{ id: '1', score, grade }] });
  const codeOf = (f: () => void) => {
    try {
      f();
      return null;
    } catch (err) {
      return (err as InputError).code;
    }
  };
  expect(codeOf(() => checkPastScores(month(110, 'A'), daily, 'x.json'))).toBeNull();
  expect(codeOf(() => checkPastScores(month(110.5, 'A'), daily, 'x.json'))).toBe('SCORE_JSON_OUT_OF_RANGE');
  expect(codeOf(() => checkPastScores(month(-1, '不合格'), daily, 'x.json'))).toBe('SCORE_JSON_OUT_OF_RANGE');
  expect(codeOf(() => checkPastScores(month(105, '优秀'), sup, 'x.json'))).toBe('SCORE_JSON_OUT_OF_RANGE');
  expect(codeOf(() => checkPastScores(month(90, 'B'), daily, 'x.json'))).toBeNull();
  expect(codeOf(() => checkPastScores(month(90, 'A'), daily, 'x.json'))).toBe('SCORE_JSON_GRADE_MISMATCH');
  expect(isScore(200)).toBe(true); // the shape check alone: the range is the policy's
});

test('one reader of the score JSON: a month that is no month and an employee without a score read the same everywhere', async () => {
  const badMonth = await edited('月份.json', (d) => {
    d.month = '2026-13';
  });
  const noScore = await edited('无分数.json', (d) => {
    delete (d.employees[1] as { score?: number }).score;
  });
  for (const [name, args] of readers(badMonth, path.join(dir, 'out'))) {
    const r = await cli(args);
    expect([name, r.code, r.stderr]).toEqual([
      name,
      2,
      expect.stringMatching(/月份\.json month「2026-13」不是有效的月份/),
    ]);
  }
  for (const [name, args] of readers(noScore, path.join(dir, 'out'))) {
    const r = await cli(args);
    expect([name, r.code, r.stderr]).toEqual([
      name,
      2,
      expect.stringMatching(/无分数\.json 第2名员工缺少 id\/score\/grade（score 应为最多一位小数的分数）/),
    ]);
  }
});
