/**
 * A 月度考核 workbook made by `kaohe monthly`, then damaged the way people damage workbooks (a sheet
 * deleted, a header renamed, rows deleted, a parameter typed over, the file cut short or renamed),
 * given to `score --workbook`, `slips --workbook` and `summary --workbook`: never a crash, a fatal
 * problem is one Chinese line with nothing written, a usable workbook scores like the original.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import {
  ENTRY_HEADER,
  ROSTER_HEADER,
  ROSTER_ROWS,
  cli,
  expectFatal,
  expectWellFormedProblems,
  listFiles,
  snapshot,
  tmpDir,
  writeCsv,
} from '../helpers/user-files';

let dir: string;
let original: string;
let originalScores: { id: string; score: number }[];

const ENTRIES = [
  ['2026-10-05', '0007', 'L01', '', '', '', '方言', '主管', '', ''],
  ['2026-10-06', '0008', 'L04', '', '3', '', '迟到', '主管', '', ''],
  ['2026-10-07', '0009', 'B03', '', '', '', '顶班', '主管', '', ''],
  ['2026-10-08', '0009', 'L02', '2', '', '', '', '主管', '', ''],
  ['2026-10-09', '0007', 'Q99', '', '', '', '', '主管', '', ''],
];

async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const rid = new RegExp(`<sheet\\b[^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** A copy of the original workbook with one part's XML changed. */
async function damaged(name: string, edit: (zip: JSZip) => Promise<void>): Promise<string> {
  const zip = await JSZip.loadAsync(await fs.readFile(original));
  await edit(zip);
  const file = path.join(dir, 'in', name);
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
  return file;
}
const editSheet = (sheet: string, f: (xml: string) => string) => async (zip: JSZip) => {
  const part = await sheetPart(zip, sheet);
  zip.file(part, f(await zip.file(part)!.async('string')));
};
const dropRows = (from: number, to: number) => (xml: string) =>
  xml.replace(/<row r="(\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g, (m, r) =>
    Number(r) >= from && Number(r) <= to ? '' : m,
  );
