/**
 * Issue 11, item 1: after an edit a person makes in the workbook, 月度汇总 (recalculated by LibreOffice)
 * equals the core's reading of the same workbook (`score --workbook`), or the workbook shows in red which
 * rows are not counted and why (公式范围检查 names the row). One focused case per edit the issue found
 * silently different; the random sequences of edits are in edits-uno.test.ts.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { testWith } from '../helpers/tools';
import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { COVERAGE_HEADER } from '../../core/workbook/model';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { cli, editSheetXml, setCell, stripFormulas, tmpDir } from './helpers';
import { exampleWorkbook, sampleWorkbook } from '../helpers/sample-month';
import { differences, summaryFromCore, summaryFromFile } from './engines';
import { loadScoredMonth } from '../../scripts/slips/inputs';

jest.setTimeout(300000);

const lo = testWith(['soffice'], '工作簿编辑后的 LibreOffice 重算');

// entries-2026-11.csv as rows of 考核记录: 2 = 0007 B03, 3 = 0007 L04 (4 points), 4 = 0012 B02, 5 = 0012 B03 ×3,
// 6..9 = 0031 L01 L02 L05 L12×2, 10 = 0045 T01 25 min, 11 = 0045 M03, 12 = 0050 S01 作废, 13 = 0050 L09 3 (退回), 14 = 0050 B01

let base: { dir: string; file: string } | undefined;
async function generated() {
  if (base) return base;
  const dir = await tmpDir('edits');
  base = { dir, file: await exampleWorkbook(dir) };
  return base;
}

/** The coverage check's text (月度汇总, the rows under 公式范围检查 joined). */
async function coverage(file: string): Promise<string> {
  const rows = await readSheetRows(await openXlsx(file), SHEET.summary, 60);
  const col = (rows.get(1) ?? []).indexOf(COVERAGE_HEADER);
  let text = '';
  for (let r = 2; r < 40; r++) text += String(rows.get(r)?.[col] ?? '');
  return text;
}

interface Outcome {
  diffs: string[];
  coverage: string;
  core: ReturnType<typeof summaryFromCore>;
  engine: Awaited<ReturnType<typeof summaryFromFile>>;
}

/** Applies the edits, recalculates with LibreOffice, reads the core's result of the edited workbook. */
async function edited(
  tag: string,
  edits: { sheet: string; edit: (xml: string) => string }[],
  month = '2026-11',
  extra: string[] = [],
): Promise<Outcome> {
  const { dir, file } = await generated();
  const out = path.join(dir, `${tag}.xlsx`);
  await fs.copyFile(file, out);
  for (const e of edits) await editSheetXml(out, e.sheet, e.edit, out);
  const back = await cli(['score', '--workbook', out, '--month', month, '--json', ...extra]);
  expect(back.stderr).toBe('');
  const core = summaryFromCore(JSON.parse(back.stdout));
  const recalculated = await recalcWithLibreOffice(out, path.join(dir, `lo-${tag}`));
  const engine = await summaryFromFile(recalculated);
  return { diffs: differences(engine, core), coverage: await coverage(recalculated), core, engine };
}

const E = (edit: (xml: string) => string) => ({ sheet: SHEET.entries, edit });

