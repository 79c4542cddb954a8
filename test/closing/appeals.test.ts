/**
 * 申诉登记 (issue 16 §3): an appeal must be answered within 7 working days of 提出日期; weekends and the
 * holidays file's 放假 days do not count, its 上班 (调休补班) days do. Overdue appeals are listed by the summary.
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { addWorkingDays, overdueAppeals, readAppeals, readCalendar, NO_HOLIDAYS } from '../../core/closing/appeals';
import { cli, tmpDir, SAMPLES } from '../workbook/helpers';

jest.setTimeout(120000);

const table = (headers: string[], rows: (string | number | null)[][]) => ({
  file: '申诉登记.csv',
  headers,
  rows,
  firstRow: 2,
});
const HEAD = ['编号', '工号', '提出日期', '针对的记录', '理由', '处理结果', '处理人', '处理日期'];

describe('working days', () => {
  test('7 working days after Thursday 2026-11-05 is Monday 2026-11-16 (two weekends skipped)', () => {
    expect(addWorkingDays('2026-11-05', 7, NO_HOLIDAYS)).toBe('2026-11-16');
    expect(addWorkingDays('2026-11-07', 1, NO_HOLIDAYS)).toBe('2026-11-09'); // filed on a Saturday
  });

  test('放假 days are skipped and a 上班 Saturday counts', () => {
    const { calendar, problems } = readCalendar(
      table(
        ['日期', '类型'],
        [
          ['2026-11-09', '放假'],
          ['2026/11/10', null],
          ['2026-11-14', '上班'],
          ['2026-11-15', '出差'],
        ],
      ),
    );
    expect(problems).toMatchObject([{ row: 5, column: '类型', code: 'HOLIDAY_KIND_INVALID' }]);
    // Thu 5 → Fri 6 (1), [Mon 9, Tue 10 off], Wed 11 (2), Thu 12 (3), Fri 13 (4), Sat 14 上班 (5), Mon 16 (6), Tue 17 (7).
    expect(addWorkingDays('2026-11-05', 7, calendar)).toBe('2026-11-17');
  });
});

describe('appeals register', () => {
  test('open past the due date → 未处理; answered after it → 逾期处理; answered in time or still within time → not listed', () => {
    const { appeals, problems } = readAppeals(
      table(HEAD, [
        ['A1', '0387', '2026-11-03', 'L01', '录音', '撤销', '李娜', '2026-11-06'],
        ['A2', '0580', '2026-11-04', 'S02', '不是本人', '维持', '李娜', '2026-11-18'],
        ['A3', '0425', '2026-11-05', 'L04', '打卡机故障', null, null, null],
        ['A4', '0314', '2026-11-18', 'L08', '系统故障', null, null, null],
      ]),
    );
    expect(problems).toEqual([]);
    const overdue = overdueAppeals(appeals, '2026-11-20', NO_HOLIDAYS);
    expect(overdue.map((o) => [o.appeal.no, o.state, o.due])).toEqual([
      ['A2', '逾期处理', '2026-11-13'],
      ['A3', '未处理', '2026-11-16'],
    ]);
    // On the due day itself it is not yet overdue.
    expect(overdueAppeals(appeals, '2026-11-16', NO_HOLIDAYS).map((o) => o.appeal.no)).toEqual(['A2']);
  });

  test('unusable rows are reported with row, column and code, never dropped silently', () => {
    const { appeals, problems } = readAppeals(
      table(HEAD, [
        ['A1', '0387', '2026-11-03', '', '', '同意', '', '2026-11-06'],
        ['A1', '0387', '2026-11-03', '', '', '', '', ''],
        ['', '0387', '某天', '', '', '维持', '', ''],
        ['A3', '0387', '2026-11-03', '', '', '', '', ''],
      ]),
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '处理结果', 'APPEAL_OUTCOME_INVALID'],
      [4, '编号', 'APPEAL_NO_EMPTY'],
      [4, '提出日期', 'APPEAL_DATE_INVALID'],
      [4, '处理日期', 'APPEAL_HANDLED_DATE_MISSING'],
    ]);
    // Row 3 reuses A1 (row 2 was rejected, so A1 is free): read = counted + rejected.
    expect(appeals.map((a) => [a.no, a.row])).toEqual([
      ['A1', 3],
      ['A3', 5],
    ]);
  });
});

describe('kaohe summary --appeals', () => {
  test('the sample register: 2 overdue as of 2026-11-20, named in the output and in the 申诉登记 sheet', async () => {
    const dir = await tmpDir('appeals');
    const r = await cli([
      'summary',
      '--roster',
      path.join(SAMPLES, '员工名单.csv'),
      '--entries',
      path.join(SAMPLES, '考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--appeals',
      path.join(SAMPLES, '申诉登记-2026-10.csv'),
      '--today',
      '2026-11-20',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('申诉登记：4 条，未处理 2 条，逾期 2 条（截至 2026-11-20，7个工作日）。');
    expect(r.stdout).toContain(
      '逾期：SS-2026-10-002（0580 彭浩然，提出 2026-11-04，应于 2026-11-13 前处理）于 2026-11-18 才处理',
    );
    expect(r.stdout).toContain('逾期：SS-2026-10-003（0425 吴洋，提出 2026-11-05，应于 2026-11-16 前处理）仍未处理');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '管理汇总-2026-10.xlsx'));
    const ws = wb.getWorksheet('申诉登记')!;
    const states = [3, 4, 5, 6].map((i) => [ws.getRow(i).getCell(1).value, ws.getRow(i).getCell(11).value]);
    expect(states).toEqual([
      ['SS-2026-10-001', '已处理'],
      ['SS-2026-10-002', '逾期（逾期处理）'],
      ['SS-2026-10-003', '逾期（未处理）'],
      ['SS-2026-10-004', '处理中'],
    ]);
  });
});
