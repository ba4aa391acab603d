import {
  DAY_MS,
  decimalToUnits,
  invalidInput,
  type Label,
  MAX_UNIT_SCALE,
  requireAsOf,
  type Tier,
  TIERS,
  toDecimal,
} from '@kehu/core';
import { isRiskBand, type RiskBand } from './bands.js';
import type { RiskFactor, RiskPolicy, RiskPolicyInput } from './risk-policy.js';
import { riskSatisfactionScores, type RiskSignals } from './risk-signals.js';
import { type RiskSignalColumns, riskRows, riskTable } from './risk-table.js';
import type { ChurnReasonCode } from './taxonomy.js';
import type { ChurnWarning } from './warnings.js';

/**
 * The unit of a factor's raw measure: `ratio` (days since the last purchase over the usual gap),
 * `share` (a fall as a share of the previous window, negative for a rise), `score` (on the survey
 * scale), `points` (a fall on the survey scale), `count`, `probability`.
 */
export type RiskMeasureUnit = 'ratio' | 'share' | 'score' | 'points' | 'count' | 'probability';

/** One factor of a churn-risk score and what it added (rules CH-1, CH-2). */
export interface ChurnRiskFactor {
  /** The factor. */
  readonly factor: RiskFactor;
  /** Its label for end users. */
  readonly label: Label;
  /** The raw measure, in `unit`. */
  readonly value: number;
  /** The unit of `value`. */
  readonly unit: RiskMeasureUnit;
  /** The measure in words, with its numbers (English). */
  readonly detail: string;
  /** The factor's risk, 0 (none) to 1 (full). */
  readonly risk: number;
  /** The factor's share of the score after renormalisation over the measured factors (they sum to 1). */
  readonly weight: number;
  /** Points of the score the factor adds: `100 · weight · risk` (they sum to the score). */
  readonly contribution: number;
  /** The rules the factor serves. */
  readonly rules: readonly string[];
  /** The CH-5 reason the factor suggests (a suspected reason, see the policy's `reasons`). */
  readonly reason: ChurnReasonCode;
}

/** A suspected churn reason (rule CH-5) with the points of the factors that suggest it. */
export interface ChurnRiskReason {
  /** The reason code. */
  readonly code: ChurnReasonCode;
  /** Its label for end users. */
  readonly label: Label;
  /** Points of the score from the factors mapped to it. */
  readonly contribution: number;
}

/** How a score moved against the previous one. */
export interface ChurnRiskTrend {
  /** The previous score. */
  readonly previousScore: number;
  /** `score − previousScore`. */
  readonly change: number;
  /** `up`, `down`, or `flat` when the change is below the policy's `trendFlatWithin`. */
  readonly direction: 'up' | 'down' | 'flat';
}

/**
 * One customer's churn risk, explained (rules CH-1, CH-2, CH-3, CH-5). Plain, JSON-serialisable data
 * (`asOf` is a `Date`): it is stored as the explanation of a churn score record.
 */
export interface ChurnRisk {
  /** The customer. */
  readonly customerId: string;
  /** The account manager to notify (`null`: none known). */
  readonly ownerId: string | null;
  /** The customer's tier (`null`: not given). */
  readonly tier: Tier | null;
  /** The score, 0..100: higher is more likely to leave. */
  readonly score: number;
  /** The band, hysteresis applied. */
  readonly band: RiskBand;
  /** The band's label for end users. */
  readonly bandLabel: Label;
  /** Every measured factor with a weight, largest contribution first. */
  readonly factors: readonly ChurnRiskFactor[];
  /** Suspected reasons, most points first (only those with points). */
  readonly reasons: readonly ChurnRiskReason[];
  /** The reason with the most points, or `null` when no factor adds any. */
  readonly topReason: ChurnReasonCode | null;
  /** Weighted factors that could not be measured, left out of the score. */
  readonly missing: readonly RiskFactor[];
  /** The change against the previous score, or `null` without one. */
  readonly trend: ChurnRiskTrend | null;
  /** The rules the result serves. */
  readonly rules: readonly string[];
  /** The version of the policy that made it. */
  readonly policyVersion: string;
  /** The moment scored. */
  readonly asOf: Date;
  /** What deserves a second look (`MISSING_FACTORS`, `EMPTY`). */
  readonly warnings: readonly ChurnWarning[];
}

/** The part of a previous result that the trend and hysteresis need. */
export interface PreviousRisk {
  /** The previous score. */
  readonly score: number;
  /** The previous band. */
  readonly band: RiskBand;
}

/** Options of {@link churnRisk} and {@link riskSignalColumns}. */
export interface ChurnRiskOptions {
  /** The moment of the scores (required). */
  readonly asOf: Date;
  /** The previous results (a list of `ChurnRisk` or a lookup by customer id), for the trend and hysteresis. */
  readonly previous?: PreviousRisks;
}

