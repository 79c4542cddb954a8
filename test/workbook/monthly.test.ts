/**
 * kaohe monthly / score --workbook without LibreOffice: the model's cached values agree with the core,
 * read-back round trip, template places, no overwrite without --force, formula-injection text.
 */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { presetPolicy } from '../../core/policy/presets';
import { readRoster } from '../../core/input/records';
import { scoreMonth } from '../../core/scoring/monthly';
import { COVERAGE_HEADER, buildMonthlyModel } from '../../core/workbook/model';
import { ENTRY_COLS, ENTRY_SPARE_ROWS, checkOfProblems, colLetter } from '../../core/workbook/layout';
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { syntheticMonth } from '../../scripts/workbook/synthetic';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { readMonthlyWorkbook } from '../../scripts/workbook/read';
import { DEFAULT_MONTHLY_TEMPLATE } from '../../scripts/workbook/monthly';
import { loadTemplate } from '../../scripts/workbook/write';
import { defaultPolicyLayout } from '../../core/workbook/layout';
import { SAMPLES, cli, editPart, summaryOf, tmpDir } from './helpers';
import { EXAMPLE_ARGS, exampleWorkbook } from '../helpers/sample-month';
import { monthInputs } from '../../scripts/demo';

const sampleArgs = [...monthInputs(SAMPLES, '2026-10'), '--month', '2026-10'];

