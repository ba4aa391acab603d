import {
  DAY_MS,
  Decimal,
  decimalFromUnits,
  decimalsToUnits,
  isSortedByCodePoints,
  KehuCurrencyMismatchError,
  invalidInput,
  isSummaryTable,
  requireAsOf,
  orderByIntegerKeys,
  sortIndexesByCodePoints,
  summaryAmounts,
  type SummaryTable,
  type TransactionSummary,
} from '@kehu/core';
import { scoreSorted } from './binning.js';
import { parseRfmPolicy, type RfmPolicy, type RfmPolicyInput } from './options.js';

/** Options of {@link rfmTable} and {@link scoreRfm}: the policy plus the moment and currency scored. */
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

/**
 * RFM scores in columns, one entry per scored customer in customer-id order: what
 * {@link rfmTable} returns for bulk work (a million customers without an object per
 * customer). {@link rfmAt} gives one customer's {@link RfmScore}, {@link rfmRows} all of them.
 */
export interface RfmTable {
  /** The moment scored. */
  asOf: Date;
  /** The policy used, defaults applied. */
  policy: RfmPolicy;
  /** Currency of the monetary values. */
  currency: string;
  /** The scored customers, in customer-id order. */
  ids: string[];
  /** Whole days from the last purchase to `asOf`. */
  recencyDays: Float64Array;
  /** Number of purchases. */
  frequency: Float64Array;
  /**
   * Monetary values (net or gross by policy) as exact units of 10^-`monetaryScale`, when every value fits a safe
   * integer.
   */
  monetaryUnits: Float64Array | undefined;
  /** Decimal places of `monetaryUnits`. */
  monetaryScale: number;
  /** Monetary values as Decimals, when scored from summary objects or when the units do not fit. */
  monetaryDecimals: readonly Decimal[] | undefined;
  /** Recency scores, 1..bins (higher = more recent). */
  r: Uint8Array;
  /** Frequency scores, 1..bins. */
  f: Uint8Array;
  /** Monetary scores, 1..bins. */
  m: Uint8Array;
  /** The value ranges per score, per dimension (across all groups when binning is nested). */
  thresholds: { recency: RfmThreshold[]; frequency: RfmThreshold[]; monetary: RfmThreshold[] };
  /** Customers without a purchase in the window. */
  unscored: Unscored[];
  /** Notes, e.g. that there was nothing to score. */
  warnings: string[];
}

interface Rows {
  /** Customer ids, in customer-id order (every other column follows it). */
  ids: string[];
  currency: string;
  recency: Float64Array;
  frequency: Float64Array;
  /** Monetary Decimals (summary objects, or units that do not fit). */
  money: readonly Decimal[] | undefined;
  /** Monetary values as exact integer units at `moneyScale`, when every value fits (the fast path). */
  moneyUnits: Float64Array | undefined;
  moneyScale: number;
  /** Monetary values as correctly rounded doubles, for the exact comparator when `moneyUnits` is missing. */
  moneyKey: Float64Array | undefined;
}

function collect(
  summaries: Iterable<TransactionSummary>,
  options: RfmOptions,
  policy: RfmPolicy,
  unscored: Unscored[],
): Rows {
  const asOf = options.asOf.getTime();
  // An array is read in place and any other iterable copied once: the same rows either way.
  const list = Array.isArray(summaries) ? (summaries as readonly TransactionSummary[]) : [...summaries];
  let ids: string[] = [];
  let recency = new Float64Array(list.length);
  let frequency = new Float64Array(list.length);
  let money: Decimal[] = [];
  let currency = options.currency;
  for (const s of list) {
    if (options.currency !== undefined && s.currency !== options.currency) continue;
    if (currency === undefined) currency = s.currency;
    else if (s.currency !== currency) throw new KehuCurrencyMismatchError([currency, s.currency]);
    if (s.lastPurchaseAt === null || s.purchaseCount === 0) {
      unscored.push({ customerId: s.customerId, reason: 'no-purchase' });
      continue;
    }
    recency[ids.length] = Math.max(0, Math.floor((asOf - s.lastPurchaseAt.getTime()) / DAY_MS));
    frequency[ids.length] = s.purchaseCount;
    ids.push(s.customerId);
    money.push(policy.monetary === 'net' ? s.netAmount : s.grossAmount);
  }
  const n = ids.length;
  recency = recency.subarray(0, n);
  frequency = frequency.subarray(0, n);
  if (!isSortedByCodePoints(ids)) {
    // Every column follows customer-id order (stores return summaries in it already).
    const order = sortIndexesByCodePoints(ids);
    ids = Array.from(order, (i) => ids[i]!);
    recency = Float64Array.from(order, (i) => recency[i]!);
    frequency = Float64Array.from(order, (i) => frequency[i]!);
    money = Array.from(order, (i) => money[i]!);
  }
  return withMoneyKeys({
    ids,
    currency: currency ?? '',
    recency,
    frequency,
    money,
    moneyUnits: undefined,
    moneyScale: 0,
    moneyKey: undefined,
  });
}

