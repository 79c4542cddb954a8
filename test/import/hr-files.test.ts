/**
 * Issue 13: input files made the way HR makes them (typed in Excel, saved by hand), which used to give
 * wrong pay with exit 0, crash, or lose rows without a word. Every rejected row keeps file, Excel row,
 * column, a stable code and a Chinese fix, and read = counted + voided + rejected.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import JSZip from 'jszip';
import { readTable } from '../../scripts/import/table';
import { streamCsv } from '../../scripts/import/csv';
import { SAMPLES } from '../helpers/cli';
import { cli, expectFatal, expectWellFormedProblems, tmpDir, writeCsv, writeXlsx } from '../helpers/user-files';

let dir: string;
let roster: string;

const ROSTER = [
  ['工号', '姓名', '组别', '岗位', '入职日期', '状态'],
  ['0001', '张三', '一组', '客服', '2020-01-01', '在职'],
  ['0002', '李四', '一组', '客服', '2020-01-01', '在职'],
];
const day = (d: number) => new Date(Date.UTC(2026, 9, d));

beforeAll(async () => {
  dir = await tmpDir('hr-files');
  roster = await writeCsv(path.join(dir, '员工名单.csv'), ROSTER);
});

interface Doc {
  employees: { id: string; name: string; deduction: number; bonus: number; score: number }[];
  rejected: { file: string; row: number; column: string; code: string; message: string }[];
  counts: {
    entries: number;
    accepted: number;
    voided: number;
    rejected: number;
    roster: { read: number; accepted: number; rejected: number };
  };
  notices: string[];
}

async function score(rosterFile: string, entriesFile: string, extra: string[] = []): Promise<Doc> {
  const r = await cli([
    'score',
    '--roster',
    rosterFile,
    '--entries',
    entriesFile,
    '--month',
    '2026-10',
    '--json',
    ...extra,
  ]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Doc;
  expectWellFormedProblems(doc.rejected);
  const c = doc.counts;
  expect(c.entries).toBe(c.accepted + c.voided + c.rejected);
  expect(c.roster.read).toBe(c.roster.accepted + c.roster.rejected);
  return doc;
}
const deduction = (doc: Doc, id: string) => doc.employees.find((e) => e.id === id)?.deduction;

describe('1. optional columns whose header carries a unit, a hint or brackets', () => {
  test('the issue example: 次数（次） and 状态（有效/作废） are read, 0001 −15 and 0002 0', async () => {
    const f = await writeXlsx(path.join(dir, '单位表头.xlsx'), (wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['日期', '工号', '项目代码', '次数（次）', '状态（有效/作废）', '作废原因']);
      ws.addRow([day(5), '0001', 'L05', 3]);
      ws.addRow([day(6), '0002', 'S01', null, '作废', '录错人']);
    });
    const doc = await score(roster, f);
    expect(doc.rejected).toEqual([]);
    expect(doc.counts).toMatchObject({ entries: 2, accepted: 1, voided: 1, rejected: 0 });
    expect(deduction(doc, '0001')).toBe(15);
    expect(deduction(doc, '0002')).toBe(0);
  });

  test.each([
    ['次数(次)', '状态'],
    ['【次数】', '记录状态'],
    ['次数（次）', '【状态】'],
    ['次 数 (次)', '状态(有效/作废)'],
    ['次数［次］', '状态【有效/作废】'],
  ])('「%s」 and 「%s」 in a CSV', async (countHeader, statusHeader) => {
    const f = await writeCsv(path.join(dir, `表头-${countHeader}-${statusHeader}.csv`.replace(/[/\\ ]/g, '_')), [
      ['日期', '工号', '项目代码', countHeader, statusHeader, '作废原因'],
      ['2026-10-05', '0001', 'L05', '3', '', ''],
      ['2026-10-06', '0002', 'S01', '', '作废', '录错人'],
    ]);
    const doc = await score(roster, f);
    expect([deduction(doc, '0001'), deduction(doc, '0002')]).toEqual([15, 0]);
  });

  test('a header that contains a column name but is not that column is refused, naming it', async () => {
    const f = await writeCsv(path.join(dir, '次数合计.csv'), [
      ['日期', '工号', '项目代码', '扣分次数'],
      ['2026-10-05', '0001', 'L05', '3'],
    ]);
    const r = await cli(['score', '--roster', roster, '--entries', f, '--month', '2026-10']);
    expectFatal(r, /「扣分次数」.*「次数」/);
  });

  test('an extra column whose header contains the name of a column already found is listed in the notices', async () => {
    const f = await writeCsv(path.join(dir, '说明2.csv'), [
      ['日期', '工号', '项目代码', '说明', '说明2'],
      ['2026-10-05', '0001', 'L05', '', 'x'],
    ]);
    const doc = await score(roster, f);
    expect(doc.notices.join('\n')).toMatch(/「说明2」.*未读取/);
  });

  test('two headers for a column that decides points (分值 and 分数, 次数 and 次数（次）) are refused', async () => {
    for (const [name, headers] of [
      ['分值分数', ['分值', '分数']],
      ['次数次数', ['次数', '次数（次）']],
    ] as const) {
      const f = await writeCsv(path.join(dir, `${name}.csv`), [
        ['日期', '工号', '项目代码', ...headers],
        ['2026-10-05', '0001', 'L04', '3', '4'],
      ]);
      expectFatal(
        await cli(['score', '--roster', roster, '--entries', f, '--month', '2026-10']),
        /出现了不止一次|都是「/,
      );
    }
  });
});

describe('2. an entries workbook with several sheets that have the headers', () => {
  test('上半月 and 下半月 are both read, rows numbered per sheet, sheet named in the file', async () => {
    const f = await writeXlsx(path.join(dir, '两个半月.xlsx'), (wb) => {
      const a = wb.addWorksheet('上半月');
      a.addRow(['日期', '工号', '项目代码']);
      a.addRow([day(5), '0001', 'L05']);
      a.addRow([day(6), '0002', 'X99']);
      const b = wb.addWorksheet('下半月');
      b.addRow(['2026年10月下半月考核记录']);
      b.addRow(['日期', '工号', '项目代码']);
      b.addRow([day(20), '0001', 'L05']);
      b.addRow([day(21), '0002', 'Q99']);
      wb.addWorksheet('说明').addRow(['填写说明：每半月一张表']);
    });
    const doc = await score(roster, f);
    expect(doc.counts).toMatchObject({ entries: 4, accepted: 2, rejected: 2 });
    expect(deduction(doc, '0001')).toBe(10);
    expect(doc.rejected.map((p) => [p.file, p.row, p.code])).toEqual([
      ['两个半月.xlsx:上半月', 3, 'ITEM_UNKNOWN'],
      ['两个半月.xlsx:下半月', 4, 'ITEM_UNKNOWN'],
    ]);
  });
});

describe('3. a duplicate 工号 in the roster', () => {
  test('the entries of that 工号 are rejected, never given to the first person', async () => {
    const dup = await writeCsv(path.join(dir, '名单-重复.csv'), [
      ...ROSTER,
      ['0001', '王五', '二组', '客服', '2021-01-01', '在职'],
    ]);
    const f = await writeCsv(path.join(dir, '记录-重复.csv'), [
      ['日期', '工号', '项目代码'],
      ['2026-10-05', '0001', 'L05'],
      ['2026-10-06', '1', 'L05'],
      ['2026-10-07', '0002', 'L05'],
    ]);
    const doc = await score(dup, f);
    expect(doc.employees.map((e) => e.id)).toEqual(['0002']);
    expect(doc.counts).toMatchObject({ entries: 3, accepted: 1, rejected: 2 });
    const entryProblems = doc.rejected.filter((p) => p.file === '记录-重复.csv');
    expect(entryProblems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '工号', 'EMPLOYEE_ID_AMBIGUOUS'],
      [3, '工号', 'EMPLOYEE_ID_AMBIGUOUS'],
    ]);
    expect(entryProblems[0].message).toMatch(/第2行.*第4行/);
    const rosterProblems = doc.rejected.filter((p) => p.file === '名单-重复.csv');
    expect(rosterProblems.map((p) => [p.row, p.code])).toEqual([
      [2, 'EMPLOYEE_ID_DUPLICATE'],
      [4, 'EMPLOYEE_ID_DUPLICATE'],
    ]);
    // 额外奖惩 for that 工号 is refused the same way
    const adj = await writeCsv(path.join(dir, '奖惩-重复.csv'), [
      ['月份', '工号', '分值', '理由'],
      ['2026-10', '0001', '3', '表扬'],
      ['2026-10', '0002', '2', '表扬'],
    ]);
    const withAdj = await score(dup, f, ['--adjustments', adj]);
    expect(withAdj.rejected.filter((p) => p.file === '奖惩-重复.csv').map((p) => [p.row, p.code])).toEqual([
      [2, 'EMPLOYEE_ID_AMBIGUOUS'],
    ]);
    expect(withAdj.employees.find((e) => e.id === '0002')?.score).toBe(80 - 5 + 2);
  });
});

describe('4. a numeric 工号 that matches several roster 工号 once leading zeros are dropped', () => {
  test('7 with 007 and 0007 is ambiguous and lists the candidates', async () => {
    const r = await writeCsv(path.join(dir, '名单-007.csv'), [
      ROSTER[0],
      ['007', '甲', '', '', '2020-01-01', ''],
      ['0007', '乙', '', '', '2020-01-01', ''],
    ]);
    const f = await writeXlsx(path.join(dir, '记录-7.xlsx'), (wb) => {
      const ws = wb.addWorksheet('考核记录');
      ws.addRow(['日期', '工号', '项目代码']);
      ws.addRow([day(5), 7, 'L05']);
    });
    const doc = await score(r, f);
    expect(doc.rejected.map((p) => [p.row, p.column, p.code])).toEqual([[2, '工号', 'EMPLOYEE_ID_AMBIGUOUS']]);
    expect(doc.rejected[0].message).toMatch(/007.*甲.*0007.*乙/);
  });

  test('7 with 007 and 7 goes to 7, and a notice says so', async () => {
    const r = await writeCsv(path.join(dir, '名单-7.csv'), [
      ROSTER[0],
      ['007', '甲', '', '', '2020-01-01', ''],
      ['7', '乙', '', '', '2020-01-01', ''],
    ]);
    const f = await writeXlsx(path.join(dir, '记录-7b.xlsx'), (wb) => {
      const ws = wb.addWorksheet('考核记录');
      ws.addRow(['日期', '工号', '项目代码']);
      ws.addRow([day(5), 7, 'L05']);
    });
    const doc = await score(r, f);
    expect(doc.rejected).toEqual([]);
    expect(deduction(doc, '7')).toBe(5);
    expect(deduction(doc, '007')).toBe(0);
    expect(doc.notices.join('\n')).toMatch(/「7」.*1 行.*「007 甲」/);
  });
});

describe('9. a sparse xlsx (one data row and one empty styled cell at G1048576)', () => {
  test('is read by the cells that exist', async () => {
    const f = await writeXlsx(path.join(dir, '稀疏.xlsx'), (wb) => {
      const ws = wb.addWorksheet('考核记录');
      ws.addRow(['日期', '工号', '项目代码']);
      ws.addRow([day(5), '0001', 'L05']);
      ws.getCell('G1048576').font = { bold: true };
    });
    const doc = await score(roster, f);
    expect(doc.counts).toMatchObject({ entries: 1, accepted: 1 });
    expect(deduction(doc, '0001')).toBe(5);
    // one table row and three columns, not 1,048,575 rows of 7 cells
    const t = await readTable(f);
    expect(t.rows.length).toBe(1);
    expect(t.rows[0].length).toBe(3);
  });
});

describe('11. a UTF-8 file with one stray byte', () => {
  test.each([
    ['GBK', iconv.encode('备注', 'gbk')],
    ['Latin-1', Buffer.from([0xe9])],
  ])('a stray %s byte: the encoding looks mixed, with line and byte', async (_label, stray) => {
    const head = Buffer.from('日期,工号,项目代码,说明\r\n2026-10-05,0001,L05,迟到\r\n2026-10-06,0002,L05,');
    const f = path.join(dir, `混合编码-${_label}.csv`);
    await fs.writeFile(f, Buffer.concat([head, stray, Buffer.from('\r\n2026-10-07,0002,L05,早退\r\n')]));
    const r = await cli(['score', '--roster', roster, '--entries', f, '--month', '2026-10']);
    expectFatal(r, new RegExp(`编码.*混.*第3行.*第${head.length + 1}个字节`));
    expect(r.stderr).not.toMatch(/缺少必需的列/);
  });
});

test('11. a stray byte after the first 64 KB (beyond the encoding sample) is found too', async () => {
  const lines = ['日期,工号,项目代码,说明'];
  for (let i = 0; i < 3000; i++) lines.push(`2026-10-05,0001,L05,第${i}次迟到说明文字`);
  const head = Buffer.from(lines.join('\n') + '\n2026-10-06,0002,L05,');
  expect(head.length).toBeGreaterThan(1 << 16);
  const f = path.join(dir, '混合编码-后部.csv');
  await fs.writeFile(f, Buffer.concat([head, iconv.encode('早退', 'gbk'), Buffer.from('\n')]));
  expectFatal(
    await cli(['score', '--roster', roster, '--entries', f, '--month', '2026-10']),
    new RegExp(`第3002行.*第${head.length + 1}个字节`),
  );
});

describe('12. a time-only cell in 日期', () => {
  test('says the date is only a time, and no DATE_BEFORE_JOIN', async () => {
    const f = await writeXlsx(path.join(dir, '只有时间.xlsx'), (wb) => {
      const ws = wb.addWorksheet('考核记录');
      ws.addRow(['日期', '工号', '项目代码']);
      ws.addRow([day(5), '0001', 'L05']);
      ws.addRow([new Date(Date.UTC(1899, 11, 30, 12, 30)), '0001', 'L05']);
      ws.getCell('A3').numFmt = 'hh:mm';
      ws.addRow(['12:30', '0002', 'L05']);
    });
    const doc = await score(roster, f);
    expect(doc.rejected.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '日期', 'DATE_TIME_ONLY'],
      [4, '日期', 'DATE_TIME_ONLY'],
    ]);
    expect(doc.rejected[0].message).toMatch(/12:30.*只有时间.*没有日期/);
  });
});

describe('other hand-made and generated workbooks', () => {
  /** An exceljs workbook whose sheet XML is then rewritten (as other generators write it). */
  async function rewritten(
    name: string,
    rows: unknown[][],
    edit: (sheetXml: string) => string,
    editBook: (wbXml: string) => string = (x) => x,
  ): Promise<string> {
    const f = await writeXlsx(path.join(dir, name), (wb) => {
      const ws = wb.addWorksheet('考核记录');
      for (const r of rows) ws.addRow(r);
    });
    const zip = await JSZip.loadAsync(await fs.readFile(f));
    const part = 'xl/worksheets/sheet1.xml';
    zip.file(part, edit(await zip.file(part)!.async('string')));
    zip.file('xl/workbook.xml', editBook(await zip.file('xl/workbook.xml')!.async('string')));
    await fs.writeFile(f, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return f;
  }
  const rows = [
    ['日期', '工号', '项目代码', '次数'],
    [day(5), '0001', 'L05', 3],
    [day(6), '0002', 'L05', null],
  ];

  test('sheet XML with a namespace prefix (x:row, x:c), as the .NET Open XML SDK writes it', async () => {
    const f = await rewritten('前缀.xlsx', rows, (xml) =>
      xml
        .replace(/<worksheet\b/, '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        .replace(/<\/worksheet>/, '</x:worksheet>')
        .replace(
          /<(\/?)(sheetData|row|c|v|f|is|t|dimension|sheetViews|sheetView|sheetFormatPr|cols|col|pageMargins|selection)\b/g,
          '<$1x:$2',
        ),
    );
    const doc = await score(roster, f);
    expect([deduction(doc, '0001'), deduction(doc, '0002')]).toEqual([15, 5]);
  });

  test('inline strings, cells without r="", and ISO dates (t="d")', async () => {
    const f = await rewritten(
      '内联.xlsx',
      [
        ['日期', '工号', '项目代码', '次数'],
        ['2026-10-05', '0001', 'L05', 3],
      ],
      (xml) =>
        xml
          .replace(/<c r="A2"[^>]*?(\/>|>[\s\S]*?<\/c>)/, '<c t="d"><v>2026-10-05T00:00:00</v></c>')
          .replace(/<c r="[B-D]2"/g, '<c')
          .replace(/<c t="s"><v>(\d+)<\/v><\/c>/, () => `<c t="inlineStr"><is><t>0001</t></is></c>`),
    );
    const doc = await score(roster, f);
    expect(doc.rejected).toEqual([]);
    expect(deduction(doc, '0001')).toBe(15);
  });

  test('a hidden sheet with entries is read and said so', async () => {
    const f = await writeXlsx(path.join(dir, '隐藏.xlsx'), (wb) => {
      const a = wb.addWorksheet('考核记录');
      a.addRow(['日期', '工号', '项目代码']);
      a.addRow([day(5), '0001', 'L05']);
      const b = wb.addWorksheet('补录', { state: 'hidden' });
      b.addRow(['日期', '工号', '项目代码']);
      b.addRow([day(6), '0001', 'L05']);
    });
    const doc = await score(roster, f);
    expect(deduction(doc, '0001')).toBe(10);
    expect(doc.notices.join('\n')).toMatch(/「补录」是隐藏的/);
  });

  test('a sheet with data but a misspelled header is not read, and said so', async () => {
    const f = await writeXlsx(path.join(dir, '表头写错.xlsx'), (wb) => {
      const a = wb.addWorksheet('上半月');
      a.addRow(['日期', '工号', '项目代码']);
      a.addRow([day(5), '0001', 'L05']);
      const b = wb.addWorksheet('下半月');
      b.addRow(['日期', '员工号', '项目代码']);
      b.addRow([day(20), '0001', 'L05']);
    });
    const doc = await score(roster, f);
    expect(doc.notices.join('\n')).toMatch(/「下半月」没有考核记录的表头.*未读取/);
  });

  test('the Mac 1904 date system', async () => {
    const f = await rewritten(
      '1904.xlsx',
      rows,
      (x) => x,
      (wb) =>
        wb
          .replace(/<workbookPr\b[^>]*\/>/, '<workbookPr date1904="1"/>')
          .replace(/<workbookPr\b(?![^>]*date1904)/, '<workbookPr date1904="1"'),
    );
    // the stored serials were written for 1900; read as 1904 they are 4 years and a day later
    const doc = await cli(['score', '--roster', roster, '--entries', f, '--month', '2030-10', '--json']);
    expect(doc.code).toBe(0);
    expect(JSON.parse(doc.stdout).counts).toMatchObject({ entries: 2, accepted: 2 });
  });

  test('a required column with a hint (日期（必填）) and a GBK CSV with a byte that is not GBK', async () => {
    const f = await writeCsv(path.join(dir, '必填.csv'), [
      ['日期（必填）', '【工号】', '项目代码 (如 L01)'],
      ['2026-10-05', '0001', 'L05'],
    ]);
    expect(deduction(await score(roster, f), '0001')).toBe(5);
    const bad = path.join(dir, '坏字节.csv');
    await fs.writeFile(
      bad,
      Buffer.concat([
        iconv.encode('日期,工号,项目代码,说明\r\n2026-10-05,0001,L05,迟', 'gbk'),
        Buffer.from([0xff]),
        Buffer.from('\r\n'),
      ]),
    );
    expectFatal(
      await cli(['score', '--roster', roster, '--entries', bad, '--month', '2026-10']),
      /第2行.*第\d+个字节.*FF/,
    );
  });
});

