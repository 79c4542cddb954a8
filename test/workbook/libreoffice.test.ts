/**
 * The monthly workbook stays right without the add-in: LibreOffice (an independent engine) recalculates
 * the generated file, and every employee's 总分/等级/绩效浮动/名次 equals the core's — also after an
 * entry is edited in the file.
 */
import * as path from 'path';
import { presetPolicy } from '../../core/policy/presets';
import { readRoster } from '../../core/input/records';
import { scoreMonth, MonthResult } from '../../core/scoring/monthly';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { generateMonthlyWorkbook } from '../../scripts/workbook/monthly';
import { readMonthlyInputs } from '../../scripts/month-inputs';
import { syntheticMonth } from '../../scripts/workbook/synthetic';
import { readMonthlyWorkbook } from '../../scripts/workbook/read';
import { scoreJson } from '../../scripts/month-inputs';
import { SHEET, SUMMARY_HEADERS } from '../../core/workbook/sheets';
import { ENTRY_COLS, ENTRY_SPARE_ROWS, colLetter } from '../../core/workbook/layout';
import { COVERAGE_HEADER } from '../../core/workbook/model';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { EXAMPLES, cli, editSheetXml, summaryOf, tmpDir } from './helpers';
import { exampleWorkbook, sampleWorkbook } from '../helpers/sample-month';

jest.setTimeout(180000);

// Skipped with a printed line outside CI when LibreOffice is missing; in CI a missing soffice fails.
const lo = testWith(['soffice'], 'LibreOffice 重算月度考核工作簿');

function expectSummaryEqualsCore(summary: Awaited<ReturnType<typeof summaryOf>>, result: MonthResult): void {
  expect(summary.size).toBe(result.employees.length);
  for (const e of result.employees) {
    const row = summary.get(e.id);
    expect({ id: e.id, score: row?.score, grade: row?.grade, payFloat: row?.payFloat, rank: row?.rank }).toEqual({
      id: e.id,
      score: e.score,
      grade: e.grade,
      payFloat: e.payFloat,
      rank: e.rank,
    });
  }
}

/** Sets the cached value of a formula cell (the canary): LibreOffice must replace it by recalculating. */
const setCached = (ref: string, value: number) => (xml: string) =>
  xml.replace(new RegExp(`(<c r="${ref}"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>))<v>[^<]*</v>`), `$1<v>${value}</v>`);

