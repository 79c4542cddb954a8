/** 初始化 tab: the month and the policy, and setting up the workbook's sheets. */
import { presetIds, presetPolicy } from '../../../core/policy/presets';
import type { Policy } from '../../../core/policy/types';
import type { LiveState } from '../../live/session';
import { setupWorkbook } from '../../excel/setup';
import { $, el } from '../dom';
import type { Pane } from './pane';

/** 'YYYY-MM' of today in China time (the product's users), whatever the machine's zone. */
export function currentMonth(now = new Date()): string {
  const cn = new Date(now.getTime() + 8 * 3600 * 1000);
  return `${cn.getUTCFullYear()}-${String(cn.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** 「考核记录」已改名为「…」； for each renamed tracked sheet. */
export function renamedText(renamed: Array<{ sheet: string; now: string }>): string {
  return renamed.map((r) => `「${r.sheet}」已改名为「${r.now}」；`).join('');
}

export class SetupTab {
  constructor(private readonly pane: Pane) {}

  fill(): void {
    $<HTMLInputElement>('month').value = currentMonth();
    const select = $<HTMLSelectElement>('policy');
    select.replaceChildren(
      ...presetIds().map((id) => el('option', { value: id }, `${presetPolicy(id).name}（${id}）`)),
    );
  }

  connect(): void {
    $<HTMLButtonElement>('btn-setup').disabled = false;
    $('btn-setup').addEventListener('click', () => void this.pane.guard(() => this.setup()));
  }

  /** The month typed in the form. */
  month(): string {
    return $<HTMLInputElement>('month').value;
  }

  /** The policy chosen in the form (before the workbook has one). */
  chosenPolicy(): Policy {
    return presetPolicy($<HTMLSelectElement>('policy').value || undefined);
  }

  /** The workbook's month and policy, once read. */
  showSettings(s: LiveState['settings']): void {
    if (!s) return;
    $<HTMLInputElement>('month').value = s.month || currentMonth();
    const select = $<HTMLSelectElement>('policy');
    // A policy that is not a preset (a custom policy file, or one edited in 考核项目) is listed as the workbook's.
    if (s.policyId && s.policy && !Array.from(select.options).some((o) => o.value === s.policyId))
      select.append(el('option', { value: s.policyId }, `${s.policy.name}（本工作簿）`));
    if (s.policyId) select.value = s.policyId;
  }

  private async setup(): Promise<void> {
    const session = this.pane.session();
    session?.refuseClosed();
    const month = this.month();
    if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('请先选择考核月份。');
    const renamed = session?.state.renamed ?? [];
    if (renamed.length > 0) throw new Error(`${renamedText(renamed)}初始化会按原名新建空表，请先把工作表改回原名。`);
    const chosen = $<HTMLSelectElement>('policy').value;
    const own = session?.state.settings?.policy;
    const policy = own && own.id === chosen ? own : presetPolicy(chosen);
    const host = this.pane.host();
    const report = await setupWorkbook(host.run!, {
      policy,
      month,
      features: { dataValidation: host.dataValidation },
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
    if (session) await this.pane.reattach();
  }
}
