/**
 * 定稿 (issue 16 §1–2): kaohe close writes a protected, fingerprinted copy (the input untouched); a
 * later read verifies it and names every counted cell changed after closing (sheet, row, column,
 * before → after). Checked also after LibreOffice (another engine) recalculates and re-saves the file.
 */
import { promises as fs } from 'fs';
import * as crypto from 'crypto';
import * as path from 'path';
import JSZip from 'jszip';
import { execFile } from 'child_process';
import * as os from 'os';
import { sha256Hex, utf8 } from '../../core/closing/sha256';
import {
  ClosingSnapshot,
  canonicalCell,
  describeChange,
  diffSnapshots,
  fingerprint,
} from '../../core/closing/fingerprint';
import { convertWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { cli, editSheetXml, tmpDir, SAMPLES } from '../workbook/helpers';

jest.setTimeout(240000);

const lo = testWith(['soffice'], '定稿文件经 LibreOffice 保存后的核对');

/**
 * Opens `file` in LibreOffice over UNO (its own profile and port; the soffice started here is ended by
 * its process id) and tries to unprotect 考核记录 with a wrong and then the right password.
 */
const UNPROTECT = `
import sys, subprocess, time, uno, os
from com.sun.star.beans import PropertyValue
f, good, bad, port, profile = sys.argv[1:6]
p = subprocess.Popen(['soffice', '--headless', '--norestore', '--nologo', '-env:UserInstallation=file://' + profile, '--accept=socket,host=127.0.0.1,port=%s;urp;' % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    ctx = None
    for i in range(120):
        try:
            ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=%s;urp;StarOffice.ComponentContext' % port); break
        except Exception:
            time.sleep(1)
    desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
    hidden = PropertyValue(); hidden.Name = 'Hidden'; hidden.Value = True
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(f)), '_blank', 0, (hidden,))
    sheet = doc.Sheets.getByName('考核记录')
    out = ['protected=%s' % sheet.isProtected()]
    try:
        sheet.unprotect(bad); out.append('wrong-unprotected=%s' % (not sheet.isProtected()))
    except Exception:
        out.append('wrong-refused')
    try:
        sheet.unprotect(good); out.append('right-unprotected=%s' % (not sheet.isProtected()))
    except Exception as e:
        out.append('right-refused')
    print(' '.join(out))
    doc.close(True)
finally:
    p.terminate()
`;
import { monthInputs } from '../../scripts/demo';

function unprotectWithLibreOffice(file: string, good: string, bad: string): Promise<string> {
  const port = String(20000 + Math.floor(Math.random() * 9000));
  const profile = path.join(os.tmpdir(), `kaohe-uno-${process.pid}-${port}`);
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/python3',
      ['-c', UNPROTECT, file, good, bad, port, profile],
      { timeout: 180000, env: { ...process.env, HOME: os.tmpdir() } },
      (err, stdout, stderr) => resolve((stdout || stderr || String(err)).trim()),
    );
  });
}

