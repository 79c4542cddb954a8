import * as path from 'path';
import { InputError, Problem } from '../../core/problems';
import type { ScoredMonth } from './inputs';
import { fitExcelLimits } from '../import/xlsx';
import { progressBar, safeFilePart } from './files';
import { ensureDir, exists, templatePath, writeFileAtomically as writeAtomic } from '../output';
import { encryptXlsx, generatePassword } from './encrypt';
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
    const fine =
      c.result === '问题' ? (c.serious ? `严重违纪，罚款 ${c.fine} 元` : '一般问题，不罚款') : '值得大家学习';
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
  /** Password-protect every slip; whoever has no usable password gets no slip at all. */
  encryption?: SlipEncryption;
  /** Only these 工号 (slips --changed-since: the people whose numbers changed). */
  only?: Set<string>;
  /** A re-issued slip: { tag: '第2版', text: '第2版，替换 2026-11-30 16:59 的第1版' } in the title, page header and file name. */
  edition?: { tag: string; text: string };
}

/** Where the passwords come from: a table (the roster's 密码 column) or generated here. */
export type SlipEncryption =
  | {
      kind: 'table';
      /** 工号 → password. */
      passwords: Map<string, string>;
      /** 工号 → why that person's password cannot be used (from the table). */
      refused: Map<string, Problem>;
      /** The table's file name and column, for "not in the table" messages. */
      file: string;
      column: string;
    }
  | {
      kind: 'generate';
      /**
       * Called with the passwords of the slips about to be written, before the first one is: the
       * password table is written first, so no slip exists whose password is nowhere.
       */
      beforeWrite: (issued: IssuedPassword[]) => Promise<void>;
    };

export interface IssuedPassword {
  id: string;
  name: string;
  team: string;
  file: string;
  password: string;
}

export interface SlipRun {
  written: string[];
  skipped: string[];
  /** Employees whose slip was not written because encryption was asked and their password is unusable. */
  refused: { id: string; name: string; problem: Problem }[];
}

/** Writes one slip per scored employee into outDir. Existing files are skipped unless force. */
export async function writeSlips(month: ScoredMonth, opts: SlipOptions): Promise<SlipRun> {
  const model = opts.model ?? (await loadSlipModel(opts.template ?? templatePath(SLIP_TEMPLATE)));
  const named = templateNames(model, month.people);
  if (named.length > 0) {
    throw new InputError(
      `个人考核单模板中含有员工的姓名或工号（${named.slice(0, 5).join('、')}）：模板会进入每个人的考核单，请删除后再运行。`,
      'TEMPLATE_NOT_NEUTRAL',
    );
  }
  const redactor = new Redactor(month.people);
  const employees = opts.only ? month.result.employees.filter((e) => opts.only!.has(e.id)) : month.result.employees;
  const bar = progressBar('生成个人考核单', employees.length, Boolean(opts.isTTY), opts.err ?? (() => {}));
  const run: SlipRun = { written: [], skipped: [], refused: [] };
  // Every file name is known (and clashes refused) before the first slip is written: no half run.
  const slips = employees.map((emp) => {
    const data = slipData(month.result, emp, month.notes, redactor);
    if (opts.qa) appendQaLines(data, opts.qa, redactor);
    const name = slipFileName(data, safeFilePart);
    return {
      data,
      file: path.join(
        opts.outDir,
        opts.edition ? name.replace(/\.xlsx$/, `-${safeFilePart(opts.edition.tag)}.xlsx`) : name,
      ),
    };
  });
  const names = new Map<string, string>();
  for (const { file } of slips) {
    // Windows and macOS file names ignore case: 'A01' and 'a01' are one file there.
    const key = file.toLowerCase();
    if (names.has(key))
      throw new InputError(
        `两名员工的考核单文件名相同（${path.basename(names.get(key)!)} 与 ${path.basename(file)}）：请检查工号。`,
        'SLIP_NAME_CLASH',
      );
    names.set(key, file);
  }
  const enc = opts.encryption;
  // Who gets which password, decided (and refusals known) before anything is written.
  const plan: { data: (typeof slips)[number]['data']; file: string; password: string | null }[] = [];
  for (const { data, file } of slips) {
    let password: string | null = null;
    if (enc?.kind === 'table') {
      password = enc.passwords.get(data.id) ?? null;
      if (password === null) {
        const problem = enc.refused.get(data.id) ?? {
          file: enc.file,
          row: 0,
          column: enc.column,
          code: 'SLIP_PASSWORD_MISSING',
          message: `工号「${data.id}」（${data.name}）在 ${enc.file} 中没有${enc.column}：未写出该员工的考核单（不会写出不加密的考核单）。请补上后重新运行。`,
        };
        run.refused.push({ id: data.id, name: data.name, problem });
        continue;
      }
    }
    plan.push({ data, file, password });
  }
  await ensureDir(opts.outDir);
  const toWrite: typeof plan = [];
  for (const p of plan) {
    if (!opts.force && (await exists(p.file))) run.skipped.push(p.file);
    else toWrite.push(p);
  }
  if (enc?.kind === 'generate') {
    for (const p of toWrite) p.password = generatePassword();
    await enc.beforeWrite(
      toWrite.map((p) => ({
        id: p.data.id,
        name: p.data.name,
        team: p.data.team,
        file: path.basename(p.file),
        password: p.password!,
      })),
    );
  }
  let done = run.skipped.length + run.refused.length;
  bar.tick(done);
  for (const { data, file, password } of toWrite) {
    const wb = buildSlip(model, data);
    if (opts.edition) markEdition(wb, opts.edition.text);
    fitExcelLimits(wb);
    const xlsx = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    if (enc && password === null) throw new Error('writeSlips: an encrypted run reached a slip without a password');
    await writeAtomic(file, password === null ? xlsx : encryptXlsx(xlsx, password));
    run.written.push(file);
    bar.tick(++done);
  }
  return run;
}

/** The edition in the title cell (the first text of row 1), the printed page header and the doc subject. */
function markEdition(wb: import('exceljs').Workbook, text: string): void {
  const ws = wb.worksheets[0];
  let marked = false;
  ws.getRow(1).eachCell((cell) => {
    if (!marked && typeof cell.value === 'string') {
      cell.value = `${cell.value}（${text}）`;
      marked = true;
    }
  });
  if (!marked) ws.getCell('A1').value = text;
  ws.headerFooter.oddHeader = `&R${text.replace(/&/g, '&&')}`;
  wb.subject = text;
}
