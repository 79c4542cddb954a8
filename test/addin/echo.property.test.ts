/**
 * Every user edit is checked: over random interleavings of the add-in's own writes (the entry form's
 * append, 作废) and HR's edits (single cells, row ranges, whole rows, undo), with and without the
 * host's triggerSource, the live check ends where a fresh full check of the same sheet ends: the same
 * cached rows as the sheet, the same problems, the same 核对 column. Fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { SHEET } from '../../core/workbook/sheets';
import { ENTRY_COLS } from '../../core/workbook/layout';
import { isoDateToSerial } from '../../core/values';
import { LiveSession } from '../../addin/live/session';
import { liveOn, preparedWorkbook } from './helpers';

type Row = Array<string | number>;
const ROWS: Row[] = [
  ['2026-11-05', '0007', 'L01', '', '', '', '迟到', '', '', ''],
  ['2026-11-06', '9999', 'L01', '', '', '', '', '', '', ''], // 工号 not in the roster
  ['2026-11-07', '0012', 'L04', '', 9, '', '', '', '', ''], // 分值 out of range
  ['2026-11-08', '0031', 'B03', '', '', '', '顶班', '', '', ''],
  ['', '', '', '', '', '', '', '', '', ''],
];
const CELLS: Array<[number, Array<string | number>]> = [
  [1, ['0007', '9999', '']],
  [2, ['L01', 'L99', 'B03']],
  [4, [3, 9, '']],
];
const LETTER = 'ABCDEFGHIJ';

type Op =
  | { kind: 'append'; id: string; code: string; points: number | '' }
  | { kind: 'void'; row: number }
  | { kind: 'cell'; row: number; col: number; value: string | number }
  | { kind: 'rows'; row: number; rows: Row[] }
  | { kind: 'wholeRow'; row: number; values: Row }
  | { kind: 'undo' };

const row = fc.integer({ min: 2, max: 5 });
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      id: fc.constantFrom('0007', '9999', '0031'),
      code: fc.constantFrom('L01', 'L04'),
      points: fc.constantFrom(3, 9, '' as const),
    }),
  },
  fc.record({ kind: fc.constant('void' as const), row }),
  fc.integer({ min: 0, max: CELLS.length - 1 }).chain((i) =>
    fc.record({
      kind: fc.constant('cell' as const),
      row,
      col: fc.constant(CELLS[i][0]),
      value: fc.constantFrom(...CELLS[i][1]),
    }),
  ),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('rows' as const),
      row,
      rows: fc.array(fc.constantFrom(...ROWS), { minLength: 1, maxLength: 2 }),
    }),
  },
  fc.record({ kind: fc.constant('wholeRow' as const), row, values: fc.constantFrom(...ROWS) }),
  fc.constant({ kind: 'undo' as const }),
);

const norm = (v: unknown) => (v === null || v === undefined ? '' : v);
const K = ENTRY_COLS.check - 1;
const LAST = 12;

async function scenario(modernHost: boolean, ops: Array<[Op, boolean]>): Promise<void> {
  const fake = await preparedWorkbook();
  fake.triggerSource = modernHost;
  const { session, watcher, settle } = await liveOn(fake, true);
  session.ownWrite = (s, a) => watcher.expectEcho(s, a);
  const entries = fake.sheet(SHEET.entries);
  const undo: Array<{ address: string; before: unknown[][] }> = [];
  const userEdit = async (address: string, values: unknown[][], r0: number, c0: number) => {
    undo.push({ address, before: values.map((line, i) => line.map((_, j) => entries.get(r0 + i, c0 + j))) });
    await fake.userEdit(SHEET.entries, address, values);
  };
  for (const [op, settleAfter] of ops) {
    switch (op.kind) {
      case 'append':
        await session.appendRow(
          SHEET.entries,
          { date: isoDateToSerial('2026-11-10'), id: op.id, code: op.code, points: op.points, status: '有效' },
          { date: 'yyyy-mm-dd', id: '@' },
        );
        break;
      case 'void':
        await session.updateRow(SHEET.entries, op.row, { status: '作废', voidReason: '记错人' });
        break;
      case 'cell':
        await userEdit(`${LETTER[op.col]}${op.row}`, [[op.value]], op.row, op.col);
        break;
      case 'rows':
        await userEdit(`A${op.row}:J${op.row + op.rows.length - 1}`, op.rows, op.row, 0);
        break;
      case 'wholeRow':
        await userEdit(`${op.row}:${op.row}`, [op.values], op.row, 0);
        break;
      case 'undo': {
        const last = undo.pop();
        if (last) await fake.userEdit(SHEET.entries, last.address, last.before);
        break;
      }
    }
    if (settleAfter) await settle();
  }
  await settle();
  await settle();

  // The live check saw every row as the sheet has it...
  const cached = session.tracked(SHEET.entries)!.rows;
  for (let r = 2; r <= LAST; r++) {
    expect(
      [
        r,
        ...(cached[r - 2] ?? []).slice(0, 10).map(norm),
        ...new Array(Math.max(0, 10 - (cached[r - 2]?.length ?? 0))).fill(''),
      ].slice(0, 11),
    ).toEqual([r, ...entries.row(r, 10)]);
  }
  // ...and ends where a fresh full check ends.
  const live = session.state.problems.map((p) => `${p.file}:${p.row}:${p.code}`).sort();
  const verdicts = Array.from({ length: LAST - 1 }, (_, i) => entries.get(i + 2, K));
  const fresh = new LiveSession(fake.run, { notes: true });
  await fresh.fullCheck();
  expect(live).toEqual(fresh.state.problems.map((p) => `${p.file}:${p.row}:${p.code}`).sort());
  expect(verdicts).toEqual(Array.from({ length: LAST - 1 }, (_, i) => entries.get(i + 2, K)));
}

describe('every user edit is checked (own writes and user edits interleaved)', () => {
  test.each([
    ['with triggerSource (ExcelApi 1.14+)', true],
    ['without triggerSource (older hosts)', false],
  ])(
    '%s',
    async (_name, modern) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(arbOp, fc.boolean()), { minLength: 1, maxLength: 10 }), (ops) =>
          scenario(modern as boolean, ops),
        ),
        { seed: 20261130, numRuns: 20, endOnFailure: true },
      );
    },
    120000,
  );

  test('a paste over the row the entry form just appended, with an unknown 工号, is checked (ExcelApi 1.14+)', async () => {
    await scenario(true, [
      [{ kind: 'append', id: '0007', code: 'L01', points: '' }, true],
      [{ kind: 'rows', row: 2, rows: [ROWS[1]] }, true],
    ]);
  });

  test("an own write that failed (cell-edit mode) leaves no echo behind to hide the user's edit of that cell (older hosts)", async () => {
    const fake = await preparedWorkbook();
    fake.triggerSource = false;
    const { session, watcher, settle } = await liveOn(fake, true);
    session.ownWrite = (s, a) => watcher.expectEcho(s, a);
    await fake.userEdit(SHEET.entries, 'A2:J2', [ROWS[0]]);
    await settle();
    fake.editing = true;
    await expect(session.updateRow(SHEET.entries, 2, { status: '作废', voidReason: '记错人' })).rejects.toThrow(
      'InvalidOperationInCellEditMode',
    );
    fake.editing = false;
    await fake.userEdit(SHEET.entries, 'I2', [['作废']]); // 作废 without 作废原因
    await settle();
    expect(session.state.problems.map((p) => [p.row, p.code])).toEqual([[2, 'VOID_REASON_MISSING']]);
  });
});
