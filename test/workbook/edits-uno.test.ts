/**
 * Issue 11, item 1, the invariant as a property: random sequences of person-like edits (fixed seed,
 * bounded) made through LibreOffice's UNO API — rows typed below the data, rows inserted in the middle
 * (LibreOffice shifts the formulas; the new row has none), rows deleted, codes changed, rows voided, the
 * table sorted by 工号, employees added to and removed from 员工名单, 额外奖惩 rows added, some values typed
 * as a person does (a 工号 as a number, a date or 次数 as text, a date of the next month, an X01) — then
 * LibreOffice recalculates and saves. For each sequence: 月度汇总 equals `score --workbook` of the same
 * file, or 公式范围检查 is red (names what is not counted); Gnumeric's recalculation of the edited file
 * agrees with LibreOffice's; and regenerating with `monthly --workbook` leaves nothing red and equals the core.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { recalcWithGnumeric } from '../../scripts/gnumeric';
import { PYTHON, testWith } from '../helpers/tools';
import { SHEET } from '../../core/workbook/sheets';
import { COVERAGE_HEADER } from '../../core/workbook/model';
import { openXlsx, readSheetRows } from '../../scripts/workbook/sheet-reader';
import { EXAMPLES, cli, tmpDir } from './helpers';
import { generateMonthlyWorkbook, readWorkbookInputs } from '../../scripts/workbook/monthly';
import { readMonthlyInputs } from '../../scripts/month-inputs';
import { presetPolicy } from '../../core/policy/presets';
import { differences, summaryFromCore, summaryFromFile } from './engines';

jest.setTimeout(600000);

const SCRIPT = path.join(__dirname, 'uno', 'edit-sequences.py');
const SEED = 11;
const SEQUENCES = 3;
const EDITS = 8;
const SPARE = 60;

const uno = testWith(['soffice', 'python3-uno', 'ssconvert'], 'UNO 编辑序列');

async function coverage(file: string): Promise<string> {
  const rows = await readSheetRows(await openXlsx(file), SHEET.summary, 60);
  const col = (rows.get(1) ?? []).indexOf(COVERAGE_HEADER);
  let text = '';
  for (let r = 2; r < 40; r++) text += String(rows.get(r)?.[col] ?? '');
  return text;
}

function runSequences(file: string, outDir: string): Promise<{ file: string; edits: Record<string, unknown>[] }[]> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [SCRIPT, file, outDir, String(SEED), String(SEQUENCES), String(EDITS)],
      { timeout: 480000, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`UNO 编辑失败：${err.message}\n${stderr}`));
        else
          resolve(
            stdout
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l)),
          );
      },
    );
  });
}

uno(
  `${SEQUENCES} random sequences of ${EDITS} edits through UNO: counted as the core counts, or flagged in red`,
  async () => {
    const dir = await tmpDir('uno');
    const files = {
      roster: path.join(EXAMPLES, 'roster.csv'),
      entries: path.join(EXAMPLES, 'entries-2026-11.csv'),
      adjustments: path.join(EXAMPLES, 'adjustments-2026-11.csv'),
      previous: [],
    };
    // 60 spare formula rows (enough for the appended rows) keep LibreOffice's loads and recalculations short
    const start = path.join(dir, '月度考核-2026-11.xlsx');
    await generateMonthlyWorkbook(await readMonthlyInputs(files, presetPolicy('kefu-daily'), '2026-11'), {
      outFile: start,
      spareRows: SPARE,
    });
    const sequences = await runSequences(start, path.join(dir, 'edited'));
    expect(sequences).toHaveLength(SEQUENCES);
    const seen = new Set<string>();
    for (const [i, seq] of sequences.entries()) {
      for (const e of seq.edits) seen.add(String(e.edit));
      const what = `sequence ${i}: ${JSON.stringify(seq.edits)}`;
      const back = await cli(['score', '--workbook', seq.file, '--month', '2026-11', '--json']);
      expect({ what, stderr: back.stderr }).toEqual({ what, stderr: '' });
      const core = summaryFromCore(JSON.parse(back.stdout));
      const lo = await summaryFromFile(seq.file);
      const diffs = differences(lo, core);
      const red = await coverage(seq.file);
      // counted as the core counts, or the workbook says (in red) what it does not count
      if (diffs.length > 0) expect({ what, diffs, red: red !== '' }).toEqual({ what, diffs, red: true });
      // another engine recalculating the edited file gives LibreOffice's figures
      const gn = await summaryFromFile(await recalcWithGnumeric(seq.file, path.join(dir, `gnumeric-${i}`)));
      expect({ what, gnumeric: differences(gn, lo) }).toEqual({ what, gnumeric: [] });
      // regenerating from the edited workbook: the formulas cover everything again, nothing is red, all equal the core
      const regen = path.join(dir, `regen-${i}`, '月度考核-2026-11.xlsx');
      await generateMonthlyWorkbook(await readWorkbookInputs(seq.file, '2026-11', []), {
        outFile: regen,
        spareRows: SPARE,
      });
      const again = await recalcWithLibreOffice(regen, path.join(dir, `lo-regen-${i}`));
      expect({ what, diffs: differences(await summaryFromFile(again), core), red: await coverage(again) }).toEqual({
        what,
        diffs: [],
        red: '',
      });
    }
    // the sequences exercised the edits the issue lists
    expect(seen.size).toBeGreaterThanOrEqual(6);
  },
);
