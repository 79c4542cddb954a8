import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { aggregateCallFile } from '../../scripts/daily/read';
import { EXPORT_HEADERS, generateCallRows, writeCallCsv } from '../../scripts/daily/sample-export';
import { dailyJson } from '../../core/daily/aggregate';
import { parseDateTime } from '../../core/daily/datetime';
import { InputError } from '../../core/problems';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-daily-io-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const rows = () => [
  ...generateCallRows({
    seed: 7,
    month: '2026-10',
    days: [4, 5, 6],
    callsPerDay: 40,
    stations: ['东城维修站', '西城维修站'],
    agents: ['0101', '007'],
  }),
];

describe('reading the export', () => {
  test('GB18030 CSV (as Chinese Excel saves it) and UTF-8 CSV give the same report', async () => {
    const gb = path.join(dir, '导出-gb.csv');
    const u8 = path.join(dir, '导出-utf8.csv');
    await writeCallCsv(gb, [EXPORT_HEADERS, ...rows()], 'gb18030');
    await writeCallCsv(u8, [EXPORT_HEADERS, ...rows()], 'utf8');
    const raw = await fs.readFile(gb);
    expect(raw.includes(Buffer.from('受理时间', 'utf8'))).toBe(false);
    expect(iconv.decode(raw, 'gb18030').startsWith('受理时间,工单号,工号')).toBe(true);
    const a = (await aggregateCallFile(gb, {})).report('2026-10-05');
    const b = (await aggregateCallFile(u8, {})).report('2026-10-05');
    expect(a.total).toBe(40);
    expect(a.byAgent['007']).toBeGreaterThan(0); // leading zeros kept
    expect({ ...dailyJson(a), problemRows: [], unreadable: [] }).toEqual({
      ...dailyJson(b),
      problemRows: [],
      unreadable: [],
    });
  });

  test('.xlsx with date cells, Excel serials and text times gives the same figures as the CSV', async () => {
    const data = rows();
    const csv = path.join(dir, 'same.csv');
    await writeCallCsv(csv, [EXPORT_HEADERS, ...data]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导出');
    // Columns in another order, plus an extra column: found by header.
    const order = [...EXPORT_HEADERS].reverse();
    ws.addRow([...order, '备用列']);
    const timeCols = new Set(['受理时间', '接单时间', '联系住户时间', '完成时间', '回访时间']);
    data.forEach((r, i) => {
      const cells = order.map((h) => {
        const text = r[EXPORT_HEADERS.indexOf(h)];
        if (!timeCols.has(h) || text === '') return text;
        const s = parseDateTime(text)!;
        if (i % 3 === 0) return new Date(s * 1000); // a date cell: UTC-built, as exceljs reads it
        if (i % 3 === 1) return (s * 1000 - Date.UTC(1899, 11, 30)) / 86400000; // a plain serial number
        return text;
      });
      const row = ws.addRow([...cells, 'x']);
      order.forEach((h, c) => {
        if (timeCols.has(h) && cells[c] instanceof Date) row.getCell(c + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
      });
    });
    const xlsx = path.join(dir, 'same.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const a = (await aggregateCallFile(csv, {})).report('2026-10-05');
    const b = (await aggregateCallFile(xlsx, {})).report('2026-10-05');
    expect(b.total).toBe(40);
    expect(b.reconciliation.fileRows).toBe(120);
    const strip = (r: typeof a) => ({
      ...dailyJson(r),
      problemRows: r.problemRows.length,
      unreadable: r.unreadable.length,
    });
    expect(strip(b)).toEqual(strip(a));
  });

  test('a missing required column is named; an unknown file type is refused', async () => {
    const f = path.join(dir, 'short.csv');
    await fs.writeFile(f, '受理时间,工单号,工号,来电类型,来源\r\n');
    await expect(aggregateCallFile(f, {})).rejects.toThrow(
      /short\.csv：呼叫系统导出缺少必需的列「维修站」「接单时间」/,
    );
    await expect(aggregateCallFile(path.join(dir, 'x.pdf'), {})).rejects.toBeInstanceOf(InputError);
  });
});
