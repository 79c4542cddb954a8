/**
 * `kaohe score` (and the shared importers) against the files HR really produces: empty, binary,
 * mis-named, mis-encoded, ragged, titled, duplicated, with formulas and error cells, for the wrong
 * month, with hostile numbers and dates. Never a crash; fatal problems are one Chinese line (exit 2);
 * row problems are reported row by row and read = counted + voided + rejected; inputs are untouched.
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import { renderTable } from '../../scripts/cli/text-table';
import { readRoster } from '../../core/input/records';
import { loadPolicy } from '../../core/policy/load';
import { presetPolicy } from '../../core/policy/presets';
import { scoreMonth } from '../../core/scoring/monthly';
import {
  ENTRY_HEADER,
  ROSTER_HEADER,
  ROSTER_ROWS,
  cli,
  expectFatal,
  expectWellFormedProblems,
  snapshot,
  tmpDir,
  writeCsv,
  writeXlsx,
} from '../helpers/user-files';

let dir: string;
let roster: string;
let entries: string;

const entry = (
  date: string | number,
  id: string,
  code: string,
  count: string | number = '',
  points: string | number = '',
  minutes: string | number = '',
  note = '',
) => [date, id, code, count, points, minutes, note, '主管', '', ''];

beforeAll(async () => {
  dir = await tmpDir('score');
  roster = await writeCsv(path.join(dir, '员工名单.csv'), [ROSTER_HEADER, ...ROSTER_ROWS]);
  entries = await writeCsv(path.join(dir, '考核记录.csv'), [
    ENTRY_HEADER,
    entry('2026-10-05', '0007', 'L01'),
    entry('2026-10-06', '0008', 'L04', '', 3),
  ]);
});

async function scoreJson(args: string[]) {
  const r = await cli(['score', ...args, '--month', '2026-10', '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  expectWellFormedProblems(doc.rejected);
  const c = doc.counts;
  expect(c.entries).toBe(c.accepted + c.voided + c.rejected);
  expect(c.roster.read).toBe(c.roster.accepted + c.roster.rejected);
  return doc;
}

describe('files that cannot be read are refused in one Chinese line', () => {
  const cases: [string, (f: string) => Promise<unknown>, RegExp][] = [
    ['empty.csv', (f) => fs.writeFile(f, ''), /空/],
    ['bom-only.csv', (f) => fs.writeFile(f, Buffer.from([0xef, 0xbb, 0xbf])), /没有任何内容/],
    ['blank-lines.csv', (f) => fs.writeFile(f, '\r\n\r\n,,\r\n'), /没有任何内容/],
    [
      'garbage.csv',
      (f) => fs.writeFile(f, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256))),
      /不是文本/,
    ],
    [
      'really-a-csv.xlsx',
      (f) => fs.writeFile(f, iconv.encode('工号,姓名,入职日期\r\n0007,张三,2020-01-01\r\n', 'gb18030')),
      /内容是文本.*\.csv/,
    ],
    [
      'old.xlsx',
      (f) =>
        fs.writeFile(
          f,
          Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
        ),
      /\.xls/,
    ],
    [
      'truncated.xlsx',
      async (f) => {
        await writeXlsx(f + '.full', (wb) => wb.addWorksheet('名单').addRow(ROSTER_HEADER));
        const buf = await fs.readFile(f + '.full');
        await fs.writeFile(f, buf.subarray(0, buf.length >> 1));
        await fs.rm(f + '.full');
      },
      /损坏|不完整/,
    ],
    ['no-sheet.xlsx', (f) => writeXlsx(f, () => undefined), /没有工作表/],
    ['empty-sheet.xlsx', (f) => writeXlsx(f, (wb) => void wb.addWorksheet('Sheet1')), /缺少必需的列/],
    ['folder.csv', (f) => fs.mkdir(f), /是文件夹/],
    ['folder.xlsx', (f) => fs.mkdir(f), /是文件夹/],
    ['no-extension', (f) => fs.writeFile(f, '工号,姓名\r\n'), /不支持的文件类型/],
    ['missing.csv', async () => undefined, /找不到文件/],
  ];
  test.each(cases)('%s as roster, entries and adjustments', async (name, make, message) => {
    const sub = await tmpDir('unreadable');
    const file = path.join(sub, name);
    await make(file);
    const before = await snapshot(sub);
    for (const args of [
      ['--roster', file, '--entries', entries],
      ['--roster', roster, '--entries', file],
      ['--roster', roster, '--entries', entries, '--adjustments', file],
    ]) {
      const r = await cli(['score', ...args, '--month', '2026-10']);
      expectFatal(r, message);
      expect(r.stdout).toBe('');
    }
    expect(await snapshot(sub)).toEqual(before);
  });
});

test('a roster with only a header, or with no valid employee, is refused instead of scoring nobody', async () => {
  const headerOnly = await writeCsv(path.join(dir, '名单-仅表头.csv'), [ROSTER_HEADER]);
  expectFatal(await cli(['score', '--roster', headerOnly, '--entries', entries, '--month', '2026-10']), /没有任何员工/);
  const allBad = await writeCsv(path.join(dir, '名单-全错.csv'), [
    ROSTER_HEADER,
    ['', '张三', '', '', '2020-01-01', ''],
    ['0008', '', '', '', '2026-02-30', ''],
  ]);
  expectFatal(
    await cli(['score', '--roster', allBad, '--entries', entries, '--month', '2026-10']),
    /2 行都有问题.*第2行「工号」/,
  );
});

test('an entries file for another month entirely is refused (wrong file or wrong --month)', async () => {
  const september = await writeCsv(path.join(dir, '考核记录-9月.csv'), [
    ENTRY_HEADER,
    entry('2026-09-03', '0007', 'L01'),
    entry('2026-09-28', '0008', 'L02'),
  ]);
  expectFatal(
    await cli(['score', '--roster', roster, '--entries', september, '--month', '2026-10']),
    /2 行都不在考核月份 2026-10 内.*2026-09-03 至 2026-09-28/,
  );
  // One stray date among this month's entries is a row problem, not a fatal one.
  const mixed = await writeCsv(path.join(dir, '考核记录-混.csv'), [
    ENTRY_HEADER,
    entry('2026-10-03', '0007', 'L01'),
    entry('2026-09-28', '0008', 'L02'),
  ]);
  const doc = await scoreJson(['--roster', roster, '--entries', mixed]);
  expect(doc.rejected.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([[3, 'DATE_OUTSIDE_MONTH']]);
});

test('an unclosed quote that would swallow the rest of the file is refused with its row', async () => {
  const file = path.join(dir, '引号.csv');
  const lines = [
    ENTRY_HEADER.join(','),
    '2026-10-05,0007,L01,,,,ok,,,',
    '2026-10-06,0008,L01,,,,"说明没有结尾,,,',
    '2026-10-07,0009,L02,,,,,,,',
    '2026-10-08,0009,L03,,,,,,,',
  ];
  await fs.writeFile(file, lines.join('\r\n') + '\r\n');
  expectFatal(await cli(['score', '--roster', roster, '--entries', file, '--month', '2026-10']), /第3行.*引号/);
  // A properly quoted note with line breaks and commas is one cell; rows keep Excel's numbering.
  const good = path.join(dir, '引号-好.csv');
  await fs.writeFile(
    good,
    [
      ENTRY_HEADER.join(','),
      '2026-10-05,0007,L01,,,,"第一行\r\n第二行, 含逗号 ""引号""",,,',
      '2026-10-06,0008,X99,,,,,,,',
    ].join('\r\n'),
  );
  const doc = await scoreJson(['--roster', roster, '--entries', good]);
  expect(doc.counts).toMatchObject({ entries: 2, accepted: 1, rejected: 1 });
  expect(doc.rejected[0]).toMatchObject({ row: 3, column: '项目代码', code: 'ITEM_UNKNOWN' });
});

test('CRLF, LF and CR line ends, UTF-8 with and without BOM and GB18030 (with 4-byte 𠀀) read the same', async () => {
  const rows = [
    ENTRY_HEADER,
    entry('2026-10-05', '0007', 'L01', '', '', '', '𠀀说明'),
    entry('2026-10-06', '0008', 'L04', 2, 3),
    entry('2026-10-07', '0009', 'ZZ'),
  ];
  const rosterRows = [ROSTER_HEADER, ...ROSTER_ROWS.map((r, i) => (i === 0 ? [r[0], '𠀀三', ...r.slice(2)] : r))];
  const results: string[] = [];
  for (const [encoding, eol] of [
    ['gb18030', '\r\n'],
    ['gb18030', '\n'],
    ['gb18030', '\r'],
    ['utf8', '\n'],
    ['utf8bom', '\r\n'],
  ] as const) {
    const tag = `${encoding}-${eol.length}${eol.charCodeAt(0)}`;
    const r = await writeCsv(path.join(dir, `名单-${tag}.csv`), rosterRows, { encoding, eol });
    const e = await writeCsv(path.join(dir, `记录-${tag}.csv`), rows, { encoding, eol });
    const doc = await scoreJson(['--roster', r, '--entries', e]);
    expect(doc.employees.find((x: { id: string }) => x.id === '0007').name).toBe('𠀀三');
    expect(doc.counts).toMatchObject({ entries: 3, accepted: 2, rejected: 1 });
    expect(doc.rejected[0]).toMatchObject({ row: 4, code: 'ITEM_UNKNOWN' });
    results.push(JSON.stringify(doc.employees));
  }
  expect(new Set(results).size).toBe(1);
});

test('a header under a title (row 3) keeps Excel row numbers; duplicate header names are refused', async () => {
  const titled = await writeXlsx(path.join(dir, '带标题.xlsx'), (wb) => {
    const ws = wb.addWorksheet('考核记录');
    ws.addRow(['2026年10月客服考核记录']);
    ws.mergeCells('A1:J1');
    ws.addRow([]);
    ws.addRow(ENTRY_HEADER);
    ws.addRow([new Date(Date.UTC(2026, 9, 5)), '0007', 'L01']);
    ws.addRow([new Date(Date.UTC(2026, 9, 6)), '0008', 'Q42']);
  });
  const doc = await scoreJson(['--roster', roster, '--entries', titled]);
  expect(doc.counts).toMatchObject({ entries: 2, accepted: 1, rejected: 1 });
  expect(doc.rejected[0]).toMatchObject({ row: 5, column: '项目代码', code: 'ITEM_UNKNOWN' });

  const dup = await writeCsv(path.join(dir, '重复表头.csv'), [
    [...ROSTER_HEADER, '工号'],
    [...ROSTER_ROWS[0], '9999'],
  ]);
  expectFatal(
    await cli(['score', '--roster', dup, '--entries', entries, '--month', '2026-10']),
    /「工号」（第A列和第G列）/,
  );
});

test('hostile numbers, dates and 工号 are rejected row by row (or read as HR meant), and counts add up', async () => {
  const rows = [
    entry('2026-10-05', '0007', 'L04', '', '1e3'),
    entry('2026-10-05', '0007', 'L04', '', 'NaN'),
    entry('2026-10-05', '0007', 'L04', '', 'Infinity'),
    entry('2026-10-05', '0007', 'L04', '', '--5'),
    entry('2026-10-05', '0007', 'L01', '1e3'),
    entry('2026-10-05', '0007', 'L01', '-1'),
    entry('2026-10-05', '0007', 'L01', '1.5'),
    entry('2026-10-05', '0007', 'T01', '', '', 'NaN'),
    entry('2026-10-05', '0007', 'T01', '', '', '-3'),
    entry('2026-02-30', '0007', 'L01'),
    entry('1900-01-01', '0007', 'L01'),
    entry('45000.5', '0007', 'L01'),
    entry('-45580', '0007', 'L01'),
    entry('2026-10-05', ' 0008 ', 'L02'), // padded: still 0008
    entry('2026-10-05', '０００９', 'L03'), // full-width digits: 0009
    entry('2026-10-05', '0008', 'L04', '２', '３'), // full-width numbers
  ];
  const file = await writeCsv(path.join(dir, '坏数值.csv'), [ENTRY_HEADER, ...rows]);
  const before = await snapshot(dir);
  const doc = await scoreJson(['--roster', roster, '--entries', file]);
  expect(doc.counts).toMatchObject({ entries: rows.length, accepted: 3, voided: 0, rejected: 13 });
  const byRow = new Map<number, string[]>();
  for (const p of doc.rejected) byRow.set(p.row, [...(byRow.get(p.row) ?? []), `${p.column}:${p.code}`]);
  expect(byRow.get(2)).toEqual(['分值:POINTS_INVALID']);
  expect(byRow.get(5)).toEqual(['分值:POINTS_INVALID']);
  expect(byRow.get(6)).toEqual(['次数:COUNT_INVALID']);
  expect(byRow.get(9)).toEqual(['超时分钟:MINUTES_INVALID']);
  expect(byRow.get(11)).toEqual(['日期:DATE_INVALID']);
  expect(byRow.get(12)).toContain('日期:DATE_OUTSIDE_MONTH');
  expect(byRow.get(13)).toEqual(['日期:DATE_OUTSIDE_MONTH']); // serial 45000.5 is 2023-03-15
  expect(byRow.get(14)).toEqual(['日期:DATE_INVALID']);
  const score = (id: string) => doc.employees.find((e: { id: string }) => e.id === id).score;
  expect([score('0007'), score('0008'), score('0009')]).toEqual([80, 80 - 2 - 6, 80 - 2]);
  expect(await snapshot(dir)).toEqual(before);
});

test('a 100 KB cell is read whole and does not break scoring', async () => {
  const long = '很长的说明'.repeat(20480);
  const file = await writeCsv(path.join(dir, '长单元格.csv'), [
    ENTRY_HEADER,
    entry('2026-10-05', '0007', 'L01', '', '', '', long),
    entry('2026-10-06', '0007', 'L99' + 'x'.repeat(100000)),
  ]);
  const doc = await scoreJson(['--roster', roster, '--entries', file]);
  expect(doc.counts).toMatchObject({ entries: 2, accepted: 1, rejected: 1 });
  expect(doc.rejected[0]).toMatchObject({ row: 3, code: 'ITEM_UNKNOWN' });
});

test('xlsx: merged cells, formulas, error values and formulas without a result never count silently', async () => {
  const file = await writeXlsx(path.join(dir, '公式.xlsx'), (wb) => {
    const ws = wb.addWorksheet('考核记录');
    ws.addRow(ENTRY_HEADER);
    const d = (day: number) => new Date(Date.UTC(2026, 9, day));
    ws.addRow([d(5), '0007', 'L04', { formula: '1+1', result: 2 }, { formula: '2+1', result: 3 }]); // row 2: counts 2 × 3
    ws.addRow([d(6), '0008', 'L01', { formula: '1/0', result: { error: '#DIV/0!' } }]); // row 3: 次数 is an error
    ws.addRow([d(7), '0008', 'L04', 1, { formula: 'Z99' }]); // row 4: formula saved without its result
    ws.addRow([d(8), '0009', 'L01', null, { error: '#REF!' }]); // row 5: 分值 #REF! (fixed item)
    ws.addRow([d(9), { richText: [{ text: '00' }, { text: '09' }] }, 'L02']); // row 6: rich-text 工号
    ws.addRow([d(10), '0009', 'L03']);
    ws.addRow([null, '0009', 'L05']);
    ws.mergeCells('A7:A8'); // one date cell merged over two entries of that day: both rows have it
    ws.addRow([null, '0007', 'L05']); // row 9: no date at all
  });
  const doc = await scoreJson(['--roster', roster, '--entries', file]);
  const found = doc.rejected.map(
    (p: { row: number; column: string; code: string }) => `${p.row}:${p.column}:${p.code}`,
  );
  expect(found).toEqual([
    '3:次数:COUNT_INVALID',
    '4:分值:POINTS_INVALID',
    '5:分值:POINTS_INVALID',
    '9:日期:DATE_MISSING',
  ]);
  expect(doc.rejected[0].message).toContain('#DIV/0!');
  expect(doc.counts).toMatchObject({ entries: 8, accepted: 4, rejected: 4 });
  const score = (id: string) => doc.employees.find((e: { id: string }) => e.id === id).score;
  expect([score('0007'), score('0008'), score('0009')]).toEqual([74, 80, 80 - 2 - 2 - 5]);
});

describe('--previous files that are not an earlier kaohe score --json', () => {
  const cases: [string, string, RegExp][] = [
    ['null.json', 'null', /不是 JSON 对象/],
    ['array.json', '[1,2]', /不是 JSON 对象/],
    ['truncated.json', '{"month":"2026-09","employees":[{"id":"0007"', /不是有效的 JSON/],
    ['package.json', '{"name":"x","version":"1.0.0"}', /缺少 month 或 employees/],
    ['bad-month.json', '{"month":"2026-13","employees":[]}', /2026-13.*不是有效的月份/],
    ['null-employee.json', '{"month":"2026-09","employees":[null]}', /第1名员工/],
    ['string-score.json', '{"month":"2026-09","employees":[{"id":"0007","score":"80","grade":"B"}]}', /第1名员工/],
    ['same-month.json', '{"month":"2026-10","employees":[]}', /不早于考核月份 2026-10/],
    ['later-month.json', '{"month":"2026-11","employees":[]}', /不早于考核月份/],
    ['binary.json', '\u0000\u0001PK\u0003', /不是有效的 JSON/],
  ];
  test.each(cases)('%s', async (name, text, message) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    expectFatal(
      await cli(['score', '--roster', roster, '--entries', entries, '--month', '2026-10', '--previous', file]),
      message,
    );
  });

  test('a folder and the same month twice', async () => {
    const folder = path.join(dir, 'prev.json');
    await fs.mkdir(folder, { recursive: true });
    expectFatal(
      await cli(['score', '--roster', roster, '--entries', entries, '--month', '2026-10', '--previous', folder]),
      /是文件夹/,
    );
    const a = path.join(dir, 'a.json');
    await fs.writeFile(a, '{"month":"2026-09","employees":[]}');
    expectFatal(
      await cli([
        'score',
        '--roster',
        roster,
        '--entries',
        entries,
        '--month',
        '2026-10',
        '--previous',
        a,
        '--previous',
        a,
      ]),
      /2026-09/,
    );
  });
});

describe('--policy files with wrong types', () => {
  const daily = JSON.parse(readFileSync(path.join(__dirname, '../../templates/policies/kefu-daily.json'), 'utf8'));
  const mutate = (f: (p: Record<string, any>) => void) => {
    const p = JSON.parse(JSON.stringify(daily));
    f(p);
    return JSON.stringify(p);
  };
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{ base: 80 }', /不是有效的 JSON/],
    ['an array', '[]', /不是 JSON 对象/],
    ['base as text', mutate((p) => (p.base = '80')), /base/],
    ['items as object', mutate((p) => (p.items = {})), /items/],
    ['item points negative', mutate((p) => (p.items[0].points = -5)), /points/],
    [
      'range reversed',
      mutate((p) => (p.items.find((i: { range?: unknown }) => i.range).range = { min: 5, max: 2 })),
      /range/,
    ],
    ['grade min as text', mutate((p) => (p.grades[0].min = '九十')), /grades/],
    ['unknown category', mutate((p) => (p.items[0].category = 'nope')), /category/],
    ['null', 'null', /不是 JSON 对象/],
  ];
  test.each(cases)('%s', async (name, text, message) => {
    const file = path.join(dir, `policy-${name.replace(/\s+/g, '-')}.json`);
    await fs.writeFile(file, text);
    expectFatal(
      await cli(['score', '--roster', roster, '--entries', entries, '--month', '2026-10', '--policy', file]),
      message,
    );
  });
});

test('the text report of 200,000 rejected rows does not overflow the call stack', () => {
  const rows = Array.from({ length: 200000 }, (_, i) => [
    '考核记录.csv',
    String(i + 2),
    '工号',
    'EMPLOYEE_UNKNOWN',
    '工号不在员工名单中',
  ]);
  const text = renderTable(['文件', '行', '列', '代码', '说明'], rows);
  expect(text.split('\n').length).toBe(200000 + 3);
});

test('次数 99999999999999999999999 or 101 is rejected, 100 is accepted', () => {
  const people = readRoster([
    { file: 'r.csv', row: 2, id: '0008', name: '甲', team: '', position: '', joinDate: '2020-01-01', status: '' },
  ]);
  const rec = (row: number, count: string) => ({
    file: 'e.csv',
    row,
    date: '2026-10-05',
    id: '0008',
    code: 'L01',
    count,
    points: null,
    minutes: null,
    note: null,
    recorder: null,
    status: null,
    voidReason: null,
  });
  const r = scoreMonth({
    policy: presetPolicy(),
    month: '2026-10',
    roster: people,
    entries: [rec(2, '99999999999999999999999'), rec(3, '101'), rec(4, '30')],
  });
  expect(r.rejected.map((p) => [p.row, p.code])).toEqual([
    [2, 'COUNT_TOO_LARGE'],
    [3, 'COUNT_TOO_LARGE'],
  ]);
  expect(r.employees[0]).toMatchObject({ deduction: 60, escalation: 0, score: 20 });
});

test('a policy whose warnings[].months is 1000000000 is refused, naming the field', () => {
  const raw = JSON.parse(JSON.stringify(presetPolicy()));
  raw.warnings[1].months = 1000000000;
  expect(() => loadPolicy(raw)).toThrow('warnings[1].months');
});

test('Excel "Unicode 文本" (UTF-16 with BOM, tab-separated) and tab-separated GB18030 read like CSV', async () => {
  const rosterRows = [ROSTER_HEADER, ...ROSTER_ROWS];
  const rows = [
    ENTRY_HEADER,
    entry('2026-10-05', '0007', 'L01', '', '', '', '说明, 含逗号'),
    entry('2026-10-06', '0008', 'Q1'),
  ];
  const tsv = (r: (string | number)[][]) => r.map((x) => x.join('\t')).join('\r\n') + '\r\n';
  const utf16 = (t: string, be = false) => {
    const le = Buffer.from('\uFEFF' + t, 'utf16le');
    if (!be) return le;
    const out = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      out[i] = le[i + 1];
      out[i + 1] = le[i];
    }
    return out;
  };
  const results: string[] = [];
  for (const [tag, enc] of [
    ['le', (t: string) => utf16(t)],
    ['be', (t: string) => utf16(t, true)],
    ['gb', (t: string) => iconv.encode(t, 'gb18030')],
  ] as const) {
    const r = path.join(dir, `名单-${tag}.txt`);
    const e = path.join(dir, `记录-${tag}.txt`);
    await fs.writeFile(r, enc(tsv(rosterRows)));
    await fs.writeFile(e, enc(tsv(rows)));
    const doc = await scoreJson(['--roster', r, '--entries', e]);
    expect(doc.counts).toMatchObject({ entries: 2, accepted: 1, rejected: 1 });
    expect(doc.rejected[0]).toMatchObject({ row: 3, code: 'ITEM_UNKNOWN' });
    results.push(JSON.stringify(doc.employees));
  }
  expect(new Set(results).size).toBe(1);
});
