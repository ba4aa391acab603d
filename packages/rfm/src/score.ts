import { compareCodePoints, Decimal, decimalsToUnits, isSortedByCodePoints, KehuCurrencyMismatchError, KehuValidationError, orderByIntegerKeys, sortIndexesByCodePoints, type TransactionSummary } from '@kehu/core';
import { scoreSorted } from './binning.js';
import { parseRfmPolicy, type RfmPolicy, type RfmPolicyInput } from './options.js';

const DAY = 86_400_000;

/** Options of {@link scoreRfm}: the policy plus the moment and currency scored. */
export type RfmOptions = RfmPolicyInput & {
  /** The moment recency is measured from. */
  asOf: Date;
  /** Score only rows in this currency; required when the summaries hold several. */
  currency?: string;
};

/** One customer's RFM values and scores (rule RF-1). */
export interface RfmScore {
  /** The customer. */
  customerId: string;
  /** Currency of `monetary`. */
  currency: string;
  /** Whole days from the last purchase to `asOf`. */
  recencyDays: number;
  /** Number of purchases. */
  frequency: number;
  /** Net (or gross, by policy) amount. */
  monetary: Decimal;
  /** Recency score, 1..bins (higher = more recent). */
  r: number;
  /** Frequency score, 1..bins. */
  f: number;
  /** Monetary score, 1..bins. */
  m: number;
}

/** The value range that received one score, as actually used. */
export interface RfmThreshold {
  /** The score. */
  score: number;
  /** Customers with it. */
  count: number;
  /** Smallest value with this score (monetary as an exact decimal string). */
  min: number | string;
  /** Largest value with this score. */
  max: number | string;
}

/** A customer that could not be scored, and why. */
export interface Unscored {
  /** The customer. */
  customerId: string;
  /** Why: `no-purchase` (only refunds or returns in the window). */
  reason: 'no-purchase';
}

/** What {@link scoreRfm} returns: scores, the thresholds used, and what was left out. */
export interface RfmResult {
  /** The moment scored. */
  asOf: Date;
  /** The policy used, defaults applied. */
  policy: RfmPolicy;
  /** Scores in customer-id order. */
  scores: RfmScore[];
  /** The value ranges per score, per dimension (across all groups when binning is nested). */
  thresholds: { recency: RfmThreshold[]; frequency: RfmThreshold[]; monetary: RfmThreshold[] };
  /** Customers without a purchase in the window. */
  unscored: Unscored[];
  /** Notes, e.g. that there was nothing to score. */
  warnings: string[];
}

interface Rows {
  ids: string[];
  currency: string;
  recency: Float64Array;
  frequency: Float64Array;
  money: Decimal[];
  /** Monetary values as exact integer units at a common scale, when every value fits (the fast path). */
  moneyUnits: Float64Array | undefined;
  /** Monetary values as correctly rounded doubles, for the exact comparator when `moneyUnits` is missing. */
  moneyKey: Float64Array | undefined;
}

function collect(summaries: Iterable<TransactionSummary>, options: RfmOptions, policy: RfmPolicy, unscored: Unscored[]): Rows {
  const asOf = options.asOf.getTime();
  const list = Array.isArray(summaries) ? (summaries as readonly TransactionSummary[]) : [...summaries];
  const ids: string[] = [];
  const recency = new Float64Array(list.length);
  const frequency = new Float64Array(list.length);
  const money: Decimal[] = [];
  let currency = options.currency;
  for (const s of list) {
    if (options.currency !== undefined && s.currency !== options.currency) continue;
    if (currency === undefined) currency = s.currency;
    else if (s.currency !== currency) throw new KehuCurrencyMismatchError([currency, s.currency]);
    if (s.lastPurchaseAt === null || s.purchaseCount === 0) {
      unscored.push({ customerId: s.customerId, reason: 'no-purchase' });
      continue;
    }
    recency[ids.length] = Math.max(0, Math.floor((asOf - s.lastPurchaseAt.getTime()) / DAY));
    frequency[ids.length] = s.purchaseCount;
    ids.push(s.customerId);
    money.push(policy.monetary === 'net' ? s.netAmount : s.grossAmount);
  }
  const n = ids.length;
  const moneyUnits = decimalsToUnits(money)?.units;
  return {
    ids,
    currency: currency ?? '',
    recency: recency.subarray(0, n),
    frequency: frequency.subarray(0, n),
    money,
    moneyUnits,
    // Correctly rounded, so monotone: sorting by it, with exact Decimal comparison only
    // between equal keys, orders exactly.
    moneyKey: moneyUnits === undefined ? Float64Array.from(money, (d) => d.toNumber()) : undefined,
  };
}

type Dimension = 'recency' | 'frequency' | 'monetary';

/** Exact integer values of a dimension (days, counts, money units), or `undefined` when only the Decimal comparator is exact. */
function exactValues(rows: Rows, dim: Dimension): Float64Array | undefined {
  return dim === 'recency' ? rows.recency : dim === 'frequency' ? rows.frequency : rows.moneyUnits;
}

function comparer(rows: Rows, dim: Dimension): (a: number, b: number) => number {
  if (dim === 'monetary') {
    const key = rows.moneyKey!;
    return (a, b) => key[a]! - key[b]! || rows.money[a]!.comparedTo(rows.money[b]!);
  }
  // Recency is reversed: fewer days since the last purchase is better.
  const v = dim === 'recency' ? rows.recency : rows.frequency;
  return dim === 'recency' ? (a, b) => v[b]! - v[a]! : (a, b) => v[a]! - v[b]!;
}

