/**
 * Task pane entry: renders the pane at once, then connects whenever Office.onReady says it runs in
 * Excel, however late the handshake comes. Outside Excel (a plain browser, the headless test) the pane
 * shows a read-only preview with 请在 Excel 中打开 after a few seconds, and still connects if the host
 * answers afterwards (a slow Excel on the web must not leave the pane read-only for good).
 */
import { App } from './app';
import { ExcelGlobal, OUTSIDE, OfficeGlobal, hostInfo } from './host';

/** After this long without a handshake the pane says it is not in Excel (but keeps listening). */
const PREVIEW_AFTER_MS = 4000;

function boot(): void {
  const app = new App();
  app.start();
  const office =
    typeof Office === 'undefined'
      ? undefined
      : (Office as unknown as OfficeGlobal & { onReady?: () => Promise<{ host: unknown }> });
  if (!office || typeof office.onReady !== 'function') {
    app.useHost({
      run: null,
      notes: false,
      dataValidation: false,
      calculationMode: false,
      rowSorted: false,
      unavailable: OUTSIDE,
    });
    return;
  }
  const timer = setTimeout(() => app.preview(OUTSIDE), PREVIEW_AFTER_MS);
  office
    .onReady()
    .then((info) => {
      clearTimeout(timer);
      const excel = typeof Excel === 'undefined' ? undefined : (Excel as unknown as ExcelGlobal);
      app.useHost(hostInfo(info, office, excel));
    })
    .catch(() => {
      clearTimeout(timer);
      app.preview(OUTSIDE);
    });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
