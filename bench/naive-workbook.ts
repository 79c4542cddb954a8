/**
 * The naive monthly workbook the bench compares kaohe's with: the same sheets, data and writer, but 考核记录
 * carries only three per-row helpers (类别, 计分, 违规 by VLOOKUP) and 月度汇总 adds each employee's figures
 * with SUMIFS/COUNTIFS over the whole entry table, as a spreadsheet written by hand would:
 *   加分, 扣分 (SUMIFS, two criteria), 追加扣分 (one COUNTIFS per escalation trigger), 加分项冲突 (two
 *   COUNTIFS), 直接辞退-style category warnings (one COUNTIFS each), 额外奖惩 (SUMIFS on its sheet).
 * It does not implement every rule (每月一次, 分档, ranges): it is a cost baseline, not a second scorer.
 */
import type { Policy } from '../core/policy/types';
import { colLetter, defaultPolicyLayout, ENTRY_COLS, type PolicyLayout } from '../core/workbook/layout';
import type { ColumnModel, Scalar, SheetModel, WorkbookModel } from '../core/workbook/model';
import { SHEET } from '../core/workbook/sheets';
import { SUMMARY_COLS as SCOLS } from '../core/workbook/layout';

export function naiveModel(
  model: WorkbookModel,
  policy: Policy,
  layout: PolicyLayout = defaultPolicyLayout(),
): WorkbookModel {
  const q = (s: string) => `'${s}'`;
  const P = q(SHEET.items);
  const E = q(SHEET.entries);
  const A = q(SHEET.adjustments);
  const entries = model.sheets.find((s) => s.name === SHEET.entries)!;
  const eRows = entries.blocks[0].rows.length;
  const end = eRows + 1;
  const col = (l: string) => `${E}!$${l}$2:$${l}$${end}`;
  const it = layout.items;
  const items = `${P}!$${colLetter(it.col)}$${it.row + 1}:$${colLetter(it.col + 3)}$${it.row + policy.items.length}`;
  const ct = layout.categories;
  const cats = `${P}!$${colLetter(ct.col)}$${ct.row + 1}:$${colLetter(ct.col + 2)}$${ct.row + policy.categories.length}`;
  const kept = ENTRY_COLS.check; // A..K: typed columns and the core's 核对
  const L = colLetter(kept + 1);
  const M = colLetter(kept + 2);
  const sign = `IF(VLOOKUP(${L}{r},${cats},2,0)="加分",1,IF(VLOOKUP(${L}{r},${cats},2,0)="扣分",-1,0))`;
  const helper: ColumnModel[] = [
    { header: '类别', width: 8, formula: `IFERROR(VLOOKUP($C{r},${items},3,0),"")` },
    {
      header: '计分',
      width: 8,
      kind: 'number',
      formula: `IF(OR($I{r}="作废",${L}{r}=""),0,IFERROR(IF($E{r}="",VLOOKUP($C{r},${items},4,0),ABS($E{r}))*IF($D{r}="",1,$D{r})*${sign},0))`,
    },
    {
      header: '违规',
      width: 6,
      kind: 'number',
      formula: `IF(AND($I{r}<>"作废",${L}{r}<>""),IF(IFERROR(VLOOKUP(${L}{r},${cats},3,0),"否")="是",1,0),0)`,
    },
  ];
  const eBlock = entries.blocks[0];
  const newEntries: SheetModel = {
    ...entries,
    blocks: [
      {
        ...eBlock,
        columns: [...eBlock.columns.slice(0, kept).map((c) => ({ ...c, formula: undefined })), ...helper],
        rows: eBlock.rows.map((r): Scalar[] => [...r.slice(0, kept), null, null, null]),
      },
    ],
    fills: [],
  };
  const catName = (id: string) => policy.categories.find((c) => c.id === id)?.name ?? id;
  const id = '$A{r}';
  const per = (criteria: string) => `COUNTIFS(${col('B')},${id},${criteria})`;
  const X = (k: keyof typeof SCOLS) => `${colLetter(SCOLS[k])}{r}`;
  const esc = policy.escalation;
  const escalation = esc
    ? `IF(OR(${esc.triggers.map((t) => `${per(`${col(L)},"${catName(t.category)}"`)}>=${t.atLeast}`).join(',')}),${esc.points},0)`
    : '0';
  const excl = policy.items.filter((i) => i.excludesViolations).map((i) => i.code);
  const conflict = excl.length
    ? `IF(AND(${excl.map((c) => `${per(`${col('C')},"${c}"`)}`).join('+')}>0,${per(`${col(M)},1`)}>0),"；加分项冲突","")`
    : '""';
  const catWarn = policy.warnings
    .filter((w) => w.type === 'category')
    .map(
      (w) =>
        `IF(${per(`${col(L)},"${catName((w as { category: string }).category)}"`)}>0,"；${(w as { text: string }).text}","")`,
    );
  const below = policy.warnings
    .filter((w) => w.type === 'scoreBelow')
    .map((w) => `IF(${X('score')}<${(w as { below: number }).below},"；${(w as { text: string }).text}","")`);
  const grades = policy.grades;
  const grade = grades.reduceRight(
    (rest, g) =>
      g.min === undefined
        ? `"${g.name}"`
        : `IF(${X('score')}${g.minInclusive ? '>=' : '>'}${g.min},"${g.name}",${rest})`,
    '""',
  );
  const pf = policy.payFloat;
  const adjEnd = (model.sheets.find((s) => s.name === SHEET.adjustments)!.blocks[0].rows.length || 1) + 1;
  const formulas: Partial<Record<keyof typeof SCOLS, string>> = {
    bonus: `SUMIFS(${col(M)},${col('B')},${id},${col(M)},">0")`,
    deduction: `-SUMIFS(${col(M)},${col('B')},${id},${col(M)},"<0")`,
    escalation,
    adjustment: `SUMIFS(${A}!$C$2:$C$${adjEnd},${A}!$B$2:$B$${adjEnd},${id})`,
    score: `ROUND(MIN(MAX(${policy.base}+${X('bonus')}-${X('deduction')}-${X('escalation')}+${X('adjustment')},${policy.scoreMin}),${policy.scoreMax}),1)`,
    grade,
    payFloat: pf
      ? `IF(${X('tenure')}<${pf.fromTenureMonth},0,MIN(MAX((${X('score')}-${pf.pivot})*${pf.perPoint},${pf.min}),${pf.max}))`
      : '0',
    rank: `1+COUNTIF($${colLetter(SCOLS.score)}$2:$${colLetter(SCOLS.score)}$${model.sheets.find((s) => s.name === SHEET.summary)!.blocks[0].rows.length + 1},">"&${X('score')})`,
    warnings: `MID(${[...below, ...catWarn, conflict].join('&') || '""'},2,999)`,
  };
  const summary = model.sheets.find((s) => s.name === SHEET.summary)!;
  const sBlock = summary.blocks[0];
  const visible = Object.keys(SCOLS).length - 1; // the 14 visible columns (history is the helpers' start)
  const newSummary: SheetModel = {
    ...summary,
    blocks: [
      {
        ...sBlock,
        columns: sBlock.columns.slice(0, visible).map((c, i) => {
          const key = (Object.keys(SCOLS) as (keyof typeof SCOLS)[]).find((k) => SCOLS[k] === i + 1)!;
          return { ...c, formula: formulas[key], cellFormulas: undefined };
        }),
        rows: sBlock.rows.map((r) => r.slice(0, visible)),
      },
      ...summary.blocks
        .slice(1)
        .map((b) => ({ ...b, columns: b.columns.map((c) => ({ ...c, cellFormulas: undefined })) })),
    ],
    fills: [],
  };
  const readme = model.sheets.find((s) => s.name === SHEET.readme);
  return {
    ...model,
    sheets: model.sheets.map((s) =>
      s === entries
        ? newEntries
        : s === summary
          ? newSummary
          : s === readme
            ? {
                ...s,
                blocks: s.blocks.map((b) => ({
                  ...b,
                  columns: b.columns.map((c) => ({ ...c, cellFormulas: undefined })),
                })),
              }
            : s,
    ),
  };
}

/**
 * kaohe's workbook without 考核记录's helper columns (typed columns and 核对 only, no fills or drop-downs
 * there; the other sheets unchanged): the LibreOffice floor under any design that checks each row with
 * formulas — loading the month's data and the small sheets.
 */
export function withoutEntryHelpers(model: WorkbookModel): WorkbookModel {
  const kept = ENTRY_COLS.check;
  return {
    ...model,
    sheets: model.sheets.map((s) =>
      s.name !== SHEET.entries
        ? s
        : {
            ...s,
            fills: [],
            validations: [],
            table: undefined,
            blocks: s.blocks.map((b) => ({
              ...b,
              columns: b.columns.slice(0, kept).map((c) => ({ ...c, formula: undefined })),
              rows: b.rows.map((r) => r.slice(0, kept)),
            })),
          },
    ),
  };
}