const TWO_52 = 2 ** 52;

/** Two exact amounts as integer units of one scale, or as their ratio to 2⁻⁵² when they do not fit. */
function spendUnits(recent: ReturnType<typeof toDecimal>, previous: ReturnType<typeof toDecimal>): [number, number] {
  const scale = Math.max(recent.decimalPlaces(), previous.decimalPlaces());
  if (scale <= MAX_UNIT_SCALE) {
    const r = decimalToUnits(recent, scale);
    const q = decimalToUnits(previous, scale);
    if (r !== undefined && q !== undefined) return [r, q];
  }
  // Only the ratio of the two is used: scale both to the larger one, kept exact to 2⁻⁵² of it.
  const big = recent.gt(previous) ? recent : previous;
  return [Math.round(recent.div(big).times(TWO_52).toNumber()), Math.round(previous.div(big).times(TWO_52).toNumber())];
}

/** Previous results: a list of `ChurnRisk` (or anything with a customer id) or a lookup by customer id. */
export type PreviousRisks =
  | readonly (PreviousRisk & { readonly customerId: string })[]
  | ReadonlyMap<string, PreviousRisk>;

/**
 * Previous results as a lookup by customer id (a `Map` is used as it is).
 *
 * @throws KehuValidationError at `['previous', i, 'customerId']` for an entry without a customer id or a
 *   customer listed twice, at `['previous']` when it is neither an array nor a `Map`
 */
export function previousLookup(previous: PreviousRisks): ReadonlyMap<string, PreviousRisk> {
  if (previous instanceof Map) return previous;
  if (!Array.isArray(previous))
    throw invalidInput(['previous'], 'previous must be an array of results or a Map by customer id', 'invalid_type');
  const map = new Map<string, PreviousRisk>();
  previous.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || typeof r.customerId !== 'string')
      throw invalidInput(['previous', i, 'customerId'], 'a previous result needs a customerId', 'invalid_type');
    if (map.has(r.customerId))
      throw invalidInput(['previous', i, 'customerId'], `customer ${JSON.stringify(r.customerId)} is listed twice`);
    map.set(r.customerId, r);
  });
  return map;
}

/**
 * Turns signal objects into the columns {@link riskTable} takes: days since the last purchase at
 * `asOf`, exact spend as integer units per row, satisfaction in either shape, `NaN` for what is not
 * known, and the previous scores and bands from `options.previous`.
 *
 * @throws KehuValidationError naming the signal's index and field (a last purchase after `asOf`, a
 *   negative or fractional count, a spend that is not an exact non-negative decimal, a customer twice)
 */
