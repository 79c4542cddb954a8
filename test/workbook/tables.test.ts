/**
 * Issue 11, item 2: 考核记录 and 额外奖惩 are Excel tables whose formula columns are calculated columns
 * (Excel and WPS fill the formula into rows inserted or appended in the table), the table parts are valid
 * against the ISO/IEC 29500 schema, and the drop-downs follow 员工名单 and 考核项目 as they grow.
 */
import { execFileSync } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { SHEET } from '../../core/workbook/sheets';
import { EXAMPLES, cli, editSheetXml, tmpDir } from './helpers';
import { exampleWorkbook } from '../helpers/sample-month';
import { openXlsx } from '../../scripts/workbook/sheet-reader';
import { DEFAULT_MONTHLY_TEMPLATE } from '../../scripts/workbook/monthly';

const SML = path.resolve(__dirname, '../../../shared/ooxml-schemas/ISO-IEC29500-4_2016/sml.xsd');
const xmllint = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

test("考核记录表 and 额外奖惩表: every formula column is a calculated column with the first row's formula; drop-downs grow with the lists", async () => {
  const dir = await tmpDir('tables');
  await exampleWorkbook(dir);
  const zip = await JSZip.loadAsync(await fs.readFile(path.join(dir, '月度考核-2026-11.xlsx')));
  const tables = Object.keys(zip.files).filter((n) => /^xl\/tables\/table\d+\.xml$/.test(n));
  const byName = new Map<string, string>();
  for (const t of tables) {
    const xml = await zip.file(t)!.async('string');
    byName.set(/ name="([^"]+)"/.exec(xml)![1], xml);
  }
  expect([...byName.keys()].sort()).toEqual(['考核记录表', '额外奖惩表'].sort());
  for (const [name, sheet] of [
    ['考核记录表', SHEET.entries],
    ['额外奖惩表', SHEET.adjustments],
  ] as const) {
    const xml = byName.get(name)!;
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wbXml)![1];
    const part = 'xl/' + new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1];
    const sheetXml = await zip.file(part)!.async('string');
    // the shared formula of each column's first data row = the table's calculated column formula
    const masters = new Map<string, string>();
    for (const m of sheetXml.matchAll(/<c r="([A-Z]+)2"[^>]*><f t="shared" ref="[^"]+" si="\d+">([^<]*)<\/f>/g))
      masters.set(m[1], m[2]);
    const calc = [
      ...xml.matchAll(
        /<tableColumn id="(\d+)" name="[^"]*"><calculatedColumnFormula>([^<]*)<\/calculatedColumnFormula>/g,
      ),
    ];
    expect(calc.length).toBe(masters.size);
    expect(calc.length).toBeGreaterThan(3);
    for (const [, id, f] of calc) {
      const col = String.fromCharCode(64 + Number(id)); // the tables start at A; fewer than 27 formula-free columns before each
      if (Number(id) <= 26) expect({ col, f }).toEqual({ col, f: masters.get(col) });
    }
    const ref = /<autoFilter ref="A1:[A-Z]+(\d+)"/.exec(xml)!;
    expect(Number(ref[1])).toBeGreaterThan(100); // the spare formula rows are inside the table
    if (xmllint && existsSync(SML)) {
      const file = path.join(dir, `${name}.xml`);
      await fs.writeFile(file, xml);
      expect(
        execFileSync(xmllint, ['--noout', '--schema', SML, file], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ).toBe('');
    }
    // drop-downs of 工号 follow 员工名单 as it grows (OFFSET … COUNTA), not a fixed range
    expect(sheetXml).toMatch(
      /<formula1>OFFSET\('员工名单'!\$A\$2,0,0,MAX\(1,COUNTA\('员工名单'!\$A:\$A\)-1\),1\)<\/formula1>/,
    );
  }
});

test('template styles and widths follow the header, not the cell address (a restyled or older template never misaligns)', async () => {
  const dir = await tmpDir('tmpl');
  const template = path.join(dir, 'template.xlsx');
  await fs.copyFile(DEFAULT_MONTHLY_TEMPLATE(), template);
  // HR's template has 说明 and 记录人 the other way round (说明 at H, 14 wide; 记录人 at G, 26 wide)
  await editSheetXml(template, SHEET.entries, (xml) => {
    const g = /<c r="G1"([^>]*)><v>(\d+)<\/v><\/c>/.exec(xml)!;
    const h = /<c r="H1"([^>]*)><v>(\d+)<\/v><\/c>/.exec(xml)!;
    return xml
      .replace(g[0], `<c r="G1"${g[1]}><v>${h[2]}</v></c>`)
      .replace(h[0], `<c r="H1"${h[1]}><v>${g[2]}</v></c>`);
  });
  const args = [
    '--roster',
    path.join(EXAMPLES, 'roster.csv'),
    '--entries',
    path.join(EXAMPLES, 'entries-2026-11.csv'),
    '--month',
    '2026-11',
    '--template',
    template,
  ];
  expect((await cli(['monthly', ...args, '--out', dir])).code).toBe(0);
  const zip = await JSZip.loadAsync(await fs.readFile(path.join(dir, '月度考核-2026-11.xlsx')));
  const book = await openXlsx(path.join(dir, '月度考核-2026-11.xlsx'));
  const xml = await zip.file(book.sheets.get(SHEET.entries)!)!.async('string');
  const width = (n: number) => Number(new RegExp(`<col min="${n}" max="${n}" width="([\\d.]+)"`).exec(xml)![1]);
  expect(width(7)).toBe(14); // 说明 (G) takes the width HR gave 说明
  expect(width(8)).toBe(26); // 记录人 (H) the width HR gave 记录人
});
