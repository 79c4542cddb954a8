/**
 * Browser harness for the pane test: stands in for office.js (the test routes Microsoft's CDN URL to
 * this bundle) with an Excel host backed by the fake workbook, so the BUILT task pane runs its real
 * code against "Excel". The page's query string picks the host:
 *   runtime=old   an ExcelApi 1.18 host with the npm office.js: no Excel.NoteCollection, sheet.notes undefined
 *   late=MS       Office.onReady settles only after MS milliseconds (a slow handshake)
 *   closed=1      the workbook carries a 定稿记录 sheet as kaohe close writes it (a closed version)
 */
import { setupWorkbook } from '../../../addin/excel/setup';
import { presetPolicy } from '../../../core/policy/presets';
import { SHEET } from '../../../core/workbook/sheets';
import { CLOSING_HEADERS, CLOSING_SHEET } from '../../../core/closing/record';
import { FakeExcel } from '../../../fakes/excel';

const query = new URLSearchParams(location.search);
const fake = new FakeExcel();
fake.oldRuntime = query.get('runtime') === 'old';
const late = Number(query.get('late') ?? 0);
const roster = fake.addSheet(SHEET.roster, [['工号', '姓名', '组别', '岗位', '入职日期', '状态', '核对']]);
[
  ['0007', '张敏', '一组', '客服', '2024-01-10'],
  ['0012', '李娜', '一组', '客服', '2026-09-01'],
  ['0031', '王强', '二组', '客服', '2023-05-20'],
].forEach((r, i) => r.forEach((v, c) => roster.set(i + 2, c, v)));
const ready = setupWorkbook(fake.run, {
  policy: presetPolicy('kefu-daily'),
  month: '2026-11',
  features: { dataValidation: true },
}).then(() => {
  if (query.get('closed') === '1')
    fake.addSheet(CLOSING_SHEET, [
      [...CLOSING_HEADERS],
      [1, '李主管', '2026-12-01 10:00', 'ab'.repeat(32), '2026-11 月度考核定稿'],
    ]);
});

const w = window as unknown as Record<string, unknown>;
w.__fake = fake;
w.Office = {
  HostType: { Excel: 'Excel' },
  // An ExcelApi 1.18 host: every set up to 1.18 is supported.
  context: { requirements: { isSetSupported: (_set: string, version: string) => Number(version.split('.')[1]) <= 18 } },
  onReady: async () => {
    await ready;
    if (late > 0) await new Promise((r) => setTimeout(r, late));
    return { host: 'Excel', platform: 'OfficeOnline' };
  },
};
type Batch = (c: never) => Promise<unknown>;
const apiClass = function () {
  /* stands for a class office.js defines */
};
w.Excel = {
  // Excel.run(batch) or Excel.run(options, batch), as office.js offers.
  run: (a: Batch | { delayForCellEdit?: boolean }, b?: Batch) =>
    typeof a === 'function' ? fake.run(a as never) : fake.runWith(a, b as never),
  DataValidation: apiClass,
  Application: apiClass,
  ...(fake.oldRuntime ? {} : { NoteCollection: apiClass }),
};
