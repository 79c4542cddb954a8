/**
 * Browser harness for the pane test: stands in for office.js (served in its place) with an Excel
 * host backed by the fake workbook, so the BUILT task pane runs its real code against "Excel".
 */
import { setupWorkbook } from '../../../addin/excel/setup';
import { presetPolicy } from '../../../core/policy/presets';
import { SHEET } from '../../../core/workbook/sheets';
import { FakeExcel } from '../fake-excel';

const fake = new FakeExcel();
const roster = fake.addSheet(SHEET.roster, [['工号', '姓名', '组别', '岗位', '入职日期', '状态', '核对']]);
[['0007', '张敏', '一组', '客服', '2024-01-10'], ['0012', '李娜', '一组', '客服', '2026-09-01'], ['0031', '王强', '二组', '客服', '2023-05-20']]
  .forEach((r, i) => r.forEach((v, c) => roster.set(i + 2, c, v)));
const ready = setupWorkbook(fake.run, { policy: presetPolicy('kefu-daily'), month: '2026-11', features: { dataValidation: true } });

const w = window as unknown as Record<string, unknown>;
w.__fake = fake;
w.Office = {
  HostType: { Excel: 'Excel' },
  // An ExcelApi 1.18 host: every set up to 1.18 is supported.
  context: { requirements: { isSetSupported: (_set: string, version: string) => Number(version.split('.')[1]) <= 18 } },
  onReady: async () => {
    await ready;
    return { host: 'Excel', platform: 'OfficeOnline' };
  },
};
w.Excel = { run: (batch: (c: unknown) => Promise<unknown>) => fake.run(batch as never) };
