import { InputError } from '../problems';
import { toTenths } from '../values';
import type { Category, GradeBand, Item, MinuteTier, Policy, QaPolicy, WarningRule } from './types';
import dailyPreset from '../../templates/policies/kefu-daily.json';

export class PolicyError extends InputError {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`考核方案无效：字段 ${field} ${detail}`, 'POLICY_INVALID');
    this.name = 'PolicyError';
  }
}

type Obj = Record<string, unknown>;

/** Multi-month warnings look back at most this many months (three years). */
const MAX_STREAK_MONTHS = 36;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new PolicyError(field, '应为对象');
  return v;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new PolicyError(field, '应为数组');
  return v;
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new PolicyError(field, '应为非空文本');
  return v;
}
/** Every number in a policy is a score, a count of items or months, or yuan: none is sane beyond this. */
const POLICY_NUMBER_LIMIT = 100000;

function num(v: unknown, field: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new PolicyError(field, '应为数字');
  if (opts.min !== undefined && v < opts.min) throw new PolicyError(field, `不能小于 ${opts.min}`);
  const max = opts.max ?? POLICY_NUMBER_LIMIT;
  if (v > max) throw new PolicyError(field, `不能大于 ${max}`);
  if (v < -POLICY_NUMBER_LIMIT) throw new PolicyError(field, `不能小于 ${-POLICY_NUMBER_LIMIT}`);
  if (opts.integer && !Number.isInteger(v)) throw new PolicyError(field, '应为整数');
  if (Number.isNaN(toTenths(v))) throw new PolicyError(field, '最多保留一位小数');
  return v;
}
function optNum(v: unknown, field: string, opts: { min?: number; max?: number } = {}): number | undefined {
  return v === undefined ? undefined : num(v, field, opts);
}
function bool(v: unknown, field: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new PolicyError(field, '应为 true 或 false');
  return v;
}
function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new PolicyError(field, `应为 ${allowed.join(' / ')} 之一`);
  }
  return v as T;
}

