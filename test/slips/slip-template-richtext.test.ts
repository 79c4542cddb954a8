/**
 * A slip template saved by LibreOffice or WPS where fonts differ between CJK and Latin characters holds
 * its placeholder cells as rich text ("{" in one font, "明细" in another…). The placeholders are filled
 * all the same, and the template's text is still checked for names of other people.
 */
import { promises as fs } from 'fs';
import { SAMPLE_ARGS } from '../helpers/sample-month';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { cli, sample, ROOT } from '../helpers/cli';
import { tmpDir } from '../helpers/user-files';

/** The bundled slip template with every text cell split into runs by script, as LibreOffice writes it. */
async function richTextTemplate(out: string, extra?: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(ROOT, 'templates', '个人考核单模板.xlsx'));
  const ws = wb.worksheets[0];
  let split = 0;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value !== 'string' || !cell.value.includes('{')) return;
      const runs = cell.value.match(/[\u2e80-\u9fff]+|[^\u2e80-\u9fff]+/g)!;
      cell.value = {
        richText: runs.map((text) => ({
          text,
          font: { name: /[\u2e80-\u9fff]/.test(text) ? 'Noto Sans CJK SC' : '宋体', size: 10.5 },
        })),
      };
      split++;
    }),
  );
  expect(split).toBeGreaterThan(10);
  if (extra) ws.getCell('H1').value = { richText: [{ text: extra, font: { name: '宋体' } }] };
  await wb.xlsx.writeFile(out);
  return out;
}

async function cellTexts(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.worksheets[0].eachRow((row) => row.eachCell((cell) => void out.push(cell.text)));
  return out;
}

test('placeholders held as rich text are filled: month, name, score and every detail line', async () => {
  const dir = await tmpDir('slip-richtext');
  const template = await richTextTemplate(path.join(dir, '模板.xlsx'));
  const out = path.join(dir, 'out');
  const r = await cli(['slips', ...SAMPLE_ARGS, '--template', template, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const plain = path.join(dir, 'plain');
  expect((await cli(['slips', ...SAMPLE_ARGS, '--out', plain])).code).toBe(0);
  const files = (await fs.readdir(out)).filter((f) => f.endsWith('.xlsx')).sort();
  expect(files).toEqual((await fs.readdir(plain)).filter((f) => f.endsWith('.xlsx')).sort());
  for (const f of files.slice(0, 5)) {
    const texts = await cellTexts(path.join(out, f));
    expect(texts.filter((t) => /\{[^{}]+\}/.test(t))).toEqual([]);
    expect(texts).toEqual(await cellTexts(path.join(plain, f)));
  }
});

test('a name of an employee typed into the template as rich text is refused like a plain one', async () => {
  const dir = await tmpDir('slip-richtext-name');
  const template = await richTextTemplate(path.join(dir, '模板.xlsx'), '王丽娜');
  const plainName = path.join(dir, '模板-纯文本.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(ROOT, 'templates', '个人考核单模板.xlsx'));
  wb.worksheets[0].getCell('H1').value = '王丽娜';
  await wb.xlsx.writeFile(plainName);
  const args = (t: string, o: string) => [
    'slips',
    '--roster',
    sample('员工名单.csv'),
    '--entries',
    sample('考核记录-2026-10.csv'),
    '--month',
    '2026-10',
    '--template',
    t,
    '--out',
    path.join(dir, o),
  ];
  const plain = await cli(args(plainName, 'a'));
  const rich = await cli(args(template, 'b'));
  expect(plain.code).toBe(2);
  expect({ code: rich.code, stderr: rich.stderr }).toEqual({
    code: plain.code,
    stderr: plain.stderr.replace(plainName, template),
  });
});