describe('月度考核 workbook recalculated by LibreOffice', () => {
  lo(
    'sample month: after a forced recalculation every 总分, 等级, 绩效浮动 and 名次 equals the core; an L01 turned S01 is followed',
    async () => {
      const dir = await tmpDir('lo');
      const { files, workbook: file } = await sampleWorkbook(dir);
      const inputs = await readMonthlyInputs(files, presetPolicy('kefu-daily'), '2026-10');
      const core = scoreMonth({
        policy: inputs.policy,
        month: '2026-10',
        roster: readRoster(inputs.rosterRecords),
        entries: inputs.entries,
        adjustments: inputs.adjustments,
        history: inputs.history,
      });

      // the cached values are already the core's, before any recalculation
      expectSummaryEqualsCore(await summaryOf(file), core);

      // canary: a deliberately wrong cached 总分 in J2
      const canary = path.join(dir, 'canary.xlsx');
      await editSheetXml(file, SHEET.summary, setCached('J2', 12345), canary);
      const firstId = core.employees[0].id;
      expect((await summaryOf(canary)).get(firstId)!.score).toBe(12345);
      const recalculated = await recalcWithLibreOffice(canary, path.join(dir, 'lo1'));
      const after = await summaryOf(recalculated);
      expect(after.get(firstId)!.score).toBe(core.employees[0].score);
      expectSummaryEqualsCore(after, core);

      // a manager edits an entry: a counted L01 becomes S01 (旷工, 20 points instead of 2)
      const target = inputs.entries.find(
        (e) =>
          String(e.code) === 'L01' &&
          core.employees.some((emp) => emp.breakdown.some((b) => b.kind === 'entry' && b.row === e.row)),
      )!;
      expect(target).toBeDefined();
      const edited = path.join(dir, 'edited.xlsx');
      await editSheetXml(
        file,
        SHEET.entries,
        (xml) => xml.replace(new RegExp(`(<c r="C${target.row}"[^>]*t="inlineStr"><is><t>)L01(</t>)`), '$1S01$2'),
        edited,
      );
      const entries2 = inputs.entries.map((e) => (e === target ? { ...e, code: 'S01' } : e));
      const core2 = scoreMonth({
        policy: inputs.policy,
        month: '2026-10',
        roster: readRoster(inputs.rosterRecords),
        entries: entries2,
        adjustments: inputs.adjustments,
        history: inputs.history,
      });
      const who = core.employees.find((e) => e.breakdown.some((b) => b.row === target.row))!;
      const who2 = core2.employees.find((e) => e.id === who.id)!;
      expect(who2.deduction).toBeCloseTo(who.deduction + 18, 5);
      const after2 = await summaryOf(await recalcWithLibreOffice(edited, path.join(dir, 'lo2')));
      expect(after2.get(who.id)!.score).toBe(who2.score);
      expect(after2.get(who.id)!.score).not.toBe(who.score);
      expectSummaryEqualsCore(after2, core2);

      // the file LibreOffice saved (shared strings, its own XML) reads back to the same scores
      const back = await cli([
        'score',
        '--workbook',
        recalculated,
        '--month',
        '2026-10',
        '--previous',
        files.previous[0],
        '--json',
      ]);
      expect(back.code).toBe(0);
      expect(JSON.parse(back.stdout).employees).toEqual(scoreJson(core).employees);
    },
  );

  lo(
    'shared worked example (2026-11): LibreOffice gives the README values (0031 → 47 不合格 −300, 0045 → 42, 0050 → 85)',
    async () => {
      const dir = await tmpDir('ex');
      const file = await exampleWorkbook(dir);
      const canary = path.join(dir, 'canary.xlsx');
      await editSheetXml(file, SHEET.summary, setCached('J3', -1), canary);
      const s = await summaryOf(await recalcWithLibreOffice(canary, path.join(dir, 'lo')));
      const pick = (id: string) => {
        const r = s.get(id)!;
        return [r.score, r.grade, r.payFloat, r.rank];
      };
      expect(pick('0007')).toEqual([81, 'B', 10, 3]);
      expect(pick('0012')).toEqual([100, 'A', 200, 1]);
      expect(pick('0031')).toEqual([47, '不合格', -300, 4]);
      expect(pick('0045')).toEqual([42, '不合格', -300, 5]);
      expect(pick('0050')).toEqual([85, 'B', 50, 2]);
      expect(s.get('0031')!.escalation).toBe(20);
      expect(s.get('0031')!.warnings).toBe('当月低于60分');
    },
  );

  lo(
    "a policy edit in the workbook is honoured: the light-violation threshold 4 → 5 removes 0031's 追加扣分",
    async () => {
      const dir = await tmpDir('pol');
      const file = await exampleWorkbook(dir);
      const edited = path.join(dir, 'edited.xlsx');
      // KH_TRIGGERS is at AK1 in the default template: row 3 is 轻度违规 / 4
      await editSheetXml(file, SHEET.items, (xml) => xml.replace(/(<c r="AL3"[^>]*><v>)4(<\/v>)/, '$15$2'), edited);
      const s = await summaryOf(await recalcWithLibreOffice(edited, path.join(dir, 'lo')));
      expect(s.get('0031')!.escalation).toBe(0);
      expect(s.get('0031')!.score).toBe(67);
      // and reading the workbook back uses the edited policy too
      const wb = await readMonthlyWorkbook(edited);
      expect(wb.policy.escalation!.triggers.find((t) => t.category === 'light')!.atLeast).toBe(5);
      const core = scoreMonth({
        policy: wb.policy,
        month: '2026-11',
        roster: wb.roster,
        entries: wb.entries,
        adjustments: wb.adjustments,
      });
      expect(core.employees.find((e) => e.id === '0031')!.score).toBe(67);
    },
  );

  lo(
    "the supervisor rubric (kefu-supervisor: 扣完为止 per section, no base float) recalculates to the core's totals",
    async () => {
      const dir = await tmpDir('sup');
      const inputs = syntheticMonth(presetPolicy('kefu-supervisor'), '2026-10', 30, 600, 5);
      const file = path.join(dir, 'sup.xlsx');
      const core = await generateMonthlyWorkbook(inputs, { outFile: file });
      expect(core.employees.some((e) => e.breakdown.some((b) => b.kind === 'cap'))).toBe(true);
      const canary = path.join(dir, 'canary.xlsx');
      await editSheetXml(file, SHEET.summary, setCached('J2', 777), canary);
      expectSummaryEqualsCore(await summaryOf(await recalcWithLibreOffice(canary, path.join(dir, 'lo'))), core);
    },
  );

  lo('an entry a manager adds in the first blank row below the table is counted after recalculation', async () => {
    const dir = await tmpDir('add');
    const file = await exampleWorkbook(dir);
    const inputs = await readMonthlyInputs(
      {
        roster: path.join(EXAMPLES, 'roster.csv'),
        entries: path.join(EXAMPLES, 'entries-2026-11.csv'),
        adjustments: path.join(EXAMPLES, 'adjustments-2026-11.csv'),
        previous: [],
      },
      presetPolicy('kefu-daily'),
      '2026-11',
    );
    const row = inputs.entries.length + 2;
    // 0007 gets an M01 (10 points) on 2026-11-20 (serial 46346), typed into the blank row
    const cell =
      (col: string, inner: string, t = '') =>
      (xml: string) =>
        xml.replace(new RegExp(`<c r="${col}${row}"( s="\\d+")?/>`), `<c r="${col}${row}"$1${t}>${inner}</c>`);
    const edited = path.join(dir, 'added.xlsx');
    await editSheetXml(
      file,
      SHEET.entries,
      (xml) =>
        [
          cell('A', '<v>46346</v>'),
          cell('B', '<is><t>0007</t></is>', ' t="inlineStr"'),
          cell('C', '<is><t>M01</t></is>', ' t="inlineStr"'),
        ].reduce((x, f) => f(x), xml),
      edited,
    );
    const extra = {
      ...inputs.entries[0],
      row,
      date: '2026-11-20',
      id: '0007',
      code: 'M01',
      count: null,
      points: null,
      minutes: null,
      note: null,
      status: null,
      voidReason: null,
    };
    const core = scoreMonth({
      policy: inputs.policy,
      month: '2026-11',
      roster: readRoster(inputs.rosterRecords),
      entries: [...inputs.entries, extra],
      adjustments: inputs.adjustments,
    });
    expect(core.employees.find((e) => e.id === '0007')!.score).toBe(71);
    const after = await summaryOf(await recalcWithLibreOffice(edited, path.join(dir, 'lo')));
    expect(after.get('0007')!.score).toBe(71);
    expectSummaryEqualsCore(after, core);
    // and the workbook reads back with the added entry
    const wb = await readMonthlyWorkbook(edited);
    expect(wb.entries.length).toBe(inputs.entries.length + 1);
  });
});

