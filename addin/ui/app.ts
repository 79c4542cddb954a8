/**
 * The task pane: renders state and forwards clicks. Every rule comes from core/ through the live
 * session; every Excel call goes through addin/excel. Works (read-only) outside Excel, where it says
 * 请在 Excel 中打开.
 *
 * This is the shell: the host handshake, the live session and its change watcher, the tabs and the
 * banner. Each tab's form and rendering is its own module in tabs/ (初始化 setup, 校验 check,
 * 结果 result, 录入 entry, 检查 verify).
 */
import { presetPolicy } from '../../core/policy/presets';
import { SHEET } from '../../core/workbook/sheets';
import { closedText } from '../../core/closing/record';
import { ChangeWatcher } from '../excel/events';
import { parseAddress } from '../excel/io';
import { LiveSession } from '../live/session';
import type { HostInfo } from './host';
import { $, el } from './dom';
import type { Pane } from './tabs/pane';
import { SetupTab, renamedText } from './tabs/setup';
import { CheckTab } from './tabs/check';
import { ResultTab } from './tabs/result';
import { EntryTab } from './tabs/entry';
import { VerifyTab } from './tabs/verify';

export type { HostInfo };
export { currentMonth } from './tabs/setup';
export { resultView } from './tabs/result';

export class App {
  private session: LiveSession | null = null;
  private watcher: ChangeWatcher | null = null;

  private host: HostInfo = {
    run: null,
    notes: false,
    dataValidation: false,
    calculationMode: false,
    rowSorted: false,
    unavailable: '',
  };
  private connected = false;

  private readonly pane: Pane = {
    session: () => this.session,
    host: () => this.host,
    guard: (fn) => this.guard(fn),
    reattach: async () => {
      if (!this.session) return;
      await this.watcher?.attach(this.session.trackedSheets);
      await this.session.fullCheck();
    },
  };
  private readonly setupTab = new SetupTab(this.pane);
  private readonly checkTab = new CheckTab(this.pane);
  private readonly resultTab = new ResultTab(this.pane);
  private readonly entryTab = new EntryTab(this.pane, {
    policy: () => this.setupTab.chosenPolicy(),
    month: () => this.setupTab.month(),
  });
  private readonly verifyTab = new VerifyTab(this.pane);

  /** Renders the pane (buttons disabled) while the host handshake is pending. */
  start(): void {
    this.wireTabs();
    this.setupTab.fill();
    this.entryTab.renderItems(presetPolicy());
  }

  /** No handshake yet: a read-only preview that says why; useHost() may still connect later. */
  preview(reason: string): void {
    if (this.connected) return;
    this.banner({ title: '请在 Excel 中打开', body: reason });
  }

  /** The handshake arrived: connect to Excel (once), or say why the pane stays read-only. */
  useHost(host: HostInfo): void {
    if (this.connected) return;
    if (!host.run) {
      this.banner({ title: '请在 Excel 中打开', body: host.unavailable });
      return;
    }
    this.connected = true;
    this.host = host;
    this.banner({ title: '正在连接 Excel…', body: '' });
    this.verifyTab.connect();
    this.setupTab.connect();
    this.checkTab.connect();
    this.entryTab.connect();
    this.resultTab.connect();
    void this.guard(() => this.connect());
  }

  // ---------------------------------------------------------------- tabs and banner

  private wireTabs(): void {
    document.querySelectorAll<HTMLButtonElement>('nav button').forEach((b) => {
      b.addEventListener('click', () => this.showTab(b.dataset.tab!));
    });
  }

  showTab(name: string): void {
    document
      .querySelectorAll<HTMLButtonElement>('nav button')
      .forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
    document.querySelectorAll('main section').forEach((s) => s.classList.toggle('active', s.id === `tab-${name}`));
  }

