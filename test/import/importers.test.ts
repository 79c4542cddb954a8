import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { promises as fs } from 'fs';
import * as iconv from 'iconv-lite';
import * as os from 'os';
import * as path from 'path';
import { readEntryRecords, readRosterTable } from '../../core/input/records';
import { presetPolicy } from '../../core/policy/presets';
import { scoreMonth } from '../../core/scoring/monthly';
import { parseDate, parseNumber } from '../../core/values';
import { CsvParser, detectEncoding, parseCsv, readCsvTable, streamCsv } from '../../scripts/import/csv';
import { readTable } from '../../scripts/import/table';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-import-'));
});

const ROSTER = '工号,姓名,组别,岗位,入职日期\r\n0007,甲一,一组,客服,2024/2/1\r\n0012,乙二,一组,客服,2026年9月15日\r\n';

describe('CSV as Chinese Excel saves it', () => {
  test('GB18030 (GBK) is detected and decoded', async () => {
    const f = path.join(tmp, 'gbk.csv');
    await fs.writeFile(f, iconv.encode(ROSTER, 'gb18030'));
    const roster = readRosterTable(await readTable(f));
    expect(roster.problems).toEqual([]);
    expect(roster.employees.map((e) => [e.id, e.name, e.team, e.joinDate])).toEqual([
      ['0007', '甲一', '一组', '2024-02-01'],
      ['0012', '乙二', '一组', '2026-09-15'],
    ]);
  });

  test('UTF-8 with and without BOM', async () => {
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROSTER)])],
      ['plain.csv', Buffer.from(ROSTER)],
    ] as const) {
      const f = path.join(tmp, name);
      await fs.writeFile(f, bytes);
      const t = await readCsvTable(f);
      expect(t.headers[0]).toBe('工号');
      expect(readRosterTable(t).employees.map((e) => e.name)).toEqual(['甲一', '乙二']);
    }
  });

  test('encoding detection survives a character cut at the sample end', () => {
    const utf8 = Buffer.from('工号,姓名\n甲');
    expect(detectEncoding(utf8.subarray(0, utf8.length - 1)).encoding).toBe('utf8');
    expect(detectEncoding(iconv.encode('工号,姓名\n甲一', 'gb18030')).encoding).toBe('gb18030');
  });

  test('spaced headers, full-width brackets, extra columns; rows numbered as Excel numbers them', async () => {
    const f = path.join(tmp, 'entries.csv');
    await fs.writeFile(
      f,
      ' 日期 ,工 号,项目代码,备用列,次数,分值,超时（分钟）,说明\n' +
        '2026-10-05,7,l04,x,１,"4",,"迟到, 堵车"\n' +
        '"2026/10/6",0012,B03, ,2, , ,"多行\n说明"\n' +
        ',,,,,,,\n' +
        '46304,0012,T01,,,,25,\n',
    );
    const t = await readTable(f);
    const recs = readEntryRecords(t);
    expect(recs.map((r) => r.row)).toEqual([2, 3, 5]);
    const roster = readRosterTable({
      file: 'r.csv',
      headers: ['工号', '姓名', '入职日期'],
      rows: [
        ['0007', '甲一', '2024-02-01'],
        ['0012', '乙二', '2020-01-01'],
      ],
      firstRow: 2,
    });
    const r = scoreMonth({ policy: presetPolicy(), month: '2026-10', roster, entries: recs });
    expect(r.rejected).toEqual([]);
    expect(r.employees.map((e) => [e.id, e.score])).toEqual([
      ['0007', 76],
      ['0012', 80],
    ]);
    expect(r.employees[1].breakdown.map((b) => b.date)).toEqual(['2026-10-06', '2026-10-09']);
  });

  test('a missing required column is named', async () => {
    const f = path.join(tmp, 'bad.csv');
    await fs.writeFile(f, '日期,姓名,项目代码\n');
    await expect(readTable(f).then(readEntryRecords)).rejects.toThrow('缺少必需的列「工号」');
  });

  test('chunked parsing equals whole parsing (quotes, CRLF and line breaks across chunk edges)', () => {
    const field = fc.oneof(
      fc.constantFrom('', 'a', '甲', '1,2', 'say "hi"', 'x\ny', 'r\r\nn'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, cuts, eol) => {
          const q = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
          const text = rows.map((r) => r.map(q).join(',')).join(eol) + eol;
          const expected = rows;
          expect(parseCsv(text)).toEqual(expected);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const got: string[][] = [];
          const p = new CsvParser((cells) => got.push(cells));
          let last = 0;
          for (const c of [...points, text.length]) {
            p.push(text.slice(last, c));
            last = c;
          }
          p.end();
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('streamCsv reads GB18030 in chunks with Excel row numbers', async () => {
    const f = path.join(tmp, 'big.csv');
    const lines = ['工号,姓名,说明'];
    for (let i = 0; i < 50000; i++) lines.push(`${String(i).padStart(5, '0')},张三${i},"备注,${i}"`);
    await fs.writeFile(f, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
    let n = 0;
    let last: string[] = [];
    let lastRow = 0;
    await streamCsv(f, (cells, row) => {
      n++;
      last = cells;
      lastRow = row;
    });
    expect(n).toBe(50001);
    expect(lastRow).toBe(50001);
    expect(last).toEqual(['49999', '张三49999', '备注,49999']);
  });
});

describe('xlsx inputs', () => {
  test('date cells, serials, text dates and numeric 工号 that lost its zeros, under TZ=Asia/Shanghai', async () => {
    expect(process.env.TZ).toBe('Asia/Shanghai');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考核记录');
    ws.addRow(['日期', '工号', '项目代码', '次数', '分值', '超时分钟', '说明']);
    ws.addRow([new Date(Date.UTC(2026, 9, 1)), 7, 'L01', 1, null, null, '=SUM(1,2)']);
    ws.addRow([46326, '0012', 'L04', '２', ' 3 ', null, '序列号日期']);
    ws.addRow(['2026年10月31日', 12, 'B02', null, null, null, { richText: [{ text: '富' }, { text: '文本' }] }]);
    const f = path.join(tmp, 'entries.xlsx');
    await wb.xlsx.writeFile(f);
    const recs = readEntryRecords(await readTable(f));
    expect(recs.map((r) => parseDate(r.date))).toEqual(['2026-10-01', '2026-10-31', '2026-10-31']);
    const roster = readRosterTable({
      file: 'r',
      headers: ['工号', '姓名', '入职日期'],
      rows: [
        ['0007', '甲', '2020-01-01'],
        ['0012', '乙', '2020-01-01'],
      ],
      firstRow: 2,
    });
    const r = scoreMonth({ policy: presetPolicy(), month: '2026-10', roster, entries: recs });
    expect(r.rejected).toEqual([]);
    expect(r.employees.map((e) => e.score)).toEqual([78, 79]);
    expect(r.employees[1].breakdown.map((b) => b.points)).toEqual([-6, 5]);
  });

  test('a damaged xlsx is refused clearly', async () => {
    const f = path.join(tmp, 'broken.xlsx');
    await fs.writeFile(f, 'not a zip');
    await expect(readTable(f)).rejects.toThrow('无法作为 Excel 工作簿打开');
  });
});

describe('cell values', () => {
  test.each([
    ['2026-10-05', '2026-10-05'],
    ['2026/10/5', '2026-10-05'],
    ['2026年10月5日', '2026-10-05'],
    ['２０２６－１０－０５', '2026-10-05'],
    [46300, '2026-10-05'],
    ['46300', '2026-10-05'],
    ['2026-10-05 08:30', '2026-10-05'],
    ['20261005', '2026-10-05'],
    ['2026-02-30', null],
    ['10/5', null],
    ['', null],
    [null, null],
    ['明天', null],
  ])('date %p → %p', (v, want) => expect(parseDate(v as never)).toBe(want));

  test.each([
    ['5', 5],
    [' 5 ', 5],
    ['５', 5],
    ['－2', -2],
    ['1,200', 1200],
    ['2.5', 2.5],
    ['abc', NaN],
    ['', null],
    [null, null],
  ])('number %p → %p', (v, want) => {
    expect(parseNumber(v as never)).toBe(want);
  });
});

describe('real-world layouts', () => {
  test('a title line above the header is skipped and row numbers stay Excel row numbers', async () => {
    const f = path.join(tmp, 'titled.csv');
    await fs.writeFile(f, '2026年10月客服考核记录,,\n日期,工号,项目代码\n2026-10-02,0007,L01\n2026-10-03,0007,L99\n');
    const recs = readEntryRecords(await readTable(f));
    expect(recs.map((r) => r.row)).toEqual([3, 4]);
    const roster = readRosterTable({
      file: 'r',
      headers: ['工号', '姓名', '入职日期'],
      rows: [['0007', '甲', '2020-01-01']],
      firstRow: 2,
    });
    const r = scoreMonth({ policy: presetPolicy(), month: '2026-10', roster, entries: recs });
    expect(r.rejected.map((p) => [p.row, p.code])).toEqual([[4, 'ITEM_UNKNOWN']]);
  });

  test('in a workbook with several sheets the one named for the data is read', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这是说明']);
    const ws = wb.addWorksheet('员工名单');
    ws.addRow(['工号', '姓名', '入职日期']);
    ws.addRow(['0007', '甲', new Date(Date.UTC(2024, 1, 1))]);
    const f = path.join(tmp, 'multi.xlsx');
    await wb.xlsx.writeFile(f);
    const t = await readTable(f, '员工名单');
    expect(t.file).toBe('multi.xlsx:员工名单');
    expect(readRosterTable(t).employees.map((e) => [e.id, e.joinDate])).toEqual([['0007', '2024-02-01']]);
  });
});

test('streamCsv rejects (does not hang) when the row handler throws', async () => {
  const f = path.join(tmp, 'throws.csv');
  await fs.writeFile(f, 'a,b\n1,2\n3,4\n');
  await expect(
    streamCsv(f, (cells) => {
      if (cells[0] === '3') throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
});
