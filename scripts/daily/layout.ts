/**
 * Where things are in templates/日报模板.xlsx. The template builder and the report writers share
 * this, so a restyled template (--template) keeps working as long as sheet names and anchors stay.
 */
export const DAILY_SHEETS = {
  calls: '每日报修情况',
  completion: '每日报修完成情况',
  visits: '每日回访情况',
  events: '异常事件',
  problems: '问题数据',
  check: '核对',
  summary: '日报汇总',
} as const;

export const DAY_SHEET_NAMES = [
  DAILY_SHEETS.calls,
  DAILY_SHEETS.completion,
  DAILY_SHEETS.visits,
  DAILY_SHEETS.events,
  DAILY_SHEETS.problems,
  DAILY_SHEETS.check,
];

export const LAYOUT = {
  /** Every day sheet: the date in B2. */
  dateCell: 'B2',
  calls: {
    checkLine: 'A3',
    headerRow: 5,
    /** Three side-by-side tables: [label column, count column]. */
    byType: [1, 2],
    byStation: [4, 5],
    byAgent: [7, 8],
    headers: [
      ['来电类型', '来电数'],
      ['维修站', '来电数'],
      ['工号', '来电数'],
    ],
  },
  completion: {
    firstFigureRow: 4,
    figures: ['报修数', '已完成', '完成率', '平均处理时长(小时)', '处理超过4小时'],
    stationHeaderRow: 10,
    stationHeaders: ['维修站', '报修数', '已完成', '完成率', '处理超过4小时'],
  },
  visits: {
    firstFigureRow: 5,
    figures: [
      '回访数',
      '已解决',
      '解决率',
      '维修工态度：满意',
      '维修工态度：一般',
      '维修工态度：不满意',
      '维修工态度：未填',
      '平均评分',
      '收费',
    ],
  },
  events: {
    settingsCell: 'D2',
    summaryHeaderRow: 4,
    summaryHeaders: ['序号', '异常事件', '次数'],
    listHeaderRow: 15,
    listHeaders: ['序号', '异常事件', '工单号', '受理时间', '维修站', '工号', '情况说明'],
  },
  problems: {
    headerRow: 3,
    headers: ['类别', '文件', '行', '列', '代码', '说明'],
  },
  check: {
    firstRow: 3,
    labels: [
      '文件',
      '文件数据行数',
      '本日计入',
      '本日问题数据',
      '其他日期的来电',
      '受理时间无法读取',
      '空行（不计）',
      '核对结果',
    ],
  },
  summary: {
    monthCell: 'B2',
    headerRow: 3,
    headers: [
      '日期',
      '来电总数',
      '报修',
      '已完成',
      '完成率',
      '平均处理时长(小时)',
      '处理超过4小时',
      '回访',
      '已解决',
      '平均评分',
      '异常事件',
      '问题数据',
    ],
  },
} as const;

export const FORMATS = {
  rate: '0.0%',
  hours: '0.00',
  score: '0.0',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
};
