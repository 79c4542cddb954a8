import * as path from 'path';
import { InputError } from '../../core/problems';
import type { ScoredMonth } from './inputs';
import { fitExcelLimits } from '../import/xlsx';
import { progressBar, safeFilePart } from './files';
import { ensureDir, exists, templatePath, writeFileAtomically as writeAtomic } from '../output';
import { Redactor, SlipModel, buildSlip, loadSlipModel, slipData, slipFileName, templateNames } from './slip';

export const SLIP_TEMPLATE = '个人考核单模板.xlsx';

export interface SlipOptions {
  outDir: string;
  template?: string;
  force?: boolean;
  isTTY?: boolean;
  err?: (t: string) => void;
  /** A model already loaded (benches reuse one). */
  model?: SlipModel;
}

export interface SlipRun {
  written: string[];
  skipped: string[];
}

/** Writes one slip per scored employee into outDir. Existing files are skipped unless force. */
export async function writeSlips(month: ScoredMonth, opts: SlipOptions): Promise<SlipRun> {
  const model = opts.model ?? (await loadSlipModel(opts.template ?? templatePath(SLIP_TEMPLATE)));
  const named = templateNames(model, month.people);
  if (named.length > 0) {
    throw new InputError(`个人考核单模板中含有员工的姓名或工号（${named.slice(0, 5).join('、')}）：模板会进入每个人的考核单，请删除后再运行。`, 'TEMPLATE_NOT_NEUTRAL');
  }
  const redactor = new Redactor(month.people);
  const employees = month.result.employees;
  const bar = progressBar('生成个人考核单', employees.length, Boolean(opts.isTTY), opts.err ?? (() => {}));
  const run: SlipRun = { written: [], skipped: [] };
  // Every file name is known (and clashes refused) before the first slip is written: no half run.
  const slips = employees.map((emp) => {
    const data = slipData(month.result, emp, month.notes, redactor);
    return { data, file: path.join(opts.outDir, slipFileName(data, safeFilePart)) };
  });
  const names = new Map<string, string>();
  for (const { file } of slips) {
    // Windows and macOS file names ignore case: 'A01' and 'a01' are one file there.
    const key = file.toLowerCase();
    if (names.has(key)) throw new InputError(`两名员工的考核单文件名相同（${path.basename(names.get(key)!)} 与 ${path.basename(file)}）：请检查工号。`, 'SLIP_NAME_CLASH');
    names.set(key, file);
  }
  await ensureDir(opts.outDir);
  let done = 0;
  for (const { data, file } of slips) {
    if (!opts.force && (await exists(file))) run.skipped.push(file);
    else {
      const wb = buildSlip(model, data);
      fitExcelLimits(wb);
      const buf = await wb.xlsx.writeBuffer();
      await writeAtomic(file, Buffer.from(buf as ArrayBuffer));
      run.written.push(file);
    }
    bar.tick(++done);
  }
  return run;
}
