import { invalidInput, requireAsOf, type Tier, TIERS } from '@kehu/core';
import { RISK_BAND_LABELS, RISK_BANDS, type RiskBand, riskBandRank } from './bands.js';
import {
  bandLowerBound,
  parseRiskPolicy,
  RISK_FACTOR_LABELS,
  RISK_FACTOR_RULES,
  RISK_FACTORS,
  type RiskFactor,
  type RiskPolicy,
  type RiskPolicyInput,
} from './risk-policy.js';
import type { ChurnRisk, ChurnRiskFactor, ChurnRiskReason, RiskMeasureUnit } from './risk-score.js';
import { CHURN_REASON_CODES, CHURN_REASONS, type ChurnReasonCode } from './taxonomy.js';
import type { ChurnWarning } from './warnings.js';

/** A numeric column: a `Float64Array` or an array of numbers (copied into a `Float64Array`). */
export type RiskNumberColumn = Float64Array | readonly number[];

/**
 * Risk signals of many customers as columns (the bulk form of `RiskSignals`), one entry per customer.
 * `NaN` marks a value that is not known; optional columns left out are unknown for every customer.
 */
export interface RiskSignalColumns {
  /** Customer ids. */
  readonly ids: readonly string[];
  /** The account manager per customer (`null`/`undefined`: none). */
  readonly ownerIds?: readonly (string | null | undefined)[];
  /** The tier per customer (`null`/`undefined`: none). */
  readonly tiers?: readonly (Tier | null | undefined)[];
  /** Days from the last purchase to `asOf`, 0 or more (`NaN`: never bought). */
  readonly daysSinceLast: RiskNumberColumn;
  /** The customer's usual gap between purchases in days, above 0 (`NaN`: fewer than two purchases). */
  readonly usualGapDays: RiskNumberColumn;
  /** Purchases in the recent window (whole numbers, 0 or more). */
  readonly recentPurchases: RiskNumberColumn;
  /** Purchases in the previous window. */
  readonly previousPurchases: RiskNumberColumn;
  /**
   * Spend in the recent window as exact integer units (minor units, or any scaled integer: only the
   * ratio to `previousSpend` of the same row is used, so the scale may differ between rows but not
   * within one). Non-integers are refused.
   */
  readonly recentSpend: RiskNumberColumn;
  /** Spend in the previous window, in the same units as `recentSpend` of the row. */
  readonly previousSpend: RiskNumberColumn;
  /** The latest satisfaction score (`NaN`: no answer). Needs `satisfactionMin` and `satisfactionMax`. */
  readonly satisfactionLatest?: RiskNumberColumn;
  /** The score before it (`NaN`: none). */
  readonly satisfactionPrevious?: RiskNumberColumn;
  /** The lowest score of the scale per row. */
  readonly satisfactionMin?: RiskNumberColumn;
  /** The highest score of the scale per row. */
  readonly satisfactionMax?: RiskNumberColumn;
  /** Open complaints (whole numbers; `NaN`: not known). */
  readonly openComplaints?: RiskNumberColumn;
  /** SLA breaches (whole numbers; `NaN`: not known). */
  readonly slaBreaches?: RiskNumberColumn;
  /** The probability the customer is still active, in [0, 1] (`NaN`: no model). */
  readonly pAlive?: RiskNumberColumn;
  /** The previous score, 0..100 (`NaN`: none), for the trend. */
  readonly previousScore?: RiskNumberColumn;
  /**
   * The previous band, for hysteresis: band names (`null`: none) or ranks in `RISK_BANDS` as a
   * `Uint8Array` ({@link NO_BAND}: none). Without it the band before is read from `previousScore`.
   */
  readonly previousBand?: readonly (RiskBand | null | undefined)[] | Uint8Array;
}

/** The value of a band or reason column that means "none". */
export const NO_BAND = 255;
/** The value of {@link RiskTable.topReasons} for a customer without any contribution. */
export const NO_REASON = 255;

