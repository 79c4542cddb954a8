/**
 * Deterministic generator of a call system export (SPEC §6 columns), for the bundled sample, the
 * tests and the bench. Same seed, same file. Run directly to rewrite the bundled sample:
 *   npm run build:cli && node build/scripts/daily/sample-export.js
 * -> samples/呼叫系统导出-2026-10.csv (GB18030, as Chinese Excel saves CSV).
 */
import { createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import { daysOfMonth, localSeconds } from '../../core/daily/datetime';
import { rng } from '../random';

const HEADERS = [
  '受理时间',
  '工单号',
  '工号',
  '来电类型',
  '来源',
  '住户姓名',
  '地址',
  '电话',
  '维修站',
  '接单时间',
  '联系住户时间',
  '完成时间',
  '状态',
  '维修站无人接听',
  '投诉对象',
  '回访时间',
  '是否解决',
  '维修工态度',
  '是否收费',
  '评分',
  '意见',
] as const;

/** The export's columns, in its order. */
export const EXPORT_HEADERS: string[] = [...HEADERS];
export type ExportHeader = (typeof HEADERS)[number];

/** One export row from the cells that are filled in, by column name; the others are empty. */
export function exportRow(cells: Partial<Record<ExportHeader, string>>): string[] {
  return HEADERS.map((h) => cells[h] ?? '');
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** A local-seconds moment written the ways exports write it. */
export function formatExportTime(seconds: number, style: number): string {
  const d = new Date(seconds * 1000);
  const y = d.getUTCFullYear(),
    mo = d.getUTCMonth() + 1,
    da = d.getUTCDate();
  const h = d.getUTCHours(),
    mi = d.getUTCMinutes(),
    s = d.getUTCSeconds();
  switch (style) {
    case 1:
      return `${y}-${pad2(mo)}-${pad2(da)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
    case 2:
      return `${y}年${mo}月${da}日 ${h}时${pad2(mi)}分`;
    case 3:
      return `${y}-${pad2(mo)}-${pad2(da)} ${pad2(h)}:${pad2(mi)}`;
    default:
      return `${y}/${mo}/${da} ${h}:${pad2(mi)}${s ? ':' + pad2(s) : ''}`; // Chinese Excel's own
  }
}

export interface GenerateOptions {
  seed: number;
  month: string;
  /** Days of the month to fill (1-based); all days when omitted. */
  days?: number[];
  callsPerDay: number;
  stations: string[];
  agents: string[];
  /** Minutes are whole (the export's usual precision) unless seconds are wanted. */
  seconds?: boolean;
  /** Which time styles to mix (see formatExportTime); default all four. */
  styles?: number[];
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const STREETS = ['幸福路', '和平街', '建设大街', '人民路', '光明小区', '新华里', '长江路', '滨河花园'];
const PRAISE = ['维修师傅很耐心，谢谢', '上门及时，态度好', '暖气修好了，表扬师傅'];
const COMPLAINTS = ['师傅迟到两个小时', '维修后仍然不热', '收费不合理', '收费员态度差'];
const ADVICE = ['建议提前通知停暖时间', '希望增加夜间维修', '建议公布维修进度'];

/** Data rows (without header) of one export, in 受理时间 order, as text cells. */
export function* generateCallRows(o: GenerateOptions): Generator<string[]> {
  const r = rng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const styles = o.styles ?? [0, 0, 0, 1, 2, 3];
  const all = daysOfMonth(o.month);
  const days = (o.days ?? all.map((_, i) => i + 1)).map((d) => all[d - 1]);
  let seq = 0;
  for (const day of days) {
    const [y, mo, da] = day.split('-').map(Number);
    const start = localSeconds(y, mo, da)!;
    const n = o.callsPerDay;
    // Calls spread over the day, denser from 7:00 to 22:00.
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const hour = r() < 0.9 ? 7 + r() * 15 : r() * 24;
      let t = start + Math.floor(hour * 3600);
      if (!o.seconds) t -= t % 60;
      times.push(Math.min(t, start + 86399));
    }
    times.sort((a, b) => a - b);
    for (const received of times) {
      seq++;
      const style = pick(styles);
      const fmt = (t: number | null) => (t === null ? '' : formatExportTime(o.seconds ? t : t - (t % 60), style));
      const u = r();
      const type = u < 0.6 ? '报修' : u < 0.8 ? '咨询' : u < 0.88 ? '投诉' : u < 0.94 ? '表扬' : '建议';
      const source = r() < 0.06 ? '供热办' : '住户';
      const resident = pick([...SURNAMES]) + (r() < 0.5 ? '先生' : '女士');
      const address = `${pick(STREETS)}${1 + Math.floor(r() * 60)}号${1 + Math.floor(r() * 6)}单元${100 + Math.floor(r() * 1700)}`;
      const phone = `13${Math.floor(100000000 + r() * 899999999)}`;
      const station = type === '咨询' && r() < 0.5 ? '' : pick(o.stations);
      let accepted: number | null = null,
        contacted: number | null = null,
        done: number | null = null;
      let status = '';
      let target = '';
      let opinion = '';
      if (type === '报修') {
        const a = r();
        accepted = a < 0.03 ? null : received + Math.floor((a < 0.88 ? 2 + r() * 28 : 31 + r() * 90) * 60);
        const c = r();
        contacted =
          c < 0.03 ? null : (accepted ?? received) + Math.floor((c < 0.85 ? 5 + r() * 30 : 40 + r() * 90) * 60);
        const s = r();
        status = s < 0.75 ? '已完成' : s < 0.9 ? '处理中' : '待处理';
        if (status === '已完成')
          done = (contacted ?? received) + Math.floor((r() < 0.85 ? 0.4 + r() * 2.5 : 3 + r() * 8) * 3600);
      } else if (type === '投诉') {
        target = r() < 0.6 ? '维修人员' : '收费人员';
        opinion = pick(COMPLAINTS);
        status = r() < 0.7 ? '已完成' : '处理中';
      } else if (type === '表扬') {
        opinion = pick(PRAISE);
        status = '已完成';
      } else if (type === '建议') {
        opinion = pick(ADVICE);
        status = '已完成';
      } else {
        status = '已完成';
      }
      const noAnswer = station !== '' && r() < 0.04 ? '是' : '否';
      let visit = '',
        solved = '',
        attitude = '',
        charged = '',
        score = '';
      if (done !== null && r() < 0.7) {
        visit = fmt(done + Math.floor((0.5 + r() * 60) * 3600));
        solved = r() < 0.87 ? '是' : '否';
        const at = r();
        attitude = at < 0.7 ? '满意' : at < 0.9 ? '一般' : '不满意';
        charged = r() < 0.1 ? '是' : '否';
        score =
          r() < 0.1
            ? ''
            : String(
                Math.max(
                  1,
                  Math.min(
                    10,
                    Math.round(attitude === '满意' ? 8 + r() * 2 : attitude === '一般' ? 5 + r() * 3 : 1 + r() * 4),
                  ),
                ),
              );
      }
      yield [
        fmt(received),
        `GD${day.replace(/-/g, '')}${String(seq).padStart(6, '0')}`,
        pick(o.agents),
        type,
        source,
        resident,
        address,
        phone,
        station,
        fmt(accepted),
        fmt(contacted),
        fmt(done),
        status,
        noAnswer,
        target,
        visit,
        solved,
        attitude,
        charged,
        score,
        opinion,
      ];
    }
  }
}

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}

/** Writes rows (header first) as CSV, GB18030 (Chinese Excel) or UTF-8, streaming. */
export async function writeCallCsv(
  file: string,
  rows: Iterable<string[]>,
  encoding: 'gb18030' | 'utf8' = 'gb18030',
): Promise<void> {
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  let buf = '';
  const flush = async () => {
    const bytes = encoding === 'utf8' ? Buffer.from(buf, 'utf8') : iconv.encode(buf, 'gb18030');
    buf = '';
    if (!out.write(bytes)) await new Promise<void>((res) => out.once('drain', () => res()));
  };
  for (const row of rows) {
    buf += csvLine(row);
    if (buf.length > 1 << 18) await flush();
  }
  await flush();
  out.end();
  await done;
}

/** The bundled sample: 2026-10-01..07, a few hundred calls, every abnormal event, a few bad rows. */
export function sampleRows(): string[][] {
  const rows = [
    ...generateCallRows({
      seed: 20261005,
      month: '2026-10',
      days: [1, 2, 3, 4, 5, 6, 7],
      callsPerDay: 55,
      stations: ['东城维修站', '西城维修站', '南湖维修站', '北苑维修站'],
      agents: ['0101', '0102', '0103', '0105', '0108', '0112'],
    }),
  ];
  const at5 = rows.findIndex((row) => row[1].startsWith('GD20261005'));
  // Boundary cases on 10-05: accepted after exactly 30 min (on time) and completed after exactly 4 h (not over).
  rows.splice(
    at5,
    0,
    exportRow({
      受理时间: '2026-10-05 08:00',
      工单号: 'GD20261005900001',
      工号: '0101',
      来电类型: '报修',
      来源: '住户',
      住户姓名: '赵先生',
      地址: '幸福路3号1单元101',
      电话: '13900000001',
      维修站: '东城维修站',
      接单时间: '2026-10-05 08:30',
      联系住户时间: '2026-10-05 08:50',
      完成时间: '2026-10-05 12:00',
      状态: '已完成',
      维修站无人接听: '否',
      回访时间: '2026-10-07 10:00',
      是否解决: '是',
      维修工态度: '满意',
      是否收费: '否',
      评分: '10',
    }),
    exportRow({
      受理时间: '2026-10-05 08:05',
      工单号: 'GD20261005900002',
      工号: '0102',
      来电类型: '报修',
      来源: '供热办',
      住户姓名: '钱女士',
      地址: '和平街8号2单元502',
      电话: '13900000002',
      维修站: '西城维修站',
      接单时间: '2026-10-05 08:36',
      联系住户时间: '2026-10-05 09:06',
      完成时间: '2026-10-05 12:05:01',
      状态: '已完成',
      维修站无人接听: '是',
      意见: '供热办转来：三楼不热',
    }),
    // Bad rows of 10-05: an unknown type, an unreadable 完成时间, an 意见 that looks like a formula.
    exportRow({
      受理时间: '2026-10-05 09:10',
      工单号: 'GD20261005900003',
      工号: '0103',
      来电类型: '保修',
      来源: '住户',
      住户姓名: '孙先生',
      地址: '人民路5号',
      电话: '13900000003',
      维修站: '南湖维修站',
      状态: '待处理',
      维修站无人接听: '否',
    }),
    exportRow({
      受理时间: '2026-10-05 09:20',
      工单号: 'GD20261005900004',
      工号: '0105',
      来电类型: '报修',
      来源: '住户',
      住户姓名: '李女士',
      地址: '长江路9号',
      电话: '13900000004',
      维修站: '北苑维修站',
      接单时间: '2026-10-05 09:30',
      联系住户时间: '2026-10-05 09:45',
      完成时间: '2026-10-5 25:00',
      状态: '已完成',
      维修站无人接听: '否',
    }),
    exportRow({
      受理时间: '2026-10-05 10:30',
      工单号: 'GD20261005900008',
      工号: '0112',
      来电类型: '表扬',
      来源: '住户',
      住户姓名: '冯女士',
      地址: '建设大街12号',
      电话: '13900000008',
      维修站: '南湖维修站',
      状态: '已完成',
      维修站无人接听: '否',
      意见: '王师傅半夜上门修好暖气，特此表扬',
    }),
    exportRow({
      受理时间: '2026-10-05 11:00',
      工单号: 'GD20261005900009',
      工号: '0103',
      来电类型: '投诉',
      来源: '住户',
      住户姓名: '陈先生',
      地址: '和平街3号',
      电话: '13900000009',
      维修站: '东城维修站',
      状态: '处理中',
      维修站无人接听: '否',
      投诉对象: '维修人员',
      意见: '维修师傅约好上午来，下午才到',
    }),
    exportRow({
      受理时间: '2026-10-05 10:00',
      工单号: 'GD20261005900005',
      工号: '0108',
      来电类型: '建议',
      来源: '住户',
      住户姓名: '周先生',
      地址: '新华里2号',
      电话: '13900000005',
      状态: '已完成',
      维修站无人接听: '否',
      意见: '=HYPERLINK("http://example.com","点我")',
    }),
  );
  // Rows whose 受理时间 cannot be read: they belong to no day and every report lists them.
  rows.push(
    exportRow({
      受理时间: '2026-10-0? 09:00',
      工单号: 'GD20261005900006',
      工号: '0112',
      来电类型: '咨询',
      来源: '住户',
      住户姓名: '吴女士',
      地址: '滨河花园6号',
      电话: '13900000006',
      状态: '已完成',
      维修站无人接听: '否',
    }),
    exportRow({
      工单号: 'GD20261005900007',
      工号: '0101',
      来电类型: '报修',
      来源: '住户',
      住户姓名: '郑先生',
      地址: '光明小区1号',
      电话: '13900000007',
      维修站: '东城维修站',
      状态: '待处理',
      维修站无人接听: '否',
    }),
  );
  return rows;
}

async function writeSample(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const file = path.join(root, 'samples', '呼叫系统导出-2026-10.csv');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeCallCsv(file, [EXPORT_HEADERS, ...sampleRows()], 'gb18030');
  process.stdout.write(`写入 ${file}\n`);
}

if (require.main === module)
  writeSample().catch((e) => {
    process.stderr.write(String(e) + '\n');
    process.exitCode = 1;
  });
