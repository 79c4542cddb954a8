/**
 * One workbook, every engine: the sample month's workbook (as `kaohe monthly` writes it for the demo)
 * recalculated by LibreOffice, by Gnumeric and by HyperFormula gives every employee the core's
 * 加分/扣分/追加扣分/额外奖惩/总分/等级/绩效浮动/名次/预警. The formulas use only functions these engines
 * (and Excel 2010+, WPS) evaluate alike: no RANK (HyperFormula), no N() of an empty cell (Gnumeric: #NUM!).
 */
import * as path from 'path';
import { recalcWithLibreOffice } from '../../scripts/libreoffice';
import { recalcWithGnumeric } from '../../scripts/gnumeric';
import { testWith } from '../helpers/tools';
import { SHEET } from '../../core/workbook/sheets';
import { cli, editSheetXml, tmpDir } from './helpers';
import { sampleWorkbook } from '../helpers/sample-month';
import { differences, summaryByHyperFormula, summaryFromCore, summaryFromFile } from './engines';

jest.setTimeout(300000);

// In CI a missing engine must fail, never skip quietly.
const lo = testWith(['soffice'], '引擎对照的 LibreOffice 部分');
const gn = testWith(['ssconvert'], '引擎对照的 Gnumeric 部分');

/** Wrong cached values in 月度汇总 (总分 and 名次 of the first employees): an engine that does not recalculate is caught. */
const canary = (xml: string) =>
  ['J2', 'M2', 'J3', 'N3'].reduce(
    (x, ref) =>
      x.replace(
        new RegExp(`(<c r="${ref}"[^>]*?)( t="str")?>(<f[^>]*/>|<f[^>]*>[^<]*</f>)<v>[^<]*</v>`),
        `$1>$3<v>12345</v>`,
      ),
    xml,
  );

let month: { file: string; canaryFile: string; core: ReturnType<typeof summaryFromCore>; dir: string } | undefined;
async function sampleMonth() {
  if (month) return month;
  const dir = await tmpDir('engines');
  const { previous: prev, workbook: file } = await sampleWorkbook(dir);
  const back = await cli(['score', '--workbook', file, '--month', '2026-10', '--previous', prev, '--json']);
  expect(back.code).toBe(0);
  const core = summaryFromCore(JSON.parse(back.stdout));
  const canaryFile = path.join(dir, 'canary.xlsx');
  await editSheetXml(file, SHEET.summary, canary, canaryFile);
  // the canary is in place: the cached values alone disagree with the core
  expect(differences(await summaryFromFile(canaryFile), core).length).toBeGreaterThanOrEqual(3);
  // the month exercises what engines disagreed on: empty cells under N(), ranks, warnings
  expect([...core.values()].some((e) => e.warnings !== '')).toBe(true);
  month = { file, canaryFile, core, dir };
  return month;
}

describe('the sample month recalculated by every engine equals the core', () => {
  test('the cached values (written by kaohe) equal the core', async () => {
    const m = await sampleMonth();
    expect(differences(await summaryFromFile(m.file), m.core)).toEqual([]);
  });

  lo('LibreOffice', async () => {
    const m = await sampleMonth();
    expect(
      differences(await summaryFromFile(await recalcWithLibreOffice(m.canaryFile, path.join(m.dir, 'lo'))), m.core),
    ).toEqual([]);
  });

  gn('Gnumeric (ssconvert --recalc)', async () => {
    const m = await sampleMonth();
    expect(
      differences(await summaryFromFile(await recalcWithGnumeric(m.canaryFile, path.join(m.dir, 'gnumeric'))), m.core),
    ).toEqual([]);
  });

  test('HyperFormula', async () => {
    const m = await sampleMonth();
    expect(differences(await summaryByHyperFormula(m.canaryFile), m.core)).toEqual([]);
  });
});