test('a 月度考核 workbook given as --roster/--entries/--adjustments reads as its CSV sources (spare formula rows are blank)', async () => {
  const out = path.join(dir, 'monthly-out');
  const src = [
    '--roster',
    path.join(SAMPLES, '员工名单.csv'),
    '--entries',
    path.join(SAMPLES, '考核记录-2026-10.csv'),
    '--adjustments',
    path.join(SAMPLES, '额外奖惩-2026-10.csv'),
  ];
  expect((await cli(['monthly', ...src, '--month', '2026-10', '--out', out])).code).toBe(0);
  const wb = path.join(out, (await fs.readdir(out)).find((f) => f.endsWith('.xlsx'))!);
  const fromCsv = JSON.parse((await cli(['score', ...src, '--month', '2026-10', '--json'])).stdout);
  const fromWb = JSON.parse(
    (await cli(['score', '--roster', wb, '--entries', wb, '--adjustments', wb, '--month', '2026-10', '--json'])).stdout,
  );
  expect(fromWb.counts).toEqual(fromCsv.counts);
  expect(fromWb.employees.map((e: { id: string; score: number }) => [e.id, e.score])).toEqual(
    fromCsv.employees.map((e: { id: string; score: number }) => [e.id, e.score]),
  );
  expect(fromWb.notices).toEqual(fromCsv.notices);
});

