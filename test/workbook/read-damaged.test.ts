/**
 * A damaged workbook given to `score --workbook` is one Chinese sentence with a stable code, never a
 * crash or a stack trace: sheet data whose compressed bytes were damaged (a copy cut short or changed on
 * a USB stick), and a workbook.xml that is not well-formed XML.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { SHEET } from '../../core/workbook/sheets';
import { openXlsx } from '../../scripts/workbook/sheet-reader';
import { readMonthlyWorkbook } from '../../scripts/workbook/read';
import { cli, tmpDir } from './helpers';
import { exampleWorkbook } from '../helpers/sample-month';

jest.setTimeout(120000);

/** The file with bytes in the middle of `part`'s compressed data overwritten. */
async function damagePart(file: string, part: string, out: string): Promise<void> {
  const buf = await fs.readFile(file);
  const name = Buffer.from(part);
  // the local file header: signature, …, name length at 26, extra length at 28, name at 30
  for (let at = buf.indexOf(Buffer.from('PK\x03\x04')); at >= 0; at = buf.indexOf(Buffer.from('PK\x03\x04'), at + 4)) {
    const nameLen = buf.readUInt16LE(at + 26);
    if (!buf.subarray(at + 30, at + 30 + nameLen).equals(name)) continue;
    const start = at + 30 + nameLen + buf.readUInt16LE(at + 28);
    const size = buf.readUInt32LE(at + 18);
    buf.fill(0xff, start + Math.floor(size / 3), start + Math.floor(size / 3) + 64);
    await fs.writeFile(out, buf);
    return;
  }
  throw new Error(`${part} not found`);
}

describe('damaged workbooks read as one sentence', () => {
  let file: string;
  let dir: string;
  beforeAll(async () => {
    dir = await tmpDir('read-damaged');
    file = await exampleWorkbook(dir);
  });

  test('考核记录 with damaged compressed data: one sentence (已损坏), a failing exit, no stack', async () => {
    const part = (await openXlsx(file)).sheets.get(SHEET.entries)!;
    const bad = path.join(dir, '坏-数据.xlsx');
    await damagePart(file, part, bad);
    await expect(readMonthlyWorkbook(bad)).rejects.toMatchObject({ message: expect.stringMatching(/已损坏/) });
    const r = await cli(['score', '--workbook', bad, '--month', '2026-11']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/坏-数据\.xlsx.*已损坏/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+|Error:/);
  });

  test('a workbook.xml that is not well-formed: WORKBOOK_UNREADABLE, no stack', async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const wb = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', wb.slice(0, Math.floor(wb.length / 2)));
    const bad = path.join(dir, '坏-目录.xlsx');
    await fs.writeFile(bad, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    await expect(readMonthlyWorkbook(bad)).rejects.toMatchObject({ code: 'WORKBOOK_UNREADABLE' });
    const r = await cli(['score', '--workbook', bad, '--month', '2026-11']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/坏-目录\.xlsx/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+|Error:/);
  });
});
