/**
 * A policy is data: the catalogue and every rule's parameters. The scoring code knows mechanisms
 * ("range item", "once a month", "escalation by distinct items of a category"), never item codes.
 * Points are in plain points (one decimal at most); the engine works in integer tenths.
 */
export interface Policy {
  id: string;
  name: string;
  /** Score every employee starts from (80 for 客服日常考核; 100 = the rubric's full marks). */
  base: number;
  scoreMin: number;
  scoreMax: number;
  categories: Category[];
  items: Item[];
  /** Rubric sections: deductions inside a group never exceed its points (扣完为止). */
  groups: Group[];
  escalation: Escalation | null;
  adjustment: AdjustmentRule | null;
  /** From the best grade down; the first band whose lower bound holds is the grade. The last has no bound. */
  grades: GradeBand[];
  payFloat: PayFloat | null;
  warnings: WarningRule[];
  tiers: RankingTiers;
  /**
   * 录音抽查 (recording spot checks): problem types, which are serious, and the fines. Optional in a
   * policy file; loadPolicy fills in DEFAULT_QA_POLICY when the section is absent.
   */
  qa?: QaPolicy;
}

/** A 问题类型 of the spot checks, as HR writes it in 抽查记录. */
export interface QaProblemType {
  name: string;
  /** Other spellings found in records ("选错维修站" for 维修站选错). */
  aliases: string[];
  /** 严重违纪: fined (地址填写错误, 维修站选错, 无效承诺 by default). */
  serious: boolean;
  /**
   * Optional 考核项目 code: a recorded problem of this type also becomes an appraisal entry of that
   * item (fixed-points items only). Not used by the monthly workbook yet.
   */
  item?: string;
}

/** 严重违纪 fines: each costs `each` yuan; from the (threshold + 1)-th in a month `extra` yuan more each. */
export interface QaFine {
  each: number;
  threshold: number;
  extra: number;
}

export interface QaPolicy {
  problemTypes: QaProblemType[];
  fine: QaFine;
}

export type Effect = 'add' | 'deduct' | 'none';

export interface Category {
  id: string;
  /** Chinese name as HR sees it: 加分, 轻度违规, … */
  name: string;
  effect: Effect;
  /** Counts as a violation (for items that exclude violations, like B01). */
  violation: boolean;
}

/** What every kind of item has. */
interface ItemCommon {
  code: string;
  name: string;
  category: string;
  frequency: 'each' | 'monthly';
  /** Rejected when the employee has any counted violation that month (B01). */
  excludesViolations?: boolean;
  /** Meant for one employee a month: more than one holder raises a data notice (B01). */
  singleHolder?: boolean;
  group?: string;
  note?: string;
}

/** Fixed points (positive number; the category's effect gives the sign). */
export interface FixedItem extends ItemCommon {
  kind: 'fixed';
  points: number;
}

/** Range items: 分值 is required and must lie in [min, max]. */
export interface RangeItem extends ItemCommon {
  kind: 'range';
  range: { min: number; max: number };
}

/** Items whose points and category come from 超时分钟 (T01). */
export interface MinuteTieredItem extends ItemCommon {
  kind: 'minuteTiers';
  minuteTiers: MinuteTier[];
}

/** An item of a category that does not score (effect 'none') and names no points: counted for warnings only. */
export interface UnscoredItem extends ItemCommon {
  kind: 'unscored';
}

/**
 * A catalogue item. A policy file does not write `kind`: the loader derives it from which of
 * `points`, `range` and `minuteTiers` the item has (at most one). Switch on `kind` and end with
 * `unreachable(item)`, so the compiler shows every place a new kind must be handled.
 */
export type Item = FixedItem | RangeItem | MinuteTieredItem | UnscoredItem;

export type ItemKind = Item['kind'];

/** The `default` of an exhaustive switch: it compiles only when every case has been handled. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** (over, upTo] minutes; upTo absent = no upper bound. */
export interface MinuteTier {
  over: number;
  upTo?: number;
  category: string;
  points: number;
}

export interface Group {
  id: string;
  name: string;
  points: number;
}

export interface Escalation {
  code: string;
  name: string;
  points: number;
  /** distinct: different items (a minute-tiered item counts as "code@category"); occurrences: 次数 summed. */
  counting: 'distinct' | 'occurrences';
  /** Any one trigger is enough; the escalation applies once a month. */
  triggers: { category: string; atLeast: number }[];
}

export interface AdjustmentRule {
  min: number;
  max: number;
  reasonRequired: boolean;
}

export interface GradeBand {
  name: string;
  /** Lower bound; absent on the last band. */
  min?: number;
  minInclusive?: boolean;
  /** Fill colour for workbooks (ARGB hex), optional styling data. */
  color?: string;
}

export interface PayFloat {
  /** 浮动 = clamp((总分 − pivot) × perPoint, min, max) from tenure month fromTenureMonth on; 0 before. */
  pivot: number;
  perPoint: number;
  min: number;
  max: number;
  fromTenureMonth: number;
}

export type WarningRule =
  | { type: 'scoreBelow'; below: number; text: string }
  | { type: 'lastPlaceStreak'; months: number; below: number; text: string }
  | { type: 'category'; category: string; text: string }
  | { type: 'bonusConflict'; text: string }
  | { type: 'gradeStreak'; grade: string; months: number; text: string };

export interface TierAmounts {
  top: number;
  middle: number;
  bottom: number;
}

export interface RankingTiers {
  topPercent: number;
  bottomPercent: number;
  monthly: TierAmounts;
  quarterly: TierAmounts;
  /** Subtracted from the tier amount while the employee is in probation. */
  probationDeduction: number;
  /** Tenure months counted as probation (入职月数 ≤ this), unless the roster's 状态 says 试用. */
  probationMonths: number;
  /** Warning for the last place in two consecutive quarters. */
  lastTwoQuartersText: string;
}
