/**
 * Password-protected slips (issue 16 §4): standard Office encryption that an independent decryptor
 * (Python msoffcrypto-tool) opens with the right password and refuses with a wrong one; no name or 工号
 * in the encrypted bytes; whoever has no usable password gets no slip at all (never an unencrypted one).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { cli, sample } from '../helpers/cli';
import { msoffDecrypt, msoffcryptoTest } from '../helpers/msoffcrypto';
import { cachedDeriveKey, encryptXlsx, generatePassword, libraryDeriveKey } from '../../scripts/slips/encrypt';
import { readPasswordTable } from '../../core/input/passwords';
import { readCsvTable } from '../../scripts/import/csv';

jest.setTimeout(240000);
const withDecryptor = msoffcryptoTest();

const tmpDir = (tag: string) => fs.mkdtemp(path.join(os.tmpdir(), `kaohe-${tag}-`));

async function rosterLines(): Promise<string[]> {
  // The sample roster is saved the way Chinese Excel saves CSV: GB18030.
  return iconv
    .decode(await fs.readFile(sample('员工名单.csv')), 'gb18030')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
}

/** The sample roster with a 密码 column: a password for the given 工号, empty for everyone else. */
async function rosterWithPasswords(dir: string, passwords: Record<string, string>): Promise<string> {
  const [header, ...rows] = await rosterLines();
  const out = [`${header},密码`, ...rows.map((r) => `${r},${passwords[r.split(',')[0]] ?? ''}`)];
  const file = path.join(dir, '员工名单-含密码.csv');
  await fs.writeFile(file, out.join('\n') + '\n');
  return file;
}

async function slipValue(xlsx: string, label: string): Promise<ExcelJS.CellValue> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  let v: ExcelJS.CellValue = null;
  wb.worksheets[0].eachRow((row) =>
    row.eachCell((c, col) => {
      if (c.value === label) v = row.getCell(col + 1).value;
    }),
  );
  return v;
}

/** Every 工号 and 姓名 of the roster, as UTF-8 and UTF-16LE bytes, that occurs in `bytes`. */
async function namesIn(bytes: Buffer): Promise<string[]> {
  const [, ...rows] = await rosterLines();
  const found: string[] = [];
  for (const r of rows) {
    const [id, name] = r.split(',');
    for (const t of [id, name]) {
      if (bytes.includes(Buffer.from(t, 'utf8')) || bytes.includes(Buffer.from(t, 'utf16le'))) found.push(t);
    }
  }
  return found;
}

describe('key derivation', () => {
  test("the spin-once derivation gives the library's keys byte for byte (Chinese password, each block key)", () => {
    const salt = crypto.randomBytes(16);
    for (const block of [
      [0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6],
      [0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79],
    ]) {
      for (const pw of ['考核2026-密码', 'Ab3']) {
        const a = libraryDeriveKey(pw, 'SHA512', salt, 2000, 256, Buffer.from(block));
        const b = cachedDeriveKey(pw, 'SHA512', salt, 2000, 256, Buffer.from(block));
        expect(b.toString('hex')).toBe(a.toString('hex'));
      }
    }
    // A different salt after a cached one must not reuse the cached spins.
    const other = crypto.randomBytes(16);
    expect(cachedDeriveKey('Ab3', 'SHA512', other, 2000, 256, Buffer.alloc(8, 1)).toString('hex')).toBe(
      libraryDeriveKey('Ab3', 'SHA512', other, 2000, 256, Buffer.alloc(8, 1)).toString('hex'),
    );
  });

  test('generated passwords: 10 characters from an alphabet without 0/O/1/l/I, all different', () => {
    const list = Array.from({ length: 200 }, () => generatePassword());
    for (const p of list) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
    expect(new Set(list).size).toBe(200);
  });

  test('an empty password is never used to "encrypt"', () => {
    expect(() => encryptXlsx(Buffer.from('PK'), '')).toThrow();
  });
});

