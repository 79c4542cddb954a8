import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './run';

const samples = path.resolve(__dirname, '../../samples');
const examples = path.resolve(__dirname, '../fixtures/shared-example');
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-cli-'));
});

describe('kaohe score, the command line', () => {
  test('--help and each command help are Chinese', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('客服考核助手');
    const help = await runCli(['score', '--help']);
    expect(help.stdout).toContain('考核月份');
  });

  test('a missing file: one Chinese line on stderr and a non-zero exit', async () => {
    const r = await runCli([
      'score',
      '--roster',
      path.join(tmp, 'nope.csv'),
      '--entries',
      'x.csv',
      '--month',
      '2026-10',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('找不到文件');
  });

  test('a missing required column is named', async () => {
    const f = path.join(tmp, 'entries.csv');
    await fs.writeFile(f, '日期,员工,项目代码\n2026-10-01,0007,L01\n');
    const r = await runCli([
      'score',
      '--roster',
      path.join(examples, 'roster.csv'),
      '--entries',
      f,
      '--month',
      '2026-10',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('缺少必需的列「工号」');
  });

  test('a bad policy file names the bad field', async () => {
    const f = path.join(tmp, 'policy.json');
    await fs.writeFile(
      f,
      JSON.stringify({
        id: 'x',
        name: 'x',
        base: 80,
        scoreMax: 110,
        categories: [],
        items: [{ code: 'A', name: 'a', category: 'nope', points: 1 }],
        grades: [{ name: 'A' }],
      }),
    );
    const r = await runCli([
      'score',
      '--roster',
      path.join(examples, 'roster.csv'),
      '--entries',
      path.join(examples, 'entries-2026-11.csv'),
      '--month',
      '2026-11',
      '--policy',
      f,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('items[0].category');
  });

  test('an unknown preset lists the choices', async () => {
    const r = await runCli([
      'score',
      '--roster',
      'a.csv',
      '--entries',
      'b.csv',
      '--month',
      '2026-11',
      '--policy',
      'nope',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kefu-daily');
  });

  test('bad --month is refused', async () => {
    const r = await runCli(['score', '--roster', 'a.csv', '--entries', 'b.csv', '--month', '2026-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('YYYY-MM');
  });

  test('--strict exits 1 when anything was rejected; 0 otherwise', async () => {
    const base = [
      'score',
      '--roster',
      path.join(examples, 'roster.csv'),
      '--entries',
      path.join(examples, 'entries-2026-11.csv'),
      '--month',
      '2026-11',
      '--json',
    ];
    expect((await runCli(base)).code).toBe(0);
    expect((await runCli([...base, '--strict'])).code).toBe(1);
  });

  test('the table output lines up Chinese text and lists every rejection', async () => {
    const r = await runCli([
      'score',
      '--roster',
      path.join(samples, '员工名单.csv'),
      '--entries',
      path.join(samples, '考核记录-2026-10.csv'),
      '--adjustments',
      path.join(samples, '额外奖惩-2026-10.csv'),
      '--month',
      '2026-10',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(
      (
        await runCli([
          'score',
          '--roster',
          path.join(samples, '员工名单.csv'),
          '--entries',
          path.join(samples, '考核记录-2026-10.csv'),
          '--adjustments',
          path.join(samples, '额外奖惩-2026-10.csv'),
          '--month',
          '2026-10',
          '--json',
        ])
      ).stdout,
    );
    for (const p of json.rejected) expect(r.stdout).toContain(p.message);
    expect(json.counts.accepted + json.counts.voided + json.counts.rejected).toBe(json.counts.entries);
    expect(json.employees).toHaveLength(40);
  });

  test('--previous feeds the 连续两月末位 check', async () => {
    const common = ['--roster', path.join(samples, '员工名单.csv'), '--month'];
    const sep = await runCli([
      'score',
      ...common,
      '2026-09',
      '--entries',
      path.join(samples, '考核记录-2026-09.csv'),
      '--json',
    ]);
    const prev = path.join(tmp, 'sep.json');
    await fs.writeFile(prev, sep.stdout);
    const oct = JSON.parse(
      (
        await runCli([
          'score',
          ...common,
          '2026-10',
          '--entries',
          path.join(samples, '考核记录-2026-10.csv'),
          '--previous',
          prev,
          '--json',
        ])
      ).stdout,
    );
    const sepDoc = JSON.parse(sep.stdout);
    const lastSep = Math.min(...sepDoc.employees.map((e: any) => e.score));
    const lastOct = Math.min(...oct.employees.map((e: any) => e.score));
    const flagged = oct.employees
      .filter((e: any) => e.warnings.includes('连续两月末位且低于70分'))
      .map((e: any) => e.id);
    const expected = oct.employees
      .filter((e: any) => e.score === lastOct && e.score < 70)
      .filter((e: any) => sepDoc.employees.some((p: any) => p.id === e.id && p.score === lastSep && p.score < 70))
      .map((e: any) => e.id);
    expect(flagged).toEqual(expected);
    expect(flagged.length).toBeGreaterThan(0);
  });
});

describe('argument parsing', () => {
  test('an option that repeats takes several files after one flag', async () => {
    const { parseCommandArgs } = await import('../../scripts/cli/args');
    const spec = {
      name: 't',
      summary: '',
      usage: '',
      examples: [],
      run: async () => 0,
      options: {
        workbooks: { type: 'string' as const, multiple: true, help: '' },
        out: { type: 'string' as const, help: '' },
        json: { type: 'boolean' as const, help: '' },
      },
    };
    expect(parseCommandArgs(spec, ['--workbooks', 'a.xlsx', 'b.xlsx', 'c.json', '--out', 'o', '--json'])).toMatchObject(
      { workbooks: ['a.xlsx', 'b.xlsx', 'c.json'], out: 'o', json: true },
    );
    expect(parseCommandArgs(spec, ['--workbooks', 'a.xlsx', '--workbooks', 'b.xlsx'])).toMatchObject({
      workbooks: ['a.xlsx', 'b.xlsx'],
    });
    await expect(async () => parseCommandArgs(spec, ['--out', 'o', 'stray'])).rejects.toThrow();
  });
});
