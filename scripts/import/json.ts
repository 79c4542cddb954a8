import { promises as fs } from 'fs';
import * as path from 'path';
import { InputError } from '../../core/problems';
import { assertInputFile } from './table';

/**
 * Reads a JSON document HR gives us (score --json output, a policy file). A folder, an empty file,
 * bytes that are not JSON, or JSON that is not an object are each one Chinese sentence (exit 2).
 * `what` names the expected content, e.g. "kaohe score --json 的输出".
 */
export async function readJsonObject(
  file: string,
  label: string,
  what: string,
  code: string,
): Promise<Record<string, unknown>> {
  try {
    await assertInputFile(file);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${label}：${err.message}`, err.code);
    throw err;
  }
  const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 0;
    throw new InputError(
      `${label} ${path.basename(file)} 不是有效的 JSON${line ? `（第${line}行附近有错）` : ''}：应为${what}。`,
      code,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InputError(`${label} ${path.basename(file)} 的内容不是 JSON 对象：应为${what}。`, code);
  }
  return doc as Record<string, unknown>;
}

/** A text field of a JSON document: strings as they are, anything else (null, objects) as ''. */
export const jsonText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
