import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { main } from '../../scripts/cli/main';
import { loadScoredMonth } from '../../scripts/slips/inputs';
import { Redactor, loadSlipModel } from '../../scripts/slips/slip';
import { writeSlips } from '../../scripts/slips/write';
import { templatePath } from '../../scripts/output';
import { buildSlipTemplateWorkbook } from '../../scripts/templates/slip-template';
import { sample } from '../helpers/cli';

async function tmpDir(tag: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `kaohe-${tag}-`));
}

/** Every part of the xlsx zip as text (XML, rels, doc properties). */
async function zipTexts(file: string): Promise<{ name: string; text: string }[]> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const out: { name: string; text: string }[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir) continue;
    out.push({ name, text: await zip.files[name].async('string') });
  }
  return out;
}

const idPattern = (id: string) => new RegExp(`(?<![0-9.])${id}(?![0-9])`);

function leaks(
  texts: { name: string; text: string }[],
  self: { id: string; name: string },
  people: { id: string; name: string }[],
): string[] {
  const found: string[] = [];
  for (const p of people) {
    if (p.id === self.id) continue;
    for (const t of texts) {
      if (!self.name.includes(p.name) && t.text.includes(p.name)) found.push(`${p.name} in ${t.name}`);
      if (idPattern(p.id).test(t.text)) found.push(`${p.id} in ${t.name}`);
    }
  }
  return found;
}

