/** `kaohe slips` encryption options (--password-column, --password-file, --generate-passwords) → SlipEncryption. */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { readPasswordTable } from '../../core/input/passwords';
import { SHEET } from '../../core/workbook/sheets';
import type { ArgValues, CliIO } from '../cli/args';
import { readTable } from '../import/table';
import { refuseOverwrite } from '../output';
import { passwordTableName, writePasswordTable } from './password-table';
import type { SlipEncryption } from './write';

const text = (v: ArgValues[string]) => (typeof v === 'string' ? v : undefined);

export async function slipEncryption(
  values: ArgValues,
  month: string,
  outDir: string,
  io: CliIO,
  edition?: string,
): Promise<SlipEncryption | undefined> {
  const column = text(values['password-column']) ?? (values['password-file'] ? '密码' : undefined);
  const generate = Boolean(values['generate-passwords']);
  if (column !== undefined && generate) {
    throw new InputError(
      '--password-column/--password-file 与 --generate-passwords 只能选一个：密码要么来自员工名单，要么自动生成。',
      'BAD_ARGS',
    );
  }
  if (!generate && values['password-table'])
    throw new InputError('--password-table 只能与 --generate-passwords 一起使用。', 'BAD_ARGS');
  if (generate) {
    const tableFile =
      text(values['password-table']) ??
      path.join(path.dirname(path.resolve(outDir)), passwordTableName(month, edition));
    if (path.resolve(path.dirname(tableFile)) === path.resolve(outDir)) {
      throw new InputError(
        `密码表不能放在考核单的输出目录 ${outDir} 里（整个目录发出去时密码会一起发出）。请用 --password-table 指定别的位置。`,
        'BAD_ARGS',
      );
    }
    const force = Boolean(values.force);
    await refuseOverwrite(tableFile, force);
    return {
      kind: 'generate',
      beforeWrite: async (issued) => {
        if (issued.length === 0) return;
        await writePasswordTable(tableFile, month, issued, force);
        io.out(`密码表（仅供人力资源部，勿随考核单发送）：${tableFile}\n`);
      },
    };
  }
  if (column === undefined) return undefined;
  const source = text(values['password-file']) ?? text(values.roster) ?? text(values.workbook);
  if (!source)
    throw new InputError(
      '--password-column 需要员工名单：请给出 --roster、--workbook 或 --password-file。',
      'BAD_ARGS',
    );
  const table = await readTable(source, SHEET.roster);
  const read = readPasswordTable(table, column);
  return { kind: 'table', passwords: read.passwords, refused: read.refused, file: path.basename(source), column };
}