/** Validates a policy document (a preset or a user's JSON file); a bad field is named in the error. */
export function loadPolicy(raw: unknown): Policy {
  const p = obj(raw, '(根)');
  const categories = arr(p.categories, 'categories').map((c, i): Category => {
    const o = obj(c, `categories[${i}]`);
    return {
      id: str(o.id, `categories[${i}].id`),
      name: str(o.name, `categories[${i}].name`),
      effect: oneOf(o.effect, `categories[${i}].effect`, ['add', 'deduct', 'none'] as const),
      violation: bool(o.violation, `categories[${i}].violation`, false),
    };
  });
  const categoryIds = new Set(categories.map((c) => c.id));
  const category = (v: unknown, field: string) => {
    const id = str(v, field);
    if (!categoryIds.has(id)) throw new PolicyError(field, `引用了不存在的类别 "${id}"`);
    return id;
  };
  const groups = arr(p.groups ?? [], 'groups').map((g, i) => {
    const o = obj(g, `groups[${i}]`);
    return {
      id: str(o.id, `groups[${i}].id`),
      name: str(o.name, `groups[${i}].name`),
      points: num(o.points, `groups[${i}].points`, { min: 0 }),
    };
  });
  const groupIds = new Set(groups.map((g) => g.id));
  const seenCodes = new Set<string>();
  const items = arr(p.items, 'items').map((it, i): Item => {
    const f = `items[${i}]`;
    const o = obj(it, f);
    const code = str(o.code, `${f}.code`).trim().toUpperCase();
    if (seenCodes.has(code)) throw new PolicyError(`${f}.code`, `重复的项目代码 "${code}"`);
    seenCodes.add(code);
    const common = {
      code,
      name: str(o.name, `${f}.name`),
      category: category(o.category, `${f}.category`),
      frequency: oneOf(o.frequency ?? 'each', `${f}.frequency`, ['each', 'monthly'] as const),
    };
    const points = optNum(o.points, `${f}.points`, { min: 0 });
    let range: { min: number; max: number } | undefined;
    if (o.range !== undefined) {
      const r = obj(o.range, `${f}.range`);
      const min = num(r.min, `${f}.range.min`, { min: 0 });
      const max = num(r.max, `${f}.range.max`, { min: 0 });
      if (min > max) throw new PolicyError(`${f}.range`, '下限大于上限');
      range = { min, max };
    }
    let minuteTiers: MinuteTier[] | undefined;
    if (o.minuteTiers !== undefined) {
      let prevUpTo: number | undefined = 0;
      minuteTiers = arr(o.minuteTiers, `${f}.minuteTiers`).map((t, j) => {
        const tf = `${f}.minuteTiers[${j}]`;
        const to = obj(t, tf);
        const over = num(to.over, `${tf}.over`, { min: 0 });
        if (prevUpTo === undefined || over !== prevUpTo)
          throw new PolicyError(`${tf}.over`, '应紧接上一档的上限（各档首尾相连）');
        const upTo = optNum(to.upTo, `${tf}.upTo`, { min: over });
        prevUpTo = upTo;
        return {
          over,
          upTo,
          category: category(to.category, `${tf}.category`),
          points: num(to.points, `${tf}.points`, { min: 0 }),
        };
      });
      if (minuteTiers.length === 0 || prevUpTo !== undefined)
        throw new PolicyError(`${f}.minuteTiers`, '最后一档不应有上限 upTo');
    }
    const kinds = [points !== undefined, range !== undefined, minuteTiers !== undefined].filter(Boolean).length;
    const effect = categories.find((c) => c.id === common.category)!.effect;
    if (kinds > 1) throw new PolicyError(f, 'points、range、minuteTiers 只能有一个');
    if (kinds === 0 && effect !== 'none') throw new PolicyError(f, '需要 points、range 或 minuteTiers 之一');
    // The kind follows from the one field present; a file never needs to write it.
    const item: Item =
      points !== undefined
        ? { kind: 'fixed', ...common, points }
        : range !== undefined
          ? { kind: 'range', ...common, range }
          : minuteTiers !== undefined
            ? { kind: 'minuteTiers', ...common, minuteTiers }
            : { kind: 'unscored', ...common };
    if (o.kind !== undefined && o.kind !== item.kind)
      throw new PolicyError(
        `${f}.kind`,
        `应为 "${item.kind}"（可以不写：由 points、range、minuteTiers 中写了哪一个决定）`,
      );
    if (o.excludesViolations !== undefined)
      item.excludesViolations = bool(o.excludesViolations, `${f}.excludesViolations`, false);
    if (o.singleHolder !== undefined) item.singleHolder = bool(o.singleHolder, `${f}.singleHolder`, false);
    if (o.group !== undefined) {
      item.group = str(o.group, `${f}.group`);
      if (!groupIds.has(item.group)) throw new PolicyError(`${f}.group`, `引用了不存在的分组 "${item.group}"`);
    }
    if (o.note !== undefined) item.note = String(o.note);
    return item;
  });
  if (items.length === 0) throw new PolicyError('items', '至少需要一个考核项目');

  let escalation: Policy['escalation'] = null;
  if (p.escalation !== undefined && p.escalation !== null) {
    const e = obj(p.escalation, 'escalation');
    const code = str(e.code, 'escalation.code').toUpperCase();
    if (seenCodes.has(code)) throw new PolicyError('escalation.code', '与考核项目代码重复');
    escalation = {
      code,
      name: str(e.name, 'escalation.name'),
      points: num(e.points, 'escalation.points', { min: 0 }),
      counting: oneOf(e.counting ?? 'distinct', 'escalation.counting', ['distinct', 'occurrences'] as const),
      triggers: arr(e.triggers, 'escalation.triggers').map((t, i) => {
        const o = obj(t, `escalation.triggers[${i}]`);
        return {
          category: category(o.category, `escalation.triggers[${i}].category`),
          atLeast: num(o.atLeast, `escalation.triggers[${i}].atLeast`, { min: 1, integer: true }),
        };
      }),
    };
  }

  let adjustment: Policy['adjustment'] = null;
  if (p.adjustment !== undefined && p.adjustment !== null) {
    const a = obj(p.adjustment, 'adjustment');
    adjustment = {
      min: num(a.min, 'adjustment.min'),
      max: num(a.max, 'adjustment.max'),
      reasonRequired: bool(a.reasonRequired, 'adjustment.reasonRequired', true),
    };
    if (adjustment.min > adjustment.max) throw new PolicyError('adjustment', '下限大于上限');
  }

  const grades = arr(p.grades, 'grades').map((g, i): GradeBand => {
    const o = obj(g, `grades[${i}]`);
    const band: GradeBand = { name: str(o.name, `grades[${i}].name`) };
    if (o.min !== undefined) {
      band.min = num(o.min, `grades[${i}].min`);
      band.minInclusive = bool(o.minInclusive, `grades[${i}].minInclusive`, true);
    }
    if (o.color !== undefined) band.color = str(o.color, `grades[${i}].color`);
    return band;
  });
  if (grades.length === 0) throw new PolicyError('grades', '至少需要一个等级');
  grades.forEach((g, i) => {
    const last = i === grades.length - 1;
    if (last !== (g.min === undefined))
      throw new PolicyError(`grades[${i}].min`, last ? '最后一个等级不应有下限' : '除最后一个等级外都需要下限 min');
    if (i > 0 && g.min !== undefined && g.min > grades[i - 1].min!)
      throw new PolicyError(`grades[${i}].min`, '等级应从高到低排列');
  });

  let payFloat: Policy['payFloat'] = null;
  if (p.payFloat !== undefined && p.payFloat !== null) {
    const f = obj(p.payFloat, 'payFloat');
    payFloat = {
      pivot: num(f.pivot, 'payFloat.pivot'),
      perPoint: num(f.perPoint, 'payFloat.perPoint'),
      min: num(f.min, 'payFloat.min'),
      max: num(f.max, 'payFloat.max'),
      fromTenureMonth: num(f.fromTenureMonth, 'payFloat.fromTenureMonth', { min: 1, integer: true }),
    };
    if (payFloat.min > payFloat.max) throw new PolicyError('payFloat', '下限大于上限');
  }

  const gradeNames = new Set(grades.map((g) => g.name));
  const warnings = arr(p.warnings ?? [], 'warnings').map((w, i): WarningRule => {
    const f = `warnings[${i}]`;
    const o = obj(w, f);
    const text = str(o.text, `${f}.text`);
    switch (
      oneOf(o.type, `${f}.type`, ['scoreBelow', 'lastPlaceStreak', 'category', 'bonusConflict', 'gradeStreak'] as const)
    ) {
      case 'scoreBelow':
        return { type: 'scoreBelow', below: num(o.below, `${f}.below`), text };
      case 'lastPlaceStreak':
        return {
          type: 'lastPlaceStreak',
          months: num(o.months, `${f}.months`, { min: 2, max: MAX_STREAK_MONTHS, integer: true }),
          below: num(o.below, `${f}.below`),
          text,
        };
      case 'category':
        return { type: 'category', category: category(o.category, `${f}.category`), text };
      case 'bonusConflict':
        return { type: 'bonusConflict', text };
      case 'gradeStreak': {
        const grade = str(o.grade, `${f}.grade`);
        if (!gradeNames.has(grade)) throw new PolicyError(`${f}.grade`, `引用了不存在的等级 "${grade}"`);
        return {
          type: 'gradeStreak',
          grade,
          months: num(o.months, `${f}.months`, { min: 1, max: MAX_STREAK_MONTHS, integer: true }),
          text,
        };
      }
    }
  });

  const t = obj(p.tiers ?? {}, 'tiers');
  const amounts = (v: unknown, field: string, fallback: { top: number; middle: number; bottom: number }) => {
    if (v === undefined) return fallback;
    const o = obj(v, field);
    return {
      top: num(o.top, `${field}.top`),
      middle: num(o.middle, `${field}.middle`),
      bottom: num(o.bottom, `${field}.bottom`),
    };
  };
  const tiers = {
    topPercent: t.topPercent === undefined ? 20 : num(t.topPercent, 'tiers.topPercent', { min: 0 }),
    bottomPercent: t.bottomPercent === undefined ? 20 : num(t.bottomPercent, 'tiers.bottomPercent', { min: 0 }),
    monthly: amounts(t.monthly, 'tiers.monthly', { top: 1500, middle: 800, bottom: 500 }),
    quarterly: amounts(t.quarterly, 'tiers.quarterly', { top: 2200, middle: 1200, bottom: 600 }),
    probationDeduction:
      t.probationDeduction === undefined ? 200 : num(t.probationDeduction, 'tiers.probationDeduction', { min: 0 }),
    probationMonths:
      t.probationMonths === undefined ? 3 : num(t.probationMonths, 'tiers.probationMonths', { min: 0, integer: true }),
    lastTwoQuartersText:
      t.lastTwoQuartersText === undefined
        ? '连续两次季度排名最后一名:留岗查看或辞退评估'
        : str(t.lastTwoQuartersText, 'tiers.lastTwoQuartersText'),
  };
  if (tiers.topPercent + tiers.bottomPercent > 100)
    throw new PolicyError('tiers', 'topPercent + bottomPercent 不能超过 100');

  const base = num(p.base, 'base');
  const scoreMin = num(p.scoreMin ?? 0, 'scoreMin');
  const scoreMax = num(p.scoreMax, 'scoreMax');
  if (scoreMin > scoreMax) throw new PolicyError('scoreMin', '大于 scoreMax');

  const qa =
    p.qa === undefined || p.qa === null
      ? loadQa((dailyPreset as Obj).qa, '(默认 qa)', items)
      : loadQa(p.qa, 'qa', items);

  return {
    id: str(p.id, 'id'),
    name: str(p.name, 'name'),
    base,
    scoreMin,
    scoreMax,
    categories,
    items,
    groups,
    escalation,
    adjustment,
    grades,
    payFloat,
    warnings,
    tiers,
    qa,
  };
}

