import { promises as fs } from 'fs';
import { InputError } from '../core/problems';
import { loadPolicy } from '../core/policy/load';
import { presetIds, presetPolicy } from '../core/policy/presets';
import type { Policy } from '../core/policy/types';

/** --policy takes a preset id (kefu-daily, kefu-supervisor) or the path of a policy JSON file. */
export async function resolvePolicy(arg: string | undefined): Promise<Policy> {
  if (arg === undefined || presetIds().includes(arg)) return presetPolicy(arg);
  let text: string;
  try {
    text = await fs.readFile(arg, 'utf8');
  } catch {
    return presetPolicy(arg); // neither a file nor a preset: the preset error lists the choices
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`考核方案文件 ${arg} 不是有效的 JSON：${(err as Error).message}`, 'POLICY_INVALID');
  }
  return loadPolicy(raw);
}
