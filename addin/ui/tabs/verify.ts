/** 检查 tab: the consistency check against the core, 刷新公式, 往月结果 and 定稿. */
import { SHEET } from '../../../core/workbook/sheets';
import { closedText } from '../../../core/closing/record';
import { refreshFormulas } from '../../excel/setup';
import { parsePastMonth } from '../../live/history';
import type { LiveState } from '../../live/session';
import { $, el } from '../dom';
import type { Pane } from './pane';

export class VerifyTab {
  constructor(private readonly pane: Pane) {}

  connect(): void {
    for (const id of ['btn-verify', 'btn-refresh', 'btn-close', 'history-files'])
      $<HTMLButtonElement>(id).disabled = false;
    $('btn-refresh').addEventListener('click', () => void this.pane.guard(() => this.refresh()));
    $('history-files').addEventListener('change', () => void this.pane.guard(() => this.loadHistory()));
    $('btn-verify').addEventListener('click', () => void this.pane.guard(() => this.verify()));
    $('btn-close').addEventListener('click', () => void this.pane.guard(() => this.closeMonth()));
  }

  render(s: LiveState): void {
    $<HTMLButtonElement>('btn-close').disabled = !!s.closed;
  }

  private async refresh(): Promise<void> {
    const session = this.pane.session()!;
    session.refuseClosed();
    const settings = session.state.settings;
    if (!settings?.policy) throw new Error('请先初始化考核表（未找到考核月份和方案）。');
    const host = this.pane.host();
    const report = await refreshFormulas(host.run!, {
      policy: settings.policy,
      month: settings.month,
      history: session.history,
      features: { dataValidation: host.dataValidation },
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
    this.pane.session()?.setHistory(history);
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
      const r = await this.pane.session()!.close({ by, password });
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
      button.disabled = !!this.pane.session()?.state.closed;
      throw e;
    }
  }

  // ---------------------------------------------------------------- 一致性检查

  private async verify(): Promise<void> {
    const list = $('differences');
    list.replaceChildren(el('li', { class: 'info' }, '正在重新计算并比较…'));
    const session = this.pane.session()!;
    const out = await session.consistency();
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
          li.addEventListener('click', () => void this.pane.guard(() => session.select(SHEET.summary, d.row, d.col)));
        return li;
      }),
    );
  }
}
