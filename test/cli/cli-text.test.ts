/**
 * The CLI speaks Chinese only (issue 13, item 13): no library English, no URLs, help per command,
 * a version, and a negative number of minutes is explained as such.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { cli, expectFatal, tmpDir, writeCsv } from '../helpers/user-files';
import { sample } from '../helpers/cli';
import { helpText } from '../../scripts/cli/args';
import { scoreCommand } from '../../scripts/commands/score';

const ENGLISH_RE = /[A-Za-z]{4,} [A-Za-z]{3,}|https?:\/\//;
/** Library English or a URL, once the CLI's own command lines (npx kaohe score --help) are set aside. */
const ENGLISH = {
  asymmetricMatch: (t: string) => ENGLISH_RE.test(t.replace(/npx kaohe \w+/g, '')),
  toString: () => 'English text',
};

test('an option without its value names the option and what to write, in Chinese', async () => {
  for (const args of [
    ['score', '--month'],
    ['score', '--roster'],
    ['daily', '--calls', 'x.csv', '--date'],
  ]) {
    const r = await cli(args);
    expectFatal(r, new RegExp(`${args[args.length - 1]} 缺少值`));
    expect(r.stderr).not.toEqual(ENGLISH);
  }
  const r = await cli(['score', '--month']);
  expect(r.stderr).toMatch(/YYYY-MM/);
});

test('unknown options and stray words are named in Chinese', async () => {
  const a = await cli(['score', '--mnth', '2026-10']);
  expectFatal(a, /无法识别的参数 --mnth/);
  const b = await cli(['score', 'extra']);
  expectFatal(b, /多余的参数「extra」/);
  for (const r of [a, b]) expect(r.stderr).not.toEqual(ENGLISH);
});

test('monthly/score --workbook x.csv: one Chinese line, no jszip English, no URL', async () => {
  const dir = await tmpDir('cli-text');
  const csv = await writeCsv(path.join(dir, 'x.csv'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  const junk = path.join(dir, 'y.xlsx');
  await fs.writeFile(junk, Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]));
  for (const args of [
    ['monthly', '--workbook', csv, '--month', '2026-10', '--out', path.join(dir, 'o')],
    ['score', '--workbook', csv, '--month', '2026-10'],
    ['score', '--workbook', junk, '--month', '2026-10'],
  ]) {
    const r = await cli(args);
    expectFatal(r, /无法作为 Excel/);
    expect(r.stderr).not.toEqual(ENGLISH);
  }
});

test('one reader of --workbook: every command says the same sentence for a .csv, a folder and a damaged file', async () => {
  const dir = await tmpDir('cli-text-wb');
  const csv = await writeCsv(path.join(dir, 'x.csv'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  const folder = path.join(dir, '文件夹.xlsx');
  await fs.mkdir(folder);
  const out = path.join(dir, 'o');
  const commands = (wb: string) => [
    ['monthly', '--workbook', wb, '--month', '2026-10', '--out', out],
    ['score', '--workbook', wb, '--month', '2026-10'],
    ['slips', '--workbook', wb, '--out', out],
    ['summary', '--workbook', wb, '--out', out],
    ['close', '--workbook', wb, '--by', '人事', '--out', out],
  ];
  const said = async (wb: string) => {
    const lines = new Set<string>();
    for (const args of commands(wb)) {
      const r = await cli(args);
      expect([args[0], r.code]).toEqual([args[0], 2]);
      lines.add(r.stderr.trim());
    }
    return [...lines];
  };
  expect(await said(csv)).toEqual([
    '错误：x.csv：无法作为 Excel 工作簿打开：这里应给 npx kaohe monthly 生成的月度考核工作簿（.xlsx），收到的是「.csv」文件。',
  ]);
  expect(await said(folder)).toEqual([`错误：${folder} 是文件夹，不是文件：请给出文件的路径。`]);
  const junk = path.join(dir, '坏.xlsx');
  await fs.writeFile(junk, Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]));
  expect(await said(junk)).toEqual([expect.stringMatching(/^错误：坏\.xlsx：无法作为 Excel 月度考核工作簿打开，/)]);
});

test('daily --accept-minutes -5 says it must be a positive number of minutes', async () => {
  const calls = sample('呼叫系统导出-2026-10.csv');
  for (const v of ['-5', '0', '-0.5']) {
    for (const name of ['accept-minutes', 'contact-minutes']) {
      const r = await cli(['daily', '--calls', calls, '--date', '2026-10-05', '--json', `--${name}`, v]);
      expectFatal(r, new RegExp(`--${name} 应为正整数分钟数（收到「${v.replace('.', '\\.')}」）`));
    }
  }
  // A negative value is still a value, also for other options: --month -5 is a bad month, not a missing one.
  expectFatal(await cli(['score', '--month', '-5']), /--month 应为 YYYY-MM/);
});

test('kaohe help score prints the help of score; kaohe help alone the overview', async () => {
  const r = await cli(['help', 'score']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(helpText(scoreCommand));
  const all = await cli(['help']);
  expect(all.code).toBe(0);
  expect(all.stdout).toMatch(/命令：/);
  expectFatal(await cli(['help', 'nosuch']), /未知命令「nosuch」/);
});

test('--version (and -v, version) prints the package version', async () => {
  const pkg = JSON.parse(await fs.readFile(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  for (const arg of ['--version', '-v', 'version']) {
    const r = await cli([arg]);
    expect(r).toEqual({ code: 0, stdout: `kaohe ${pkg.version}\n`, stderr: '' });
  }
});
