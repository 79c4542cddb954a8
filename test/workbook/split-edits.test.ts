/**
 * A team's workbook of a month split by 组别 (monthly --split-by 组别) is a normal monthly workbook: HR
 * edits it, LibreOffice recalculates its formulas (over the team) to the core's reading of it, and the
 * team workbooks read together give the edited employee the same figures with the company's 名次.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { sofficePath, recalcWithLibreOffice } from '../../scripts/libreoffice';
import { SHEET } from '../../core/workbook/sheets';
import { SAMPLES, cli, editSheetXml, setCell, tmpDir } from './helpers';
import { differences, summaryFromCore, summaryFromFile } from './engines';

jest.setTimeout(300000);

const hasLibreOffice = sofficePath() !== null;
if (!hasLibreOffice)
  process.stderr.write(
    'LibreOffice (soffice) 未安装：跳过按组别拆分的编辑测试（Debian 包 libreoffice-calc-nogui）。\n',
  );
const lo = hasLibreOffice || process.env.CI ? test : test.skip;

const TEAMS = ['一组', '二组', '三组', '夜班组'];

lo(
  'an edited team workbook: LibreOffice agrees with the core; read with the other teams, the company 名次',
  async () => {
    const dir = await tmpDir('split-edits');
    const split = await cli([
      'monthly',
      '--roster',
      path.join(SAMPLES, '员工名单.csv'),
      '--entries',
      path.join(SAMPLES, '考核记录-2026-10.csv'),
      '--month',
      '2026-10',
      '--split-by',
      '组别',
      '--out',
      dir,
    ]);
    expect(split.code).toBe(0);
    const parts = TEAMS.map((t) => path.join(dir, `月度考核-2026-10-${t}.xlsx`));
    const edited = path.join(dir, 'edited', path.basename(parts[1]));
    await fs.mkdir(path.dirname(edited));
    // HR changes the first entry of 二组 into a medium violation (M01, fixed 10 points)
    await editSheetXml(parts[1], SHEET.entries, (xml) => setCell('E2', null)(setCell('C2', 'M01')(xml)), edited);
    const before = JSON.parse((await cli(['score', '--month', '2026-10', '--workbook', parts[1], '--json'])).stdout);
    const alone = await cli(['score', '--month', '2026-10', '--workbook', edited, '--json']);
    const core = JSON.parse(alone.stdout) as { employees: { id: string; score: number; rank: number }[] };
    expect(core.employees).not.toEqual(before.employees); // the edit changed something
    const engine = await summaryFromFile(await recalcWithLibreOffice(edited, path.join(dir, 'lo')));
    expect(differences(engine, summaryFromCore(core))).toEqual([]);

    const set = await cli([
      'score',
      '--month',
      '2026-10',
      '--json',
      ...[parts[0], edited, parts[2], parts[3]].flatMap((f) => ['--workbook', f]),
    ]);
    const all = JSON.parse(set.stdout) as { employees: { id: string; score: number; rank: number }[] };
    expect(all.employees).toHaveLength(40);
    for (const e of core.employees) {
      const c = all.employees.find((x) => x.id === e.id)!;
      expect(c.score).toBe(e.score);
      expect(c.rank).toBe(1 + all.employees.filter((x) => x.score > e.score).length);
    }
  },
);