/**
 * The coverage check's text in 月度汇总 (the rows below the header 公式范围检查, one slice of the message
 * each) and in 说明 (A2 down to the blank row above the text); null when all are empty.
 */
async function coverageOf(
  file: string,
): Promise<{ summary: string | null; readme: string | null; summaryLines: number }> {
  const book = await openXlsx(file);
  const rows = await readSheetRows(book, SHEET.summary, 40);
  const col = (rows.get(1) ?? []).indexOf(COVERAGE_HEADER);
  expect(col).toBeGreaterThan(SUMMARY_HEADERS.length - 1);
  const lines = (get: (r: number) => unknown, from: number, to: number) => {
    const parts: string[] = [];
    for (let r = from; r <= to; r++) parts.push(String(get(r) ?? ''));
    return { text: parts.join('') || null, used: parts.filter((p) => p !== '').length };
  };
  const s = lines((r) => rows.get(r)?.[col], 2, 40);
  const readme = await readSheetRows(book, SHEET.readme, 2);
  expect(readme.get(1)?.[0]).toBe(COVERAGE_HEADER);
  const firstText = [...readme.keys()].filter((r) => r > 2 && readme.get(r)?.[0] === '项目')[0];
  const r = lines((row) => readme.get(row)?.[0], 2, firstText - 2);
  return { summary: s.text, readme: r.text, summaryLines: s.used };
}