describe('individual slips (规则说明 §6: only that employee in the file)', () => {
  let dir: string;
  let people: { id: string; name: string }[];
  let files: string[];

  beforeAll(async () => {
    dir = await tmpDir('slips');
    const month = await loadScoredMonth(
      {
        roster: sample('员工名单.csv'),
        entries: sample('考核记录-2026-10.csv'),
        adjustments: sample('额外奖惩-2026-10.csv'),
        month: '2026-10',
      },
      'slips',
    );
    people = month.people;
    const run = await writeSlips(month, { outDir: dir });
    files = run.written;
  });

  test('one slip per scored employee, named 个人考核单-2026-10-<工号>-<姓名>.xlsx', async () => {
    expect(files).toHaveLength(40);
    expect((await fs.readdir(dir)).sort()).toEqual(files.map((f) => path.basename(f)).sort());
    expect(files.map((f) => path.basename(f))).toContain('个人考核单-2026-10-0580-彭浩然.xlsx');
  });

  test('no other employee name or 工号 in any zip part of any slip (cells, shared strings, names, doc props)', async () => {
    for (const file of files) {
      const m = /个人考核单-2026-10-(\d+)-(.+)\.xlsx$/.exec(file)!;
      const self = { id: m[1], name: m[2] };
      const texts = await zipTexts(file);
      expect(leaks(texts, self, people)).toEqual([]);
      const all = texts.map((t) => t.text).join('\n');
      expect(all).toContain(self.name);
      expect(all).toContain(self.id);
      const core = texts.find((t) => t.name === 'docProps/core.xml')!.text;
      expect(core).toContain('<dc:creator>客服考核助手</dc:creator>');
      expect(core).toContain('<dc:title>个人考核单</dc:title>');
      // An absolute print area ("$A1:$F25" as exceljs writes from "A1:F25" is ignored by LibreOffice).
      expect(texts.find((t) => t.name === 'xl/workbook.xml')!.text).toMatch(
        /_xlnm\.Print_Area[^>]*>&apos;个人考核单&apos;!\$A\$1:\$F\$\d+</,
      );
    }
  });

  test('the template names nobody', async () => {
    const texts = await zipTexts(templatePath('个人考核单模板.xlsx'));
    expect(leaks(texts, { id: '', name: '' }, people)).toEqual([]);
  });

  test('0580 彭浩然: 总分 20, 不合格, −300, 第40名/共40人, every breakdown line, signature and appeal, one A4 page', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, '个人考核单-2026-10-0580-彭浩然.xlsx'));
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))));
    const byLabel = (label: string) => {
      let v: ExcelJS.CellValue = null;
      ws.eachRow((row) =>
        row.eachCell((c, col) => {
          if (c.value === label) v = row.getCell(col + 1).value;
        }),
      );
      return v;
    };
    expect(byLabel('总分')).toBe(20);
    expect(byLabel('等级')).toBe('不合格');
    expect(byLabel('绩效浮动(元)')).toBe(-300);
    expect(byLabel('名次')).toBe('第40名/共40人');
    expect(byLabel('预警')).toBe('当月低于60分');
    expect(cells).toContain('员工签字：');
    expect(cells.join('\n')).toContain('申诉：对考核结果有异议的，可在收到本单后7个工作日内向人力资源部书面申诉。');
    // breakdown: 80 + 5 − 45 − 20 = 20; the lines' points add up to 总分 − 基础分.
    const header = cells.indexOf('说明与依据');
    expect(header).toBeGreaterThan(0);
    const text = cells.join('\n');
    expect(text).toContain('X01 追加扣分');
    expect(text).toContain('S02 当班与客户发生口角争执或冲突(有效投诉)');
    expect(text).toContain('与住户争吵(有效投诉)');
    let total: ExcelJS.CellValue = null;
    ws.eachRow((row) =>
      row.eachCell((c, col) => {
        if (c.value === '合计（总分 − 基础分）' && total === null) total = row.getCell(col + 4).value;
      }),
    );
    expect(total).toMatchObject({ result: -60 });
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(1);
    expect(ws.pageSetup.paperSize).toBe(9);
  });

  test('the adjustment shows its 理由 and the voided entry is marked', async () => {
    const read = async (name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(dir, name));
      const out: string[] = [];
      wb.worksheets[0].eachRow((row) => row.eachCell((c) => out.push(String(c.text))));
      return out.join('\n');
    };
    const li = await read('个人考核单-2026-10-0075-李晓燕.xlsx');
    expect(li).toContain('额外奖惩（理由：带教新员工表现突出）');
    const all = await Promise.all(files.map((f) => read(path.basename(f))));
    expect(all.filter((t) => t.includes('【已作废】'))).toHaveLength(1);
    expect(all.join('\n')).toContain('作废原因');
  });

  test('existing slips are skipped without --force and overwritten with it', async () => {
    const month = await loadScoredMonth(
      { roster: sample('员工名单.csv'), entries: sample('考核记录-2026-10.csv'), month: '2026-10' },
      'slips',
    );
    const again = await writeSlips(month, { outDir: dir });
    expect(again.written).toHaveLength(0);
    expect(again.skipped).toHaveLength(40);
    const forced = await writeSlips(month, { outDir: dir, force: true });
    expect(forced.written).toHaveLength(40);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('free text naming a colleague is redacted; formulas stay text', () => {
  test('a note naming another employee shows 某同事/***, and =… is written as text', async () => {
    const dir = await tmpDir('redact');
    await fs.writeFile(
      path.join(dir, 'roster.csv'),
      '工号,姓名,组别,岗位,入职日期,状态\n1001,张三丰,一组,客服,2020-01-01,在职\n1002,李四海,一组,客服,2020-01-01,在职\n1003,王五洲,二组,客服,2026-09-01,试用\n',
    );
    await fs.writeFile(
      path.join(dir, 'entries.csv'),
      '日期,工号,项目代码,次数,分值,超时分钟,说明,记录人,状态,作废原因\n' +
        '2026-10-05,1001,S02,,,,与李四海（1002）争执,主管,,\n' +
        '2026-10-06,1001,L01,,,,=HYPERLINK("http://x"),主管,,\n' +
        '2026-10-07,1002,L02,,,,桌面凌乱,主管,,\n' +
        '2026-10-08,1001,L05,,,,记录漏填,主管,作废,录错人，应为王五洲\n',
    );
    await fs.writeFile(path.join(dir, 'adj.csv'), '月份,工号,分值,理由\n2026-10,1001,2,帮 1003 王五洲 顶班\n');
    const out = path.join(dir, 'out');
    const io = { text: '', err: '' };
    const code = await main(
      [
        'slips',
        '--roster',
        path.join(dir, 'roster.csv'),
        '--entries',
        path.join(dir, 'entries.csv'),
        '--adjustments',
        path.join(dir, 'adj.csv'),
        '--month',
        '2026-10',
        '--out',
        out,
      ],
      { out: (t) => (io.text += t), err: (t) => (io.err += t), isTTY: false },
    );
    expect(code).toBe(0);
    expect(io.text).toContain('已写出 3 份');
    expect(io.err).toBe('');
    const people = [
      { id: '1001', name: '张三丰' },
      { id: '1002', name: '李四海' },
      { id: '1003', name: '王五洲' },
    ];
    for (const p of people) {
      const texts = await zipTexts(path.join(out, `个人考核单-2026-10-${p.id}-${p.name}.xlsx`));
      expect(leaks(texts, p, people)).toEqual([]);
    }
    const zhang = (await zipTexts(path.join(out, '个人考核单-2026-10-1001-张三丰.xlsx'))).map((t) => t.text).join('\n');
    expect(zhang).toContain('与某同事（***）争执'); // notes are kept as typed (full-width brackets stay)
    expect(zhang).toContain('帮 *** 某同事 顶班');
    expect(zhang).toContain('录错人，应为某同事');
    expect(zhang).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(zhang).not.toContain('<f>HYPERLINK');
  });

  test('Redactor keeps the employee own name and 工号', () => {
    const r = new Redactor([
      { id: '0007', name: '王丽' },
      { id: '0008', name: '王丽娜' },
    ]);
    expect(r.clean('王丽娜 0008 与 王丽 0007', { id: '0008', name: '王丽娜' })).toBe('王丽娜 0008 与 王丽 ***');
    expect(r.clean('王丽娜 与 王丽', { id: '0007', name: '王丽' })).toBe('某同事 与 王丽');
  });

  test('a template naming an employee is refused', async () => {
    const dir = await tmpDir('tpl');
    const model = await loadSlipModel(templatePath('个人考核单模板.xlsx'));
    model.texts.push('考核人：张三丰');
    const month = await loadScoredMonth(
      { roster: sample('员工名单.csv'), entries: sample('考核记录-2026-10.csv'), month: '2026-10' },
      'slips',
    );
    month.people.push({ id: '9001', name: '张三丰' });
    await expect(writeSlips(month, { outDir: dir, model })).rejects.toThrow('模板中含有员工的姓名或工号');
  });
});

describe('slips: rubric policy, progress bar, --workbook before the reader exists', () => {
  test('kefu-supervisor: R05N × 2 + R05P on 接待来访 → the section cap line (扣完为止) is on the slip; progress bar on a TTY', async () => {
    const dir = await tmpDir('rubric');
    await fs.writeFile(
      path.join(dir, 'roster.csv'),
      '工号,姓名,组别,岗位,入职日期\nS001,赵主管,物业,主管,2020-01-01\nS002,钱主管,物业,主管,2020-01-01\n',
    );
    await fs.writeFile(
      path.join(dir, 'entries.csv'),
      '日期,工号,项目代码,次数\n2026-10-05,S001,R05N,2\n2026-10-06,S001,R05P,1\n',
    );
    const io = { out: '', err: '' };
    const code = await main(
      [
        'slips',
        '--roster',
        path.join(dir, 'roster.csv'),
        '--entries',
        path.join(dir, 'entries.csv'),
        '--month',
        '2026-10',
        '--policy',
        'kefu-supervisor',
        '--out',
        path.join(dir, 'out'),
      ],
      { out: (t) => (io.out += t), err: (t) => (io.err += t), isTTY: true },
    );
    expect(code).toBe(0);
    expect(io.err).toContain('生成个人考核单 [');
    expect(io.err).toContain('2/2');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', '个人考核单-2026-10-S001-赵主管.xlsx'));
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.text))));
    const text = cells.join('\n');
    expect(text).toContain('扣完为止');
    expect(text).toContain('第2名/共2人');
    const texts = await zipTexts(path.join(dir, 'out', '个人考核单-2026-10-S001-赵主管.xlsx'));
    expect(leaks(texts, { id: 'S001', name: '赵主管' }, [{ id: 'S002', name: '钱主管' }])).toEqual([]);
  });

  test('--workbook with --roster is refused with one Chinese line', async () => {
    const io = { out: '', err: '' };
    const code = await main(['slips', '--workbook', 'x.xlsx', '--roster', 'r.csv', '--out', os.tmpdir()], {
      out: (t) => (io.out += t),
      err: (t) => (io.err += t),
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(io.err).toContain('--workbook 不能与 --roster/--entries/--adjustments 同时使用');
  });
});

test('the committed template is what scripts/templates/slip-template.ts builds (cells, merges, widths, page setup)', async () => {
  const dir = await tmpDir('tpl-build');
  const fresh = path.join(dir, 't.xlsx');
  await buildSlipTemplateWorkbook().xlsx.writeFile(fresh);
  const a = await loadSlipModel(fresh);
  const b = await loadSlipModel(templatePath('个人考核单模板.xlsx'));
  expect(b.texts).toEqual(a.texts);
  expect(b.merges).toEqual(a.merges);
  expect(b.columns).toEqual(a.columns);
  expect(b.detailRow).toBe(a.detailRow);
  expect(b.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
});