function scoreGroup(rows: Rows, members: ArrayLike<number>, dim: Dimension, policy: RfmPolicy, out: Uint8Array): void {
  const cuts = policy.cutPoints?.[dim];
  if (cuts !== undefined) {
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      if (dim === 'recency') out[i] = policy.bins - cuts.filter((c) => rows.recency[i]! > (c as number)).length;
      else if (dim === 'frequency') out[i] = 1 + cuts.filter((c) => rows.frequency[i]! >= (c as number)).length;
      else out[i] = 1 + cuts.filter((c) => rows.money[i]!.gte(c as string)).length;
    }
    return;
  }
  // `members` are in customer-id order, so a stable order breaks ties by id.
  const values = exactValues(rows, dim);
  if (values !== undefined) {
    // Recency is reversed: fewer days since the last purchase is better.
    const order = orderByIntegerKeys(values, { positions: members, descending: dim === 'recency' });
    return scoreSorted(order, (a, b) => values[a] === values[b], policy.bins, policy, out);
  }
  const cmp = comparer(rows, dim);
  const order = Array.from(members).sort((a, b) => cmp(a, b) || compareCodePoints(rows.ids[a]!, rows.ids[b]!));
  scoreSorted(order, (a, b) => cmp(a, b) === 0, policy.bins, policy, out);
}

function thresholds(rows: Rows, scores: Uint8Array, dim: Dimension, bins: number): RfmThreshold[] {
  const count = new Array<number>(bins).fill(0);
  const lo = new Int32Array(bins).fill(-1);
  const hi = new Int32Array(bins).fill(-1);
  // Within a score, order by the dimension's own value (recency in days, ascending).
  const values = dim === 'recency' ? rows.recency : dim === 'frequency' ? rows.frequency : rows.moneyUnits;
  const less = values !== undefined ? (a: number, b: number) => values[a]! < values[b]! : (a: number, b: number) => rows.money[a]!.lt(rows.money[b]!);
  for (let i = 0; i < scores.length; i++) {
    const k = scores[i]! - 1;
    count[k]!++;
    if (lo[k] === -1 || less(i, lo[k]!)) lo[k] = i;
    if (hi[k] === -1 || less(hi[k]!, i)) hi[k] = i;
  }
  const value = (i: number): number | string => (dim === 'monetary' ? rows.money[i]!.toString() : dim === 'recency' ? rows.recency[i]! : rows.frequency[i]!);
  const out: RfmThreshold[] = [];
  for (let k = 0; k < bins; k++) if (count[k]! > 0) out.push({ score: k + 1, count: count[k]!, min: value(lo[k]!), max: value(hi[k]!) });
  return out;
}

/**
 * Scores customers 1..bins on recency (reversed: recent is high), frequency and monetary
 * value (rules RF-1, RF-2) against an explicit `asOf`, from summaries (`summarize` of this
 * package or a store's `summarizeTransactions`). Equal values share a score unless the
 * policy says otherwise; the result lists the value range each score received. Customers
 * without a purchase in the window are returned as `unscored`. Empty input gives empty
 * scores and a warning. Pure: inputs are not mutated.
 */
export function scoreRfm(summaries: Iterable<TransactionSummary>, options: RfmOptions): RfmResult {
  if (!(options?.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
    throw new KehuValidationError('asOf must be a valid Date', [{ path: ['asOf'], message: 'expected a valid Date', code: 'invalid_type' }]);
  }
  const { asOf: _asOf, currency: _currency, ...policyInput } = options;
  const policy = parseRfmPolicy(policyInput);
  const unscored: Unscored[] = [];
  const rows = collect(summaries, options, policy, unscored);
  const n = rows.ids.length;
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const m = new Uint8Array(n);
  // Every customer, in customer-id order (summaries usually arrive in it already).
  const all = isSortedByCodePoints(rows.ids) ? Uint32Array.from({ length: n }, (_, i) => i) : sortIndexesByCodePoints(rows.ids);
  scoreGroup(rows, all, 'recency', policy, r);
  if (policy.binning === 'independent') {
    scoreGroup(rows, all, 'frequency', policy, f);
    scoreGroup(rows, all, 'monetary', policy, m);
  } else {
    const byKey = (key: (i: number) => string) => {
      const groups = new Map<string, number[]>();
      for (const i of all) {
        const k = key(i);
        const g = groups.get(k);
        if (g) g.push(i);
        else groups.set(k, [i]);
      }
      return groups.values();
    };
    for (const g of byKey((i) => String(r[i]))) scoreGroup(rows, g, 'frequency', policy, f);
    for (const g of byKey((i) => `${r[i]}-${f[i]}`)) scoreGroup(rows, g, 'monetary', policy, m);
  }
  const scores: RfmScore[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = all[j]!;
    scores[j] = { customerId: rows.ids[i]!, currency: rows.currency, recencyDays: rows.recency[i]!, frequency: rows.frequency[i]!, monetary: rows.money[i]!, r: r[i]!, f: f[i]!, m: m[i]! };
  }
  return {
    asOf: new Date(options.asOf.getTime()),
    policy,
    scores,
    thresholds: { recency: thresholds(rows, r, 'recency', policy.bins), frequency: thresholds(rows, f, 'frequency', policy.bins), monetary: thresholds(rows, m, 'monetary', policy.bins) },
    unscored,
    warnings: n === 0 ? ['no customer with a purchase in the window: nothing to score'] : [],
  };
}
