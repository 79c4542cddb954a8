import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { loadPolicy, policyFingerprint } from '../../core/policy/load';
import { presetIds, presetPolicy } from '../../core/policy/presets';
import daily from '../../templates/policies/kefu-daily.json';
import { scoreOf } from './fixtures';

describe('policies are data', () => {
  test('the 客服日常考核 catalogue has exactly the 规则说明 §2.2 codes', () => {
    const p = presetPolicy('kefu-daily');
    const codes = p.items.map((i) => i.code);
    const range = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
    expect(codes).toEqual([
      ...range('B', 6),
      ...range('L', 13),
      ...range('M', 7),
      ...range('S', 4),
      'T01',
      ...range('D', 4),
    ]);
    expect(p.items.flatMap((i) => (i.kind === 'range' ? [[i.code, i.range.min, i.range.max]] : []))).toEqual([
      ['L04', 2, 5],
      ['L08', 2, 5],
      ['L09', 1, 2],
      ['L13', 2, 5],
    ]);
    expect(p.items.filter((i) => i.frequency === 'monthly').map((i) => i.code)).toEqual(['B01', 'B02', 'B05', 'M07']);
    expect(p.escalation).toMatchObject({ code: 'X01', points: 20, counting: 'distinct' });
    expect(p).toMatchObject({ base: 80, scoreMin: 0, scoreMax: 110 });
  });

  test('the rubric preset has 12 sections and 24 finding codes', () => {
    const p = presetPolicy('kefu-supervisor');
    expect(p.groups.map((g) => g.points)).toEqual([10, 8, 5, 8, 12, 10, 8, 10, 6, 10, 5, 8]);
    expect(p.groups.reduce((s, g) => s + g.points, 0)).toBe(100);
    expect(p.items).toHaveLength(24);
    expect(p.items.find((i) => i.code === 'R05N')).toMatchObject({ points: 5, group: 'R05' });
    expect(p.items.find((i) => i.code === 'R09P')).toMatchObject({ points: 2, group: 'R09' });
    expect(p.payFloat).toBeNull();
    expect(p.escalation).toBeNull();
  });

  test('presets are listed and fingerprints are stable and differ', () => {
    expect(presetIds()).toEqual(['kefu-daily', 'kefu-supervisor']);
    expect(policyFingerprint(presetPolicy('kefu-daily'))).toBe(policyFingerprint(presetPolicy('kefu-daily')));
    expect(policyFingerprint(presetPolicy('kefu-daily'))).not.toBe(policyFingerprint(presetPolicy('kefu-supervisor')));
  });

  test('a user policy changes the numbers without code changes', () => {
    const custom = loadPolicy({
      ...daily,
      id: 'my-shop',
      base: 90,
      items: daily.items.map((i) => (i.code === 'L01' ? { ...i, points: 3 } : i)),
      escalation: { ...daily.escalation, triggers: [{ category: 'light', atLeast: 2 }] },
    });
    expect(scoreOf([{ code: 'L01' }, { code: 'L02' }], custom).emp).toMatchObject({
      deduction: 5,
      escalation: 20,
      score: 65,
    });
    expect(scoreOf([{ code: 'L01' }, { code: 'L02' }]).emp).toMatchObject({ deduction: 4, escalation: 0, score: 76 });
  });

  test('escalation counts different items in a category of more than 32 items', () => {
    const extra = Array.from({ length: 40 }, (_, i) => ({
      code: `Z${i + 1}`,
      name: `自定义${i + 1}`,
      category: 'light',
      points: 1,
    }));
    const big = loadPolicy({ ...daily, items: [...daily.items, ...extra] });
    // Z1 and Z33 share a bit position in different words; Z40 is in the second word too.
    expect(scoreOf([{ code: 'Z1' }, { code: 'Z33' }, { code: 'Z40' }], big).emp).toMatchObject({
      deduction: 3,
      escalation: 0,
      score: 77,
    });
    expect(
      scoreOf([{ code: 'Z1' }, { code: 'Z33' }, { code: 'Z40' }, { code: 'Z33' }, { code: 'Z2' }], big).emp,
    ).toMatchObject({ deduction: 5, escalation: 20, score: 55 });
    expect(scoreOf([{ code: 'Z33' }, { code: 'Z33' }, { code: 'Z33' }, { code: 'Z33' }], big).emp).toMatchObject({
      deduction: 4,
      escalation: 0,
      score: 76,
    });
  });

  test.each([
    [{ ...daily, items: [] }, 'items'],
    [{ ...daily, base: '80' }, 'base'],
    [{ ...daily, grades: [{ name: 'A' }, { name: 'B', min: 80 }] }, 'grades[0].min'],
    [{ ...daily, grades: [{ name: 'A', min: 80 }, { name: 'B', min: 90 }, { name: 'C' }] }, 'grades[1].min'],
    [{ ...daily, items: [...daily.items, { code: 'L01', name: 'x', category: 'light', points: 1 }] }, 'items[35].code'],
    [{ ...daily, items: [{ code: 'Z1', name: 'x', category: 'light', range: { min: 5, max: 2 } }] }, 'items[0].range'],
    [{ ...daily, items: [{ code: 'Z1', name: 'x', category: 'light', points: 1.25 }] }, 'items[0].points'],
    [{ ...daily, escalation: { ...daily.escalation, counting: 'some' } }, 'escalation.counting'],
    [{ ...daily, warnings: [{ type: 'gradeStreak', grade: 'Z', months: 2, text: 't' }] }, 'warnings[0].grade'],
    [
      {
        ...daily,
        items: [
          {
            code: 'T',
            name: 't',
            category: 'incident',
            minuteTiers: [
              { over: 0, upTo: 10, category: 'light', points: 5 },
              { over: 20, category: 'severe', points: 20 },
            ],
          },
        ],
      },
      'items[0].minuteTiers[1].over',
    ],
  ])('a bad policy names its bad field (%#: %s)', (raw, field) => {
    expect(() => loadPolicy(raw)).toThrow(field);
  });
});

