/**
 * Generates the monthly appraisal workbook (月度考核) from input files: reads, scores with the core,
 * builds the sheet model and writes it into the template. Used by `kaohe monthly`, the tests and the bench.
 */
import * as path from 'path';
import { InputError } from '../../core/problems';
import { assertScorableMonth, readRoster } from '../../core/input/records';
import type { Policy } from '../../core/policy/types';
import { MonthResult, scoreMonth } from '../../core/scoring/monthly';
import { WorkbookModel, buildMonthlyModel } from '../../core/workbook/model';
import { GROUP_FIGURES, OWN_FIGURES, SHEET } from '../../core/workbook/sheets';
import { MonthlyInputs, readPastMonths } from '../month-inputs';
import { ensureDir, refuseOverwrite, templatePath } from '../output';
import { loadTemplate, writeWorkbook } from './write';
import { MonthlyWorkbook, readMonthlyWorkbook } from './read';
import { mergeMonthlyWorkbooks } from './set';
import { splitMonthByTeam, splitPartNotice, splitReadNotices } from '../../core/input/split';

export const DEFAULT_MONTHLY_TEMPLATE = () => templatePath('月度考核模板.xlsx');

export function monthlyFileName(month: string): string {
  return `月度考核-${month}.xlsx`;
}

/**
 * The inputs of a month from a 月度考核 workbook (possibly hand-edited, e.g. entries typed below the
 * formulas' rows or employees added): its 员工名单, 考核记录, 额外奖惩 and the policy in its 考核项目 sheet
 * (unless `policy` is given). Regenerating from these rewrites every formula over all the rows.
 */
export async function readWorkbookInputs(
  file: string | string[],
  month: string,
  previous: string[],
  policy?: Policy,
): Promise<MonthlyInputs> {
  const files = Array.isArray(file) ? file : [file];
  const books: { file: string; wb: MonthlyWorkbook }[] = [];
  for (const f of files) books.push({ file: f, wb: await readMonthlyWorkbook(f) });
  // several workbooks (a month split by team): read as the one month they are
  const wb = books.length === 1 ? books[0].wb : mergeMonthlyWorkbooks(books, policy !== undefined);
  if (wb.month && wb.month !== month) {
    throw new InputError(
      `${files.map((f) => path.basename(f)).join('、')} 是 ${wb.month} 的月度考核工作簿，与 --month ${month} 不符。`,
      'WORKBOOK_MONTH_MISMATCH',
    );
  }
  const name = files.map((f) => path.basename(f)).join('、');
  assertScorableMonth(readRoster(wb.rosterRecords), wb.entries, month, `${name}「${SHEET.roster}」`);
  // without --previous, the earlier months the workbook remembers (月度汇总's 往月…(系统写入) columns)
  const history = previous.length > 0 ? await readPastMonths(previous, month, policy ?? wb.policy) : wb.storedHistory;
  const notices = splitReadNotices(
    books.map((b) => b.wb.splitPart),
    files.map((f) => path.basename(f)),
  );
  return {
    policy: policy ?? wb.policy,
    month,
    notices,
    rosterRecords: wb.rosterRecords,
    entries: wb.entries,
    adjustments: wb.adjustments,
    history,
    sources: {
      roster: `${name}「${SHEET.roster}」`,
      entries: `${name}「${SHEET.entries}」`,
      adjustments: `${name}「${SHEET.adjustments}」`,
      previous:
        previous.length > 0
          ? previous.map((p) => path.basename(p))
          : history.length > 0
            ? [`${name}「${SHEET.summary}」中保存的往月结果`]
            : [],
    },
  };
}

export interface GenerateOptions {
  template?: string;
  outFile: string;
  force?: boolean;
  /** Fixed timestamp for reproducible output (tests); default now. */
  generatedAt?: string;
  /** Blank formula rows below the entries (default ENTRY_SPARE_ROWS). */
  spareRows?: number;
  /** 录音抽查 fines by 工号 (`monthly --checks`): 月度汇总 gets a 罚款(元) column; absent: no column. */
  fines?: ReadonlyMap<string, number>;
  /**
   * The whole month, when this workbook is one team's part of it (--split-by 组别): 月度汇总 gets value
   * columns with each employee's company 名次 and 预警 as computed at generation (the formulas see the team only).
   */
  company?: MonthResult;
}