describe('what the core counts, the formulas count (recalculated by LibreOffice)', () => {
  lo('a 工号 typed as a number (7 for 0007, one match)', async () => {
    const o = await edited('numeric-id', [E(setCell('B3', 7))]);
    expect(o.core.get('0007')!.deduction).toBe(4);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toBe('');
  });

  lo('a date typed as text (2026-11-04, 2026/11/6, 2026年11月9日, compact 20261103, the serial 46333)', async () => {
    const o = await edited('text-date', [
      E(setCell('A2', '20261103')),
      E(setCell('A8', '46333')), // 2026-11-07 as a number typed into a text cell
      E(setCell('A3', '2026-11-04')),
      E(setCell('A6', '2026/11/6')),
      E(setCell('A11', '2026年11月9日')),
    ]);
    expect(o.core.get('0007')!.deduction).toBe(4);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toBe('');
  });

  lo('次数 and 分值 typed as text, a full-width code', async () => {
    const o = await edited('text-number', [E(setCell('D9', '2')), E(setCell('E3', '4')), E(setCell('C11', 'Ｍ０３'))]);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toBe('');
  });
  lo('numbers and dates typed with full-width digits (an input method left in full-width mode)', async () => {
    const o = await edited('full-width', [
      E(setCell('D9', '２')), // 0031 L12 ×2
      E(setCell('E3', '４')), // 0007 L04, 4 points
      E(setCell('F10', '２５')), // 0045 T01, 25 minutes
      E(setCell('A2', '２０２６年１１月３日')),
      E(setCell('A4', '２０２６－１１－０５')),
    ]);
    expect(o.core.get('0007')!.deduction).toBe(4);
    expect(o.core.get('0031')!.deduction).toBeGreaterThan(0);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toBe('');
  });

  lo('dates with spaces around 年 and 月, a time after T, a serial with a fraction typed as text', async () => {
    const o = await edited('date-forms', [
      E(setCell('A3', '2026 年 11 月 4 日')),
      E(setCell('A6', '2026-11-06T09:30')),
      E(setCell('A8', '46333.5')), // 2026-11-07, noon
      E(setCell('A11', '2026/11/9 日')),
    ]);
    expect(o.core.get('0007')!.deduction).toBe(4);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toBe('');
  });
});

describe('what the core refuses, the formulas refuse, and the workbook says which row and why', () => {
  lo('a date part with three digits or a sign (2026-011-04, 2026-11-+6): refused by both', async () => {
    const o = await edited('date-parts', [E(setCell('A3', '2026-011-04')), E(setCell('A6', '2026-11-+6'))]);
    expect(o.core.get('0007')!.deduction).toBe(0);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toMatch(/有 2 行未计入：第 3 行/);
  });

  lo('a 分值 with a trailing minus or two decimal points (4-, 1.2.3): refused by both', async () => {
    const o = await edited('number-forms', [E(setCell('E3', '4-')), E(setCell('E11', '1.2.3'))]);
    expect(o.core.get('0007')!.deduction).toBe(0);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toMatch(/有 2 行未计入：第 3 行/);
  });

  lo('an entry dated in the next month', async () => {
    const o = await edited('next-month', [E(setCell('A3', 46357))]); // 2026-12-01
    expect(o.core.get('0007')!.deduction).toBe(0);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toMatch(/第 3 行/);
  });

  lo("an X01 (the system's 追加扣分) typed by hand", async () => {
    const o = await edited('x01', [E(setCell('C3', 'X01'))]);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toMatch(/第 3 行/);
  });
});

describe("a row typed without formulas never cuts another row's counting", () => {
  lo(
    "0007: row 2 (B03), row 3 (L04) without helper formulas, row 4 turned into 0007's second B03: row 4 is still counted, row 3 is flagged",
    async () => {
      const o = await edited('no-formulas', [
        E(stripFormulas(3, ENTRY_COLS.formulaCheck)),
        E(setCell('B4', '0007')),
        E(setCell('C4', 'B03')),
      ]);
      // the core counts all three; the formulas cannot count row 3 and say so, but count row 4 after it
      expect(o.core.get('0007')!.bonus).toBe(10);
      expect(o.engine.get('0007')!.bonus).toBe(10);
      expect(o.engine.get('0007')!.deduction).toBe(0);
      expect(o.coverage).toMatch(/【汇总不完整】/);
    },
  );
});

