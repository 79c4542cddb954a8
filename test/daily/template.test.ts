import * as path from 'path';
import ExcelJS from 'exceljs';
import { buildDailyTemplateWorkbook } from '../../scripts/templates/daily-template';
import { DAILY_SHEETS } from '../../scripts/daily/layout';

function cells(wb: ExcelJS.Workbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        out[`${ws.name}!${c.address}`] = c.value;
      }),
    );
    out[`${ws.name}!widths`] = ws.columns.map((c) => c.width);
  }
  return out;
}

test('the committed templates/日报模板.xlsx is what scripts/templates/daily-template.ts builds', async () => {
  const committed = new ExcelJS.Workbook();
  await committed.xlsx.readFile(path.join(__dirname, '..', '..', 'templates', '日报模板.xlsx'));
  const built = new ExcelJS.Workbook();
  await built.xlsx.load((await buildDailyTemplateWorkbook().xlsx.writeBuffer()) as ArrayBuffer);
  expect(committed.worksheets.map((w) => w.name)).toEqual(Object.values(DAILY_SHEETS));
  expect(cells(committed)).toEqual(cells(built));
  // Labels only: the template holds no data.
  expect(committed.getWorksheet(DAILY_SHEETS.calls)!.getCell('B2').value).toBeNull();
});
