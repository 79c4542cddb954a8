/**
 * Reading a big month back (`score --workbook`, `slips`, `close` …): 考核记录 with more rows than a
 * function call takes arguments (about 125,000 here) is read whole. `Math.max(...rows)` over the row
 * numbers overflowed the call stack there ("Maximum call stack size exceeded" at 300,000 entries).
 */
import { readMonthlyWorkbook } from '../../scripts/workbook/read';
import { SHEET } from '../../core/workbook/sheets';
import { editSheetXml, tmpDir } from './helpers';
import { exampleWorkbook } from '../helpers/sample-month';

jest.setTimeout(120000);

test('a 考核记录 of 150,000 more rows reads back whole, every row an entry record', async () => {
  const file = await exampleWorkbook(await tmpDir('read-size'));
  const before = (await readMonthlyWorkbook(file)).entries.length;
  const EXTRA = 150000;
  const FIRST = 100000; // below the table and its spare rows
  await editSheetXml(file, SHEET.entries, (xml) => {
    const rows: string[] = [];
    for (let i = 0; i < EXTRA; i++) {
      const r = FIRST + i;
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>46331</v></c><c r="B${r}" t="inlineStr"><is><t>0007</t></is></c><c r="C${r}" t="inlineStr"><is><t>L04</t></is></c></row>`,
      );
    }
    return xml.replace(/<\/((?:\w+:)?)sheetData>/, (m) => rows.join('') + m);
  });
  const { entries } = await readMonthlyWorkbook(file);
  expect(entries).toHaveLength(before + EXTRA);
  expect(entries[entries.length - 1]).toMatchObject({ row: FIRST + EXTRA - 1, id: '0007', code: 'L04' });
});
