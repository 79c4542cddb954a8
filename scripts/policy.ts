import { promises as fs } from 'fs';
import { loadPolicy } from '../core/policy/load';
import { presetIds, presetPolicy } from '../core/policy/presets';
import type { Policy } from '../core/policy/types';
import { readJsonObject } from './import/json';

/** --policy takes a preset id (kefu-daily, kefu-supervisor) or the path of a policy JSON file. */
export async function resolvePolicy(arg: string | undefined): Promise<Policy> {
  if (arg === undefined || presetIds().includes(arg)) return presetPolicy(arg);
  try {
    await fs.stat(arg);
  } catch {
    return presetPolicy(arg); // neither a file nor a preset: the preset error lists the choices
  }
  return loadPolicy(
    await readJsonObject(arg, '考核方案文件', '考核方案 JSON（格式见 templates/policies/）', 'POLICY_INVALID'),
  );
}
