/** 录入 tab: adding a 考核记录 row through a form checked by the core's rules, and voiding a row. */
import { pointsText } from '../../../core/policy/catalog';
import type { Item, Policy } from '../../../core/policy/types';
import type { Employee } from '../../../core/input/records';
import { SHEET } from '../../../core/workbook/sheets';
import { isoDateToSerial } from '../../../core/values';
import { $, el } from '../dom';
import type { Pane } from './pane';

export class EntryTab {
  private chosenEmployee: Employee | null = null;

  /** `fallback`: the policy and month chosen on 初始化, used until the workbook has its own. */
  constructor(
    private readonly pane: Pane,
    private readonly fallback: { policy(): Policy; month(): string },
  ) {}

  connect(): void {
    for (const id of ['btn-add', 'btn-void']) $<HTMLButtonElement>(id).disabled = false;
    $('btn-add').addEventListener('click', () => void this.pane.guard(() => this.addEntry()));
    $('btn-void').addEventListener('click', () => void this.pane.guard(() => this.voidEntry()));
    this.wireForm();
  }

  /** The row selected in 考核记录, offered for 作废. */
  setVoidRow(row: number): void {
    $<HTMLInputElement>('void-row').value = String(row);
  }

  renderItems(policy: Policy): void {
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
    return this.pane.session()?.currentPolicy ?? this.fallback.policy();
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

  private wireForm(): void {
    $('entry-item').addEventListener('change', () => this.onItemChange());
    const search = $<HTMLInputElement>('emp-search');
    const matches = $('emp-matches');
    search.addEventListener('input', () => {
      this.chosenEmployee = null;
      const q = search.value.trim();
      const employees = this.pane.session()?.currentRoster?.employees ?? [];
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
    const month = () => this.pane.session()?.state.settings?.month || this.fallback.month();
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
    const session = this.pane.session()!;
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
    const session = this.pane.session()!;
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
}