/** Headers of the value columns a team's workbook carries (addCompanyColumns). */
export const COMPANY_RANK_HEADER = '全公司名次';
export const COMPANY_WARNINGS_HEADER = '全公司预警(生成时)';
const rankHeader = (n: number) => `${COMPANY_RANK_HEADER}(生成时，共${n}人)`;

/**
 * Appends to 月度汇总, right of everything the model put there, two value columns (not formulas): each
 * employee's 名次 among the whole company and the whole month's 预警, as scored when the split was written.
 * The model itself is not changed; only a block is added to its 月度汇总 sheet.
 */
function addCompanyColumns(model: WorkbookModel, part: MonthResult, company: MonthResult): void {
  const sheet = model.sheets.find((s) => s.name === SHEET.summary);
  if (!sheet) return;
  const all = new Map(company.employees.map((e) => [e.id, e]));
  const col = Math.max(...sheet.blocks.map((b) => b.col + b.columns.length));
  sheet.blocks.push({
    place: '',
    row: 1,
    col,
    rows: part.employees.map((e) => {
      const c = all.get(e.id);
      return [c ? c.rank : null, c ? c.warnings.join('；') || null : null];
    }),
    columns: [
      { header: rankHeader(company.employees.length), width: 16, kind: 'number' },
      { header: COMPANY_WARNINGS_HEADER, width: 30, kind: 'text' },
    ],
  });
}

/** Scores the month and writes the workbook; returns the core's result (the workbook's cached values). */
export async function generateMonthlyWorkbook(inputs: MonthlyInputs, opts: GenerateOptions): Promise<MonthResult> {
  await refuseOverwrite(opts.outFile, Boolean(opts.force));
  const template = await loadTemplate(opts.template ?? DEFAULT_MONTHLY_TEMPLATE());
  const roster = readRoster(inputs.rosterRecords);
  const result = scoreMonth({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
    history: inputs.history,
  });
  if (inputs.notices && inputs.notices.length > 0) result.notices.unshift(...inputs.notices);
  const model = buildMonthlyModel({
    policy: inputs.policy,
    month: inputs.month,
    roster,
    rosterRecords: inputs.rosterRecords,
    entries: inputs.entries,
    adjustments: inputs.adjustments,
    history: inputs.history,
    result,
    generatedAt: opts.generatedAt ?? new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
    sources: inputs.sources,
    layout: template.layout,
    spareRows: opts.spareRows,
    fines: opts.fines,
  });
  if (opts.company) addCompanyColumns(model, result, opts.company);
  await ensureDir(path.dirname(path.resolve(opts.outFile)));
  await writeWorkbook(template, model, opts.outFile, { releaseRows: true });
  return result;
}

/** 月度考核-YYYY-MM-<组别>.xlsx: the file of one team's part of a split month. */
export function teamFileName(month: string, fileSegment: string): string {
  return `月度考核-${month}-${fileSegment}.xlsx`;
}

export interface SplitResult {
  whole: MonthResult;
  files: { team: string; file: string; result: MonthResult }[];
  orphanPart: string | null;
}

/**
 * `kaohe monthly --split-by 组别`: one 月度考核 workbook per team in `outDir`, each with that team's roster
 * rows, entries and adjustments (splitMonthByTeam). Before anything is written, the parts are scored and
 * compared with the whole month: every employee's figures in their team's workbook, and the parts read
 * together (as `score`/`summary` with several --workbook do) with every employee's 名次 and 预警 and the
 * counts, must equal the whole month's, or nothing is written. Each workbook says in 说明 that its own
 * 名次 and 末位 are over its team only.
 */
