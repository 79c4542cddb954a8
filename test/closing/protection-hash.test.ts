/**
 * The 定稿 sheet-protection hash (ISO/IEC 29500 <sheetProtection> hashValue: SHA-512 over salt and the
 * UTF-16LE password, then spinCount rounds with a little-endian counter) is computed by our own small
 * function, so it is pinned against values we did not compute: a published vector (ClosedXML's test of
 * its Excel-compatible hasher) and whatever exceljs writes through its public `protect` for the same
 * password, read back from its file. LibreOffice accepting the right password and refusing a wrong one
 * on a closed workbook is checked in close.test.ts.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { PROTECTION_SPINS, protectionXml, sheetPasswordHash } from '../../scripts/closing/workbook';

/** The <sheetProtection> attributes exceljs writes for `password` (its own random salt). */
async function exceljsProtection(password: string, spinCount: number): Promise<Record<string, string>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  ws.getCell('A1').value = 1;
  await ws.protect(password, { spinCount });
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const el = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagName('sheetProtection')[0];
  const out: Record<string, string> = {};
  for (const name of ['algorithmName', 'hashValue', 'saltValue', 'spinCount']) out[name] = el.getAttribute(name) ?? '';
  return out;
}

describe('sheet-protection password hash', () => {
  test('the published vector: "12345", salt aVvPw1DNH3evPqRAd/y3UQ==, 100,000 spins (ClosedXML HashAlgorithmTests)', () => {
    expect(sheetPasswordHash('12345', 'aVvPw1DNH3evPqRAd/y3UQ==', 100000)).toBe(
      'E+qAhyIg/HM0dUrPaENfimFOZp7wlOkJsf/sdG+AGHOA9grOv7VLb1ik2vuYohljI9G36e0ea9wnixCK0MMuyQ==',
    );
  });

  test.each([
    ['hr-2026', PROTECTION_SPINS],
    ['人事部定稿 2026', 1000],
    ['p😀ss', 7],
    ['x', 0],
  ])('equals what exceljs writes through its public protect(): %s, %d spins', async (password, spins) => {
    const theirs = await exceljsProtection(password, spins);
    expect(theirs.algorithmName).toBe('SHA-512');
    expect(theirs.spinCount).toBe(String(spins));
    expect(sheetPasswordHash(password, theirs.saltValue, spins)).toBe(theirs.hashValue);
  });

  test('protectionXml: SHA-512, 100,000 spins, a fresh 16-byte salt each time, the hash of that salt', () => {
    const attrs = (xml: string) =>
      Object.fromEntries([...xml.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) as Record<string, string>;
    const a = attrs(protectionXml('hr-2026'));
    const b = attrs(protectionXml('hr-2026'));
    expect(a.algorithmName).toBe('SHA-512');
    expect(a.spinCount).toBe('100000');
    expect(Buffer.from(a.saltValue, 'base64')).toHaveLength(16);
    expect(a.saltValue).not.toBe(b.saltValue);
    expect(a.hashValue).toBe(sheetPasswordHash('hr-2026', a.saltValue));
    expect(protectionXml()).toBe('<sheetProtection sheet="1" objects="1" scenarios="1"/>');
  });
});