/** Spellings compare equal across full-width forms, padding and inner spaces. */
export const qaTypeKey = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '');

/**
 * The 录音抽查 section: problem types (unique names and aliases), which are serious, an optional
 * 考核项目 per type (a fixed-points item of this policy), and the fine rule. Absent = the kefu-daily
 * preset's section (地址填写错误, 维修站选错, 无效承诺; 10 元 each, 50 元 more each from the 4th).
 */
function loadQa(raw: unknown, field: string, items: Item[]): QaPolicy {
  const q = obj(raw, field);
  const seen = new Map<string, string>();
  const problemTypes = arr(q.problemTypes, `${field}.problemTypes`).map((t, i) => {
    const f = `${field}.problemTypes[${i}]`;
    const o = obj(t, f);
    const name = str(o.name, `${f}.name`).trim();
    const aliases = arr(o.aliases ?? [], `${f}.aliases`).map((a, j) => str(a, `${f}.aliases[${j}]`).trim());
    for (const [k, spelled] of [name, ...aliases].map(
      (n, j) => [qaTypeKey(n), j === 0 ? `${f}.name` : `${f}.aliases[${j - 1}]`] as const,
    )) {
      if (seen.has(k)) throw new PolicyError(spelled, `与 ${seen.get(k)} 重复（问题类型的名称和别名都必须唯一）`);
      seen.set(k, spelled);
    }
    const type: QaPolicy['problemTypes'][number] = { name, aliases, serious: bool(o.serious, `${f}.serious`, false) };
    if (o.item !== undefined) {
      const code = str(o.item, `${f}.item`).trim().toUpperCase();
      const item = items.find((it) => it.code === code);
      if (!item) throw new PolicyError(`${f}.item`, `引用了不存在的考核项目 "${code}"`);
      if (item.kind !== 'fixed')
        throw new PolicyError(
          `${f}.item`,
          `"${code}" 不是固定分值的项目（分值范围或按超时分钟定档的项目需要人工填写分值）`,
        );
      type.item = code;
    }
    return type;
  });
  if (problemTypes.length === 0) throw new PolicyError(`${field}.problemTypes`, '至少需要一个问题类型');
  const fine = obj(q.fine, `${field}.fine`);
  return {
    problemTypes,
    fine: {
      each: num(fine.each, `${field}.fine.each`, { min: 0 }),
      threshold: num(fine.threshold, `${field}.fine.threshold`, { min: 0, integer: true }),
      extra: num(fine.extra, `${field}.fine.extra`, { min: 0 }),
    },
  };
}

/** A short stable fingerprint of a policy's content (FNV-1a over its canonical JSON), shown in 说明. */
export function policyFingerprint(policy: Policy): string {
  // Items without their derived `kind`: the text (and so the fingerprint) is that of the policy's content,
  // the same as before items carried a kind.
  const text = JSON.stringify({ ...policy, items: policy.items.map(({ kind: _kind, ...content }) => content) });
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