export async function generateSplitWorkbooks(
  inputs: MonthlyInputs,
  opts: Omit<GenerateOptions, 'outFile'> & { outDir: string },
): Promise<SplitResult> {
  const { month, policy } = inputs;
  const split = splitMonthByTeam(inputs);
  const files = split.parts.map((p) => path.join(opts.outDir, teamFileName(month, p.fileSegment)));
  // every file is checked before any is written (the same wording as each command's single output)
  for (const f of files) await refuseOverwrite(f, Boolean(opts.force));
  const score = (
    rosterRecords: MonthlyInputs['rosterRecords'],
    entries: MonthlyInputs['entries'],
    adjustments: MonthlyInputs['adjustments'],
  ) => scoreMonth({ policy, month, roster: readRoster(rosterRecords), entries, adjustments, history: inputs.history });
  const whole = score(inputs.rosterRecords, inputs.entries, inputs.adjustments);
  const together = score(
    split.parts.flatMap((p) => p.rosterRecords),
    split.parts.flatMap((p) => p.entries),
    split.parts.flatMap((p) => p.adjustments),
  );
  const byId = new Map(whole.employees.map((e) => [e.id, e]));
  const differs: string[] = [];
  const compare = (got: MonthResult['employees'], fields: readonly (keyof MonthResult['employees'][number])[]) => {
    for (const e of got) {
      const w = byId.get(e.id);
      const bad = w ? fields.filter((f) => JSON.stringify(e[f]) !== JSON.stringify(w[f])) : ['工号'];
      if (bad.length > 0) differs.push(`${e.id}（${bad.join('、')}）`);
    }
  };
  compare(together.employees, [...OWN_FIGURES, ...GROUP_FIGURES]);
  const partResults = split.parts.map((p) => score(p.rosterRecords, p.entries, p.adjustments));
  partResults.forEach((r) => compare(r.employees, OWN_FIGURES));
  const sum = (f: (r: MonthResult) => number) => partResults.reduce((a, r) => a + f(r), 0);
  const c = whole.counts;
  if (
    together.employees.length !== whole.employees.length ||
    sum((r) => r.employees.length) !== whole.employees.length ||
    JSON.stringify(together.counts) !== JSON.stringify(c) ||
    sum((r) => r.counts.accepted) !== c.accepted ||
    sum((r) => r.counts.voided) !== c.voided ||
    sum((r) => r.counts.rejected) !== c.rejected ||
    sum((r) => r.counts.adjustments.accepted) !== c.adjustments.accepted ||
    sum((r) => r.counts.roster.accepted) !== c.roster.accepted ||
    differs.length > 0
  ) {
    throw new InputError(
      `按组别拆分后的结果与整月不一致${differs.length ? `：${differs.slice(0, 5).join('、')}${differs.length > 5 ? ' 等' : ''}` : '（记录条数不同）'}，没有写出任何文件。请不加 --split-by 生成整月的工作簿，并把这个情况告诉我们。`,
      'SPLIT_MISMATCH',
    );
  }
  const out: SplitResult['files'] = [];
  for (const [i, p] of split.parts.entries()) {
    const notices = [
      ...(inputs.notices ?? []),
      splitPartNotice(
        { month, index: i + 1, count: split.parts.length, team: p.team },
        split.parts.map((x) => x.team),
      ),
    ];
    // notices about the whole month's data a team alone cannot see (e.g. 每月仅一人 given in two teams)
    for (const n of whole.notices)
      if (!partResults[i].notices.includes(n) && !(inputs.notices ?? []).includes(n)) notices.push(`（全公司）${n}`);
    if (p.orphans.entries + p.orphans.adjustments > 0)
      notices.push(
        `考核记录 ${p.orphans.entries} 行、额外奖惩 ${p.orphans.adjustments} 行的工号不在员工名单中（不属于任何组），放在本工作簿，见「${SHEET.problems}」表。`,
      );
    else if (split.orphanPart !== null)
      notices.push(`工号不在员工名单中的记录（不属于任何组）放在组别「${split.orphanPart}」的工作簿中。`);
    const result = await generateMonthlyWorkbook(
      {
        ...inputs,
        rosterRecords: p.rosterRecords,
        entries: p.entries,
        adjustments: p.adjustments,
        notices,
      },
      { ...opts, outFile: files[i], company: together },
    );
    out.push({ team: p.team, file: files[i], result });
  }
  if (inputs.notices && inputs.notices.length > 0) whole.notices.unshift(...inputs.notices);
  return { whole, files: out, orphanPart: split.orphanPart };
}