/** Exact units for the fast path, or correctly rounded keys for the exact comparator. */
function withMoneyKeys(rows: Rows): Rows {
  const fast = rows.money === undefined ? undefined : decimalsToUnits(rows.money);
  if (fast !== undefined) return { ...rows, moneyUnits: fast.units, moneyScale: fast.scale };
  // Correctly rounded, so monotone: sorting by it, with exact Decimal comparison only
  // between equal keys, orders exactly.
  return { ...rows, moneyKey: Float64Array.from(rows.money!, (d) => d.toNumber()) };
}

function collectColumns(summaries: SummaryTable, options: RfmOptions, policy: RfmPolicy, unscored: Unscored[]): Rows {
  const asOf = options.asOf.getTime();
  const n = options.currency !== undefined && summaries.currency !== options.currency ? 0 : summaries.ids.length;
  const ids: string[] = [];
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const units = new Float64Array(n);
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    const last = summaries.lastPurchaseAt[i]!;
    const count = summaries.purchaseCount[i]!;
    if (Number.isNaN(last) || count === 0) {
      unscored.push({ customerId: summaries.ids[i]!, reason: 'no-purchase' });
      continue;
    }
    const k = ids.length;
    recency[k] = Math.max(0, Math.floor((asOf - last) / DAY_MS));
    frequency[k] = count;
    units[k] =
      policy.monetary === 'net' ? summaries.grossUnits[i]! - summaries.reversedUnits[i]! : summaries.grossUnits[i]!;
    ids.push(summaries.ids[i]!);
    positions.push(i);
  }
  const k = ids.length;
  const rows: Rows = {
    ids,
    currency: n === 0 ? (options.currency ?? summaries.currency) : summaries.currency,
    recency: recency.subarray(0, k),
    frequency: frequency.subarray(0, k),
    money: undefined,
    moneyUnits: units.subarray(0, k),
    moneyScale: summaries.scale,
    moneyKey: undefined,
  };
  if (summaries.overflow.size === 0) return rows;
  // Rare: sums beyond 2^53 units take the Decimal path.
  const money = positions.map((i) => {
    const a = summaryAmounts(summaries, i);
    return policy.monetary === 'net' ? a.net : a.gross;
  });
  return withMoneyKeys({ ...rows, money, moneyUnits: undefined });
}

type Dimension = 'recency' | 'frequency' | 'monetary';

/**
 * Exact integer values of a dimension (days, counts, money units), or `undefined` when only the Decimal
 * comparator is exact.
 */
function exactValues(rows: Rows, dim: Dimension): Float64Array | undefined {
  return dim === 'recency' ? rows.recency : dim === 'frequency' ? rows.frequency : rows.moneyUnits;
}

/** Exact order of monetary values that do not fit integer units: rounded keys first, Decimals between equal keys. */
function moneyComparer(rows: Rows): (a: number, b: number) => number {
  const key = rows.moneyKey!;
  const money = rows.money!;
  return (a, b) => key[a]! - key[b]! || money[a]!.comparedTo(money[b]!);
}