describe('sheet model (pure)', () => {
  const inputs = syntheticMonth(presetPolicy('kefu-daily'), '2026-10', 60, 900, 3);
  const roster = readRoster(inputs.rosterRecords);
  const result = scoreMonth({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
  });
  const model = buildMonthlyModel({ ...inputs, roster, result, generatedAt: 'x' });
  const entries = model.sheets.find((s) => s.name === SHEET.entries)!.blocks[0];

  test("the 计入 helper of every entry row agrees with the core: counted rows are exactly the core's counted rows", () => {
    const counted = new Set(
      result.employees.flatMap((e) => e.breakdown.filter((b) => b.kind === 'entry').map((b) => b.row)),
    );
    entries.rows.slice(0, inputs.entries.length).forEach((o, i) => {
      expect({ row: i + 2, counted: o[ENTRY_COLS.counted - 1] }).toEqual({
        row: i + 2,
        counted: counted.has(i + 2) ? 1 : 0,
      });
    });
    expect(counted.size).toBe(result.counts.accepted);
  });

  test("each employee's running totals on the first row equal the core's 加分 and 扣分", () => {
    const first = new Map<string, number>();
    entries.rows.forEach((o, i) => {
      const id = o[ENTRY_COLS.id - 1];
      if (id !== null && !first.has(String(id))) first.set(String(id), i);
    });
    for (const e of result.employees) {
      const i = first.get(e.id);
      const bonus = i === undefined ? 0 : (entries.rows[i][ENTRY_COLS.runBonus - 1] as number);
      const deduction = i === undefined ? 0 : (entries.rows[i][ENTRY_COLS.runDeduct - 1] as number);
      expect([e.id, Math.round(bonus * 10) / 10, Math.round(deduction * 10) / 10]).toEqual([
        e.id,
        e.bonus,
        e.deduction,
      ]);
    }
  });

  test("公式范围检查 sits in 月度汇总 row 1–2 inside the print area (red when not empty) and on top of 说明, cached empty; its ranges are the formulas' own", () => {
    const summary = model.sheets.find((s) => s.name === SHEET.summary)!;
    const check = summary.blocks.find((b) => b.columns[0].header === COVERAGE_HEADER)!;
    expect(check.row).toBe(1);
    expect(check.col).toBe(summary.printColumns);
    expect(check.col).toBeGreaterThan(summary.blocks[0].columns.length);
    expect(check.rows.length).toBeGreaterThan(1);
    expect(check.rows.every((r) => r[0] === null)).toBe(true);
    const f = check.columns[0].formula!;
    expect(f).toMatch(/^MID\(IF\(OR\(/);
    const end = inputs.entries.length + 1 + ENTRY_SPARE_ROWS;
    expect(f).toContain(`'考核记录'!$B$2:$B$${end}`);
    expect(f).toContain(`'考核记录'!$${colLetter(ENTRY_COLS.empRow)}$2:$${colLetter(ENTRY_COLS.empRow)}$${end}`);
    expect(f).toContain(`'月度汇总'!$D$2:$D$${result.employees.length + 1}`);
    const cl = colLetter(check.col);
    expect(summary.fills).toContainEqual(
      expect.objectContaining({ ref: `${cl}2:${cl}${1 + check.rows.length}`, fontColor: 'FFC00000' }),
    );
    const readme = model.sheets.find((s) => s.name === SHEET.readme)!;
    const top = readme.blocks.find((b) => b.row === 1)!;
    expect(top.columns[0].header).toBe(COVERAGE_HEADER);
    // the same message, cut into longer lines
    const message = (g: string) => g.replace(/^MID\((.*),\(ROW\(\)-2\)\*\d+\+1,\d+\)$/, '$1');
    expect(message(top.columns[0].formula!)).toBe(message(f));
    expect(message(f)).not.toBe(f);
    expect(readme.fills).toContainEqual(
      expect.objectContaining({ ref: `A2:B${1 + top.rows.length}`, fontColor: 'FFC00000' }),
    );
    expect(readme.blocks.find((b) => b.row > 1)!.row).toBe(top.rows.length + 3);
  });

  test('月度汇总 has exactly the 14 headers, one row per employee, and live formulas for the computed columns', () => {
    const summary = model.sheets.find((s) => s.name === SHEET.summary)!.blocks[0];
    expect(summary.columns.slice(0, 14).map((c) => c.header)).toEqual([...SUMMARY_HEADERS]);
    expect(summary.rows.length).toBe(result.employees.length);
    for (const h of ['加分', '扣分', '追加扣分', '额外奖惩', '总分', '等级', '绩效浮动(元)', '名次', '预警']) {
      expect(summary.columns.find((c) => c.header === h)!.formula).toBeTruthy();
    }
    expect(summary.columns.find((c) => c.header === '工号')!.formula).toBeUndefined();
  });
});

describe('kaohe monthly', () => {
  test('writes 月度考核-2026-10.xlsx with the seven sheets, recalc-on-open and cached values equal to kaohe score', async () => {
    const dir = await tmpDir('gen');
    const r = await cli(['monthly', ...sampleArgs, '--out', dir]);
    expect(r.code).toBe(0);
    const file = path.join(dir, '月度考核-2026-10.xlsx');
    const book = await openXlsx(file);
    expect([...book.sheets.keys()].sort()).toEqual(Object.values(SHEET).sort());
    const wbXml = await book.zip.file('xl/workbook.xml')!.async('string');
    expect(wbXml).toMatch(/fullCalcOnLoad="1"/);
    const score = JSON.parse((await cli(['score', ...sampleArgs, '--json'])).stdout);
    const summary = await summaryOf(file);
    for (const e of score.employees) {
      const s = summary.get(e.id)!;
      expect([e.id, s.score, s.grade, s.payFloat, s.rank]).toEqual([e.id, e.score, e.grade, e.payFloat, e.rank]);
    }
    // 问题数据 lists every rejected row
    const problems = await readSheetRows(book, SHEET.problems, 5);
    expect(problems.size - 1).toBe(score.rejected.length);
    // no temporary file left behind
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('never overwrites an existing workbook without --force', async () => {
    const dir = await tmpDir('force');
    expect((await cli(['monthly', ...sampleArgs, '--out', dir])).code).toBe(0);
    const file = path.join(dir, '月度考核-2026-10.xlsx');
    const before = await fs.stat(file);
    const again = await cli(['monthly', ...sampleArgs, '--out', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect((await cli(['monthly', ...sampleArgs, '--out', dir, '--force'])).code).toBe(0);
  });

  test('a template missing a required place is refused, naming it; the template file is not modified', async () => {
    const dir = await tmpDir('tpl');
    const tpl = DEFAULT_MONTHLY_TEMPLATE();
    const original = await fs.readFile(tpl);
    const noName = path.join(dir, 'no-name.xlsx');
    await editPart(
      tpl,
      'xl/workbook.xml',
      (x) => x.replace(/<definedName name="KH_TIERS"[^>]*>[^<]*<\/definedName>/, ''),
      noName,
    );
    const r1 = await cli(['monthly', ...sampleArgs, '--template', noName, '--out', dir]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('KH_TIERS');
    const noSheet = path.join(dir, 'no-sheet.xlsx');
    await editPart(tpl, 'xl/workbook.xml', (x) => x.replace(/<sheet [^>]*name="问题数据"[^>]*\/>/, ''), noSheet);
    const r2 = await cli(['monthly', ...sampleArgs, '--template', noSheet, '--out', dir]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('问题数据');
    expect(existsSync(path.join(dir, '月度考核-2026-10.xlsx'))).toBe(false);
    expect((await fs.readFile(tpl)).equals(original)).toBe(true);
  });

  test('text starting with = + - @ is stored as text, never as a formula, and reads back unchanged', async () => {
    const dir = await tmpDir('inj');
    const roster = path.join(dir, 'roster.csv');
    const entries = path.join(dir, 'entries.csv');
    await fs.writeFile(
      roster,
      '工号,姓名,组别,岗位,入职日期\n0001,=1+1,+组,-,2020-01-01\n0002,@SUM(A1),一组,客服,2020-01-01\n',
    );
    await fs.writeFile(
      entries,
      '日期,工号,项目代码,次数,分值,超时分钟,说明,记录人,状态,作废原因\n2026-10-03,0001,L01,,,,"=HYPERLINK(""http://x"",""y"")",-cmd,,\n2026-10-04,0002,B03,,,,+1,@me,,\n',
    );
    const r = await cli(['monthly', '--roster', roster, '--entries', entries, '--month', '2026-10', '--out', dir]);
    expect(r.code).toBe(0);
    const file = path.join(dir, '月度考核-2026-10.xlsx');
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const book = await openXlsx(file);
    const entriesXml = await zip.file(book.sheets.get(SHEET.entries)!)!.async('string');
    const g2 = /<c r="G2"[^>]*>.*?<\/c>/.exec(entriesXml)![0];
    expect(g2).toContain('t="inlineStr"');
    expect(g2).not.toContain('<f');
    const rosterXml = await zip.file(book.sheets.get(SHEET.roster)!)!.async('string');
    expect(/<c r="B2"[^>]*>.*?<\/c>/.exec(rosterXml)![0]).not.toContain('<f');
    const wb = await readMonthlyWorkbook(file);
    expect(wb.roster.employees.map((e) => e.name)).toEqual(['=1+1', '@SUM(A1)']);
    expect(wb.entries.map((e) => e.note)).toEqual(['=HYPERLINK("http://x","y")', '+1']);
    expect(wb.entries.map((e) => e.recorder)).toEqual(['-cmd', '@me']);
  });
});

describe('templates/月度考核模板.xlsx', () => {
  test("has every sheet with the generator's headers in row 1 and every named place", async () => {
    const tpl = await loadTemplate(DEFAULT_MONTHLY_TEMPLATE());
    expect(tpl.layout).toEqual(defaultPolicyLayout());
    const book = await openXlsx(DEFAULT_MONTHLY_TEMPLATE());
    const header = async (sheet: string) => (await readSheetRows(book, sheet, 14)).get(1)!.filter((c) => c !== null);
    expect(await header(SHEET.summary)).toEqual([...SUMMARY_HEADERS]);
    expect((await header(SHEET.entries)).slice(0, 10)).toEqual([
      '日期',
      '工号',
      '项目代码',
      '次数',
      '分值',
      '超时分钟',
      '说明',
      '记录人',
      '状态',
      '作废原因',
    ]);
    const wbXml = await book.zip.file('xl/workbook.xml')!.async('string');
    const sheet2 = await book.zip.file(book.sheets.get(SHEET.summary)!)!.async('string');
    expect(sheet2).toMatch(/orientation="landscape"/);
    expect(sheet2).toMatch(/paperSize="9"/);
    expect(wbXml).toContain('KH_WARNINGS');
  });
});

describe('kaohe score --workbook', () => {
  test('reading the generated workbook back prints the same results as scoring the CSV files', async () => {
    const dir = await tmpDir('rt');
    await exampleWorkbook(dir);
    const fromCsv = JSON.parse((await cli(['score', ...EXAMPLE_ARGS, '--json'])).stdout);
    const back = await cli([
      'score',
      '--workbook',
      path.join(dir, '月度考核-2026-11.xlsx'),
      '--month',
      '2026-11',
      '--json',
    ]);
    expect(back.code).toBe(0);
    const fromWb = JSON.parse(back.stdout);
    expect(fromWb.employees).toEqual(fromCsv.employees);
    expect(fromWb.counts).toEqual(fromCsv.counts);
    expect(fromWb.notices).toEqual(fromCsv.notices);
    expect(fromWb.policyId).toBe(fromCsv.policyId);
    expect(
      fromWb.rejected.map((p: { row: number; code: string; column: string }) => [p.row, p.code, p.column]),
    ).toEqual(fromCsv.rejected.map((p: { row: number; code: string; column: string }) => [p.row, p.code, p.column]));
    const wb = await readMonthlyWorkbook(path.join(dir, '月度考核-2026-11.xlsx'));
    expect(wb.month).toBe('2026-11');
    expect(wb.policy).toEqual(presetPolicy('kefu-daily'));
  });

  test('an unknown workbook, a damaged file and a month mismatch are refused with a clear message', async () => {
    const dir = await tmpDir('bad');
    const notXlsx = path.join(dir, 'x.xlsx');
    await fs.writeFile(notXlsx, 'not a zip');
    const r1 = await cli(['score', '--workbook', notXlsx, '--month', '2026-10']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/无法作为 Excel/);
    const other = path.join(dir, 'other.xlsx');
    await editPart(
      DEFAULT_MONTHLY_TEMPLATE(),
      'xl/workbook.xml',
      (x) => x.replace(/name="考核记录"/, 'name="记录"'),
      other,
    );
    const r2 = await cli(['score', '--workbook', other, '--month', '2026-10']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/不是可识别的月度考核工作簿.*考核记录/);
    expect((await cli(['monthly', ...sampleArgs, '--out', dir])).code).toBe(0);
    const r3 = await cli(['score', '--workbook', path.join(dir, '月度考核-2026-10.xlsx'), '--month', '2026-11']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('2026-10');
  });
});

describe('核对 verdicts from problem codes (one mapping for the generator and the add-in)', () => {
  test('specific words for duplicates and bonus conflicts; any other problem on the row makes it 退回', () => {
    expect(checkOfProblems(['ONCE_A_MONTH_DUPLICATE'])).toBe('本月已记录');
    expect(checkOfProblems(['ADJUSTMENT_DUPLICATE'])).toBe('本月已记录');
    expect(checkOfProblems(['BONUS_CONFLICT'])).toBe('加分项冲突');
    expect(checkOfProblems(['BONUS_CONFLICT', 'ENTRY_DATE_OUT_OF_MONTH'])).toBe('退回');
    expect(checkOfProblems(['ENTRY_DATE_OUT_OF_MONTH', 'ONCE_A_MONTH_DUPLICATE'])).toBe('退回');
    expect(checkOfProblems([])).toBeUndefined();
  });
});

describe('kaohe monthly --workbook (regenerate from an edited workbook)', () => {
  test("reads the workbook's own sheets: same scores as from the CSV files; never writes over its input; not with --roster", async () => {
    const dir = await tmpDir('regen');
    expect((await cli(['monthly', ...sampleArgs, '--out', dir])).code).toBe(0);
    const file = path.join(dir, '月度考核-2026-10.xlsx');
    const again = await cli(['monthly', '--workbook', file, '--month', '2026-10', '--out', path.join(dir, 're')]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const fromCsv = await cli(['score', ...sampleArgs, '--json']);
    const fromRegen = await cli([
      'score',
      '--workbook',
      path.join(dir, 're', '月度考核-2026-10.xlsx'),
      '--month',
      '2026-10',
      '--json',
    ]);
    expect(JSON.parse(fromRegen.stdout).employees).toEqual(JSON.parse(fromCsv.stdout).employees);
    expect(JSON.parse(fromRegen.stdout).counts).toEqual(JSON.parse(fromCsv.stdout).counts);
    const before = await fs.readFile(file);
    const same = await cli(['monthly', '--workbook', file, '--month', '2026-10', '--out', dir, '--force']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('输入不会被覆盖');
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    const both = await cli([
      'monthly',
      '--workbook',
      file,
      '--roster',
      path.join(SAMPLES, '员工名单.csv'),
      '--month',
      '2026-10',
      '--out',
      path.join(dir, 'x'),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('不能再与');
    const wrongMonth = await cli(['monthly', '--workbook', file, '--month', '2026-11', '--out', path.join(dir, 'y')]);
    expect(wrongMonth.code).toBe(2);
    expect(wrongMonth.stderr).toContain('与 --month 2026-11 不符');
  });
});