/** Puts inline-string/number cells into an existing row's empty styled cells, or appends a new last row. */
const typeRow = (row: number, cells: [string, string | number][]) => (xml: string) => {
  const cellXml = (col: string, v: string | number, s = '') =>
    typeof v === 'number'
      ? `<c r="${col}${row}"${s}><v>${v}</v></c>`
      : `<c r="${col}${row}"${s} t="inlineStr"><is><t>${v}</t></is></c>`;
  if (new RegExp(`<row r="${row}"[ >]`).test(xml)) {
    return cells.reduce(
      (x, [col, v]) =>
        x.replace(new RegExp(`<c r="${col}${row}"( s="\\d+")?/>`), (_, s: string | undefined) =>
          cellXml(col, v, s ?? ''),
        ),
      xml,
    );
  }
  return xml.replace(
    '</sheetData>',
    `<row r="${row}">${cells.map(([col, v]) => cellXml(col, v)).join('')}</row></sheetData>`,
  );
};

describe('公式范围检查: what the formulas cannot see is shown in red, never silently dropped', () => {
  const M01 = (row: number) =>
    typeRow(row, [
      ['A', 46346],
      ['B', '0007'],
      ['C', 'M01'],
    ]); // an M01 for 0007 on 2026-11-20: 10 points off (81 → 71)

  lo(
    'an entry in the last formula row counts (no warning); one row below it does not count and the warning says so; an employee added to 员工名单 is flagged; regenerating with --workbook counts both',
    async () => {
      const dir = await tmpDir('cov');
      const file = await exampleWorkbook(dir);
      const n = (await readMonthlyWorkbook(file)).entries.length;
      const end = n + 1 + ENTRY_SPARE_ROWS; // last row the formulas cover

      // untouched: LibreOffice's own result of the check is empty (as cached)
      expect(await coverageOf(file)).toEqual({ summary: null, readme: null, summaryLines: 0 });
      expect(await coverageOf(await recalcWithLibreOffice(file, path.join(dir, 'lo0')))).toEqual({
        summary: null,
        readme: null,
        summaryLines: 0,
      });

      // typed into the last row that carries formulas: counted, no warning
      const inRange = path.join(dir, 'in-range.xlsx');
      await editSheetXml(file, SHEET.entries, M01(end), inRange);
      const lo1 = await recalcWithLibreOffice(inRange, path.join(dir, 'lo1'));
      expect((await summaryOf(lo1)).get('0007')!.score).toBe(71);
      expect(await coverageOf(lo1)).toEqual({ summary: null, readme: null, summaryLines: 0 });

      // typed one row below: the total does not include it, and the warning (both sheets) says exactly that
      const below = path.join(dir, 'below.xlsx');
      await editSheetXml(file, SHEET.entries, M01(end + 1), below);
      const lo2 = await recalcWithLibreOffice(below, path.join(dir, 'lo2'));
      expect((await summaryOf(lo2)).get('0007')!.score).toBe(81); // as before the edit: the entry is not counted
      const w2 = await coverageOf(lo2);
      expect(w2.summary).toBe(
        `【汇总不完整】「考核记录」有 1 条记录不在公式范围内（公式只到第 ${end} 行，插入的行也没有公式），未计入月度汇总。请用加载项「刷新公式」，或用 npx kaohe monthly 以本工作簿重新生成（方法见「说明」）。`,
      );
      expect(w2.readme).toBe(w2.summary);
      expect(w2.summaryLines).toBeGreaterThan(1); // cut into lines that fit the printed column

      // a row without the helper formulas inside the range (as a row inserted in Excel is): flagged too
      const noFormulas = path.join(dir, 'no-formulas.xlsx');
      const empRowCell = new RegExp(`<c r="${colLetter(ENTRY_COLS.empRow)}${end}"[^>]*>.*?</c>`);
      await editSheetXml(file, SHEET.entries, (xml) => M01(end)(xml).replace(empRowCell, ''), noFormulas);
      const wi = await coverageOf(await recalcWithLibreOffice(noFormulas, path.join(dir, 'lo-ins')));
      expect(wi.summary).toMatch(/^【汇总不完整】「考核记录」有 1 条记录不在公式范围内/);

      // an employee added at the bottom of 员工名单 (joined 2025-12-09): no 月度汇总 row, flagged
      const added = path.join(dir, 'added.xlsx');
      const rosterRows = (await readMonthlyWorkbook(file)).rosterRecords.length;
      await editSheetXml(
        file,
        SHEET.roster,
        typeRow(rosterRows + 2, [
          ['A', '0099'],
          ['B', '新员工'],
          ['E', 46000],
        ]),
        added,
      );
      const w3 = await coverageOf(await recalcWithLibreOffice(added, path.join(dir, 'lo3')));
      expect(w3.summary).toBe(
        '【汇总不完整】「员工名单」有 1 名员工不在月度汇总中（新增或改动了员工名单），其分数没有计算。请用加载项「刷新公式」，或用 npx kaohe monthly 以本工作簿重新生成（方法见「说明」）。',
      );
      expect(w3.readme).toBe(w3.summary);
      // an employee who joins after the month is not expected in the month's summary: no warning
      const later = path.join(dir, 'later.xlsx');
      await editSheetXml(
        file,
        SHEET.roster,
        typeRow(rosterRows + 2, [
          ['A', '0099'],
          ['B', '新员工'],
          ['E', 46400],
        ]),
        later,
      ); // 2027-01-14
      expect(await coverageOf(await recalcWithLibreOffice(later, path.join(dir, 'lo4')))).toEqual({
        summary: null,
        readme: null,
        summaryLines: 0,
      });

      // both at once, then `monthly --workbook` rewrites the formulas over every row: both count, the check is clear
      const both = path.join(dir, 'both.xlsx');
      await editSheetXml(
        below,
        SHEET.roster,
        typeRow(rosterRows + 2, [
          ['A', '0099'],
          ['B', '新员工'],
          ['E', 46000],
        ]),
        both,
      );
      const regen = await cli(['monthly', '--workbook', both, '--month', '2026-11', '--out', path.join(dir, 'regen')]);
      expect(regen.stderr).toBe('');
      expect(regen.code).toBe(0);
      const again = path.join(dir, 'regen', '月度考核-2026-11.xlsx');
      const lo5 = await recalcWithLibreOffice(again, path.join(dir, 'lo5'));
      const s5 = await summaryOf(lo5);
      expect(s5.get('0007')!.score).toBe(71);
      expect(s5.get('0099')!.score).toBe(80);
      expect(await coverageOf(lo5)).toEqual({ summary: null, readme: null, summaryLines: 0 });
    },
  );
});