export function riskSignalColumns(signals: readonly RiskSignals[], options: ChurnRiskOptions): RiskSignalColumns {
  const asOf = requireAsOf(options).getTime();
  if (!Array.isArray(signals)) throw invalidInput([], 'signals must be an array', 'invalid_type');
  const previous = options.previous === undefined ? null : previousLookup(options.previous);
  const n = signals.length;
  const ids = new Array<string>(n);
  const ownerIds = new Array<string | null>(n);
  const tiers = new Array<Tier | null>(n);
  const col = () => new Float64Array(n);
  const [daysSinceLast, usualGapDays, recentPurchases, previousPurchases, recentSpend, previousSpend] = [
    col(),
    col(),
    col(),
    col(),
    col(),
    col(),
  ];
  const [satisfactionLatest, satisfactionPrevious, satisfactionMin, satisfactionMax] = [col(), col(), col(), col()];
  const [openComplaints, slaBreaches, pAlive, previousScore] = [col(), col(), col(), col()];
  const previousBand = new Array<RiskBand | null>(n);
  const seen = new Set<string>();
  const nanOr = (
    x: number | null | undefined,
    path: (string | number)[],
    check: (v: number) => boolean,
    what: string,
  ) => {
    if (x === null || x === undefined) return Number.NaN;
    if (typeof x !== 'number' || !Number.isFinite(x) || !check(x)) throw invalidInput(path, `${path.at(-1)} ${what}`);
    return x;
  };
  const whole = (v: number) => Number.isSafeInteger(v) && v >= 0;
  for (let i = 0; i < n; i++) {
    const s = signals[i] as RiskSignals;
    if (s === null || typeof s !== 'object') throw invalidInput([i], 'a signal must be an object', 'invalid_type');
    if (typeof s.customerId !== 'string' || s.customerId === '')
      throw invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'invalid_type');
    if (seen.has(s.customerId))
      throw invalidInput([i, 'customerId'], `customer ${JSON.stringify(s.customerId)} is listed twice`);
    seen.add(s.customerId);
    ids[i] = s.customerId;
    if (s.ownerId !== undefined && s.ownerId !== null && (typeof s.ownerId !== 'string' || s.ownerId === ''))
      throw invalidInput([i, 'ownerId'], 'ownerId must be a non-empty string or null', 'invalid_type');
    ownerIds[i] = s.ownerId ?? null;
    if (s.tier !== undefined && s.tier !== null && !TIERS.includes(s.tier))
      throw invalidInput([i, 'tier'], `tier must be one of ${TIERS.join(', ')}`);
    tiers[i] = s.tier ?? null;
    const last = s.lastPurchaseAt;
    if (last === null) daysSinceLast[i] = Number.NaN;
    else {
      if (!(last instanceof Date) || Number.isNaN(last.getTime()))
        throw invalidInput([i, 'lastPurchaseAt'], 'lastPurchaseAt must be a valid Date or null', 'invalid_type');
      if (last.getTime() > asOf) throw invalidInput([i, 'lastPurchaseAt'], 'lastPurchaseAt is after asOf');
      daysSinceLast[i] = (asOf - last.getTime()) / DAY_MS;
    }
    usualGapDays[i] = nanOr(s.usualGapDays, [i, 'usualGapDays'], (v) => v > 0, 'must be above 0 or null');
    for (const [field, out] of [
      ['recentPurchases', recentPurchases],
      ['previousPurchases', previousPurchases],
    ] as const) {
      const x = s[field];
      if (typeof x !== 'number' || !whole(x))
        throw invalidInput([i, field], `${field} must be a whole number, 0 or more`, 'invalid_type');
      out[i] = x;
    }
    const recent = toDecimal(s.recentSpend, [i, 'recentSpend']);
    const before = toDecimal(s.previousSpend, [i, 'previousSpend']);
    if (recent.isNegative()) throw invalidInput([i, 'recentSpend'], 'recentSpend must be 0 or more');
    if (before.isNegative()) throw invalidInput([i, 'previousSpend'], 'previousSpend must be 0 or more');
    [recentSpend[i], previousSpend[i]] = spendUnits(recent, before);
    const sat = riskSatisfactionScores(s.satisfaction, [i, 'satisfaction']);
    satisfactionLatest[i] = sat?.latest ?? Number.NaN;
    satisfactionPrevious[i] = sat?.previous ?? Number.NaN;
    satisfactionMin[i] = sat?.min ?? Number.NaN;
    satisfactionMax[i] = sat?.max ?? Number.NaN;
    openComplaints[i] = nanOr(s.openComplaints, [i, 'openComplaints'], whole, 'must be a whole number, 0 or more');
    slaBreaches[i] = nanOr(s.slaBreaches, [i, 'slaBreaches'], whole, 'must be a whole number, 0 or more');
    pAlive[i] = nanOr(s.pAlive, [i, 'pAlive'], (v) => v >= 0 && v <= 1, 'must be a probability in [0, 1]');
    const before_ = previous?.get(s.customerId);
    if (before_ === undefined) {
      previousScore[i] = Number.NaN;
      previousBand[i] = null;
    } else {
      previousScore[i] = nanOr(
        before_.score,
        ['previous', s.customerId, 'score'],
        (v) => v >= 0 && v <= 100,
        'must be 0..100',
      );
      if (!isRiskBand(before_.band))
        throw invalidInput(['previous', s.customerId, 'band'], 'band must be low, medium, high or critical');
      previousBand[i] = before_.band;
    }
  }
  return {
    ids,
    ownerIds,
    tiers,
    daysSinceLast,
    usualGapDays,
    recentPurchases,
    previousPurchases,
    recentSpend,
    previousSpend,
    satisfactionLatest,
    satisfactionPrevious,
    satisfactionMin,
    satisfactionMax,
    openComplaints,
    slaBreaches,
    pAlive,
    ...(previous === null ? {} : { previousScore, previousBand }),
  };
}

/**
 * Each customer's churn risk at `asOf`, explained (rules CH-1, CH-2, CH-3, CH-5): the convenience path
 * over the columnar engine ({@link riskSignalColumns} then {@link riskTable} and `riskRows`), so the
 * results are exactly those of the table. See `riskTable` for the formula, bands and hysteresis.
 *
 * @param signals - one per customer (e.g. from `riskSignalsFrom`); not mutated
 * @param policy - the risk policy (defaults applied)
 * @param options - `asOf`, and `previous` results for the trend and hysteresis
 * @throws KehuValidationError naming the signal and field; KehuPolicyError for a bad policy
 */
export function churnRisk(
  signals: readonly RiskSignals[],
  policy: RiskPolicyInput | RiskPolicy,
  options: ChurnRiskOptions,
): ChurnRisk[] {
  const columns = riskSignalColumns(signals, options);
  return riskRows(riskTable(columns, policy, { asOf: options.asOf }));
}
