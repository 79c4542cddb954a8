/** 校验 tab: the problems found (a click goes to the cell), the notices, and 全部重新检查. */
import type { LiveState } from '../../live/session';
import { $, el } from '../dom';
import type { Pane } from './pane';

export class CheckTab {
  constructor(private readonly pane: Pane) {}

  connect(): void {
    $<HTMLButtonElement>('btn-recheck').disabled = false;
    $('btn-recheck').addEventListener('click', () => void this.pane.guard(() => this.recheck()));
  }

  private async recheck(): Promise<void> {
    await this.pane.session()?.fullCheck();
  }

  render(s: LiveState): void {
    this.renderProblems(s);
    const last = s.last;
    $('check-status').textContent = last
      ? `上次检查：${last.kind === 'full' ? '全表' : '变更行'} ${last.rowsRead} 行，Excel 往返 ${last.syncs} 次，规则计算 ${last.coreMs.toFixed(1)} 毫秒`
      : '';
  }

  private renderProblems(s: LiveState): void {
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
          () =>
            void this.pane.guard(() => {
              const session = this.pane.session()!;
              return session.select(p.file, p.row, session.columnOf(p.file, p.column));
            }),
        );
        return li;
      }),
    );
    $('notices').replaceChildren(...(s.result?.notices ?? []).map((t) => el('li', { class: 'info' }, t)));
  }
}