/** The validated columns a {@link RiskTable} was computed from (every numeric column a `Float64Array`). */
export interface CheckedRiskColumns {
  /** Customer ids. */
  readonly ids: readonly string[];
  /** Account managers (`null`: none). */
  readonly ownerIds: readonly (string | null)[] | null;
  /** Tiers (`null`: none). */
  readonly tiers: readonly (Tier | null)[] | null;
  /** Numeric columns by name; absent optional columns are `null`. */
  readonly daysSinceLast: Float64Array;
  /** See {@link RiskSignalColumns.usualGapDays}. */
  readonly usualGapDays: Float64Array;
  /** See {@link RiskSignalColumns.recentPurchases}. */
  readonly recentPurchases: Float64Array;
  /** See {@link RiskSignalColumns.previousPurchases}. */
  readonly previousPurchases: Float64Array;
  /** See {@link RiskSignalColumns.recentSpend}. */
  readonly recentSpend: Float64Array;
  /** See {@link RiskSignalColumns.previousSpend}. */
  readonly previousSpend: Float64Array;
  /** See {@link RiskSignalColumns.satisfactionLatest}. */
  readonly satisfactionLatest: Float64Array | null;
  /** See {@link RiskSignalColumns.satisfactionPrevious}. */
  readonly satisfactionPrevious: Float64Array | null;
  /** See {@link RiskSignalColumns.satisfactionMin}. */
  readonly satisfactionMin: Float64Array | null;
  /** See {@link RiskSignalColumns.satisfactionMax}. */
  readonly satisfactionMax: Float64Array | null;
  /** See {@link RiskSignalColumns.openComplaints}. */
  readonly openComplaints: Float64Array | null;
  /** See {@link RiskSignalColumns.slaBreaches}. */
  readonly slaBreaches: Float64Array | null;
  /** See {@link RiskSignalColumns.pAlive}. */
  readonly pAlive: Float64Array | null;
  /** See {@link RiskSignalColumns.previousScore}. */
  readonly previousScore: Float64Array | null;
  /** Previous band ranks ({@link NO_BAND}: none), or `null` when not given. */
  readonly previousBand: Uint8Array | null;
}

/**
 * Churn-risk scores of many customers in columns (rules CH-2, CH-3, CH-5): no object is made per
 * customer. {@link riskAt} gives any customer's explained `ChurnRisk`, {@link riskRows} all of them.
 */
export interface RiskTable {
  /** The moment scored. */
  readonly asOf: Date;
  /** The version of the policy used. */
  readonly policyVersion: string;
  /** Customer ids. */
  readonly ids: readonly string[];
  /** The score per customer, 0..100 (higher: more likely to leave). */
  readonly scores: Float64Array;
  /** The band per customer, as its rank in `RISK_BANDS` (0 low … 3 critical), hysteresis applied. */
  readonly bands: Uint8Array;
  /** The top suspected reason per customer, as an index into `CHURN_REASON_CODES` ({@link NO_REASON}: none). */
  readonly topReasons: Uint8Array;
  /** Points each factor adds to the score, per customer (0 when missing or weighted 0). */
  readonly contributions: Readonly<Record<RiskFactor, Float64Array>>;
  /** Per customer, a bit mask of the weighted factors that could not be measured (bit k: `RISK_FACTORS[k]`). */
  readonly missing: Uint8Array;
  /** What the table was computed from, so that {@link riskAt} can explain any row. */
  readonly source: { readonly columns: CheckedRiskColumns; readonly policy: RiskPolicy };
}

/** Options of {@link riskTable}. */
export interface RiskTableOptions {
  /** The moment of the scores (required). */
  readonly asOf: Date;
}

const F = RISK_FACTORS.length;
const REASON_COUNT = CHURN_REASON_CODES.length;

type Rule = 'any' | 'nonNegative' | 'positive' | 'count' | 'units' | 'probability' | 'score';

