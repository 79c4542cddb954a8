/**
 * Files Excel opens without a repair prompt: every XML part of every .xlsx the project writes validates
 * against the ISO/IEC 29500 Transitional schemas (test/fixtures/ooxml-schemas, checked with xmllint after
 * Markup Compatibility), and the package's content types and relationships resolve. Covers everything
 * `npm run demo` writes (run here into a temp folder), the bundled templates, and the files written from
 * templates HR has restyled with a data bar (Excel 2010 writes it with an <extLst> inside <cfRule>).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { applyMarkupCompatibility, schemaTest, validateXlsx, validateXlsxFiles } from '../helpers/ooxml';
import { ROOT, cli } from '../helpers/cli';
import { demoSteps, runDemo } from '../../scripts/demo';
import { addCharts, ChartSpec } from '../../scripts/charts/chart';
import { convertWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { buildTemplate } from '../../scripts/templates/monthly-template';
import { buildSlipTemplateWorkbook } from '../../scripts/templates/slip-template';
import { buildDailyTemplateWorkbook } from '../../scripts/templates/daily-template';
import { ENTRY_HEADER, ROSTER_HEADER, tmpDir, writeCsv } from '../helpers/user-files';
import { EXPORT_HEADERS, exportRow } from '../../scripts/daily/sample-export';
import { monthInputs } from '../../scripts/demo';

jest.setTimeout(300000);
const it = schemaTest();

async function xlsxFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await xlsxFilesUnder(p)));
    else if (e.name.endsWith('.xlsx')) out.push(p);
  }
  return out.sort();
}

/** Errors of every file, each prefixed with the file's path relative to `base`. */
async function validateAll(files: string[], base: string): Promise<string[]> {
  const results = await validateXlsxFiles(files);
  return files.flatMap((f, i) => results[i].map((e) => `${path.relative(base, f)}: ${e}`));
}

async function partText(file: string | Buffer, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(typeof file === 'string' ? await fs.readFile(file) : file);
  return zip.file(part)!.async('string');
}

/** A copy of a template with a data bar (Excel 2010 style, as exceljs and Excel write it) on `sheet`!`ref`. */
async function withDataBar(template: string, sheet: string, ref: string, out: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  wb.getWorksheet(sheet)!.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'dataBar',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: 'FF638EC6' },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  });
  await wb.xlsx.writeFile(out);
  expect(await partText(out, 'xl/worksheets/' + (await sheetPart(out, sheet)))).toMatch(
    /<cfRule[^>]*dataBar[\s\S]*<extLst>[\s\S]*<\/cfRule>/,
  );
  return out;
}

async function sheetPart(file: string, sheet: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return `sheet${wb.worksheets.findIndex((w) => w.name === sheet) + 1}.xml`;
}

