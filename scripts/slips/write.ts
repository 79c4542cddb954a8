import * as path from 'path';
import { InputError } from '../../core/problems';
import type { ScoredMonth } from './inputs';
import { fitExcelLimits } from '../import/xlsx';
import { progressBar, safeFilePart } from './files';
import { ensureDir, exists, templatePath, writeFileAtomically as writeAtomic } from '../output';
import { Redactor, SlipData, SlipModel, buildSlip, loadSlipModel, slipData, slipFileName, templateNames } from './slip';
import type { QaResult } from '../../core/qa/checks';

/**
 * The agent's 录音抽查 problems and highlights, after the appraisal lines: 分值 0 (the spot check is
 * not a score: a problem type mapped to a 考核项目 is scored through that item's entry), the fine of
 * each serious problem and the month's total fine in 说明. Free text is redacted like any note.
 */
export function appendQaLines(data: SlipData, qa: QaResult, redactor: Redactor): void {
  const e = qa.employees.find((x) => x.id === data.id);
  if (!e || e.checks.length === 0) return;
  const self = { id: data.id, name: data.name };
  for (const c of e.checks) {
    const ref = c.ticket ? `工单号 ${c.ticket}` : c.recording ? `录音编号 ${c.recording}` : '';
    const fine = c.result === '问题' ? (c.serious ? `严重违纪，罚款 ${c.fine} 元` : '一般问题，不罚款') : '值得大家学习';
    const note = [fine, ref, `${c.role}抽查`, c.note].filter((x) => x !== '').join('；');
    data.lines.push({
      date: c.date,
      item: `录音抽查${c.result}：${c.type || (c.result === '亮点' ? '亮点' : '')}`,
      category: `录音抽查·${c.result}`,
      count: '',
      points: 0,
      note: redactor.clean(note, self),
      voided: false,
    });
  }
  const f = qa.fine;
  data.lines.push({
    date: '',
    item: '录音抽查罚款合计',
    category: '罚款',
    count: '',
    points: 0,
    note: `${e.fine} 元（问题 ${e.problems} 次，其中严重违纪 ${e.serious} 次；亮点 ${e.highlights} 次。严重违纪每次 ${f.each} 元，当月超过 ${f.threshold} 次的每次加罚 ${f.extra} 元）`,
    voided: false,
  });
}

export const SLIP_TEMPLATE = '个人考核单模板.xlsx';

export interface SlipOptions {
  outDir: string;
  template?: string;
  force?: boolean;
  isTTY?: boolean;
  err?: (t: string) => void;
  /** A model already loaded (benches reuse one). */
  model?: SlipModel;
  /** The month's 录音抽查 (slips --checks): each problem and highlight, with its fine, on the agent's slip. */
  qa?: QaResult;
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
    if (opts.qa) appendQaLines(data, opts.qa, redactor);
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
