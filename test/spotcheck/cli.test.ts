/**
 * `kaohe qa` end to end: the sample 抽查记录 (CSV, UTF-8 with BOM), an .xlsx made the way a person
 * makes one (a title line, real date cells, 工号 as numbers), the --json document, and the output
 * workbook read back by LibreOffice (an engine we did not write).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cli, sample } from '../helpers/cli';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { editSheetXml } from '../workbook/helpers';

jest.setTimeout(120000);

const lo = testWith(['soffice'], '录音抽查工作簿的重算');

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-qa-cli-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const SAMPLE_ARGS = [
  'qa',
  '--checks',
  sample('抽查记录-2026-10.csv'),
  '--roster',
  sample('员工名单.csv'),
  '--month',
  '2026-10',
];

describe('kaohe qa on the sample', () => {
  test('--json: month, employees, coverage, rejected, counts; read = counted + rejected', async () => {
    const r = await cli([...SAMPLE_ARGS, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.month).toBe('2026-10');
    for (const k of ['month', 'employees', 'coverage', 'rejected', 'counts']) expect(j).toHaveProperty(k);
    const majie = j.employees.find((e: { id: string }) => e.id === '0387');
    expect(majie).toMatchObject({ id: '0387', name: '马杰', problems: 5, highlights: 0, serious: 5, fine: 150 });
    expect(majie.checks.map((c: { fine: number }) => c.fine)).toEqual([10, 10, 10, 60, 60]);
    expect(j.employees.find((e: { id: string }) => e.id === '0020')).toMatchObject({ serious: 2, fine: 20 });
    expect(j.coverage.missingDays).toEqual(['2026-10-14', '2026-10-22']);
    expect(j.coverage.missingWeeks).toEqual(['2026-W42']);
    expect(j.counts.read).toBe(j.counts.counted + j.counts.rejected);
    expect(j.counts).toMatchObject({ read: 87, rejected: 6 });
    expect(j.rejected.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([
      [2, '日期', 'DATE_OUTSIDE_MONTH'],
      [38, '工号', 'EMPLOYEE_UNKNOWN'],
      [46, '工单号', 'CHECK_DUPLICATE'],
      [54, '结果', 'CHECK_RESULT_UNKNOWN'],
      [61, '问题类型', 'PROBLEM_TYPE_EMPTY'],
      [75, '检查人', 'CHECKER_EMPTY'],
    ]);
    for (const p of j.rejected) expect(p.file).toBe('抽查记录-2026-10.csv');
    expect(j.notices.join('\n')).toContain('态度冷淡');
  });

  test('the text report and the workbook; an existing output needs --force', async () => {
    const out = path.join(dir, 'out');
    const r = await cli([...SAMPLE_ARGS, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('缺少领班抽查 2 天：2026-10-14、2026-10-22');
    expect(r.stdout).toContain('缺少部长抽查 1 周：2026-W42');
    expect(r.stdout).toContain('罚款合计 180 元');
    const again = await cli([...SAMPLE_ARGS, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '录音抽查-2026-10.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['罚款汇总', '抽查明细', '抽查覆盖', '问题数据']);
    const fines = wb.getWorksheet('罚款汇总')!;
    const row = [...Array(fines.rowCount).keys()]
      .map((i) => fines.getRow(i + 1))
      .find((x) => x.getCell(1).value === '0387')!;
    expect([row.getCell(2).value, row.getCell(6).value, row.getCell(7).value]).toEqual(['马杰', 5, 150]);
    const det = wb.getWorksheet('抽查明细')!;
    expect(det.rowCount).toBe(1 + 81);
    expect(det.getCell('A82').value).toEqual(new Date(Date.UTC(2026, 9, 31)));
    expect(det.getCell('A82').numFmt).toBe('yyyy-mm-dd');
    const problems = wb.getWorksheet('问题数据')!;
    expect(problems.getRow(2).values).toEqual([
      undefined,
      '抽查记录-2026-10.csv',
      2,
      '日期',
      'DATE_OUTSIDE_MONTH',
      expect.stringContaining('不在 2026-10 内'),
    ]);
  });

  lo("LibreOffice recalculates the fines total to the core's figure", async () => {
    const out = path.join(dir, 'lo');
    expect((await cli([...SAMPLE_ARGS, '--out', out])).code).toBe(0);
    // A wrong cached total (a canary): only a real recalculation gives 180 again.
    const file = path.join(out, '录音抽查-2026-10.xlsx');
    await editSheetXml(file, '罚款汇总', (xml) => xml.replace(/(<f>SUM\(G4:G\d+\)<\/f>)<v>180<\/v>/, '$1<v>999</v>'));
    const recalc = await recalcWithLibreOffice(file, path.join(dir, 'lo-recalc'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(recalc);
    const ws = wb.getWorksheet('罚款汇总')!;
    let total: ExcelJS.CellValue = null;
    ws.eachRow((r) => {
      if (r.getCell(1).value === '合计') total = r.getCell(7).value;
    });
    expect(total).toMatchObject({ result: 180 });
    // LibreOffice reads every appended line of 抽查明细: 81 counted checks, the fines add up to 180.
    const det = wb.getWorksheet('抽查明细')!;
    let fines = 0;
    let lines = 0;
    det.eachRow((r, n) => {
      if (n === 1) return;
      lines++;
      fines += Number(r.getCell(7).value ?? 0);
    });
    expect([lines, fines]).toEqual([81, 180]);
  });
});

describe('kaohe qa reads .xlsx made by hand', () => {
  test('a title line, date cells and 工号 typed as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('抽查记录');
    ws.addRow(['2026年10月录音抽查记录']);
    ws.addRow(['日期', '检查人', '检查人岗位', '工号', '录音编号', '结果', '问题类型', '说明']);
    const d = (day: number) => new Date(Date.UTC(2026, 9, day));
    ws.addRow([d(5), '王丽娜', '领班', 387, 'LY-1', '问题', '地址填写错误', '=HYPERLINK("x")']);
    ws.addRow([d(6), '王丽娜', '领班', 387, 'LY-2', '问题', '维修站选错', '']);
    ws.addRow([d(7), '王丽娜', '领班', null, 'LY-3', '无问题', '', '']);
    ws.addRow([d(8), '何伟', '主任', 387, 'LY-4', '亮点', '', '']);
    const file = path.join(dir, '抽查记录.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await cli(['qa', '--checks', file, '--roster', sample('员工名单.csv'), '--month', '2026-10', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.employees.find((e: { id: string }) => e.id === '0387')).toMatchObject({
      problems: 2,
      serious: 2,
      fine: 20,
    });
    expect(j.employees.find((e: { id: string }) => e.id === '0387').checks[0].note).toBe('=HYPERLINK("x")');
    expect(j.rejected).toEqual([
      {
        file: '抽查记录.xlsx',
        row: 6,
        column: '检查人岗位',
        code: 'CHECKER_ROLE_UNKNOWN',
        message: expect.stringContaining('「主任」'),
      },
    ]);
    expect(j.counts).toMatchObject({ read: 4, counted: 3, rejected: 1 });
  });

  test('a GB18030 CSV (as Chinese Excel saves it) reads the same as the UTF-8 sample', async () => {
    const iconv = await import('iconv-lite');
    const text = (await fs.readFile(sample('抽查记录-2026-10.csv'), 'utf8')).replace(/^\uFEFF/, '');
    const gbk = path.join(dir, '抽查记录-2026-10.csv');
    await fs.writeFile(gbk, iconv.encode(text, 'gb18030'));
    const a = JSON.parse((await cli([...SAMPLE_ARGS, '--json'])).stdout);
    const b = JSON.parse(
      (await cli(['qa', '--checks', gbk, '--roster', sample('员工名单.csv'), '--month', '2026-10', '--json'])).stdout,
    );
    expect(b).toEqual(a);
  });

  test('whole-file problems are one Chinese line, exit 2', async () => {
    const wrongMonth = await cli([
      'qa',
      '--checks',
      sample('抽查记录-2026-10.csv'),
      '--roster',
      sample('员工名单.csv'),
      '--month',
      '2026-11',
    ]);
    expect(wrongMonth.code).toBe(2);
    expect(wrongMonth.stderr).toMatch(/^错误：.*不在 2026-11 内/);
    const notChecks = await cli([
      'qa',
      '--checks',
      sample('考核记录-2026-10.csv'),
      '--roster',
      sample('员工名单.csv'),
      '--month',
      '2026-10',
    ]);
    expect(notChecks.code).toBe(2);
    expect(notChecks.stderr).toContain('抽查记录缺少必需的列');
    const missing = await cli(['qa', '--roster', sample('员工名单.csv'), '--month', '2026-10']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--checks');
  });
});

describe('kaohe slips --checks', () => {
  test("the slip lists each problem and highlight with its date and fine, and the month's fine; the score is unchanged", async () => {
    const out = path.join(dir, 'slips');
    const base = [
      'slips',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
    ];
    const r = await cli([...base, '--checks', sample('抽查记录-2026-10.csv'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('罚款合计 180 元');
    const plain = path.join(dir, 'slips-plain');
    expect((await cli([...base, '--out', plain])).code).toBe(0);
    const file = (await fs.readdir(out)).find((f) => f.includes('0387'))!;
    const texts = async (f: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f);
      const rows: string[][] = [];
      wb.worksheets[0].eachRow((row) =>
        rows.push(
          (row.values as ExcelJS.CellValue[])
            .slice(1)
            .map((v) =>
              v && typeof v === 'object' && 'result' in v
                ? String(v.result)
                : v instanceof Date
                  ? v.toISOString().slice(0, 10)
                  : String(v ?? ''),
            ),
        ),
      );
      return rows;
    };
    const rows = await texts(path.join(out, file));
    const qaRows = rows.filter((x) => x.some((c) => c.startsWith('录音抽查问题')));
    expect(qaRows).toHaveLength(5);
    expect(qaRows.map((x) => x[0])).toEqual(['2026-10-03', '2026-10-08', '2026-10-15', '2026-10-19', '2026-10-27']);
    expect(qaRows.map((x) => /罚款 (\d+) 元/.exec(x.join('|'))![1])).toEqual(['10', '10', '10', '60', '60']);
    expect(rows.some((x) => x.includes('录音抽查罚款合计') && x.join('|').includes('150 元'))).toBe(true);
    // Only this agent's own checks, no colleague's name (the 领班 王丽娜 checked 马杰).
    expect(rows.flat().join('|')).not.toContain('王丽娜');
    // The score and the detail total are the slip's without --checks.
    const plainRows = await texts(path.join(plain, file));
    const total = (rs: string[][]) => rs.find((x) => x.includes('总分'))!.join('|');
    expect(total(rows)).toBe(total(plainRows));
  });
});