describe('employees and months', () => {
  lo('an employee deleted from 员工名单 is flagged in 月度汇总, not #N/A', async () => {
    // 0045 is row 5 of 员工名单: cleared (as Delete on the row's cells does)
    const o = await edited('deleted', [
      {
        sheet: SHEET.roster,
        edit: (x) => ['A5', 'B5', 'C5', 'D5', 'E5'].reduce((xml, ref) => setCell(ref, null)(xml), x),
      },
    ]);
    expect(o.core.has('0045')).toBe(false);
    const row = o.engine.get('0045')!;
    expect(JSON.stringify(row)).not.toMatch(/#N\/A/);
    expect(o.diffs.filter((d) => !d.startsWith('0045'))).toEqual([]);
    expect(o.coverage).toMatch(/0045/);
  });

  lo(
    '考核月份 changed in 考核项目 drives the formulas (2026-11 → 2026-12, one entry moved to 2026-12-01)',
    async () => {
      const o = await edited(
        'month',
        [
          {
            sheet: SHEET.items,
            edit: (x) => x.replace(/(<c r="O2"[^>]*t="inlineStr"><is><t>)2026-11(<\/t>)/, '$12026-12$2'),
          },
          E(setCell('A3', 46357)),
        ],
        '2026-12',
      );
      expect(o.core.get('0031')!.deduction).toBe(0);
      expect(o.core.get('0007')!.deduction).toBe(4);
      expect(o.diffs).toEqual([]);
    },
  );

  lo(
    'a 工号 typed in another case than 员工名单 is refused by both and flagged (KF07 on the roster, kf07 typed)',
    async () => {
      const { file } = await generated();
      const summary = await readSheetRows(await openXlsx(file), SHEET.summary, 1);
      const at = [...summary].find(([, c]) => c[0] === '0007')![0];
      const o = await edited('case', [
        { sheet: SHEET.roster, edit: setCell('A2', 'KF07') },
        { sheet: SHEET.summary, edit: setCell(`A${at}`, 'KF07') },
        E(setCell('B2', 'KF07')),
        E(setCell('B3', 'kf07')),
      ]);
      // the core matches 工号 exactly: row 3's L04 (4 points) is not KF07's
      expect(o.core.get('KF07')!.bonus).toBe(5);
      expect(o.core.get('KF07')!.deduction).toBe(0);
      expect(o.diffs).toEqual([]);
      expect(o.coverage).toMatch(/第 3 行/);
    },
  );

  lo('入职日期 typed as text on 员工名单 is read by the formulas as by the core', async () => {
    // 0012 joined 2026-09-15 (入职月数 3, +200); 0031 now joins on 2026-11-07: rows 6 and 7 (11-06, 11-07)
    // are before / on that day
    const o = await edited('join-text', [
      { sheet: SHEET.roster, edit: setCell('E3', '2026年9月15日') },
      { sheet: SHEET.roster, edit: setCell('E4', '2026/11/7') },
    ]);
    expect(o.core.get('0012')!.tenureMonth).toBe(3);
    expect(o.core.get('0031')!.tenureMonth).toBe(1);
    expect(o.diffs).toEqual([]);
    expect(o.coverage).toMatch(/第 6 行/);
  });

  lo(
    'an 入职日期 cleared on 员工名单: the core refuses the employee, the formulas do not count them either',
    async () => {
      const o = await edited('join-blank', [{ sheet: SHEET.roster, edit: setCell('E4', null) }]);
      expect(o.core.has('0031')).toBe(false);
      expect(o.diffs.filter((d) => !d.startsWith('0031'))).toEqual([]);
      expect(o.engine.get('0031')?.deduction ?? 0).toBe(0);
      expect(o.coverage).toMatch(/0031|第 6 行/);
    },
  );

  lo('a 额外奖惩 row added below the generated ones is counted', async () => {
    const o = await edited('adjustment', [
      {
        sheet: SHEET.adjustments,
        edit: (x) =>
          [setCell('A3', '2026-11'), setCell('B3', '0007'), setCell('C3', 5), setCell('D3', '协助培训')].reduce(
            (xml, f) => f(xml),
            x,
          ),
      },
    ]);
    expect(o.core.get('0007')!.adjustment).toBe(5);
    expect(o.diffs).toEqual([]);
  });
});

describe('往月末位 stored in the workbook', () => {
  test("score --workbook without --previous keeps 连续两月末位 (the README's sample month, 0580)", async () => {
    const dir = await tmpDir('prev');
    const { previous: prev, workbook: file } = await sampleWorkbook(dir);
    const withPrev = JSON.parse(
      (await cli(['score', '--workbook', file, '--month', '2026-10', '--previous', prev, '--json'])).stdout,
    );
    const streak = withPrev.employees.filter((e: { warnings: string[] }) =>
      e.warnings.some((w) => /连续两月末位/.test(w)),
    );
    expect(streak.map((e: { id: string }) => e.id)).toEqual(['0580']);
    const without = JSON.parse((await cli(['score', '--workbook', file, '--month', '2026-10', '--json'])).stdout);
    expect(without.employees).toEqual(withPrev.employees);
    // slips and summary read the workbook the same way
    const scored = await loadScoredMonth({ workbook: file }, 'slips');
    expect(scored.result.employees.find((e) => e.id === '0580')!.warnings).toContain('连续两月末位且低于70分');
  });
});
