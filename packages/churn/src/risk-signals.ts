import {
  DAY_MS,
  type Decimal,
  Decimal as DecimalCtor,
  invalidInput,
  KehuCurrencyMismatchError,
  requireAsOf,
  type Tier,
  TIERS,
  type Transaction,
  toDecimal,
} from '@kehu/core';
import { parseRiskPolicy, type RiskPolicy, type RiskPolicyInput } from './risk-policy.js';

/** A customer's satisfaction as plain numbers: the latest score, the one before, and the scale. */
export interface RiskSatisfactionScores {
  /** The latest score. */
  readonly latest: number;
  /** The score before it, or `null` when the customer answered once. */
  readonly previous: number | null;
  /** The lowest score of the scale. */
  readonly min: number;
  /** The highest score of the scale. */
  readonly max: number;
}

/**
 * The fields of `@kehu/satisfaction`'s `SatisfactionSignal` that the risk score reads, so that a signal
 * from `satisfactionSignals(...)` is accepted as it is (this package does not depend on that one).
 */
export interface RiskSatisfactionSignal {
  /** The latest answered score. */
  readonly latest: { readonly score: number };
  /** The answered score before it, or `null`. */
  readonly previous: { readonly score: number } | null;
  /** The question's scale. */
  readonly scale: { readonly min: number; readonly max: number };
}

/** What the risk score takes as a customer's satisfaction: plain scores or a satisfaction signal. */
export type RiskSatisfaction = RiskSatisfactionScores | RiskSatisfactionSignal;

/**
 * The inputs of one customer's churn-risk score (rule CH-1: transactions, satisfaction surveys and
 * feedback). Optional inputs that are absent or `null` leave their factors out of the score.
 */
export interface RiskSignals {
  /** The customer. */
  readonly customerId: string;
  /** The account manager to notify on an alert (rule CH-3). */
  readonly ownerId?: string | null;
  /** The customer's tier, carried to the result for reports by tier. */
  readonly tier?: Tier | null;
  /** The last purchase up to `asOf`, or `null` when the customer never bought. */
  readonly lastPurchaseAt: Date | null;
  /** The customer's usual gap between purchases in days, or `null` with fewer than two purchases. */
  readonly usualGapDays: number | null;
  /** Purchases in the recent window (the policy's `windows.recentDays`, ending at `asOf`). */
  readonly recentPurchases: number;
  /** Purchases in the previous window (`windows.previousDays` just before the recent one). */
  readonly previousPurchases: number;
  /** Spend in the recent window: an exact decimal (a `Decimal` or a decimal string). */
  readonly recentSpend: Decimal | string;
  /** Spend in the previous window, in the same currency. */
  readonly previousSpend: Decimal | string;
  /** Satisfaction scores (e.g. a `SatisfactionSignal` of `@kehu/satisfaction`). */
  readonly satisfaction?: RiskSatisfaction | null;
  /** Open complaints (a count, as the SLA board of `@kehu/sla` gives it). */
  readonly openComplaints?: number | null;
  /** SLA breaches over the customer's recent complaints (a count). */
  readonly slaBreaches?: number | null;
  /** The probability the customer is still active, from a fitted model (e.g. BG/NBD), in [0, 1]. */
  readonly pAlive?: number | null;
}

/**
 * Reads either satisfaction shape as plain scores, checked: finite numbers, `min < max`, scores on the
 * scale. `undefined`/`null` gives `null` (no satisfaction data).
 *
 * @throws KehuValidationError naming the bad field under `path`
 */
export function riskSatisfactionScores(
  value: RiskSatisfaction | null | undefined,
  path: ReadonlyArray<string | number> = [],
): RiskSatisfactionScores | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') throw invalidInput(path, 'satisfaction must be an object', 'invalid_type');
  let latest: unknown;
  let previous: unknown;
  let min: unknown;
  let max: unknown;
  const v = value as unknown as Record<string, unknown>;
  if (typeof v.latest === 'object' && v.latest !== null) {
    const signal = value as RiskSatisfactionSignal;
    latest = signal.latest.score;
    previous = signal.previous === null || signal.previous === undefined ? null : signal.previous.score;
    min = signal.scale?.min;
    max = signal.scale?.max;
  } else {
    ({ latest, previous, min, max } = v);
    if (previous === undefined) previous = null;
  }
  const finite = (x: unknown, field: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw invalidInput([...path, field], `${field} must be a finite number`, 'invalid_type');
    return x;
  };
  const lo = finite(min, 'min');
  const hi = finite(max, 'max');
  if (!(hi > lo)) throw invalidInput([...path, 'max'], 'the scale max must be above min');
  const last = finite(latest, 'latest');
  if (last < lo || last > hi) throw invalidInput([...path, 'latest'], `latest must be on the scale ${lo}-${hi}`);
  let before: number | null = null;
  if (previous !== null) {
    before = finite(previous, 'previous');
    if (before < lo || before > hi)
      throw invalidInput([...path, 'previous'], `previous must be on the scale ${lo}-${hi}`);
  }
  return { latest: last, previous: before, min: lo, max: hi };
}