describe('the validator itself', () => {
  it('reports a misplaced element, an unknown attribute and a dangling relationship', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 1;
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet1.xml',
      sheet.replace(
        '<dimension',
        '<pageMargins left="1" right="1" top="1" bottom="1" header="1" footer="1"/><dimension',
      ),
    );
    const book = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', book.replace('<sheets>', '<sheets bogus="1">'));
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    zip.file(
      'xl/_rels/workbook.xml.rels',
      rels.replace(
        '</Relationships>',
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="nowhere.xml"/></Relationships>',
      ),
    );
    const errors = await validateXlsx(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(errors.some((e) => e.startsWith('xl/workbook.xml:') && /bogus/.test(e))).toBe(true);
    expect(errors.some((e) => e.startsWith('xl/worksheets/sheet1.xml:') && /pageMargins.*not expected/.test(e))).toBe(
      true,
    );
    expect(errors).toContain(
      'xl/_rels/workbook.xml.rels: relationship rIdX points at xl/nowhere.xml, which is not in the package',
    );
    zip.file(
      'docProps/app.xml',
      (await zip.file('docProps/app.xml')!.async('string')).replace('</Application>', '\u0001</Application>'),
    );
    expect(await validateXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).toContain(
      'docProps/app.xml: not well-formed XML: character U+0001 (not allowed in XML 1.0) on line 2',
    );
  });

  it('reports what Excel repairs although the schema allows it: a table column that differs from its header cell, a bad sheet name, a long validation list', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addTable({ name: '记录表', ref: 'A1', columns: [{ name: '工号' }, { name: '姓名' }], rows: [['0007', '张三']] });
    ws.getCell('D1').dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Array.from({ length: 60 }, (_, i) => `项目${i}`).join(',')}"`],
    };
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    expect(await validateXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual([
      expect.stringMatching(
        /^xl\/worksheets\/sheet1.xml: data validation on D1 has a formula of \d+ characters \(Excel allows 255\)$/,
      ),
    ]);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace(/<dataValidations[\s\S]*<\/dataValidations>/, ''));
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    zip.file('xl/sharedStrings.xml', strings.replace('<t>姓名</t>', '<t>姓名 </t>'));
    const book = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', book.replace('name="表"', 'name="表/1"'));
    expect((await validateXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).sort()).toEqual([
      'xl/tables/table1.xml: column 姓名 but header cell 表/1!B1 holds "姓名 "',
      `xl/workbook.xml: sheet name "表/1" has a character Excel does not allow ([ ] : * ? / \\ or ' at either end)`,
    ]);
  });

  it('reports cell structure Excel relies on: row and cell order, style and string indexes, shared formulas, column ranges', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = '文字';
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const data =
      `<sheetData><row r="2"><c r="B2"><f t="shared" ref="B2:B3" si="0">A1+1</f><v>1</v></c><c r="A2" s="99"/><c r="C2"><f>${'1+'.repeat(4100)}1</f></c></row>` +
      '<row r="1"><c r="A1" t="s"><v>7</v></c><c r="C1"><f t="shared" si="0"/><v>1</v></c><c r="D1"><f t="shared" si="5"/><v>1</v></c></row></sheetData>';
    zip.file(
      'xl/worksheets/sheet1.xml',
      sheet
        .replace(/<sheetData>[\s\S]*<\/sheetData>/, data)
        .replace(
          '<sheetData>',
          '<cols><col min="1" max="3" width="9"/><col min="2" max="2" width="9"/></cols><sheetData>',
        ),
    );
    expect(await validateXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual([
      'xl/worksheets/sheet1.xml: cell A2 is out of order in row 2',
      'xl/worksheets/sheet1.xml: cell A2 has style 99, styles.xml has 1 cell formats',
      'xl/worksheets/sheet1.xml: cell C2 has a formula of 8201 characters (Excel allows 8,192)',
      'xl/worksheets/sheet1.xml: row 1 comes after row 2',
      'xl/worksheets/sheet1.xml: cell A1 uses shared string 7 of 1',
      'xl/worksheets/sheet1.xml: cell C1 shares formula si=0, whose master range does not cover it',
      'xl/worksheets/sheet1.xml: cell D1 shares formula si=5, whose master range comes later or does not exist',
      'xl/worksheets/sheet1.xml: <col min="2" max="2"> overlaps or precedes the column range before it (ending at 3)',
    ]);
  });

  it('a clean exceljs workbook validates once Markup Compatibility is applied (x14ac:dyDescent dropped)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = '文字';
    expect(await validateXlsx(Buffer.from(await wb.xlsx.writeBuffer()))).toEqual([]);
  });
});

