import { parseArgs } from 'util';
import { InputError } from '../../core/problems';
import { parseMonth } from '../../core/values';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** Chinese help text. */
  help: string;
  value?: string;
}

export type ArgValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Accept file names without an option (kaohe diff v1.xlsx v2.xlsx); they arrive as values._ (string[]). */
  positionals?: boolean;
  run(values: ArgValues, io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/** A negative number ("-5", "-0.5") after an option that takes a value is that value, not an option. */
const NEGATIVE_NUMBER = /^-\d/;

/**
 * `--workbooks a.xlsx b.xlsx` means `--workbooks a.xlsx --workbooks b.xlsx` for options that repeat;
 * `--accept-minutes -5` means `--accept-minutes=-5` (so the option's own check can explain the value).
 */
function spreadMultiple(argv: string[], spec: CommandSpec): string[] {
  const out: string[] = [];
  let repeating: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('-') && !NEGATIVE_NUMBER.test(arg)) {
      const name = arg.replace(/^--?/, '').split('=')[0];
      const option = spec.options[name];
      const next = argv[i + 1];
      if (option?.type === 'string' && !arg.includes('=') && next !== undefined && NEGATIVE_NUMBER.test(next)) {
        out.push(`${arg}=${next}`);
        i++;
        repeating = null;
        continue;
      }
      repeating = option?.multiple && !arg.includes('=') ? arg : null;
      out.push(arg);
      continue;
    }
    if (repeating && out[out.length - 1] !== repeating) out.push(repeating);
    out.push(arg);
  }
  return out;
}

/** Node's parseArgs errors (English) as one Chinese sentence naming the option or word. */
function argsMessage(spec: CommandSpec, err: Error & { code?: string }): string {
  const help = `运行 npx kaohe ${spec.name} --help 查看用法。`;
  const option = /'(--?[\w-]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (!option) break;
      const o = spec.options[option.replace(/^--?/, '')];
      if (o?.type === 'string')
        return `参数 ${option} 缺少值：请在它后面写上${o.value ? `「${o.value}」` : '值'}（${o.help}）。${help}`;
      return `参数 ${option} 不带值：请去掉等号后面的内容。${help}`;
    }
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      if (option) return `无法识别的参数 ${option}。${help}`;
      break;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const word = /'([^']*)'/.exec(err.message)?.[1];
      if (word !== undefined) return `多余的参数「${word}」：每个值前面都要有它的选项名（如 --month 2026-10）。${help}`;
      break;
    }
  }
  return `参数有误。${help}`;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, multiple: o.multiple ?? false };
  try {
    const parsed = parseArgs({
      args: spreadMultiple(argv, spec),
      options,
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
    return spec.positionals ? ({ ...parsed.values, _: parsed.positionals } as ArgValues) : (parsed.values as ArgValues);
  } catch (err) {
    throw new InputError(argsMessage(spec, err as Error & { code?: string }), 'BAD_ARGS');
  }
}

export function helpText(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, '', `用法：${spec.usage}`, '', '选项：'];
  for (const [name, o] of Object.entries(spec.options)) {
    const flag = `--${name}${o.type === 'string' ? ` ${o.value ?? '值'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)}${o.help}`);
  }
  lines.push(`  ${'--help'.padEnd(28)}显示本帮助`, '', '示例：', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

export function requireString(values: Record<string, unknown>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '')
    throw new InputError(`缺少参数 --${name}。运行 npx kaohe ${command} --help 查看用法。`, 'BAD_ARGS');
  return v;
}

export function requireMonth(values: Record<string, unknown>, command: string): string {
  const text = requireString(values, 'month', command);
  const month = parseMonth(text);
  if (!month || !/^\d{4}-\d{2}$/.test(text.trim()))
    throw new InputError(`--month 应为 YYYY-MM 格式，如 2026-10（收到「${text}」）。`, 'BAD_ARGS');
  return month;
}

export function optionalStrings(values: Record<string, unknown>, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as string[]) : [String(v)];
}
