/**
 * Sheet names and the 月度汇总 headers of the monthly appraisal workbook. The Node generator and the
 * add-in both build this one format, so a workbook made either way is read back the same way.
 * Input sheets (员工名单, 考核记录, 额外奖惩) use the headers of core/input/schemas.ts.
 */
export const SHEET = {
  readme: '说明',
  roster: '员工名单',
  items: '考核项目',
  adjustments: '额外奖惩',
  entries: '考核记录',
  problems: '问题数据',
  summary: '月度汇总',
} as const;

/**
 * 月度汇总's visible columns, described once: header, width, kind and the core's figure each shows.
 * SUMMARY_HEADERS, SUMMARY_COLS (layout.ts), the formulas' column letters, the widths and the add-in's
 * consistency check all derive from this list (add a column here and nowhere else).
 */
export const SUMMARY_COLUMNS = [
  { key: 'id', header: '工号', width: 8, kind: 'text' },
  { key: 'name', header: '姓名', width: 9, kind: 'text' },
  { key: 'team', header: '组别', width: 9, kind: 'text' },
  { key: 'tenure', header: '入职月数', width: 8, kind: 'number', field: 'tenureMonth' },
  { key: 'base', header: '基础分', width: 7, kind: 'number', field: 'base' },
  { key: 'bonus', header: '加分', width: 6, kind: 'number', field: 'bonus' },
  { key: 'deduction', header: '扣分', width: 6, kind: 'number', field: 'deduction' },
  { key: 'escalation', header: '追加扣分', width: 8, kind: 'number', field: 'escalation' },
  { key: 'adjustment', header: '额外奖惩', width: 8, kind: 'number', field: 'adjustment' },
  { key: 'score', header: '总分', width: 7, kind: 'number', field: 'score' },
  { key: 'grade', header: '等级', width: 7, kind: 'text', field: 'grade' },
  { key: 'payFloat', header: '绩效浮动(元)', width: 11, kind: 'number', field: 'payFloat' },
  { key: 'rank', header: '名次', width: 6, kind: 'number', field: 'rank' },
  { key: 'warnings', header: '预警', width: 30, kind: 'text', field: 'warnings' },
] as const;

export type SummaryHeader = (typeof SUMMARY_COLUMNS)[number]['header'];
export const SUMMARY_HEADERS: readonly SummaryHeader[] = SUMMARY_COLUMNS.map((c) => c.header);

/** The core figure (a field of EmployeeResult) a computed column of 月度汇总 shows. */
export type SummaryFigure = Extract<(typeof SUMMARY_COLUMNS)[number], { field: string }>['field'];
/** 月度汇总's core figures, in column order (入职月数 … 预警). */
export const SUMMARY_FIGURES: readonly SummaryFigure[] = SUMMARY_COLUMNS.flatMap((c) =>
  'field' in c ? [c.field] : [],
);
/** 名次 and 预警: they depend on who else is scored in the same month (the group, the 末位 rule). */
export const GROUP_FIGURES = ['rank', 'warnings'] as const satisfies readonly SummaryFigure[];
/**
 * The other figures: an employee's own rows and the policy decide them, so they are the same whatever
 * group the employee is scored with (a team's part of a split month, or the whole company).
 */
export const OWN_FIGURES = SUMMARY_FIGURES.filter((f) => !(GROUP_FIGURES as readonly string[]).includes(f)) as Exclude<
  SummaryFigure,
  (typeof GROUP_FIGURES)[number]
>[];

/**
 * 月度汇总's 罚款(元) column (录音抽查 fines, `monthly --checks`): values, not formulas (the check records are
 * not in the workbook), right of the hidden helper columns and only in workbooks made with --checks.
 * Nothing reads it back: the workbook scores the same with or without it.
 */
export const FINE_COLUMN = { header: '罚款(元)', width: 9, kind: 'number' } as const;

export const PROBLEM_HEADERS = ['文件', '行', '列', '代码', '说明'] as const;
