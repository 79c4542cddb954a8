/** 结果 tab: one employee's explanation, chosen in the list or by selecting a 考核记录 row. */
import type { EmployeeResult } from '../../../core/scoring/monthly';
import { $, el } from '../dom';
import type { Pane } from './pane';

const fmt = (n: number) => (n > 0 ? `+${n}` : String(n));

export class ResultTab {
  private selectedId = '';

  constructor(private readonly pane: Pane) {}

  connect(): void {
    $('emp-pick').addEventListener('change', () => {
      this.selectedId = $<HTMLSelectElement>('emp-pick').value;
      this.render();
    });
  }

  /** Shows employee `id` (as selected in the sheet). */
  select(id: string): void {
    this.selectedId = id;
    $<HTMLSelectElement>('emp-pick').value = id;
    this.render();
  }

  renderEmployees(): void {
    const result = this.pane.session()!.state.result;
    const pick = $<HTMLSelectElement>('emp-pick');
    const options = (result?.employees ?? []).map((e) =>
      el('option', { value: e.id }, `${e.id} ${e.name}${e.team ? `（${e.team}）` : ''}`),
    );
    pick.replaceChildren(el('option', { value: '' }, '（选择员工，或在考核记录中选中一行）'), ...options);
    pick.value = this.selectedId;
  }

  render(): void {
    const card = $('result-card');
    const session = this.pane.session();
    const e = session?.state.result?.employees.find((x) => x.id === this.selectedId);
    if (!e) {
      card.className = 'empty';
      card.replaceChildren(session?.state.result ? '请选择员工。' : '暂无结果。');
      return;
    }
    card.className = '';
    card.replaceChildren(...resultView(e));
  }
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
