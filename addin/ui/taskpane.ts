/**
 * Task pane entry: detects Excel and the API sets it offers, then starts the app. Outside Excel (a
 * plain browser, the headless test) the pane renders read-only with a clear 请在 Excel 中打开.
 */
import { App, HostInfo } from './app';
import type { XRun } from '../excel/types';

const OUTSIDE = '此任务窗格需要在 Excel 中使用：在 Excel（Windows、Mac 或网页版）中旁加载本加载项后，点「开始」选项卡上的「考核助手」。当前为预览，按钮不可用。';

function hostInfo(info: { host: Office.HostType | null } | null): HostInfo {
  if (!info || info.host !== Office.HostType.Excel) return { run: null, notes: false, dataValidation: false, unavailable: OUTSIDE };
  const req = Office.context.requirements;
  if (!req.isSetSupported('ExcelApi', '1.7')) {
    return { run: null, notes: false, dataValidation: false, unavailable: '此 Excel 版本过旧（需要 ExcelApi 1.7 或更高，即 Excel 2019 / Microsoft 365）。' };
  }
  const run: XRun = (batch) => Excel.run((context) => batch(context));
  return { run, notes: req.isSetSupported('ExcelApi', '1.18'), dataValidation: req.isSetSupported('ExcelApi', '1.8'), unavailable: '' };
}

function boot(): void {
  let started = false;
  const start = (info: { host: Office.HostType | null } | null) => {
    if (started) return;
    started = true;
    new App(hostInfo(info)).start();
  };
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
    start(null);
    return;
  }
  // Outside any Office host onReady may never settle in some browsers: do not wait forever.
  const timer = setTimeout(() => start(null), 4000);
  Office.onReady()
    .then((info) => {
      clearTimeout(timer);
      start(info);
    })
    .catch(() => start(null));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