  private banner(text?: { title: string; body: string; error?: boolean; closed?: boolean }): void {
    const b = $('banner');
    if (!text) {
      b.hidden = true;
      return;
    }
    b.hidden = false;
    b.className = text.error ? 'banner error' : text.closed ? 'banner closed' : 'banner';
    b.replaceChildren(el('strong', {}, text.title), text.body);
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.banner({ title: '操作未完成', body: e instanceof Error ? e.message : String(e), error: true });
    }
  }

  // ---------------------------------------------------------------- live session

  private async connect(): Promise<void> {
    const run = this.host.run!;
    const session = new LiveSession(run, { notes: this.host.notes, calculationMode: this.host.calculationMode });
    this.session = session;
    session.onUpdate(() => this.render());
    // The change watcher first: if the first full check fails, the next edit (or 全部重新检查) checks all.
    this.watcher = new ChangeWatcher({
      run,
      sink: async (b) => {
        await session.rowsChanged(b.sheet, b.areas, b.structural);
      },
      ownColumns: (sheet) => session.ownColumns(sheet),
      onSelect: (sheet, address) => this.onSelection(sheet, address),
      onError: (e) =>
        this.banner({
          title: '校验未完成，稍后自动重试',
          body: e instanceof Error ? e.message : String(e),
          error: true,
        }),
    });
    session.ownWrite = (sheet, address) => this.watcher?.expectEcho(sheet, address) ?? (() => undefined);
    this.watcher.watchSorts = this.host.rowSorted;
    // A sheet added (copied in from last month's workbook) or deleted: attach to what is there now, check all.
    this.watcher.onSheetsChanged = () =>
      void this.guard(async () => {
        await this.watcher!.attach(session.trackedSheets);
        await session.fullCheck();
      });
    await this.watcher.attach(session.trackedSheets);
    await session.fullCheck();
    this.setupTab.showSettings(session.state.settings);
    if (!session.state.blocker) this.showTab('check');
  }

  /** A 考核记录 row selected in Excel: offered for 作废, and its employee's result shown. */
  private onSelection(sheet: string, address: string): void {
    if (!this.session || sheet !== SHEET.entries) return;
    const area = parseAddress(address)[0];
    if (!area || area.firstRow < 2) return;
    const row = this.session.cachedRow(sheet, area.firstRow);
    this.entryTab.setVoidRow(area.firstRow);
    const id = row ? String(row.id ?? '').trim() : '';
    const emp = id
      ? this.session.state.result?.employees.find(
          (e) => e.id === id || e.id.replace(/^0+/, '') === id.replace(/^0+/, ''),
        )
      : undefined;
    if (emp) this.resultTab.select(emp.id);
  }

  private render(): void {
    const s = this.session!.state;
    const settings = s.settings;
    $('context').textContent = settings?.policy ? `${settings.month} · ${settings.policy.name}` : '尚未初始化考核表';
    this.verifyTab.render(s);
    if (s.closed)
      this.banner({
        title: s.closed.version > 0 ? closedText(s.closed) : '已定稿',
        body: '各工作表已保护：窗格只检查、不写入（不标记、不添加或作废记录、不初始化）。需要更正时请用 npx kaohe correct 生成新版本。',
        closed: true,
      });
    else if (s.blocker) this.banner({ title: '需要先初始化', body: s.blocker });
    else if (s.renamed.length > 0)
      this.banner({
        title: '工作表被改名',
        body: `${renamedText(s.renamed)}窗格仍按原表检查；但 kaohe 命令和下次打开时的查找按原名进行，请改回原名。`,
      });
    else if (s.outsideFormulas.length > 0) {
      this.banner({
        title: '有记录不在月度汇总公式的范围内',
        body: `考核记录第${s.outsideFormulas[0]}行${s.outsideFormulas.length > 1 ? `等 ${s.outsideFormulas.length} 行` : ''}没有汇总公式，月度汇总的公式结果不含这些记录（本窗格的结果已包含）。请到「检查」页点「刷新公式」。`,
        error: true,
      });
    } else this.banner();
    this.checkTab.render(s);
    this.resultTab.renderEmployees();
    this.resultTab.render();
    if (settings?.policy) this.entryTab.renderItems(settings.policy);
  }
}
