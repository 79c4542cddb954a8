import { execFileSync } from 'child_process';
import { SAMPLE_ARGS } from '../helpers/sample-month';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { cli, sample } from '../helpers/cli';
import { loadScoredMonth } from '../../scripts/slips/inputs';
import { summarizeMonth } from '../../core/periods/summary';
import { meanOneDecimal, monthScoresOf } from '../../core/periods';
import { testWith, toolPath } from '../helpers/tools';

/** Fraction of non-white pixels of a binary PGM (P5) inside a box given in fractions of the page. */
function inkFraction(pgm: Buffer, box: { x0: number; x1: number; y0: number; y1: number }): number {
  const header = pgm.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header)!;
  const [w, h] = [Number(m[1]), Number(m[2])];
  const data = pgm.subarray(m[0].length);
  let ink = 0;
  let all = 0;
  for (let y = Math.floor(box.y0 * h); y < Math.floor(box.y1 * h); y++) {
    for (let x = Math.floor(box.x0 * w); x < Math.floor(box.x1 * w); x++) {
      all++;
      if (data[y * w + x] < 200) ink++;
    }
  }
  return ink / all;
}

describe('management summary', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaohe-summary-'));
    const sep = await cli([
      'score',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-09.csv'),
      '--adjustments',
      sample('额外奖惩-2026-09.csv'),
      '--month',
      '2026-09',
      '--json',
    ]);
    expect(sep.code).toBe(0);
    await fs.writeFile(path.join(dir, '2026-09.json'), sep.stdout);
    const r = await cli([
      'summary',
      ...SAMPLE_ARGS,
      '--previous-workbooks',
      path.join(dir, '2026-09.json'),
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    file = path.join(dir, '管理汇总-2026-10.xlsx');
  });

  test('figures: grade counts add up to the head count; team means are the means of their members', async () => {
    const m = await loadScoredMonth(
      {
        roster: sample('员工名单.csv'),
        entries: sample('考核记录-2026-10.csv'),
        adjustments: sample('额外奖惩-2026-10.csv'),
        month: '2026-10',
      },
      'summary',
    );
    const s = summarizeMonth(m.result, m.policy, []);
    expect(s.headcount).toBe(40);
    expect(s.grades.reduce((n, g) => n + g.counts.get('')!, 0)).toBe(40);
    for (const t of s.teams)
      expect(s.grades.reduce((n, g) => n + g.counts.get(t)!, 0)).toBe(s.teamRows.find((x) => x.team === t)!.count);
    expect(s.teams).toEqual(['一组', '二组', '三组', '夜班组']); // roster order
    for (const row of s.teamRows) {
      expect(row.mean).toBe(meanOneDecimal(m.result.employees.filter((e) => e.team === row.team).map((e) => e.score)));
    }
    expect(s.top[0]).toMatchObject({ id: '0235', score: 93 });
    expect(s.bottom[0]).toMatchObject({ id: '0580', score: 20 });
    // Ties with the 5th are included: 83 is shared by 0075 and 0744.
    expect(s.top.map((e) => e.id)).toEqual(['0235', '0163', '0795', '0800', '0075', '0744']);
    const below = s.warnings.filter((w) => w.warning === '当月低于60分');
    expect(below.map((w) => w.id)).toEqual(['0102', '0291', '0387', '0373', '0924', '0580']);
    expect(below[0].reason).toBe('总分 57 分，低于 60 分');
    const d01 = s.warnings.find((w) => w.warning.startsWith('直接辞退'))!;
    expect(d01).toMatchObject({ id: '0305', warning: '直接辞退:工作时间内睡觉' });
    expect(d01.reason).toMatch(/^2026-10-\d\d D01 工作时间内睡觉/);
    expect(s.previousMonth).toBeNull();
    expect(s.changes).toEqual([]);
  });

  test('each warning gets the reason of the rule that raised it, not of the first rule whose wording it matches', async () => {
    // A category rule worded '{name}（…）' comes first: every warning text starts with its empty
    // prefix, so matching texts back to rules gave 当月低于60分 the reason of that category rule.
    const daily = JSON.parse(
      await fs.readFile(path.join(__dirname, '../../templates/policies/kefu-daily.json'), 'utf8'),
    );
    daily.warnings.unshift({ type: 'category', category: 'dismissal', text: '{name}（直接辞退）' });
    const policyFile = path.join(dir, 'name-first.json');
    await fs.writeFile(policyFile, JSON.stringify(daily));
    const m = await loadScoredMonth(
      {
        roster: sample('员工名单.csv'),
        entries: sample('考核记录-2026-10.csv'),
        adjustments: sample('额外奖惩-2026-10.csv'),
        month: '2026-10',
        policy: policyFile,
      },
      'summary',
    );
    const s = summarizeMonth(m.result, m.policy, []);
    const below = s.warnings.find((w) => w.warning === '当月低于60分')!;
    expect(below).toMatchObject({ code: 'scoreBelow', reason: '总分 57 分，低于 60 分' });
    const named = s.warnings.find((w) => w.warning === '工作时间内睡觉（直接辞退）')!;
    expect(named).toMatchObject({ id: '0305', code: 'category' });
    expect(named.reason).toMatch(/^2026-10-\d\d D01 工作时间内睡觉/);
  });

  test('month-on-month change against the previous month', async () => {
    const sep = await loadScoredMonth(
      {
        roster: sample('员工名单.csv'),
        entries: sample('考核记录-2026-09.csv'),
        adjustments: sample('额外奖惩-2026-09.csv'),
        month: '2026-09',
      },
      'summary',
    );
    const oct = await loadScoredMonth(
      {
        roster: sample('员工名单.csv'),
        entries: sample('考核记录-2026-10.csv'),
        adjustments: sample('额外奖惩-2026-10.csv'),
        month: '2026-10',
      },
      'summary',
    );
    const s = summarizeMonth(oct.result, oct.policy, [monthScoresOf(sep.result)]);
    expect(s.previousMonth).toBe('2026-09');
    for (const c of s.changes) {
      const before = sep.result.employees.find((e) => e.id === c.id);
      if (!before) expect(c.change).toBeNull();
      else expect(c.change).toBeCloseTo(c.score - before.score, 5);
    }
    // 0744 joined 2026-10-08: no September score, change empty.
    expect(s.changes.find((c) => c.id === '0744')).toMatchObject({ previous: null, change: null });
    const yi = s.teamRows.find((t) => t.team === '一组')!;
    expect(yi.previousMean).toBe(
      meanOneDecimal(sep.result.employees.filter((e) => e.team === '一组').map((e) => e.score)),
    );
    expect(s.trend.map((t) => t.month)).toEqual(['2026-09', '2026-10']);
  });

  test('the workbook: sheets, tables and native chart parts (drawing, rels, content types), well-formed XML', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '预警名单', '前后5名', '环比', '月度趋势']);
    const zip = await JSZip.loadAsync(await fs.readFile(file));
    const charts = Object.keys(zip.files)
      .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
      .sort();
    expect(charts).toEqual([
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
      'xl/charts/chart3.xml',
      'xl/charts/chart4.xml',
    ]);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    for (const c of charts) expect(types).toContain(`PartName="/${c}"`);
    const c1 = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(c1).toContain('<c:barChart>');
    expect(c1).toContain("<c:f>'汇总'!$B$");
    expect(c1).toContain('<c:v>不合格</c:v>');
    const c4 = await zip.file('xl/charts/chart4.xml')!.async('string');
    expect(c4).toContain('<c:lineChart>');
    for (const f of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
      const errors: string[] = [];
      new DOMParser({
        onError: (level: string, msg: string) => {
          if (level !== 'warning') errors.push(`${f}: ${msg}`);
        },
      }).parseFromString(await zip.file(f)!.async('string'), 'text/xml');
      expect(errors).toEqual([]);
    }
    const sheetRels = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string');
    expect(sheetRels).toContain('relationships/drawing');
  });

  testWith(['soffice', 'pdftotext', 'pdftoppm', 'cjk-fonts'], '管理汇总转 PDF 后的图表')(
    'LibreOffice converts it to PDF and page 1 shows the charts (titles, axis labels, ink in the chart area)',
    async () => {
      const out = path.join(dir, 'pdf');
      await fs.mkdir(out, { recursive: true });
      const profile = `file://${path.join(dir, 'lo-profile')}`;
      execFileSync(
        toolPath('soffice') ?? 'soffice',
        [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file],
        { stdio: 'ignore', timeout: 120000 },
      );
      const pdf = path.join(out, '管理汇总-2026-10.pdf');
      const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']).toString();
      expect(text).toContain('2026-10 等级分布（人数）');
      expect(text).toContain('2026-10 各组平均分');
      expect(text).toMatch(/上月\s*\(2026-09\)/); // legend of the team chart
      expect(text).toContain('平均分');
      const all = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
      expect(all).toContain('各组平均分趋势'); // the line chart on 月度趋势, inside its print area
      execFileSync('pdftoppm', [
        '-f',
        '1',
        '-l',
        '1',
        '-r',
        '40',
        '-gray',
        path.join(out, '管理汇总-2026-10.pdf'),
        path.join(out, 'page'),
      ]);
      const pgm = await fs.readFile(path.join(out, (await fs.readdir(out)).find((f) => f.endsWith('.pgm'))!));
      // The charts sit right of the tables: that area must carry bars, not be blank paper.
      expect(inkFraction(pgm, { x0: 0.62, x1: 0.98, y0: 0.1, y1: 0.85 })).toBeGreaterThan(0.05);
    },
    180000,
  );

  test('--scores: the month from a kaohe score --json file gives the same distribution and warnings', async () => {
    const oct = await cli(['score', ...SAMPLE_ARGS, '--previous', path.join(dir, '2026-09.json'), '--json']);
    await fs.writeFile(path.join(dir, '2026-10.json'), oct.stdout);
    const out = path.join(dir, 'from-json');
    const r = await cli([
      'summary',
      '--scores',
      path.join(dir, '2026-10.json'),
      '--previous-workbooks',
      path.join(dir, '2026-09.json'),
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('40 人，平均分 70.8，预警 10 条');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '管理汇总-2026-10.xlsx'));
    const w = wb.getWorksheet('预警名单')!;
    const rows: string[] = [];
    w.eachRow((row, n) => {
      if (n > 2) rows.push(`${row.getCell(1).value} ${row.getCell(6).value} ${row.getCell(7).value}`);
    });
    expect(rows).toContain('0102 当月低于60分 总分 57 分，低于 60 分');
    expect(rows).toContain(
      '0580 连续两月末位且低于70分 本月 20 分为末位；上月（2026-09）0 分也为末位；两月均低于 70 分',
    );
  });

  test('an existing summary is not overwritten without --force', async () => {
    const r = await cli([
      'summary',
      '--roster',
      sample('员工名单.csv'),
      '--entries',
      sample('考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('已存在');
  });
});
