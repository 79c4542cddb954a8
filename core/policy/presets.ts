import daily from '../../templates/policies/kefu-daily.json';
import supervisor from '../../templates/policies/kefu-supervisor.json';
import { InputError } from '../problems';
import { loadPolicy } from './load';
import type { Policy } from './types';

/** The shipped presets (data files in templates/policies/), validated like any user policy. */
const PRESETS: Record<string, unknown> = {
  'kefu-daily': daily,
  'kefu-supervisor': supervisor,
};

export const DEFAULT_POLICY_ID = 'kefu-daily';

export function presetIds(): string[] {
  return Object.keys(PRESETS);
}

export function presetPolicy(id: string = DEFAULT_POLICY_ID): Policy {
  const raw = PRESETS[id];
  if (!raw) {
    throw new InputError(
      `没有名为 "${id}" 的考核方案。可用的预设：${presetIds().join('、')}；也可以给出方案 JSON 文件的路径。`,
      'POLICY_UNKNOWN',
    );
  }
  return loadPolicy(raw);
}