const setText = (ref: string, text: string) => (xml: string) => {
  const re = new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`);
  if (!re.test(xml)) throw new Error(`no cell ${ref}`);
  return xml.replace(re, `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`);
};
const removeSheet = (sheet: string) => async (zip: JSZip) => {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  zip.file('xl/workbook.xml', wb.replace(new RegExp(`<sheet\\b[^>]*name="${sheet}"[^>]*/>`), ''));
};

beforeAll(async () => {
  dir = await tmpDir('workbook');
  await fs.mkdir(path.join(dir, 'in'));
  const roster = await writeCsv(path.join(dir, 'in', '员工名单.csv'), [ROSTER_HEADER, ...ROSTER_ROWS]);
  const entries = await writeCsv(path.join(dir, 'in', '考核记录.csv'), [ENTRY_HEADER, ...ENTRIES]);
  const r = await cli([
    'monthly',
    '--roster',
    roster,
    '--entries',
    entries,
    '--month',
    '2026-10',
    '--out',
    path.join(dir, 'wb'),
  ]);
  expect(r.code).toBe(0);
  original = path.join(dir, 'wb', '月度考核-2026-10.xlsx');
  const s = await cli(['score', '--workbook', original, '--month', '2026-10', '--json']);
  expect(s.code).toBe(0);
  originalScores = JSON.parse(s.stdout).employees.map((e: { id: string; score: number }) => ({
    id: e.id,
    score: e.score,
  }));
  expect(originalScores).toEqual([
    { id: '0007', score: 78 },
    { id: '0008', score: 77 },
    { id: '0009', score: 81 },
  ]);
});

test('score reads --workbook as monthly does: not together with input files, and --policy re-scores it', async () => {
  for (const extra of [[], ['--out', path.join(dir, 'never')]]) {
    const r = await cli([
      extra.length ? 'monthly' : 'score',
      '--workbook',
      original,
      '--entries',
      original,
      '--month',
      '2026-10',
      ...extra,
    ]);
    expectFatal(r, /--workbook 已包含员工名单、考核记录和额外奖惩/);
  }
  const own = JSON.parse((await cli(['score', '--workbook', original, '--month', '2026-10', '--json'])).stdout);
  expect(own.policyId).toBe('kefu-daily');
  const other = JSON.parse(
    (await cli(['score', '--workbook', original, '--policy', 'kefu-supervisor', '--month', '2026-10', '--json']))
      .stdout,
  );
  expect(other.policyId).toBe('kefu-supervisor');
  // The daily codes are not in the supervisor rubric: every entry is refused, so everyone keeps 100.
  expect(other.employees.map((e: { score: number }) => e.score)).toEqual([100, 100, 100]);
  expect(other.counts).toMatchObject({ entries: 5, accepted: 0, rejected: 5 });
});

/** Runs score, slips and summary on one workbook; returns their results. Outputs go to fresh folders. */
async function allThree(file: string) {
  const out = await tmpDir('wb-out');
  const before = await snapshot(path.join(dir, 'in'));
  const score = await cli(['score', '--workbook', file, '--month', '2026-10', '--json']);
  const slips = await cli(['slips', '--workbook', file, '--out', path.join(out, 'slips')]);
  const summary = await cli(['summary', '--workbook', file, '--out', path.join(out, 'summary')]);
  expect(await snapshot(path.join(dir, 'in'))).toEqual(before);
  return { score, slips, summary, out };
}

async function expectAllFatal(file: string, message: RegExp) {
  const { score, slips, summary, out } = await allThree(file);
  for (const r of [score, slips, summary]) expectFatal(r, message);
  expect(await listFiles(out)).toEqual([]);
}

describe('damage that makes the workbook unusable is refused by score, slips and summary', () => {
  test.each(['员工名单', '考核记录', '额外奖惩', '考核项目'])('sheet 「%s」 deleted', async (sheet) => {
    await expectAllFatal(await damaged(`无${sheet}.xlsx`, removeSheet(sheet)), new RegExp(`缺少工作表「${sheet}」`));
  });

  test('a required header renamed', async () => {
    await expectAllFatal(
      await damaged('表头改名.xlsx', editSheet('考核记录', setText('B1', '员工号'))),
      /缺少必需的列「工号」/,
    );
    await expectAllFatal(
      await damaged('名单表头改名.xlsx', editSheet('员工名单', setText('B1', '名字'))),
      /缺少必需的列「姓名」/,
    );
  });

  test('a header duplicated', async () => {
    await expectAllFatal(
      await damaged('表头重复.xlsx', editSheet('考核记录', setText('H1', '工号'))),
      /「工号」（第B列和第H列）/,
    );
  });

  test('a policy parameter typed over with text', async () => {
    const file = await damaged('基础分.xlsx', async (zip) => {
      const part = await sheetPart(zip, '考核项目');
      const xml = await zip.file(part)!.async('string');
      const row = /<row r="(\d+)"[^>]*>(?:(?!<\/row>)[\s\S])*?<t>基础分<\/t>[\s\S]*?<\/row>/.exec(xml)!;
      const valueRef = /<c r="([A-Z]+\d+)"[^>]*><v>80<\/v><\/c>/.exec(row[0])![1];
      zip.file(part, setText(valueRef, '八十')(xml));
    });
    await expectAllFatal(file, /考核方案.*base/);
  });

  test('the file cut short, a CSV renamed .xlsx, a folder named .xlsx', async () => {
    const buf = await fs.readFile(original);
    const cut = path.join(dir, 'in', '半截.xlsx');
    await fs.writeFile(cut, buf.subarray(0, buf.length >> 1));
    await expectAllFatal(cut, /无法作为 Excel/);
    const csv = path.join(dir, 'in', '其实是CSV.xlsx');
    await fs.writeFile(csv, '工号,姓名\r\n0007,张三\r\n');
    await expectAllFatal(csv, /无法作为 Excel/);
    const folder = path.join(dir, 'in', '文件夹.xlsx');
    await fs.mkdir(folder);
    for (const r of Object.values(await allThree(folder)).slice(0, 3)) expectFatal(r as never);
  });

  test('every employee row deleted: slips and summary refuse to report on nobody', async () => {
    const file = await damaged('名单清空.xlsx', editSheet('员工名单', dropRows(2, 100000)));
    const { slips, summary, out } = await allThree(file);
    expectFatal(slips, /员工名单里没有任何员工/);
    expectFatal(summary, /员工名单里没有任何员工/);
    expect(await listFiles(out)).toEqual([]);
  });

  test('every employee row deleted: score --workbook refuses too', async () => {
    const { score } = await allThree(await damaged('名单清空2.xlsx', editSheet('员工名单', dropRows(2, 100000))));
    expectFatal(score, /员工名单里没有任何员工/);
  });
});

test("single damaged bytes in the sheets' compressed data: slips and summary refuse or read, never crash", async () => {
  const buf = await fs.readFile(original);
  const codes = new Set<number>();
  for (let k = 0; k < 12; k++) {
    const at = Math.floor(buf.length * (0.05 + (0.9 * k) / 12));
    const copy = Buffer.from(buf);
    copy[at] ^= 0x5a;
    const file = path.join(dir, 'in', `flip-${k}.xlsx`);
    await fs.writeFile(file, copy);
    const out = await tmpDir('flip-out');
    for (const args of [
      ['slips', '--workbook', file, '--out', path.join(out, 's')],
      ['summary', '--workbook', file, '--out', path.join(out, 'm')],
    ]) {
      const r = await cli(args);
      codes.add(r.code);
      if (r.code !== 0) {
        expectFatal(r);
        expect(await listFiles(path.join(out, args[0] === 'slips' ? 's' : 'm'))).toEqual([]);
      }
    }
  }
  expect([...codes].every((c) => c === 0 || c === 2)).toBe(true);
});

test("single damaged bytes in the sheets' compressed data: score --workbook refuses in Chinese or reads, never crashes", async () => {
  const buf = await fs.readFile(original);
  for (let k = 0; k < 12; k++) {
    const at = Math.floor(buf.length * (0.05 + (0.9 * k) / 12));
    const copy = Buffer.from(buf);
    copy[at] ^= 0x5a;
    const file = path.join(dir, 'in', `flip-score-${k}.xlsx`);
    await fs.writeFile(file, copy);
    const r = await cli(['score', '--workbook', file, '--month', '2026-10', '--json']);
    if (r.code !== 0) expectFatal(r);
    else expect(JSON.parse(r.stdout).employees).toHaveLength(3);
  }
});

describe('damage the workbook survives', () => {
  test.each(['月度汇总', '说明', '问题数据'])('sheet 「%s」 deleted: same scores', async (sheet) => {
    const { score, slips, summary } = await allThree(await damaged(`无${sheet}.xlsx`, removeSheet(sheet)));
    expect(score.code).toBe(0);
    expect(
      JSON.parse(score.stdout).employees.map((e: { id: string; score: number }) => ({ id: e.id, score: e.score })),
    ).toEqual(originalScores);
    expect(slips.code).toBe(0);
    expect(summary.code).toBe(0);
  });

  test('entry rows deleted: the rest still counts, and read = counted + voided + rejected', async () => {
    const { score, slips, summary } = await allThree(await damaged('删行.xlsx', editSheet('考核记录', dropRows(2, 3))));
    expect(score.code).toBe(0);
    const doc = JSON.parse(score.stdout);
    expectWellFormedProblems(doc.rejected);
    expect(doc.counts).toMatchObject({ entries: 3, accepted: 2, rejected: 1 });
    expect(doc.counts.entries).toBe(doc.counts.accepted + doc.counts.voided + doc.counts.rejected);
    expect(doc.employees.map((e: { id: string; score: number }) => [e.id, e.score])).toEqual([
      ['0007', 80],
      ['0008', 80],
      ['0009', 81],
    ]);
    expect(doc.rejected[0]).toMatchObject({ row: 6, column: '项目代码', code: 'ITEM_UNKNOWN' });
    expect(slips.code).toBe(0);
    expect(summary.code).toBe(0);
  });

  test('every entry row deleted: everyone at the base score', async () => {
    const { score } = await allThree(await damaged('无记录.xlsx', editSheet('考核记录', dropRows(2, 100000))));
    expect(score.code).toBe(0);
    expect(JSON.parse(score.stdout).employees.map((e: { score: number }) => e.score)).toEqual([80, 80, 80]);
  });

  test('an error value (#DIV/0!) in 考核记录 次数 is rejected, not read as blank', async () => {
    const toError = (xml: string) => {
      const re = /<c r="D2"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/;
      expect(re.test(xml)).toBe(true);
      return xml.replace(re, '<c r="D2" t="e"><v>#DIV/0!</v></c>');
    };
    const { score } = await allThree(await damaged('错误值.xlsx', editSheet('考核记录', toError)));
    expect(score.code).toBe(0);
    const doc = JSON.parse(score.stdout);
    expect(doc.rejected.find((p: { row: number }) => p.row === 2)).toMatchObject({
      column: '次数',
      code: 'COUNT_INVALID',
      message: expect.stringContaining('#DIV/0!'),
    });
    expect(doc.employees.find((e: { id: string }) => e.id === '0007').score).toBe(80);
  });
});
