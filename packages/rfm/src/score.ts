import { compareCodePoints, Decimal, KehuCurrencyMismatchError, KehuValidationError, type TransactionSummary } from '@kehu/core';
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
  moneyKey: Float64Array;
}

function collect(summaries: Iterable<TransactionSummary>, options: RfmOptions, policy: RfmPolicy, unscored: Unscored[]): Rows {
  const asOf = options.asOf.getTime();
  const ids: string[] = [];
  const recency: number[] = [];
  const frequency: number[] = [];
  const money: Decimal[] = [];
  let currency = options.currency;
  for (const s of summaries) {
    if (options.currency !== undefined && s.currency !== options.currency) continue;
    if (currency === undefined) currency = s.currency;
    else if (s.currency !== currency) throw new KehuCurrencyMismatchError([currency, s.currency]);
    if (s.lastPurchaseAt === null || s.purchaseCount === 0) {
      unscored.push({ customerId: s.customerId, reason: 'no-purchase' });
      continue;
    }
    ids.push(s.customerId);
    recency.push(Math.max(0, Math.floor((asOf - s.lastPurchaseAt.getTime()) / DAY)));
    frequency.push(s.purchaseCount);
    money.push(policy.monetary === 'net' ? s.netAmount : s.grossAmount);
  }
  return {
    ids,
    currency: currency ?? '',
    recency: Float64Array.from(recency),
    frequency: Float64Array.from(frequency),
    money,
    // Correctly rounded, so monotone: sorting by it, with exact Decimal comparison only
    // between equal keys, orders exactly (a fast path that keeps the result exact).
    moneyKey: Float64Array.from(money, (d) => d.toNumber()),
  };
}

type Dimension = 'recency' | 'frequency' | 'monetary';

function comparer(rows: Rows, dim: Dimension): (a: number, b: number) => number {
  if (dim === 'monetary') return (a, b) => rows.moneyKey[a]! - rows.moneyKey[b]! || rows.money[a]!.comparedTo(rows.money[b]!);
  // Recency is reversed: fewer days since the last purchase is better.
  const v = dim === 'recency' ? rows.recency : rows.frequency;
  return dim === 'recency' ? (a, b) => v[b]! - v[a]! : (a, b) => v[a]! - v[b]!;
}

function scoreGroup(rows: Rows, members: number[], dim: Dimension, policy: RfmPolicy, out: Uint8Array): void {
  const cuts = policy.cutPoints?.[dim];
  if (cuts !== undefined) {
    for (const i of members) {
      if (dim === 'recency') out[i] = policy.bins - cuts.filter((c) => rows.recency[i]! > (c as number)).length;
      else if (dim === 'frequency') out[i] = 1 + cuts.filter((c) => rows.frequency[i]! >= (c as number)).length;
      else out[i] = 1 + cuts.filter((c) => rows.money[i]!.gte(c as string)).length;
    }
    return;
  }
  const cmp = comparer(rows, dim);
  const order = [...members].sort((a, b) => cmp(a, b) || compareCodePoints(rows.ids[a]!, rows.ids[b]!));
  scoreSorted(order, (a, b) => cmp(a, b) === 0, policy.bins, policy, out);
}

function thresholds(rows: Rows, scores: Uint8Array, dim: Dimension, bins: number): RfmThreshold[] {
  const out: RfmThreshold[] = [];
  for (let s = 1; s <= bins; s++) out.push({ score: s, count: 0, min: Number.NaN, max: Number.NaN });
  const lo: Array<Decimal | number | undefined> = new Array(bins);
  const hi: Array<Decimal | number | undefined> = new Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const k = scores[i]! - 1;
    out[k]!.count++;
    const v = dim === 'monetary' ? rows.money[i]! : dim === 'recency' ? rows.recency[i]! : rows.frequency[i]!;
    const less = (a: Decimal | number, b: Decimal | number) => (typeof a === 'number' ? a < (b as number) : a.lt(b as Decimal));
    if (lo[k] === undefined || less(v, lo[k]!)) lo[k] = v;
    if (hi[k] === undefined || less(hi[k]!, v)) hi[k] = v;
  }
  return out
    .map((t, k) => ({ ...t, min: lo[k] === undefined ? Number.NaN : typeof lo[k] === 'number' ? lo[k] : (lo[k] as Decimal).toString(), max: hi[k] === undefined ? Number.NaN : typeof hi[k] === 'number' ? hi[k] : (hi[k] as Decimal).toString() }))
    .filter((t) => t.count > 0);
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
  const all = Array.from({ length: n }, (_, i) => i);
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
  for (let i = 0; i < n; i++) {
    scores[i] = { customerId: rows.ids[i]!, currency: rows.currency, recencyDays: rows.recency[i]!, frequency: rows.frequency[i]!, monetary: rows.money[i]!, r: r[i]!, f: f[i]!, m: m[i]! };
  }
  scores.sort((a, b) => compareCodePoints(a.customerId, b.customerId));
  return {
    asOf: new Date(options.asOf.getTime()),
    policy,
    scores,
    thresholds: { recency: thresholds(rows, r, 'recency', policy.bins), frequency: thresholds(rows, f, 'frequency', policy.bins), monetary: thresholds(rows, m, 'monetary', policy.bins) },
    unscored,
    warnings: n === 0 ? ['no customer with a purchase in the window: nothing to score'] : [],
  };
}
