/**
 * 定稿 edits the workbook's parts as XML, not as the text our own writer happens to produce: a sheet
 * saved with a namespace prefix (as the Open XML SDK writes, `<x:worksheet>…<x:sheetData>`) is protected
 * like any other, 说明 written that way gets its who/when rows, and the closed file validates against
 * the OOXML schemas.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { EXAMPLES, cli, editSheetXml, tmpDir } from '../workbook/helpers';
import { openXlsx } from '../../scripts/workbook/sheet-reader';
import { schemaTest, validateXlsx } from '../helpers/ooxml';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** The sheet with every unprefixed element put in the main namespace under the prefix x:. */
const prefixed = (xml: string) =>
  xml.replace(/<(\/?)([A-Za-z]\w*)(?=[\s/>])/g, '<$1x:$2').replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`);

schemaTest()(
  'sheets saved with an x: prefix: protected after their sheetData, 说明 gets who/when, the file validates',
  async () => {
    const dir = await tmpDir('close-xml');
    const args = [
      '--roster',
      path.join(EXAMPLES, 'roster.csv'),
      '--entries',
      path.join(EXAMPLES, 'entries-2026-11.csv'),
    ];
    expect((await cli(['monthly', ...args, '--month', '2026-11', '--out', dir])).code).toBe(0);
    const input = path.join(dir, '月度考核-2026-11.xlsx');
    await editSheetXml(input, '员工名单', prefixed);
    await editSheetXml(input, '说明', prefixed);
    const r = await cli(['close', '--workbook', input, '--by', '张敏', '--out', path.join(dir, '定稿')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const closed = path.join(dir, '定稿', '月度考核-2026-11-定稿.xlsx');
    const book = await openXlsx(closed);
    const zip = await JSZip.loadAsync(await fs.readFile(closed));
    for (const sheet of ['员工名单', '说明']) {
      const doc = new DOMParser().parseFromString(await zip.file(book.sheets.get(sheet)!)!.async('string'), 'text/xml');
      const names: string[] = [];
      for (let c = doc.documentElement!.firstChild; c; c = c.nextSibling)
        if (c.nodeType === 1)
          names.push(
            `${(c as unknown as Element).namespaceURI === MAIN ? '' : '?'}${(c as unknown as Element).localName}`,
          );
      expect(names.indexOf('sheetProtection')).toBe(names.indexOf('sheetData') + 1);
      if (sheet === '说明') expect(doc.documentElement!.textContent).toContain('张敏');
    }
    expect(await validateXlsx(closed)).toEqual([]);
  },
  180_000,
);
