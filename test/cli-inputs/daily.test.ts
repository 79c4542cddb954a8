/**
 * `kaohe daily` against bad exports: unreadable files, broken CSV, wrong period, hostile time and
 * score values, 100 KB cells, bad arguments, an output path that is a file or read-only. Never a
 * crash; fatal problems are one Chinese line and leave no output folder or file; every data row is
 * counted on its day, listed as a problem, on another day, or unreadable (不得漏报).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { EXPORT_HEADERS } from '../../scripts/daily/sample-export';
import {
  cli,
  expectFatal,
  expectWellFormedProblems,
  listFiles,
  readOnlyDir,
  snapshot,
  tmpDir,
  writeCsv,
  writeXlsx,
} from '../helpers/user-files';

type Call = Partial<Record<(typeof EXPORT_HEADERS)[number], string>>;
const base: Call = {
  受理时间: '2026-10-05 08:00',
  工单号: 'GD1',
  工号: '0101',
  来电类型: '报修',
  来源: '住户',
  住户姓名: '陈先生',
  维修站: '东城维修站',
  接单时间: '2026-10-05 08:10',
  联系住户时间: '2026-10-05 08:20',
  完成时间: '2026-10-05 10:00',
  状态: '已完成',
  维修站无人接听: '否',
};
let seq = 0;
const row = (c: Call): string[] => {
  const call: Call = { ...base, 工单号: `GD${++seq}`, ...c };
  return EXPORT_HEADERS.map((h) => call[h] ?? '');
};

let dir: string;
let good: string;

beforeAll(async () => {
  dir = await tmpDir('daily');
  good = await writeCsv(path.join(dir, '呼叫.csv'), [[...EXPORT_HEADERS], row({}), row({ 来电类型: '咨询' })]);
});

async function dailyJson(file: string, date = '2026-10-05') {
  const r = await cli(['daily', '--calls', file, '--date', date, '--json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  expectWellFormedProblems([...doc.problemRows, ...doc.unreadable]);
  const byType = Object.values(doc.byType as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(doc.total).toBe(byType + doc.problemRows.length);
  return doc;
}

describe('unreadable exports are refused and nothing is written', () => {
  const cases: [string, (f: string) => Promise<unknown>, RegExp][] = [
    ['empty.csv', (f) => fs.writeFile(f, ''), /空/],
    ['bom.csv', (f) => fs.writeFile(f, Buffer.from([0xef, 0xbb, 0xbf])), /空/],
    [
      'garbage.csv',
      (f) => fs.writeFile(f, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) % 256))),
      /不是文本/,
    ],
    ['csv.xlsx', (f) => fs.writeFile(f, EXPORT_HEADERS.join(',') + '\r\n'), /内容是文本/],
    [
      'cut.xlsx',
      async (f) => {
        await writeXlsx(f + '.full', (wb) => wb.addWorksheet('导出').addRow([...EXPORT_HEADERS]));
        const buf = await fs.readFile(f + '.full');
        await fs.writeFile(f, buf.subarray(0, buf.length - 200));
        await fs.rm(f + '.full');
      },
      /损坏|不完整/,
    ],
    ['empty-sheet.xlsx', (f) => writeXlsx(f, (wb) => void wb.addWorksheet('导出')), /空/],
    ['folder.csv', (f) => fs.mkdir(f), /是文件夹/],
    ['folder.xlsx', (f) => fs.mkdir(f), /是文件夹/],
    ['titled.csv', (f) => writeCsv(f, [['2026年10月5日呼叫中心导出'], [...EXPORT_HEADERS], row({})]), /缺少必需的列/],
    [
      'dup-header.csv',
      (f) =>
        writeCsv(f, [
          [...EXPORT_HEADERS, '工单号'],
          [...row({}), 'X'],
        ]),
      /「工单号」（第B列和第V列）/,
    ],
    [
      'quote.csv',
      (f) =>
        fs.writeFile(
          f,
          [EXPORT_HEADERS.join(','), row({}).join(','), '"2026-10-05 09:00,GD9', row({}).join(',')].join('\r\n'),
        ),
      /第3行.*引号/,
    ],
  ];
  test.each(cases)('%s', async (name, make, message) => {
    const sub = await tmpDir('daily-bad');
    const file = path.join(sub, name);
    await make(file);
    const before = await snapshot(sub);
    const out = path.join(sub, 'out');
    expectFatal(await cli(['daily', '--calls', file, '--date', '2026-10-05', '--out', out]), message);
    expectFatal(await cli(['daily', '--calls', file, '--date', '2026-10-05', '--json']), message);
    expect(await snapshot(sub)).toEqual(before); // no out folder, input untouched
  });
});

test('a damaged .xlsx export on which the streaming reader never settles is refused (it used to exit 0 silently)', async () => {
  const sub = await tmpDir('daily-stall');
  const full = await writeXlsx(path.join(sub, 'full.xlsx'), (wb) => {
    const ws = wb.addWorksheet('导出');
    ws.addRow([...EXPORT_HEADERS]);
    for (let i = 0; i < 80; i++) ws.addRow(row({ 来电类型: i % 2 ? '咨询' : '报修', 意见: `意见${i}` }));
  });
  const buf = await fs.readFile(full);
  const mid = buf.length >> 1;
  // 200 bytes pasted into the middle of the zip: every offset after them is wrong.
  const damagedFile = path.join(sub, '损坏.xlsx');
  await fs.writeFile(damagedFile, Buffer.concat([buf.subarray(0, mid), buf.subarray(100, 300), buf.subarray(mid)]));
  expectFatal(await cli(['daily', '--calls', damagedFile, '--date', '2026-10-05', '--json']), /损坏/);
}, 20000);

test('single damaged bytes inside the sheet data: refused or read, never a stall or a crash', async () => {
  const sub = await tmpDir('daily-flip');
  const full = await writeXlsx(path.join(sub, 'full.xlsx'), (wb) => {
    const ws = wb.addWorksheet('导出');
    ws.addRow([...EXPORT_HEADERS]);
    for (let i = 0; i < 80; i++) ws.addRow(row({ 来电类型: i % 2 ? '咨询' : '报修', 意见: `意见${i}` }));
  });
  const buf = await fs.readFile(full);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  let header = -1; // the sheet's local file header: its compressed data follows name and extra field
  for (let i = 0; i < buf.length - 30 && header < 0; i++) {
    if (buf.readUInt32LE(i) === 0x04034b50 && buf.subarray(i + 30, i + 30 + name.length).equals(name)) header = i;
  }
  expect(header).toBeGreaterThanOrEqual(0);
  const start = header + 30 + name.length + buf.readUInt16LE(header + 28);
  const size = buf.readUInt32LE(header + 18) || 2000; // 0 when sizes come after the data
  const codes = new Set<number>();
  for (let k = 0; k < 24; k++) {
    const at = start + 40 + Math.floor((k / 24) * Math.max(1, Math.min(size, 4000) - 80));
    const copy = Buffer.from(buf);
    copy[at] ^= 0x55;
    const file = path.join(sub, `flip-${k}.xlsx`);
    await fs.writeFile(file, copy);
    const r = await cli(['daily', '--calls', file, '--date', '2026-10-05', '--json']);
    codes.add(r.code);
    if (r.code !== 0) expectFatal(r);
  }
  expect([...codes].every((c) => c === 0 || c === 2)).toBe(true);
}, 30000);

test('an export with no call or visit in the asked period is refused (wrong file or date), nothing written', async () => {
  const out = path.join(dir, 'out-wrong');
  expectFatal(
    await cli(['daily', '--calls', good, '--date', '2026-11-05', '--out', out]),
    /没有 2026-11-05 的来电或回访.*2026-10-05.*--date/,
  );
  expectFatal(await cli(['daily', '--calls', good, '--month', '2026-09', '--out', out]), /没有 2026-09 月的来电或回访/);
  expect(await listFiles(out)).toEqual([]);
  // A day with only return visits is a real report.
  const visitsOnly = await writeCsv(path.join(dir, '只有回访.csv'), [
    [...EXPORT_HEADERS],
    row({ 回访时间: '2026-10-07 10:00', 是否解决: '是', 评分: '9' }),
  ]);
  expect((await dailyJson(visitsOnly, '2026-10-07')).visits).toBe(1);
});

test('hostile times, scores and ragged rows are each counted, listed or unreadable; rows add up', async () => {
  const rows = [
    row({}), // 2: counted
    row({ 受理时间: '2026-02-30 08:00' }), // 3: unreadable
    row({ 受理时间: '45000.5' }), // 4: a serial: 2023-03-15 12:00, another day
    row({ 受理时间: '-5' }), // 5: unreadable
    row({ 受理时间: 'NaN' }), // 6: unreadable
    row({ 受理时间: '' }), // 7: unreadable (blank)
    row({ 回访时间: '2026-10-05 12:00', 评分: '1e1' }), // 8: counted; its 评分 listed (part)
    row({ 回访时间: '2026-10-05 12:00', 评分: 'Infinity' }), // 9: counted; 评分 listed
    row({ 回访时间: '2026-10-05 12:00', 评分: '０' }), // 10: counted; 评分 (out of 1–10) listed
    row({ 回访时间: '2026-10-05 12:00', 评分: '１０' }), // 11: counted, full-width 10
    row({ 状态: '完成' }), // 12: problem (status)
    row({ 完成时间: '2026-10-05 07:00' }), // 13: problem (before the call)
    ['2026-10-05 08:30', 'GD-RAG', '0102'], // 14: ragged: type and more missing → problem
    row({ 来电类型: '咨询', 意见: '很长的意见'.repeat(20000) }), // 15: counted, 100 KB opinion
    row({ 住户姓名: '𠀀先生', 来电类型: '表扬' }), // 16: counted
  ];
  const file = await writeCsv(path.join(dir, '坏行.csv'), [[...EXPORT_HEADERS], ...rows]);
  const before = await snapshot(dir);
  const doc = await dailyJson(file);
  // 15 data rows = 7 counted + 3 problem rows on 2026-10-05 + 1 on another day + 4 unreadable.
  expect(doc.total).toBe(7 + 3);
  expect(doc.unreadable.map((p: { row: number }) => p.row)).toEqual([3, 5, 6, 7]);
  expect(doc.problemRows.map((p: { row: number }) => p.row)).toEqual([12, 13, 14]);
  // A bad 评分 is listed on its own; the call and the visit count (issue 13, item 7).
  expect(doc.partProblems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
    [8, 'SCORE_INVALID'],
    [9, 'SCORE_INVALID'],
    [10, 'SCORE_INVALID'],
  ]);
  expectWellFormedProblems(doc.partProblems);
  expect(doc.visits).toBe(4);
  expect(doc.meanScore).toBe(10);
  expect(await snapshot(dir)).toEqual(before);

  // Written as a workbook, the 100 KB cell is cut to Excel's limit instead of making a file Excel must repair.
  const out = path.join(dir, 'out-long');
  expect((await cli(['daily', '--calls', file, '--date', '2026-10-05', '--out', out])).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, '日报-2026-10-05.xlsx'));
  let longest = 0;
  wb.eachSheet((ws) =>
    ws.eachRow((r) => r.eachCell((c) => (longest = Math.max(longest, String(c.value ?? '').length)))),
  );
  expect(longest).toBeLessThanOrEqual(32767);
  // The parts that could not be counted are on 问题数据, apart from the rows not counted at all.
  const pr = wb.getWorksheet('问题数据')!;
  const kinds: string[] = [];
  pr.eachRow((r) => kinds.push(`${r.getCell(1).value}|${r.getCell(3).value}`));
  expect(kinds.filter((k) => k.startsWith('部分未计入'))).toEqual([
    '部分未计入或已截断（其余已计入）|8',
    '部分未计入或已截断（其余已计入）|9',
    '部分未计入或已截断（其余已计入）|10',
  ]);
  expect(
    String(wb.getWorksheet('每日报修情况')!.getCell('A2').value ?? '') +
      JSON.stringify(wb.getWorksheet('每日报修情况')!.getSheetValues()),
  ).toContain('另有 3 处回访、投诉对象或过长的文字未能完整计入');
});

test('CRLF, LF and CR line ends and UTF-8 or GB18030 give the same report', async () => {
  const rows = [
    [...EXPORT_HEADERS],
    row({ 住户姓名: '𠀀先生' }),
    row({ 来电类型: '投诉', 投诉对象: '维修人员' }),
    row({ 受理时间: '坏时间' }),
  ];
  const docs: string[] = [];
  for (const [encoding, eol] of [
    ['gb18030', '\r\n'],
    ['gb18030', '\n'],
    ['gb18030', '\r'],
    ['utf8bom', '\n'],
    ['utf8', '\r\n'],
  ] as const) {
    const file = await writeCsv(path.join(dir, `行尾-${encoding}-${eol.charCodeAt(0)}${eol.length}.csv`), rows, {
      encoding,
      eol,
    });
    const doc = await dailyJson(file);
    expect(doc.total).toBe(2);
    for (const p of doc.unreadable) p.file = '';
    docs.push(JSON.stringify(doc));
  }
  expect(new Set(docs).size).toBe(1);
});

test.each([
  ['--accept-minutes', '1e3'],
  ['--accept-minutes', '-5'],
  ['--accept-minutes', 'abc'],
  ['--accept-minutes', '0'],
  ['--contact-minutes', '30.5'],
  ['--contact-minutes', 'Infinity'],
  ['--date', '2026-02-30'],
  ['--date', '2026/10/05'],
  ['--month', '2026-13'],
])('argument %s %s is refused', async (flag, value) => {
  const args = [
    'daily',
    '--calls',
    good,
    '--json',
    ...(flag === '--date' || flag === '--month' ? [] : ['--date', '2026-10-05']),
    flag,
    value,
  ];
  expectFatal(await cli(args));
});

test('--out that is a file, or a read-only folder: one Chinese line, no temp file left', async () => {
  const file = path.join(dir, '一个文件');
  await fs.writeFile(file, 'x');
  expectFatal(await cli(['daily', '--calls', good, '--date', '2026-10-05', '--out', file]), /是文件而不是文件夹/);
  expectFatal(
    await cli(['daily', '--calls', good, '--date', '2026-10-05', '--out', path.join(file, 'sub')]),
    /是文件而不是文件夹/,
  );
  const ro = path.join(dir, '只读');
  const undo = await readOnlyDir(ro);
  if (!undo) return; // neither chmod nor chattr works here: nothing to test
  try {
    expectFatal(await cli(['daily', '--calls', good, '--date', '2026-10-05', '--out', ro]), /没有权限|只读/);
    expectFatal(
      await cli(['daily', '--calls', good, '--month', '2026-10', '--out', path.join(ro, 'sub')]),
      /没有权限|只读/,
    );
  } finally {
    await undo();
  }
  expect(await listFiles(ro)).toEqual([]);
});

test('an export saved as Excel "Unicode 文本" (UTF-16 LE, tab-separated) gives the same report as the CSV', async () => {
  const rows = [
    [...EXPORT_HEADERS],
    row({ 住户姓名: '𠀀先生', 意见: '好, 很好' }),
    row({ 来电类型: '咨询' }),
    row({ 受理时间: '坏时间' }),
  ];
  const csv = await writeCsv(path.join(dir, 'unicode.csv'), rows);
  const txt = path.join(dir, 'unicode.txt');
  await fs.writeFile(txt, Buffer.from('\uFEFF' + rows.map((r) => r.join('\t')).join('\r\n') + '\r\n', 'utf16le'));
  const a = await dailyJson(csv);
  const b = await dailyJson(txt);
  expect(a.total).toBe(2);
  for (const p of [...a.unreadable, ...b.unreadable]) p.file = '';
  expect(b).toEqual(a);
});