function numberColumn(
  value: RiskNumberColumn | undefined,
  name: string,
  n: number,
  rule: Rule,
  required: boolean,
  nanOk: boolean,
): Float64Array | null {
  if (value === undefined) {
    if (required) throw invalidInput([name], `${name} is required`, 'invalid_type');
    return null;
  }
  if (!(value instanceof Float64Array) && !Array.isArray(value))
    throw invalidInput([name], `${name} must be a Float64Array or an array of numbers`, 'invalid_type');
  if (value.length !== n) throw invalidInput([name], `${name} has ${value.length} rows, ids ${n}`);
  const out = value instanceof Float64Array ? value : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = value[i] as unknown;
    if (typeof x !== 'number') throw invalidInput([name, i], `${name} must hold numbers`, 'invalid_type');
    if (Number.isNaN(x)) {
      if (!nanOk) throw invalidInput([name, i], `${name} must be a number, not NaN`);
    } else {
      let bad: string | undefined;
      if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) bad = 'must be finite';
      else if (rule === 'nonNegative' && x < 0) bad = 'must be 0 or more';
      else if (rule === 'positive' && !(x > 0)) bad = 'must be above 0';
      else if (rule === 'count' && (x < 0 || !Number.isSafeInteger(x))) bad = 'must be a whole number, 0 or more';
      else if (rule === 'units' && (x < 0 || !Number.isSafeInteger(x)))
        bad = 'must be exact integer units (minor units or a scaled integer), 0 or more';
      else if (rule === 'probability' && (x < 0 || x > 1)) bad = 'must be a probability in [0, 1]';
      else if (rule === 'score' && (x < 0 || x > 100)) bad = 'must be a score in [0, 100]';
      if (bad !== undefined) throw invalidInput([name, i], `${name} ${bad}, got ${x}`);
    }
    if (out !== value) out[i] = x;
  }
  return out;
}

function labelColumn<T extends string>(
  value: readonly (T | null | undefined)[] | undefined,
  name: string,
  n: number,
  allowed?: readonly string[],
): (T | null)[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) throw invalidInput([name], `${name} must be an array`, 'invalid_type');
  if (value.length !== n) throw invalidInput([name], `${name} has ${value.length} rows, ids ${n}`);
  const out = new Array<T | null>(n);
  for (let i = 0; i < n; i++) {
    const x = value[i];
    if (x === null || x === undefined) out[i] = null;
    else if (typeof x !== 'string' || x === '' || (allowed !== undefined && !allowed.includes(x)))
      throw invalidInput([name, i], `${name} must hold ${allowed ? allowed.join(', ') : 'non-empty strings'} or null`);
    else out[i] = x as T;
  }
  return out;
}

/**
 * Checks risk signal columns: every column as long as `ids`, numbers in range, counts whole, spend in
 * exact integer units, satisfaction scores on their scale, the scale given wherever a score is.
 *
 * @throws KehuValidationError naming the column and row (`['recentSpend', 12]`)
 */
