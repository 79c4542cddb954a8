/**
 * `npm run demo`: the month-end job on the bundled sample data in samples/, through the real CLI,
 * writing everything into out/. Each step is the command a user would type. The tests run the same
 * steps into a temporary folder (`demoSteps`, `runDemo`).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { main } from './cli/main';

const root = path.resolve(__dirname, '..', '..');

export interface Step {
  title: string;
  args: string[];
  /** Where stdout goes (a file in out/), or undefined to show it. */
  stdoutTo?: string;
}

/** --roster, --entries and --adjustments of the bundled sample month `month` (2026-09 or 2026-10) in `samples`. */
export function monthInputs(samples: string, month: string): string[] {
  const s = (name: string) => path.join(samples, name);
  return [
    '--roster',
    s('员工名单.csv'),
    '--entries',
    s(`考核记录-${month}.csv`),
    '--adjustments',
    s(`额外奖惩-${month}.csv`),
  ];
}

/** The demo's commands, reading the samples in `samples` and writing into `outDir`. */
export function demoSteps(samples = 'samples', outDir = 'out'): Step[] {
  const s = (name: string) => path.join(samples, name);
  const out = (name: string) => path.join(outDir, name);
  const previous = ['--previous', out('考核结果-2026-09.json')];
  /** October's three inputs, September's result (for 连续两月末位) and the month. */
  const october = [...monthInputs(samples, '2026-10'), ...previous, '--month', '2026-10'];
  const calls = ['--calls', s('呼叫系统导出-2026-10.csv')];
  const qa = ['qa', '--checks', s('抽查记录-2026-10.csv'), '--roster', s('员工名单.csv'), '--month', '2026-10'];
  return [
    {
      title: '9月考核结果（JSON，供10月的连续两月末位检查使用）',
      args: ['score', ...monthInputs(samples, '2026-09'), '--month', '2026-09', '--json'],
      stdoutTo: out('考核结果-2026-09.json'),
    },
    {
      title: '10月考核结果（JSON）',
      args: ['score', ...october, '--json'],
      stdoutTo: out('考核结果-2026-10.json'),
    },
    {
      title: '10月考核结果',
      args: ['score', ...october],
    },
    {
      title: '10月月度考核工作簿（汇总为公式：在 Excel/WPS 中改一条记录，总分、等级、名次随之重算）',
      args: ['monthly', ...october, '--out', outDir, '--force'],
    },
    {
      title: '10月录音抽查：每人的问题、亮点和严重违纪罚款，领班每日、部长每周的抽查覆盖（样例含几行错误数据）',
      args: [...qa, '--out', outDir, '--force'],
    },
    {
      title: '10月录音抽查（JSON）',
      args: [...qa, '--json'],
      stdoutTo: out('录音抽查-2026-10.json'),
    },
    {
      title: '10月个人考核单（每人一份，仅含本人信息；列出本人的录音抽查问题、亮点和罚款）',
      args: [
        'slips',
        '--workbook',
        out('月度考核-2026-10.xlsx'),
        ...previous,
        '--checks',
        s('抽查记录-2026-10.csv'),
        '--out',
        out('个人考核单'),
        '--force',
      ],
    },
    {
      title: '10月管理汇总（含图表，与9月对比）',
      args: [
        'summary',
        '--workbook',
        out('月度考核-2026-10.xlsx'),
        '--previous-workbooks',
        out('考核结果-2026-09.json'),
        '--out',
        outDir,
        '--force',
      ],
    },
    {
      title: '10月定稿：写出受保护的定稿版本（原工作簿不变），记录定稿人、时间和数据指纹',
      args: ['close', '--workbook', out('月度考核-2026-10.xlsx'), '--by', '张敏', '--out', out('定稿'), '--force'],
    },
    {
      title:
        '申诉 SS-2026-10-001 成立（见 samples/申诉登记-2026-10.csv）：作废马杰的 L01（考核记录第3行），写出定稿第2版',
      args: [
        'correct',
        '--workbook',
        out('定稿/月度考核-2026-10-定稿.xlsx'),
        '--void',
        '3',
        '--reason',
        '申诉成立',
        '--appeal',
        'SS-2026-10-001',
        '--appeals',
        s('申诉登记-2026-10.csv'),
        '--by',
        '李娜',
        ...previous,
        '--out',
        out('定稿'),
        '--force',
      ],
    },
    {
      title: '第1版与第2版逐人对比',
      args: ['diff', out('定稿/月度考核-2026-10-定稿.xlsx'), out('定稿/月度考核-2026-10-定稿-v2.xlsx'), ...previous],
    },
    {
      title:
        '只重发结果有变化的个人考核单（第2版），加打开密码；密码表写到 out/密码表-2026-10-第2版.xlsx（仅供人力资源部）',
      args: [
        'slips',
        '--workbook',
        out('定稿/月度考核-2026-10-定稿-v2.xlsx'),
        '--changed-since',
        out('定稿/月度考核-2026-10-定稿.xlsx'),
        ...previous,
        '--out',
        out('个人考核单-第2版'),
        '--generate-passwords',
        '--force',
      ],
    },
    {
      title: '更正后的管理汇总，含申诉登记（按 2026-11-20 判断逾期）',
      args: [
        'summary',
        '--workbook',
        out('定稿/月度考核-2026-10-定稿-v2.xlsx'),
        '--previous-workbooks',
        out('考核结果-2026-09.json'),
        '--appeals',
        s('申诉登记-2026-10.csv'),
        '--today',
        '2026-11-20',
        '--out',
        out('定稿'),
        '--force',
      ],
    },
    {
      title: '2026年第4季度考核（样例只有10月：11、12月列为缺少，不按0分计；9月用于连续季度末位检查）',
      args: [
        'period',
        '--quarter',
        '2026Q4',
        '--workbooks',
        out('考核结果-2026-09.json'),
        '--workbooks',
        out('月度考核-2026-10.xlsx'),
        '--out',
        outDir,
        '--force',
      ],
    },
    {
      title: '呼叫中心日报 2026-10-05（报修、完成、回访、异常事件、问题数据、核对）',
      args: ['daily', ...calls, '--date', '2026-10-05', '--out', outDir, '--force'],
    },
    {
      title: '呼叫中心10月每日日报和日报汇总（含来电与完成率趋势图）',
      args: ['daily', ...calls, '--month', '2026-10', '--out', out('日报-2026-10'), '--force'],
    },
    {
      title: '呼叫中心周报 2026-W41（10月5日至11日：每天一列、合计、趋势图、异常事件清单、核对）',
      args: ['daily', ...calls, '--week', '2026-W41', '--out', outDir, '--force'],
    },
    {
      title: '呼叫中心月报 2026-10（全月合计、每天一列、趋势图、异常事件清单、核对）',
      args: ['daily', ...calls, '--month', '2026-10', '--report', '--out', outDir, '--force'],
    },
  ];
}

