/**
 * Corrections after closing (issue 16 §3): kaohe correct writes the next version with a 更正记录 sheet
 * and re-closes it; kaohe diff names per employee what changed; slips --changed-since re-issues only
 * the changed slips, marked with their edition.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { checkAppealReference, correctionTargets, readAppeals } from '../../core/closing/appeals';
import { applyCorrections, parseAddArg } from '../../core/closing/corrections';
import { EmployeeLookup, EntryRecord } from '../../core/input/records';
import { correctWorkbook } from '../../scripts/closing/correct';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { cli, tmpDir, SAMPLES } from '../workbook/helpers';
import { monthInputs } from '../../scripts/demo';

jest.setTimeout(240000);

/** The sample register: SS-2026-10-001 is 0387's, SS-2026-10-002 is 0580's. */
const APPEALS = path.join(SAMPLES, '申诉登记-2026-10.csv');

const rec = (row: number, code: string, extra: Partial<EntryRecord> = {}): EntryRecord => ({
  file: 'x',
  row,
  date: 46296,
  id: '0580',
  code,
  count: null,
  points: null,
  minutes: null,
  note: null,
  recorder: null,
  status: null,
  voidReason: null,
  ...extra,
});

describe('applyCorrections', () => {
  test('void sets 状态 作废 and 作废原因; set parses numbers and dates; the input records are not mutated', () => {
    const input = [rec(2, 'L01'), rec(3, 'L04', { points: 2 })];
    const { entries, changes } = applyCorrections(input, [
      { kind: 'void', row: 2, reason: '申诉成立' },
      { kind: 'set', row: 3, column: '分值', value: '5' },
      { kind: 'set', row: 3, column: '日期', value: '2026/10/6' },
    ]);
    expect(entries[0]).toMatchObject({ status: '作废', voidReason: '申诉成立' });
    expect(entries[1]).toMatchObject({ points: 5, date: 46301 });
    expect(input[0].status).toBeNull();
    expect(changes).toEqual([
      { row: 2, column: '状态', before: '', after: '作废' },
      { row: 2, column: '作废原因', before: '', after: '申诉成立' },
      { row: 3, column: '分值', before: '2', after: '5' },
      { row: 3, column: '日期', before: '2026-10-01', after: '2026-10-06' },
    ]);
  });

  test('add-entry appends a record after the last row and logs each of its values', () => {
    const { entries, changes } = applyCorrections(
      [rec(2, 'L01'), rec(3, 'L02')],
      [parseAddArg('日期=2026-10-20，工号=0387,项目代码=L02,说明=补录')],
    );
    expect(entries[2]).toMatchObject({ row: 4, date: 46315, id: '0387', code: 'L02', note: '补录', status: null });
    expect(changes.map((c) => [c.row, c.column, c.after])).toEqual([
      [4, '日期', '2026-10-20'],
      [4, '工号', '0387'],
      [4, '项目代码', 'L02'],
      [4, '说明', '补录'],
    ]);
    expect(() => applyCorrections([rec(2, 'L01')], [parseAddArg('工号=0387')])).toThrow(/缺少「日期」「项目代码」/);
  });

  test('add-entry after 200,000 entries (a big month): the row after the last, no call-stack overflow', () => {
    const many = Array.from({ length: 200000 }, (_, i) => rec(i + 2, 'L01'));
    const { entries } = applyCorrections(many, [parseAddArg('日期=2026-10-20，工号=0387,项目代码=L02')]);
    expect(entries).toHaveLength(200001);
    expect(entries[200000]).toMatchObject({ row: 200002, id: '0387', code: 'L02' });
  });

  test.each([
    [[{ kind: 'void', row: 9, reason: 'x' }], /第9行没有记录/],
    [[{ kind: 'void', row: 2, reason: ' ' }], /作废必须写明原因/],
    [[{ kind: 'set', row: 2, column: '颜色', value: 'x' }], /没有「颜色」列/],
    [[{ kind: 'set', row: 2, column: '分值', value: '五' }], /不是数字/],
    [[{ kind: 'set', row: 2, column: '项目代码', value: 'L01' }], /没有改变任何值/],
  ] as const)('refused: %j', (corrections, message) => {
    expect(() => applyCorrections([rec(2, 'L01')], corrections as never)).toThrow(message);
  });
});