describe('readPasswordTable', () => {
  const table = (
    rows: (string | number | null)[][],
    headers: (string | null)[] = ['工号', '姓名', '入职日期', '密码'],
  ) => ({ file: '员工名单.xlsx', headers, rows, firstRow: 2 });

  test('passwords kept exactly as typed; a number cell is its digits; empty and blank refuse that person with row and column', () => {
    const r = readPasswordTable(
      table([
        ['0007', '甲', '2020-01-01', ' a b '],
        [8, '乙', '2020-01-01', 123456],
        ['0009', '丙', '2020-01-01', '   '],
        ['0010', '丁', '2020-01-01', null],
      ]),
      '密码',
    );
    expect([...r.passwords]).toEqual([
      ['0007', ' a b '],
      ['8', '123456'],
    ]);
    expect(r.refused.get('0009')).toMatchObject({
      file: '员工名单.xlsx',
      row: 4,
      column: '密码',
      code: 'SLIP_PASSWORD_EMPTY',
    });
    expect(r.refused.get('0010')).toMatchObject({ row: 5, code: 'SLIP_PASSWORD_EMPTY' });
    expect(r.refused.get('0010')!.message).toContain('未写出该员工的考核单');
  });

  test('a title line above the header is skipped; rows keep their Excel numbers', () => {
    const r = readPasswordTable(
      table(
        [
          ['工号', '姓名', '密码'],
          ['0007', '甲', ''],
          ['0008', '乙', 'x'],
        ],
        ['2026年10月员工名单', null, null],
      ),
      '密码',
    );
    expect(r.passwords.get('0008')).toBe('x');
    expect(r.refused.get('0007')).toMatchObject({ row: 3 });
  });

  test('the same 工号 twice with different passwords is refused; twice with the same password is fine', () => {
    const r = readPasswordTable(
      table([
        ['0007', '甲', '', 'a'],
        ['0007', '甲', '', 'b'],
        ['0008', '乙', '', 'c'],
        ['0008', '乙', '', 'c'],
      ]),
      '密码',
    );
    expect(r.refused.get('0007')).toMatchObject({ code: 'SLIP_PASSWORD_AMBIGUOUS', row: 3 });
    expect(r.passwords.has('0007')).toBe(false);
    expect(r.passwords.get('0008')).toBe('c');
  });

  test('no 密码 column: fatal, naming the column and --generate-passwords', () => {
    expect(() =>
      readPasswordTable(table([['0007', '甲', '', 'a']], ['工号', '姓名', '入职日期', '备注']), '密码'),
    ).toThrow(/没有「密码」列.*--generate-passwords/);
  });

  test('reads the 密码 column of a real CSV roster', async () => {
    const dir = await tmpDir('pwtable');
    const file = await rosterWithPasswords(dir, { '0580': 'p-0580' });
    const r = readPasswordTable(await readCsvTable(file), '密码');
    expect(r.passwords.get('0580')).toBe('p-0580');
    expect(r.refused.size).toBe(39);
  });
});

describe('kaohe slips --password-column 密码', () => {
  let dir: string;
  let out: string;
  let run: Awaited<ReturnType<typeof cli>>;
  const passwords = { '0580': '彭-Pass-0580', '0075': 'li75!x', '0314': '0314wang' };

  beforeAll(async () => {
    dir = await tmpDir('slip-pw');
    out = path.join(dir, '个人考核单');
    const roster = await rosterWithPasswords(dir, passwords);
    run = await cli([
      'slips',
      '--roster',
      roster,
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--adjustments',
      sample('额外奖惩-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      out,
      '--password-column',
      '密码',
    ]);
  });

  test('writes only the slips that have a password; each one with an empty 密码 is refused by name, row and column (exit 1)', async () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('已写出 3 份（已加打开密码）');
    expect(run.stderr).toContain('有 37 名员工没有可用的密码');
    expect(run.stderr).not.toContain('0314 王丽娜');
    expect(run.stderr).toMatch(/员工名单-含密码\.csv 第4行「密码」列：\[SLIP_PASSWORD_EMPTY\]/);
    expect((await fs.readdir(out)).sort()).toEqual([
      '个人考核单-2026-10-0075-李晓燕.xlsx',
      '个人考核单-2026-10-0314-王丽娜.xlsx',
      '个人考核单-2026-10-0580-彭浩然.xlsx',
    ]);
  });

  test('each file is an OLE2 container with ECMA-376 agile AES-256 / SHA-512 encryption info, and names nobody', async () => {
    for (const f of await fs.readdir(out)) {
      const bytes = await fs.readFile(path.join(out, f));
      expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
      const info = bytes.toString('latin1');
      expect(info).toContain('cipherAlgorithm="AES"');
      expect(info).toContain('keyBits="256"');
      expect(info).toContain('hashAlgorithm="SHA512"');
      expect(info).toContain('spinCount="100000"');
      expect(bytes.includes(Buffer.from('PK\u0003\u0004', 'latin1'))).toBe(false);
      expect(await namesIn(bytes)).toEqual([]);
    }
  });

  withDecryptor(
    "msoffcrypto opens 彭浩然's slip with her password (总分 20, 绩效浮动 −300) and refuses a wrong one and another person's",
    async () => {
      const file = path.join(out, '个人考核单-2026-10-0580-彭浩然.xlsx');
      const plain = path.join(dir, 'plain.xlsx');
      const ok = await msoffDecrypt(file, passwords['0580'], plain);
      expect(ok).toEqual({ status: 'OK agile', code: 0 });
      expect(await slipValue(plain, '总分')).toBe(20);
      expect(await slipValue(plain, '绩效浮动(元)')).toBe(-300);
      expect(await slipValue(plain, '姓名')).toBe('彭浩然');
      expect(await msoffDecrypt(file, '彭-Pass-0581', path.join(dir, 'x1.xlsx'))).toEqual({
        status: 'WRONG_PASSWORD agile',
        code: 3,
      });
      expect(await msoffDecrypt(file, passwords['0075'], path.join(dir, 'x2.xlsx'))).toEqual({
        status: 'WRONG_PASSWORD agile',
        code: 3,
      });
      expect((await msoffDecrypt(file, '', path.join(dir, 'x3.xlsx'))).code).not.toBe(0);
    },
  );

  test("the library's own decrypt gives back a slip with the same numbers", async () => {
    const officeCrypto = (await import('officecrypto-tool')).default;
    const bytes = await fs.readFile(path.join(out, '个人考核单-2026-10-0075-李晓燕.xlsx'));
    const plain = path.join(dir, 'li.xlsx');
    await fs.writeFile(plain, await officeCrypto.decrypt(bytes, { password: passwords['0075'] }));
    expect(await slipValue(plain, '姓名')).toBe('李晓燕');
    await expect(officeCrypto.decrypt(bytes, { password: 'wrong' })).rejects.toThrow();
  });
});