/** Runs the steps in order; stops at the first that fails and returns its exit code. */
export async function runDemo(
  steps: Step[],
  outDir: string,
  io: { out: (t: string) => void; err: (t: string) => void; isTTY: boolean },
): Promise<number> {
  await fs.mkdir(outDir, { recursive: true });
  for (const step of steps) {
    io.out(`\n=== ${step.title}\n$ npx kaohe ${step.args.join(' ')}${step.stdoutTo ? ` > ${step.stdoutTo}` : ''}\n`);
    let captured = '';
    const code = await main(step.args, {
      out: (t) => (step.stdoutTo ? (captured += t) : io.out(t)),
      err: io.err,
      isTTY: io.isTTY,
    });
    if (step.stdoutTo) await fs.writeFile(step.stdoutTo, captured);
    if (code !== 0) {
      io.err(`演示在「${step.title}」一步失败（退出码 ${code}）。\n`);
      return code;
    }
  }
  return 0;
}

async function run(): Promise<number> {
  process.chdir(root);
  const io = {
    out: (t: string) => void process.stdout.write(t),
    err: (t: string) => void process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
  };
  const code = await runDemo(demoSteps(), 'out', io);
  if (code === 0) io.out(`\n演示完成，输出在 ${path.join(root, 'out')}\n`);
  return code;
}

if (require.main === module) run().then((code) => (process.exitCode = code));
