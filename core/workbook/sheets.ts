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

export const SUMMARY_HEADERS = [
  '工号', '姓名', '组别', '入职月数', '基础分', '加分', '扣分', '追加扣分', '额外奖惩',
  '总分', '等级', '绩效浮动(元)', '名次', '预警',
] as const;

export const PROBLEM_HEADERS = ['文件', '行', '列', '代码', '说明'] as const;