test('11. the daily export (streamed CSV) with a stray GBK byte far into the file is refused with its line and byte', async () => {
  const lines = ['受理时间,工单号,工号'];
  for (let i = 0; i < 3000; i++) lines.push(`2026-10-05 08:00,GD${i},甲乙丙`);
  const head = Buffer.from(lines.join('\n') + '\n2026-10-05 09:00,GD9,');
  const f = path.join(dir, '日报-混合编码.csv');
  await fs.writeFile(f, Buffer.concat([head, iconv.encode('早退', 'gbk'), Buffer.from('\n')]));
  let seen = 0;
  await expect(streamCsv(f, () => void seen++)).rejects.toThrow(
    new RegExp(`混合.*第3002行.*第${head.length + 1}个字节`),
  );
  // a GB18030 export with a byte that is not GBK
  const g = path.join(dir, '日报-坏字节.csv');
  await fs.writeFile(
    g,
    Buffer.concat([
      iconv.encode('受理时间,工单号\r\n2026-10-05,甲', 'gb18030'),
      Buffer.from([0xff]),
      Buffer.from('\r\n'),
    ]),
  );
  await expect(streamCsv(g, () => undefined)).rejects.toThrow(/第2行.*FF/);
  // and a clean GB18030 file streams as before
  const ok = path.join(dir, '日报-好.csv');
  await fs.writeFile(ok, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
  const rows: string[][] = [];
  await streamCsv(ok, (cells) => void rows.push(cells));
  expect(rows.length).toBe(3001);
  expect(rows[3000]).toEqual(['2026-10-05 08:00', 'GD2999', '甲乙丙']);
});
