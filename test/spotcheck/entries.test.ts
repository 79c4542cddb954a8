/**
 * A policy may map 问题类型 to 考核项目: the mapped problems are proposed as 考核记录 rows, never counted by
 * themselves, and not proposed again when the 考核记录 already has them (the same event is never
 * counted twice).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { loadPolicy } from '../../core/policy/load';
import type { CheckKey } from '../../core/input/schemas';
import { CheckRecord, checkMonth } from '../../core/qa/checks';
import { proposeEntries } from '../../core/qa/entries';
import type { Cell } from '../../core/values';
import daily from '../../templates/policies/kefu-daily.json';
import { entries, roster } from '../core/fixtures';
import { cli, sample } from '../helpers/cli';

const MAPPED = {
  ...daily,
  id: 'kefu-daily-qa',
  qa: {
    ...daily.qa,
    problemTypes: daily.qa.problemTypes.map((t) =>
      t.name === '地址填写错误' ? { ...t, item: 'L12' } : t.name === '知情不报' ? { ...t, item: 'M03' } : t,
    ),
  },
};
const POLICY = loadPolicy(MAPPED);
const KEYS: CheckKey[] = ['date', 'checker', 'role', 'id', 'ticket', 'recording', 'result', 'type', 'note'];
const checks = (rows: Partial<Record<CheckKey, Cell>>[]): CheckRecord[] =>
  rows.map((r, i) => {
    const rec = { file: 'c.csv', row: i + 2 } as CheckRecord;
    for (const k of KEYS) (rec as Record<string, Cell>)[k] = r[k] ?? null;
    return rec;
  });
const ROSTER = roster([
  ['0101', '张三'],
  ['0102', '李四'],
]);
const p = (date: string, id: string, type: string, ticket: string) => ({
  date,
  checker: '赵领班',
  role: '领班',
  id,
  ticket,
  result: '问题',
  type,
});

describe('problem types mapped to 考核项目', () => {
  const result = checkMonth({
    policy: POLICY,
    month: '2026-10',
    roster: ROSTER,
    records: checks([
      p('2026-10-05', '0101', '地址填写错误', 'A1'),
      p('2026-10-05', '0101', '地址错误', 'A2'),
      p('2026-10-06', '0102', '有问题未上报', 'A3'),
      p('2026-10-07', '0102', '错误引导', 'A4'),
    ]),
  });

  test('each mapped problem is one proposed entry with its reference; unmapped types are not proposed', () => {
    const r = proposeEntries(result, POLICY, ROSTER, []);
    expect(r.entries.map((e) => [e.date, e.id, e.code])).toEqual([
      ['2026-10-05', '0101', 'L12'],
      ['2026-10-05', '0101', 'L12'],
      ['2026-10-06', '0102', 'M03'],
    ]);
    expect(r.entries[0].note).toContain('工单号 A1');
    expect(r.entries[0].recorder).toBe('赵领班（领班）');
  });

  test('rows already in the 考核记录 (same 工号, 日期, 项目代码; any 状态) are not proposed again, one for one', () => {
    const existing = entries([
      { date: '2026-10-05', id: '101', code: 'l12', note: '地址录错' }, // 工号 without its leading zero
      { date: '2026-10-06', id: '0102', code: 'M03', status: '作废', voidReason: '误录' },
    ]);
    const r = proposeEntries(result, POLICY, ROSTER, existing);
    expect(r.entries.map((e) => [e.date, e.id, e.code, e.check.ticket])).toEqual([['2026-10-05', '0101', 'L12', 'A2']]);
    expect(r.alreadyRecorded.map((c) => c.ticket)).toEqual(['A1', 'A3']);
  });

  test('the default policy maps nothing', () => {
    const plain = checkMonth({
      policy: loadPolicy(daily),
      month: '2026-10',
      roster: ROSTER,
      records: checks([p('2026-10-05', '0101', '地址填写错误', 'A1')]),
    });
    expect(proposeEntries(plain, loadPolicy(daily), ROSTER, []).entries).toEqual([]);
  });
});

describe('kaohe qa --entries with a mapping policy', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-qa-entries-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('转考核记录 rows are valid 考核记录 rows: copied into the entries they score once, and are then not proposed again', async () => {
    const policy = path.join(dir, 'policy.json');
    await fs.writeFile(policy, JSON.stringify(MAPPED));
    const base = [
      'qa',
      '--checks',
      sample('抽查记录-2026-10.csv'),
      '--roster',
      sample('员工名单.csv'),
      '--month',
      '2026-10',
      '--policy',
      policy,
    ];
    const first = await cli([...base, '--entries', sample('考核记录-2026-10.csv'), '--out', dir, '--json']);
    expect(first.code).toBe(0);
    const j = JSON.parse(first.stdout);
    // 地址填写错误 in the sample: 0387 twice, 0878 once.
    expect(j.appraisal.entries.map((e: { id: string; code: string }) => `${e.id}:${e.code}`).sort()).toEqual([
      '0387:L12',
      '0387:L12',
      '0878:L12',
    ]);

    // Copy the 转考核记录 rows into the month's 考核记录 (as HR would), then score.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '录音抽查-2026-10.xlsx'));
    const sheet = wb.getWorksheet('转考核记录')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
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
    const copied: string[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1 || !(row.getCell(1).value instanceof Date)) return;
      const v = row.values as ExcelJS.CellValue[];
      copied.push(
        [(v[1] as Date).toISOString().slice(0, 10), v[2], v[3], v[4], '', '', `"${String(v[7])}"`, v[8], '', ''].join(
          ',',
        ),
      );
    });
    expect(copied).toHaveLength(3);
    const merged = path.join(dir, '考核记录-含抽查.csv');
    const original = await fs.readFile(sample('考核记录-2026-10.csv'), 'utf8');
    await fs.writeFile(merged, original.replace(/\r?\n?$/, '\n') + copied.join('\n') + '\n');

    const score = (entriesFile: string) =>
      cli([
        'score',
        '--roster',
        sample('员工名单.csv'),
        '--entries',
        entriesFile,
        '--month',
        '2026-10',
        '--policy',
        policy,
        '--json',
      ]);
    const before = JSON.parse((await score(sample('考核记录-2026-10.csv'))).stdout);
    const after = JSON.parse((await score(merged)).stdout);
    expect(after.counts.accepted).toBe(before.counts.accepted + 3);
    expect(after.rejected.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual(
      before.rejected.map((x: { row: number; code: string }) => [x.row, x.code]),
    );
    const deduction = (doc: { employees: { id: string; deduction: number }[] }, id: string) =>
      doc.employees.find((e) => e.id === id)!.deduction;
    expect(deduction(after, '0387') - deduction(before, '0387')).toBe(4); // L12 is 2 points, twice
    expect(deduction(after, '0878') - deduction(before, '0878')).toBe(2);

    // Run again with the merged 考核记录: nothing is proposed twice.
    const again = JSON.parse((await cli([...base, '--entries', merged, '--json'])).stdout);
    expect(again.appraisal.entries).toEqual([]);
    expect(again.appraisal.alreadyRecorded).toHaveLength(3);
    // The fines are the spot check's own and do not change.
    expect(again.employees.find((e: { id: string }) => e.id === '0387').fine).toBe(150);
  });
});