export function checkRiskColumns(columns: RiskSignalColumns): CheckedRiskColumns {
  if (columns === null || typeof columns !== 'object')
    throw invalidInput([], 'columns must be an object of risk signal columns', 'invalid_type');
  const { ids } = columns;
  if (!Array.isArray(ids)) throw invalidInput(['ids'], 'ids must be an array of customer ids', 'invalid_type');
  const n = ids.length;
  for (let i = 0; i < n; i++)
    if (typeof ids[i] !== 'string' || ids[i] === '') throw invalidInput(['ids', i], 'an id must be a non-empty string');
  // Optional columns and the two day columns use NaN for "not known"; counts of purchases and spend do not.
  const num = (name: keyof RiskSignalColumns, rule: Rule, required = false, nanOk = true) =>
    numberColumn(columns[name] as RiskNumberColumn | undefined, name, n, rule, required, nanOk);
  const satisfactionLatest = num('satisfactionLatest', 'any');
  const satisfactionPrevious = num('satisfactionPrevious', 'any');
  const satisfactionMin = num('satisfactionMin', 'any');
  const satisfactionMax = num('satisfactionMax', 'any');
  if (satisfactionLatest !== null || satisfactionPrevious !== null) {
    if (satisfactionLatest === null)
      throw invalidInput(['satisfactionLatest'], 'satisfactionPrevious needs satisfactionLatest');
    if (satisfactionMin === null || satisfactionMax === null)
      throw invalidInput(['satisfactionMin'], 'satisfaction scores need satisfactionMin and satisfactionMax');
    for (let i = 0; i < n; i++) {
      const latest = satisfactionLatest[i] as number;
      const previous = satisfactionPrevious === null ? Number.NaN : (satisfactionPrevious[i] as number);
      if (Number.isNaN(latest)) {
        if (!Number.isNaN(previous))
          throw invalidInput(['satisfactionPrevious', i], 'a previous score needs a latest score');
        continue;
      }
      const lo = satisfactionMin[i] as number;
      const hi = satisfactionMax[i] as number;
      if (!(hi > lo)) throw invalidInput(['satisfactionMax', i], 'the scale max must be above min');
      if (latest < lo || latest > hi)
        throw invalidInput(['satisfactionLatest', i], `the latest score ${latest} is off the scale ${lo}-${hi}`);
      if (!Number.isNaN(previous) && (previous < lo || previous > hi))
        throw invalidInput(['satisfactionPrevious', i], `the previous score ${previous} is off the scale ${lo}-${hi}`);
    }
  }
  let previousBand: Uint8Array | null = null;
  const pb = columns.previousBand;
  if (pb !== undefined) {
    if (pb instanceof Uint8Array) {
      if (pb.length !== n) throw invalidInput(['previousBand'], `previousBand has ${pb.length} rows, ids ${n}`);
      for (let i = 0; i < n; i++) {
        const r = pb[i] as number;
        if (r > 3 && r !== NO_BAND) throw invalidInput(['previousBand', i], 'a band rank must be 0-3 or NO_BAND');
      }
      previousBand = pb;
    } else {
      const names = labelColumn(pb, 'previousBand', n, RISK_BANDS);
      previousBand = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const b = names?.[i];
        previousBand[i] = b === null || b === undefined ? NO_BAND : riskBandRank(b);
      }
    }
  }
  return {
    ids,
    ownerIds: labelColumn(columns.ownerIds, 'ownerIds', n),
    tiers: labelColumn(columns.tiers, 'tiers', n, TIERS),
    daysSinceLast: num('daysSinceLast', 'nonNegative', true) as Float64Array,
    usualGapDays: num('usualGapDays', 'positive', true) as Float64Array,
    recentPurchases: num('recentPurchases', 'count', true, false) as Float64Array,
    previousPurchases: num('previousPurchases', 'count', true, false) as Float64Array,
    recentSpend: num('recentSpend', 'units', true, false) as Float64Array,
    previousSpend: num('previousSpend', 'units', true, false) as Float64Array,
    satisfactionLatest,
    satisfactionPrevious,
    satisfactionMin,
    satisfactionMax,
    openComplaints: num('openComplaints', 'count'),
    slaBreaches: num('slaBreaches', 'count'),
    pAlive: num('pAlive', 'probability'),
    previousScore: num('previousScore', 'score'),
    previousBand,
  };
}

/** The policy's numbers the kernel reads, looked up once per table. */
interface Kernel {
  readonly weights: Float64Array;
  readonly reasonIndex: Uint8Array;
  readonly lower: Float64Array;
  readonly hysteresis: number;
  readonly fullRatio: number;
  readonly logFullRatio: number;
  readonly logCurve: boolean;
  readonly fallbackGap: number;
  readonly windowRatio: number;
  readonly satisfactionDropFullRisk: number;
  readonly openComplaintsAt: number;
  readonly slaBreachesAt: number;
}

