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