describe('the appeal a correction cites is checked against the register', () => {
  const register = {
    source: '申诉登记.csv',
    appeals: readAppeals({
      file: '申诉登记.csv',
      headers: ['编号', '工号', '提出日期'],
      rows: [
        ['SS-1', '0387', '2026-11-03'],
        ['SS-2', '0580', '2026-11-04'],
      ],
      firstRow: 2,
    }).appeals,
    problems: [],
  };
  const lookup = new EmployeeLookup([
    { id: '0387', name: '马杰' },
    { id: '0580', name: '彭浩然' },
  ] as never);

  test("the appeal of the corrected row's 工号 is accepted (also when the register lost the leading zero)", () => {
    expect(() => checkAppealReference('SS-1', register, [{ row: 3, id: '0387' }], lookup)).not.toThrow();
    const lostZero = { ...register, appeals: [{ ...register.appeals[0], id: '387' }] };
    expect(() => checkAppealReference('SS-1', lostZero, [{ row: 3, id: '0387' }], lookup)).not.toThrow();
  });

  test('an unknown 编号 is refused (APPEAL_UNKNOWN)', () => {
    expect(() => checkAppealReference('SS-9', register, [{ row: 3, id: '0387' }], lookup)).toThrow(
      expect.objectContaining({
        code: 'APPEAL_UNKNOWN',
        message: expect.stringContaining('申诉编号「SS-9」不在申诉登记（申诉登记.csv）中'),
      }),
    );
  });

  test("another employee's appeal is refused (APPEAL_EMPLOYEE_MISMATCH), naming both 工号 and the row", () => {
    expect(() =>
      checkAppealReference(
        'SS-2',
        register,
        [
          { row: 3, id: '0387' },
          { row: 9, id: '0580' },
        ],
        lookup,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'APPEAL_EMPLOYEE_MISMATCH',
        message: expect.stringContaining(
          '申诉「SS-2」是工号 0580（彭浩然）的申诉，但更正的考核记录第3行是工号 0387（马杰）的',
        ),
      }),
    );
  });

  test('the rows a correction concerns: a voided or changed row by its 工号 before the change, an added entry by its own', () => {
    const before = [rec(2, 'L01', { id: '0387' }), rec(3, 'L02', { id: '0580' })];
    const corrections = [
      { kind: 'set', row: 3, column: '工号', value: '0387' },
      { kind: 'void', row: 2, reason: '申诉成立' },
      parseAddArg('日期=2026-10-20,工号=0580,项目代码=L02'),
    ] as const;
    const { entries, changes } = applyCorrections(before, corrections as never);
    expect(correctionTargets(before, entries, changes)).toEqual([
      { row: 2, id: '0387' },
      { row: 3, id: '0580' },
      { row: 4, id: '0580' },
    ]);
  });
});

async function entryRow(file: string, row: number) {
  return (await readSheetRows(await openXlsx(file), '考核记录', 11)).get(row)!;
}