/** A customer to build signals for. `owner` (a core `Customer`'s field) or `ownerId` names the manager. */
export interface RiskCustomer {
  /** The customer id. */
  readonly id: string;
  /** The account manager (the field of a core `Customer`). */
  readonly owner?: string | null;
  /** The account manager, when the host names it so. */
  readonly ownerId?: string | null;
  /** The customer's tier (from grading). */
  readonly tier?: Tier | null;
}

/** The transaction fields {@link riskSignalsFrom} reads (a core `Transaction` has them). */
export type RiskTransaction = Pick<Transaction, 'customerId' | 'occurredAt' | 'kind' | 'amount' | 'currency'>;

/** Complaint counts of one customer, as the SLA board gives them. */
export interface RiskComplaintCounts {
  /** The customer. */
  readonly customerId: string;
  /** Complaints not yet closed. */
  readonly openComplaints?: number;
  /** SLA breaches. */
  readonly slaBreaches?: number;
}

/** Plain data that {@link riskSignalsFrom} builds signals from. */
export interface RiskSignalSources {
  /** The customers to score; one signal each, in this order. */
  readonly customers: readonly RiskCustomer[];
  /** Sales records (rule AR-6); refunds, returns and those of customers not listed are skipped. */
  readonly transactions: Iterable<RiskTransaction>;
  /** Satisfaction per customer (e.g. `satisfactionSignals(...)` of `@kehu/satisfaction`), at most one each. */
  readonly satisfaction?: readonly (RiskSatisfaction & { readonly customerId: string })[];
  /** Complaint counts per customer, at most one entry each. */
  readonly complaints?: readonly RiskComplaintCounts[];
  /** The probability each customer is still active, from a fitted model. */
  readonly pAlive?: ReadonlyMap<string, number>;
}

interface Accumulator {
  times: number[];
  recent: Decimal;
  previous: Decimal;
  currency: string | undefined;
}

const count = (x: unknown, path: ReadonlyArray<string | number>): number => {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)
    throw invalidInput(path, 'a count must be a whole number, 0 or more', 'invalid_type');
  return x;
};

/**
 * Builds each customer's {@link RiskSignals} at `asOf` from plain data (rule CH-1).
 *
 * - Purchases only: refund and return records are not purchases and are left out of counts and spend
 *   (a refund of an old purchase would otherwise read as a fall in this window's spend). Purchases
 *   after `asOf` are not yet known and are skipped. Purchases at the same instant count as one.
 * - The usual gap is the mean gap between purchase instants over the customer's history up to `asOf`,
 *   `(last − first) / (purchases − 1)` in days; `null` with fewer than two.
 * - The recent window is `(asOf − recentDays, asOf]`, the previous one the `previousDays` before it;
 *   spend is the exact sum of purchase amounts in each window.
 *
 * @param sources - customers, transactions and the optional satisfaction, complaint counts and model
 * @param policy - the risk policy (its windows)
 * @param options - `asOf`
 * @throws KehuValidationError for a malformed customer, transaction or count (naming its index and field),
 *   a customer listed twice; KehuCurrencyMismatchError when one customer's purchases mix currencies
 */
