/**
 * A template saved by another tool is read and edited as XML, not as the text one particular tool writes:
 * styles.xml without <cellStyles> and <dxfs> (both optional in CT_Stylesheet), a workbook.xml laid out
 * with line breaks and indentation, and a header whose shared string carries a phonetic guide (<rPh>, as
 * Excel writes for East Asian input). The workbook written from it has the same cell styles as the one
 * written from the bundled template, its conditional formats point at differential formats that exist,
 * and every part validates against the OOXML schemas.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { cli, tmpDir } from './helpers';
import { EXAMPLE_ARGS } from '../helpers/sample-month';
import { DEFAULT_MONTHLY_TEMPLATE } from '../../scripts/workbook/monthly';
import { schemaTest, validateXlsx } from '../helpers/ooxml';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

async function editParts(file: string, edits: Record<string, (xml: string) => string>): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  for (const [part, edit] of Object.entries(edits)) {
    const before = await zip.file(part)!.async('string');
    const after = edit(before);
    expect(after).not.toBe(before); // the edit found what it edits
    zip.file(part, after);
  }
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');

/** Every cell's style, by sheet part and cell address; every cfRule's dxfId; the dxfs count. */
async function stylesOf(file: string) {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const cells: Record<string, string> = {};
  const dxfIds: number[] = [];
  for (const part of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const doc = parse(await zip.file(part)!.async('string'));
    for (const c of Array.from(doc.getElementsByTagNameNS(MAIN, 'c')))
      cells[`${part}!${c.getAttribute('r')}`] = c.getAttribute('s') ?? '';
    for (const r of Array.from(doc.getElementsByTagNameNS(MAIN, 'cfRule')))
      dxfIds.push(Number(r.getAttribute('dxfId')));
  }
  const styles = parse(await zip.file('xl/styles.xml')!.async('string'));
  const dxfs = styles.getElementsByTagNameNS(MAIN, 'dxfs')[0];
  const dxfCount = dxfs ? dxfs.getElementsByTagNameNS(MAIN, 'dxf').length : 0;
  return { cells, dxfIds, dxfCount };
}

schemaTest()(
  'a template without cellStyles/dxfs, laid out with line breaks, with a phonetic guide on a header: same styles, valid file',
  async () => {
    const dir = await tmpDir('tmpl-xml');
    const template = path.join(dir, 'template.xlsx');
    await fs.copyFile(DEFAULT_MONTHLY_TEMPLATE(), template);
    await editParts(template, {
      'xl/styles.xml': (xml) =>
        xml.replace(/<cellStyles\b[\s\S]*?<\/cellStyles>/, '').replace(/<dxfs count="0"\/>/, ''),
      'xl/workbook.xml': (xml) => xml.replace(/></g, '>\n  <'),
      'xl/sharedStrings.xml': (xml) =>
        xml.replace(
          '<si><t>工号</t></si>',
          '<si><t>工号</t><rPh sb="0" eb="2"><t>ゴウ</t></rPh><phoneticPr fontId="0"/></si>',
        ),
    });
    const args = ['monthly', ...EXAMPLE_ARGS];
    await fs.mkdir(path.join(dir, 'plain'));
    await fs.mkdir(path.join(dir, 'edited'));
    expect((await cli([...args, '--out', path.join(dir, 'plain')])).code).toBe(0);
    expect((await cli([...args, '--template', template, '--out', path.join(dir, 'edited')])).code).toBe(0);
    const plain = await stylesOf(path.join(dir, 'plain', '月度考核-2026-11.xlsx'));
    const edited = await stylesOf(path.join(dir, 'edited', '月度考核-2026-11.xlsx'));
    expect(edited.dxfIds.length).toBeGreaterThan(0);
    expect(Math.max(...edited.dxfIds)).toBeLessThan(edited.dxfCount);
    expect(edited.dxfCount).toBe(plain.dxfCount);
    expect(edited.cells).toEqual(plain.cells);
    expect(await validateXlsx(path.join(dir, 'edited', '月度考核-2026-11.xlsx'))).toEqual([]);
  },
  120_000,
);
