/**
 * The task pane: renders state and forwards clicks. Every rule comes from core/ through the live
 * session; every Excel call goes through addin/excel. Works (read-only) outside Excel, where it says
 * 请在 Excel 中打开.
 */
import { presetIds, presetPolicy } from '../../core/policy/presets';
import { pointsText } from '../../core/policy/catalog';
import type { Item, Policy } from '../../core/policy/types';
import type { EmployeeResult } from '../../core/scoring/monthly';
import type { Employee } from '../../core/input/records';
import { SHEET } from '../../core/workbook/sheets';
import { closedText } from '../../core/closing/record';
import { isoDateToSerial } from '../../core/values';
import { ChangeWatcher } from '../excel/events';
import { parseAddress } from '../excel/io';
import { refreshFormulas, setupWorkbook } from '../excel/setup';
import { LiveSession } from '../live/session';
import { parsePastMonth } from '../live/history';
import type { HostInfo } from './host';

export type { HostInfo };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** 'YYYY-MM' of today in China time (the product's users), whatever the machine's zone. */
export function currentMonth(now = new Date()): string {
  const cn = new Date(now.getTime() + 8 * 3600 * 1000);
  return `${cn.getUTCFullYear()}-${String(cn.getUTCMonth() + 1).padStart(2, '0')}`;
}

const fmt = (n: number) => (n > 0 ? `+${n}` : String(n));

export class App {
  private session: LiveSession | null = null;
  private watcher: ChangeWatcher | null = null;
  private selectedId = '';
  private chosenEmployee: Employee | null = null;

  private host: HostInfo = {
    run: null,
    notes: false,
    dataValidation: false,
    calculationMode: false,
    rowSorted: false,
    unavailable: '',
  };
  private connected = false;

  /** Renders the pane (buttons disabled) while the host handshake is pending. */
  start(): void {
    this.wireTabs();
    this.fillSetupForm();
    this.renderItems(presetPolicy());
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
    for (const id of [
      'btn-setup',
      'btn-recheck',
      'btn-add',
      'btn-void',
      'btn-verify',
      'btn-refresh',
      'btn-close',
      'history-files',
    ])
      $<HTMLButtonElement>(id).disabled = false;
    $('btn-refresh').addEventListener('click', () => void this.guard(() => this.refresh()));
    $('history-files').addEventListener('change', () => void this.guard(() => this.loadHistory()));
    $('btn-setup').addEventListener('click', () => void this.guard(() => this.setup()));
    $('btn-recheck').addEventListener('click', () => void this.guard(() => this.recheck()));
    $('btn-add').addEventListener('click', () => void this.guard(() => this.addEntry()));
    $('btn-void').addEventListener('click', () => void this.guard(() => this.voidEntry()));
    $('btn-verify').addEventListener('click', () => void this.guard(() => this.verify()));
    $('btn-close').addEventListener('click', () => void this.guard(() => this.closeMonth()));
    $('emp-pick').addEventListener('change', () => {
      this.selectedId = $<HTMLSelectElement>('emp-pick').value;
      this.renderResult();
    });
    this.wireEntryForm();
    void this.guard(() => this.connect());
  }

  // ---------------------------------------------------------------- wiring

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

  private fillSetupForm(): void {
    $<HTMLInputElement>('month').value = currentMonth();
    const select = $<HTMLSelectElement>('policy');
    select.replaceChildren(
      ...presetIds().map((id) => el('option', { value: id }, `${presetPolicy(id).name}（${id}）`)),
    );
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
    const s = session.state.settings;
    if (s) {
      $<HTMLInputElement>('month').value = s.month || currentMonth();
      const select = $<HTMLSelectElement>('policy');
      // A policy that is not a preset (a custom policy file, or one edited in 考核项目) is listed as the workbook's.
      if (s.policyId && s.policy && !Array.from(select.options).some((o) => o.value === s.policyId))
        select.append(el('option', { value: s.policyId }, `${s.policy.name}（本工作簿）`));
      if (s.policyId) select.value = s.policyId;
    }
    if (!session.state.blocker) this.showTab('check');
  }

  private onSelection(sheet: string, address: string): void {
    if (!this.session || sheet !== SHEET.entries) return;
    const area = parseAddress(address)[0];
    if (!area || area.firstRow < 2) return;
    const row = this.session.cachedRow(sheet, area.firstRow);
    $<HTMLInputElement>('void-row').value = String(area.firstRow);
    const id = row ? String(row.id ?? '').trim() : '';
    const emp = id
      ? this.session.state.result?.employees.find(
          (e) => e.id === id || e.id.replace(/^0+/, '') === id.replace(/^0+/, ''),
        )
      : undefined;
    if (emp) {
      this.selectedId = emp.id;
      $<HTMLSelectElement>('emp-pick').value = emp.id;
      this.renderResult();
    }
  }

  private async setup(): Promise<void> {
    this.session?.refuseClosed();
    const month = $<HTMLInputElement>('month').value;
    if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('请先选择考核月份。');
    const renamed = this.session?.state.renamed ?? [];
    if (renamed.length > 0) throw new Error(`${renamedText(renamed)}初始化会按原名新建空表，请先把工作表改回原名。`);
    const chosen = $<HTMLSelectElement>('policy').value;
    const own = this.session?.state.settings?.policy;
    const policy = own && own.id === chosen ? own : presetPolicy(chosen);
    const report = await setupWorkbook(this.host.run!, {
      policy,
      month,
      features: { dataValidation: this.host.dataValidation },
    });
    const icon = { created: '已新建', filled: '已写入', kept: '保留' } as const;
    $('setup-report').replaceChildren(
      ...report.lines.map((l) =>
        el(
          'li',
          { class: l.action === 'kept' ? 'info' : 'ok' },
          `${l.sheet ? `「${l.sheet}」` : ''}${icon[l.action]}：${l.detail}`,
        ),
      ),
    );
    if (this.session) {
      await this.watcher?.attach(this.session.trackedSheets);
      await this.session.fullCheck();
    }
  }

  private async recheck(): Promise<void> {
    await this.session?.fullCheck();
  }

  // ---------------------------------------------------------------- rendering

  private render(): void {
    const s = this.session!.state;
    const settings = s.settings;
    $('context').textContent = settings?.policy ? `${settings.month} · ${settings.policy.name}` : '尚未初始化考核表';
    $<HTMLButtonElement>('btn-close').disabled = !!s.closed;
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
    this.renderProblems();
    this.renderEmployees();
    this.renderResult();
    if (settings?.policy) this.renderItems(settings.policy);
    const last = s.last;
    $('check-status').textContent = last
      ? `上次检查：${last.kind === 'full' ? '全表' : '变更行'} ${last.rowsRead} 行，Excel 往返 ${last.syncs} 次，规则计算 ${last.coreMs.toFixed(1)} 毫秒`
      : '';
  }

  private renderProblems(): void {
    const s = this.session!.state;
    const list = $('problems');
    if (s.blocker) {
      $('check-summary').textContent = '无法检查。';
      list.replaceChildren();
      return;
    }
    const n = s.problems.length;
    $('check-summary').textContent = n === 0 ? '没有发现问题。' : `发现 ${n} 个问题（点击跳到单元格）：`;
    list.replaceChildren(
      ...s.problems.slice(0, 500).map((p) => {
        const li = el(
          'li',
          { tabindex: '0' },
          el('div', { class: 'where' }, `${p.file} 第${p.row}行${p.column ? ` · ${p.column}` : ''}`),
          p.message,
        );
        li.addEventListener(
          'click',
          () => void this.guard(() => this.session!.select(p.file, p.row, this.session!.columnOf(p.file, p.column))),
        );
        return li;
      }),
    );
    $('notices').replaceChildren(...(s.result?.notices ?? []).map((t) => el('li', { class: 'info' }, t)));
  }

  private renderEmployees(): void {
    const result = this.session!.state.result;
    const pick = $<HTMLSelectElement>('emp-pick');
    const options = (result?.employees ?? []).map((e) =>
      el('option', { value: e.id }, `${e.id} ${e.name}${e.team ? `（${e.team}）` : ''}`),
    );
    pick.replaceChildren(el('option', { value: '' }, '（选择员工，或在考核记录中选中一行）'), ...options);
    pick.value = this.selectedId;
  }

  private renderResult(): void {
    const card = $('result-card');
    const e = this.session?.state.result?.employees.find((x) => x.id === this.selectedId);
    if (!e) {
      card.className = 'empty';
      card.replaceChildren(this.session?.state.result ? '请选择员工。' : '暂无结果。');
      return;
    }
    card.className = '';
    card.replaceChildren(...resultView(e));
  }

  // ---------------------------------------------------------------- 录入

  private renderItems(policy: Policy): void {
    const select = $<HTMLSelectElement>('entry-item');
    const current = select.value;
    const auto = policy.escalation?.code;
    const groups = policy.categories
      .map((c) => {
        const og = el('optgroup', { label: c.name });
        for (const it of policy.items) {
          if (it.category !== c.id || it.code === auto) continue;
          og.append(el('option', { value: it.code }, `${it.code} ${it.name}（${pointsText(it) || '不计分'}）`));
        }
        return og;
      })
      .filter((g) => g.children.length > 0);
    select.replaceChildren(...groups);
    if (current) select.value = current;
    this.onItemChange(policy);
  }

  private policyNow(): Policy {
    return this.session?.currentPolicy ?? presetPolicy($<HTMLSelectElement>('policy').value || undefined);
  }

  private itemNow(): Item | undefined {
    const code = $<HTMLSelectElement>('entry-item').value;
    return this.policyNow().items.find((i) => i.code === code);
  }

  private onItemChange(policy = this.policyNow()): void {
    const it = policy.items.find((i) => i.code === $<HTMLSelectElement>('entry-item').value);
    const points = $<HTMLInputElement>('entry-points');
    $('minutes-wrap').hidden = it?.kind !== 'minuteTiers';
    if (!it) return;
    if (it.kind === 'range') {
      points.disabled = false;
      points.min = String(it.range.min);
      points.max = String(it.range.max);
      points.placeholder = `${it.range.min}–${it.range.max}`;
      if (points.value === '' || Number(points.value) < it.range.min || Number(points.value) > it.range.max)
        points.value = '';
    } else {
      points.disabled = true;
      points.value = '';
      points.placeholder =
        it.kind === 'minuteTiers' ? '按超时分钟确定' : it.kind === 'fixed' ? `固定 ${it.points}` : '不计分';
    }
    $('entry-count').toggleAttribute('disabled', it.frequency === 'monthly');
    if (it.frequency === 'monthly') $<HTMLInputElement>('entry-count').value = '1';
    $('item-hint').textContent = [
      it.frequency === 'monthly' ? '每月只计一次。' : '',
      it.kind === 'range' ? `分值须在 ${it.range.min}–${it.range.max} 分之间。` : '',
      it.kind === 'minuteTiers'
        ? `超时分钟决定等级：${it.minuteTiers.map((t) => `${t.over}分钟以上${t.upTo ? `至${t.upTo}分钟` : ''} ${t.points}分`).join('；')}。`
        : '',
      it.note ?? '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  private wireEntryForm(): void {
    $('entry-item').addEventListener('change', () => this.onItemChange());
    const search = $<HTMLInputElement>('emp-search');
    const matches = $('emp-matches');
    search.addEventListener('input', () => {
      this.chosenEmployee = null;
      const q = search.value.trim();
      const employees = this.session?.currentRoster?.employees ?? [];
      const hits = q === '' ? [] : employees.filter((e) => e.id.includes(q) || e.name.includes(q)).slice(0, 30);
      matches.hidden = hits.length === 0;
      matches.replaceChildren(
        ...hits.map((e) => {
          const d = el('div', {}, `${e.id} ${e.name}${e.team ? `（${e.team}）` : ''}`);
          d.addEventListener('click', () => {
            this.chosenEmployee = e;
            search.value = `${e.id} ${e.name}`;
            matches.hidden = true;
          });
          return d;
        }),
      );
    });
    const month = () => this.session?.state.settings?.month || $<HTMLInputElement>('month').value;
    const date = $<HTMLInputElement>('entry-date');
    date.addEventListener('focus', () => {
      const m = month();
      if (m) {
        date.min = `${m}-01`;
        date.max = `${m}-31`;
      }
    });
  }

  private async addEntry(): Promise<void> {
    const session = this.session!;
    const emp = this.chosenEmployee;
    const status = $('entry-status');
    if (!emp) throw new Error('请先在「员工」中输入工号或姓名，并从列表中选择一位员工。');
    const it = this.itemNow();
    if (!it) throw new Error('请选择考核项目。');
    const day = $<HTMLInputElement>('entry-date').value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('请填写日期。');
    const pointsInput = $<HTMLInputElement>('entry-points');
    const values: Record<string, string | number> = {
      date: isoDateToSerial(day),
      id: emp.id,
      code: it.code,
      count: Number($<HTMLInputElement>('entry-count').value || 1),
      points: it.kind === 'range' && pointsInput.value !== '' ? Number(pointsInput.value) : '',
      minutes: it.kind === 'minuteTiers' ? Number($<HTMLInputElement>('entry-minutes').value || 0) || '' : '',
      note: $<HTMLTextAreaElement>('entry-note').value.trim(),
      recorder: $<HTMLInputElement>('entry-recorder').value.trim(),
      status: '有效',
    };
    const refused = session.previewEntry(values);
    if (refused.length > 0) {
      status.textContent = `未添加：${refused.map((p) => p.message).join('；')}`;
      return;
    }
    const { row } = await session.appendRow(SHEET.entries, values, {
      date: 'yyyy-mm-dd',
      id: '@',
      code: '@',
      note: '@',
      recorder: '@',
    });
    const mine = session.state.problems.filter((p) => p.file === SHEET.entries && p.row === row);
    status.textContent =
      mine.length === 0
        ? `已添加到考核记录第${row}行。`
        : `已添加到第${row}行，但有问题：${mine.map((p) => p.message).join('；')}`;
    $<HTMLTextAreaElement>('entry-note').value = '';
  }

  private async voidEntry(): Promise<void> {
    const session = this.session!;
    const row = Number($<HTMLInputElement>('void-row').value);
    const reason = $<HTMLInputElement>('void-reason').value.trim();
    if (!Number.isInteger(row) || row < 2) throw new Error('请填写要作废的考核记录行号（第2行起）。');
    if (!reason) throw new Error('请填写作废原因：作废的记录保留可见，但必须说明原因。');
    const cached = session.cachedRow(SHEET.entries, row);
    if (!cached || Object.values(cached).every((v) => v === null || v === ''))
      throw new Error(`考核记录第${row}行是空行，无需作废。`);
    await session.updateRow(SHEET.entries, row, { status: '作废', voidReason: reason });
    $('void-status').textContent = `第${row}行已作废（原因：${reason}）。`;
  }

  private async refresh(): Promise<void> {
    const session = this.session!;
    session.refuseClosed();
    const settings = session.state.settings;
    if (!settings?.policy) throw new Error('请先初始化考核表（未找到考核月份和方案）。');
    const report = await refreshFormulas(this.host.run!, {
      policy: settings.policy,
      month: settings.month,
      history: session.history,
      features: { dataValidation: this.host.dataValidation },
    });
    $('refresh-report').replaceChildren(
      ...report.lines.map((l) => el('li', { class: 'ok' }, `「${l.sheet}」${l.detail}`)),
    );
    await session.fullCheck();
  }

  // ---------------------------------------------------------------- 往月结果

  private async loadHistory(): Promise<void> {
    const files = Array.from($<HTMLInputElement>('history-files').files ?? []);
    const history = [];
    for (const f of files) history.push(parsePastMonth(await f.text(), f.name));
    this.session?.setHistory(history);
    $('history-status').textContent = history.length
      ? `已载入：${history.map((h) => `${h.month}（${h.employees.length}人）`).join('、')}。`
      : '未载入往月结果。';
  }

  // ---------------------------------------------------------------- 定稿

  private async closeMonth(): Promise<void> {
    const by = $<HTMLInputElement>('close-by').value.trim();
    const status = $('close-status');
    if (!by) throw new Error('请填写定稿人姓名：定稿记录要写明谁定稿。');
    const password = $<HTMLInputElement>('close-password').value;
    const button = $<HTMLButtonElement>('btn-close');
    button.disabled = true;
    status.textContent = '正在定稿…';
    try {
      const r = await this.session!.close({ by, password });
      $<HTMLInputElement>('close-password').value = '';
      const kept = r.alreadyProtected.length
        ? `；${r.alreadyProtected.map((n) => `「${n}」`).join('、')}原已保护，保持原样`
        : '';
      const rejected = r.rejected > 0 ? `注意：有 ${r.rejected} 个问题的数据未计入（见「校验」页）。` : '';
      status.replaceChildren(
        el('strong', {}, `${closedText(r.record)}。`),
        '指纹 SHA-256 ',
        el('span', { class: 'print' }, r.record.fingerprint),
        `；已保护 ${r.protectedSheets.length} 个工作表${password ? '（设有密码）' : ''}${kept}。${rejected}`,
        el(
          'p',
          { class: 'hint', id: 'close-save' },
          '请另存一份定稿副本（文件 › 另存为，如「月度考核-定稿.xlsx」），发放结果以该副本为准；之后的更正请用 npx kaohe correct。',
        ),
      );
    } catch (e) {
      status.textContent = '';
      button.disabled = !!this.session?.state.closed;
      throw e;
    }
  }

  // ---------------------------------------------------------------- 一致性检查

  private async verify(): Promise<void> {
    const list = $('differences');
    list.replaceChildren(el('li', { class: 'info' }, '正在重新计算并比较…'));
    const out = await this.session!.consistency();
    if ('blocker' in out) {
      list.replaceChildren(el('li', { class: 'info' }, out.blocker));
      return;
    }
    const manual = out.manualCalculation
      ? [
          el(
            'li',
            { class: 'info' },
            'Excel 当前为手动计算：月度汇总的公式结果可能还是上次重算时的。请按 F9（或「公式 › 开始计算」）重算后再检查；下面的比较基于未重算的结果。',
          ),
        ]
      : [];
    if (out.differences.length === 0) {
      list.replaceChildren(...manual, el('li', { class: 'ok' }, '月度汇总与规则计算结果一致。'));
      return;
    }
    list.replaceChildren(
      ...manual,
      ...out.differences.slice(0, 500).map((d) => {
        const li = el(
          'li',
          { tabindex: '0' },
          el('div', { class: 'where' }, `${SHEET.summary} ${d.row ? `第${d.row}行` : '（缺行）'} · ${d.column}`),
          d.message,
        );
        if (d.row > 0)
          li.addEventListener('click', () => void this.guard(() => this.session!.select(SHEET.summary, d.row, d.col)));
        return li;
      }),
    );
  }
}

/** 「考核记录」已改名为「…」； for each renamed tracked sheet. */
function renamedText(renamed: Array<{ sheet: string; now: string }>): string {
  return renamed.map((r) => `「${r.sheet}」已改名为「${r.now}」；`).join('');
}

/** The selected employee's explanation: every line with its points and rule, then the totals. */
export function resultView(e: EmployeeResult): HTMLElement[] {
  const head = el(
    'div',
    { class: 'card' },
    el('div', {}, el('b', {}, `${e.id} ${e.name}`), e.team ? ` · ${e.team}` : ''),
    el(
      'div',
      { class: 'score' },
      el('div', {}, '总分', el('b', {}, String(e.score))),
      el('div', {}, '等级', el('b', {}, e.grade)),
      el('div', {}, '绩效浮动', el('b', {}, `${fmt(e.payFloat)}元`)),
      el('div', {}, '名次', el('b', {}, String(e.rank))),
    ),
    el(
      'div',
      { class: 'status' },
      `基础分 ${e.base}，加分 ${e.bonus}，扣分 ${e.deduction}，追加扣分 ${e.escalation}，额外奖惩 ${fmt(e.adjustment)}；入职第 ${e.tenureMonth} 个月`,
    ),
  );
  const rows = e.breakdown.map((b) =>
    el(
      'tr',
      {},
      el('td', {}, b.row ? `第${b.row}行` : ''),
      el('td', {}, `${b.code ? b.code + ' ' : ''}${b.name}`, el('div', { class: 'where' }, b.rule)),
      el(
        'td',
        { class: `pts ${b.points < 0 ? 'neg' : b.points > 0 ? 'pos' : ''}` },
        b.kind === 'voided' ? '作废' : fmt(b.points),
      ),
    ),
  );
  const lines = el(
    'div',
    { class: 'card' },
    el('div', {}, '得分明细'),
    rows.length
      ? el('table', { class: 'lines' }, el('tbody', {}, ...rows))
      : el('div', { class: 'empty' }, '本月没有记录：按基础分计。'),
  );
  const out = [head, lines];
  if (e.warnings.length)
    out.push(el('div', { class: 'banner error' }, el('strong', {}, '预警'), e.warnings.join('；')));
  return out;
}