describe('item kinds: the loader derives each from the one field a policy file writes', () => {
  const withItem = (item: Record<string, unknown>) => ({ ...daily, items: [item] });
  const tiers = [
    { over: 0, upTo: 10, category: 'light', points: 5 },
    { over: 10, category: 'severe', points: 20 },
  ];

  test('the 客服日常考核 preset has all four kinds', () => {
    const kinds = Object.fromEntries(presetPolicy('kefu-daily').items.map((i) => [i.code, i.kind]));
    expect(kinds).toMatchObject({ L01: 'fixed', L04: 'range', T01: 'minuteTiers', D01: 'unscored' });
  });

  test.each([
    [
      { code: 'z1', name: '固定', category: 'light', points: 2 },
      { kind: 'fixed', code: 'Z1', points: 2 },
    ],
    [
      { code: 'Z2', name: '范围', category: 'light', range: { min: 1, max: 3 } },
      { kind: 'range', range: { min: 1, max: 3 } },
    ],
    [{ code: 'Z3', name: '超时', category: 'incident', minuteTiers: tiers }, { kind: 'minuteTiers' }],
    [{ code: 'Z4', name: '辞退', category: 'dismissal' }, { kind: 'unscored' }],
    [{ code: 'Z5', name: '写明种类', category: 'light', kind: 'range', range: { min: 1, max: 3 } }, { kind: 'range' }],
  ])('%o loads as %o', (raw, expected) => {
    expect(loadPolicy(withItem(raw)).items[0]).toMatchObject(expected);
  });

  test.each([
    [{ code: 'Z', name: 'x', category: 'light', points: 2, range: { min: 1, max: 3 } }],
    [{ code: 'Z', name: 'x', category: 'light', points: 2, minuteTiers: tiers }],
    [{ code: 'Z', name: 'x', category: 'light', range: { min: 1, max: 3 }, minuteTiers: tiers }],
    [{ code: 'Z', name: 'x', category: 'dismissal', points: 0, range: { min: 0, max: 0 } }],
  ])("a file mixing two kinds' fields is refused in Chinese, naming the item (%#)", (raw) => {
    expect(() => loadPolicy(withItem(raw))).toThrow(
      '考核方案无效：字段 items[0] points、range、minuteTiers 只能有一个',
    );
  });

  test('an item with none of them is refused unless its category does not score', () => {
    expect(() => loadPolicy(withItem({ code: 'Z', name: 'x', category: 'light' }))).toThrow(
      '考核方案无效：字段 items[0] 需要 points、range 或 minuteTiers 之一',
    );
  });

  test('a written kind that contradicts the fields is refused in Chinese, naming items[i].kind', () => {
    expect(() =>
      loadPolicy(withItem({ code: 'Z', name: 'x', category: 'light', kind: 'fixed', range: { min: 1, max: 3 } })),
    ).toThrow('考核方案无效：字段 items[0].kind 应为 "range"');
    expect(() => loadPolicy(withItem({ code: 'Z', name: 'x', category: 'light', kind: 'tiers', points: 1 }))).toThrow(
      '字段 items[0].kind',
    );
  });

  test('a loaded policy loads again unchanged (its items now carry kind)', () => {
    for (const id of presetIds()) {
      const p = presetPolicy(id);
      expect(loadPolicy(JSON.parse(JSON.stringify(p)))).toEqual(p);
    }
  });

  test('the fingerprints shown in 说明 are those of the policy content, as before items had a kind', () => {
    expect(policyFingerprint(presetPolicy('kefu-daily'))).toBe('2cb9c6c4');
    expect(policyFingerprint(presetPolicy('kefu-supervisor'))).toBe('f5781707');
  });
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('core/ is pure and knows mechanisms, not item codes', () => {
  const files = tsFiles(path.resolve(__dirname, '../../core'));
  test.each(files.map((f) => [path.relative(path.resolve(__dirname, '../..'), f), f]))(
    '%s imports no fs, exceljs or Office',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/from ['"](fs|path|os|child_process|exceljs|jszip|iconv-lite|node:[a-z_]+)['"]/);
      expect(text).not.toMatch(/require\(/);
      expect(text).not.toMatch(/\b(Excel|Office)\.run\b/);
    },
  );

  test('no item code is spelled in core/ code', () => {
    for (const f of files) {
      expect({
        file: f,
        codes: readFileSync(f, 'utf8').match(/['"`](B0[1-6]|L\d\d|M0[1-7]|S0[1-4]|T01|D0[1-4]|X01|R\d\d[NP])['"`]/g),
      }).toEqual({ file: f, codes: null });
    }
  });

  test('no two modules of core/ import each other, even for types only (no import cycle)', () => {
    const root = path.resolve(__dirname, '../..');
    const rel = (f: string) => path.relative(root, f);
    const importsOf = new Map<string, string[]>();
    for (const f of files) {
      // import …, import type …, export … from, and bare imports, of relative .ts modules
      const specs = [...readFileSync(f, 'utf8').matchAll(/(?:\bfrom|^import)\s+['"](\.{1,2}\/[^'"]+)['"]/gm)];
      importsOf.set(
        f,
        specs
          .map((m) => path.resolve(path.dirname(f), m[1]))
          .flatMap((p) => [`${p}.ts`, path.join(p, 'index.ts')].filter((c) => files.includes(c)).slice(0, 1)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map(rel).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const g of importsOf.get(f)!) visit(g, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect([...importsOf.values()].flat().length).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });
});
