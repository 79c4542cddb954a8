import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../core/problems';
import { CliIO, CommandSpec, helpText, parseCommandArgs } from './args';
import { commands } from './commands';

function mainHelp(): string {
  const lines = ['kaohe — 客服考核助手（命令行）', '', '用法：npx kaohe <命令> [选项]', '', '命令：'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)}${c.summary.replace(/^kaohe \w+ — /, '')}`);
  lines.push(
    '',
    '每个命令的详细说明：npx kaohe <命令> --help（或 npx kaohe help <命令>）',
    '版本：npx kaohe --version',
  );
  return lines.join('\n') + '\n';
}

/** A temp file of an atomic write (".name.pid.rand.tmp") is reported as the folder it was written in. */
const isTempFile = (p: string) => /^\..*\.tmp$/.test(path.basename(p));
function shownPath(p: string): string {
  return isTempFile(p) ? path.dirname(p) : p;
}

/**
 * Operating-system errors on paths the user gave (a read-only or full output folder, an output file
 * open in Excel, a file where a folder is expected) are the user's to fix, not internal errors.
 */
export function fileSystemMessage(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.syscall !== 'string') return null;
  const where = e.path ? `「${shownPath(e.path)}」` : '';
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return `没有权限读写${where}：请换一个有写入权限的文件夹，或关闭正在使用该文件的程序（如 Excel）后重试。`;
    case 'EBUSY':
      return `${where}正被其他程序占用：请关闭正在使用它的程序（如 Excel）后重试。`;
    case 'EROFS':
      return `${where}在只读的磁盘上：请换一个可以写入的文件夹。`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `磁盘空间不足，无法写入${where}：请清理磁盘或换一个文件夹。`;
    case 'EEXIST':
      return `${where}已存在，但它是文件而不是文件夹：请换一个输出文件夹。`;
    case 'ENOTDIR':
      return `路径${where}中有一部分是文件而不是文件夹：请检查路径。`;
    case 'EISDIR':
      return `${where}是文件夹，不是文件：请给出文件的路径。`;
    case 'ENOENT':
      // A temporary output file that cannot be created in an existing folder (/proc, /sys): not "missing".
      if (e.path && isTempFile(e.path)) return `无法在${where}中写入文件（那里不能存放文件）：请换一个输出目录。`;
      return `找不到${where}：请检查路径是否正确。`;
    case 'ENAMETOOLONG':
      return `路径${where}太长：请换一个短一些的路径。`;
    default:
      return null;
  }
}

const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

/** The version in package.json (found upwards from here: the sources and build/ sit at different depths). */
export function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'kaohe' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return '未知';
}

const unknownCommand = (name: string) => `错误：未知命令「${name}」。运行 npx kaohe --help 查看可用命令。\n`;

/** Runs one CLI command; returns the exit code. Fatal input problems are one Chinese line on stderr. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(`kaohe ${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help' && rest.length > 0) {
    const about = commands.find((c) => c.name === rest[0]);
    if (!about) {
      io.err(unknownCommand(rest[0]));
      return 2;
    }
    io.out(helpText(about));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 2;
  }
  const spec: CommandSpec | undefined = commands.find((c) => c.name === name);
  if (!spec) {
    io.err(unknownCommand(name));
    return 2;
  }
  // If a library never settles its promise (a damaged file can do that), Node would end the process
  // with exit code 0 and no output, as if the command had succeeded. Say so and fail instead.
  const stalled = () => {
    io.err('内部错误：命令没有完成就停止了（读取输入时卡住，输入文件可能已损坏）。请把输入文件发给维护人员。\n');
    process.exitCode = 3;
  };
  process.once('beforeExit', stalled);
  try {
    const values = parseCommandArgs(spec, rest);
    if (values.help) {
      io.out(helpText(spec));
      return 0;
    }
    return await spec.run(values, io);
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`错误：${err.message}\n`);
      return 2;
    }
    const fsMessage = fileSystemMessage(err);
    if (fsMessage) {
      io.err(`错误：${fsMessage}\n`);
      return 2;
    }
    io.err(`内部错误：${(err as Error).stack ?? err}\n请把这段信息发给维护人员。\n`);
    return 3;
  } finally {
    process.removeListener('beforeExit', stalled);
  }
}