describe('refusals', () => {
  test('a roster without a 密码 column: exit 2, the column named, not one file written', async () => {
    const dir = await tmpDir('slip-nocol');
    const out = path.join(dir, 'out');
    const r = await cli([
      'slips',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      out,
      '--password-column',
      '密码',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('员工名单.csv 中没有「密码」列');
    expect(r.stderr).toContain('一份考核单也没有写出');
    await expect(fs.readdir(out)).rejects.toThrow();
  });

  test('--password-column and --generate-passwords together are refused', async () => {
    const r = await cli([
      'slips',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      os.tmpdir(),
      '--password-column',
      '密码',
      '--generate-passwords',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('只能选一个');
  });
});

describe('kaohe slips --generate-passwords', () => {
  let dir: string;
  let out: string;
  let run: Awaited<ReturnType<typeof cli>>;
  let roster: string;

  beforeAll(async () => {
    dir = await tmpDir('slip-gen');
    out = path.join(dir, '个人考核单');
    const [header, ...rows] = await rosterLines();
    roster = path.join(dir, '员工名单-3人.csv');
    await fs.writeFile(roster, [header, ...rows.filter((r) => /^(0580|0075|0314),/.test(r))].join('\n') + '\n');
    run = await cli([
      'slips',
      '--roster',
      roster,
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      out,
      '--generate-passwords',
    ]);
  });

  test('three encrypted slips, and 密码表-2026-10.xlsx beside (not inside) the slips folder', async () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已写出 3 份（已加打开密码）');
    expect(run.stdout).toContain(`密码表（仅供人力资源部，勿随考核单发送）：${path.join(dir, '密码表-2026-10.xlsx')}`);
    expect((await fs.readdir(out)).filter((f) => f.includes('密码'))).toEqual([]);
    expect((await fs.readdir(dir)).sort()).toEqual(['个人考核单', '员工名单-3人.csv', '密码表-2026-10.xlsx']);
  });

  withDecryptor("each password in the table opens that person's slip (msoffcrypto) and no other", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '密码表-2026-10.xlsx'));
    const ws = wb.getWorksheet('密码表')!;
    expect(ws.getRow(2).values).toEqual([undefined, '工号', '姓名', '组别', '考核单文件', '密码']);
    const rows: { id: string; name: string; file: string; password: string }[] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const v = ws.getRow(r).values as string[];
      rows.push({ id: v[1], name: v[2], file: v[4], password: v[5] });
    }
    expect(rows.map((r) => r.id).sort()).toEqual(['0075', '0314', '0580']);
    for (const r of rows) {
      const plain = path.join(dir, `plain-${r.id}.xlsx`);
      expect((await msoffDecrypt(path.join(out, r.file), r.password, plain)).status).toBe('OK agile');
      expect(await slipValue(plain, '工号')).toBe(r.id);
      const other = rows.find((o) => o.id !== r.id)!;
      expect((await msoffDecrypt(path.join(out, r.file), other.password, plain + '.x')).code).toBe(3);
    }
  });

  test('a second run without --force refuses (the table exists) and changes nothing', async () => {
    const before = await fs.readFile(path.join(dir, '密码表-2026-10.xlsx'));
    const again = await cli([
      'slips',
      '--roster',
      roster,
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      out,
      '--generate-passwords',
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('输出文件已存在');
    expect((await fs.readFile(path.join(dir, '密码表-2026-10.xlsx'))).equals(before)).toBe(true);
  });

  test('the password table may not be put inside the slips folder', async () => {
    const r = await cli([
      'slips',
      '--roster',
      roster,
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      out,
      '--generate-passwords',
      '--force',
      '--password-table',
      path.join(out, 'pw.xlsx'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('密码表不能放在考核单的输出目录');
  });
});