function kernelOf(p: RiskPolicy): Kernel {
  const weights = new Float64Array(F);
  const reasonIndex = new Uint8Array(F);
  RISK_FACTORS.forEach((f, k) => {
    weights[k] = p.weights[f];
    reasonIndex[k] = CHURN_REASON_CODES.indexOf(p.reasons[f]);
  });
  return {
    weights,
    reasonIndex,
    lower: Float64Array.from(RISK_BANDS.map((b) => bandLowerBound(p, b))),
    hysteresis: p.hysteresis,
    fullRatio: p.recency.fullRiskRatio,
    logFullRatio: Math.log(p.recency.fullRiskRatio),
    logCurve: p.recency.curve === 'log',
    fallbackGap: p.recency.fallbackGapDays ?? Number.NaN,
    windowRatio: p.windows.previousDays / p.windows.recentDays,
    satisfactionDropFullRisk: p.satisfactionDropFullRisk,
    openComplaintsAt: p.saturation.openComplaints,
    slaBreachesAt: p.saturation.slaBreaches,
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Measures one customer's factors (rules CH-1, CH-2) into `value` (the raw measure) and `risk` (0-1,
 * `NaN` when the factor cannot be measured), indexed like `RISK_FACTORS`. The one kernel behind
 * {@link riskTable} and {@link riskAt}.
 */
function measure(c: CheckedRiskColumns, i: number, k: Kernel, value: Float64Array, risk: Float64Array): void {
  // recency: days since the last purchase over the usual gap; 0 at ratio 1, 1 at fullRiskRatio.
  const days = c.daysSinceLast[i] as number;
  let gap = c.usualGapDays[i] as number;
  if (Number.isNaN(gap)) gap = k.fallbackGap;
  if (Number.isNaN(days) || Number.isNaN(gap)) {
    value[0] = Number.NaN;
    risk[0] = Number.NaN;
  } else {
    const ratio = days / gap;
    value[0] = ratio;
    risk[0] =
      ratio <= 1
        ? 0
        : k.logCurve
          ? clamp01(Math.log(ratio) / k.logFullRatio)
          : clamp01((ratio - 1) / (k.fullRatio - 1));
  }
  // frequency and spend drops: 1 − (recent rate / previous rate), the rates per day of each window.
  const previousPurchases = c.previousPurchases[i] as number;
  if (previousPurchases === 0) value[1] = risk[1] = Number.NaN;
  else {
    const d = 1 - ((c.recentPurchases[i] as number) / previousPurchases) * k.windowRatio;
    value[1] = d;
    risk[1] = clamp01(d);
  }
  const previousSpend = c.previousSpend[i] as number;
  if (previousSpend === 0) value[2] = risk[2] = Number.NaN;
  else {
    const d = 1 - ((c.recentSpend[i] as number) / previousSpend) * k.windowRatio;
    value[2] = d;
    risk[2] = clamp01(d);
  }
  // satisfaction level (max − latest)/(max − min) and its fall as a share of the scale.
  const latest = c.satisfactionLatest === null ? Number.NaN : (c.satisfactionLatest[i] as number);
  if (Number.isNaN(latest)) value[3] = risk[3] = value[4] = risk[4] = Number.NaN;
  else {
    const lo = (c.satisfactionMin as Float64Array)[i] as number;
    const hi = (c.satisfactionMax as Float64Array)[i] as number;
    value[3] = latest;
    risk[3] = (hi - latest) / (hi - lo);
    const previous = c.satisfactionPrevious === null ? Number.NaN : (c.satisfactionPrevious[i] as number);
    if (Number.isNaN(previous)) value[4] = risk[4] = Number.NaN;
    else {
      value[4] = previous - latest;
      risk[4] = clamp01((previous - latest) / (hi - lo) / k.satisfactionDropFullRisk);
    }
  }
  // open complaints and SLA breaches, saturating at the policy's counts.
  const open = c.openComplaints === null ? Number.NaN : (c.openComplaints[i] as number);
  value[5] = open;
  risk[5] = Number.isNaN(open) ? Number.NaN : clamp01(open / k.openComplaintsAt);
  const breaches = c.slaBreaches === null ? Number.NaN : (c.slaBreaches[i] as number);
  value[6] = breaches;
  risk[6] = Number.isNaN(breaches) ? Number.NaN : clamp01(breaches / k.slaBreachesAt);
  // the model's dropout: 1 − P(alive).
  const alive = c.pAlive === null ? Number.NaN : (c.pAlive[i] as number);
  value[7] = alive;
  risk[7] = Number.isNaN(alive) ? Number.NaN : 1 - alive;
}

/** The band of `score` with hysteresis: the previous band holds until the score falls below its bound − h. */
function bandOf(score: number, previousRank: number, lower: Float64Array, hysteresis: number): number {
  let band = 0;
  for (let b = 3; b > 0; b--)
    if (score >= (lower[b] as number)) {
      band = b;
      break;
    }
  if (previousRank !== NO_BAND && previousRank > band) {
    for (let b = previousRank; b > band; b--) if (score >= (lower[b] as number) - hysteresis) return b;
  }
  return band;
}

/**
 * Scores many customers at once (rules CH-1, CH-2, CH-3, CH-5) into a {@link RiskTable}.
 *
 * Each factor gives a risk in [0, 1] (see `riskPolicySchema` for each measure). The score is
 * `100 · Σ wₖ·rₖ / Σ wₖ` over the factors that can be measured for the customer; a factor that
 * cannot (no survey answer, no fitted model, no purchases in the previous window) is left out, the
 * weights of the rest renormalised, and the factor listed as missing (warning `MISSING_FACTORS`).
 * A customer with no measurable factor scores 0 with the warning `EMPTY`. Contributions are the
 * points each factor adds (they sum to the score). The band is the highest whose lower bound the
 * score reaches, except that a customer whose previous band (`previousBand`, else the band of
 * `previousScore`) is higher keeps it, or the highest band between, while the score stays at or
 * above that band's lower bound minus `hysteresis`. The top reason is the CH-5 reason of the
 * factors (policy `reasons`) with the most points.
 *
 * @param columns - the signals in columns; checked, not mutated, kept by reference in `source`
 * @param policy - the risk policy (defaults applied)
 * @param options - `asOf`
 * @throws KehuValidationError naming the bad column and row; KehuPolicyError for a bad policy
 */
export function riskTable(
  columns: RiskSignalColumns,
  policy: RiskPolicyInput | RiskPolicy,
  options: RiskTableOptions,
): RiskTable {
  const asOf = requireAsOf(options);
  const p = parseRiskPolicy(policy);
  const c = checkRiskColumns(columns);
  const n = c.ids.length;
  const kernel = kernelOf(p);
  const { weights, reasonIndex, lower } = kernel;
  const scores = new Float64Array(n);
  const bands = new Uint8Array(n);
  const topReasons = new Uint8Array(n);
  const missing = new Uint8Array(n);
  const contributions = RISK_FACTORS.map(() => new Float64Array(n));
  const value = new Float64Array(F);
  const risk = new Float64Array(F);
  const points = new Float64Array(REASON_COUNT);
  const previousScore = c.previousScore;
  const previousBand = c.previousBand;
  const h = kernel.hysteresis;
  for (let i = 0; i < n; i++) {
    measure(c, i, kernel, value, risk);
    let total = 0;
    let weighted = 0;
    let mask = 0;
    for (let k = 0; k < F; k++) {
      const w = weights[k] as number;
      if (w === 0) continue;
      const r = risk[k] as number;
      if (Number.isNaN(r)) mask |= 1 << k;
      else {
        total += w;
        weighted += w * r;
      }
    }
    missing[i] = mask;
    let score = 0;
    let top = NO_REASON;
    if (total > 0) {
      points.fill(0);
      const scale = 100 / total;
      for (let k = 0; k < F; k++) {
        const w = weights[k] as number;
        const r = risk[k] as number;
        if (w === 0 || Number.isNaN(r)) continue;
        const added = w * r * scale;
        (contributions[k] as Float64Array)[i] = added;
        const at = reasonIndex[k] as number;
        points[at] = (points[at] as number) + added;
      }
      score = weighted * scale;
      if (score > 100) score = 100;
      let best = 0;
      for (let r = 0; r < REASON_COUNT; r++)
        if ((points[r] as number) > best) {
          best = points[r] as number;
          top = r;
        }
    }
    scores[i] = score;
    topReasons[i] = top;
    let prevRank = previousBand === null ? NO_BAND : (previousBand[i] as number);
    if (prevRank === NO_BAND && previousScore !== null) {
      const s = previousScore[i] as number;
      if (!Number.isNaN(s)) prevRank = bandOf(s, NO_BAND, lower, h);
    }
    bands[i] = bandOf(score, prevRank, lower, h);
  }
  const byFactor = {} as Record<RiskFactor, Float64Array>;
  RISK_FACTORS.forEach((f, k) => {
    byFactor[f] = contributions[k] as Float64Array;
  });
  return {
    asOf,
    policyVersion: p.version,
    ids: c.ids,
    scores,
    bands,
    topReasons,
    contributions: byFactor,
    missing,
    source: { columns: c, policy: p },
  };
}

const UNITS: Readonly<Record<RiskFactor, RiskMeasureUnit>> = {
  recency: 'ratio',
  frequencyDrop: 'share',
  spendDrop: 'share',
  satisfactionLevel: 'score',
  satisfactionDrop: 'points',
  openComplaints: 'count',
  slaBreaches: 'count',
  modelDropout: 'probability',
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const num = (x: number) => String(Math.round(x * 100) / 100);

function detail(f: RiskFactor, c: CheckedRiskColumns, i: number, p: RiskPolicy, value: number): string {
  const { recentDays, previousDays } = p.windows;
  const way = value >= 0 ? 'down' : 'up';
  switch (f) {
    case 'recency': {
      const gap = c.usualGapDays[i] as number;
      const gapText = Number.isNaN(gap)
        ? `no usual gap yet, ${p.recency.fallbackGapDays} days assumed`
        : `usual gap ${num(gap)} days`;
      return `${num(c.daysSinceLast[i] as number)} days since the last purchase, ${gapText} (ratio ${num(value)})`;
    }
    case 'frequencyDrop': {
      const counts = `${c.recentPurchases[i]} purchases in the last ${recentDays} days`;
      const change = `${way} ${pct(Math.abs(value))}`;
      return `${counts} against ${c.previousPurchases[i]} in the ${previousDays} days before (${change})`;
    }
    case 'spendDrop':
      return `spend in the last ${recentDays} days ${way} ${pct(Math.abs(value))} on the ${previousDays} days before`;
    case 'satisfactionLevel': {
      const scale = `${num(c.satisfactionMin?.[i] as number)}-${num(c.satisfactionMax?.[i] as number)}`;
      return `latest satisfaction ${num(value)} on a ${scale} scale`;
    }
    case 'satisfactionDrop': {
      const from = num(c.satisfactionPrevious?.[i] as number);
      return `satisfaction ${value >= 0 ? 'fell' : 'rose'} ${num(Math.abs(value))} points from ${from}`;
    }
    case 'openComplaints':
      return `${value} open complaint${value === 1 ? '' : 's'} (full risk at ${p.saturation.openComplaints})`;
    case 'slaBreaches':
      return `${value} missed service deadline${value === 1 ? '' : 's'} (full risk at ${p.saturation.slaBreaches})`;
    case 'modelDropout':
      return `probability still active ${pct(value)} by the fitted model`;
  }
}

/**
 * One customer's explained churn risk (rules CH-1, CH-2, CH-3, CH-5): the same object `churnRisk`
 * returns for that customer, recomputed from the table's source by the same kernel.
 *
 * @throws KehuValidationError (path `['index']`) for an index outside the table
 */
export function riskAt(table: RiskTable, i: number): ChurnRisk {
  if (!Number.isSafeInteger(i) || i < 0 || i >= table.ids.length)
    throw invalidInput(['index'], `index must be a whole number from 0 to ${table.ids.length - 1}`);
  return explain(table, i, kernelOf(table.source.policy), new Float64Array(F), new Float64Array(F));
}

/** Row `i` explained, with the table's kernel and scratch arrays for the measures given by the caller. */
function explain(table: RiskTable, i: number, kernel: Kernel, value: Float64Array, risk: Float64Array): ChurnRisk {
  const { columns: c, policy: p } = table.source;
  measure(c, i, kernel, value, risk);
  let total = 0;
  for (let k = 0; k < F; k++) {
    const r = risk[k] as number;
    if (p.weights[RISK_FACTORS[k] as RiskFactor] > 0 && !Number.isNaN(r))
      total += p.weights[RISK_FACTORS[k] as RiskFactor];
  }
  const factors: ChurnRiskFactor[] = [];
  const missing: RiskFactor[] = [];
  const byReason = new Map<ChurnReasonCode, number>();
  RISK_FACTORS.forEach((f, k) => {
    const w = p.weights[f];
    if (w === 0) return;
    const r = risk[k] as number;
    if (Number.isNaN(r)) {
      missing.push(f);
      return;
    }
    const contribution = table.contributions[f][i] as number;
    const reason = p.reasons[f];
    byReason.set(reason, (byReason.get(reason) ?? 0) + contribution);
    factors.push({
      factor: f,
      label: RISK_FACTOR_LABELS[f],
      value: value[k] as number,
      unit: UNITS[f],
      detail: detail(f, c, i, p, value[k] as number),
      risk: r,
      weight: w / total,
      contribution,
      rules: [...RISK_FACTOR_RULES[f]],
      reason,
    });
  });
  factors.sort((a, b) => b.contribution - a.contribution);
  const order = (code: ChurnReasonCode) => CHURN_REASON_CODES.indexOf(code);
  const reasons: ChurnRiskReason[] = [...byReason]
    .filter(([, points]) => points > 0)
    .sort(([a, x], [b, y]) => y - x || order(a) - order(b))
    .map(([code, points]) => ({ code, label: CHURN_REASONS[code].label, contribution: points }));
  const topIndex = table.topReasons[i] as number;
  const warnings: ChurnWarning[] = [];
  if (factors.length === 0)
    warnings.push({
      code: 'EMPTY',
      message: 'no factor could be measured: the score of 0 says nothing about the risk',
    });
  if (missing.length > 0)
    warnings.push({
      code: 'MISSING_FACTORS',
      message: `not measured, left out and the other weights scaled up: ${missing.join(', ')}`,
    });
  const previousScore = c.previousScore === null ? Number.NaN : (c.previousScore[i] as number);
  const score = table.scores[i] as number;
  let trend: ChurnRisk['trend'] = null;
  if (!Number.isNaN(previousScore)) {
    const change = score - previousScore;
    trend = {
      previousScore,
      change,
      direction: Math.abs(change) < p.trendFlatWithin ? 'flat' : change > 0 ? 'up' : 'down',
    };
  }
  const band = RISK_BANDS[table.bands[i] as number] as RiskBand;
  return {
    customerId: c.ids[i] as string,
    ownerId: c.ownerIds?.[i] ?? null,
    tier: c.tiers?.[i] ?? null,
    score,
    band,
    bandLabel: RISK_BAND_LABELS[band],
    factors,
    reasons,
    topReason: topIndex === NO_REASON ? null : (CHURN_REASON_CODES[topIndex] as ChurnReasonCode),
    missing,
    trend,
    rules: ['CH-1', 'CH-2', 'CH-3', 'CH-5'],
    policyVersion: table.policyVersion,
    asOf: new Date(table.asOf.getTime()),
    warnings,
  };
}

/** Every customer's explained churn risk, in the table's order ({@link riskAt} per row). */
export function riskRows(table: RiskTable): ChurnRisk[] {
  const kernel = kernelOf(table.source.policy);
  const value = new Float64Array(F);
  const risk = new Float64Array(F);
  const out = new Array<ChurnRisk>(table.ids.length);
  for (let i = 0; i < table.ids.length; i++) out[i] = explain(table, i, kernel, value, risk);
  return out;
}
