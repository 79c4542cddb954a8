import { setupWorkbook } from '../../addin/excel/setup';
import { presetPolicy } from '../../core/policy/presets';
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { ENTRY_HEADERS, ROSTER_COLS, ROSTER_HEADERS, ROSTER_SPARE_ROWS } from '../../core/workbook/layout';
import { buildMonthlyModel, formulaAt } from '../../core/workbook/model';
import { readRoster } from '../../core/input/records';
import { scoreMonth } from '../../core/scoring/monthly';
import { FakeExcel } from '../../fakes/excel';

const policy = presetPolicy('kefu-daily');
const opts = { policy, month: '2026-11', features: { dataValidation: true }, now: () => '2026-11-01T00:00:00Z' };

function emptyModel() {
  const roster = readRoster([]);
  return buildMonthlyModel({
    policy,
    month: '2026-11',
    roster,
    rosterRecords: [],
    entries: [],
    adjustments: [],
    result: scoreMonth({ policy, month: '2026-11', roster, entries: [] }),
    generatedAt: '2026-11-01T00:00:00Z',
  });
}

describe('初始化考核表', () => {
  test('on an empty workbook it creates every sheet of the Node model, with the same headers, in a few syncs', async () => {
    const fake = new FakeExcel();
    const report = await setupWorkbook(fake.run, opts);
    const model = emptyModel();
    expect(fake.sheets.map((s) => s.name).sort()).toEqual(model.sheets.map((s) => s.name).sort());
    expect(Object.values(SHEET).every((n) => fake.has(n))).toBe(true);
    expect(
      report.lines
        .filter((l) => l.action === 'created')
        .map((l) => l.sheet)
        .sort(),
    ).toEqual(Object.values(SHEET).sort());
    // 7: the helper formulas also read text dates (compact and serial ones too) and numbers, check 工号's case and
    // 入职日期, and say why a row is not counted (issue 11): the 1,000 spare rows' formulas fill one more request;
    // 8: numbers and dates read with the core's exact grammar (full-width digits, 2026 年 11 月 5 日, a time after
    // T; not 2026-011-05 or 4-), in three more helper columns and a longer 日期值
    expect(report.syncs).toBeLessThanOrEqual(8);
    // Every block of every sheet: header cells exactly as the model (which the Node writer uses).
    for (const sm of model.sheets) {
      const sheet = fake.sheet(sm.name);
      for (const b of sm.blocks)
        expect(sheet.row(b.row, b.col - 1 + b.columns.length).slice(b.col - 1)).toEqual(b.columns.map((c) => c.header));
    }
    const entries = fake.sheet(SHEET.entries);
    expect(entries.row(1, ENTRY_HEADERS.length)).toEqual(ENTRY_HEADERS);
    expect(fake.sheet(SHEET.roster).row(1, ROSTER_HEADERS.length)).toEqual(ROSTER_HEADERS);
    expect(fake.sheet(SHEET.summary).row(1, SUMMARY_HEADERS.length)).toEqual([...SUMMARY_HEADERS]);
    // The entries table with drop-downs; helper formulas in the data rows.
    expect(entries.tables).toEqual([expect.objectContaining({ name: '考核记录表', style: 'TableStyleLight9' })]);
    const codeList = entries.validations.find((v) => v.address.startsWith('C2:'))!;
    // the drop-down grows with the catalogue (issue 11): every code in column A of 考核项目
    expect(codeList.rule.list!.source).toBe("=OFFSET('考核项目'!$A$2,0,0,MAX(1,COUNTA('考核项目'!$A:$A)-1),1)");
    expect(entries.validations.find((v) => v.address.startsWith('I2:'))!.rule.list!.source).toBe('有效,作废');
    expect(String(entries.get(2, ENTRY_HEADERS.indexOf('项目行')))).toMatch(/^=IFERROR\(MATCH\(C2,/);
    expect(entries.get(2, 0)).toBe(''); // no input typed for the user
    expect(entries.hiddenColumns.has(ENTRY_HEADERS.indexOf('项目行'))).toBe(true);
    // Month and policy live in 考核项目's settings block.
    const items = fake.sheet(SHEET.items);
    const cells = [...items.cells.entries()];
    const monthCell = cells
      .find(([, v]) => v === '考核月份')![0]
      .split(',')
      .map(Number);
    expect(items.get(monthCell[0], monthCell[1] + 1)).toBe('2026-11');
    expect(fake.names.size).toBeGreaterThan(0);
  });

  test('on a non-empty workbook a sheet with data is kept, reported, and becomes the model input', async () => {
    const fake = new FakeExcel();
    const roster = fake.addSheet(SHEET.roster, [
      ['工号', '姓名', '组别', '岗位', '入职日期'],
      ['0007', '张敏', '一组', '客服', '2024-01-10'],
      ['0012', '李娜', '一组', '客服', '2026-09-01'],
    ]);
    const before = new Map(roster.cells);
    const custom = fake.addSheet(SHEET.items, [['我的备注'], ['不要动']]);
    const empty = fake.addSheet(SHEET.problems);
    const report = await setupWorkbook(fake.run, opts);
    // the typed cells are kept; the hidden helper columns the entries' formulas look up are added, with the
    // formulas `kaohe monthly` writes (工号数字, 记录首行, 入职日期文字, 入职日期值), on the rows and spare rows
    const typed = new Map([...roster.cells].filter(([, v]) => !(typeof v === 'string' && v.startsWith('='))));
    for (const [k, v] of before) expect(typed.get(k)).toEqual(v);
    expect(roster.row(1, ROSTER_HEADERS.length).slice(ROSTER_COLS.digits - 1)).toEqual(
      ROSTER_HEADERS.slice(ROSTER_COLS.digits - 1),
    );
    const col = (k: keyof typeof ROSTER_COLS) => ROSTER_COLS[k] - 1;
    const cli = emptyModel().sheets.find((x) => x.name === SHEET.roster)!.blocks[0].columns;
    for (const k of ['digits', 'joinText', 'joinDay'] as const)
      expect(roster.get(3, col(k))).toBe('=' + formulaAt(cli[col(k)].formula!, 3));
    expect(String(roster.get(2 + 2 + ROSTER_SPARE_ROWS - 1, col('firstEntry')))).toMatch(/^=IF\(A203="",0,/);
    expect(roster.get(2 + 2 + ROSTER_SPARE_ROWS, col('firstEntry')) ?? '').toBe('');
    expect(custom.cells.size).toBe(2);
    expect(report.lines).toEqual(
      expect.arrayContaining([
        { sheet: SHEET.roster, action: 'kept', detail: '已有数据（2 行），保留未改动；右侧隐藏的辅助列已写入公式' },
        { sheet: SHEET.items, action: 'kept', detail: '已有数据，保留未改动' },
        { sheet: SHEET.problems, action: 'filled', detail: '原为空表，已写入' },
        { sheet: SHEET.entries, action: 'created', detail: '已新建' },
      ]),
    );
    expect(empty.row(1, 5)).toEqual(['文件', '行', '列', '代码', '说明']);
    // 月度汇总 has a row per employee of the kept roster, with formulas.
    const summary = fake.sheet(SHEET.summary);
    expect([summary.get(2, 0), summary.get(3, 0)]).toEqual(['0007', '0012']);
    expect(String(summary.get(2, SUMMARY_HEADERS.indexOf('总分')))).toMatch(/^=/);
  });

  test('a kept input sheet with a wrong header row is reported by column name', async () => {
    const fake = new FakeExcel();
    fake.addSheet(SHEET.entries, [
      ['日期', '员工', '项目代码'],
      ['2026-11-02', '0007', 'L01'],
    ]);
    const report = await setupWorkbook(fake.run, opts);
    expect(report.lines.find((l) => l.sheet === SHEET.entries)!.detail).toBe(
      '已有数据，保留未改动；但缺少列「工号」，请补上表头',
    );
    expect(fake.sheet(SHEET.entries).row(2, 3)).toEqual(['2026-11-02', '0007', 'L01']);
  });

  test('text typed like a formula is written as text, never as a formula', async () => {
    const fake = new FakeExcel();
    fake.addSheet(SHEET.roster, [
      ['工号', '姓名', '组别', '岗位', '入职日期'],
      ['0007', '=HYPERLINK("x")', '一组', '客服', '2024-01-10'],
    ]);
    await setupWorkbook(fake.run, opts);
    const summary = fake.sheet(SHEET.summary);
    expect(summary.get(2, 1)).toBe('=HYPERLINK("x")');
    expect(summary.formats.get('2,1')).toBe('@');
  });
});

describe('刷新公式', () => {
  test('entries typed past the formulas are flagged, and a refresh covers them and the new employee without touching input', async () => {
    const { preparedWorkbook, liveOn } = await import('./helpers');
    const { refreshFormulas } = await import('../../addin/excel/setup');
    const fake = await preparedWorkbook();
    const { session, settle } = await liveOn(fake, true);
    const entries = fake.sheet(SHEET.entries);
    const helper = ENTRY_HEADERS.indexOf('项目行');
    let formulaEnd = 2;
    while (String(entries.get(formulaEnd + 1, helper)).startsWith('=')) formulaEnd++;
    const n = formulaEnd + 10; // ten rows past the formulas
    const rows = Array.from({ length: n - 1 }, (_, i) => [
      '2026-11-03',
      '0007',
      'B03',
      '',
      '',
      '',
      `第${i}条`,
      '',
      '',
      '',
    ]);
    await fake.userEdit(SHEET.entries, `A2:J${n}`, rows);
    await settle();
    expect(session.state.outsideFormulas).toEqual(Array.from({ length: 10 }, (_, i) => formulaEnd + 1 + i));
    // HR adds an employee to the roster.
    await fake.userEdit(SHEET.roster, 'A5:E5', [['0045', '赵磊', '二组', '客服', '2025-11-01']]);
    await settle();
    const typedBefore = Array.from({ length: n - 1 }, (_, i) => entries.row(i + 2, 10));
    const report = await refreshFormulas(fake.run, { policy, month: '2026-11', features: { dataValidation: true } });
    expect(report.lines.map((l) => l.sheet)).toEqual(
      expect.arrayContaining([SHEET.entries, SHEET.summary, SHEET.adjustments]),
    );
    expect(String(entries.get(n, helper))).toMatch(/^=IFERROR\(MATCH\(C\d+,/);
    expect(Array.from({ length: n - 1 }, (_, i) => entries.row(i + 2, 10))).toEqual(typedBefore);
    const summary = fake.sheet(SHEET.summary);
    expect([2, 3, 4, 5].map((r) => summary.get(r, 0))).toEqual(['0007', '0012', '0031', '0045']);
    // The new employee's formulas reach past the last entry (the model adds spare rows).
    const end = Number(
      /'考核记录'!\$[A-Z]+\$2:\$[A-Z]+\$(\d+)/.exec(String(summary.get(5, SUMMARY_HEADERS.indexOf('加分'))))![1],
    );
    expect(end).toBeGreaterThanOrEqual(n);
    await session.fullCheck();
    expect(session.state.outsideFormulas).toEqual([]);
  });
});