describe('SHA-256 in core', () => {
  test('FIPS 180-4 vectors', () => {
    expect(sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(utf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  test("equals Node's crypto on every length around the block boundaries and on big inputs", () => {
    for (const n of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70000]) {
      const b = crypto.randomBytes(n);
      expect(sha256Hex(b)).toBe(crypto.createHash('sha256').update(b).digest('hex'));
    }
    const text = '考核记录 第5行 L01 → S01 彭浩然';
    expect(sha256Hex(utf8(text))).toBe(crypto.createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('snapshot diff', () => {
  const snap = (rows: [number, string[]][]): ClosingSnapshot => ({
    format: 1,
    sheets: [{ sheet: '考核记录', labels: ['A（日期）', 'B（工号）', 'C（项目代码）'], rows }],
  });

  test('a changed code, an added row and a removed row are each named with before → after', () => {
    const before = snap([
      [2, ['2026-10-05', '0580', 'L01']],
      [3, ['2026-10-06', '0075', 'B03']],
    ]);
    const after = snap([
      [2, ['2026-10-05', '0580', 'S01']],
      [4, ['2026-10-07', '0314', 'L02']],
    ]);
    const changes = diffSnapshots(before, after);
    expect(changes).toEqual([
      { sheet: '考核记录', row: 2, column: 'C（项目代码）', before: 'L01', after: 'S01' },
      { sheet: '考核记录', row: 3, column: 'A（日期）', before: '2026-10-06', after: '' },
      { sheet: '考核记录', row: 3, column: 'B（工号）', before: '0075', after: '' },
      { sheet: '考核记录', row: 3, column: 'C（项目代码）', before: 'B03', after: '' },
      { sheet: '考核记录', row: 4, column: 'A（日期）', before: '', after: '2026-10-07' },
      { sheet: '考核记录', row: 4, column: 'B（工号）', before: '', after: '0314' },
      { sheet: '考核记录', row: 4, column: 'C（项目代码）', before: '', after: 'L02' },
    ]);
    expect(describeChange(changes[0])).toBe('「考核记录」第2行 C（项目代码）：L01 → S01');
    expect(describeChange(changes[1])).toBe('「考核记录」第3行 A（日期）：2026-10-06 → （空）');
    expect(fingerprint(before)).not.toBe(fingerprint(after));
    expect(fingerprint(before)).toBe(
      fingerprint(
        snap([
          [2, ['2026-10-05', '0580', 'L01']],
          [3, ['2026-10-06', '0075', 'B03']],
        ]),
      ),
    );
  });

  test('canonical values: float noise of another engine is not a change; text is kept as typed', () => {
    expect(canonicalCell(80.00000000001)).toBe('80');
    expect(canonicalCell(90.5)).toBe('90.5');
    expect(canonicalCell(' 0580')).toBe(' 0580');
    expect(canonicalCell(true)).toBe('TRUE');
    expect(canonicalCell(null)).toBe('');
  });
});

const sha = async (file: string) =>
  crypto
    .createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');

async function sampleWorkbook(dir: string): Promise<string> {
  const r = await cli(['monthly', ...monthInputs(SAMPLES, '2026-10'), '--month', '2026-10', '--out', dir]);
  expect(r.code).toBe(0);
  return path.join(dir, '月度考核-2026-10.xlsx');
}

/** The first 考核记录 row whose 项目代码 is `code` (Excel row number). */
async function entryRowWith(file: string, code: string): Promise<number> {
  const rows = await readSheetRows(await openXlsx(file), '考核记录', 3);
  for (const [r, c] of rows) if (c[2] === code) return r;
  throw new Error(`no ${code}`);
}

describe('kaohe close', () => {
  let dir: string;
  let input: string;
  let closed: string;
  let inputHash: string;
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = await tmpDir('close');
    input = await sampleWorkbook(dir);
    inputHash = await sha(input);
    run = await cli([
      'close',
      '--workbook',
      input,
      '--by',
      '张敏',
      '--out',
      path.join(dir, '定稿'),
      '--password',
      'hr-2026',
    ]);
    closed = path.join(dir, '定稿', '月度考核-2026-10-定稿.xlsx');
  });

  test('writes …-定稿.xlsx, prints who/when/fingerprint; the input is byte for byte unchanged', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /已定稿：.*月度考核-2026-10-定稿\.xlsx\n定稿人 张敏，时间 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间），指纹 SHA-256 [0-9a-f]{64}/,
    );
    expect(await sha(input)).toBe(inputHash);
  });

  test('every sheet protected with a SHA-512 password hash; 定稿记录 visible, 定稿数据 very hidden; 说明 says who and when', async () => {
    const zip = await JSZip.loadAsync(await fs.readFile(closed));
    const book = await openXlsx(closed);
    expect([...book.sheets.keys()]).toEqual([
      '说明',
      '月度汇总',
      '考核记录',
      '额外奖惩',
      '员工名单',
      '考核项目',
      '问题数据',
      '定稿记录',
      '定稿数据',
    ]);
    for (const [, part] of book.sheets) {
      const xml = await zip.file(part)!.async('string');
      expect(xml).toMatch(
        /<sheetProtection algorithmName="SHA-512" hashValue="[A-Za-z0-9+/=]{88}" saltValue="[A-Za-z0-9+/=]{24}" spinCount="100000" sheet="1"/,
      );
      // Schema order: sheetProtection right after sheetData (or sheetCalcPr).
      expect(xml).toMatch(/<\/sheetData>(<sheetCalcPr[^>]*\/>)?<sheetProtection /);
    }
    const wb = await zip.file('xl/workbook.xml')!.async('string');
    expect(wb).toMatch(/<sheet name="定稿数据" sheetId="\d+" state="veryHidden"/);
    const record = await readSheetRows(book, '定稿记录', 5);
    expect(record.get(1)).toEqual(['版本', '定稿人', '定稿时间', '指纹(SHA-256)', '说明']);
    expect(record.get(2)).toEqual([
      1,
      '张敏',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
      '2026-10 月度考核定稿',
    ]);
    const readme = [...(await readSheetRows(book, '说明', 2)).values()].map((c) => c.join(' ')).join('\n');
    expect(readme).toContain(
      `已定稿（第1版）：定稿人 张敏，时间 ${record.get(2)![2]}（北京时间），指纹 SHA-256 ${record.get(2)![3]}`,
    );
  });

  test('a 定稿人 with a character XML does not allow (U+FFFF, U+0001) still gives well-formed parts', async () => {
    const out = path.join(dir, '定稿-bad-char');
    const r = await cli(['close', '--workbook', input, '--by', '张\uFFFF\u0001敏', '--out', out]);
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(await fs.readFile(path.join(out, '月度考核-2026-10-定稿.xlsx')));
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
      const xml = await zip.file(name)!.async('string');
      expect(['\uFFFE', '\uFFFF', '\u0001'].filter((c) => xml.includes(c))).toEqual([]);
    }
  });

  test('score --workbook on the closed file: same results as the input, and --json carries closed {by, at, intact: true, changes: []}', async () => {
    const a = await cli(['score', '--workbook', input, '--month', '2026-10', '--json']);
    const b = await cli(['score', '--workbook', closed, '--month', '2026-10', '--json']);
    expect(b.code).toBe(0);
    const before = JSON.parse(a.stdout);
    const after = JSON.parse(b.stdout);
    expect(after.employees).toEqual(before.employees);
    expect(before.closed).toBeUndefined();
    expect(after.closed).toMatchObject({ by: '张敏', version: 1, intact: true, changes: [] });
    expect(after.closed.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(b.stderr).toContain('核对无误');
  });

  test('period --json on the closed workbook carries closed for it; summary says 核对无误', async () => {
    const p = await cli([
      'period',
      '--quarter',
      '2026Q4',
      '--workbooks',
      closed,
      '--out',
      path.join(dir, 'period'),
      '--json',
    ]);
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout).closed).toEqual([
      expect.objectContaining({ file: '月度考核-2026-10-定稿.xlsx', by: '张敏', intact: true, changes: [] }),
    ]);
    const s = await cli(['summary', '--workbook', closed, '--out', path.join(dir, 'summary')]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('核对无误');
  });

  test('closing a closed workbook again is refused', async () => {
    const r = await cli(['close', '--workbook', closed, '--by', '张敏', '--out', path.join(dir, 'again')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不能再次定稿');
  });

  test('an entry changed after closing (L01 → S01): score names sheet, row, column, before → after (exit 1); slips refuse; summary warns', async () => {
    const row = await entryRowWith(closed, 'L01');
    const edited = path.join(dir, '改过.xlsx');
    // As someone who unprotected the sheet would: the 项目代码 cell of that row now says S01.
    await editSheetXml(
      closed,
      '考核记录',
      (xml) => {
        const re = new RegExp(`(<c r="C${row}"[^>]*?)(?: t="\\w+")?>(?:<v>[^<]*</v>|<is>.*?</is>)</c>`);
        return xml.replace(re, `$1 t="inlineStr"><is><t>S01</t></is></c>`);
      },
      edited,
    );
    const r = await cli(['score', '--workbook', edited, '--month', '2026-10', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.closed.intact).toBe(false);
    expect(doc.closed.changes).toContainEqual({
      sheet: '考核记录',
      row,
      column: 'C（项目代码）',
      before: 'L01',
      after: 'S01',
    });
    expect(r.stderr).toContain(`「考核记录」第${row}行 C（项目代码）：L01 → S01`);
    expect(r.stderr).toContain('定稿后计入的数据被改动了');
    const text = await cli(['score', '--workbook', edited, '--month', '2026-10']);
    expect(text.code).toBe(1);
    const slipsOut = path.join(dir, 'slips');
    const s = await cli(['slips', '--workbook', edited, '--out', slipsOut]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('L01 → S01');
    expect(s.stderr).toContain('未生成任何文件');
    await expect(fs.readdir(slipsOut)).rejects.toThrow();
    const sum = await cli(['summary', '--workbook', edited, '--out', path.join(dir, 'sum')]);
    expect(sum.code).toBe(1);
    expect(sum.stderr).toContain('L01 → S01');
  });

  test('the stored closing data edited to match the change is found too (its fingerprint no longer matches)', async () => {
    const edited = path.join(dir, '改过定稿数据.xlsx');
    await editSheetXml(closed, '定稿数据', (xml) => xml.replace('&quot;L01&quot;', '&quot;S01&quot;'), edited);
    const r = await cli(['score', '--workbook', edited, '--month', '2026-10', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).closed.intact).toBe(false);
    expect(r.stderr).toContain('定稿时保存的数据被改动过');
  });

  lo(
    'LibreOffice (an independent reader of the protection hash) refuses a wrong password and unprotects with the right one',
    async () => {
      expect(await unprotectWithLibreOffice(closed, 'hr-2026', 'hr-2025')).toBe(
        'protected=True wrong-refused right-unprotected=True',
      );
    },
  );

  lo('after LibreOffice recalculates and re-saves the closed file, nothing counted changed: still intact', async () => {
    const out = await convertWithLibreOffice(closed, 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'lo'));
    const r = await cli(['score', '--workbook', out, '--month', '2026-10', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).closed).toMatchObject({ intact: true, changes: [] });
    // LibreOffice kept the protection.
    const zip = await JSZip.loadAsync(await fs.readFile(out));
    const part = (await openXlsx(out)).sheets.get('考核记录')!;
    expect(await zip.file(part)!.async('string')).toContain('<sheetProtection');
  });
});
