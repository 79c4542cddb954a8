/**
 * A month rebuilt from a `kaohe score --json` file (summary --scores) knows which rule raised each
 * warning from the file's structured warnings (warningDetails), not by matching the Chinese text back
 * to the policy's wording: the wording may be ambiguous or have changed since the file was written.
 * Files written before warningDetails existed still work by their text.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { cli, ROOT } from '../helpers/cli';
import { tmpDir } from '../helpers/user-files';
import { SAMPLE_ARGS } from '../helpers/sample-month';
import { loadPolicy } from '../../core/policy/load';
import { warningFromText } from '../../core/scoring/warnings';

jest.setTimeout(120000);

const monthArgs = SAMPLE_ARGS;

interface Case {
  id: string;
  code: string | null;
  warning: string;
  reason: string;
}

async function dailyPolicy(): Promise<any> {
  return JSON.parse(await fs.readFile(path.join(ROOT, 'templates/policies/kefu-daily.json'), 'utf8'));
}

/** Scores 2026-10 with `policyFile` into a score JSON, then summarizes that file (with `summaryPolicy` if given). */
async function summaryFromScoreJson(
  dir: string,
  policyFile: string | null,
  summaryPolicy: string | null,
  edit: (doc: any) => void = () => {},
): Promise<{ score: any; cases: Case[] }> {
  const s = await cli(['score', ...monthArgs, ...(policyFile ? ['--policy', policyFile] : []), '--json']);
  expect(s.stderr).toBe('');
  expect(s.code).toBe(0);
  const score = JSON.parse(s.stdout);
  edit(score);
  const file = path.join(dir, `scores-${Math.random().toString(36).slice(2)}.json`);
  await fs.writeFile(file, JSON.stringify(score, null, 2));
  const r = await cli(['summary', '--scores', file, ...(summaryPolicy ? ['--policy', summaryPolicy] : []), '--json']);
  expect(r.code).toBe(0);
  return { score, cases: JSON.parse(r.stdout).warnings };
}

describe('summary --scores: each warning keeps the rule that raised it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tmpDir('score-json-warnings');
  });

  test('score --json writes warningDetails beside warnings: one per warning, same order, rule and parameters', async () => {
    const { score } = await summaryFromScoreJson(dir, null, null);
    const by = (id: string) => score.employees.find((e: any) => e.id === id);
    expect(by('0102')).toMatchObject({
      warnings: ['当月低于60分'],
      warningDetails: [{ code: 'scoreBelow', rule: 0, below: 60 }],
    });
    expect(by('0305').warnings).toEqual(['直接辞退:工作时间内睡觉']);
    expect(by('0305').warningDetails).toEqual([
      { code: 'category', rule: 2, category: 'dismissal', name: '工作时间内睡觉' },
    ]);
    for (const e of score.employees) expect(e.warningDetails).toHaveLength(e.warnings.length);
  });

  test('a category rule worded "{name}（…）" first: 当月低于60分 is not taken for that item', async () => {
    const policy = await dailyPolicy();
    policy.warnings.unshift({ type: 'category', category: 'dismissal', text: '{name}（直接辞退）' });
    const file = path.join(dir, 'name-first.json');
    await fs.writeFile(file, JSON.stringify(policy));
    const { cases } = await summaryFromScoreJson(dir, file, file);
    expect(cases.find((c) => c.id === '0102')).toMatchObject({
      code: 'scoreBelow',
      warning: '当月低于60分',
      reason: '总分 57 分，低于 60 分',
    });
    expect(cases.find((c) => c.id === '0305')).toMatchObject({
      code: 'category',
      warning: '工作时间内睡觉（直接辞退）',
    });
  });

  test('a file written while the policy worded the warning differently keeps its rule and reason', async () => {
    const policy = await dailyPolicy();
    policy.warnings[0].text = '本月总分不足60分';
    const file = path.join(dir, 'old-wording.json');
    await fs.writeFile(file, JSON.stringify(policy));
    // The file names the preset kefu-daily (policyId), whose wording today is 当月低于60分.
    const { cases } = await summaryFromScoreJson(dir, file, null);
    expect(cases.find((c) => c.id === '0102')).toMatchObject({
      code: 'scoreBelow',
      warning: '本月总分不足60分',
      reason: '总分 57 分，低于 60 分',
    });
  });

  test('a file from an older version (text only) is still matched by its text', async () => {
    const { cases } = await summaryFromScoreJson(dir, null, null, (doc) => {
      for (const e of doc.employees) delete e.warningDetails;
    });
    expect(cases.find((c) => c.id === '0102')).toMatchObject({ code: 'scoreBelow', reason: '总分 57 分，低于 60 分' });
    expect(cases.find((c) => c.id === '0305')).toMatchObject({ code: 'category', warning: '直接辞退:工作时间内睡觉' });
    expect(cases.find((c) => c.id === '0305')!.reason).not.toBe('');
  });

  test('warningDetails that do not go with warnings are refused, naming the employee; a kind this version does not know falls back to the text', async () => {
    const s = await cli(['score', ...monthArgs, '--json']);
    const doc = JSON.parse(s.stdout);
    const i = doc.employees.findIndex((e: any) => e.id === '0102');
    const write = async (edit: (e: any) => void) => {
      const copy = JSON.parse(JSON.stringify(doc));
      edit(copy.employees[i]);
      const file = path.join(dir, `edited-${Math.random().toString(36).slice(2)}.json`);
      await fs.writeFile(file, JSON.stringify(copy));
      return cli(['summary', '--scores', file, '--json']);
    };
    const extra = await write((e) => e.warnings.push('手工加的预警'));
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(
      /employees\[\d+\]（第\d+名员工，工号「0102」）的 warningDetails 与 warnings 不是一一对应/,
    );
    const wrong = await write((e) => (e.warningDetails[0].below = '60'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/warningDetails\[0\]（预警「当月低于60分」）不是有效的预警数据/);
    const newer = await write((e) => (e.warningDetails[0] = { code: 'someFutureRule', rule: 7 }));
    expect(newer.code).toBe(0);
    const cases: Case[] = JSON.parse(newer.stdout).warnings;
    expect(cases.find((c) => c.id === '0102')).toMatchObject({ code: 'scoreBelow', reason: '总分 57 分，低于 60 分' });
  });

  test('matching an older file by text: a "{name}（…）" wording takes only texts of its shape, and the name without the rest', async () => {
    const raw = await dailyPolicy();
    raw.warnings.unshift({ type: 'category', category: 'dismissal', text: '{name}（直接辞退）' });
    const policy = loadPolicy(raw);
    expect(warningFromText(policy, '工作时间内睡觉（直接辞退）')).toEqual({
      code: 'category',
      rule: 0,
      category: 'dismissal',
      name: '工作时间内睡觉',
    });
    expect(warningFromText(policy, '当月低于60分')).toEqual({ code: 'scoreBelow', rule: 1, below: 60 });
    expect(warningFromText(policy, '别的文字')).toBeNull();
  });
});
