import { InputError } from '../../core/problems';
import { CliIO, CommandSpec, helpText, parseCommandArgs } from './args';
import { commands } from './commands';

function mainHelp(): string {
  const lines = ['kaohe — 客服考核助手（命令行）', '', '用法：npx kaohe <命令> [选项]', '', '命令：'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)}${c.summary.replace(/^kaohe \w+ — /, '')}`);
  lines.push('', '每个命令的详细说明：npx kaohe <命令> --help');
  return lines.join('\n') + '\n';
}

const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Runs one CLI command; returns the exit code. Fatal input problems are one Chinese line on stderr. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 2;
  }
  const spec: CommandSpec | undefined = commands.find((c) => c.name === name);
  if (!spec) {
    io.err(`未知命令「${name}」。运行 npx kaohe --help 查看可用命令。\n`);
    return 2;
  }
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
    io.err(`内部错误：${(err as Error).stack ?? err}\n请把这段信息发给维护人员。\n`);
    return 3;
  }
}