export function riskSignalsFrom(
  sources: RiskSignalSources,
  policy: RiskPolicyInput | RiskPolicy,
  options: { readonly asOf: Date },
): RiskSignals[] {
  const asOf = requireAsOf(options).getTime();
  const p = parseRiskPolicy(policy);
  if (sources === null || typeof sources !== 'object') throw invalidInput([], 'sources must be an object');
  const { customers, transactions } = sources;
  if (!Array.isArray(customers)) throw invalidInput(['customers'], 'customers must be an array', 'invalid_type');
  const recentStart = asOf - p.windows.recentDays * DAY_MS;
  const previousStart = recentStart - p.windows.previousDays * DAY_MS;
  const zero = new DecimalCtor(0);
  const acc = new Map<string, Accumulator>();
  customers.forEach((c: RiskCustomer, i) => {
    if (c === null || typeof c !== 'object' || typeof c.id !== 'string' || c.id === '')
      throw invalidInput(['customers', i, 'id'], 'a customer needs a non-empty string id', 'invalid_type');
    if (acc.has(c.id)) throw invalidInput(['customers', i, 'id'], `customer ${JSON.stringify(c.id)} is listed twice`);
    if (c.tier !== undefined && c.tier !== null && !TIERS.includes(c.tier))
      throw invalidInput(['customers', i, 'tier'], `tier must be one of ${TIERS.join(', ')}`);
    acc.set(c.id, { times: [], recent: zero, previous: zero, currency: undefined });
  });
  if (transactions === null || typeof transactions !== 'object' || !(Symbol.iterator in transactions))
    throw invalidInput(['transactions'], 'transactions must be iterable', 'invalid_type');
  let i = 0;
  for (const t of transactions) {
    const at = (field: string) => ['transactions', i, field];
    if (t === null || typeof t !== 'object') throw invalidInput(['transactions', i], 'a transaction must be an object');
    if (typeof t.customerId !== 'string') throw invalidInput(at('customerId'), 'customerId must be a string');
    if (!(t.occurredAt instanceof Date) || Number.isNaN(t.occurredAt.getTime()))
      throw invalidInput(at('occurredAt'), 'occurredAt must be a valid Date', 'invalid_type');
    if (t.kind !== 'purchase' && t.kind !== 'refund' && t.kind !== 'return')
      throw invalidInput(at('kind'), 'kind must be purchase, refund or return');
    const a = acc.get(t.customerId);
    const ms = t.occurredAt.getTime();
    if (a === undefined || t.kind !== 'purchase' || ms > asOf) {
      i++;
      continue;
    }
    const amount = toDecimal(t.amount, at('amount'));
    if (amount.isNegative()) throw invalidInput(at('amount'), 'amount must be 0 or more');
    if (typeof t.currency !== 'string') throw invalidInput(at('currency'), 'currency must be a string');
    a.times.push(ms);
    if (ms > previousStart) {
      if (a.currency === undefined) a.currency = t.currency;
      else if (a.currency !== t.currency)
        throw new KehuCurrencyMismatchError([a.currency, t.currency], {
          details: { customerId: t.customerId, path: at('currency') },
        });
      if (ms > recentStart) a.recent = a.recent.plus(amount);
      else a.previous = a.previous.plus(amount);
    }
    i++;
  }
  const satisfaction = new Map<string, RiskSatisfaction>();
  (sources.satisfaction ?? []).forEach((s, k) => {
    const id = s?.customerId;
    if (typeof id !== 'string') throw invalidInput(['satisfaction', k, 'customerId'], 'customerId must be a string');
    if (satisfaction.has(id))
      throw invalidInput(['satisfaction', k, 'customerId'], `customer ${JSON.stringify(id)} has two signals`);
    riskSatisfactionScores(s, ['satisfaction', k]);
    satisfaction.set(id, s);
  });
  const complaints = new Map<string, { open: number | null; breaches: number | null }>();
  (sources.complaints ?? []).forEach((c, k) => {
    const id = c?.customerId;
    if (typeof id !== 'string') throw invalidInput(['complaints', k, 'customerId'], 'customerId must be a string');
    if (complaints.has(id))
      throw invalidInput(['complaints', k, 'customerId'], `customer ${JSON.stringify(id)} is listed twice`);
    complaints.set(id, {
      open: c.openComplaints === undefined ? null : count(c.openComplaints, ['complaints', k, 'openComplaints']),
      breaches: c.slaBreaches === undefined ? null : count(c.slaBreaches, ['complaints', k, 'slaBreaches']),
    });
  });
  const pAlive = sources.pAlive;
  if (pAlive !== undefined && !(pAlive instanceof Map)) throw invalidInput(['pAlive'], 'pAlive must be a Map');
  return customers.map((c) => {
    const a = acc.get(c.id) as Accumulator;
    const times = [...new Set(a.times)].sort((x, y) => x - y);
    const n = times.length;
    let recentPurchases = 0;
    let previousPurchases = 0;
    for (const ms of times) {
      if (ms > recentStart) recentPurchases++;
      else if (ms > previousStart) previousPurchases++;
    }
    const first = times[0] as number;
    const last = times[n - 1] as number;
    const complaint = complaints.get(c.id);
    const alive = pAlive?.get(c.id);
    return {
      customerId: c.id,
      ownerId: c.ownerId ?? c.owner ?? null,
      tier: c.tier ?? null,
      lastPurchaseAt: n === 0 ? null : new Date(last),
      usualGapDays: n < 2 ? null : (last - first) / (n - 1) / DAY_MS,
      recentPurchases,
      previousPurchases,
      recentSpend: a.recent,
      previousSpend: a.previous,
      satisfaction: satisfaction.get(c.id) ?? null,
      openComplaints: complaint?.open ?? null,
      slaBreaches: complaint?.breaches ?? null,
      pAlive: alive ?? null,
    };
  });
}
