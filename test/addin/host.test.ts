/**
 * What the pane uses of the host: an API only when its requirement set is supported AND the loaded
 * office.js defines it; every batch asks Excel to wait while HR is in cell-edit mode.
 */
import { ExcelGlobal, OfficeGlobal, hostInfo } from '../../addin/ui/host';

const office = (max: number): OfficeGlobal => ({
  HostType: { Excel: 'Excel' },
  context: { requirements: { isSetSupported: (_n: string, v = '1.1') => Number(v.split('.')[1]) <= max } },
});
const klass = function () {
  /* a class office.js defines */
};

describe('host features', () => {
  test('ExcelApi 1.18 with the npm office.js (no Excel.NoteCollection): no notes, messages go to 校验', () => {
    const excel = { run: async () => undefined, DataValidation: klass } as unknown as ExcelGlobal;
    const h = hostInfo({ host: 'Excel' }, office(18), excel);
    expect(h.run).not.toBeNull();
    expect(h.notes).toBe(false);
    expect(h.dataValidation).toBe(true);
  });

  test('ExcelApi 1.18 with the CDN office.js: notes; an older host with the same office.js: none', () => {
    const excel = {
      run: async () => undefined,
      DataValidation: klass,
      NoteCollection: klass,
    } as unknown as ExcelGlobal;
    expect(hostInfo({ host: 'Excel' }, office(18), excel).notes).toBe(true);
    expect(hostInfo({ host: 'Excel' }, office(17), excel).notes).toBe(false);
    expect(hostInfo({ host: 'Excel' }, office(7), excel).dataValidation).toBe(false);
  });

  test('below ExcelApi 1.7, or outside Excel, the pane is read-only and says why', () => {
    const excel = { run: async () => undefined } as unknown as ExcelGlobal;
    expect(hostInfo({ host: 'Excel' }, office(6), excel)).toEqual(
      expect.objectContaining({ run: null, unavailable: expect.stringContaining('ExcelApi 1.7') }),
    );
    expect(hostInfo({ host: 'Word' }, office(18), excel)).toEqual(
      expect.objectContaining({ run: null, unavailable: expect.stringContaining('需要在 Excel 中使用') }),
    );
    expect(hostInfo(null, undefined, undefined).run).toBeNull();
  });

  test('batches run with delayForCellEdit', async () => {
    const calls: unknown[] = [];
    const excel = {
      run: async (options: unknown, batch: (c: unknown) => Promise<unknown>) => {
        calls.push(options);
        return batch({});
      },
    } as unknown as ExcelGlobal;
    const h = hostInfo({ host: 'Excel' }, office(18), excel);
    await expect(h.run!(async () => 42)).resolves.toBe(42);
    expect(calls).toEqual([{ delayForCellEdit: true }]);
  });
});
