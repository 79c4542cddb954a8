/**
 * The CLI's last lines of defence: an operating-system error on a user's path is one Chinese line
 * (exit 2), and a command whose promise never settles (a library stuck on a damaged file) does not
 * let the process end with exit code 0 as if it had succeeded.
 */
import { commands } from '../../scripts/cli/commands';
import type { CommandSpec } from '../../scripts/cli/args';
import { fileSystemMessage, main } from '../../scripts/cli/main';
import { cli, expectFatal } from '../helpers/user-files';

test('a command that never settles: the process is told to fail, not to exit 0', async () => {
  const hang: CommandSpec = {
    name: 'qa-hang',
    summary: '',
    usage: '',
    options: {},
    examples: [],
    run: () => new Promise<number>(() => undefined),
  };
  commands.push(hang);
  let err = '';
  const before = process.exitCode;
  try {
    void main(['qa-hang'], { out: () => undefined, err: (t) => (err += t), isTTY: false });
    await new Promise((r) => setImmediate(r));
    process.emit('beforeExit', 0); // what Node does when nothing is left to run
    expect(process.exitCode).toBe(3);
    expect(err).toMatch(/^内部错误：命令没有完成就停止了/);
  } finally {
    process.exitCode = before;
    commands.splice(commands.indexOf(hang), 1);
  }
  // A command that finishes removes its guard: nothing is said at exit.
  err = '';
  const r = await cli(['score', '--help']);
  expect(r.code).toBe(0);
  expect(process.listenerCount('beforeExit')).toBe(0);
});

test('operating-system errors are explained in Chinese', () => {
  const sys = (code: string, p: string) => Object.assign(new Error(code), { code, syscall: 'open', path: p });
  expect(fileSystemMessage(sys('EACCES', '/out/.管理汇总-2026-10.xlsx.123.abc.tmp'))).toBe(
    '没有权限读写「/out」：请换一个有写入权限的文件夹，或关闭正在使用该文件的程序（如 Excel）后重试。',
  );
  expect(fileSystemMessage(sys('EBUSY', '/out/月度考核-2026-10.xlsx'))).toMatch(
    /^「\/out\/月度考核-2026-10\.xlsx」正被其他程序占用/,
  );
  expect(fileSystemMessage(sys('ENOSPC', '/out/x.xlsx'))).toMatch(/磁盘空间不足/);
  expect(fileSystemMessage(new Error('plain bug'))).toBeNull();
  expect(fileSystemMessage(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeNull();
});

test('unknown options and missing values are refused in Chinese', async () => {
  expectFatal(await cli(['score', '--rooster', 'x.csv']), /无法识别的参数 --rooster/);
  expectFatal(await cli(['score', '--roster']), /--roster/);
  expectFatal(await cli(['score', '--roster', 'a.csv', '--entries', 'b.csv', '--month', '2026-1']), /YYYY-MM/);
  expectFatal(await cli(['daily', '--calls']), /--calls/);
  expectFatal(await cli(['nope']), /未知命令/);
});
