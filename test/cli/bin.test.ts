import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const examples = path.resolve(root, 'test/fixtures/shared-example');

// `npm install` compiles the CLI (prepare → build:cli); this is what `npx kaohe` runs.
const built = existsSync(path.join(root, 'build/scripts/cli/main.js'));

// In CI `npm ci` has built it; a missing build there is a failure, not a skip.
(built || process.env.CI ? describe : describe.skip)('bin/kaohe.js as a user runs it', () => {
  test('score --json prints one JSON document on stdout and nothing else', () => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'bin/kaohe.js'),
        'score',
        '--roster',
        path.join(examples, 'roster.csv'),
        '--entries',
        path.join(examples, 'entries-2026-11.csv'),
        '--adjustments',
        path.join(examples, 'adjustments-2026-11.csv'),
        '--month',
        '2026-11',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.employees.map((e: { id: string; score: number }) => [e.id, e.score])).toEqual([
      ['0007', 81],
      ['0012', 100],
      ['0031', 47],
      ['0045', 42],
      ['0050', 85],
    ]);
  });

  test('an unknown command exits non-zero with a Chinese message', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/kaohe.js'), 'nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('未知命令');
  });
});