function scoreGroup(rows: Rows, members: ArrayLike<number>, dim: Dimension, policy: RfmPolicy, out: Uint8Array): void {
  const cuts = policy.cutPoints?.[dim];
  if (cuts !== undefined) {
    // Monetary cut points as the smallest units that reach them (exact), or as Decimals.
    const units = rows.moneyUnits;
    const moneyCuts =
      dim !== 'monetary'
        ? []
        : units !== undefined
          ? cuts.map((c) => new Decimal(c).times(new Decimal(10).pow(rows.moneyScale)).ceil().toNumber())
          : cuts.map((c) => new Decimal(c));
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      let above = 0;
      if (dim === 'recency') for (const c of cuts) above += rows.recency[i]! > (c as number) ? 1 : 0;
      else if (dim === 'frequency') for (const c of cuts) above += rows.frequency[i]! >= (c as number) ? 1 : 0;
      else if (units !== undefined) for (const c of moneyCuts as number[]) above += units[i]! >= c ? 1 : 0;
      else for (const c of moneyCuts as Decimal[]) above += rows.money![i]!.gte(c) ? 1 : 0;
      out[i] = dim === 'recency' ? policy.bins - above : 1 + above;
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
  // Only monetary values that do not fit exact units get here; the sort is stable.
  const cmp = moneyComparer(rows);
  const order = Array.from(members).sort(cmp);
  scoreSorted(order, (a, b) => cmp(a, b) === 0, policy.bins, policy, out);
}

function thresholds(rows: Rows, scores: Uint8Array, dim: Dimension, bins: number): RfmThreshold[] {
  const count = new Array<number>(bins).fill(0);
  const lo = new Int32Array(bins).fill(-1);
  const hi = new Int32Array(bins).fill(-1);
  // Within a score, order by the dimension's own value (recency in days, ascending).
  const values = dim === 'recency' ? rows.recency : dim === 'frequency' ? rows.frequency : rows.moneyUnits;
  const less =
    values !== undefined
      ? (a: number, b: number) => values[a]! < values[b]!
      : (a: number, b: number) => rows.money![a]!.lt(rows.money![b]!);
  for (let i = 0; i < scores.length; i++) {
    const k = scores[i]! - 1;
    count[k]!++;
    if (lo[k] === -1 || less(i, lo[k]!)) lo[k] = i;
    if (hi[k] === -1 || less(hi[k]!, i)) hi[k] = i;
  }
  const value = (i: number): number | string =>
    dim === 'monetary' ? moneyAt(rows, i).toString() : dim === 'recency' ? rows.recency[i]! : rows.frequency[i]!;
  const out: RfmThreshold[] = [];
  for (let k = 0; k < bins; k++)
    if (count[k]! > 0) out.push({ score: k + 1, count: count[k]!, min: value(lo[k]!), max: value(hi[k]!) });
  return out;
}

function moneyAt(rows: Pick<Rows, 'money' | 'moneyUnits' | 'moneyScale'>, i: number): Decimal {
  return rows.money !== undefined ? rows.money[i]! : decimalFromUnits(rows.moneyUnits![i]!, rows.moneyScale);
}

function policyOf(options: RfmOptions): RfmPolicy {
  const { asOf: _asOf, currency: _currency, ...policyInput } = options;
  return parseRfmPolicy(policyInput);
}

/**
 * Scores customers 1..bins on recency (reversed: recent is high), frequency and monetary
 * value (rules RF-1, RF-2) against an explicit `asOf`, from a {@link SummaryTable}
 * (`summaryTable` of `@kehu/core`, or an importer's scan) into an {@link RfmTable}: the
 * columnar form of {@link scoreRfm}, for a million customers without an object per
 * customer. Equal values share a score unless the policy says otherwise; the result lists
 * the value range each score received. Customers without a purchase in the window are
 * `unscored`. An empty table gives an empty result and a warning. Pure.
 *
 * Exact integer values (days, counts, money units) are ranked by a radix sort; only
 * monetary values that do not fit exact units take the Decimal comparator.
 */
export function rfmTable(summaries: SummaryTable, options: RfmOptions): RfmTable {
  requireAsOf(options);
  if (!isSummaryTable(summaries))
    throw invalidInput([], 'expected a SummaryTable; score summary objects with scoreRfm', 'invalid_type');
  const policy = policyOf(options);
  const unscored: Unscored[] = [];
  return score(collectColumns(summaries, options, policy, unscored), options, policy, unscored);
}

function score(rows: Rows, options: RfmOptions, policy: RfmPolicy, unscored: Unscored[]): RfmTable {
  const n = rows.ids.length;
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const m = new Uint8Array(n);
  // Every customer, in customer-id order: stable orders then break ties by id.
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  scoreGroup(rows, all, 'recency', policy, r);
  if (policy.binning === 'independent') {
    scoreGroup(rows, all, 'frequency', policy, f);
    scoreGroup(rows, all, 'monetary', policy, m);
  } else {
    const byKey = (key: (i: number) => number) => {
      const groups = new Map<number, number[]>();
      for (const i of all) {
        const k = key(i);
        const g = groups.get(k);
        if (g) g.push(i);
        else groups.set(k, [i]);
      }
      return groups.values();
    };
    for (const g of byKey((i) => r[i]!)) scoreGroup(rows, g, 'frequency', policy, f);
    for (const g of byKey((i) => r[i]! * 16 + f[i]!)) scoreGroup(rows, g, 'monetary', policy, m);
  }
  return {
    asOf: new Date(options.asOf.getTime()),
    policy,
    currency: rows.currency,
    ids: rows.ids,
    recencyDays: rows.recency,
    frequency: rows.frequency,
    monetaryUnits: rows.moneyUnits,
    monetaryScale: rows.moneyScale,
    monetaryDecimals: rows.money,
    r,
    f,
    m,
    thresholds: {
      recency: thresholds(rows, r, 'recency', policy.bins),
      frequency: thresholds(rows, f, 'frequency', policy.bins),
      monetary: thresholds(rows, m, 'monetary', policy.bins),
    },
    unscored,
    warnings: n === 0 ? ['no customer with a purchase in the window: nothing to score'] : [],
  };
}

/**
 * The {@link RfmScore} of the customer at position `i` of an {@link RfmTable}: the same
 * object {@link scoreRfm} gives for that customer. Throws `KehuValidationError` when `i` is
 * not a position of the table.
 */
export function rfmAt(table: RfmTable, i: number): RfmScore {
  if (!Number.isInteger(i) || i < 0 || i >= table.ids.length)
    throw invalidInput([], `position ${i} is not in the RFM table of ${table.ids.length} customers`);
  return scoreAt(table, i);
}

function scoreAt(table: RfmTable, i: number): RfmScore {
  return {
    customerId: table.ids[i]!,
    currency: table.currency,
    recencyDays: table.recencyDays[i]!,
    frequency: table.frequency[i]!,
    monetary: moneyAt(
      { money: table.monetaryDecimals, moneyUnits: table.monetaryUnits, moneyScale: table.monetaryScale },
      i,
    ),
    r: table.r[i]!,
    f: table.f[i]!,
    m: table.m[i]!,
  };
}

/** Every customer of an {@link RfmTable} as an {@link RfmScore}, in the table's (customer-id) order. Pure. */
export function rfmRows(table: RfmTable): RfmScore[] {
  const scores = new Array<RfmScore>(table.ids.length);
  for (let i = 0; i < scores.length; i++) scores[i] = scoreAt(table, i);
  return scores;
}

/**
 * Scores customers 1..bins on recency (reversed: recent is high), frequency and monetary
 * value (rules RF-1, RF-2) against an explicit `asOf`, from summary objects (`summarize` of
 * this package, `summarizeTransactions` of `@kehu/core` or a store's
 * `summarizeTransactions`). Equal values share a score unless the policy says otherwise;
 * the result lists the value range each score received. Customers without a purchase in
 * the window are returned as `unscored`. Empty input gives empty scores and a warning.
 * Pure: inputs are not mutated. The convenience path over the engine of {@link rfmTable},
 * which scores a {@link SummaryTable} in columns.
 */
export function scoreRfm(summaries: Iterable<TransactionSummary>, options: RfmOptions): RfmResult {
  requireAsOf(options);
  if (typeof (summaries as Iterable<unknown> | null)?.[Symbol.iterator] !== 'function')
    throw invalidInput([], 'expected summary objects; score a SummaryTable with rfmTable', 'invalid_type');
  const policy = policyOf(options);
  const unscored: Unscored[] = [];
  const table = score(collect(summaries, options, policy, unscored), options, policy, unscored);
  return {
    asOf: table.asOf,
    policy: table.policy,
    scores: rfmRows(table),
    thresholds: table.thresholds,
    unscored: table.unscored,
    warnings: table.warnings,
  };
}