test('Markup Compatibility: ignorable attributes and elements dropped, AlternateContent replaced by its Fallback; xml:space dropped', () => {
  const xml =
    '<r xmlns="urn:m" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x="urn:x" xmlns:y="urn:y" mc:Ignorable="x">' +
    '<a x:extra="1" y:kept="2" xml:space="preserve"/><x:new/><mc:AlternateContent><mc:Choice Requires="y"><b/></mc:Choice><mc:Fallback><c/><d/></mc:Fallback></mc:AlternateContent><mc:AlternateContent><mc:Choice Requires="x"><e/></mc:Choice></mc:AlternateContent></r>';
  expect(applyMarkupCompatibility(xml).replace(/ xmlns(:\w+)?="[^"]*"/g, '')).toBe('<r><a y:kept="2"/><c/><d/></r>');
});

describe('every file the demo writes', () => {
  it('validates: monthly workbook, every slip, management summary, quarterly workbook, daily report, daily month folder', async () => {
    const dir = await tmpDir('ooxml-demo');
    const out = path.join(dir, 'out');
    let log = '';
    const code = await runDemo(demoSteps(path.join(ROOT, 'samples'), out), out, {
      out: () => undefined,
      err: (t) => (log += t),
      isTTY: false,
    });
    // closed workbooks are verified on every read and say so on stderr; nothing else may be said there
    expect(log.split('\n').filter((l) => l !== '' && !l.includes('核对无误'))).toEqual([]);
    expect(code).toBe(0);
    const all = await xlsxFilesUnder(out);
    // the re-issued slips are password-protected: an encrypted package (OLE compound file), not a zip to validate
    const encrypted = all.filter((f) => path.relative(out, f).startsWith('个人考核单-第2版'));
    expect(encrypted.length).toBeGreaterThan(0);
    for (const f of encrypted) expect((await fs.readFile(f)).subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const files = all.filter((f) => !encrypted.includes(f));
    const names = files.map((f) => path.relative(out, f));
    // what the demo promises, so a step that stops writing a file cannot make this test pass
    expect(names).toEqual(
      expect.arrayContaining([
        '月度考核-2026-10.xlsx',
        '管理汇总-2026-10.xlsx',
        '季度考核-2026Q4.xlsx',
        '日报-2026-10-05.xlsx',
        path.join('日报-2026-10', '日报汇总-2026-10.xlsx'),
        path.join('日报-2026-10', '日报-2026-10-31.xlsx'),
      ]),
    );
    expect(names.filter((n) => n.startsWith('个人考核单')).length).toBeGreaterThan(10);
    expect(names.filter((n) => n.startsWith('日报-2026-10' + path.sep)).length).toBe(32);
    expect(await validateAll(files, out)).toEqual([]);
  });
});

it('the bundled templates validate', async () => {
  const files = (await xlsxFilesUnder(path.join(ROOT, 'templates'))).filter(
    (f) => path.dirname(f) === path.join(ROOT, 'templates'),
  );
  expect(files.map((f) => path.basename(f)).sort()).toEqual([
    '个人考核单模板.xlsx',
    '日报模板.xlsx',
    '月度考核模板.xlsx',
  ]);
  expect(await validateAll(files, ROOT)).toEqual([]);
});

it("the template generators' workbooks validate (what `node build/scripts/templates/*-template.js` rebuilds)", async () => {
  const books = [buildTemplate(), buildSlipTemplateWorkbook(), buildDailyTemplateWorkbook()];
  const results = await validateXlsxFiles(
    await Promise.all(books.map(async (wb) => Buffer.from(await wb.xlsx.writeBuffer()))),
  );
  expect(results).toEqual([[], [], []]);
});

describe('a sheet with a data-bar conditional format gets a chart', () => {
  const spec = (sheet: string): ChartSpec => ({
    sheet,
    title: '图',
    categories: { ref: `'${sheet}'!$A$1:$A$2`, values: ['甲', '乙'] },
    series: [{ name: '数', type: 'bar', ref: `'${sheet}'!$B$1:$B$2`, values: [3, 5] }],
    anchor: { fromCol: 3, fromRow: 0, toCol: 9, toRow: 12 },
  });

  it("addCharts puts <drawing> among the worksheet's own children, not inside <cfRule>", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('汇总');
    ws.addRows([
      ['甲', 3],
      ['乙', 5],
    ]);
    ws.addConditionalFormatting({
      ref: 'B1:B2',
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: 'FF638EC6' },
        } as ExcelJS.ConditionalFormattingRule,
      ],
    });
    const buf = await addCharts(Buffer.from(await wb.xlsx.writeBuffer()), [spec('汇总')]);
    expect(await validateXlsx(buf)).toEqual([]);
    const sheet = await partText(buf, 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<\/conditionalFormatting>.*<drawing r:id="[^"]+"\/><extLst>/s);
    expect(sheet).toMatch(/<cfRule[^>]*>(?:(?!<\/cfRule>).)*<extLst>/s); // the data bar keeps its own extLst
  });

  it('kaohe daily --month with an HR template whose 日报汇总 has a data bar: the summary workbook validates', async () => {
    const dir = await tmpDir('ooxml-daily-databar');
    const template = await withDataBar(
      path.join(ROOT, 'templates', '日报模板.xlsx'),
      '日报汇总',
      'B4:B34',
      path.join(dir, '日报模板-数据条.xlsx'),
    );
    const out = path.join(dir, 'out');
    const r = await cli([
      'daily',
      '--calls',
      path.join(ROOT, 'samples', '呼叫系统导出-2026-10.csv'),
      '--month',
      '2026-10',
      '--template',
      template,
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await validateXlsx(path.join(out, '日报汇总-2026-10.xlsx'))).toEqual([]);
  });

  it('kaohe monthly with an HR template whose 月度汇总 has a data bar: the workbook validates', async () => {
    const dir = await tmpDir('ooxml-monthly-databar');
    const template = await withDataBar(
      path.join(ROOT, 'templates', '月度考核模板.xlsx'),
      '月度汇总',
      'D2:D200',
      path.join(dir, '月度考核模板-数据条.xlsx'),
    );
    const r = await cli([
      'monthly',
      ...monthInputs(path.join(ROOT, 'samples'), '2026-10'),
      '--month',
      '2026-10',
      '--template',
      template,
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await validateXlsx(path.join(dir, '月度考核-2026-10.xlsx'))).toEqual([]);
  });
});