describe('kaohe close → correct → diff → slips --changed-since', () => {
  let dir: string;
  let v1: string;
  let v2: string;
  let l01Row: number;

  beforeAll(async () => {
    dir = await tmpDir('correct');
    const gen = await cli(['monthly', ...monthInputs(SAMPLES, '2026-10'), '--month', '2026-10', '--out', dir]);
    expect(gen.code).toBe(0);
    const c = await cli([
      'close',
      '--workbook',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--by',
      '张敏',
      '--out',
      path.join(dir, '定稿'),
    ]);
    expect(c.code).toBe(0);
    v1 = path.join(dir, '定稿', '月度考核-2026-10-定稿.xlsx');
    // 0387 马杰's L01 (工作时间未使用普通话): the appeal is upheld.
    const rows = await readSheetRows(await openXlsx(v1), '考核记录', 3);
    l01Row = [...rows].find(([, r]) => r[1] === '0387' && r[2] === 'L01')![0];
  });

  test('correct --void writes v2: the row voided with its reason, 更正记录 lists it with the appeal, 定稿记录 has both versions, and v2 verifies', async () => {
    const r = await cli([
      'correct',
      '--workbook',
      v1,
      '--void',
      String(l01Row),
      '--reason',
      '申诉成立',
      '--appeal',
      'SS-2026-10-001',
      '--appeals',
      APPEALS,
      '--by',
      '李娜',
      '--out',
      path.join(dir, '定稿'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    v2 = path.join(dir, '定稿', '月度考核-2026-10-定稿-v2.xlsx');
    expect(r.stdout).toContain(`已写出第2版：${v2}`);
    const row = await entryRow(v2, l01Row);
    expect(row.slice(1, 3)).toEqual(['0387', 'L01']);
    expect(row[8]).toBe('作废');
    expect(row[9]).toBe('申诉成立');
    expect(row[10]).toBe('作废');
    const book = await openXlsx(v2);
    const log = await readSheetRows(book, '更正记录', 10);
    expect(log.get(1)).toEqual([
      '版本',
      '工作表',
      '行',
      '列',
      '原值',
      '新值',
      '原因',
      '申诉编号',
      '更正人',
      '更正时间',
    ]);
    expect(log.get(2)!.slice(0, 9)).toEqual([
      2,
      '考核记录',
      l01Row,
      '状态',
      null,
      '作废',
      '申诉成立',
      'SS-2026-10-001',
      '李娜',
    ]);
    expect(log.get(3)!.slice(0, 9)).toEqual([
      2,
      '考核记录',
      l01Row,
      '作废原因',
      null,
      '申诉成立',
      '申诉成立',
      'SS-2026-10-001',
      '李娜',
    ]);
    const record = await readSheetRows(book, '定稿记录', 5);
    expect([...record.keys()]).toEqual([1, 2, 3]);
    expect(record.get(3)!.slice(0, 2)).toEqual([2, '李娜']);
    expect(record.get(3)![4]).toBe('更正：申诉成立（申诉 SS-2026-10-001）');
    const s = await cli(['score', '--workbook', v2, '--month', '2026-10', '--json']);
    expect(s.code).toBe(0);
    const doc = JSON.parse(s.stdout);
    expect(doc.closed).toMatchObject({ version: 2, by: '李娜', intact: true });
    // 马杰 without the L01: 80 − 9 = 71 (C); the escalation (four light items) is gone with it.
    expect(doc.employees.find((e: { id: string }) => e.id === '0387')).toMatchObject({
      score: 71,
      grade: 'C',
      escalation: 0,
    });
  });

  test('a second correction (v3) keeps the earlier 更正记录 rows and adds its own', async () => {
    const r = await cli([
      'correct',
      '--workbook',
      v2,
      '--set',
      String(l01Row),
      '说明=申诉成立，录音证明使用普通话',
      '--reason',
      '补充说明',
      '--by',
      '李娜',
      '--out',
      path.join(dir, 'v3'),
    ]);
    expect(r.code).toBe(0);
    const log = await readSheetRows(
      await openXlsx(path.join(dir, 'v3', '月度考核-2026-10-定稿-v3.xlsx')),
      '更正记录',
      10,
    );
    expect([...log.keys()]).toEqual([1, 2, 3, 4]);
    expect(log.get(4)!.slice(0, 7)).toEqual([
      3,
      '考核记录',
      l01Row,
      '说明',
      '接听电话时使用方言',
      '申诉成立，录音证明使用普通话',
      '补充说明',
    ]);
  });

  test('--add-entry: the new record is the next 考核记录 row of the new version and counts', async () => {
    const r = await cli([
      'correct',
      '--workbook',
      v2,
      '--add-entry',
      '日期=2026-10-20,工号=0580,项目代码=B03,说明=补录顶班',
      '--reason',
      '漏录',
      '--by',
      '李娜',
      '--out',
      path.join(dir, 'add'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v3 = path.join(dir, 'add', '月度考核-2026-10-定稿-v3.xlsx');
    const rows = await readSheetRows(await openXlsx(v3), '考核记录', 11);
    const last = Math.max(
      ...[...rows.entries()].filter(([, c]) => c[1] !== null && c[1] !== undefined).map(([k]) => k),
    );
    expect(rows.get(last)!.slice(1, 3)).toEqual(['0580', 'B03']);
    expect(rows.get(last)![10]).toBe('计入');
    const log = await readSheetRows(await openXlsx(v3), '更正记录', 10);
    expect([...log.values()].filter((l) => l[0] === 3).map((l) => [l[2], l[3], l[5]])).toContainEqual([
      last,
      '项目代码',
      'B03',
    ]);
    const d = JSON.parse((await cli(['diff', v2, v3, '--json'])).stdout);
    expect(d.employees.find((e: { id: string }) => e.id === '0580').fields).toContainEqual({
      field: '加分',
      before: 5,
      after: 10,
    });
  });

  test('correct refuses a workbook that was never closed', async () => {
    const r = await cli([
      'correct',
      '--workbook',
      path.join(dir, '月度考核-2026-10.xlsx'),
      '--void',
      '3',
      '--reason',
      'x',
      '--by',
      '李娜',
      '--out',
      path.join(dir, 'no'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('还没有定稿');
  });

  test('--appeal with an unknown 编号, or with the appeal of another 工号, is refused with nothing written', async () => {
    const out = path.join(dir, 'appeal-refused');
    const args = (appeal: string, ...more: string[]) => [
      'correct',
      '--workbook',
      v1,
      '--void',
      String(l01Row),
      '--reason',
      '申诉成立',
      '--appeal',
      appeal,
      ...more,
      '--by',
      '李娜',
      '--out',
      out,
    ];
    const unknown = await cli(args('SS-2026-10-999', '--appeals', APPEALS));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('申诉编号「SS-2026-10-999」不在申诉登记（申诉登记-2026-10.csv）中');
    // SS-2026-10-002 is 0580 彭浩然's appeal; the row is 0387 马杰's L01.
    const other = await cli(args('SS-2026-10-002', '--appeals', APPEALS));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      `申诉「SS-2026-10-002」是工号 0580（彭浩然）的申诉，但更正的考核记录第${l01Row}行是工号 0387（马杰）的`,
    );
    // Without a register the 编号 cannot be checked: refused too.
    const none = await cli(args('SS-2026-10-001'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--appeals');
    await expect(fs.readdir(out)).rejects.toThrow();
    // The codes, for callers of the library.
    const call = (appeal: string, appeals?: string) =>
      correctWorkbook({
        workbook: v1,
        by: '李娜',
        reason: '申诉成立',
        appeal,
        appeals,
        corrections: [{ kind: 'void', row: l01Row, reason: '申诉成立' }],
        outDir: out,
      });
    await expect(call('SS-2026-10-999', APPEALS)).rejects.toMatchObject({ code: 'APPEAL_UNKNOWN' });
    await expect(call('SS-2026-10-002', APPEALS)).rejects.toMatchObject({ code: 'APPEAL_EMPLOYEE_MISMATCH' });
    await expect(call('SS-2026-10-001')).rejects.toMatchObject({ code: 'APPEAL_REGISTER_MISSING' });
  });

  test('kaohe diff v1 v2 --json: 马杰 score 49 → 71, grade, float, the voided line, and rank moves of others', async () => {
    const r = await cli(['diff', v1, v2, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ma = doc.employees.find((e: { id: string }) => e.id === '0387');
    expect(ma.fields).toEqual(
      expect.arrayContaining([
        { field: '总分', before: 49, after: 71 },
        { field: '等级', before: '不合格', after: 'C' },
        { field: '绩效浮动(元)', before: -300, after: -90 },
        { field: '追加扣分', before: 20, after: 0 },
      ]),
    );
    expect(ma.linesRemoved).toContain(`2026-10-02 L01 工作时间未使用普通话 -2（第${l01Row}行）`);
    expect(ma.linesAdded).toContain(`【已作废】2026-10-02 L01 工作时间未使用普通话 0（第${l01Row}行）`);
    // Only rank moves for the others; nobody unchanged is listed.
    for (const e of doc.employees.filter((x: { id: string }) => x.id !== '0387'))
      expect(e.fields.map((f: { field: string }) => f.field)).toEqual(['名次']);
    const text = await cli(['diff', v1, v2]);
    expect(text.stdout).toContain('总分 49 → 71');
    const same = await cli(['diff', v1, v1]);
    expect(same.stdout).toContain('两个版本中每个人的结果和明细都相同');
  });

  test("slips --changed-since v1 writes only the changed people's slips, marked 第2版 and what they replace", async () => {
    const out = path.join(dir, '重发');
    const r = await cli(['slips', '--workbook', v2, '--changed-since', v1, '--out', out]);
    expect(r.code).toBe(0);
    const diff = JSON.parse((await cli(['diff', v1, v2, '--json'])).stdout);
    const files = (await fs.readdir(out)).sort();
    expect(files).toHaveLength(diff.employees.length);
    expect(files).toContain('个人考核单-2026-10-0387-马杰-第2版.xlsx');
    expect(files.some((f) => f.includes('0580'))).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '个人考核单-2026-10-0387-马杰-第2版.xlsx'));
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toMatch(/^个人考核单（第2版，替换第1版（\d{4}-\d\d-\d\d \d\d:\d\d））$/);
    expect(ws.headerFooter.oddHeader).toContain('第2版');
  });

  test('a re-issue with --generate-passwords writes its own 密码表-2026-10-第2版.xlsx and leaves the first 密码表 alone', async () => {
    const parent = path.join(dir, 'pw');
    await fs.mkdir(parent, { recursive: true });
    const first = path.join(parent, '密码表-2026-10.xlsx');
    await fs.writeFile(first, "the first issue's table");
    const r = await cli([
      'slips',
      '--workbook',
      v2,
      '--changed-since',
      v1,
      '--out',
      path.join(parent, '重发'),
      '--generate-passwords',
      '--force',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join(parent, '密码表-2026-10-第2版.xlsx'));
    expect(await fs.readFile(first, 'utf8')).toBe("the first issue's table");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(parent, '密码表-2026-10-第2版.xlsx'));
    expect(wb.getWorksheet('密码表')!.getRow(3).getCell(4).value).toMatch(/-第2版\.xlsx$/);
  });
});
