import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { addCharts, chartXml } from '../../scripts/charts/chart';

async function twoSheetBook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('甲 表');
  a.addRow(['组别', '平均分']);
  a.addRow(['一组', 80.5]);
  a.addRow(['二组', 71]);
  a.getCell('C1').value = { text: '链接', hyperlink: 'https://example.com/' };
  const b = wb.addWorksheet("O'Neil");
  b.addRow(['月份', '人数']);
  b.addRow(['2026-09', 3]);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const wellFormed = (xml: string) => {
  const errors: string[] = [];
  new DOMParser({
    onError: (level: string, msg: string) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(xml, 'text/xml');
  return errors;
};

describe('native chart helper', () => {
  test('bar chart with data labels and a line series on a secondary axis: cached values and ranges in the XML', () => {
    const xml = chartXml({
      sheet: 'S',
      title: '标题 <&>',
      anchor: { fromCol: 0, fromRow: 0, toCol: 5, toRow: 10 },
      categories: { ref: "'S'!$A$2:$A$3", values: ['一组', '二组'] },
      series: [
        { name: '平均分', type: 'bar', ref: "'S'!$B$2:$B$3", values: [80.5, 71], dataLabels: true },
        { name: '占比', type: 'line', secondary: true, ref: "'S'!$C$2:$C$3", values: [0.5, null], numFmt: '0%' },
      ],
    });
    expect(wellFormed(xml)).toEqual([]);
    expect(xml).toContain('标题 &lt;&amp;&gt;');
    expect(xml).toContain('<c:showVal val="1"/>');
    expect(xml).toContain('<c:pt idx="0"><c:v>80.5</c:v></c:pt>');
    expect(xml).toContain('<c:ptCount val="2"/><c:pt idx="0"><c:v>0.5</c:v></c:pt></c:numCache>'); // the empty cell is a gap
    expect(xml.match(/<c:valAx>/g)).toHaveLength(2);
    // Series without dataLabels carry none (the daily report's charts are unchanged).
    expect(xml.match(/<c:dLbls>/g)).toHaveLength(1);
  });

  test('charts on two sheets (one with a hyperlink, one with a quote in its name) survive and the workbook still opens', async () => {
    const out = await addCharts(await twoSheetBook(), [
      {
        sheet: '甲 表',
        title: 'A',
        anchor: { fromCol: 3, fromRow: 0, toCol: 9, toRow: 12 },
        categories: { ref: "'甲 表'!$A$2:$A$3", values: ['一组', '二组'] },
        series: [{ name: '平均分', type: 'bar', ref: "'甲 表'!$B$2:$B$3", values: [80.5, 71] }],
      },
      {
        sheet: "O'Neil",
        title: 'B',
        anchor: { fromCol: 3, fromRow: 0, toCol: 9, toRow: 12 },
        categories: { ref: "'O''Neil'!$A$2:$A$2", values: ['2026-09'] },
        series: [{ name: '人数', type: 'line', ref: "'O''Neil'!$B$2:$B$2", values: [3] }],
      },
    ]);
    const zip = await JSZip.loadAsync(out);
    expect(
      Object.keys(zip.files)
        .filter((f) => f.startsWith('xl/charts/') && !zip.files[f].dir)
        .sort(),
    ).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml']);
    const rels1 = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string');
    expect(rels1).toContain('https://example.com/'); // the hyperlink relationship is kept
    expect(rels1).toContain('relationships/drawing');
    for (const f of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n)))
      expect(wellFormed(await zip.file(f)!.async('string'))).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('甲 表')!.getCell('B2').value).toBe(80.5);
    expect(wb.getWorksheet('甲 表')!.getCell('C1').value).toMatchObject({ hyperlink: 'https://example.com/' });
  });

  test('an unknown sheet is an error, not a silently missing chart', async () => {
    await expect(
      addCharts(await twoSheetBook(), [
        {
          sheet: '没有',
          title: 'x',
          anchor: { fromCol: 0, fromRow: 0, toCol: 1, toRow: 1 },
          categories: { ref: 'A1', values: [] },
          series: [],
        },
      ]),
    ).rejects.toThrow('no sheet named');
  });
});