describe('templates HR has restyled in Excel', () => {
  it('kaohe monthly with tab colours and fit-to-page turned off: <pageSetUpPr> goes after <tabColor> in <sheetPr>', async () => {
    const dir = await tmpDir('ooxml-monthly-tab');
    const zip = await JSZip.loadAsync(await fs.readFile(path.join(ROOT, 'templates', '月度考核模板.xlsx')));
    // as Excel writes a tab colour, with and without other page settings
    const sheetPr = [
      '<sheetPr><tabColor rgb="FFFF0000"/></sheetPr>',
      '<sheetPr codeName="Sheet3"><tabColor theme="5"/><outlinePr summaryBelow="0"/></sheetPr>',
      '<sheetPr filterMode="1"/>',
    ];
    for (const [i, sheet] of [
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/worksheets/sheet7.xml',
    ].entries()) {
      const xml = await zip.file(sheet)!.async('string');
      expect(xml).toMatch(/<sheetPr>[\s\S]*?<\/sheetPr>/);
      zip.file(sheet, xml.replace(/<sheetPr>[\s\S]*?<\/sheetPr>/, sheetPr[i]));
    }
    const template = path.join(dir, '月度考核模板-标签颜色.xlsx');
    await fs.writeFile(template, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await validateXlsx(template)).toEqual([]);
    const s = (n: string) => path.join(ROOT, 'samples', n);
    const r = await cli([
      'monthly',
      '--roster',
      s('员工名单.csv'),
      '--entries',
      s('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--template',
      template,
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = path.join(dir, '月度考核-2026-10.xlsx');
    expect(await validateXlsx(out)).toEqual([]);
    expect(await partText(out, 'xl/worksheets/sheet2.xml')).toContain(
      '<sheetPr><tabColor rgb="FFFF0000"/><pageSetUpPr fitToPage="1"/></sheetPr>',
    );
  });
});

describe('a daily template with a logo on 日报汇总 (a picture: the sheet already has a drawing)', () => {
  it('kaohe daily --month puts the chart beside the logo in the one drawing; the file validates', async () => {
    const dir = await tmpDir('ooxml-daily-logo');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(ROOT, 'templates', '日报模板.xlsx'));
    const logo = wb.addImage({
      buffer: (await fs.readFile(path.join(ROOT, 'assets', 'icon-32.png'))) as unknown as ExcelJS.Buffer,
      extension: 'png',
    });
    // anchored as Excel anchors a picture (exceljs's own tl+ext form writes a oneCellAnchor with editAs, which the schema refuses)
    wb.getWorksheet('日报汇总')!.addImage(logo, {
      tl: { col: 10, row: 0 },
      br: { col: 11, row: 2 },
      editAs: 'oneCell',
    } as unknown as ExcelJS.ImageRange);
    const template = path.join(dir, '日报模板-标志.xlsx');
    await wb.xlsx.writeFile(template);
    expect(await validateXlsx(template)).toEqual([]);
    const r = await cli([
      'daily',
      '--calls',
      path.join(ROOT, 'samples', '呼叫系统导出-2026-10.csv'),
      '--month',
      '2026-10',
      '--template',
      template,
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = path.join(dir, 'out', '日报汇总-2026-10.xlsx');
    expect(await validateXlsx(file)).toEqual([]);
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const drawings = Object.keys(zip.files).filter((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n));
    expect(drawings.length).toBe(1);
    const drawing = await zip.file(drawings[0])!.async('string');
    expect(drawing).toMatch(/<xdr:pic>/);
    expect(drawing).toMatch(/<c:chart /);
  });
});

describe('templates saved without a theme part (as LibreOffice saves them)', () => {
  /** The bundled template without xl/theme/theme1.xml, its relationship and its content type. */
  async function withoutTheme(name: string, out: string): Promise<string> {
    const zip = await JSZip.loadAsync(await fs.readFile(path.join(ROOT, 'templates', name)));
    expect(zip.file('xl/theme/theme1.xml')).not.toBeNull();
    zip.remove('xl/theme/theme1.xml');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    zip.file('xl/_rels/workbook.xml.rels', rels.replace(/<Relationship [^>]*Target="theme\/theme1.xml"[^>]*\/>/, ''));
    const types = await zip.file('[Content_Types].xml')!.async('string');
    zip.file('[Content_Types].xml', types.replace(/<Override [^>]*PartName="\/xl\/theme\/theme1.xml"[^>]*\/>/, ''));
    await fs.writeFile(out, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await validateXlsx(out)).toEqual([]);
    return out;
  }

  it('kaohe daily: every report lists only parts that are there', async () => {
    const dir = await tmpDir('ooxml-daily-notheme');
    const template = await withoutTheme('日报模板.xlsx', path.join(dir, '日报模板-无主题.xlsx'));
    const out = path.join(dir, 'out');
    const calls = path.join(ROOT, 'samples', '呼叫系统导出-2026-10.csv');
    for (const args of [
      ['--date', '2026-10-05'],
      ['--month', '2026-10'],
    ]) {
      const r = await cli([
        'daily',
        '--calls',
        calls,
        ...args,
        '--template',
        template,
        '--out',
        path.join(out, args[0]),
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const files = (await xlsxFilesUnder(out)).filter((f) => /日报-2026-10-0[1-5]|日报汇总/.test(f));
    expect(files.length).toBe(7);
    expect(await validateAll(files, out)).toEqual([]);
  });
});

describe('templates HR opened and saved in LibreOffice', () => {
  // in CI both tools are installed: a missing one fails there
  const loIt = testWith(['soffice', 'xmllint'], '模板经 LibreOffice 另存后的架构校验');

  loIt(
    'kaohe monthly, slips and daily with the templates as LibreOffice saves them: every output validates',
    async () => {
      const dir = await tmpDir('ooxml-lo-templates');
      const saved = path.join(dir, 'lo');
      const monthlyT = await convertWithLibreOffice(
        path.join(ROOT, 'templates', '月度考核模板.xlsx'),
        'xlsx:Calc MS Excel 2007 XML',
        saved,
      );
      const dailyT = await convertWithLibreOffice(
        path.join(ROOT, 'templates', '日报模板.xlsx'),
        'xlsx:Calc MS Excel 2007 XML',
        saved,
      );
      const slipT = await convertWithLibreOffice(
        path.join(ROOT, 'templates', '个人考核单模板.xlsx'),
        'xlsx:Calc MS Excel 2007 XML',
        saved,
      );
      const s = (n: string) => path.join(ROOT, 'samples', n);
      const runs = [
        [
          'monthly',
          ...monthInputs(path.join(ROOT, 'samples'), '2026-10'),
          '--month',
          '2026-10',
          '--template',
          monthlyT,
          '--out',
          path.join(dir, 'monthly'),
        ],
        [
          'slips',
          '--roster',
          s('员工名单.csv'),
          '--entries',
          s('考核记录-2026-10.csv'),
          '--month',
          '2026-10',
          '--template',
          slipT,
          '--out',
          path.join(dir, 'slips'),
        ],
        [
          'daily',
          '--calls',
          s('呼叫系统导出-2026-10.csv'),
          '--date',
          '2026-10-05',
          '--template',
          dailyT,
          '--out',
          path.join(dir, 'day'),
        ],
        [
          'daily',
          '--calls',
          s('呼叫系统导出-2026-10.csv'),
          '--month',
          '2026-10',
          '--template',
          dailyT,
          '--out',
          path.join(dir, 'month'),
        ],
      ];
      for (const args of runs) expect({ args, code: (await cli(args)).code }).toEqual({ args, code: 0 });
      const slips = await xlsxFilesUnder(path.join(dir, 'slips'));
      expect(slips.length).toBeGreaterThan(10);
      const files = [
        ...(await xlsxFilesUnder(path.join(dir, 'monthly'))),
        ...slips.slice(0, 5),
        ...(await xlsxFilesUnder(path.join(dir, 'day'))),
        ...(await xlsxFilesUnder(path.join(dir, 'month'))),
      ];
      expect(files.length).toBe(1 + 5 + 1 + 32);
      expect(await validateAll(files, dir)).toEqual([]);
    },
  );
});

describe('user text as HR and call systems really type it', () => {
  // control characters pasted from other systems, spaces around, emoji, markup characters, sheet-name characters
  const odd = (s: string) => ` ${s}\u0001\u000B\u001F😀&<>"' ]`;

  it("every command's outputs validate: monthly, slips, summary and period (both policies), daily", async () => {
    const dir = await tmpDir('ooxml-text');
    const roster = await writeCsv(path.join(dir, '名单.csv'), [
      ROSTER_HEADER,
      ['0007', odd('张三'), odd('一组'), '客服', '2020-01-01', '在职'],
      ['0008', '李四', '一组', '客服', '2020-01-01', '在职'],
      ['0009', '王五[1]', '二/组', '客服', '2020-01-01', '在职'],
    ]);
    const entries = await writeCsv(path.join(dir, '记录.csv'), [
      ENTRY_HEADER,
      ['2026-10-05', '0007', 'L01', '', '', '', odd('说明'), odd('主管'), '', ''],
      ['2026-10-06', '0008', 'B06', '', '', '', '建议', '', '', ''],
      ['2026-10-06', '0099', 'ZZZ', '', '', '', '无此人', '', '', ''],
    ]);
    const call = exportRow({
      受理时间: '2026-10-05 08:00',
      工单号: odd('GD1'),
      工号: '0101',
      来电类型: '报修',
      来源: '住户',
      住户姓名: odd('住户'),
      地址: odd('地址'),
      维修站: odd('东城维修站'),
      状态: '已完成',
      维修站无人接听: '否',
      意见: odd('意见'),
      投诉对象: odd('投诉'),
    });
    const calls = await writeCsv(path.join(dir, '呼叫.csv'), [[...EXPORT_HEADERS], call]);
    const o = (n: string) => path.join(dir, n);
    const book = o('m1/月度考核-2026-10.xlsx');
    const runs = [
      ['monthly', '--roster', roster, '--entries', entries, '--month', '2026-10', '--out', o('m1')],
      [
        'monthly',
        '--roster',
        roster,
        '--entries',
        entries,
        '--month',
        '2026-10',
        '--policy',
        'kefu-supervisor',
        '--out',
        o('m2'),
      ],
      ['slips', '--workbook', book, '--month', '2026-10', '--out', o('s1')],
      ['slips', '--roster', roster, '--entries', entries, '--month', '2026-10', '--out', o('s2')],
      ['summary', '--workbook', book, '--out', o('u1')],
      ['summary', '--roster', roster, '--entries', entries, '--month', '2026-10', '--out', o('u2')],
      ['summary', '--workbook', o('m2/月度考核-2026-10.xlsx'), '--out', o('u3')],
      ['period', '--year', '2026', '--workbooks', book, '--out', o('p1')],
      [
        'period',
        '--quarter',
        '2026Q4',
        '--workbooks',
        o('m2/月度考核-2026-10.xlsx'),
        '--policy',
        'kefu-supervisor',
        '--out',
        o('p2'),
      ],
      ['daily', '--calls', calls, '--date', '2026-10-05', '--out', o('d1')],
      ['daily', '--calls', calls, '--month', '2026-10', '--out', o('d2')],
    ];
    for (const args of runs) expect({ args, code: (await cli(args)).code }).toEqual({ args, code: 0 });
    const files = await xlsxFilesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(runs.length);
    expect(await validateAll(files, dir)).toEqual([]);
  });
});
