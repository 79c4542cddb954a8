/**
 * insertDrawing places <drawing> among the worksheet's own children (read on a DOM) whatever the nested
 * content looks like, and withFitToPage puts <pageSetUpPr> where CT_SheetPr wants it.
 */
import { DOMParser } from '@xmldom/xmldom';
import { insertDrawing } from '../../scripts/charts/chart';
import { withFitToPage } from '../../scripts/workbook/sheet-xml';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The worksheet's child elements as namespace-qualified local names, read by a DOM parser. */
function childrenByDom(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const out: string[] = [];
  for (let c = doc.documentElement!.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1)
      out.push(
        `${(c as unknown as { namespaceURI: string }).namespaceURI === MAIN ? '' : '?'}${(c as unknown as { localName: string }).localName}`,
      );
  }
  return out;
}

test('insertDrawing: comments, CDATA, processing instructions and ">" in attribute values do not mislead it', () => {
  const xml = `<?xml version="1.0"?>\n<!-- <extLst> --><worksheet xmlns="${MAIN}" xmlns:r="${REL}" a="x>y" b='&lt;z&amp;'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[</sheetData><extLst>]]></t></is></c></row></sheetData><!-- <extLst/> --><?pi <extLst?><conditionalFormatting sqref="A1"><cfRule type="dataBar" priority="1"><extLst><ext uri="u"/></extLst></cfRule></conditionalFormatting><pageMargins left="1" right="1" top="1" bottom="1" header="1" footer="1"/><extLst/></worksheet>`;
  const out = insertDrawing(xml, 'rId3');
  expect(childrenByDom(out)).toEqual(['sheetData', 'conditionalFormatting', 'pageMargins', 'drawing', 'extLst']);
  const ws = new DOMParser().parseFromString(out, 'text/xml').documentElement!;
  expect(ws.getAttribute('a')).toBe('x>y');
  expect(ws.getAttribute('b')).toBe('<z&');
  expect(ws.getElementsByTagNameNS(MAIN, 't')[0].textContent).toBe('</sheetData><extLst>');
  expect(() => insertDrawing('<worksheet><sheetData></worksheet>', 'rId1')).toThrow(/malformed XML/);
});

test("insertDrawing: before the worksheet's extLst, not the one inside a data bar's cfRule", () => {
  const cf = `<conditionalFormatting sqref="B1:B2"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"/></extLst></cfRule></conditionalFormatting>`;
  const xml = `<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData/>${cf}<pageMargins left="1" right="1" top="1" bottom="1" header="1" footer="1"/><extLst><ext uri="x"/></extLst></worksheet>`;
  const out = insertDrawing(xml, 'rId9');
  expect(childrenByDom(out)).toEqual(['sheetData', 'conditionalFormatting', 'pageMargins', 'drawing', 'extLst']);
  expect(out).toContain(
    `${cf}<pageMargins left="1" right="1" top="1" bottom="1" header="1" footer="1"/><drawing r:id="rId9"/><extLst>`,
  );
});

test('insertDrawing: before tableParts; at the end when nothing follows; prefixed root and unbound r handled', () => {
  const withTable = `<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
  expect(childrenByDom(insertDrawing(withTable, 'rId2'))).toEqual(['sheetData', 'drawing', 'tableParts']);
  const plain = `<x:worksheet xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:sheetData/></x:worksheet>`;
  expect(insertDrawing(plain, 'rId1')).toBe(
    `<x:worksheet xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:sheetData/><x:drawing rel:id="rId1"/></x:worksheet>`,
  );
  const unbound = `<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
  const out = insertDrawing(unbound, 'rId1');
  const drawing = new DOMParser().parseFromString(out, 'text/xml').getElementsByTagNameNS(MAIN, 'drawing')[0];
  expect(drawing.getAttributeNS(REL, 'id')).toBe('rId1');
});

test("withFitToPage: pageSetUpPr after tabColor and outlinePr, added to an existing one, the template's own setting kept", () => {
  expect(withFitToPage('')).toBe('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
  expect(withFitToPage('<sheetPr filterMode="1"/>')).toBe(
    '<sheetPr filterMode="1"><pageSetUpPr fitToPage="1"/></sheetPr>',
  );
  expect(withFitToPage('<sheetPr><tabColor rgb="FFFF0000"/></sheetPr>')).toBe(
    '<sheetPr><tabColor rgb="FFFF0000"/><pageSetUpPr fitToPage="1"/></sheetPr>',
  );
  expect(withFitToPage('<sheetPr codeName="S"><tabColor theme="5"/><outlinePr summaryBelow="0"/></sheetPr>')).toBe(
    '<sheetPr codeName="S"><tabColor theme="5"/><outlinePr summaryBelow="0"/><pageSetUpPr fitToPage="1"/></sheetPr>',
  );
  expect(withFitToPage('<sheetPr><tabColor rgb="FF000000"/><pageSetUpPr autoPageBreaks="0"/></sheetPr>')).toBe(
    '<sheetPr><tabColor rgb="FF000000"/><pageSetUpPr autoPageBreaks="0" fitToPage="1"/></sheetPr>',
  );
  expect(withFitToPage('<sheetPr><pageSetUpPr fitToPage="0"/></sheetPr>')).toBe(
    '<sheetPr><pageSetUpPr fitToPage="0"/></sheetPr>',
  );
  expect(withFitToPage('<sheetPr></sheetPr>')).toBe('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
});
