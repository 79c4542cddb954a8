/** The period workbook (季度考核 / 年度考核) and the --json document of `kaohe period`. */
import ExcelJS from 'exceljs';
import { fitExcelLimits } from '../import/xlsx';
import { PeriodResult, TIER_LABEL } from '../../core/periods';
import { CELL, HEAD } from './styles';

export const PERIOD_RULES = [
  '季度得分 = 本季度各月总分的平均值；年度得分 = 各季度得分的平均值（均四舍五入保留一位小数）。',
  '某月没有某员工的成绩（无该月数据或该员工不在该月名单中）时，该月不计入、也不按0分计：按有成绩的月份求平均，并在「缺少月份」列出。',
  '排名档次：按得分从高到低，前 round(人数×前列比例) 名为前列、后 round(人数×末尾比例) 名为末尾（四舍五入），其余为中间；与分界处同分者一律归入较好的档次。',
  '试用期（状态为「试用」或入职月数不超过方案规定的月数）：档次金额减去方案规定的扣减额。',
  '连续两次季度排名最后一名（同分并列最后者都算）→ 预警。评级连续多月（如 差×3、待提高×2、优秀×3）按方案给出预警，缺月即中断。',
  '敬业奖：请假数据覆盖的月份中，当月无请假（请假天数为0或无记录）的每个月计 100 元；请假数据不含的月份不评。',
];

export function periodJson(r: PeriodResult) {
  return {
    period: r.period,
    title: r.title,
    months: r.months,
    monthsWithoutData: r.monthsWithoutData,
    employees: r.rows.map((x) => ({
      id: x.id,
      name: x.name,
      team: x.team,
      score: x.score,
      parts: x.parts,
      missingMonths: x.missingMonths,
      missingQuarters: x.missingQuarters,
      rank: x.rank,
      tier: TIER_LABEL[x.tier],
      probation: x.probation,
      tierAmount: x.tierAmount,
      attendanceAward: x.attendance ? x.attendance.amount : null,
      attendanceMonths: x.attendance ? x.attendance.awardedMonths : null,
      warnings: x.warnings,
    })),
    notices: r.notices,
    leaveProblems: r.leaveProblems,
  };
}

export async function buildPeriodWorkbook(r: PeriodResult, policyName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '客服考核助手';
  wb.lastModifiedBy = '客服考核助手';
  wb.title = `${r.title}考核`;
  const ws = wb.addWorksheet(r.period.includes('Q') ? '季度考核' : '年度考核', {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.getCell(1, 1).value = `${r.title}考核结果（${policyName}）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const allParts = r.period.includes('Q') ? r.months : [1, 2, 3, 4].map((q) => `${r.period}Q${q}`);
  const hasLeave = r.rows.some((x) => x.attendance !== null);
  const headers = [
    '工号',
    '姓名',
    '组别',
    ...allParts.map((p) => (p.includes('Q') ? `${p}得分` : `${p}总分`)),
    r.period.includes('Q') ? '季度得分' : '年度得分',
    '名次',
    '档次',
    '试用期',
    '档次金额(元)',
    ...(hasLeave ? ['敬业奖(元)', '敬业奖月份'] : []),
    '缺少月份',
    '预警',
  ];
  headers.forEach((h, i) => {
    const c = ws.getCell(3, i + 1);
    c.value = h;
    c.style = HEAD;
  });
  ws.getRow(3).height = 30;
  r.rows.forEach((x, k) => {
    const byLabel = new Map(x.parts.map((p) => [p.label, p.score]));
    const values: (string | number | null)[] = [
      x.id,
      x.name,
      x.team,
      ...allParts.map((p) => byLabel.get(p) ?? null),
      x.score,
      x.rank,
      TIER_LABEL[x.tier],
      x.probation ? '是' : '',
      x.tierAmount,
      ...(hasLeave
        ? [x.attendance ? x.attendance.amount : null, x.attendance ? x.attendance.awardedMonths.join('、') : '']
        : []),
      [...x.missingMonths].join('、'),
      x.warnings.join('；'),
    ];
    values.forEach((v, i) => {
      const c = ws.getCell(4 + k, i + 1);
      c.value = v;
      c.style = CELL;
    });
  });
  const widths = [8, 10, 10, ...allParts.map(() => 11), 10, 6, 6, 7, 12, ...(hasLeave ? [10, 22] : []), 22, 50];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const wsR = wb.addWorksheet('说明');
  wsR.getColumn(1).width = 110;
  const lines = [
    `${r.title}（${r.months[0]} 至 ${r.months[r.months.length - 1]}）`,
    '',
    '计算规则：',
    ...PERIOD_RULES.map((t, i) => `${i + 1}. ${t}`),
    '',
    '提示：',
    ...(r.notices.length ? r.notices : ['无']),
  ];
  lines.forEach((t, i) => {
    const c = wsR.getCell(i + 1, 1);
    c.value = t;
    c.alignment = { wrapText: true };
  });
  if (r.leaveProblems.length) {
    const wsP = wb.addWorksheet('请假数据问题');
    ['文件', '行', '列', '代码', '说明'].forEach((h, i) => {
      const c = wsP.getCell(1, i + 1);
      c.value = h;
      c.style = HEAD;
    });
    r.leaveProblems.forEach((p, k) =>
      [p.file, p.row, p.column, p.code, p.message].forEach((v, i) => (wsP.getCell(2 + k, i + 1).value = v)),
    );
    wsP.getColumn(5).width = 80;
  }
  fitExcelLimits(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
